"""`policyhub gec statement`: an account's statement over a period, streamed as text, JSON or CSV, or one PDF."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Any

import typer

from policyhub.errors import InputError
from policyhub.limits import STATEMENT_PDF_MOVEMENTS

from .cli_options import AccountArg, DbOpt, open_registry

MonthOpt = Annotated[str, typer.Option(help="月份 YYYY-MM（北京时间 Beijing time）.")]
_HEAD = ("account", "name", "kind", "from", "to", "as_of", "opening")
_TAIL = ("closing", "totals", "count", "anchor")


class StatementFormat(StrEnum):
    """Output formats of a statement."""

    text = "text"
    json = "json"
    csv = "csv"
    pdf = "pdf"


def json_chunks(h: Mapping[str, Any], movements: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The same document as the API's, written a movement at a time."""
    head = json.dumps({k: h[k] for k in _HEAD}, ensure_ascii=False, indent=2)
    yield head[: -len("\n}")] + ',\n  "movements": ['
    sep = "\n    "
    for m in movements:
        yield sep + json.dumps(m, ensure_ascii=False)
        sep = ",\n    "
    tail = json.dumps({k: h[k] for k in _TAIL}, ensure_ascii=False, indent=2)
    yield "\n  ]," + tail[1:] + "\n"


def statement(
    account: AccountArg,
    from_: Annotated[str, typer.Option("--from", help="起始月份 First month, YYYY-MM (Beijing time).")],
    to: Annotated[str, typer.Option("--to", help="截止月份 Last month, YYYY-MM (up to the current one).")],
    db: DbOpt = None,
    fmt: Annotated[
        StatementFormat, typer.Option("--format", help="输出格式 text, json, csv, or pdf (to a file: > s.pdf).")
    ] = StatementFormat.text,
) -> None:
    """账户对账单 an account's movements over whole months, opening and closing balances, and the journal anchor."""
    from .domain.months import parse_month
    from .statement import open_statement
    from .statement import statement as whole
    from .statement_render import csv_chunks, statement_pdf, text_lines

    parse_month(from_)  # the user's own mistakes first, before the database is looked for
    parse_month(to)
    if fmt is StatementFormat.pdf and sys.stdout.isatty():
        raise InputError("PDF 为二进制文件，请重定向到文件 the PDF is binary: redirect it, e.g. > statement.pdf")
    with open_registry(db) as reg:
        if fmt is StatementFormat.pdf:
            sys.stdout.buffer.write(statement_pdf(whole(reg, account, from_, to, limit=STATEMENT_PDF_MOVEMENTS)))
            return
        with open_statement(reg, account, from_, to) as st:
            h, moves = st.header, st.movements()
            chunks = json_chunks(h, moves) if fmt is StatementFormat.json else (
                csv_chunks(h, moves) if fmt is StatementFormat.csv else (line + "\n" for line in text_lines(h, moves))
            )  # fmt: skip
            for chunk in chunks:
                sys.stdout.write(chunk)


def register(app: typer.Typer) -> None:
    """Add this module's command to `policyhub gec`."""
    app.command("statement")(statement)
