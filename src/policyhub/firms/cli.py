"""Firm-over-time commands (mounted under `policyhub manage`): signup, revoke, record, firms, history, report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from policyhub.cliutil import Format, print_json, read_json
from policyhub.errors import InputError

if TYPE_CHECKING:
    from policyhub.firms.report import FirmReport
    from policyhub.firms.store import FirmStore

DB = typer.Option(None, "--db", help="数据库地址 Database URL (默认 default $POLICYHUB_DB, else ./policyhub.sqlite).")
FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format.")


def _store(db: str | None, create: bool = False) -> FirmStore:
    # imported here: SQLAlchemy costs ~0.5 s, and `manage questions` / `manage assess` need none of it
    from policyhub.firms.schema import CHAIN
    from policyhub.firms.store import store_for
    from policyhub.storage import open_engine

    return store_for(open_engine(db, chains=(CHAIN,), create=create))


def record_cmd(
    file: Path = typer.Argument(
        ...,
        help="答卷 The digital or manage answers JSON (as for `digital assess` / `manage assess`).",
    ),
    kind: str = typer.Option(..., "--kind", help="评估类别 digital or manage."),
    firm: str = typer.Option(..., "--firm", help="企业名称 The firm's name."),
    code: str = typer.Option("", "--code", help="统一社会信用代码 (18 characters)."),
    sector: str = typer.Option("", "--sector", help="行业 An industry of the renewal guide, e.g. 重型机械."),
    on: str = typer.Option("", "--on", help="评估日期 Date of the assessment, yyyy-mm-dd (default today)."),
    db: str | None = DB,
    format: Format = FORMAT,
) -> None:
    """评估并存档 assess and keep the result under the firm with its date (the firm is created on first sight)."""
    from policyhub.firms.service import parse_day, record

    day, submission = parse_day(on), read_json(file)  # bad input is refused before a database is opened
    if kind not in ("digital", "manage"):
        raise InputError(f"--kind 应为 digital 或 manage must be digital or manage, got {kind!r}")
    saved = record(_store(db, create=True), firm, kind, submission, day, code or None, sector or None)
    if format == Format.json:
        print_json({"firm": saved["firm"], "assessment": saved["assessment"], "kind": saved["kind"], "on": saved["on"]})
    else:
        typer.echo(f"已保存 saved：{saved['firm']['name']}（#{saved['firm']['id']}）{saved['on']} {kind}")


def firms_cmd(db: str | None = DB, format: Format = FORMAT) -> None:
    """企业列表 every firm with its number of assessments."""
    rows = _store(db).all_firms()
    if format == Format.json:
        print_json(rows)
        return
    for f in rows:
        typer.echo(f"#{f['id']} {f['name']} {f['credit_code'] or ''} {f['sector'] or ''} — {f['assessments']} 次评测")


def history_cmd(
    firm: str = typer.Argument(..., help="企业 Id, credit code or name."),
    db: str | None = DB,
    format: Format = FORMAT,
) -> None:
    """企业评估历史 a firm's dated assessments and what changed between each kind's last two."""
    from policyhub.firms.service import history

    h = history(_store(db), firm)
    if format == Format.json:
        print_json(h)
        return
    typer.echo(f"{h['firm']['name']} {h['firm']['credit_code'] or ''}")
    from policyhub.firms.history import digital_of, manage_of

    for a in h["assessments"]:
        if a["kind"] == "digital":
            what = f"{digital_of(a)['level_name']} {digital_of(a)['score']:.2f}"
        else:
            what = f"已开展比例 {_pct(manage_of(a)['in_place'])}"
        typer.echo(f"  {a['on']} {a['kind_name']}：{what}")
    for c in h["changes"].values():
        typer.echo(f"变化 changes {c['from']} → {c['to']}：")
        for row in c["changes"]:
            typer.echo(f"  {row['what']}：{row['before']} → {row['after']}")


def _pct(v: Any) -> str:
    return "—" if v is None else f"{100 * v:.0f}%"


def report_cmd(
    firm: str = typer.Argument(..., help="企业 Id, credit code or name."), db: str | None = DB, format: Format = FORMAT
) -> None:
    """诊断报告 the diagnosis report, readable or as JSON (the page /firms/{id}/report prints it as HTML and PDF)."""
    store = _store(db)
    row = store.get(firm)
    from policyhub.firms import report as firm_report

    data = firm_report.build(row, store.assessments(int(row["id"])))
    if format == Format.json:
        print_json(data)
        return
    _show_report(data)


def _show_report(data: FirmReport) -> None:
    """The report's sections as text: the same content the JSON and the page carry, each with its source."""
    from policyhub.digital.render import assessment_report, plan_report, show
    from policyhub.manage.render import show_diagnosis

    firm = data["firm"]
    typer.echo(f"诊断报告 report：{firm['name']} {firm['credit_code'] or ''} {firm['sector'] or ''}".rstrip())
    digital, manage = data["digital"], data["manage"]
    typer.echo(f"\n一、数字化水平 digital level（{digital['on'] if digital else '尚无评测 none yet'}）")
    if digital:
        show(assessment_report(digital["result"]))
        if digital["plan"]:
            show(plan_report(digital["plan"]))
    typer.echo(f"\n二、管理提升自诊断 management diagnosis（{manage['on'] if manage else '尚无评测 none yet'}）")
    if manage:
        show_diagnosis(dict(manage))
    typer.echo("\n三、可对标的典型场景 typical scenarios to aim at")
    for aim in data["aims"]:
        names = "、".join(f"{s['no']}. {s['title']}（{s['citation']}）" for s in aim["scenarios"])
        planned = "（已列入方案 planned）" if aim["planned"] else ""
        typer.echo(f"  {aim['digital']}（{aim['level']} 级）{planned}：{names}")
    goals = data["goals"]
    typer.echo("\n四、行业目标 the sector's goal" + ("" if goals else "：未填行业 no sector given"))
    if goals:
        typer.echo(f"  {goals['name']}：{goals['goal']}（{goals['goal_citation']}）")
    typer.echo("\n依据 sources：" + "；".join(data["sources"].values()))
    typer.echo(data["note"])


def signup_cmd(
    firm: str = typer.Option(..., "--firm", help="企业名称或编号 The firm's name (or its id, for a firm on file)."),
    code: str = typer.Option("", "--code", help="统一社会信用代码 (18 characters)."),
    sector: str = typer.Option("", "--sector", help="行业 An industry of the renewal guide, for a new firm."),
    db: str | None = DB,
    format: Format = FORMAT,
) -> None:
    """企业凭证 sign a firm up, or issue another credential to a firm on file; print the secret once (kept hashed)."""
    from policyhub.firms.credentials import FirmCredentials

    store = _store(db, create=True)
    credentials = FirmCredentials(store)
    on_file = store.find(code) if code else store.find(firm)  # the operator's tool: a firm on file gets a credential
    if on_file is not None:
        issued = credentials.issue(str(on_file["id"]))
    else:
        issued = credentials.signup(firm, code or None, sector or None)
    if format == Format.json:
        print_json({"id": issued.id, "credential": issued.secret, "firm": issued.firm})
    else:
        typer.echo(issued.secret)


def revoke_cmd(
    firm: str = typer.Argument(..., help="企业 Id, credit code or name."), db: str | None = DB, format: Format = FORMAT
) -> None:
    """吊销企业凭证 revoke every credential of a firm and end its browser sessions."""
    from policyhub.access import schema
    from policyhub.access.sessions import SessionStore
    from policyhub.access.tokens import TokenStore
    from policyhub.firms.credentials import FirmCredentials

    store = _store(db)
    row, count = FirmCredentials(store).revoke(firm)
    schema.upgrade(store.engine)
    SessionStore(store.engine, TokenStore(store.engine)).end_for_firm(int(row["id"]))
    if format == Format.json:
        print_json({"firm": {"id": row["id"], "name": row["name"]}, "revoked": count})
    else:
        typer.echo(f"已吊销 revoked {count}：{row['name']}（#{row['id']}）")


def mount(app: typer.Typer) -> None:
    """Add the firm commands to the manage app."""
    app.command("signup")(signup_cmd)
    app.command("revoke")(revoke_cmd)
    app.command("record")(record_cmd)
    app.command("firms")(firms_cmd)
    app.command("history")(history_cmd)
    app.command("report")(report_cmd)
