"""The firm, manage and scenario pages over a real SQLite file, signed in as the firm; the report as a PDF."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from fastapi.testclient import TestClient
from tests.web.tests_web_support import csrf_of

from policyhub.web.app import create_app

CODE = "91350100M000100Y43"
DIGITAL = {"answers": {"1": [1], "2": 1, "3": 1, "4": [1], "5": 1, "6": [1], "7": [1], "8": 1, "9": [1], "10": [1],
                       "11": 1, "12": 1, "13": 1, "14": 1, "15": 1}, "scenarios": {"生产管控": [1]}}  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("firms") / "web.sqlite"
    with TestClient(create_app(f"sqlite:///{db}")) as c:
        yield c


@pytest.fixture(scope="module")
def credential(client: TestClient) -> str:
    """The firm signed up on the page (this client is now signed in as it); its secret."""
    form = {"firm": "页面测试机械厂", "credit_code": CODE, "sector": "重型机械"}
    res = client.post("/firms/signup", data=form | {"csrf": csrf_of(client.get("/firms/signup").text)})
    assert res.status_code == 200
    return str(re.findall(r'id="credential">([^<]+)<', res.text)[0])


@pytest.fixture(scope="module")
def firm_url(client: TestClient, credential: str) -> str:
    for on, status in (("2024-03-01", "none"), ("2024-09-01", "done")):
        form = {"on": on, "csrf": csrf_of(client.get("/manage").text)}
        res = client.post("/manage", data=form | {"p_二.（一）": status, "p_八.（三）": "partly"})
        assert res.status_code == 200
    form = {"kind": "digital", "on": "2024-09-02", "csrf": csrf_of(client.get("/firms").text)}
    res = client.post("/firms", data=form | {"submission": json.dumps(DIGITAL)}, follow_redirects=False)
    assert res.status_code == 303
    return str(res.headers["location"])


def test_the_firm_page_charts_each_kind_and_lists_what_changed(client: TestClient, firm_url: str) -> None:
    html = client.get(firm_url).text
    assert 'id="chart-manage"' in html and 'id="chart-digital"' in html and "<svg" in html
    assert "做法 二.（一）" in html and "二、提升企业战略管理能力 已开展比例" in html
    assert client.get("/firms").text.count("页面测试机械厂") == 1
    page = TestClient(client.app).get("/firms")  # no session (and no lifespan: the app stays open for the others)
    assert page.status_code == 200 and "页面测试机械厂" not in page.text and 'id="sign-in"' in page.text


def test_the_report_pdf_carries_the_chinese_text_and_its_citations(client: TestClient, firm_url: str) -> None:
    res = client.get(firm_url + "/report.pdf")
    assert res.status_code == 200 and res.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(res.content))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    compact = "".join(text.split())
    for words in ("企业诊断报告", "页面测试机械厂", "数字化水平", "管理提升诊断", "加强内控内审", "d13.八.（三）",
                  "可对标的智能制造典型场景", "产线柔性配置", "d03.五.9", "重型机械行业", "d17.二"):  # fmt: skip
        assert words in compact, words


def test_the_report_page_cites_every_section(client: TestClient, firm_url: str) -> None:
    html = client.get(firm_url + "/report").text
    assert "〔d17.二" in html and "〔d13.八.（三）〕" in html and "〔d03.五.9〕" in html and "〔d02." in html


def test_a_bad_submission_returns_the_form_with_the_message(client: TestClient, credential: str) -> None:
    bad = {"kind": "manage", "submission": '{"answers": {"二.（九）": "done"}}'}
    res = client.post("/firms", data=bad | {"csrf": csrf_of(client.get("/firms").text)})
    assert res.status_code == 400 and "二.（九）" in res.text
    form = {"firm": "某厂", "credit_code": "123", "csrf": csrf_of(client.get("/firms/signup").text)}
    res = client.post("/firms/signup", data=form)
    assert res.status_code == 400 and "统一社会信用代码" in res.text


def test_scenario_pages_list_search_and_map(client: TestClient) -> None:
    assert client.get("/scenarios").text.count('href="/scenarios/') == 40
    assert "设备智能运维" in client.get("/scenarios", params={"q": "预测性维护"}).text
    assert "先进过程控制" in client.get("/scenarios", params={"digital": "生产管控"}).text
    one = client.get("/scenarios/17").text
    assert "设备管理" in one and "d03.七.17" in one
    assert client.get("/scenarios/41").status_code == 404


def test_the_manage_form_shows_every_practice_and_says_the_scoring_is_ours(client: TestClient) -> None:
    html = client.get("/manage").text
    assert html.count('value="partly"') == 30 and "非官方" in html


def test_the_api_history_and_report(client: TestClient, firm_url: str, credential: str) -> None:
    mine = {"Authorization": f"Bearer {credential}"}
    h = client.get(f"/api/firms/{CODE}", headers=mine).json()
    assert [a["on"] for a in h["assessments"]] == ["2024-03-01", "2024-09-01", "2024-09-02"]
    assert h["changes"]["manage"]["from"] == "2024-03-01"
    assert client.get(f"/api/firms/{CODE}/report", headers=mine).json()["goals"]["name"] == "重型机械行业"
    assert client.get("/api/firms/nobody", headers=mine).status_code == 403  # not its own: the same as another's
    assert Path(firm_url).name.isdigit()


def test_any_two_assessments_of_one_kind_can_be_compared(client: TestClient, firm_url: str, credential: str) -> None:
    mine = {"Authorization": f"Bearer {credential}"}
    ids = [a["id"] for a in client.get(f"/api/firms/{CODE}", headers=mine).json()["assessments"]]
    same = client.get(firm_url, params={"a": ids[0], "b": ids[1]}).text
    assert "管理提升自诊断：2024-03-01 → 2024-09-01" in same
    mixed = client.get(firm_url, params={"a": ids[0], "b": ids[2]}).text
    assert "请选择同一类别的两次评测" in mixed
