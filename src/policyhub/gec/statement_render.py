"""An account statement as people and programs read it: text (Chinese first), CSV (neutralised) and a PDF."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.cells import cell_len

from policyhub import clock
from policyhub.exports import csv_text
from policyhub.render.styles import base_css

from .labels import LABELS, MOVEMENT_KINDS, ROUTE_NAMES, name, platform_name
from .report_html import TEMPLATES

BALANCE_NAMES = {"live": "有效", "claimed": "已声明核销", "expired": "已过期", "revoked": "已撤销"}
CSV_HEADER = ["account", "entry", "at", "kind", "kind_name", "quantity", "live", "claimed", "expired", "revoked",
              "reference", "counterparty", "price", "detail"]  # fmt: skip
_CSV_ROWS = 500  # rows written at a time


def kind_label(kind: str) -> str:
    """核发 issued, 买入 bought, …"""
    return f"{name(MOVEMENT_KINDS, kind)} {kind}"


def describe(m: Mapping[str, Any]) -> str:
    """One line saying what a movement was, Chinese first."""
    kind = m["kind"]
    if kind in ("issued", "corrected"):
        return (f"电量生产月份 {m['month']} · 可交易 {m['tradable']:,} · 不可交易 {m['non_tradable']:,} · "
                f"{m['projects']:,} 个项目 projects")  # fmt: skip
    if kind in ("bought", "sold"):
        price = f"{m['price']} 元/个" if m["price"] is not None else "随电量结算 bundled with power"
        venue = platform_name(m["platform"]) or "-"
        return f"{m['trade']} · {name(ROUTE_NAMES, m['route'])} · {venue} · 对方 {m['counterparty']} · {price}"
    if kind in ("transferred_in", "transferred_out"):
        return f"对方 {m['counterparty']} · 项目 {m['project']} · 电量生产月份 {m['month']}（第二十二条）"
    if kind == "claimed":
        place = " · ".join(str(m[k]) for k in ("consumer_province", "site") if m.get(k))
        where = f" · 用电 {place}" if place else ""
        return f"声明 {m['code']} · {m['purpose']} · 受益方 {m['beneficiary']} · 期间 {m['period']}{where}"
    if kind == "expired":
        pending = "" if m["entry"] is not None else " · 尚待核销 not yet cancelled by `expire`"
        return f"有效期至 {m['valid_until']}（第二十四条）{pending}"
    return f"项目 {m['project']} · 电量生产月份 {m['month']}（第三十二条）"


def _reference(m: Mapping[str, Any]) -> str:
    return str(m.get("trade") or m.get("code") or "")


def balances_text(b: Mapping[str, Any]) -> str:
    return " · ".join(f"{BALANCE_NAMES[k]} {k} {b[k]:,}" for k in BALANCE_NAMES)


def text_lines(h: Mapping[str, Any], movements: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The statement as lines of text, streamed."""
    yield f"绿证账户对账单 Account statement · {h['account']} {h['name']} · {h['from']} – {h['to']}（北京时间）"
    yield f"期初 Opening: {balances_text(h['opening'])}"
    yield _row("时间 at", "日志 entry", "变动 kind", "数量 quantity", "有效余额 live", "说明 detail")
    for m in movements:
        entry = "-" if m["entry"] is None else str(m["entry"])
        live = f"{m['balance']['live']:,}"
        yield _row(m["at"], entry, kind_label(m["kind"]), f"{m['quantity']:+,}", live, describe(m))
    yield f"期末 Closing: {balances_text(h['closing'])}"
    totals = " · ".join(f"{name(MOVEMENT_KINDS, k)} {v:+,}" for k, v in h["totals"].items() if v)
    yield f"本期合计 Totals（{h['count']:,} 笔 movements）: {totals or '无变动 none'}"
    a = h["anchor"]
    check = f"policyhub gec audit --anchor {a['seq']}:{a['hash']}"
    yield f"日志锚点 Journal anchor: 第 {a['seq']} 条 {a['hash']} — 核对 check: {check}"


def _row(at: str, entry: str, kind: str, quantity: str, live: str, detail: str) -> str:
    """A line of the text table, padded by display width (a Chinese character takes two columns)."""

    def pad(text: str, width: int, right: bool = False) -> str:
        fill = " " * max(0, width - cell_len(text))
        return fill + text if right else text + fill

    cells = pad(at, 26) + pad(entry, 11, True) + "  " + pad(kind, 26) + pad(quantity, 14, True) + pad(live, 16, True)
    return f"{cells}  {detail}"


def _csv_row(h: Mapping[str, Any], m: Mapping[str, Any]) -> list[object]:
    b = m["balance"]
    return [h["account"], m["entry"] if m["entry"] is not None else "", m["at"], m["kind"],
            name(MOVEMENT_KINDS, m["kind"]), m["quantity"], b["live"], b["claimed"], b["expired"], b["revoked"],
            _reference(m), m.get("counterparty") or "", m.get("price") or "", describe(m)]  # fmt: skip


def csv_chunks(h: Mapping[str, Any], movements: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The statement as CSV, streamed: the opening, one row per movement (balances after it), the closing, the anchor.

    Every cell goes through policyhub.exports (a beneficiary starting with `=` is not a formula).
    """
    o, c, a = h["opening"], h["closing"], h["anchor"]
    yield csv_text([CSV_HEADER, [h["account"], "", h["from"], "opening", "期初", "", o["live"], o["claimed"],
                                 o["expired"], o["revoked"], "", "", "", ""]])  # fmt: skip
    rows: list[list[object]] = []
    for m in movements:
        rows.append(_csv_row(h, m))
        if len(rows) == _CSV_ROWS:
            yield csv_text(rows)
            rows = []
    rows.append([h["account"], "", h["to"], "closing", "期末", "", c["live"], c["claimed"], c["expired"], c["revoked"],
                 "", "", "", ""])  # fmt: skip
    rows.append([h["account"], a["seq"], "", "anchor", "日志锚点", "", "", "", "", "", a["hash"], "", "",
                 f"policyhub gec audit --anchor {a['seq']}:{a['hash']}"])  # fmt: skip
    yield csv_text(rows)


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.globals.update(LABELS)
    env.globals.update(describe=describe, kind_label=kind_label, BALANCE_NAMES=BALANCE_NAMES)
    return env


# One file that prints on its own: A4, the CJK font by fontconfig (or a file path), nothing fetched.
PDF_CSS = """
@page { size: A4; margin: 14mm 12mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { background: #fff; font-size: 9pt; }
main { max-width: none; padding: 0; }
table { font-size: 8pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.anchor code { word-break: break-all; }
"""


def statement_html(doc: Mapping[str, Any]) -> str:
    """The statement as one self-contained HTML page (the PDF's source)."""
    from policyhub.render.fonts import css_font_faces

    css = base_css() + css_font_faces() + PDF_CSS
    generated = clock.now().strftime("%Y-%m-%d %H:%M（北京时间）")
    return _env().get_template("statement.html").render(s=doc, inline_css=css, generated=generated)


def statement_pdf(doc: Mapping[str, Any]) -> bytes:
    """The statement as a one-file PDF (WeasyPrint)."""
    from weasyprint import HTML  # loading pango costs ~0.5 s: only a PDF needs it

    return bytes(HTML(string=statement_html(doc)).write_pdf())
