"""A member fills the 政策匹配 form in chromium and sees its results grouped by status, clauses linked."""

from __future__ import annotations

from typing import Any

import pytest
from tests_web_support import shot

pytestmark = pytest.mark.browser


def test_a_firm_fills_the_match_form_and_sees_grouped_results(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/match")
    page.select_option("#kind", "enterprise")
    page.fill("input[name=sector]", "重型机械")
    page.select_option("select[name=size]", "medium")
    page.select_option("select[name=champion]", "6")
    for name, answer in {"registered_in_mainland": "yes", "independent_legal_person": "yes",
                         "finances_sound_3y": "yes", "bad_records": "no"}.items():  # fmt: skip
        page.select_option(f"select[name={name}]", answer)
    page.fill("input[name=as_of]", "2024-09-20")
    page.click("#submit")
    page.wait_for_selector("#results")
    assert "d08" in page.inner_text("#status-required") and "撤销认定" in page.inner_text("#status-required")
    eligible = page.inner_text("#status-eligible")
    assert "质量提升与品牌建设典型案例" in eligible and "2024-10-31" in eligible
    link = page.locator("#item-d20-apply a[href^='/library/docs/d20#']").first
    href = link.get_attribute("href")
    assert href is not None and href.startswith("/library/docs/d20#")
    assert page.locator("#calendar").get_attribute("href").startswith("/match.ics?")
    shot(page, "match-result")
    link.click()
    page.wait_for_url("**/library/docs/d20*")
