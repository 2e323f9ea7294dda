"""CLI for the green electricity certificate registry (`policyhub gec …`)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from policyhub.cliutil import Format, print_json
from policyhub.errors import InputError

app = typer.Typer(
    help="绿证 registry: apply commands (issuing, trading), state, holdings, listings, trades, report, verify, audit.",
    no_args_is_help=True,
)

DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="POLICYHUB_DB", help="Database URL (default sqlite:///policyhub.sqlite)."),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]
console = Console()


def open_registry(db: str | None) -> Any:
    from .registry import Registry

    return Registry.open(db)


def _line_command(text: str, n: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(f"line {n}: not valid JSON ({exc.msg}, column {exc.colno})", "invalid_json")


@app.command()
def apply(
    file: Annotated[Path, typer.Argument(help="JSON Lines file, one command per line.")],
    db: DbOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="json: one JSON result per line.")] = Format.json,
) -> None:
    """Apply commands in order and print one JSON result per line; refused commands change nothing."""
    from .registry import error

    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read ({exc})") from None
    with open_registry(db) as reg:
        for n, text in enumerate(lines, 1):
            if not text.strip():
                continue
            cmd = _line_command(text, n)
            result = error(cmd.code, cmd.message) if isinstance(cmd, InputError) else reg.apply(cmd)
            if fmt is Format.json:
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                mark = (
                    "[green]ok[/]"
                    if result["ok"]
                    else f"[red]{result['error']['code']}[/] {result['error']['message']}"
                )
                rest = {k: v for k, v in result.items() if k not in ("ok", "error")}
                console.print(f"{n}: {mark} {json.dumps(rest, ensure_ascii=False)}")


@app.command("import-meter")
def import_meter(
    file: Annotated[Path, typer.Argument(help="CSV with header project,grid_kwh,self_kwh.")],
    month: Annotated[str, typer.Option("--month", help="Production month, e.g. 2024-08.")],
    at: Annotated[str | None, typer.Option("--at", help="Logical time (ISO), default now.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Bulk import of a month's grid data: one journal entry holding the rows' digest."""
    from .csvimport import read_meter_csv

    rows = read_meter_csv(file)
    when = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise InputError(f"--at {at!r} is not an ISO date-time") from None
    with open_registry(db) as reg:
        result = reg.import_meter(month, rows, at=when)
    if not result["ok"]:
        raise InputError(result["error"]["message"], result["error"]["code"])
    if fmt is Format.json:
        print_json(result)
    else:
        console.print(f"imported {result['rows']} readings for {month} (journal entry {result['entry']})")


@app.command()
def state(db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Certificates per account: live, tradable, listed, claimed, expired, revoked."""
    with open_registry(db) as reg:
        data = reg.state()
    if fmt is Format.json:
        print_json(data)
        return
    cols = ("live", "tradable", "listed", "claimed", "expired", "revoked")
    table = Table("account", *cols, title="绿证 state")
    for name, counts in data["accounts"].items():
        table.add_row(name, *(f"{counts[c]:,}" for c in cols))
    console.print(table)


@app.command()
def holdings(account: str, db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """The blocks of serial numbers an account holds or held."""
    with open_registry(db) as reg:
        data = reg.holdings(account)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table(
        "first_code",
        "last_code",
        "count",
        "project",
        "month",
        "tradable",
        "traded",
        "status",
        "valid_until",
        title=f"{account} holdings",
    )
    for b in data:
        table.add_row(
            b["first_code"],
            b["last_code"],
            f"{b['count']:,}",
            b["project"],
            b["month"],
            "yes" if b["tradable"] else "no",
            "yes" if b["traded"] else "no",
            b["status"],
            b["valid_until"],
        )
    console.print(table)


@app.command()
def verify(code: str, db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Verify a certificate code or claim code (第二十七条)."""
    with open_registry(db) as reg:
        data = reg.verify(code)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("field", "value", title=f"verify {code}", show_header=False)
    for k, v in data.items():
        if k not in ("ranges", "block"):
            table.add_row(k, str(v))
    for r in data.get("ranges", []) or ([data["block"]] if "block" in data else []):
        table.add_row("range", f"{r['first_code']} … {r['last_code']} ({r['count']:,})")
    console.print(table)


@app.command()
def audit(db: DbOpt = None, fmt: FormatOpt = Format.text) -> None:
    """Recompute the journal's hash chain and replay it; exit 0 only when both check out (第三十条)."""
    from .audit import audit as run_audit

    with open_registry(db) as reg:
        data = run_audit(reg)
    if fmt is Format.json:
        print_json(data)
    elif data["ok"]:
        console.print(f"[green]audit ok[/]: {data['entries']} journal entries, chain and replay check out")
    else:
        console.print(f"[red]audit failed[/] ({data['entries']} entries)")
        for p in data["problems"]:
            console.print(f"  - {p['message']}", highlight=False)
    if not data["ok"]:
        raise typer.Exit(1)


@app.command()
def qr(
    code: str,
    out: Annotated[Path, typer.Option("--out", help="FILE.svg or FILE.png")],
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Write a QR code carrying the verification reference of a certificate block or a claim."""
    from .qr import write_qr

    with open_registry(db) as reg:
        ref = write_qr(reg, code, out)
    if fmt is Format.json:
        print_json({"code": code, "reference": ref, "file": str(out)})
    else:
        console.print(f"wrote {out} → {ref}")


@app.command()
def claims(
    account: Annotated[str | None, typer.Option("--account")] = None, db: DbOpt = None, fmt: FormatOpt = Format.text
) -> None:
    """List claim records (绿色电力消费声明)."""
    with open_registry(db) as reg:
        data = reg.claims(account)
    if fmt is Format.json:
        print_json(data)
        return
    table = Table("claim", "code", "account", "quantity", "beneficiary", "period", "at", title="claims")
    for c in data:
        table.add_row(c["claim"], c["code"], c["account"], f"{c['quantity']:,}", c["beneficiary"], c["period"], c["at"])
    console.print(table)


# The trading commands (listings, trades, report) register themselves on `app`.
from . import cli_trading  # noqa: E402, F401
