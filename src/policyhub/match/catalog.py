"""The calls and duties as data: one JSON file per document under data/calls (and the user's match/calls folder)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from policyhub.errors import NotFound
from policyhub.library import service, store
from policyhub.match import addressees
from policyhub.match.logic import OPS
from policyhub.match.spec import Call, Item

KINDS = ("enterprise", "city_government", "provincial_government", "central_enterprise", "association",
         "standards_body", "research_institute", "university", "individual")  # fmt: skip
ITEM_KINDS = ("call", "duty", "task", "standing")  # call/standing: may act; duty/task: must act


class Listed(Item):
    """`policyhub match calls`: one call or duty as data (its checker named), with its library link and addressees."""

    feeds: list[str]  # the checkers that judge it
    href: str
    document_title: str
    addressees: list[addressees.Addressee]


def user_calls_dir() -> Path:
    """Where a further compilation's calls go without code: <library user dir>/../match/calls/*.json."""
    return store.user_dir().parent / "match" / "calls"


def _files() -> list[tuple[str, str]]:
    shipped = resources.files("policyhub.match").joinpath("data", "calls")
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(shipped.iterdir(), key=lambda p: p.name)
           if p.name.endswith(".json")]  # fmt: skip
    extra = user_calls_dir()
    if extra.is_dir():
        out += [(str(p), p.read_text(encoding="utf-8")) for p in sorted(extra.glob("*.json"))]
    return out


@cache  # a unit, once found, keeps its label (ingesting adds documents, never renames units); misses are not cached
def unit_ref(citation: str) -> dict[str, str]:
    """A citation id (d20.二.（一）) → its document, unit label and the library anchor /library/docs/{id}#{label}."""
    doc_id = citation.split(".", 1)[0]
    doc = service.get_document(doc_id)
    unit = service.find_unit(doc, citation)
    return {"doc": doc.id, "unit": unit.label, "href": f"/library/docs/{quote(doc.id)}#{quote(unit.label)}"}


def _check_test(test: Any, where: str) -> None:
    if not isinstance(test, dict):
        raise ValueError(f"{where}: a test is an object")
    if "all" in test or "any" in test:
        for t in test.get("all") or test.get("any") or []:
            _check_test(t, where)
        return
    if not isinstance(test.get("field"), str) or test.get("op") not in OPS:
        raise ValueError(f"{where}: a test needs a field and an op of {OPS}")


def _cited(obj: Any, where: str) -> None:
    if not isinstance(obj, dict) or not isinstance(obj.get("citation"), str):
        raise ValueError(f"{where}: needs a citation")
    try:
        unit_ref(obj["citation"])
    except NotFound as exc:
        raise ValueError(f"{where}: {exc.message}") from None


def validate(item: dict[str, Any], where: str) -> None:
    """Every key the matcher reads is there, every citation resolves to a library unit, every date is ISO."""
    for key in ("id", "doc", "kind", "title", "who", "who_kinds", "citation", "window"):
        if key not in item:
            raise ValueError(f"{where}: missing {key!r}")
    if item["kind"] not in ITEM_KINDS or not set(item["who_kinds"]) <= set(KINDS):
        raise ValueError(f"{where}: bad kind or who_kinds")
    _cited(item, where)
    for group in ("conditions", "trigger"):
        for cond in item.get(group, []):
            _cited(cond, f"{where}.{group}.{cond.get('id')}")
            _check_test(cond.get("test"), f"{where}.{group}.{cond.get('id')}")
    for key in ("quotas", "notes"):
        for obj in item.get(key, []):
            _cited(obj, f"{where}.{key}")
    for key in ("consequence", "route", "duty", "priority", "sector"):
        if item.get(key) is not None:
            _cited(item[key], f"{where}.{key}")
    window = item["window"]
    for date in ([window["opens"]] if window.get("opens") else []) + list(window.get("closes", [])):
        _cited(date, f"{where}.window")
        dt.date.fromisoformat(date["date"])
        if date is not window.get("opens") and date.get("for") not in ("self", "chain"):
            raise ValueError(f"{where}.window: a closing date is for 'self' or 'chain'")


@cache
def _load() -> tuple[Call, ...]:
    items: list[Call] = []
    for name, text in _files():
        data = json.loads(text)
        for raw in data["items"]:
            item = {"doc": data["doc"], **raw}
            validate(item, f"{name}:{item.get('id')}")
            items.append(cast(Call, item))  # every key the matcher reads is there (validate)
    ids = [i["id"] for i in items]
    if len(ids) != len(set(ids)):
        raise ValueError("two calls share an id")
    return tuple(items)


def items() -> list[Call]:
    """Every call and duty, in file order (treat as read-only)."""
    return list(_load())


def listing() -> list[Listed]:
    """`policyhub match calls`: every call and duty as data, each citation with its library link."""
    out: list[Listed] = []
    for item in _load():
        row: dict[str, object] = {k: v for k, v in item.items() if k != "feed"}
        row["feeds"] = sorted(item.get("feed", {}))
        row["href"] = unit_ref(item["citation"])["href"]
        row["document_title"] = service.get_document(item["doc"]).title
        row["addressees"] = [e for e in addressees.entries(item["doc"]) if item["id"] in e["items"]]
        out.append(cast(Listed, row))  # the item's own keys (validate checked them) and the four above
    return out
