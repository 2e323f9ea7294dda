"""The PROFILE.json an entity gives: checked field by field; an absent or null fact stays unknown, never false."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from policyhub.errors import InputError
from policyhub.library.rules.inputs import RdCase, StampCase, parse
from policyhub.match import catalog
from policyhub.match.addressees import department, departments
from policyhub.match.catalog import KINDS
from policyhub.match.logic import fields
from policyhub.match.spec import Test

ENUMS = {"kind": KINDS, "city_level": ("prefecture", "county"), "size": ("micro", "small", "medium", "large")}
TEXTS = ("name", "province", "city", "sector")
BOOLS = ("registered_in_mainland", "independent_legal_person", "finances_sound_3y", "bad_records", "foreign_investor",
         "renewable_generator", "green_power_consumer", "restructuring")  # fmt: skip
# What a person reads for a field named in `missing`.
LABELS = {
    "entity.kind": "主体类型 entity kind",
    "entity.city_level": "城市级别（地级及以上 / 县级）city level",
    "entity.size": "企业规模 size",
    "entity.sector": "所属行业（按 GB/T 4754—2017 可读的名称，如 重型机械、软件和信息技术服务业）sector",
    "entity.department": "政府部门（工业和信息化、发展改革、市场监管、生态环境、能源、科技、财政、商务、交通运输、"
    "教育、其他）department",
    "entity.registered_in_mainland": "在中华人民共和国境内注册登记 registered in mainland China",
    "entity.independent_legal_person": "具有独立法人资格 independent legal person",
    "entity.finances_sound_3y": "近三年财务状况良好 sound finances for three years",
    "entity.bad_records": "质量、安全、信用和社会责任方面有无不良记录 bad records",
    "entity.foreign_investor": "是否境外投资者 / 外商投资企业 foreign investor",
    "entity.renewable_generator": "是否可再生能源发电企业或项目业主 renewable generator",
    "entity.green_power_consumer": "是否购买绿证 / 绿色电力 green power consumer",
    "entity.restructuring": "是否改制重组 restructuring",
    "entity.champion": "单项冠军认定情况（无则填 null）champion recognition (null if none)",
    "entity.champion.batch": "单项冠军认定批次 champion batch",
    "entity.champion.passed_review": "第三批是否已通过复核 passed the earlier review",
    "products": "装备产品及其指标 products and their specs",
    "rd": "重点研发计划申报情况（policyhub rules rd-eligibility 的输入）R&D application facts",
    "activities": "拟投资的经营活动 activities",
    "stamp_duty": "改制重组与书据（policyhub rules stamp-duty 的输入）restructuring facts",
}

# The profile's values as a person reads them (the match form's choices).
KIND_NAMES = {"enterprise": "企业", "city_government": "市级人民政府（城市）", "provincial_government": "省级主管部门",
              "central_enterprise": "中央企业（集团）", "association": "行业协会（联合会）",
              "standards_body": "标准化组织/机构", "research_institute": "科研院所", "university": "高等学校",
              "individual": "个人"}  # fmt: skip
SIZE_NAMES = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
CITY_NAMES = {"prefecture": "地级及以上", "county": "县级"}
CHAMPION = {"": "未填写 not given", "none": "不是单项冠军 none", "6": "第六批（2021年认定）batch 6",
            "3r": "第三批，已通过复核 batch 3, reviewed", "3": "第三批，未通过复核 batch 3, not reviewed"}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """The checked profile: raw data for the tests, and parsed checker inputs."""

    data: dict[str, Any]
    rd: RdCase | None
    stamp: StampCase | None

    @property
    def kind(self) -> str | None:
        """The entity kind, or None when not given."""
        kind: str | None = self.data["entity"].get("kind")
        return kind


def _bad(field: str, want: str, got: Any) -> InputError:
    return InputError(f"{field}：应为 expected {want}，收到 got {got!r}", "invalid_profile")


def _entity(entity: Any) -> dict[str, Any]:
    if not isinstance(entity, dict):
        raise _bad("entity", "对象 object", entity)
    for key, value in entity.items():
        if value is None:
            continue
        where = f"entity.{key}"
        if key in ENUMS and value not in ENUMS[key]:
            raise _bad(where, " | ".join(ENUMS[key]), value)
        if key in TEXTS and not isinstance(value, str):
            raise _bad(where, "文本 text", value)
        if key in BOOLS and not isinstance(value, bool):
            raise _bad(where, "true / false", value)
        if key == "champion":
            _champion(value)
        if key == "department":
            _department(value)
    return entity


def _department(value: Any) -> None:
    # A government's department decides which tasks are its own (the long forms 市场监督管理局, 工业和信息化厅 … too).
    if not isinstance(value, str) or department(value) is None:
        raise _bad("entity.department", " | ".join(departments()), value)


def _champion(value: Any) -> None:
    if not isinstance(value, dict):
        raise _bad("entity.champion", "对象或 null object or null", value)
    for key in ("year", "batch"):
        if value.get(key) is not None and (isinstance(value[key], bool) or not isinstance(value[key], int)):
            raise _bad(f"entity.champion.{key}", "整数 integer", value[key])
    if value.get("kind") is not None and value["kind"] not in ("enterprise", "product"):
        raise _bad("entity.champion.kind", "enterprise | product", value["kind"])
    if value.get("passed_review") is not None and not isinstance(value["passed_review"], bool):
        raise _bad("entity.champion.passed_review", "true / false", value["passed_review"])


def _product(product: dict[str, Any], where: str) -> None:
    for key in ("name", "entry"):
        if product.get(key) is not None and not isinstance(product[key], str):
            raise _bad(f"{where}.{key}", "文本 text", product[key])
    params = product.get("params")
    if params is not None and (
        not isinstance(params, dict) or not all(isinstance(v, str | int | float) for v in params.values())
    ):
        raise _bad(f"{where}.params", "“指标名: 数值”的对象 an object of indicator values", params)


def _checker(model: Any, data: dict[str, Any], key: str) -> Any:
    if data.get(key) is None:
        return None
    try:
        return parse(model, data[key], key)
    except InputError as exc:
        raise InputError(f"{key}.{exc.message}", exc.code) from None


def parse_profile(data: Any) -> Profile:
    """Check a profile; bad input is an InputError naming the field."""
    if not isinstance(data, dict):
        raise _bad("profile", "JSON 对象 a JSON object", type(data).__name__)
    data = {**data, "entity": _entity(data.get("entity", {}))}
    facts = data.get("facts")
    if facts is not None and (not isinstance(facts, dict) or any(isinstance(v, dict | list) for v in facts.values())):
        raise _bad("facts", "取值为 true/false/数值/文本 的对象 an object of scalar facts", facts)
    for key, kind in (("products", dict), ("activities", str)):
        value = data.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, kind) for v in value)):
            raise _bad(key, f"{'对象' if kind is dict else '文本'}列表 a list", value)
    for i, product in enumerate(data.get("products") or []):
        _product(product, f"products[{i}]")
    if data.get("digital") is not None and not isinstance(data["digital"], dict):
        raise _bad("digital", "对象 object", data["digital"])
    if data.get("gec") is not None and not isinstance(data["gec"], dict):
        raise _bad("gec", "对象 object", data["gec"])
    return Profile(data, _checker(RdCase, data, "rd"), _checker(StampCase, data, "stamp_duty"))


def parse_as_of(value: Any) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _raise(value)
    except ValueError:
        raise _bad("as_of", "日期 YYYY-MM-DD a date", value) from None


def _raise(value: Any) -> dt.date:
    raise ValueError(value)


class FactQuestion(TypedDict):
    """A fact a profile may give under `facts`: what the form asks, and the clause that asks it."""

    name: str  # the key under `facts`
    label: str
    doc: str
    numeric: bool  # compared with gte/lte (a number), else yes/no


def fact_questions() -> list[FactQuestion]:
    """Every facts.* field the calls ask about, with the clause that asks (from the data, so new calls add theirs)."""
    seen: dict[str, FactQuestion] = {}
    for item in catalog.items():
        for cond in [*item.get("trigger", []), *item.get("conditions", [])]:
            for name in fields(cond["test"]):
                if name.startswith("facts.") and name not in seen:
                    numeric = _op(cond["test"], name) in ("gte", "lte")
                    label = cond.get("fact_labels", {}).get(name, cond["text"])
                    seen[name] = {"name": name.removeprefix("facts."), "label": label, "doc": item["doc"],
                                  "numeric": numeric}  # fmt: skip
    return list(seen.values())


def _op(test: Test, name: str) -> str | None:
    if "all" in test or "any" in test:
        return next((o for t in test.get("all") or test.get("any") or [] if (o := _op(t, name))), None)
    return str(test["op"]) if test["field"] == name else None
