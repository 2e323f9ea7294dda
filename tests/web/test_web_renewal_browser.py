"""设备更新体检 in the browser: upload a register, see the table and the age chart, download the CSV and the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests_web_support import shot

pytestmark = pytest.mark.browser

REGISTER = (
    "资产编号,设备名称,投产日期,容量/规格,单位,设计使用年限\n"
    "A1,常减压蒸馏装置,2001-05-01,,,30\n"
    "A2,电石炉,2018-03-01,20,MVA,25\n"
    "A3,老旧反应釜,2019-03-01,,,5\n"
    "A4,三相异步电动机,2020-01-01,,,15\n"
)


def test_a_firm_uploads_its_register_and_downloads_the_results(live_server: Any, page: Any, tmp_path: Path) -> None:
    register = tmp_path / "台账.csv"
    register.write_text(REGISTER, encoding="utf-8")
    page.goto(f"{live_server.url}/renewal")
    page.set_input_files("input[name=file]", str(register))
    page.select_option("select[name=sector]", "石化化工")
    page.fill("input[name=as_of]", "2026-12-02")
    page.fill("textarea[name=figures]", '{"关键工序数控化率": "80%"}')
    page.click("#renewal-form button[type=submit]")
    page.wait_for_selector("#assets")
    assert page.inner_text("#n-in-scope") == "3"
    assert page.inner_text("#n-undetermined") == "1"
    assert "是 in scope" in page.inner_text("tr[data-asset=A2] .scope")
    assert "20 MVA = 20000 kVA" in page.inner_text("tr[data-asset=A2]")
    assert "5.3.3" in page.inner_text("tr[data-asset=A3]")  # a catalogued reactor as a replacement
    assert page.locator("#age-chart svg").count() == 1
    assert "未达到 gap" in page.inner_text("#goals")
    shot(page, "renewal-result")
    with page.expect_download() as got:
        page.click("text=下载结果 CSV results")
    csv_text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("row,asset,name") and "A2" in csv_text
    with page.expect_download() as got:
        page.click("text=下载报告 PDF report")
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"


def test_a_bad_register_returns_the_form_with_the_row_named(live_server: Any, page: Any, tmp_path: Path) -> None:
    register = tmp_path / "bad.csv"
    register.write_text("asset,name,commissioned\nB1,泵,2004-13-01\n", encoding="utf-8")
    page.goto(f"{live_server.url}/renewal")
    page.set_input_files("input[name=file]", str(register))
    page.click("#renewal-form button[type=submit]")
    assert "第2行 row 2" in page.inner_text("[role=alert]")
