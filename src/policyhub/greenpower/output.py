"""The report as text lines for a terminal and as CSV (one row per site, then the total)."""

from __future__ import annotations

from collections.abc import Mapping

from policyhub.exports import csv_text
from policyhub.greenpower.answers import Accounts, Caveat

CSV_COLUMNS = ["site", "province", "kwh", "certified_kwh", "green_trade_kwh", "green_share", "location_kgco2",
               "market_kgco2", "location_factor", "energy_tce", "energy_tce_after_certificates"]  # fmt: skip
HEADINGS = {"kwh": "用电量 kWh", "certified_kwh": "绿证覆盖 kWh", "green_trade_kwh": "绿电交易 kWh",
            "green_share": "绿电占比", "location_kgco2": "基于位置 kgCO2", "market_kgco2": "基于市场 kgCO2",
            "energy_tce": "能耗 tce", "energy_tce_after_certificates": "扣除绿证后 tce"}  # fmt: skip
WARNING_NAMES = {"claim_over_used": "声明超额使用", "claim_uncovered": "声明未对应用电",
                 "claim_partly_used": "声明部分使用", "no_factor_for_year": "当年无因子",
                 "no_generation_factor": "无发电类型因子", "no_quota_target": "无消费比例目标"}  # fmt: skip


SHOWN_CLAIM_WARNINGS = 20  # a page or PDF lists this many claim warnings in full; the claims table flags every one


def claim_flags(result: Accounts) -> dict[str, list[str]]:
    """Each claim's warnings by Chinese name, for the claims table."""
    flags: dict[str, list[str]] = {}
    for w in result["warnings"]:
        if w.get("claim"):
            flags.setdefault(w["claim"], []).append(WARNING_NAMES.get(w["code"], w["code"]))
    return flags


def shown_warnings(result: Accounts) -> tuple[list[Caveat], dict[str, int]]:
    """The warnings a page lists in full (every one not about a claim, the first claim ones), and how many of each
    claim warning there are: a firm with 2,000 claims would otherwise read 2,000 lines (JSON keeps them all)."""
    about_claims = [w for w in result["warnings"] if w.get("claim")]
    counts: dict[str, int] = {}
    for w in about_claims:
        counts[w["code"]] = counts.get(w["code"], 0) + 1
    rest = [w for w in result["warnings"] if not w.get("claim")]
    return about_claims[:SHOWN_CLAIM_WARNINGS] + rest, counts


def csv_rows(result: Accounts) -> list[list[object]]:
    """The header, one row per site and a 合计 total row."""
    rows: list[list[object]] = [list(CSV_COLUMNS)]
    for site in result["sites"]:
        cells: Mapping[str, object] = site  # read by column name
        rows.append([cells[c] for c in CSV_COLUMNS])
    total: Mapping[str, object] = result["total"]
    rows.append(["合计 total", ""] + [total[c] if total[c] is not None else "" for c in CSV_COLUMNS[2:]])
    return rows


def to_csv(result: Accounts) -> str:
    """The sites as CSV text, formula cells neutralised (policyhub.exports)."""
    return csv_text(csv_rows(result))


def percent(share: float) -> str:
    """0.578947 → 57.89 %."""
    return f"{share * 100:.2f} %"


def text_lines(result: Accounts) -> list[str]:
    """The report for a terminal: the total, each site, each claim, the factors and every warning."""
    t = result["total"]
    lines = [
        f"绿色电力消费核算 green-electricity accounts {result['year']} 年",
        f"用电 {t['kwh']:,} kWh；绿证覆盖 certificates {t['certified_kwh']:,} kWh，绿电交易 green trade "
        f"{t['green_trade_kwh']:,} kWh；绿电占比 green share {percent(t['green_share'])}",
        f"排放 emissions (kgCO2): 基于位置 location {t['location_kgco2']:,}，基于市场 market {t['market_kgco2']:,}",
        f"能耗 energy: {t['energy_tce']:,} tce；扣除绿证后 after {t['energy_tce_after_certificates']:,} tce",
        "",
        "场站 sites:",
    ]
    for s in result["sites"]:
        lines.append(f"  {s['site']}（{s['province']}）{s['kwh']:,} kWh，绿电占比 {percent(s['green_share'])}，"
                     f"位置 {s['location_kgco2']:,} / 市场 {s['market_kgco2']:,} kgCO2，{s['energy_tce']:,} → "
                     f"{s['energy_tce_after_certificates']:,} tce")  # fmt: skip
    if result["products"]:
        lines += ["", "产品 products (per unit of output):"]
    for p in result["products"]:
        pilot = f"，产品碳足迹试点 pilot: {p['pilot_product']}" if p["pilot_product"] else ""
        unit = p["output_unit"] or "单位"
        lines.append(f"  {p['product']}: {p['kwh_per_unit']:,} kWh/{unit}，位置 {p['location_kgco2_per_unit']:,} / "
                     f"市场 {p['market_kgco2_per_unit']:,} kgCO2{pilot}")  # fmt: skip
    q = result["quota"]
    if q:
        lines += ["", f"{q['sector']} 绿色电力消费比例 sector quota {q['year']}:"]
        for row in q["provinces"]:
            target = "—" if row["target"] is None else percent(row["target"])
            needed = row["certificates_needed"]
            need = "" if needed is None else f"，尚需 still needs {needed:,} 个绿证"
            lines.append(f"  {row['province']}: {percent(row['share'])} / 目标 target {target}{need}")
    lines += ["", "声明 claims:"]
    for c in result["claims"]:
        place = (c["consumer_province"] or "—") + (" " + c["site"] if c["site"] else "")
        lines.append(f"  {c['code']} {c['purpose'] or ''} {c['period']} {place}：{c['certificates']:,} 个，"
                     f"已用 used {c['used_kwh']:,} kWh，未用 unused {c['unused_kwh']:,} kWh  "
                     f"{c['verify_reference']}")  # fmt: skip
    lines += ["", "因子 factors:"]
    for f in result["factors"]:
        lines.append(f"  {f['id']} {f['value']} {f['unit']}（{f['year']} {f['region']}）{f['source']}")
    shown, counts = shown_warnings(result)
    if result["warnings"]:
        lines += ["", "提示 warnings:"]
    if len(shown) < len(result["warnings"]):
        summary = "，".join(f"{code} {n:,}" for code, n in counts.items())
        lines.append(f"  声明提示 claim warnings: {summary}（--format json 列出每一项 lists every one）")
    for w in shown:
        lines.append(f"  [{WARNING_NAMES.get(w['code'], w['code'])} {w['code']}] {w['message']}")
    return lines
