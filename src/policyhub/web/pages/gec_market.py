"""绿证 market pages (public): the listing book, trade figures, auction results and the monthly report."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyhub import clock
from policyhub.access.reads import auction_as_read_by
from policyhub.errors import InputError, NotFound
from policyhub.gec import market_stats
from policyhub.gec.domain.months import parse_month
from policyhub.gec.report import check_platform, report
from policyhub.gec.report_html import charts
from policyhub.web.cache import public_page
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.errors import error_page
from policyhub.web.pages.session import PageActor
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
BOOK_LIMIT = 500


@router.get("/gec/market", response_class=HTMLResponse)
@public_page
def market_page(request: Request, services: ServicesDep, platform: str = "") -> HTMLResponse:
    """第二十一条: one book on every platform; filtered to a platform, a listing keeps its one remaining figure.

    htmx asks for the book alone (the filter swaps the table); a plain GET gets the whole page.
    """
    registry = services.registry
    platforms = registry.rules.certificate_platforms
    if platform and platform not in platforms:
        known = ", ".join(platforms)
        return error_page(request, 404, f"{platform} 不是绿证交易平台 is not a certificate trading platform ({known})")
    book = registry.listings(platform=platform or None, status="open", limit=BOOK_LIMIT)
    ctx = {"book": book, "platform": platform, "platforms": platforms, "limit": BOOK_LIMIT}
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        return templates.TemplateResponse(request, "gec/_book.html", ctx)
    ctx |= {"summary": market_stats.trade_summary(registry), "auctions": market_stats.auctions(registry)}
    return templates.TemplateResponse(request, "gec/market.html", ctx)


@router.get("/gec/market/auctions/{auction}", response_class=HTMLResponse)
def auction_page(request: Request, auction: str, services: ServicesDep, actor: PageActor) -> HTMLResponse:
    """An auction's result: one clearing price and volume; the orders without who placed them or at what limit.

    The bidder's own orders (and every order, for the auction's platform, the operator and the regulator) show
    their account and limit price too (access/reads: View.order).
    """
    try:
        found = services.registry.auction(auction)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    book = found.get("book", [])
    # Ranked by limit price (best first, then earliest) before the read policy takes the prices away.
    bids = sorted((o for o in book if o["side"] == "bid"), key=lambda o: (-float(o["price"]), o["order"]))
    asks = sorted((o for o in book if o["side"] == "ask"), key=lambda o: (float(o["price"]), o["order"]))
    shown = auction_as_read_by(actor, {**found, "book": bids + asks})
    ordered = cast(list[dict[str, Any]], shown.get("book", []))  # as auction_as_read_by left each order
    platform_name = services.registry.rules.certificate_platforms.get(found["platform"], found["platform"])
    ctx = {"a": shown, "bids": ordered[: len(bids)], "asks": ordered[len(bids) :], "platform_name": platform_name}
    return templates.TemplateResponse(request, "gec/auction.html", ctx)


@router.get("/gec/report", response_class=HTMLResponse)
@public_page
def report_page(request: Request, services: ServicesDep, month: str = "", platform: str = "") -> HTMLResponse:
    """第二十八条–第二十九条: the monthly report, nationally or for one platform, with a month and platform selector."""
    registry = services.registry
    month = month.strip() or market_stats.latest_activity_month(registry) or clock.today().strftime("%Y-%m")
    try:
        parse_month(month)
    except InputError as exc:
        return error_page(request, 400, exc.message)
    try:
        check_platform(registry.rules, platform or None)
    except InputError as exc:
        return error_page(request, 404, exc.message)
    rep = report(registry, month, platform or None)
    months = market_stats.journal_months(registry)
    if month not in months:
        months = sorted([*months, month], reverse=True)
    names = {code: f"{name} {code}" for code, name in registry.rules.certificate_platforms.items()}
    for code in market_stats.trade_platforms(registry):  # green-power venues that have trades
        venue = registry.rules.green_power_platforms.get(code, "绿色电力交易 green power")
        names.setdefault(code, f"{venue} {code}")
    if rep["platform"] and rep["platform"] not in names:
        names[rep["platform"]] = rep["platform"]
    ctx = {"r": rep, "charts": charts(rep), "months": months, "platforms": names, "inline_css": None}
    return templates.TemplateResponse(request, "gec/report.html", ctx)
