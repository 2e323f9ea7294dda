"""At 390 px and 1280 px no nav link breaks inside its name and no page scrolls sideways (its tables scroll in a box).

Screenshots of every page at both widths go to tests/artifacts/ (nav-390-*.png, nav-1280-*.png) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests_web_support import shot

pytestmark = pytest.mark.browser
PAGES = ["/", "/digital", "/gec", "/gec/market", "/gec/report", "/firstset", "/firstset/entries/1.1.2", "/renewal",
         "/manage", "/scenarios", "/library", "/library/search?q=绿证+有效期", "/library/docs/d01", "/match",
         "/login", "/firms/signup", "/no/such/page"]  # fmt: skip
WIDTHS = (390, 1280)

# Per nav link: how many lines its Chinese name takes (1 unless the name broke, e.g. 设/备更新体检).
NAV_LINES = """() => [...document.querySelectorAll('header.site nav a')].map(a => {
    const range = document.createRange();
    range.selectNodeContents(a.firstChild);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return [a.firstChild.textContent.trim(), tops.size];
})"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[int, Any]]:
    width = int(request.param)
    phone = width < 600
    ctx = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN", is_mobile=phone,
                              has_touch=phone)  # fmt: skip
    yield width, ctx.new_page()
    ctx.close()


def test_every_page_s_navigation_fits_the_screen(live_server: Any, sized: tuple[int, Any]) -> None:
    width, page = sized
    problems = []
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        broken = [name for name, lines in page.evaluate(NAV_LINES) if lines != 1]
        if broken:
            problems.append(f"{path}: nav names broken across lines at {width}px: {broken}")
        nav_width = int(page.evaluate("document.querySelector('header.site').scrollWidth"))
        if nav_width > width:
            problems.append(f"{path}: the header is {nav_width}px wide at {width}px")
        page_width = int(page.evaluate("document.documentElement.scrollWidth"))
        if page_width > width:  # wide tables scroll inside their .table-wrap box, never the page
            problems.append(f"{path}: the page is {page_width}px wide at {width}px")
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-").replace("+", "-") or "home"
        shot(page, f"nav-{width}-{name}")
    assert not problems, "\n".join(problems)


def test_the_phone_nav_shows_chinese_names_only_and_the_wide_one_both(live_server: Any, browser: Any) -> None:
    for width, english_shown in ((390, False), (1280, True)):
        ctx = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
        page = ctx.new_page()
        page.goto(live_server.url)
        assert page.is_visible("header.site nav a[href='/renewal'] .en") is english_shown, width
        ctx.close()
