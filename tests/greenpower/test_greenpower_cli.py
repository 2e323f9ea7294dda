"""The contract through the real `policyhub greenpower report`: JSON keys, both claim sources, exit 2, the PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import segno
from gp_helpers import USE, build

from cli_runner import Ran, run_cli
from policyhub.gec.registry import Registry
from policyhub.greenpower.render import QR_BORDER

CONTRACT_SITE = {"site", "province", "kwh", "certified_kwh", "green_trade_kwh", "green_share", "location_kgco2",
                 "market_kgco2", "location_factor", "energy_tce", "energy_tce_after_certificates"}  # fmt: skip
CONTRACT_CLAIM = {"code", "purpose", "period", "consumer_province", "site", "certificates", "used_kwh", "unused_kwh"}
CONTRACT_FACTOR = {"id", "role", "value", "unit", "year", "region", "source"}
PUBLIC = "https://gec.example.cn"


def _run(*args: str) -> Ran:
    return run_cli("greenpower", *args, env={"POLICYHUB_PUBLIC_URL": PUBLIC})


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("greenpower")
    db = f"sqlite:///{folder / 'registry.sqlite'}"
    with Registry.open(db) as r:
        codes = build(r)
    (folder / "use.csv").write_text(USE, encoding="utf-8")
    (folder / "codes.txt").write_text("# 本企业的声明\n" + "\n".join(codes.values()) + "\n", encoding="utf-8")
    (folder / "unknown.txt").write_text(f"{codes['C1']}\nGECC9999999999X\n", encoding="utf-8")
    (folder / "bad.csv").write_text("site,province,month,kwh\n一厂,江苏,2024-13,5\n", encoding="utf-8")
    return {"db": db, "codes": codes, "dir": folder}


def _json(world: dict[str, Any], *args: str) -> dict[str, Any]:
    done = _run("report", str(world["dir"] / "use.csv"), "--db", world["db"], "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_the_json_by_account_has_the_contract_s_keys(world: dict[str, Any]) -> None:
    data = _json(world, "--account", "S1")
    assert {"year", "sites", "total", "claims", "factors", "warnings"} <= set(data) and data["year"] == 2024
    assert all(set(s) >= CONTRACT_SITE for s in data["sites"])
    assert set(data["total"]) >= CONTRACT_SITE - {"site", "province"}
    assert all(set(c) >= CONTRACT_CLAIM for c in data["claims"])
    assert all(set(f) >= CONTRACT_FACTOR for f in data["factors"])
    assert {f["role"] for f in data["factors"]} == {"location", "residual", "generation"}
    assert all({"code", "message"} <= set(w) for w in data["warnings"])
    codes = world["codes"]
    # S1's three claims, not S2's; each with the fields it was made with (江苏省 and yunnan stored canonical).
    claims = {c["code"]: c for c in data["claims"]}
    assert set(claims) == {codes["C1"], codes["C2"], codes["C3"]}
    assert claims[codes["C1"]]["purpose"] == "能耗双控" and claims[codes["C2"]]["site"] == "一厂"
    assert claims[codes["C2"]]["consumer_province"] == "江苏" and claims[codes["C3"]]["consumer_province"] == "云南"
    assert 0 <= data["total"]["green_share"] <= 1 and data["sites"][0]["location_factor"] == "grid-2023"
    # 一厂 August needs 150,000 − 10,000: C2 (names 一厂) gives 30,000, C1 100,000; 二厂 finds C1 spent.
    assert {s["site"]: s["certified_kwh"] for s in data["sites"]} == {"一厂": 130000, "二厂": 0, "三厂": 0}
    warned = {(w["code"], w.get("claim")) for w in data["warnings"]}
    assert ("claim_over_used", codes["C1"]) in warned and ("claim_uncovered", codes["C3"]) in warned
    assert ("no_factor_for_year", None) in warned  # no 2024 emission factors published yet: 2023's, said so


def test_the_json_by_claim_codes_reads_any_account_s_claims(world: dict[str, Any]) -> None:
    data = _json(world, "--claims", str(world["dir"] / "codes.txt"), "--year", "2024")
    assert len(data["claims"]) == 4 and all("account" not in c for c in data["claims"])
    # S2's CB covers 三厂 (云南, August): 40 hydro certificates, 40,000 of its 50,000 kWh.
    sites = {s["site"]: s for s in data["sites"]}
    assert sites["三厂"]["certified_kwh"] == 40000 and sites["三厂"]["green_share"] == 0.8
    assert any(w["code"] == "no_generation_factor" and "hydro" in w["message"] for w in data["warnings"])


def test_text_and_csv(world: dict[str, Any]) -> None:
    text = _run("report", str(world["dir"] / "use.csv"), "--db", world["db"], "--account", "S1")
    assert text.returncode == 0 and text.stdout.startswith("绿色电力消费核算") and "一厂（江苏）" in text.stdout
    table = _run("report", str(world["dir"] / "use.csv"), "--db", world["db"], "--account", "S1", "--format", "csv")
    lines = table.stdout.splitlines()
    assert lines[0].startswith("site,province,kwh,certified_kwh") and lines[-1].startswith("合计 total")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--account", "S1", "--claims", "codes.txt"], "exactly one of --account"),
        ([], "exactly one of --account"),
        (["--account", "NOPE"], "no account"),
        (["--claims", "unknown.txt"], "GECC9999999999X"),
        (["--claims", "missing.txt"], "no such file"),
        (["--account", "S1", "--year", "24"], "--year"),
        (["--account", "S1", "--year", "2023"], "no rows of 2023"),
        (["--account", "S1", "--target", "1.5"], "--target"),
        (["--account", "S1", "--sector", "造纸"], "no published quota"),
        (["--account", "S1", "--format", "xml"], "--format"),
        (["--account", "S1", "--output", "x.pdf"], "--output"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(world: dict[str, Any], args: list[str], words: str) -> None:
    folder: Path = world["dir"]
    args = [str(folder / a) if a.endswith(".txt") else a for a in args]
    done = _run("report", str(folder / "use.csv"), "--db", world["db"], *args)
    assert done.returncode == 2, (args, done.stdout, done.stderr)
    assert done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert words in done.stderr and "Traceback" not in done.stderr


def test_a_bad_use_file_and_a_missing_one_are_refused_before_the_database(world: dict[str, Any]) -> None:
    for name, words in (("bad.csv", "第2行 row 2"), ("nothing.csv", "no such file")):
        done = _run("report", str(world["dir"] / name), "--db", "sqlite:////nonexistent/x.sqlite", "--account", "S1")
        assert done.returncode == 2 and done.stderr.startswith("error: ") and words in done.stderr, done.stderr


# ---------------------------------------------------------------- the PDF, read back as an image


def _modules(image: Any, size: int) -> list[list[bool]]:
    """The dark/light grid of a rendered QR: the colour at each module's centre."""
    width, height = image.size
    return [[image.getpixel((int((x + 0.5) * width / size), int((y + 0.5) * height / size))) < 128
             for x in range(size)] for y in range(size)]  # fmt: skip


def _expected(reference: str) -> list[list[bool]]:
    return [[bool(v) for v in row] for row in segno.make(reference, error="m").matrix_iter(scale=1, border=QR_BORDER)]


def test_the_pdf_renders_its_chinese_and_a_qr_per_claim_that_encodes_its_verification(world: dict[str, Any]) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out = world["dir"] / "report.pdf"
    done = _run("report", str(world["dir"] / "use.csv"), "--db", world["db"], "--claims",
                str(world["dir"] / "codes.txt"), "--format", "pdf", "--output", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = pdfium.PdfDocument(out.read_bytes())
    scale = 4.0
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        first = document[0]
        assert round(first.get_width()) == 842 and round(first.get_height()) == 595  # A4 landscape
        page_one = first.render(scale=2).to_pil().convert("L")
        grids: list[list[list[bool]]] = []
        for i in range(len(document)):
            page = document[i]
            shown = page.render(scale=scale).to_pil().convert("L")
            height = page.get_height()
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
                left, bottom, right, top = obj.get_bounds()
                crop = shown.crop((int(left * scale), int((height - top) * scale), int(right * scale),
                                   int((height - bottom) * scale)))  # fmt: skip
                size = obj.get_px_size()[0]  # one pixel per module, the quiet zone included
                grids.append(_modules(crop, size))
    finally:
        document.close()
    for words in ("绿色电力消费核算", "绿电占比", "基于市场", "扣除绿证后", *world["codes"].values()):
        assert words in text.replace("\r\n", ""), words
    dark = sum(page_one.histogram()[:128])
    assert dark > 0.003 * page_one.width * page_one.height, "page 1 renders (nearly) blank"
    # Each claim's QR, as printed, is exactly the encoding of its public verification address (第二十七条).
    references = [f"{PUBLIC}/verify/{code}" for code in world["codes"].values()]
    assert len(grids) == len(references)
    for reference in references:
        assert _expected(reference) in grids, f"no QR in the PDF encodes {reference}"
