"""Stamp duty on enterprise restructuring and institution reform (财政部 税务总局公告2024年第14号): item by item."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from policyhub.library.rules.answers import ItemAssessment, ItemStatus, StampAssessment, StampCondition, StampStatus
from policyhub.library.rules.inputs import Case, Item, StampCase
from policyhub.library.rules.ruledata import load
from policyhub.tristate import MET, NOT_MET, UNKNOWN, Tri, all_of

CENT = Decimal("0.01")
# Which article of the announcement governs each kind of item.
ARTICLE = {
    "new_books_capital": "一、（一）",
    "debt_to_equity": "一、（二）",
    "appraisal_increase": "一、（三）",
    "other_accounts_to_capital": "一、（四）",
    "contract": "二",
}


def _cite(clause: str) -> str:
    return f"{load('stamp_duty_2024_14')['document']['number']} {clause}"


def _cond(name: str, status: Tri, detail: str, clause: str | None = None, label: str | None = None) -> StampCondition:
    data = load("stamp_duty_2024_14")
    spec = data["conditions"].get(name, {})
    clause = clause or spec["clause"]
    return {
        "condition": name,
        "label": label or spec.get("label", name),
        "status": status,
        "detail": detail,
        "text": data["clauses"][clause],
        "citation": _cite(clause),
    }


def _fact(value: bool | None, want: bool = True) -> Tri:
    return Tri.of(None if value is None else value is want)


def _type_condition(name: str, case: Case) -> StampCondition:
    """One 第四条 definition condition for the case's restructuring type."""
    spec = load("stamp_duty_2024_14")["conditions"][name]
    if "over" in spec:  # 四、（一） 超过75% / 四、（四） 超过50%: strictly more than
        share = case.investor_share_percent
        status = UNKNOWN if share is None else (MET if share > spec["over"] else NOT_MET)
        return _cond(name, status, f"share {share}% vs > {spec['over']}%")
    if name == "form_change":
        pair = [case.from_form, case.to_form]
        status = UNKNOWN if None in pair else (MET if pair in spec["pairs"] else NOT_MET)
        return _cond(name, status, f"{case.from_form} → {case.to_form}")
    if name == "relation_in_group":
        rel = case.relation
        return _cond(
            name, UNKNOWN if rel is None else (MET if rel in spec["relations"] else NOT_MET), f"relation {rel}"
        )
    value = {
        "investors_persist": case.investors_persist,
        "investors_same": case.investors_same,
        "successor_assumes": case.successor_assumes,
        "government_county_or_above": case.government_county_or_above,
        "registered_in_china": case.registered_in_china,
    }[name]
    return _cond(name, _fact(value), f"restructuring.{name} = {value}")


def _all(conds: list[StampCondition]) -> Tri:
    return all_of(c["status"] for c in conds)


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT, ROUND_HALF_UP))


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def contract_kind(name: str | None) -> str | None:
    """The table's contract kind for a name (技术咨询合同 → 技术合同), None when the table lists no such kind."""
    rates = load("stamp_duty_rates")
    if name is None:
        return None
    name = name.strip()
    return name if name in rates["contracts"] else rates["contract_aliases"].get(name)


def _rate(item: Item) -> tuple[Decimal | None, str | None]:
    rates = load("stamp_duty_rates")
    if item.kind == "property_transfer":
        spec = rates["property_transfer"].get(item.asset or "")
        return (Decimal(spec["rate"]), spec["label"] + " " + spec["text"]) if spec else (None, None)
    if item.kind == "contract":
        kind = contract_kind(item.contract_type)
        rate = rates["contracts"].get(kind or "")
        return (Decimal(rate), f"{kind} {rate}") if rate else (None, None)
    return Decimal(rates["account_books"]["rate"]), rates["account_books"]["label"] + " " + rates["account_books"][
        "text"
    ]


def _item_conditions(item: Item, case: Case) -> tuple[str, list[StampCondition]]:
    """(governing clause, its conditions) for one item."""
    data = load("stamp_duty_2024_14")
    spec = data["types"][case.type]
    # The type's definition (第四条) comes first, so every condition cites where it is defined.
    defined = _cond("type", MET, f"restructuring.type = {case.type}", spec["clause"], spec["label"])
    type_conds = [defined] + [_type_condition(n, case) for n in spec["conditions"]]
    if item.kind == "property_transfer":
        for clause, rule in data["property_transfer"].items():
            if case.type in rule["types"]:
                conds = list(type_conds)
                if rule["assets"] is not None:
                    ok = UNKNOWN if item.asset is None else (MET if item.asset in rule["assets"] else NOT_MET)
                    conds.append(
                        _cond(
                            "asset", ok, f"asset {item.asset}", clause, "土地使用权、房屋等建筑物和构筑物所有权、股权"
                        )
                    )
                return clause, conds
        # 三 names no such exemption for this type (e.g. 债务重组, 其他资产出资): the 书据 is taxable.
        listed = _cond("article_3_case", NOT_MET, f"{spec['label']} 不在第三条所列情形", "三、第一款", "第三条所列情形")
        return "三、第一款", [defined, listed]
    clause = ARTICLE[item.kind]
    if not spec["restructuring"]:
        not_restructuring = f"{spec['label']} 不是企业改制重组或事业单位改制"
        return clause, [_cond("restructuring", NOT_MET, not_restructuring, spec["clause"], "改制重组")]
    if item.kind == "contract":
        checks = [
            ("drawn_before_restructuring", item.drawn_before_restructuring, True, "改制重组前书立"),
            ("fully_performed", item.fully_performed, False, "尚未履行完毕"),
            ("successor_assumes", item.successor_assumes, True, "改制重组后的主体承继原合同权利和义务"),
            ("base_unchanged", item.base_unchanged, True, "未变更原合同计税依据"),
            ("tax_paid_before", item.tax_paid_before, True, "改制重组前已缴纳印花税"),
        ]
        type_conds += [_cond(n, _fact(v, w), f"items.{n} = {v}", "二", label) for n, v, w, label in checks]
    if item.kind == "debt_to_equity":
        approved = _fact(case.state_council_approved)
        type_conds = [_cond("state_council_approved", approved, f"approved = {case.state_council_approved}",
                            clause, "经国务院批准实施的重组项目")]  # fmt: skip
    return clause, type_conds


# The input fact each condition reads, so an unknown condition names what to supply.
FACTS = {
    "share_over_75": ["restructuring.investor_share_percent"],
    "share_over_50": ["restructuring.investor_share_percent"],
    "form_change": ["restructuring.from_form", "restructuring.to_form"],
    "relation_in_group": ["restructuring.relation"],
    "asset": ["items.asset"],
    "state_council_approved": ["restructuring.state_council_approved"],
}
ITEM_FACTS = ("drawn_before_restructuring", "fully_performed", "successor_assumes", "base_unchanged", "tax_paid_before")


def _facts(cond: StampCondition) -> list[str]:
    name = cond["condition"]
    if name in FACTS:
        return FACTS[name]
    item_level = name in ITEM_FACTS and cond["detail"].startswith("items.")
    return [f"items.{name}" if item_level else f"restructuring.{name}"]


def _outside(item: Item, on: dt.date, status: ItemStatus, basis: str, conds: list[StampCondition]) -> ItemAssessment:
    """An item this announcement does not decide: not covered (date) or not taxable at all (contract kind)."""
    data = load("stamp_duty_2024_14")
    clause = "执行期限" if status == "not_covered" else ARTICLE.get(item.kind, "二")
    zero = 0.0 if status == "not_taxable" else None
    return {
        "id": item.id, "kind": item.kind, "date": on.isoformat(), "exempt": False, "status": status,
        "basis": basis, "clause": clause, "text": data["clauses"][clause], "citation": _cite(clause),
        "conditions": conds, "amount": _money(_dec(item.amount)), "exempt_amount": None, "taxable_base": zero,
        "rate": None, "rate_basis": None, "tax": zero, "missing": [],
    }  # fmt: skip


def assess_item(item: Item, case: Case, on: dt.date) -> ItemAssessment:
    """Exempt or taxable, the clause, the conditions and the taxable base (and tax where the rate is known)."""
    data = load("stamp_duty_2024_14")
    doc = data["document"]
    start, end = dt.date.fromisoformat(doc["effective_from"]), dt.date.fromisoformat(doc["effective_to"])
    in_period = start <= on <= end
    period = _cond("period", MET if in_period else NOT_MET, f"{on} vs {start}…{end}", "执行期限", "执行期限")
    if not in_period:
        # Before 2024-10-01 财税〔2003〕183号 applied (repealed by this announcement, not encoded); after
        # 2027-12-31 whatever follows is not encoded either: the answer is "not covered", never a tax.
        before = on < start
        law = f"适用{doc['repeals']}，本程序未收录" if before else "其后的规定本程序未收录"
        basis = f"未覆盖 not covered：{doc['number']}自{start}起执行至{end}，{on} 不在其内（{law}）"
        return _outside(item, on, "not_covered", basis, [period])
    if item.kind == "contract" and item.contract_type is not None and contract_kind(item.contract_type) is None:
        table = "、".join(load("stamp_duty_rates")["contracts"])
        basis = (
            f"不征税 not taxable：{item.contract_type}不属于《印花税税目税率表》所列的应税合同（{table}），"
            "不缴纳印花税；技术咨询、技术服务合同属技术合同"
        )
        return _outside(item, on, "not_taxable", basis, [period])
    clause, conds = _item_conditions(item, case)
    conds.insert(0, period)
    state = _all(conds)
    amount = _dec(item.amount)
    exempt_amount: Decimal | None = Decimal(0)
    base = amount
    if item.kind in ("appraisal_increase", "other_accounts_to_capital"):
        state = NOT_MET  # 一、（三）（四）: 应当按规定缴纳印花税
    elif item.kind == "new_books_capital" and state == MET:
        # 一、（一）: the part already taxed is not taxed again; the untaxed part and later increases are.
        taxed = _dec(item.already_taxed)
        if taxed is None or amount is None:
            state, exempt_amount, base = UNKNOWN, None, None
        else:
            exempt_amount = min(taxed, amount)
            base = amount - exempt_amount
    elif state == MET:
        exempt_amount, base = amount, Decimal(0)
    if base is not None and item.kind == "new_books_capital":
        base += _dec(item.later_increase) or Decimal(0)
    rate, rate_text = _rate(item)
    exempt = state == MET and base == 0
    for c in conds:
        if c["status"] == UNKNOWN:
            c["missing"] = _facts(c)
    # Facts to supply only while they decide: an item already taxable by a broken condition needs none.
    missing = list(dict.fromkeys(m for c in conds for m in c.get("missing", []))) if state == UNKNOWN else []
    if item.kind == "new_books_capital" and state == UNKNOWN and item.already_taxed is None:
        missing.append("items.already_taxed")
    if item.kind == "contract" and item.contract_type is None and not exempt:
        missing.append("items.contract_type")  # the rate (and so the tax) depends on the kind
    by_state: dict[Tri, ItemStatus] = {MET: "partly_exempt", NOT_MET: "taxable", UNKNOWN: "unknown"}
    status: ItemStatus = "exempt" if exempt else by_state[state]
    if status == "partly_exempt" and not exempt_amount:
        status = "taxable"
    return {
        "id": item.id,
        "kind": item.kind,
        "date": on.isoformat(),
        "exempt": exempt,
        "status": status,
        "basis": _basis(status, clause, conds, in_period),
        "clause": clause,
        "text": data["clauses"][clause],
        "citation": _cite(clause),
        "conditions": conds,
        "amount": _money(amount),
        "exempt_amount": _money(exempt_amount) if state == MET else None,
        "taxable_base": _money(base) if state != UNKNOWN else None,
        "rate": float(rate) if rate is not None else None,
        "rate_basis": rate_text,
        "tax": _money(base * rate) if base is not None and rate is not None and state != UNKNOWN else None,
        "missing": missing,
    }


def _basis(status: str, clause: str, conds: list[StampCondition], in_period: bool) -> str:
    doc = load("stamp_duty_2024_14")["document"]
    if not in_period:
        period = f"{doc['effective_from']}起执行至{doc['effective_to']}"
        return f"{doc['number']}自{period}，书立日期不在执行期内，按规定缴纳印花税"
    failed = [c["label"] for c in conds if c["status"] == NOT_MET]
    unknown = [c["label"] for c in conds if c["status"] == UNKNOWN]
    if status == "exempt":
        return f"{doc['number']} {clause}：免征（不再缴纳）印花税"
    if status == "partly_exempt":
        return f"{doc['number']} {clause}：原已缴纳印花税的部分不再缴纳，其余部分按规定缴纳"
    if status == "unknown":
        return f"{doc['number']} {clause}：未能判定 undetermined，缺少事实（待定：" + "；".join(unknown) + "）"
    # An omitted fact is 待定, never 不满足: only the conditions the facts break are listed as not met.
    return f"{doc['number']} {clause}：应当按规定缴纳印花税" + (
        "（不满足：" + "；".join(failed) + "）" if failed else ""
    )


def _total(values: list[float | None]) -> float | None:
    """The sum, or None when any part could not be computed."""
    if None in values:
        return None
    return _money(sum((Decimal(str(v)) for v in values), Decimal(0)))


def assess(case: StampCase) -> StampAssessment:
    """Every item of the case assessed under the announcement, with totals where computable."""
    doc = load("stamp_duty_2024_14")["document"]
    items = [assess_item(item, case.restructuring, item.date or case.date) for item in case.items]
    taxes: list[float | None] = [i["tax"] for i in items]
    statuses = {i["status"] for i in items}
    status: StampStatus = (
        "not_covered" if "not_covered" in statuses else ("undetermined" if "unknown" in statuses else "determined")
    )
    return {
        "status": status,
        "headline": _headline(status, items, doc),
        "missing": list(dict.fromkeys(m for i in items for m in i["missing"])),
        "covers": {"from": doc["effective_from"], "to": doc["effective_to"]},
        "document": {"title": doc["title"], "number": doc["number"], "date": doc["date"]},
        "effective": {"from": doc["effective_from"], "to": doc["effective_to"]},
        "date": case.date.isoformat(),
        "restructuring": case.restructuring.type,
        "items": items,
        "all_exempt": all(i["exempt"] for i in items),
        "total_taxable_base": _total([i["taxable_base"] for i in items]),
        "total_tax": _money(sum((Decimal(str(t)) for t in taxes if t is not None), Decimal(0)))
        if None not in taxes
        else None,
    }


def _headline(status: str, items: list[ItemAssessment], doc: dict[str, Any]) -> str:
    """One line for the whole case: not covered, undetermined (and what to supply), or the decided items."""
    if status == "not_covered":
        outside = "、".join(str(i["id"] or i["kind"]) for i in items if i["status"] == "not_covered")
        period = f"{doc['effective_from']}至{doc['effective_to']}"
        return f"未覆盖 not covered：{outside} 的书立日期不在{doc['number']}执行期（{period}）内"
    if status == "undetermined":
        missing = "、".join(dict.fromkeys(m for i in items for m in i["missing"]))
        return f"未能判定 undetermined：缺少事实，请补充 {missing or '相关事实'}"
    exempt = sum(1 for i in items if i["exempt"])
    return f"已判定 determined：{len(items)} 项中 {exempt} 项免征"
