"""The register's budget on /api/renewal/check and the /renewal pages: bombs refused (413) fast and small."""

from __future__ import annotations

import base64
import io
import time
import tracemalloc
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from policyhub import limits
from policyhub.web.app import create_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOMBS = {
    "wide": {"A1": "asset", "B1": "name", "XFD1": "x"},
    "tall": {"A1": "asset", "B1": "name", "A1048576": "y"},
    "both": {"A1": "asset", "B1": "name", "XFD1": "x", "A1048576": "y"},
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('budget') / 'app.sqlite'}")
    with TestClient(app) as c:
        yield c
    app.state.services.registry.close()


def bomb(shape: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for ref, value in BOMBS[shape].items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 5 * 1024
    return out.getvalue()


def measured(send: Callable[[], httpx.Response]) -> tuple[httpx.Response, float, int]:
    """The response, its seconds and the peak memory allocated while it was made (every thread)."""
    tracemalloc.start()
    started = time.monotonic()
    response = send()
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return response, seconds, peak


@pytest.mark.parametrize("shape", list(BOMBS))
def test_a_bomb_to_the_api_is_a_413_problem_within_2_s_and_100_mb(client: TestClient, shape: str) -> None:
    data = bomb(shape)
    files = {"file": ("bomb.xlsx", data, XLSX)}
    r, seconds, peak = measured(lambda: client.post("/api/renewal/check", files=files, data={"sector": "石化化工"}))
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["code"] in ("too_many_rows", "too_many_columns") and body["status"] == 413
    assert body["detail"].startswith("表格声明")
    assert seconds < 2 and peak < 100 * 1024 * 1024
    assert client.get("/api/health").json()["ok"] is True


@pytest.mark.parametrize("shape", list(BOMBS))
def test_a_bomb_to_the_page_is_a_413_page_saying_why(client: TestClient, shape: str) -> None:
    files = {"file": ("bomb.xlsx", bomb(shape), XLSX)}
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    post = lambda: client.post("/renewal", files=files, data={"sector": "石化化工"}, headers=browser)  # noqa: E731
    r, seconds, peak = measured(post)
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "超过上限" in r.text and "more than the limit" in r.text
    assert seconds < 2 and peak < 100 * 1024 * 1024
    # A program posting the same form (no `Accept: text/html`) gets the problem document.
    r = client.post("/renewal", files=files, data={"sector": "石化化工"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 413 and "超过上限" in r.json()["detail"]


@pytest.mark.parametrize("action", ["/renewal/results.csv", "/renewal/report.html", "/renewal/report.pdf"])
def test_a_bomb_carried_back_by_the_result_page_is_refused_the_same_way(client: TestClient, action: str) -> None:
    carried = {"register": base64.b64encode(bomb("both")).decode(), "filename": "bomb.xlsx", "sector": "石化化工"}
    r = client.post(action, data=carried)
    assert r.status_code == 413 and "超过上限" in r.text


def test_a_register_carried_back_may_be_larger_than_starlettes_1_mb_field(client: TestClient) -> None:
    rows = "".join(f"A{i},泵,2010,{'x' * 400}\n" for i in range(2_000))
    register = ("asset,name,commissioned,note\n" + rows).encode()
    assert len(base64.b64encode(register)) > 1024 * 1024
    carried = {"register": base64.b64encode(register).decode(), "filename": "r.csv", "sector": "石化化工"}
    r = client.post("/renewal/results.csv", data=carried)
    assert r.status_code == 200 and r.text.count("\n") > 2_000


def test_the_register_file_at_its_byte_limit_is_read_and_one_byte_more_is_413(client: TestClient) -> None:
    def send(size: int) -> httpx.Response:
        files = {"file": ("big.csv", b"x" * size, "text/csv")}
        return client.post("/api/renewal/check", files=files, data={"sector": "石化化工"})

    at = send(limits.REGISTER_FILE_BYTES)  # read, then refused for what it holds (one 20 MB field)
    assert at.status_code == 400 and at.json()["code"] == "bad_register"
    over = send(limits.REGISTER_FILE_BYTES + 1)
    assert over.status_code == 413 and over.json()["code"] == "too_large"


def test_json_rows_as_many_as_a_sheet_holds_are_checked_and_one_more_is_413(client: TestClient) -> None:
    rows = [{"asset": f"A{i}", "name": "泵"} for i in range(limits.REGISTER_ROWS - 1)]
    r = client.post("/api/renewal/check", json={"sector": "石化化工", "assets": rows})
    assert r.status_code == 200 and len(r.json()["assets"]) == limits.REGISTER_ROWS - 1
    rows.append({"asset": "one more", "name": "泵"})
    over = client.post("/api/renewal/check", json={"sector": "石化化工", "assets": rows})
    assert over.status_code == 413 and over.json()["code"] == "too_many_rows"
    wide = [{"asset": "A", "name": "泵", **{f"c{i}": 1 for i in range(limits.REGISTER_COLUMNS - 2)}}]
    assert client.post("/api/renewal/check", json={"sector": "石化化工", "assets": wide}).status_code == 200
    wide[0]["one more"] = 1
    over = client.post("/api/renewal/check", json={"sector": "石化化工", "assets": wide})
    assert over.status_code == 413 and over.json()["code"] == "too_many_columns"


def test_a_csv_wider_than_the_register_cap_is_413(client: TestClient) -> None:
    header = ",".join(["asset", "name", *(f"c{i}" for i in range(limits.REGISTER_COLUMNS - 2))])
    at = client.post("/api/renewal/check", files={"file": ("r.csv", f"{header}\nA1,泵\n".encode(), "text/csv")},
                     data={"sector": "石化化工"})  # fmt: skip
    assert at.status_code == 200
    wider = f"{header},one more\nA1,泵\n".encode()
    r = client.post("/api/renewal/check", files={"file": ("r.csv", wider, "text/csv")}, data={"sector": "石化化工"})
    assert r.status_code == 413 and r.json()["code"] == "too_many_columns"
