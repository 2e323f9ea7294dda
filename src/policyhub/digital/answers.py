"""A firm's answers read from the contract JSON and checked against the indicator, every problem named."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from policyhub.digital.catalog import Catalog, Question, RatioRaw, TrendRaw
from policyhub.digital.energy import compute_energy, to_decimal
from policyhub.errors import InputError

Choice = int | frozenset[int]
TREND_TEXT = {1: "增加", 0: "持平", -1: "降低"}  # the option texts Q12–Q15 print


@dataclass(frozen=True)
class Answer:
    """One question's answer: an option index (单选) or a set of indices (多选), maybe derived from raw data."""

    question: int
    choice: Choice
    figures: dict[str, Decimal] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Firm:
    """A firm's full input: 15 answers and the levels met per scenario (a missing scenario meets none)."""

    answers: dict[int, Answer]
    scenarios: dict[str, frozenset[int]]
    name: str | None = None


class _Problem(Exception):
    """One thing wrong with one answer; collected, then reported together."""


def label(q: Question) -> str:
    """How an error names a question: its number and printed text, e.g. Q2（企业的生产设备数字化率）."""
    return f"Q{q.number}（{q.text}）"


def _field(fields: Mapping[str, str], name: str) -> str:
    """A raw-data field by its printed description first, then its JSON name: 生产设备数量（台） devices."""
    return f"{fields[name]} {name}" if name in fields else name


def _index(value: object, q: Question) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Problem(f"应为选项序号 0–{len(q.options) - 1} expected an option index，收到 got {value!r}")
    if not 0 <= value < len(q.options):
        raise _Problem(f"选项序号 {value} 超出范围 out of range（0–{len(q.options) - 1}）")
    return value


def _multi(value: Any, q: Question) -> frozenset[int]:
    if not isinstance(value, list):
        raise _Problem(f"本题为多选，应为选项序号列表如 [1, 2]（[0] 为“无”）expected a list，收到 got {value!r}")
    if not value:
        raise _Problem("未选任何选项；如均不具备请选 [0]（无）empty list")
    picked = [_index(v, q) for v in value]
    if len(set(picked)) != len(picked):
        raise _Problem(f"选项重复 an option is listed twice：{value}")
    if 0 in picked and len(picked) > 1:
        raise _Problem(f"“{q.options[0]}”（0）不能与其他选项同时选择 cannot be combined with other options：{value}")
    return frozenset(picked)


def _count(obj: Mapping[str, Any], name: str, fields: Mapping[str, str]) -> int:
    value = to_decimal(obj[name], _field(fields, name))
    if value < 0 or value != value.to_integral_value():
        raise _Problem(f"{_field(fields, name)} 应为不小于 0 的整数 must be a whole number ≥ 0，收到 got {obj[name]!r}")
    return int(value)


def _ratio(obj: Mapping[str, Any], raw: RatioRaw, q: Question, fallback: Any) -> Answer:
    given = dict(obj)
    if raw.denominator not in given and isinstance(fallback, Mapping) and raw.denominator in fallback:
        given[raw.denominator] = fallback[raw.denominator]  # Q3 prints only the networked count
    for name in (raw.denominator, raw.numerator):
        if name not in given:
            raise _Problem(f"缺少原始数据 {_field(raw.fields, name)} missing")
    den, num = _count(given, raw.denominator, raw.fields), _count(given, raw.numerator, raw.fields)
    if num > den:
        top, bottom = _field(raw.fields, raw.numerator), _field(raw.fields, raw.denominator)
        raise _Problem(f"{top}（{num}）大于 {bottom}（{den}）is greater")
    rate = Fraction(100 * num, den) if den else Fraction(0)  # no devices at all: 0 %, the lowest bracket
    choice = next(i for i, hi in enumerate(raw.upper_bounds) if rate <= hi)
    shown = f"{num}/{den} = {float(rate):.2f}%"
    figures = {raw.denominator: Decimal(den), raw.numerator: Decimal(num)}
    return Answer(q.number, choice, figures, {"rate": shown})


def _figure(obj: Mapping[str, Any], name: str, raw: TrendRaw, catalog: Catalog) -> Decimal:
    value = obj[name]
    if raw.value_as_energy_kinds and name in raw.value and isinstance(value, Mapping):  # per kind: 表1
        return compute_energy(value, catalog).total_tce
    number = to_decimal(value, _field(raw.fields, name))
    if number < 0:
        raise _Problem(f"{_field(raw.fields, name)} 不能为负 must not be negative，收到 got {value!r}")
    if raw.ratio_unit == "%" and number > 100:  # Q13 月均产品合格率: a share of the products made
        raise _Problem(f"{_field(raw.fields, name)} 不能超过 100% a rate cannot exceed 100 %，收到 got {value!r}")
    return number


def _trend(obj: Mapping[str, Any], raw: TrendRaw, q: Question, fallback: Any, catalog: Catalog) -> Answer:
    given = dict(obj)
    names = list(raw.value) + list(raw.per or ())
    if raw.per and isinstance(fallback, Mapping):
        for name in raw.per:
            if name not in given and name in fallback:
                given[name] = fallback[name]  # revenue printed with Q14
    missing = [n for n in names if n not in given]
    if missing:
        hint = f"（也可在 Q{raw.per_fallback_question} 中填写 or give them with Q{raw.per_fallback_question}）"
        hint = hint if raw.per_fallback_question else ""
        raise _Problem("缺少原始数据 " + "、".join(_field(raw.fields, n) for n in missing) + " missing" + hint)
    figs = {n: _figure(given, n, raw, catalog) for n in names}
    ratios = []
    for i in (0, 1):
        value = Fraction(figs[raw.value[i]])
        if raw.per:
            per = figs[raw.per[i]]
            if per == 0:
                raise _Problem(f"{_field(raw.fields, raw.per[i])} 应大于 0 must be greater than 0")
            value /= Fraction(per)
        ratios.append(value * raw.ratio_scale)
    trend = (ratios[0] > ratios[1]) - (ratios[0] < ratios[1])  # exact: 持平 only when exactly equal
    text = TREND_TEXT[trend]
    derived = {
        "上年/改造后": f"{float(ratios[0]):.6g} {raw.ratio_unit}",
        "前年/改造前": f"{float(ratios[1]):.6g} {raw.ratio_unit}",
        "变化": text,
    }
    return Answer(q.number, q.options.index(text), figs, derived)


def _answer(value: Any, q: Question, answers: Mapping[str, Any], catalog: Catalog) -> Answer:
    if isinstance(value, Mapping):
        if q.raw is None:
            raise _Problem("本题只需选择选项，不填原始数据 takes an option, not raw data")
        allowed = set(q.raw.fields)
        unknown = sorted(set(value) - allowed)
        if unknown:
            known = "、".join(_field(q.raw.fields, n) for n in q.raw.fields)
            raise _Problem(f"未知字段 unknown field(s) {', '.join(unknown)}；原始数据字段为 {known}")
        if isinstance(q.raw, RatioRaw):
            return _ratio(value, q.raw, q, answers.get(str(q.raw.denominator_fallback_question)))
        fb = answers.get(str(q.raw.per_fallback_question))
        return _trend(value, q.raw, q, fb, catalog)
    return Answer(q.number, _multi(value, q) if q.multi else _index(value, q))


def _scenarios(data: Any, catalog: Catalog, problems: list[str]) -> dict[str, frozenset[int]]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        problems.append('业务场景 scenarios：应为对象，如 {"产品设计": [1, 2]}')
        return {}
    out: dict[str, frozenset[int]] = {}
    for key, levels in data.items():
        name = str(key).replace("*", "").replace(" ", "").strip()
        if name not in catalog.scenarios:
            problems.append(f"未知业务场景 unknown scenario {key!r}；16 个场景为 {'、'.join(catalog.scenarios)}")
            continue
        ok = isinstance(levels, list) and all(type(v) is int and 1 <= v <= 4 for v in levels)
        if not ok:
            problems.append(f"业务场景 {name}：应为已达到等级的列表（1–4）expected a list of levels，收到 {levels!r}")
            continue
        out[name] = frozenset(levels)
    return out


def parse_firm(data: Any, catalog: Catalog) -> Firm:
    """Validate the contract JSON; raise one InputError that names every question or scenario at fault."""
    if not isinstance(data, Mapping) or not isinstance(data.get("answers"), Mapping):
        raise InputError('应为含 "answers"（第 "1"–"15" 题）和 "scenarios" 的对象 expected an object with answers')
    raw_answers: Mapping[str, Any] = {str(k).strip(): v for k, v in data["answers"].items()}
    problems: list[str] = []
    answers: dict[int, Answer] = {}
    for key in raw_answers:
        if not (key.isdecimal() and key == str(int(key)) and int(key) in catalog.questions):
            problems.append(f"未知题号 unknown question {key!r}（题号为 1–{len(catalog.questions)}）")
    missing = [label(q) for n, q in catalog.questions.items() if str(n) not in raw_answers]
    if missing:
        problems.append("未作答 missing answer：" + "、".join(missing))
    for number, q in catalog.questions.items():
        if str(number) not in raw_answers:
            continue
        try:
            answers[number] = _answer(raw_answers[str(number)], q, raw_answers, catalog)
        except (_Problem, InputError) as exc:
            problems.append(f"{label(q)}：{exc}")
    scenarios = _scenarios(data.get("scenarios"), catalog, problems)
    if problems:
        raise InputError("；".join(problems), "invalid_answers")
    name = data.get("firm")
    return Firm(answers, scenarios, str(name) if name is not None else None)
