"""A firm signs up, is diagnosed twice through the management pages, then reads its history, in headless chromium."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import ARTIFACTS

FIRM = "浏览器测试重机有限公司"


def _sign_up(live_server: Any, page: Any) -> str:
    page.goto(f"{live_server.url}/firms/signup")
    page.fill('input[name="firm"]', FIRM)
    page.click('#signup button[type="submit"]')
    page.wait_for_selector("#credential")
    return str(page.inner_text("#credential"))


def _diagnose(live_server: Any, page: Any, on: str, answers: dict[str, str]) -> None:
    page.goto(f"{live_server.url}/manage")
    assert FIRM in page.inner_text("#saving-as")
    page.fill('input[name="on"]', on)
    page.fill('input[name="sector"]', "重型机械")
    for pid, status in answers.items():
        page.check(f'input[name="p_{pid}"][value="{status}"]')
    page.click('#manage button[type="submit"]')
    page.wait_for_selector("#priorities")


def test_a_firm_diagnosed_twice_sees_its_history_and_what_changed(live_server: Any, page: Any) -> None:
    assert _sign_up(live_server, page).startswith("phf_")
    _diagnose(live_server, page, "2024-03-01", {"二.（一）": "none", "二.（二）": "partly", "三.（四）": "none"})
    assert "三.（四） 增强员工福利" in page.inner_text("#priorities")  # basic (依法) in the weakest area
    _diagnose(live_server, page, "2024-09-01", {"二.（一）": "done", "二.（二）": "partly", "三.（四）": "done"})
    page.click("text=企业档案与历次变化")
    page.wait_for_selector("#chart-manage svg")
    assert page.inner_text("#firm-name").startswith(FIRM)
    assert "管理提升：各领域已开展比例" in page.inner_text("#chart-manage")
    rows = page.inner_text("#assessments")
    assert "2024-03-01" in rows and "2024-09-01" in rows
    changes = page.inner_text("table.changes")
    assert "做法 二.（一）" in changes and "未开展" in changes and "已开展" in changes
    page.screenshot(path=str(ARTIFACTS / "firm_history.png"), full_page=True)
    page.click("text=诊断报告 Report")
    page.wait_for_selector("#report-firm")
    assert "重型机械行业" in page.inner_text("#goals")
