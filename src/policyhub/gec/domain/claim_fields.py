"""What a claim is for and where the electricity was used (第二十四条 声明, 第二十八条): purpose, province, site."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Strict, TypeAdapter, ValidationError, field_validator

from policyhub.errors import InputError

from .command_base import FORBIDDEN_CHARS, Command, Name, Quantity, Text200
from .months import parse_month
from .periods import Period
from .provinces import Province

FIELDS = ("purpose", "consumer_province", "site")
SITE_MAX = 100  # characters of a consuming site's name, after trimming


@cache
def _rules() -> dict[str, Any]:
    raw = json.loads(files("policyhub.gec").joinpath("data/rules.json").read_text(encoding="utf-8"))
    found: dict[str, Any] = raw["claim_purposes"]
    return found


def purposes() -> tuple[str, ...]:
    """The six purposes a claim may name, in the data file's order."""
    return tuple(_rules()["purposes"])


def default_purpose() -> str:
    """A claim that names no purpose is a plain 绿色电力消费声明 (第二十四条)."""
    return str(_rules()["default"])


def _purpose(value: object) -> str:
    if not isinstance(value, str) or value not in purposes():
        raise ValueError(f"{value!r} is not a claim purpose: one of {'、'.join(purposes())}")
    return value


def _site(value: str) -> str:
    # Checked before trimming: a tab or a newline is refused, not silently dropped.
    bad = FORBIDDEN_CHARS.search(value)
    if bad is not None:
        raise ValueError(f"a site name may not contain control or bidirectional-override characters "
                         f"(U+{ord(bad.group()):04X})")  # fmt: skip
    trimmed = value.strip()
    if not 1 <= len(trimmed) <= SITE_MAX:
        raise ValueError(f"a site name is 1–{SITE_MAX} characters once trimmed, not {len(trimmed)}")
    return trimmed


Purpose = Annotated[str, BeforeValidator(_purpose)]
Site = Annotated[str, Strict(), AfterValidator(_site)]
_CHECKS: dict[str, TypeAdapter[Any]] = {
    "purpose": TypeAdapter(Purpose),
    "consumer_province": TypeAdapter(Province),
    "site": TypeAdapter(Site),
}
_NAMES = {"purpose": "用途", "consumer_province": "用电省份", "site": "用电场所"}


def check(raw: Mapping[str, Any]) -> None:
    """Refuse a bad purpose, consumer province or site of a raw claim as `bad_input` (null is not given)."""
    for field, adapter in _CHECKS.items():
        value = raw.get(field)
        if value is None:
            continue
        try:
            adapter.validate_python(value)
        except ValidationError as exc:
            msg = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise InputError(f"声明{_NAMES[field]}无效 claim: {field}: {msg}", "bad_input") from None


class Claim(Command):
    """第二十四条: cancel certificates of an account as claimed for green-electricity consumption."""

    op: Literal["claim"]
    claim: Name | None = None
    account: Name
    quantity: Quantity
    beneficiary: Text200
    period: Period
    project: Name | None = None
    month: str | None = None
    # None: not given. The stored claim then takes the default purpose, and its result names none of the three, so
    # entries journaled before these fields existed replay to the same state and the same result.
    purpose: Purpose | None = None
    consumer_province: Province | None = None
    site: Site | None = None

    @field_validator("month")
    @classmethod
    def _month(cls, v: str | None) -> str | None:
        if v is not None:
            parse_month(v)
        return v
