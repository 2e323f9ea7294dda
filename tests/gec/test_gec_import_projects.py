"""Bulk 建档立卡 (第十条 卖方…完成建档立卡后): `gec import-projects` and op `project_batch`, on both databases."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from gec_helpers import AT, buyer, ok, refused, seller

from cli_runner import Ran, run_cli
from policyhub.gec.audit import audit
from policyhub.gec.domain.project_rows import RowBatch, digest, from_text
from policyhub.gec.registry import Registry

HEADER = "project,owner,name,type,province,capacity_kw,commissioned,fully_market"
LATER = "2024-09-25T11:00:00+08:00"


def cli(*args: str) -> Ran:
    return run_cli("gec", *args)


def write(tmp_path: Path, *lines: str, name: str = "projects.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def accounts(url: str) -> None:
    with Registry.open(url) as r:
        seller(r)
        buyer(r)


GOOD = (
    "P1,S1,张北风电场,wind,河北,50000,2022-05-01,true",
    "P2,S1,屋顶光伏,distributed_pv,Hebei,4.95,2023-03-01,false",
    'P3,S1,"三峡水电站，左岸",hydro,湖北省,22500000,2023-02-01,true',
    "P4,S1,老水电站,hydro,云南,1200,2001-01-01,false",
)


def test_a_good_file_is_imported_in_one_journal_entry_and_audit_replays_it(reg_url: str, tmp_path: Path) -> None:
    accounts(reg_url)
    out = cli("import-projects", str(write(tmp_path, *GOOD)), "--db", reg_url, "--at", LATER, "--format", "json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["imported"] == 4 and summary["entry"] == 3 and summary["ok"] is True
    with Registry.open(reg_url) as r:
        entry = r.journal(after=2, limit=10)[0]
        command = entry["command"] if isinstance(entry["command"], dict) else json.loads(entry["command"])
        assert command["op"] == "project_batch" and command["count"] == 4 and len(command["rows_sha256"]) == 64
        projects = {p["project"]: p for p in r.projects()}
        # 第十四条: conventional hydro is tradable only if commissioned from 2023-01-01 and fully market-based.
        assert projects["P3"]["grid_tradable"] is True and projects["P4"]["grid_tradable"] is False
        assert projects["P2"]["province"] == "河北" and projects["P3"]["name"] == "三峡水电站，左岸"
        result = audit(r)
    assert result["ok"], result["problems"]


def test_the_same_file_twice_is_imported_once(reg_url: str, tmp_path: Path) -> None:
    accounts(reg_url)
    path = write(tmp_path, *GOOD)
    first = cli("import-projects", str(path), "--db", reg_url, "--format", "json")
    again = cli("import-projects", str(path), "--db", reg_url, "--format", "json")
    assert first.returncode == 0 and again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["duplicate"] is True
    assert json.loads(again.stdout)["entry"] == json.loads(first.stdout)["entry"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("P9,S1,x,solar,河北,100,2022-01-01,false", "unknown project type 'solar'"),
        ("P9,S1,x,wind,火星,100,2022-01-01,false", "province"),
        ("P9,S1,x,wind,河北,0,2022-01-01,false", "capacity_kw"),
        ("P9,S1,x,wind,河北,50000000000,2022-01-01,false", "implausible"),  # 50 TW: a unit mistake
        ("P9,S1,x,wind,河北,abc,2022-01-01,false", "must be a number"),
        ("P9,S1,x,wind,河北,100,2022-13-01,false", "commissioned"),
        ("P9,S1,x,wind,河北,100,1850-01-01,false", "implausibly early"),
        ("P9,S1,x,wind,河北,100,2022-01-01,maybe", "fully_market"),
        ("P 9,S1,x,wind,河北,100,2022-01-01,false", "project"),
        ("P9,S1,,wind,河北,100,2022-01-01,false", "name"),
        ("P9,S1,x,wind", "columns"),
    ],
)
def test_each_kind_of_malformed_row_is_named_by_its_line(tmp_path: Path, line: str, reason: str) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    accounts(db)
    out = cli("import-projects", str(write(tmp_path, GOOD[0], line)), "--db", db)
    assert out.returncode == 2
    assert "projects.csv:3: " in out.stderr and reason in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and "nothing imported" in out.stderr
    with Registry.open(db) as r:
        assert r.projects() == []  # the good line 2 was not imported either


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("P9,B1,x,wind,河北,100,2022-01-01,false", "projects belong to sellers"),
        ("P9,NOBODY,x,wind,河北,100,2022-01-01,false", "no account 'NOBODY'"),
        ("P9,S1,x,wind,河北,100,2024-09-26,false", "after 2024-09-25"),
        ("P1,S1,x,wind,河北,100,2022-01-01,false", "duplicates line 2"),
        ("PX,S1,x,wind,河北,100,2022-01-01,false", "already exists"),
    ],
)
def test_each_kind_of_row_the_registry_refuses_is_named_by_its_line(
    reg_url: str, tmp_path: Path, line: str, reason: str
) -> None:
    accounts(reg_url)
    with Registry.open(reg_url) as r:
        ok(r.apply({"op": "register_project", "project": "PX", "owner": "S1", "name": "已有", "type": "wind",
                    "province": "河北", "capacity_kw": 100.0, "commissioned": "2022-01-01", "at": AT}))  # fmt: skip
    out = cli("import-projects", str(write(tmp_path, GOOD[0], line)), "--db", reg_url, "--at", AT, "--format", "json")
    assert out.returncode == 2, out.stdout
    errors = json.loads(out.stdout)["errors"]
    assert [e["line"] for e in errors] == [3] and reason in errors[0]["reason"], errors
    with Registry.open(reg_url) as r:
        assert [p["project"] for p in r.projects()] == ["PX"]


def test_every_bad_row_is_listed_not_only_the_first(reg_url: str, tmp_path: Path) -> None:
    accounts(reg_url)
    lines = [
        "Q1,B1,x,wind,河北,100,2022-01-01,false",
        "Q2,S1,x,wind,河北,100,2022-01-01,false",
        "Q3,NOBODY,x,wind,河北,100,2022-01-01,false",
    ]
    path = write(tmp_path, *lines)
    with Registry.open(reg_url) as r:
        ok(r.apply({"op": "register_project", "project": "Q2", "owner": "S1", "name": "已有", "type": "wind",
                    "province": "河北", "capacity_kw": 100.0, "commissioned": "2022-01-01", "at": AT}))  # fmt: skip
    out = cli("import-projects", str(path), "--db", reg_url, "--format", "json")
    assert out.returncode == 2
    assert [e["line"] for e in json.loads(out.stdout)["errors"]] == [2, 3, 4]


def test_project_batch_over_the_python_api_checks_rows_like_register_project(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        seller(r)
        row = {"project": "P1", "owner": "S1", "name": "风电", "type": "wind", "province": "河北",
               "capacity_kw": 50000.0, "commissioned": "2022-05-01", "fully_market": True}  # fmt: skip
        bad = refused(r.apply({"op": "project_batch", "rows": [row, {**row, "project": "P2", "type": "coal"}]}),
                      "invalid_command")  # fmt: skip
        assert "row 2" in bad["error"]["message"]
        refused(r.apply({"op": "project_batch", "rows": [row, row]}), "invalid_command")
        res = ok(r.apply({"op": "project_batch", "rows": [row, {**row, "project": "P2"}]}))
        assert res["imported"] == 2
        late = refused(r.apply({"op": "project_batch", "rows": [{**row, "project": "P3", "owner": "S9"}]}),
                       "unknown_account")  # fmt: skip
        assert late["error"]["rows"] == [{"row": 1, "reason": "账户不存在 no account 'S9'"}]
        assert audit(r)["ok"]


def test_a_missing_file_or_header_is_one_error_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    missing = cli("import-projects", str(tmp_path / "nope.csv"), "--db", db)
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and "no such file" in missing.stderr
    (tmp_path / "h.csv").write_text("project,owner\nP1,S1\n", encoding="utf-8")
    header = cli("import-projects", str(tmp_path / "h.csv"), "--db", db)
    assert header.returncode == 2 and "header lacks name" in header.stderr
    naive = cli("import-projects", str(write(tmp_path, *GOOD)), "--db", db, "--at", "2024-09-25T10:00:00")
    assert naive.returncode == 2 and "needs an offset" in naive.stderr


def test_an_altered_stored_batch_fails_the_audit(reg_url: str, tmp_path: Path) -> None:
    accounts(reg_url)
    assert cli("import-projects", str(write(tmp_path, *GOOD)), "--db", reg_url).returncode == 0
    with Registry.open(reg_url) as r:
        with r.engine.begin() as conn:
            # Someone edits the published input after the fact: P4's capacity 1200 → 12000.
            conn.exec_driver_sql("UPDATE gec_project_batches SET rows = REPLACE(rows, '1200.0', '12000.0')")
        result = audit(r)
    assert not result["ok"]
    assert any("project rows altered" in p["message"] for p in result["problems"]), result["problems"]


@pytest.mark.postgres
def test_a_large_batch_text_is_stored_lz4_compressed_on_postgresql_and_audits(reg_url: str) -> None:
    if not reg_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's column compression")
    accounts(reg_url)
    rows = [(f"P{i}", "S1", f"光伏电站{i}", "pv", "河北", 1000.0, "2022-05-01", False) for i in range(200)]
    with Registry.open(reg_url) as r:
        assert r.import_projects(rows)["ok"]  # type: ignore[arg-type]
        with r.engine.connect() as conn:
            has_lz4 = conn.exec_driver_sql(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
            ).scalar()
            stored = conn.exec_driver_sql(
                "SELECT pg_column_compression(rows), length(rows) FROM gec_project_batches"
            ).one()
        assert stored[1] > 8000  # past the 2 kB at which a value is compressed at all
        assert stored[0] == ("lz4" if has_lz4 else None)
        assert audit(r)["ok"]


def test_the_stored_batch_text_keeps_its_form_and_reads_back_to_the_same_rows() -> None:
    # The journal holds the SHA-256 of this text: its form may never change, or older entries stop auditing.
    rows = RowBatch([("P1", "S1", "张北风电场", "wind", "河北", 50000.0, "2022-05-01", True),
                     ("P2", "S1", "屋顶光伏", "distributed_pv", "河北", 4.95, "2023-03-01", False)])  # fmt: skip
    assert rows.text == (
        "P1\tS1\t张北风电场\twind\t河北\t50000.0\t2022-05-01\t1\n"
        "P2\tS1\t屋顶光伏\tdistributed_pv\t河北\t4.95\t2023-03-01\t0\n"
    )
    assert from_text(rows.text) == rows
    assert digest(rows) == hashlib.sha256(rows.text.encode()).hexdigest()
