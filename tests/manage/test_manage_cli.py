"""The manage commands as the contract states them: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import Ran, run_cli


def _run(*args: str, cwd: Path | None = None) -> Ran:
    return run_cli(*args, cwd=cwd)


def test_questions_lists_nine_areas_and_every_practice_as_json() -> None:
    out = json.loads(_run("manage", "questions", "--format", "json").stdout)
    first = out["areas"][0]
    assert (first["no"], first["title"]) == ("二", "提升企业战略管理能力")
    assert first["practices"][0]["id"] == "二.（一）" and first["practices"][0]["title"] == "明确战略定位"
    assert first["practices"][0]["text"].startswith("明确战略定位。引导中小企业以长期可持续发展为导向")
    assert len(out["areas"]) == 9 and sum(len(a["practices"]) for a in out["areas"]) == 30


def test_assess_reports_in_place_missing_and_priorities(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"firm": "某厂", "answers": {"二.（一）": "done", "二.（二）": "none"}}), encoding="utf-8")
    res = _run("manage", "assess", str(f), "--format", "json")
    assert res.returncode == 0
    out = json.loads(res.stdout)
    two = out["areas"][0]
    assert two["no"] == "二" and two["in_place"] == 0.5
    assert two["missing"] == [{"id": "二.（二）", "title": "明晰市场定位", "text": two["missing"][0]["text"],
                               "citation": "d13.二.（二）", "status": "none", "status_name": "未开展"}]  # fmt: skip
    assert out["priorities"] == ["二.（二）"]
    assert [u["id"] for u in two["unanswered"]] == ["二.（三）"]
    assert "未作答" in _run("manage", "assess", str(f)).stdout


def test_bad_input_is_one_error_line_naming_the_practice_and_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"answers": {"五.（三）": "yes"}}), encoding="utf-8")
    res = _run("manage", "assess", str(f), "--format", "json")
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "五.（三）" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_batch_over_a_member_csv_gives_distribution_and_weakest_practices(tmp_path: Path) -> None:
    f = tmp_path / "members.csv"
    f.write_text("firm,二.（一）,二.（二）,八.（三）\nA,done,done,none\nB,done,partly,none\nC,none,,partly\n",
                 encoding="utf-8")  # fmt: skip
    out = json.loads(_run("manage", "batch", str(f), "--format", "json").stdout)
    assert out["count"] == 3
    two = out["areas"][0]
    assert two["members"] == 3 and two["bands"] == {
        "0–25%": 1,
        "25–50%": 0,
        "50–75%": 0,
        "75–100%": 2,
    }  # B: 1 + 0.5 → 75%
    assert out["weakest_practices"][0]["id"] == "八.（三）" and out["weakest_practices"][0]["mean_in_place"] == 0.1667


def test_batch_reports_a_bad_member_and_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "members.json"
    f.write_text(json.dumps([{"firm": "A", "answers": {"二.（一）": "done"}}, {"firm": "B", "answers": {"x": "done"}}]),
                 encoding="utf-8")  # fmt: skip
    res = _run("manage", "batch", str(f), "--format", "json")
    assert res.returncode == 2 and json.loads(res.stdout)["count"] == 1 and "B" in res.stderr
