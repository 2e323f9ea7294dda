"""`policyhub …` run in this process: exit code, stdout and stderr as the installed command gives them, in a
fraction of a process's start-up (1–7 s each). Through `policyhub.cli.main`, so bad input is the same `error:`
line and exit 2, a database error the same one line; an exception main lets through is a traceback and exit 1.

The few tests of the installed command itself (its start-up, kill -9, `serve`) keep real processes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy
from typer.testing import CliRunner

from policyhub import cli, clock
from policyhub.storage import close_engine

# Set while a command runs in process: fixtures that stand in for parts of the program in other tests (the
# registry's FollowClock in tests/gec/conftest.py) step aside, as they would in a real `policyhub` process.
RUNNING = False


@dataclass
class Ran:
    """What a finished `policyhub` process shows (named like subprocess.CompletedProcess)."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    exception: BaseException | None = None  # what escaped main() (a real process prints it as a traceback)
    stdout_bytes: bytes = b""  # stdout as written (a PDF, say); `stdout` is it decoded as UTF-8


@contextlib.contextmanager
def _isolated(cwd: Path | str | None) -> Iterator[None]:
    """Whatever a command may change in the process is put back after it: environment, clock, directory, and the
    database engines it opened are closed (a process's end would close them: some commands leave that to it)."""
    global RUNNING
    environ, before, here = dict(os.environ), clock._clock, os.getcwd()
    create_engine, opened = sqlalchemy.create_engine, []

    def _tracked(*args: Any, **kwargs: Any) -> sqlalchemy.Engine:
        engine = create_engine(*args, **kwargs)
        opened.append(engine)
        return engine

    clock.set_clock(None)  # a real process runs on the machine's clock
    sqlalchemy.create_engine = _tracked  # type: ignore[assignment]
    RUNNING = True
    try:
        if cwd is not None:
            os.chdir(cwd)
        yield
    finally:
        RUNNING = False
        sqlalchemy.create_engine = create_engine
        for engine in opened:
            close_engine(engine)  # its checkpoint thread (SQLite) stops, its connections close
        os.chdir(here)
        clock.set_clock(before)
        os.environ.clear()
        os.environ.update(environ)


def run_cli(
    *args: str | Path,
    env: Mapping[str, str | None] | None = None,
    input: str | bytes | None = None,
    cwd: Path | str | None = None,
    check: bool = False,
) -> Ran:
    """Run `policyhub ARGS` in process; env entries set (None: unset) variables for this run only; `check`: a
    non-zero exit fails the test (as subprocess.run's check=True raises)."""
    argv = [str(a) for a in args]
    app = cli.app
    code, failure = 0, None
    with _isolated(cwd), CliRunner().isolation(input=input, env=env) as streams:
        # main() calls the module's `app()`: given the arguments and the program's name here (Click would take
        # them from sys.argv, which is pytest's).
        cli.app = lambda: app(args=argv, prog_name="policyhub")  # type: ignore[assignment,misc]
        try:
            cli.main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                sys.stderr.write(f"{exc.code}\n")
        except Exception as exc:  # what the interpreter would print on its way out of a real process
            failure, code = exc, 1
            sys.stderr.write("".join(traceback.format_exception(exc)))
        finally:
            cli.app = app
            sys.stdout.flush()
            sys.stderr.flush()
        raw, err = streams[0].getvalue(), streams[1].getvalue().decode(errors="replace")
    assert not check or code == 0, f"policyhub {' '.join(argv)} → exit {code}: {err}"
    return Ran(argv, code, raw.decode(errors="replace"), err, failure, raw)
