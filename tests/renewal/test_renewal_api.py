"""POST /api/renewal/check (CSV, XLSX or JSON rows) gives the CLI's JSON, bad input 400; the guide's GET paths."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from policyhub.renewal import service
from policyhub.web.app import create_app

REGISTER = (
    "asset,name,commissioned,capacity,unit,design_life_years\nA1,电石炉,2003-05-01,20000,kVA,20\nA2,泵,2024,,,20\n"
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('renewal') / 'app.sqlite'}")
    with TestClient(app) as c:
        yield c
    app.state.services.registry.close()


def _expected() -> dict[str, object]:
    return service.check_file(REGISTER.encode(), "a.csv", "石化化工", "2026-12-02", {"关键工序数控化率": "90%"})


def test_a_multipart_upload_gives_the_cli_json(client: TestClient) -> None:
    form = {"sector": "石化化工", "as_of": "2026-12-02", "figures": '{"关键工序数控化率": "90%"}'}
    r = client.post("/api/renewal/check", files={"file": ("a.csv", REGISTER.encode(), "text/csv")}, data=form)
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(json.dumps(_expected(), ensure_ascii=False, default=str))
    assert r.json()["assets"][0]["in_scope"] is True


def test_an_xlsx_upload(client: TestClient) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["资产编号", "设备名称", "投产日期", "容量", "单位"],
        ["X1", "预焙阳极铝电解槽", "2010-01-01", 180, "kA"],
    ]:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    r = client.post("/api/renewal/check", files={"file": ("r.xlsx", buf.getvalue(), "application/octet-stream")},
                    data={"sector": "有色金属行业", "as_of": "2026-12-02"})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["assets"][0]["triggers"][0]["citation"] == "d02.三.（一）"


def test_json_rows_give_the_same_result(client: TestClient) -> None:
    rows = [
        {"asset": "A1", "name": "电石炉", "commissioned": "2003-05-01", "capacity": 20000, "unit": "kVA",
         "design_life_years": 20},
        {"asset": "A2", "name": "泵", "commissioned": 2024, "design_life_years": 20},
    ]  # fmt: skip
    body = {"sector": "石化化工", "as_of": "2026-12-02", "assets": rows, "figures": {"关键工序数控化率": "90%"}}
    r = client.post("/api/renewal/check", json=body)
    assert r.status_code == 200, r.text
    assert [a["in_scope"] for a in r.json()["assets"]] == [a["in_scope"] for a in _expected()["assets"]]  # type: ignore[attr-defined]
    assert r.json()["goals"] == _expected()["goals"]


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"json": {"sector": "石化化工", "assets": [{"asset": "A1", "name": "泵", "commissioned": "昨天"}]}}, "row 2"),
        ({"json": {"sector": "航天", "assets": [{"asset": "A1", "name": "泵"}]}}, "航天"),
        ({"json": {"sector": "石化化工", "assets": []}}, "assets"),
        ({"json": [1, 2]}, "object"),
        ({"content": b"\xff\xfe"}, "JSON"),
        ({"files": {"file": ("a.csv", b"asset\nA1\n", "text/csv")}, "data": {"sector": "石化化工"}}, "missing column"),
        ({"data": {"sector": "石化化工"}, "files": {"other": ("a.txt", b"x", "text/plain")}}, "file"),
    ],
)
def test_bad_input_is_problem_json_400(client: TestClient, kwargs: dict[str, object], needle: str) -> None:
    r = client.post("/api/renewal/check", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    assert needle in r.json()["detail"]


def test_sectors_and_one_sector(client: TestClient) -> None:
    assert len(client.get("/api/renewal/sectors").json()) == 31
    detail = client.get("/api/renewal/sectors/民爆").json()
    assert detail["triggers"][0]["id"] == "民爆-1" and detail["goals"][0]["target"] == "3人"
    assert client.get("/api/renewal/sectors/航天").status_code == 404


def test_the_guide_is_served_at_the_librarys_paths(client: TestClient) -> None:
    assert len(client.get("/api/library/renewal").json()) == 31
    assert client.get("/api/library/renewal/光伏").json()["name"] == "光伏行业"
    assert client.get("/api/library/renewal/光伏").json() == service.guide("光伏")


def test_an_unknown_industry_of_the_guide_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/library/renewal/航天")
    assert response.status_code == 404
    assert response.json()["detail"]
