"""On a 390 px phone the pages with wide tables do not scroll sideways: their tables scroll in their own box."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests_web_support import shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page the size of a phone held upright."""
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1, is_mobile=True, has_touch=True)
    yield ctx.new_page()
    ctx.close()


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _scrolling_wrapper(page: Any) -> dict[str, Any]:
    """The widest table box: its widths, its overflow-x and whether it actually scrolls when asked."""
    return dict(
        page.evaluate(
            """() => {
        const boxes = [...document.querySelectorAll('.table-wrap')];
        const wide = boxes.sort((a, b) => b.scrollWidth - a.scrollWidth)[0];
        if (!wide) return {found: false};
        wide.scrollLeft = 60;
        return {found: true, scroll: wide.scrollWidth, client: wide.clientWidth,
                overflow: getComputedStyle(wide).overflowX, left: wide.scrollLeft};
    }"""
        )
    )


def _check(page: Any, name: str, wide: bool = True) -> None:
    assert _page_width(page) <= PHONE["width"], name
    box = _scrolling_wrapper(page)
    assert box["found"], name
    assert box["overflow"] == "auto", (name, box)
    if wide:  # this page's widest table is wider than the phone: it scrolls inside its box
        assert box["scroll"] > box["client"] and box["left"] > 0, (name, box)
    shot(page, f"phone-{name}")


def test_public_pages_fit_a_phone_and_their_tables_scroll_in_their_box(live_server: Any, phone: Any) -> None:
    for path, name, wide in (("/gec/market", "market", True), ("/gec/report", "report", False), ("/gec", "gec", False)):
        phone.goto(f"{live_server.url}{path}")
        _check(phone, name, wide)
    phone.goto(f"{live_server.url}/firstset/entries/1.1.2")
    phone.fill("input[aria-label=直线轴定位精度]", "2.5 μm")
    phone.click("#check button")
    phone.wait_for_selector("#qualifies")
    _check(phone, "firstset-entry")


def test_the_account_page_fits_a_phone(live_server: Any, phone: Any) -> None:
    token = live_server.app.state.services.tokens.create("account_holder", account="S1").secret
    phone.goto(f"{live_server.url}/login?next=/gec/accounts/S1")
    phone.fill("input[name=token]", token)
    phone.press("input[name=token]", "Enter")
    phone.wait_for_url("**/gec/accounts/S1")
    _check(phone, "account")


def test_the_digital_result_fits_a_phone(live_server: Any, phone: Any) -> None:
    phone.goto(f"{live_server.url}/digital")
    for q in ("1", "4", "6", "7", "9", "10"):
        phone.check(f"input[name=q{q}][value='0']")
    for q in ("2", "3", "5", "8", "11", "12", "13", "14", "15"):
        phone.check(f"input[name=q{q}][value='1']")
    phone.click("#submit")
    phone.wait_for_selector("#level")
    _check(phone, "digital-result", wide=False)
