"""Pages and module APIs mounted in the one service answer as the CLI does."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from cli_runner import run_cli

FIRM = {
    "answers": {"1": [1, 2], "2": {"devices": 100, "digital_devices": 35}, "3": 2, "4": [1, 2, 3], "5": 2,
                "6": [1, 2], "7": [1], "8": 1, "9": [1, 2], "10": [2], "11": 1, "12": 2, "13": 2, "14": 1, "15": 1},
    "scenarios": {"产品设计": [1, 2], "工艺设计": [1], "生产管控": [1, 2], "质量管理": [1, 2], "设备管理": [1],
                  "采购管理": [1, 2], "仓储物流": [1], "财务管理": [1, 2]},
}  # fmt: skip


def test_api_assess_answers_the_same_json_as_the_cli(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "firm.json"
    path.write_text(json.dumps(FIRM), encoding="utf-8")
    cli = run_cli("digital", "assess", str(path), "--format", "json")
    assert cli.returncode == 0, cli.stderr
    api = client.post("/api/digital/assess", json=FIRM)
    assert api.status_code == 200
    assert api.json() == json.loads(cli.stdout)


def test_api_bad_input_is_a_problem_not_a_500(client: TestClient) -> None:
    for body in ({"answers": {"1": [0, 1]}}, {"answers": "x"}, [], {"answers": {**FIRM["answers"], "99": 1}}):
        r = client.post("/api/digital/assess", json=body)
        assert 400 <= r.status_code < 500, (body, r.status_code)
        assert r.headers["content-type"].startswith("application/problem+json")


def test_questionnaire_page_prints_every_option_and_scenario_level(client: TestClient) -> None:
    spec = client.get("/api/digital/questions").json()
    page = client.get("/digital").text
    for q in spec["questions"]:
        for option in q["options"]:
            assert option.replace("&", "&amp;") in page
    for s in spec["scenarios"]:
        for description in s["levels"]:
            assert description in page


def test_each_assessment_is_placed_among_the_firms_assessed_before(client: TestClient) -> None:
    store = client.app.state.services.assessments  # type: ignore[attr-defined]
    for score in (10.0, 30.0, 50.0, 70.0):
        store.save("earlier", score, 0, {})
    standing = store.standing(46.52)
    assert standing == {"assessed": 4, "below": 2, "percentile": 50.0, "levels": {0: 4}}


def test_firstset_check_page_shows_met_and_missed_with_the_gap(client: TestClient) -> None:
    page = client.post("/firstset/entries/1.1.2", data={"p0": "0.6um", "p2": "1.8 μm"})
    assert page.status_code == 200
    assert "未达到 missed" in page.text and "达到 met" in page.text and "20.0%" in page.text
    bad = client.post("/firstset/entries/1.1.2", data={"p0": "5 kg"})
    assert bad.status_code == 400


def test_firstset_check_page_says_undecided_for_an_ambiguous_figure_never_not_given(client: TestClient) -> None:
    # 8.4.13 prints "扬程: 165m" without ≥ or ≤: 170 m is neither met nor missed, and the page says why.
    page = client.post("/firstset/entries/8.4.13", data={"p1": "170 m"})
    assert page.status_code == 200
    assert "无法判定 undecided" in page.text and "未填 not given" in page.text  # 流量 etc. were left empty
    assert "165" in page.text.split("无法判定 undecided", 1)[1][:600]  # the note names the printed figure


def test_library_document_page_anchors_every_unit(client: TestClient) -> None:
    doc = client.get("/api/library/documents/d24").json()
    page = client.get("/library/docs/d24").text
    for unit in doc["units"]:
        assert f'id="{unit["label"]}"' in page


def test_rule_checkers_are_served(client: TestClient) -> None:
    r = client.post("/api/rules/negative-list", json={"activity": "核电站建设经营", "date": "2025-01-01"})
    assert r.status_code == 200 and r.json()["restricted"] is True
