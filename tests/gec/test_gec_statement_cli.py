"""`policyhub gec statement`: streamed JSON equal to the document, CSV, Chinese-first text, a PDF, exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_gec_statement import history
from typer.testing import CliRunner

from cli_runner import run_cli
from policyhub.cli import app
from policyhub.gec.registry import Registry
from policyhub.gec.statement import statement


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'st.sqlite'}"
    with Registry.open(db) as r:
        history(r)
    return db


def run(url: str, *args: str) -> str:
    res = CliRunner().invoke(app, ["gec", "statement", *args, "--db", url])
    assert res.exit_code == 0, res.output
    return res.output


def test_json_streamed_by_the_cli_is_the_document_the_api_answers(url: str) -> None:
    with Registry.open(url) as r:
        expected = statement(r, "S1", "2024-09", "2026-02")
    got = json.loads(run(url, "S1", "--from", "2024-09", "--to", "2026-02", "--format", "json"))
    # The CLI runs on the machine's clock; the lapse of 2026-01-01 is judged on it either way.
    assert {k: v for k, v in got.items() if k != "as_of"} == {k: v for k, v in expected.items() if k != "as_of"}
    empty = json.loads(run(url, "S1", "--from", "2025-01", "--to", "2025-06", "--format", "json"))
    assert empty["movements"] == [] and empty["opening"] == empty["closing"]


def test_csv_and_text_carry_the_balances(url: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(url, "B1", "--from", "2024-09", "--to", "2026-02", "--format", "csv"))))
    kinds = ["opening", "bought", "transferred_in", "claimed", "claimed", "closing", "anchor"]
    assert [r["kind"] for r in rows] == kinds
    assert [r["live"] for r in rows[:6]] == ["0", "20", "30", "15", "14", "14"]
    assert rows[5]["claimed"] == "16" and len(rows[6]["reference"]) == 64
    text = run(url, "S1", "--from", "2024-11", "--to", "2024-12")
    lines = text.splitlines()
    assert lines[0].startswith("绿证账户对账单") and lines[1].startswith("期初 Opening: 有效 live 140")
    assert "纠正补发 corrected" in text and "纠正撤销 revoked" in text and "声明核销 claimed" in text
    assert "期末 Closing: 有效 live 128" in text and "policyhub gec audit --anchor" in text


def test_the_pdf_is_one_file_that_reads_in_chinese(url: str, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    out = tmp_path / "s.pdf"
    res = run_cli("gec", "statement", "S1", "--from", "2024-09", "--to", "2026-02", "--format", "pdf", "--db", url)
    assert res.returncode == 0, res.stderr
    out.write_bytes(res.stdout_bytes)
    doc = pdfium.PdfDocument(out.read_bytes())
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "绿证账户对账单" in text and "风电公司" in text and "纠正补发" in text and "T1" in text
    image = doc[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 1000  # text was drawn, not a blank page (tofu boxes for missing glyphs would be counted too)
    assert "\ufffd" not in text
    doc.close()


def test_bad_input_is_one_error_line_and_exit_2(url: str) -> None:
    for args, shown in ((["S1", "--from", "2024-13", "--to", "2024-12"], "2024-13"),
                        (["S1", "--from", "2024-12", "--to", "2024-09"], "2024-12"),
                        (["NOPE", "--from", "2024-09", "--to", "2024-12"], "NOPE")):  # fmt: skip
        res = run_cli("gec", "statement", *args, "--db", url)
        assert res.returncode == 2, res
        assert res.stderr.startswith("error: ") and shown in res.stderr and "Traceback" not in res.stderr
        assert res.stderr.count("\n") == 1
