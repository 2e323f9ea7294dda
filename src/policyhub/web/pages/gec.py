"""绿证 pages: overview, account view (signed in), verification (the QR target), claim statement.

The public market and the monthly report are in `gec_market`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.access.roles import Actor, Role, may_read_account, may_read_all
from policyhub.errors import InputError, NotFound
from policyhub.gec.labels import ROLE_NAMES
from policyhub.gec.stats import overview
from policyhub.render.charts import bars
from policyhub.render.fonts import css_font_faces
from policyhub.render.qrcodes import qr_svg
from policyhub.web.cache import public_page
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.errors import error_page
from policyhub.web.pages.session import PageActor
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
ACCOUNT_ROWS = 200  # listings and trades shown on the account page (newest trades first)


@router.get("/gec", response_class=HTMLResponse)
@public_page
def gec_home(request: Request, services: ServicesDep, actor: PageActor) -> HTMLResponse:
    """Registry overview with the issuance chart."""
    stats = overview(services.registry)
    chart = None
    if stats["by_month"]:
        months = list(stats["by_month"])
        series = {
            "可交易 tradable": [stats["by_month"][m]["tradable"] for m in months],
            "不可交易 non-tradable": [stats["by_month"][m]["non_tradable"] for m in months],
        }
        chart = bars(months, series, title="按电量生产月份核发 Issued by production month", ylabel="证书数（个）")
    ctx = {
        "stats": stats,
        "chart": chart,
        "actor": actor,
        # Account names are private (第二十七条 publishes certificates, not holders): the operator and the regulator
        # see the list, a holder its own account, the public none.
        "accounts": [a for a in services.registry.accounts() if may_read_all(actor) or a["account"] == actor.account],
        "type_names": services.registry.rules.type_names,
    }
    return templates.TemplateResponse(request, "gec/index.html", ctx)


@router.get("/gec/accounts/{account}", response_class=HTMLResponse)
def account_page(request: Request, account: str, services: ServicesDep, actor: PageActor) -> Response:
    """An account's holdings, claims, open listings, trades and contracts: for the holder, operator and regulator."""
    if not may_read_account(actor, account):
        if actor.role is Role.public:
            return RedirectResponse(f"/login?next=/gec/accounts/{account}", status_code=303)
        # Signed in as someone else: say so, instead of a login form that would only refuse the same token again.
        message = (
            f"无权查看账户 {account}：当前登录身份为{_who(actor)}；账户信息仅本账户持有人、核发机构和监管机构可见。"
            f"Signed in as {actor.role.value.replace('_', ' ')} {actor.account or actor.platform or ''}; "
            f"account {account} is shown "
            "to its holder, the operator and the regulator."
        )
        link = (f"/login?next=/gec/accounts/{account}", "换一个身份登录 Sign in as someone else")
        return error_page(request, 403, message, link)
    registry = services.registry
    try:
        info = registry.account(account)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    ctx = {
        "info": info,
        "blocks": registry.holdings(account),
        "claims": registry.claims(account),
        "projects": registry.projects(owner=account),
        "listings": registry.listings(account=account, status="open", limit=ACCOUNT_ROWS),
        "trades": registry.trades(account=account, limit=ACCOUNT_ROWS),
        "contracts": registry.contracts(account),
        "limit": ACCOUNT_ROWS,
        "actor": actor,
    }
    return templates.TemplateResponse(request, "gec/account.html", ctx)


def _who(actor: Actor) -> str:
    """The signed-in role in Chinese, with the account or platform it is scoped to."""
    scope = actor.account or actor.platform
    return ROLE_NAMES.get(actor.role.value, actor.role.value) + (f" {scope}" if scope else "")


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request, code: str = "") -> Response:
    """The home page's verify box lands here."""
    if code.strip():
        return RedirectResponse(f"/verify/{code.strip()}", status_code=303)
    return error_page(request, 400, "请输入绿证编码 Enter a certificate code")


@router.get("/verify/{code}", response_class=HTMLResponse, name="verify_page")
def verify_page(request: Request, code: str, services: ServicesDep, as_of: str = "") -> HTMLResponse:
    """第二十七条: what scanning a certificate's QR code shows, readable on a phone (never the holder)."""
    try:
        found = services.registry.verify(code, as_of=as_of or None)
    except InputError as exc:
        # A malformed code names no certificate either: the QR target answers 404 for both.
        return error_page(request, 404, f"{code}: {exc.message}")
    if found["kind"] == "claim":
        return RedirectResponse(f"/gec/claims/{found['code']}", status_code=303)  # type: ignore[return-value]
    return templates.TemplateResponse(request, "gec/verify.html", {"v": found})


@router.get("/gec/verify/{code}", include_in_schema=False)
def verify_alias(code: str) -> Response:
    """The registry's own QR reference path."""
    return RedirectResponse(f"/verify/{code}", status_code=301)


# One A4 page, QR included: the QR has a fixed printed size beside its text, and a long claim lists its first ranges
# (the QR leads to the full list).
PDF_RANGES = 12
PDF_CSS = """
@page { size: A4; margin: 14mm 16mm; }
body { font-family: "Noto Sans CJK SC", "policyhub-cjk", sans-serif; font-size: 10pt; background: #fff; }
main { max-width: none; padding: 0; }
header.site, footer, .noprint { display: none; }
.qr-box { display: flex; gap: 6mm; align-items: center; page-break-inside: avoid; }
.qr svg { width: 34mm; height: 34mm; }
.ref { word-break: break-all; }
"""


@router.get("/gec/claims/{code}.pdf")
def claim_statement_pdf(request: Request, code: str, services: ServicesDep, actor: PageActor) -> Response:
    """The same statement as a PDF (WeasyPrint; the CJK font comes from fonts-noto-cjk)."""
    # The stylesheet goes inline: no fetching over HTTP from inside a request, which could wait on this server.
    css = (STATIC / "style.css").read_text(encoding="utf-8") + css_font_faces() + PDF_CSS
    page = _statement(request, code, services, actor, inline_css=css, max_ranges=PDF_RANGES)
    if page.status_code != 200:
        return page
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDF requests need it

    pdf = HTML(string=bytes(page.body).decode("utf-8")).write_pdf()
    headers = {"Content-Disposition": f'inline; filename="{code}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/gec/claims/{code}", response_class=HTMLResponse)
def claim_statement(request: Request, code: str, services: ServicesDep, actor: PageActor) -> HTMLResponse:
    """A print-ready statement of a green-consumption claim, with its QR code."""
    return _statement(request, code, services, actor)


def _statement(
    request: Request,
    code: str,
    services: ServicesDep,
    actor: Actor,
    inline_css: str | None = None,
    max_ranges: int = 0,
) -> HTMLResponse:
    try:
        claim = services.registry.claim_record(code)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    reference = services.registry.reference(str(claim["code"]))
    ctx = {
        "c": claim,
        "qr": qr_svg(reference),
        "reference": reference,
        "inline_css": inline_css,
        "max_ranges": max_ranges,
        "show_account": may_read_account(actor, str(claim["account"])),  # a claim publishes beneficiary and period
    }
    return templates.TemplateResponse(request, "gec/claim.html", ctx)
