"""Input models for the checkers (pydantic v2), and their validation errors as InputError naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from policyhub import clock
from policyhub.errors import InputError

M = TypeVar("M", bound=BaseModel)

_SEX = {"男": "male", "女": "female", "m": "male", "f": "female"}


def _sex(value: Any) -> Any:
    return _SEX.get(value.strip().lower(), value.strip().lower()) if isinstance(value, str) else value


# Amounts beyond 10^15 元 are typing errors, and exact decimal arithmetic (28 digits) must hold them to the fen.
MAX_YUAN = 1e15


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Strict):
    """The applicant: facts the guides' personal limits need (None = not stated, the check is 'unknown')."""

    birth_date: dt.date | None = None
    sex: Annotated[Literal["male", "female"] | None, BeforeValidator(_sex)] = None
    title_senior: bool | None = None
    phd: bool | None = None
    civil_servant: bool | None = None
    guide_expert: bool | list[str] | None = None
    credit_blacklisted: bool | None = None
    months_per_year: float | None = Field(default=None, ge=0, le=12)
    proposer: bool | None = None


class Unit(_Strict):
    """The applicant's unit (单位)."""

    registered_date: dt.date | None = None
    independent_legal_person: bool | None = None
    state_organ: bool | None = None
    credit_blacklisted: bool | None = None


class Application(_Strict):
    """One project (课题) the person applies for in the 2024 round."""

    programme: str = Field(min_length=1)
    guide: Literal["transport", "nqi"]
    role: Literal["leader", "member"]
    young_scientist: bool = False
    jiebang: bool = False
    category: Literal["standard", "sme", "international"] = "standard"
    direction: str | None = None
    budget_wan: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    submitted_on: dt.date | None = None


class Ongoing(_Strict):
    """One project the person works on now (在研)."""

    programme: str = ""
    scheme: Literal["key_rd", "sti2030", "nsfc_major", "nsfc_center", "nsfc_instrument"] = "key_rd"
    role: Literal["leader", "topic_leader", "member"]
    end_date: dt.date | None = None
    young_scientist: bool = False
    category: Literal["standard", "sme", "international"] = "standard"
    budget_wan: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    withdrawn: bool = False


class RdCase(_Strict):
    """The rd-eligibility input file."""

    person: Person
    unit: Unit = Field(default_factory=Unit)
    applications: list[Application] = Field(min_length=1)
    ongoing: list[Ongoing] = Field(default_factory=list)
    as_of: dt.date | None = None


Restructuring = Literal[
    "enterprise_reform",
    "merger",
    "division",
    "bankruptcy",
    "institution_reform",
    "admin_adjustment",
    "intra_group_transfer",
    "asset_contribution",
    "debt_restructuring",
]


class Case(_Strict):
    """Facts of the restructuring (第四条 definitions)."""

    type: Restructuring
    investors_persist: bool | None = None
    investor_share_percent: float | None = Field(default=None, ge=0, le=100)
    investors_same: bool | None = None
    successor_assumes: bool | None = None
    from_form: Literal["non_company", "llc", "jsc"] | None = None
    to_form: Literal["llc", "jsc"] | None = None
    relation: Literal["parent_wholly_owned", "wholly_owned_sisters", "person_own_entity", "other"] | None = None
    government_county_or_above: bool | None = None
    state_council_approved: bool | None = None
    registered_in_china: bool | None = True


class Item(_Strict):
    """One document or account-book amount drawn up (书立) in the restructuring."""

    id: str | None = None
    kind: Literal[
        "new_books_capital",
        "debt_to_equity",
        "appraisal_increase",
        "other_accounts_to_capital",
        "contract",
        "property_transfer",
    ]
    amount: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    already_taxed: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    later_increase: float | None = Field(default=None, ge=0, le=MAX_YUAN)
    asset: Literal["land_use_right", "building", "equity", "ip", "other"] | None = None
    contract_type: str | None = None
    drawn_before_restructuring: bool | None = None
    fully_performed: bool | None = None
    successor_assumes: bool | None = None
    base_unchanged: bool | None = None
    tax_paid_before: bool | None = None
    date: dt.date | None = None


class StampCase(_Strict):
    """The stamp-duty input file."""

    date: dt.date
    restructuring: Case
    items: list[Item] = Field(min_length=1)


def parse(model: type[M], data: Any, what: str = "input") -> M:
    """Validate `data`; the first error becomes an InputError naming the field, e.g. 'applications.0.role'."""
    if not isinstance(data, dict):
        got = type(data).__name__
        raise InputError(f"{what}：应为 JSON 对象 expected a JSON object，收到 got {got}", "invalid_input")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or what
        raise InputError(f"{field}: {err['msg']}", "invalid_field") from None


def parse_date(value: str | None, field: str) -> dt.date:
    """An ISO date (YYYY-MM-DD), or today when None; anything else is an InputError naming the field."""
    if value is None:
        return clock.today()  # Beijing's date, not the host's
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{field}：应为日期 YYYY-MM-DD expected a date，收到 got {value!r}", "invalid_date") from None
