"""Strict input over HTTP on SQLite and PostgreSQL: a NUL, a bidi override, a coerced integer or a province outside
the 34 are 400 (malformed), never a 500; implausible meter data is a 409 refusal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_gec import bearer, clock, populate, send

from policyhub.web.app import create_app


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock())) as c:
        yield c


BUYER = {"op": "open_account", "account": "B9", "kind": "buyer", "name": "某用户", "id_doc": "11010519491231002X"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "张\u0000三"}, "name"),
        ({"name": "abc\u202edef"}, "name"),
        ({"province": "Atlantis"}, "province"),
        ({"gec_only_pledge": "true"}, "gec_only_pledge"),
    ],
)
def test_malformed_text_and_values_are_400_naming_the_field(
    api: TestClient, change: dict[str, Any], field: str
) -> None:
    op = bearer(api, "operator")
    res = send(api, op, {**BUYER, **change})
    assert res.status_code == 400, res.text
    assert field in res.text
    assert send(api, op, {**BUYER, "province": "Yunnan"}).status_code == 200


def test_coerced_integers_are_400_and_implausible_meter_data_409(api: TestClient) -> None:
    h = populate(api)
    for value in (True, "3", 1.0):
        claim = {"op": "claim", "account": "S1", "quantity": value, "beneficiary": "x", "period": "2024"}
        assert send(api, h["s1"], claim).status_code == 400
    reading = {"op": "meter", "project": "P1", "month": "2024-07", "grid_kwh": 10**15, "self_kwh": 0, "source": "grid"}
    res = send(api, h["grid"], reading)
    assert res.status_code == 409 and "implausible_meter" in res.text
