"""Start-up errors: one line saying what is wrong and what to do, exit 2, no traceback; reads create nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

POLICYHUB = str(Path(sys.executable).parent / "policyhub")


def run(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [POLICYHUB, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **env}
    )


def refused(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, an `error:` line naming the problem, no traceback, and the message is one unwrapped line."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in errors[0], errors[0]


def test_an_unreachable_server_is_named_with_what_to_do() -> None:
    proc = run("gec", "state", "--db", "postgresql://nobody@127.0.0.1:5999/x")
    refused(proc, "127.0.0.1:5999", "server is running")


@pytest.mark.postgres
def test_a_missing_postgresql_database_says_to_create_it() -> None:
    proc = run("gec", "state", "--db", "postgresql://postgres@127.0.0.1:5432/policyhub_no_such_db")
    refused(proc, "policyhub_no_such_db", "does not exist", "createdb")


def test_a_read_command_never_creates_a_database(tmp_path: Path) -> None:
    typo = tmp_path / "typo.sqlite"
    for args in (["gec", "state"], ["gec", "holdings", "S1"], ["gec", "listings"], ["gec", "audit"]):
        refused(run(*args, "--db", f"sqlite:///{typo}"), str(typo), "does not exist")
    refused(run("admin", "token", "revoke", "1", "--db", f"sqlite:///{typo}"), "does not exist")
    assert not typo.exists()


def test_apply_creates_a_database_and_says_so(tmp_path: Path) -> None:
    file = tmp_path / "empty.jsonl"
    file.write_text("", encoding="utf-8")
    db = tmp_path / "new.sqlite"
    proc = run("gec", "apply", str(file), "--db", f"sqlite:///{db}")
    assert proc.returncode == 0 and db.exists() and "已新建数据库" in proc.stderr
    proc = run("gec", "apply", str(file), "--db", f"sqlite:///{db}")
    assert proc.returncode == 0 and "已新建数据库" not in proc.stderr


def test_a_directory_that_does_not_exist_is_refused_by_every_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nodir' / 'x.sqlite'}"
    refused(run("gec", "state", "--db", url), "nodir", "does not exist")
    refused(run("serve", "--db", url, "--port", str(_free_port())), "nodir", "does not exist")


def test_serve_refuses_a_port_out_of_range_and_a_port_in_use(tmp_path: Path) -> None:
    proc = run("serve", "--port", "99999", "--db", f"sqlite:///{tmp_path / 'a.sqlite'}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "65535" in proc.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused(run("serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'b.sqlite'}"), str(port))


def test_serve_refuses_an_unreachable_database_before_it_listens() -> None:
    refused(run("serve", "--db", "postgresql://nobody@127.0.0.1:5999/x", "--port", str(_free_port())), "5999")


def test_a_bad_public_url_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    refused(run("serve", "--db", db, "--public-url", "policyhub.example", "--port", str(_free_port())), "public URL")


def test_error_messages_are_not_hard_wrapped_at_80_columns(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "x.sqlite"
    proc = run("gec", "state", "--db", f"sqlite:///{deep}", COLUMNS="80")
    refused(proc, str(deep.parent))


def test_the_root_help_does_not_import_the_systems() -> None:
    code = "import sys; from policyhub.cli import app; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not loaded & {"policyhub.gec.cli", "policyhub.web.app", "alembic", "sqlalchemy", "fastapi", "matplotlib"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
