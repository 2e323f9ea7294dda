"""`GET /api/gec/accounts/{account}/statement`: an account's statement (its holder, the operator, the regulator)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from policyhub.access.deps import ActorDep
from policyhub.access.reads import View, sees
from policyhub.errors import Forbidden
from policyhub.exports import content_disposition
from policyhub.limits import STATEMENT_PDF_MOVEMENTS

from .api import AccountPath, RegistryDep
from .statement import statement as build

router = APIRouter(prefix="/api/gec", tags=["gec"])  # beside gec.api's (web/app.py includes both)

MonthQuery = Annotated[str, Query(max_length=7, description="YYYY-MM, a calendar month of Beijing time.")]


@router.get("/accounts/{account}/statement", summary="An account's statement: movements, balances, journal anchor")
def account_statement(
    account: AccountPath,
    actor: ActorDep,
    registry: RegistryDep,
    from_: Annotated[str, Query(alias="from", max_length=7, description="First month, YYYY-MM (Beijing time).")],
    to: Annotated[str, Query(max_length=7, description="Last month, YYYY-MM, up to the current one.")],
    format: Annotated[Literal["json", "csv", "pdf"], Query()] = "json",
) -> Response:
    """Every movement of the account in the months (issued, bought, sold, transferred in and out, claimed, expired,
    revoked, corrected), each with its journal entry and the balances after it; opening and closing balances; the
    journal head it was drawn at. Read by the holder of the account, the operator and the regulator (第八条).

    `format=pdf`: the same statement as a PDF, for at most 2,000 movements (400 `too_many_movements` past them)."""
    if not sees(View.account, actor, [account]):
        raise Forbidden("对账单仅限账户持有人、运营方和监管方查看 a statement is read by the holder of the account, "
                        "the operator and the regulator")  # fmt: skip
    if format == "pdf":
        from .statement_render import statement_pdf

        # WeasyPrint lays out every row: the PDF's own, lower movement budget bounds its time and memory.
        pdf = statement_pdf(build(registry, account, from_, to, limit=STATEMENT_PDF_MOVEMENTS))
        headers = {"Content-Disposition": content_disposition("attachment", f"statement-{account}-{from_}-{to}.pdf")}
        return Response(pdf, media_type="application/pdf", headers=headers)
    doc = build(registry, account, from_, to)
    if format == "csv":
        from .statement_render import csv_chunks

        headers = {"Content-Disposition": content_disposition("attachment", f"statement-{account}-{from_}-{to}.csv")}
        body = "".join(csv_chunks(doc, doc["movements"]))
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(doc)
