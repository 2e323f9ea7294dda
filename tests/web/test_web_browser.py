"""A person's path through each page, in headless Debian chromium; screenshots in tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from tests_web_support import shot

pytestmark = pytest.mark.browser


def test_a_firm_fills_in_the_questionnaire_and_sees_its_level_and_plan(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/digital")
    page.fill("input[name=firm]", "浏览器测试机械有限公司")
    for q, picks in {"1": [1, 2], "4": [1, 2, 3], "6": [1, 2], "7": [1], "9": [1, 2], "10": [2]}.items():
        for i in picks:
            page.check(f"input[name=q{q}][value='{i}']")
    for q, pick in {"3": 2, "5": 2, "8": 1, "11": 1, "12": 2, "13": 2, "14": 1, "15": 1}.items():
        page.check(f"input[name=q{q}][value='{pick}']")
    page.fill("input[name=q2_devices]", "100")
    page.fill("input[name=q2_digital_devices]", "35")
    for name, levels in {"产品设计": 2, "工艺设计": 1, "生产管控": 2, "质量管理": 2, "设备管理": 1,
                         "采购管理": 2, "仓储物流": 1, "财务管理": 2}.items():  # fmt: skip
        for lv in range(1, levels + 1):
            page.check(f"input[name='s_{name}'][value='{lv}']")
    page.click("#submit")
    page.wait_for_selector("#level")
    assert page.inner_text("#level") == "一级（初始级）"
    assert page.inner_text("#score") == "46.52"
    assert "工艺设计" in page.inner_text("#plan + ol")
    shot(page, "digital-result")


def test_a_missing_answer_returns_the_form_with_the_question_named(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/digital")
    page.click("#submit")
    assert "Q1" in page.inner_text("[role=alert]")
    shot(page, "digital-error")


def test_a_maker_checks_a_machine_in_any_unit(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/firstset?q=精密车削中心")
    page.click("a[href='/firstset/entries/1.1.2']")
    page.fill("input[aria-label=加工工件圆度]", "0.4um")
    page.fill("input[aria-label=圆柱度]", "0.0008 mm")
    page.fill("input[aria-label=直线轴定位精度]", "1.8 μm")
    page.fill("input[aria-label=直线轴重复定位精度]", "1.2um")
    page.click("#check button")
    page.wait_for_selector("#qualifies")
    assert "不符合" in page.inner_text("#qualifies")
    assert "未达到" in page.inner_text("#result ~ .table-wrap table")
    shot(page, "firstset-check")


def test_a_member_searches_and_follows_a_citation_to_the_article(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/library")
    page.fill("input[name=q]", "绿证 有效期")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit mark")
    first = page.locator(".hit a").first
    assert "第二十四条" in first.inner_text()
    first.click()
    page.wait_for_selector("#第二十四条")
    assert page.url.endswith("#%E7%AC%AC%E4%BA%8C%E5%8D%81%E5%9B%9B%E6%9D%A1")
    assert "有效期 2 年" in page.inner_text("[id='第二十四条']")
    shot(page, "library-article")


def test_a_buyer_scans_a_certificate_and_sees_project_and_status(live_server: Any, page: Any) -> None:
    registry = live_server.app.state.services.registry
    block = next(b for b in registry.holdings("S2") if b["status"] == "live")
    page.goto(f"{live_server.url}/")
    page.fill("input[name=code]", block["first_code"])
    page.press("input[name=code]", "Enter")
    page.wait_for_selector("#project-name")
    assert page.inner_text("#project-name") == registry.verify(block["first_code"])["project_name"]
    assert "有效" in page.inner_text("#status")
    shot(page, "gec-verify")
    page.goto(f"{live_server.url}/verify/GEC9999999999990")
    assert "未找到" in page.inner_text("h1")


def test_the_registry_overview_shows_the_issuance_chart(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/gec")
    assert page.locator(".chart svg").count() == 1
    shot(page, "gec-overview")
