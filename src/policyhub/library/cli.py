"""CLI for the policy library."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from policyhub.cliutil import Format, print_json
from policyhub.library import service
from policyhub.library.model import KIND_NAMES, UnitData
from policyhub.library.search import Filters

app = typer.Typer(
    add_completion=False, help="政策库: list, show, search, ingest the compilation's documents.", no_args_is_help=True
)
console = Console()

FORMAT = typer.Option(Format.text, "--format", help="输出格式 Output format: text or json")
KIND = typer.Option(
    None, "--kind", help="文件类型 a kind: notice, opinion, guide, catalog, rules, qa, expert_reading …"
)
ISSUER = typer.Option(None, "--issuer", help="发文机关 an issuing body, e.g. 工业和信息化部 or 工信部")
FROM = typer.Option(None, "--from", help="最早成文日期 earliest document date, YYYY-MM-DD")
TO = typer.Option(None, "--to", help="最晚成文日期 latest document date, YYYY-MM-DD")


def _marked(snippet: str) -> Text:
    """The snippet with its 【】-marked words shown in reverse video (the markers kept for copy-paste)."""
    text = Text()
    for n, part in enumerate(snippet.replace("】", "【").split("【")):
        text.append(f"【{part}】" if n % 2 else part, style="reverse bold" if n % 2 else "")
    return text


@app.command("list")
def list_cmd(
    kind: str | None = KIND,
    issuer: str | None = ISSUER,
    date_from: str | None = FROM,
    date_to: str | None = TO,
    fmt: Format = FORMAT,
) -> None:
    """文件列表 list the documents: id, title, issuer, number (文号), date, kind."""
    rows = service.list_documents(Filters.parse(kind, issuer, date_from, date_to))
    if fmt is Format.json:
        print_json(rows)
        return
    table = Table("编号", "日期", "类型", "标题", "文号", show_lines=False)
    for r in rows:
        table.add_row(r["id"], r["date"] or "", KIND_NAMES.get(r["kind"], r["kind"]), r["title"], r["number"] or "")
    console.print(table)


@app.command()
def show(
    doc_id: str = typer.Argument(..., help="文件编号 document id, e.g. d24"),
    unit: str | None = typer.Option(None, "--unit", help="条款 a unit: d24.第二十四条, 第二十四条 or 三.（二）"),
    fmt: Format = FORMAT,
) -> None:
    """查看文件 show a document with its units (or one unit)."""
    data = service.show(doc_id, unit)
    if fmt is Format.json:
        print_json(data)
        return
    console.print(f"[bold]{escape(data['title'])}[/bold]")
    kind = KIND_NAMES.get(data["kind"], data["kind"])
    console.print(f"{data['id']} · {kind} · {data['number'] or '无文号'} · {data['date'] or '无日期'}")
    console.print(f"发文：{data['issuer'] or '—'}")
    units: list[UnitData] = [data["unit"]] if "unit" in data else data["units"]
    for u in units:
        console.print(f"\n[cyan]{escape(u['id'])}[/cyan]  [bold]{escape(u['label'])}[/bold]", highlight=False)
        console.print("\n".join(u["lines"]), highlight=False, markup=False)


@app.command()
def search(
    query: str = typer.Argument(..., help='查询词 words to find, e.g. "绿证 有效期"'),
    kind: str | None = KIND,
    issuer: str | None = ISSUER,
    date_from: str | None = FROM,
    date_to: str | None = TO,
    limit: int = typer.Option(service.DEFAULT_LIMIT, "--limit", help="最多返回条数 at most this many hits"),
    per_doc: int = typer.Option(
        service.DEFAULT_PER_DOC, "--per-doc", help="每文件最多条数 hits per document at most (0: no cap)"
    ),
    fmt: Format = FORMAT,
) -> None:
    """全文检索 full-text search (Chinese word segmentation, bm25 ranking); matches are wrapped in 【】."""
    hits = service.search(query, Filters.parse(kind, issuer, date_from, date_to), limit, per_doc)
    if fmt is Format.json:
        print_json([h.to_dict() for h in hits])
        return
    if not hits:
        console.print("没有找到 no hits")
        return
    if hits[0].no_full_match:
        words = "、".join(service.query_words(query))
        notice = f"没有一个条款同时含有全部查询词（{escape(words)}），以下为部分匹配"
        console.print(notice + " no unit matches every word; partial matches:")
    for n, h in enumerate(hits, 1):
        when = h.date or "无日期"
        if h.date_basis and h.date_basis.startswith("explains:"):
            when += f"（未注明，取所解读文件 {h.date_basis.split(':', 1)[1]} 的日期）"
        console.print(f"{n}. [bold]{escape(h.title)}[/bold]  [cyan]{h.citation}[/cyan]  {when}  相关度 {h.score:.2f}")
        if h.missing_words:
            console.print(f"   缺 missing: {escape('、'.join(h.missing_words))}", highlight=False)
        console.print(_marked("   " + h.snippet))


@app.command()
def ingest(
    file: Path = typer.Argument(
        ...,
        help="一期汇编或政策文本 a compilation issue (目录 + documents) or one policy text, UTF-8",
    ),
    prefix: str | None = typer.Option(
        None, "--prefix", help="编号前缀 id prefix for the new documents (default n<issue no.>)"
    ),
    fmt: Format = FORMAT,
) -> None:
    """收录新文件 add a further compilation issue or a single policy text to your library (searchable at once)."""
    result = service.ingest(file, prefix)
    if fmt is Format.json:
        print_json(result)
        return
    console.print(f"已收录 {len(result['documents'])} 份文件 ingested，存于 {result['stored']}")
    for d in result["documents"]:
        kind = KIND_NAMES.get(d["kind"], d["kind"])
        console.print(f"  {d['id']}  {kind:<6} {d['unit_count']:>4} 条/段  {d['title']}", highlight=False)
