"""The CLI contract run as a user runs it (through policyhub.cli.main, in process): JSON fields, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli_runner import Ran, run_cli
from policyhub.library.cli import app


def _run(*args: str, home: Path | None = None) -> Ran:
    return run_cli("library", *args, env={"POLICYHUB_HOME": str(home)} if home is not None else None)


def _json(*args: str) -> Any:
    done = _run(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


RUNNER = CliRunner()


def _inproc(*args: str) -> str:
    """The library Typer app alone (exit codes of bad input are checked through the entry point, `_run`)."""
    done = RUNNER.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.output


def _inproc_json(*args: str) -> Any:
    return json.loads(_inproc(*args, "--format", "json"))


def test_list_json_has_the_contract_fields_for_all_30() -> None:
    rows = _json("list")
    assert len(rows) == 30
    for row in rows:
        assert {"id", "title", "issuer", "number", "date", "kind"} <= row.keys()
    first = rows[0]
    assert (first["id"], first["number"], first["date"], first["kind"]) == (
        "d01",
        "工信部重装函〔2024〕254号",
        "2024-09-02",
        "catalog",
    )


def test_list_filters_by_kind_issuer_and_dates() -> None:
    assert [r["id"] for r in _inproc_json("list", "--kind", "qa")] == ["d05", "d25", "d27"]
    assert [r["id"] for r in _inproc_json("list", "--issuer", "国家能源局")] == ["d04", "d24", "d25"]
    assert [r["id"] for r in _inproc_json("list", "--from", "2024-09-19", "--to", "2024-09-30")] == ["d03", "d20"]


def test_search_json_hits_best_first_with_contract_fields() -> None:
    hits = _json("search", "绿证 有效期")
    assert hits
    for hit in hits:
        assert {"doc_id", "title", "unit", "snippet", "score", "citation"} <= hit.keys()
    assert (hits[0]["doc_id"], hits[0]["unit"]) == ("d24", "第二十四条")
    assert "【绿证】" in hits[0]["snippet"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_show_one_unit_and_whole_document() -> None:
    one = _inproc_json("show", "d24", "--unit", "第二十四条")
    assert one["unit"]["id"] == "d24.第二十四条"
    assert one["unit"]["text"].startswith("第二十四条 绿证有效期 2 年")
    whole = _inproc_json("show", "d30")
    assert whole["number"] == "财政部 税务总局公告2024年第14号"
    assert [u["id"] for u in whole["units"]][:3] == ["d30.序", "d30.一", "d30.一.（一）"]


def test_text_output_reads_in_a_terminal() -> None:
    out = _inproc("search", "绿证 有效期", "--limit", "1")
    assert "d24.第二十四条" in out and "【绿证】" in out
    assert "d26.清单.三.6" in _inproc("show", "d26", "--unit", "清单.三.6")
    listing = _inproc("list")
    assert "类型" in listing and "目录" in listing and "catalog" not in listing
    assert "没有找到" in _inproc("search", "泰坦尼克号")


@pytest.mark.parametrize(
    "args",
    [
        ["show", "d99"],
        ["show", "d24", "--unit", "第九十九条"],
        ["search", ""],
        ["search", "绿证", "--kind", "memo"],
        ["list", "--to", "yesterday"],
        ["ingest", "/nonexistent/issue.txt"],
    ],
    ids=lambda a: " ".join(a) or "empty",
)
def test_bad_input_exits_2_with_a_message(args: list[str]) -> None:
    done = _run(*args, "--format", "json")
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr


def test_ingest_then_search_the_new_issue(tmp_path: Path) -> None:
    issue = tmp_path / "issue.txt"
    issue.write_text(
        "某协会\n总第 9 期\n目 录\n关于推广氢燃料重卡的通知\t1\n\n关于推广氢燃料重卡的通知\n"
        "一、推广范围\n氢燃料重卡在港口推广。\n二、支持政策\n给予运营补贴。\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    done = _run("ingest", str(issue), "--format", "json", home=home)
    assert done.returncode == 0, done.stderr
    assert [d["id"] for d in json.loads(done.stdout)["documents"]] == ["n9-d01"]
    found = _run("search", "氢燃料重卡 港口", "--format", "json", home=home)
    assert json.loads(found.stdout)[0]["citation"] == "n9-d01.一"
