"""绿证 pages: overview, account view (signed in), verification (the QR target), claim statement.

The public market and the monthly report are in `gec_market`.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.access.reads import View, sees, verification_as_read_by
from policyhub.access.roles import Actor, Role
from policyhub.errors import InputError, NotFound
from policyhub.exports import content_disposition
from policyhub.gec.labels import ROLE_NAMES
from policyhub.gec.stats import overview
from policyhub.gec.verification import ClaimRecord
from policyhub.render.charts import bars
from policyhub.render.fonts import css_font_faces
from policyhub.render.qrcodes import qr_svg
from policyhub.web.cache import public_page
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.errors import error_page
from policyhub.web.pages.session import PageActor
from policyhub.web.rendered import store
from policyhub.web.templating import site_css, templates

router = APIRouter(include_in_schema=False)
ACCOUNT_ROWS = 200  # listings and trades shown on the account page (newest trades first)
# A claim's code or caller-given name (the command language's name shape): nothing else names a claim, and a
# newline, a space or any other character answers 404 before anything is looked up or put into a header.
CLAIM_REF = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
CLAIM_PDFS = 256  # claim statements kept rendered (a claim never changes; a PDF takes seconds to render)


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
        # see the list, a holder its own account, the public none (access/reads: View.account).
        "accounts": [a for a in services.registry.accounts() if sees(View.account, actor, [a["account"]])],
        "type_names": services.registry.rules.type_names,
    }
    return templates.TemplateResponse(request, "gec/index.html", ctx)


@router.get("/gec/accounts/{account}", response_class=HTMLResponse)
def account_page(request: Request, account: str, services: ServicesDep, actor: PageActor) -> Response:
    """An account's holdings, claims, open listings, trades and contracts: for the holder, operator and regulator."""
    if not sees(View.account, actor, [account]):
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
    public = verification_as_read_by(Actor(Role.public), found)  # the QR target shows the public fields to anyone
    return templates.TemplateResponse(request, "gec/verify.html", {"v": public})


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
    """The same statement as a PDF (WeasyPrint; the CJK font comes from fonts-noto-cjk), rendered once per claim."""
    # Starlette's `$` also matches before a final newline: `C1.pdf%0a` would reach here as `C1`.
    claim = _claim(code, services) if request.scope["path"].endswith(f"/{code}.pdf") else None
    if claim is None:
        return _no_claim(request, code)
    shows_account = _shows_account(actor, claim)

    def render() -> bytes:
        # The stylesheet goes inline: no fetching over HTTP from inside a request, which could wait on this server.
        css = site_css() + css_font_faces() + PDF_CSS
        page = _statement(request, claim, services, shows_account, inline_css=css, max_ranges=PDF_RANGES)
        from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDF requests need it

        return bytes(HTML(string=bytes(page.body).decode("utf-8")).write_pdf())

    # A claim never changes: its statement is rendered once per view (with or without the claiming account).
    pdf = store(request, "claim_pdfs", CLAIM_PDFS).get((claim["code"], shows_account), render)
    headers = {"Content-Disposition": content_disposition("inline", f"{claim['code']}.pdf")}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/gec/claims/{code}", response_class=HTMLResponse)
def claim_statement(request: Request, code: str, services: ServicesDep, actor: PageActor) -> HTMLResponse:
    """A print-ready statement of a green-consumption claim, with its QR code."""
    claim = _claim(code, services)
    if claim is None:
        return _no_claim(request, code)
    return _statement(request, claim, services, _shows_account(actor, claim))


def _claim(code: str, services: ServicesDep) -> ClaimRecord | None:
    """The claim whose code or name is exactly `code` (nothing stripped, nothing case-folded), or None."""
    if not CLAIM_REF.fullmatch(code):
        return None
    try:
        claim = services.registry.claim_record(code)
    except NotFound:
        return None
    return claim if code in (claim["code"], claim["claim"]) else None


def _no_claim(request: Request, code: str) -> HTMLResponse:
    shown = code if CLAIM_REF.fullmatch(code) else repr(code)
    return error_page(request, 404, f"消费声明不存在 no claim {shown}")


def _shows_account(actor: Actor, claim: ClaimRecord) -> bool:
    """A claim publishes beneficiary and period; its account only to those the read policy lets see it."""
    return sees(View.claim, actor, [str(claim["account"])])


def _statement(
    request: Request,
    claim: ClaimRecord,
    services: ServicesDep,
    shows_account: bool,
    inline_css: str | None = None,
    max_ranges: int = 0,
) -> HTMLResponse:
    reference = services.registry.reference(str(claim["code"]))
    ctx = {
        "c": claim if shows_account else verification_as_read_by(Actor(Role.public), claim),
        "qr": qr_svg(reference),
        "reference": reference,
        "inline_css": inline_css,
        "max_ranges": max_ranges,
        "show_account": shows_account,
    }
    return templates.TemplateResponse(request, "gec/claim.html", ctx)
