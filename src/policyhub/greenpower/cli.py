"""CLI for 绿色电力消费核算: `policyhub greenpower report USE.csv (--account ID | --claims CODES.txt) …`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policyhub.cliutil import print_json, read_text
from policyhub.errors import InputError
from policyhub.greenpower import service
from policyhub.greenpower.output import text_lines, to_csv
from policyhub.greenpower.quotas import ask

app = typer.Typer(
    add_completion=False,
    help="绿色电力消费核算 a firm's green-electricity accounts from its electricity use and its registry claims.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    """Output formats of report."""

    text = "text"
    json = "json"
    csv = "csv"
    pdf = "pdf"


@app.callback()
def _group() -> None:
    """绿色电力消费核算 a firm's green-electricity accounts from its electricity use and its registry claims."""


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="POLICYHUB_DB", help="数据库地址 Database URL (默认 default sqlite:///policyhub.sqlite)."
    ),
]


def _read_use(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}：文件不存在 no such file") from None
    except OSError as exc:
        raise InputError(f"{path}：无法读取 cannot read ({exc.strerror})") from None


@app.command()
def report(
    use: Annotated[Path, typer.Argument(help="用电数据 USE.csv or .xlsx (site,province,month,kwh…)")],
    account: Annotated[str | None, typer.Option("--account", help="绿证账户 read this account's claims")] = None,
    claims: Annotated[
        Path | None, typer.Option("--claims", help="声明编码文件 CODES.txt, one claim code a line")
    ] = None,
    db: DbOpt = None,
    year: Annotated[str | None, typer.Option("--year", help="核算年份 YYYY (default the file's latest)")] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="输出格式 Output format: text, json, csv or pdf.")
    ] = ReportFormat.text,
    output: Annotated[Path | None, typer.Option("--output", help="PDF 输出文件 write the PDF here")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="行业 sector with a quota, e.g. 电解铝")] = None,
    target: Annotated[str | None, typer.Option("--target", help="目标绿电占比 target share, e.g. 0.7 or 70%")] = None,
) -> None:
    """核算报告 green share, location- and market-based kgCO2, tce before and after certificates, per site and year."""
    from policyhub.greenpower.usefile import read_use

    if (account is None) == (claims is None):
        raise InputError("请给出 --account 或 --claims 之一 give exactly one of --account ID or --claims CODES.txt")
    if fmt is ReportFormat.pdf and output is None and sys.stdout.isatty():
        raise InputError("PDF 请用 --output FILE 写入文件 give --output FILE for a PDF (or redirect stdout)")
    if output is not None and fmt is not ReportFormat.pdf:
        raise InputError("--output 仅用于 --format pdf is for --format pdf only")
    service.year_of(year)  # the user's own mistakes first, before any file or database is read
    ask(sector, target)
    rows = read_use(_read_use(use), use.name)
    codes = service.read_codes(read_text(claims)) if claims is not None else []
    from policyhub.gec.cli_options import open_registry

    with open_registry(db) as reg:
        if account is not None:
            records = service.claims_of_account(reg, account, rows)
            source = {"account": account}
        else:
            records = service.claims_by_codes(reg, codes)
            source = {"codes": str(len(codes))}
        result = service.build(rows, records, year=year, sector=sector, target=target,
                               kwh_per_certificate=reg.rules.kwh_per_certificate, source=source)  # fmt: skip
    if fmt is ReportFormat.json:
        print_json(result)
    elif fmt is ReportFormat.csv:
        sys.stdout.write(to_csv(result))
    elif fmt is ReportFormat.pdf:
        from policyhub.greenpower.render import render_pdf

        pdf = render_pdf(result)
        if output is None:
            sys.stdout.buffer.write(pdf)
        else:
            _write(output, pdf)
    else:
        sys.stdout.write("\n".join(text_lines(result)) + "\n")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"{path}：无法写入 cannot write ({exc.strerror})") from None
    sys.stderr.write(f"已写入 wrote {path} ({len(data):,} bytes)\n")
