"""QR codes and statements carry the registry's public address, set by POLICYHUB_PUBLIC_URL or serve --public-url."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate, send

from policyhub.errors import InputError
from policyhub.gec.config import public_url
from policyhub.render.qrcodes import qr_svg
from policyhub.web.app import create_app

PUBLIC = "https://gec.example.cn/registry"


def test_the_address_comes_from_the_flag_then_the_environment_then_serve_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POLICYHUB_PUBLIC_URL", raising=False)
    assert public_url() == "http://127.0.0.1:8000"
    monkeypatch.setenv("POLICYHUB_PUBLIC_URL", "https://env.example.cn/")
    assert public_url() == "https://env.example.cn"
    assert public_url(PUBLIC) == PUBLIC
    for bad in ("gec.example.cn", "ftp://x.cn", "https://x.cn/?a=1", "https://"):
        with pytest.raises(InputError):
            public_url(bad)


def test_verification_references_qr_codes_and_the_statement_pdf_carry_the_public_address(db_url: str) -> None:
    import pypdfium2 as pdfium

    with TestClient(create_app(db_url, public_url=PUBLIC, clock=clock())) as api:
        h = populate(api)
        code = api.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
        assert api.get(f"/api/gec/verify/{code}").json()["verify_reference"] == f"{PUBLIC}/verify/{code}"
        claim = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 7, "beneficiary": "某制造企业"}
        claimed = send(api, h["s1"], {**claim, "period": "2024"}).json()["code"]
        reference = f"{PUBLIC}/verify/{claimed}"
        # The QR is exactly the encoding of the public reference (segno is deterministic).
        assert api.get(f"/api/gec/qr/{claimed}.svg").text == qr_svg(reference)
        assert qr_svg(reference) in api.get(f"/gec/claims/{claimed}").text
        pdf = api.get(f"/gec/claims/{claimed}.pdf")
        document = pdfium.PdfDocument(pdf.content)
        try:
            assert len(document) == 1  # one A4 page, QR included
            width, height = document[0].get_size()
            assert (round(width), round(height)) == (595, 842)  # A4 in points
            text = "".join(document[0].get_textpage().get_text_range().split())
        finally:
            document.close()
        assert reference in text and "某制造企业" in text


def test_a_claim_of_many_ranges_still_fits_one_page() -> None:
    import pypdfium2 as pdfium
    from weasyprint import HTML

    from policyhub.web.pages.gec import PDF_CSS, PDF_RANGES
    from policyhub.web.templating import site_css, templates

    ranges = [
        {
            "project": f"P{n}",
            "month": "2026-01",
            "first_code": f"GEC{n:012d}X",
            "last_code": f"GEC{n:012d}Y",
            "count": 9,
        }
        for n in range(60)
    ]
    claim = {"code": "GECC0000000001X", "beneficiary": "某集团", "period": "2026", "quantity": 540, "account": "B1",
             "at": "2026-11-30T10:00:00+08:00", "ranges": ranges}  # fmt: skip
    css = site_css() + PDF_CSS
    html = templates.env.get_template("gec/claim.html").render(
        c=claim,
        qr=qr_svg(f"{PUBLIC}/verify/GECC0000000001X"),
        reference=PUBLIC,
        inline_css=css,
        max_ranges=PDF_RANGES,
        url_for=lambda *a, **k: "",
    )
    assert f"另有 {60 - PDF_RANGES} 段编码" in html
    document = pdfium.PdfDocument(HTML(string=html).write_pdf())
    try:
        assert len(document) == 1
    finally:
        document.close()
