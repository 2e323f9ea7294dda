"""The firm commands under `policyhub manage`: record twice, history with what changed, report, errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.digital.digital_helpers import firm

from cli_runner import Ran, run_cli


def _run(*args: str) -> Ran:
    return run_cli("manage", *args)


def test_record_twice_then_history_and_report(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.sqlite'}"
    (tmp_path / "a.json").write_text(json.dumps({"answers": {"九.（二）": "none"}}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"answers": {"九.（二）": "partly"}}), encoding="utf-8")
    who = ["--firm", "某厂", "--code", "91350100M000100Y43", "--sector", "重型机械"]
    first = _run("record", str(tmp_path / "a.json"), "--kind", "manage", *who, "--on", "2024-01-10", "--db", db,
                 "--format", "json")  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["firm"]["sector"] == "重型机械"
    assert _run("record", str(tmp_path / "b.json"), "--kind", "manage", "--firm", "某厂", "--on", "2024-07-10",
                "--db", db).returncode == 0  # fmt: skip
    h = json.loads(_run("history", "91350100M000100Y43", "--db", db, "--format", "json").stdout)
    assert [a["on"] for a in h["assessments"]] == ["2024-01-10", "2024-07-10"]
    moved = h["changes"]["manage"]["changes"]
    assert {"what": "做法 九.（二） 推进数字化应用", "before": "未开展", "after": "部分开展"} in moved
    rep = json.loads(_run("report", "某厂", "--db", db, "--format", "json").stdout)
    assert rep["manage"]["priorities"] == ["九.（二）"] and rep["digital"] is None
    assert rep["goals"]["name"] == "重型机械行业"


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.sqlite'}"
    (tmp_path / "a.json").write_text(json.dumps({"answers": {}}), encoding="utf-8")
    for args in (["--kind", "other", "--firm", "x"], ["--kind", "manage", "--firm", "x", "--on", "1/2/24"]):
        res = _run("record", str(tmp_path / "a.json"), *args, "--db", db)
        assert res.returncode == 2 and res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, args
    assert _run("history", "nobody", "--db", db).returncode == 2


def test_signup_prints_a_credential_once_that_opens_only_its_firm_until_revoked(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from policyhub.web.app import create_app

    db = f"sqlite:///{tmp_path / 'f.sqlite'}"
    (tmp_path / "a.json").write_text(json.dumps({"answers": {"九.（二）": "none"}}), encoding="utf-8")
    assert (
        _run("record", str(tmp_path / "a.json"), "--kind", "manage", "--firm", "旧档案厂", "--db", db).returncode == 0
    )
    new = _run("signup", "--firm", "新注册厂", "--code", "91350100M000100Y43", "--db", db, "--format", "json")
    assert new.returncode == 0, new.stderr
    made = json.loads(new.stdout)
    assert made["credential"].startswith("phf_") and made["firm"]["credit_code"] == "91350100M000100Y43"
    old = _run("signup", "--firm", "旧档案厂", "--db", db)  # a firm on file: the operator issues its credential
    assert old.returncode == 0 and old.stdout.strip().startswith("phf_")
    with TestClient(create_app(db)) as site:
        mine = {"Authorization": f"Bearer {old.stdout.strip()}"}
        assert [f["name"] for f in site.get("/api/firms", headers=mine).json()] == ["旧档案厂"]
        assert site.get("/api/firms/新注册厂", headers=mine).status_code == 403
        revoked = _run("revoke", "旧档案厂", "--db", db)
        assert revoked.returncode == 0 and "1" in revoked.stdout
        assert site.get("/api/firms", headers=mine).status_code == 401
    assert _run("revoke", "nobody", "--db", db).returncode != 0


def test_report_is_readable_text_by_default_with_every_section(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.sqlite'}"
    (tmp_path / "m.json").write_text(json.dumps({"answers": {"九.（二）": "none"}}), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps(firm()), encoding="utf-8")
    who = ["--firm", "某厂", "--sector", "重型机械", "--db", db]
    assert _run("record", str(tmp_path / "m.json"), "--kind", "manage", *who).returncode == 0
    assert _run("record", str(tmp_path / "d.json"), "--kind", "digital", *who).returncode == 0
    text = _run("report", "某厂", "--db", db)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert out.startswith("诊断报告 report：某厂") and not out.lstrip().startswith("{")
    sections = ("一、数字化水平", "二、管理提升自诊断", "三、可对标的典型场景", "四、行业目标", "依据 sources")
    for section in sections:
        assert section in out, section
    assert "数字化水平等级" in out and "九.（二） 推进数字化应用" in out and "重型机械行业" in out
