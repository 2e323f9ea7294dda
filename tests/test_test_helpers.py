"""The suite's own helpers keep their word: an in-process `policyhub` run answers as the installed command does, and
a test's database starts at head and empty whatever the test before it left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import databases
from cli_runner import run_cli
from policyhub import clock

POLICYHUB = str(Path(sys.executable).parent / "policyhub")


def _installed(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POLICYHUB, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **env})


def test_in_process_runs_answer_as_the_installed_command(tmp_path: Path) -> None:
    """Exit code, stdout and stderr alike: a result, a usage error, bad input (InputError) and a database error."""
    commands = tmp_path / "c.jsonl"
    commands.write_text(json.dumps({"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三",
                                    "id_doc": "11010519491231002X", "at": "2024-09-25T10:00:00+08:00"}) + "\n",
                        encoding="utf-8")  # fmt: skip
    env = {"POLICYHUB_DB": f"sqlite:///{tmp_path / 'r.sqlite'}", "COLUMNS": "300"}
    assert _installed("gec", "apply", str(commands), env=env).returncode == 0
    cases = [
        ("gec", "state", "--format", "json", "--as-of", "2024-09-25"),
        ("gec", "state", "--format", "xml"),
        ("gec", "verify", "GEC0000000000019"),
        ("digtal",),
        ("gec", "state", "--db", "postgresql://nobody@127.0.0.1:5999/x"),
    ]
    for args in cases:
        real, here = _installed(*args, env=env), run_cli(*args, env=env)
        assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr), args
    assert {run_cli(*args, env=env).returncode for args in cases} == {0, 2}


def test_an_in_process_run_leaves_the_process_as_it_found_it(tmp_path: Path) -> None:
    fixed = clock.now()
    before_env, here, threads = dict(os.environ), os.getcwd(), threading.active_count()
    with clock.frozen(fixed):
        done = run_cli("admin", "token", "create", "--role", "operator", "--db", f"sqlite:///{tmp_path / 'a.sqlite'}",
                       env={"POLICYHUB_PUBLIC_URL": "https://gec.example.cn"}, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0 and done.stdout.strip()
        assert clock.now() == fixed  # the test's clock is back
    assert dict(os.environ) == before_env and os.getcwd() == here
    assert threading.active_count() == threads  # the engine the command left open (and its thread) is closed


def test_a_failing_check_names_the_command_and_its_error() -> None:
    with pytest.raises(AssertionError, match="policyhub gec verify GEC0000000000019 → exit 2: error: "):
        run_cli("gec", "verify", "GEC0000000000019", check=True)


@pytest.mark.postgres
def test_the_shared_postgresql_database_is_put_back_to_head_and_empty(pg_at_head: databases.SharedPg) -> None:
    from policyhub.gec.registry import Registry

    url = pg_at_head.reset()
    with Registry.open(url) as registry:
        opened = registry.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三",
                                 "id_doc": "11010519491231002X", "at": "2024-09-25T10:00:00+08:00"})  # fmt: skip
        assert opened["ok"], opened
    engine = sa.create_engine(url)
    left = engine.connect()  # a test that ends with a transaction open and a row locked
    left.exec_driver_sql("SELECT * FROM gec_meta FOR UPDATE").all()
    try:
        assert pg_at_head.reset() == url  # does not wait for the lock: the connection is ended
    finally:
        left.invalidate()
        engine.dispose()
    with Registry.open(url) as registry:
        assert registry.accounts() == [] and registry.journal(limit=10) == []
        again = registry.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三",
                                "id_doc": "11010519491231002X", "at": "2024-09-25T10:00:00+08:00"})  # fmt: skip
        assert again["ok"] and again["entry"] == opened["entry"], again  # the journal starts again from its head row


def test_the_templates_migrate_every_system_s_chain() -> None:
    src = Path(__file__).resolve().parents[1] / "src"
    found = {f"{p.parent.parent.relative_to(src).as_posix().replace('/', '.')}:migrations"
             for p in src.glob("policyhub/**/migrations/env.py")}  # fmt: skip
    assert {chain.script_location for chain in databases.chains()} == found


def test_the_sqlite_template_is_at_head_and_each_copy_is_its_own(sqlite_template: Path, tmp_path: Path) -> None:
    from policyhub.gec.registry import Registry

    first, second = (databases.copy_sqlite(sqlite_template, tmp_path / f"{n}.sqlite") for n in ("a", "b"))
    with Registry.open(first) as registry:
        assert registry.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三",
                               "id_doc": "11010519491231002X", "at": "2024-09-25T10:00:00+08:00"})["ok"]  # fmt: skip
    with Registry.open(second) as registry:
        assert registry.accounts() == []
    tables = set(sa.inspect(sa.create_engine(f"sqlite:///{sqlite_template}")).get_table_names())
    assert {chain.version_table for chain in databases.chains()} <= tables
