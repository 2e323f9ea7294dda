"""Chinese renders as Chinese, not as tofu boxes: in the charts (SVG, drawn by chromium) and in the claim PDF.

Chromium draws a missing glyph as the font's .notdef box, the same box for every character: the chart checks compare
what was drawn for the Chinese labels with what is drawn for a character no font has (U+10FFFD), and different
characters with each other. Pango (WeasyPrint) draws a narrow box of hex digits instead: the PDF checks look at the
font pdfium reports for the Chinese text and at the shape of the glyphs drawn on page 1.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import warnings
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests_web_support import ARTIFACTS

from policyhub.render import charts

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_FONT = re.compile(r"Noto ?Sans ?CJK|Noto ?Serif ?CJK|Source ?Han|WenQuanYi|wqy", re.IGNORECASE)
SIMPLIFIED = re.compile(r"(Noto ?Sans ?CJK|Noto ?Serif ?CJK|Source ?Han ?(Sans|Serif)) ?SC|WenQuanYi", re.IGNORECASE)
NO_GLYPH = "\U0010fffd"  # a private-use code point of plane 16: no font here has it
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}

CHARTS: dict[str, Callable[[], str]] = {
    "bars": lambda: charts.bars(["风电", "光伏"], {"核发": [1, 2]}, title="绿证核发", ylabel="证书数（个）"),
    "radar": lambda: charts.radar(["数据", "网络", "安全"], [40, 60, 80]),
}


# ---------------------------------------------------------------- charts


def _chart(kind: str) -> tuple[str, list[str]]:
    """The chart's SVG and the warnings matplotlib gave while drawing it (it warns for each missing glyph)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = CHARTS[kind]()
    return svg, [str(w.message) for w in caught]


def _texts(svg: str) -> list[tuple[str, str]]:
    """(font-family list, text) of every <text> element with Chinese in it."""
    found = []
    for style, body in re.findall(r"<text\b[^>]*\bstyle=\"([^\"]*)\"[^>]*>([^<]*)</text>", svg):
        text = html.unescape(body)
        if CJK.search(text):
            family = re.search(r"font-family:\s*([^;]+)", style)
            found.append((family[1] if family else "", text))
    return found


def _families(css: str) -> list[str]:
    return [f.strip().strip("'\"") for f in css.split(",") if f.strip()]


def _fontconfig_has(family: str, text: str = "") -> bool:
    """Whether fontconfig (which chromium uses on Linux) has this exact family, with glyphs for all of `text`."""
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(set(text)))
    pattern = f":family={family}" + (f":charset={charset}" if charset else "")
    listed = subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True, check=True).stdout
    return bool(listed.strip())


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_matplotlib_finds_glyphs_for_the_chinese_labels(kind: str) -> None:
    svg, said = _chart(kind)
    missing = [m for m in said if "missing from" in m.lower() or "glyph" in m.lower()]
    assert missing == [], f"matplotlib laid out tofu: {missing[:3]}"
    assert "<path" in svg and _texts(svg), "the chart should keep its Chinese labels as <text> (svg.fonttype none)"


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_the_svg_names_an_installed_cjk_font_that_has_the_glyphs(kind: str) -> None:
    svg, _ = _chart(kind)
    for css, text in _texts(svg):
        families = [f for f in _families(css) if f.lower() not in GENERIC]
        assert any(CJK_FONT.search(f) for f in families), f"{text!r} is set in {css!r}: no CJK family named"
        installed = [f for f in families if _fontconfig_has(f)]
        assert installed, f"none of {families} is installed"
        # The browser uses the first installed family that has the glyph; the first installed one should.
        assert _fontconfig_has(installed[0], text), f"{installed[0]} (first installed of {css!r}) lacks {text!r}"


def _save(name: str, data: bytes) -> None:
    """Keep what was drawn for people to look at (tests/artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(data)


def _screenshot(page: Any) -> bytes:
    return bytes(page.locator("#chart svg").screenshot())


def _ink(png: bytes) -> int:
    from PIL import Image

    return _dark(Image.open(io.BytesIO(png)))


SWAP = """([pattern, none]) => {
  const re = new RegExp(pattern, 'gu');
  for (const t of document.querySelectorAll('#chart svg text')) t.textContent = t.textContent.replace(re, none);
}"""


def _show(page: Any, svg: str) -> None:
    body = f'<body style="margin:0;background:#fff"><div id="chart">{svg}</div></body>'
    page.set_content(f'<!doctype html><meta charset="utf-8">{body}')
    page.evaluate("document.fonts.ready")


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_chromium_draws_the_chinese_labels_not_tofu(page: Any, kind: str) -> None:
    svg, _ = _chart(kind)
    _show(page, svg)
    labels = page.eval_on_selector_all("#chart svg text", "ts => ts.map(t => t.textContent)")
    chinese = [t for t in labels if CJK.search(t)]
    assert chinese, f"no Chinese text in the rendered chart: {labels}"
    drawn = _screenshot(page)
    _save(f"glyphs-chart-{kind}.png", drawn)

    # The same chart with every Chinese character swapped for one no font has: tofu in, tofu out.
    page.evaluate(SWAP, [CJK.pattern, NO_GLYPH])
    tofu = _screenshot(page)
    _save(f"glyphs-chart-{kind}-tofu.png", tofu)
    assert drawn != tofu, "the Chinese labels look exactly like characters no font has: tofu"

    # Each character on its own, big, in the chart's font list: each draws ink, and no two draw the same pixels.
    family = html.escape(_texts(svg)[0][0], quote=True)
    shots: dict[str, bytes] = {}
    for ch in sorted({c for t in chinese for c in t if CJK.match(c)})[:8]:
        text = f'<text x="5" y="45" style="font-size: 40px; font-family: {family}">{ch}</text>'
        _show(page, f'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">{text}</svg>')
        shots[ch] = _screenshot(page)
        assert _ink(shots[ch]) > 20, f"{ch} drew nothing"
    assert len(set(shots.values())) == len(shots), "different Chinese characters drew identical boxes: tofu"


# ---------------------------------------------------------------- the claim statement PDF


def _cjk_report(pdf: bytes) -> dict[str, Any]:
    """Pages, text, the fonts that set Chinese text, and a render of page 1, read back with pdfium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        textpage = page.get_textpage()
        fonts: dict[tuple[str, str, bool], list[str]] = {}
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], textpage=textpage):
            text = obj.extract()
            if CJK.search(text):
                font = obj.get_font()
                fonts.setdefault((font.get_base_name(), font.get_family_name(), font.is_embedded), []).append(text)
        text = textpage.get_text_range()
        scale = 2.0
        image = page.render(scale=scale).to_pil().convert("L")
        crops = {}
        for ch in "绿证":
            at = text.find(ch)
            if at >= 0:
                left, bottom, right, top = textpage.get_charbox(at)
                height = page.get_height()
                box = (int(left * scale), int((height - top) * scale), int(right * scale) + 1,
                       int((height - bottom) * scale) + 1)  # fmt: skip
                crops[ch] = image.crop(box)
        size = (page.get_width(), page.get_height())
        return {"pages": len(document), "size": size, "text": text, "fonts": fonts, "image": image, "crops": crops}
    finally:
        document.close()


def _dark(image: Any) -> int:
    """How many pixels are darker than mid-grey."""
    return sum(image.convert("L").histogram()[:128])


@pytest.fixture(scope="module")
def demo_statement(live_server: Any) -> tuple[dict[str, Any], bytes]:
    """The demo claim that cancels the most certificate ranges, as a PDF fetched over HTTP from the live service."""
    registry = live_server.app.state.services.registry
    claims = [registry.claim_record(c["code"]) for c in registry.claims()]
    assert claims, "the demo has no claims"
    claim = max(claims, key=lambda c: len(c["ranges"]))
    response = httpx.get(f"{live_server.url}/gec/claims/{claim['code']}.pdf", timeout=60)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    _save("glyphs-claim.pdf", response.content)
    return claim, response.content


def test_the_claim_pdf_sets_its_chinese_in_an_embedded_cjk_font(demo_statement: tuple[dict[str, Any], bytes]) -> None:
    claim, pdf = demo_statement
    seen = _cjk_report(pdf)
    for words in ("绿色电力消费声明", "已核销绿证", "受益方", claim["beneficiary"], claim["code"]):
        assert words in seen["text"], f"{words!r} is not in the PDF's text"
    assert seen["fonts"], "no text object with Chinese in it"
    for (base, family, embedded), texts in seen["fonts"].items():
        assert CJK_FONT.search(base) or CJK_FONT.search(family), f"{texts[:3]} set in {base} ({family})"
        assert embedded, f"{base} ({family}) is not embedded: a reader without it shows tofu"


def test_the_claim_pdf_draws_chinese_glyphs_not_boxes(demo_statement: tuple[dict[str, Any], bytes]) -> None:
    _, pdf = demo_statement
    seen = _cjk_report(pdf)
    image = seen["image"]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    _save("glyphs-claim-page1.png", buffer.getvalue())
    assert _dark(image) > 0.005 * image.width * image.height, "page 1 renders (nearly) blank"
    crops = seen["crops"]
    assert set(crops) == {"绿", "证"}, f"not found in the text: {set('绿证') - set(crops)}"
    assert all(_dark(c) > 10 for c in crops.values()), "a Chinese character drew nothing"
    assert crops["绿"].tobytes() != crops["证"].tobytes(), "绿 and 证 drew the same box: tofu"
    # Pango draws a missing glyph as a narrow box with the code point's hex digits in it (different for each
    # character); 绿 and 证 are square ideographs, about as wide as they are tall.
    for ch, crop in crops.items():
        assert crop.width >= 0.8 * crop.height, f"{ch} drew {crop.width}x{crop.height} px: a hex box, not the glyph"


def test_the_claim_pdf_uses_simplified_chinese_glyph_forms(demo_statement: tuple[dict[str, Any], bytes]) -> None:
    """Noto/Source Han CJK map one code point to region-specific forms: 核 数 第 色 … differ between JP and SC."""
    _, pdf = demo_statement
    families = {family for (_, family, _) in _cjk_report(pdf)["fonts"]}
    assert families and all(SIMPLIFIED.search(f) for f in families), f"Chinese set in {families}, not an SC face"


def test_the_claim_statement_fits_on_one_a4_page(demo_statement: tuple[dict[str, Any], bytes]) -> None:
    _, pdf = demo_statement
    seen = _cjk_report(pdf)
    width, height = seen["size"]
    assert (round(width), round(height)) == (595, 842), f"page 1 is {width:.0f}x{height:.0f} pt, not A4"
    assert "扫码查验" in seen["text"], "the QR code's caption is not on page 1"
    assert seen["pages"] == 1, f"the statement takes {seen['pages']} pages"


# A claim cancelling certificates from many projects: the statement with its QR code must still be one page.

AT = "2024-09-25T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(body17: str) -> str:
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def _send(client: TestClient, token: str, command: dict[str, Any]) -> Any:
    response = client.post("/api/gec/commands", json=command, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_claim_over_many_ranges_still_fits_on_one_page(client: TestClient) -> None:
    import pypdfium2 as pdfium

    tokens = client.app.state.services.tokens  # type: ignore[attr-defined]
    op, grid = tokens.create("operator").secret, tokens.create("data_provider").secret
    seller = tokens.create("account_holder", account="S1").secret
    account = {"op": "open_account", "account": "S1", "kind": "seller", "name": "河北某新能源发电有限公司",
               "id_doc": _uscc("91130000MA01ABCD1"), "province": "河北", "gec_only_pledge": True}  # fmt: skip
    _send(client, op, account)
    projects = 40
    for n in range(1, projects + 1):
        project = {"op": "register_project", "project": f"P{n:02d}", "owner": "S1", "name": f"张北风电场{n}期",
                   "type": "wind", "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01"}  # fmt: skip
        _send(client, op, project)
        reading = {"op": "meter", "project": f"P{n:02d}", "month": "2024-08", "grid_kwh": 1_000_000 + n * 1000,
                   "self_kwh": 0, "source": "grid"}  # fmt: skip
        _send(client, grid, reading)
    issued = _send(client, op, {"op": "issue", "month": "2024-08"})["issued"]
    claim = {"op": "claim", "claim": "C1", "account": "S1", "quantity": issued, "period": "2024",
             "beneficiary": "某省某市某区某某高端装备制造股份有限公司（绿色电力消费声明受益方）"}  # fmt: skip
    code = _send(client, seller, claim)["code"]
    assert len(client.app.state.services.registry.claim_record(code)["ranges"]) == projects  # type: ignore[attr-defined]
    response = client.get(f"/gec/claims/{code}.pdf")
    assert response.status_code == 200
    _save("glyphs-claim-many-ranges.pdf", response.content)
    document = pdfium.PdfDocument(response.content)
    try:
        pages = len(document)
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert pages == 1, f"{projects} cancelled ranges make the statement {pages} pages"
    assert code in text and "某某高端装备制造股份有限公司" in text.replace("\r\n", "")
