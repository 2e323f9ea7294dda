"""Every usage error a person meets is one `error:` line, Chinese first, exit 2 (issue 27 contract)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from policyhub.cli import app
from policyhub.errors import InputError

CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()


def _leaves() -> Iterator[tuple[list[str], Any, typer.Context]]:
    """(argv, command, context) for every group and command, the lazily loaded systems too."""
    root = typer.main.get_command(app)
    root_ctx = typer.Context(root, info_name="policyhub")
    for name in root.list_commands(root_ctx):
        _, command, _ = root.resolve_command(root_ctx, [name])
        yield from _walk([name], command, root_ctx)


def _walk(argv: list[str], command: Any, parent: typer.Context) -> Iterator[tuple[list[str], Any, typer.Context]]:
    ctx = typer.Context(command, info_name=command.name, parent=parent)
    yield argv, command, ctx
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            yield from _walk([*argv, name], command.get_command(ctx, name), ctx)


def _said(argv: list[str]) -> tuple[int, str]:
    """Exit code and the first line a person reads (an InputError is what `main` prints as `error:`)."""
    result = runner.invoke(app, argv)
    if isinstance(result.exception, InputError):
        return 2, f"error: {result.exception.message}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (argv, result.exception)
    lines = (result.stderr or result.stdout).strip().splitlines()
    return result.exit_code, lines[0] if lines else ""


def _chinese_error(argv: list[str], problems: list[str]) -> None:
    code, first = _said(argv)
    if code != 2 or not first.startswith("error:") or not CJK.search(first) or "Traceback" in first:
        problems.append(f"policyhub {' '.join(argv)} → exit {code}: {first!r}")


def test_every_command_answers_a_bad_option_with_one_chinese_error_line() -> None:
    problems: list[str] = []
    seen = 0
    for argv, _, _ in _leaves():
        seen += 1
        _chinese_error([*argv, "--bad-option"], problems)
    assert seen > 50, seen
    assert not problems, "\n".join(problems)


def test_every_choice_answers_a_bad_value_with_the_choices_in_chinese() -> None:
    problems: list[str] = []
    seen = 0
    for argv, command, ctx in _leaves():
        for param in command.get_params(ctx):
            annotation = getattr(param, "type", None)
            enum = getattr(annotation, "enum", None) or getattr(param, "_typer_enum", None)
            if param.param_type_name != "option" or not param.opts[0].startswith("--"):
                continue
            if not (isinstance(enum, type) and issubclass(enum, Enum)) and param.opts[0] != "--format":
                continue
            seen += 1
            code, first = _said([*argv, param.opts[0], "xml-nonsense"])
            if code != 2 or not first.startswith("error:") or not CJK.search(first) or "可选" not in first:
                problems.append(f"policyhub {' '.join(argv)} {param.opts[0]} xml-nonsense → {code}: {first!r}")
    assert seen > 20, seen
    assert not problems, "\n".join(problems)


def test_every_command_refusing_a_missing_file_or_unknown_id_says_why_in_chinese(tmp_path: Path) -> None:
    problems: list[str] = []
    seen = 0
    missing = str(tmp_path / "missing-file.csv")  # no Chinese of its own to pass the check
    for argv, command, ctx in _leaves():
        arguments = [p for p in command.get_params(ctx) if p.param_type_name == "argument"]
        if isinstance(command, TyperGroup) or not arguments:
            continue
        seen += 1
        has_db = any("--db" in p.opts for p in command.get_params(ctx))
        db = ["--db", f"sqlite:///{tmp_path / 'none.sqlite'}"] if has_db else []
        code, first = _said([*argv, missing, *db])
        # A search may well find nothing and say so; a command that refuses says why, in Chinese first.
        if code != 0 and (not first.startswith("error:") or not CJK.search(first)):
            problems.append(f"policyhub {' '.join(argv)} {missing} → {code}: {first!r}")
    assert seen > 10, seen
    assert not problems, "\n".join(problems)


def test_every_command_missing_its_argument_says_so_in_chinese() -> None:
    problems: list[str] = []
    for argv, command, ctx in _leaves():
        required = [p for p in command.get_params(ctx) if p.param_type_name == "argument" and p.required]
        if required and not isinstance(command, TyperGroup):
            _chinese_error(argv, problems)
    assert not problems, "\n".join(problems)


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policyhub.cli", *argv], capture_output=True, text=True, timeout=60)


def test_an_unknown_command_is_one_chinese_line_with_a_suggestion_in_a_real_process() -> None:
    done = _run("digtal")
    assert done.returncode == 2
    first = done.stderr.splitlines()[0]
    assert first.startswith("error: 没有这个命令") and "digital" in first, done.stderr
    assert "Traceback" not in done.stderr and "╭" not in done.stderr


def test_a_bad_format_is_one_chinese_line_naming_the_choices_in_a_real_process() -> None:
    done = _run("gec", "state", "--format", "xml")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("error: '--format' 的值无效") and "'json'" in done.stderr, done.stderr


# Commands without --format, with the reason: they print no result a script would read.
NO_FORMAT = {"serve": "serves forever; it prints the address and the demo's tokens, not a result"}
# Commands whose default is JSON, with the reason (they take --format text all the same).
JSON_BY_DEFAULT = {"gec apply": "a batch tool: one JSON result per line is its log, as the README shows"}


def test_every_command_takes_format_with_text_by_default() -> None:
    from policyhub.cli import Attached, _command

    missing = []
    for argv, command, ctx in _leaves():
        if isinstance(command, TyperGroup) or " ".join(argv) in NO_FORMAT:
            continue
        if isinstance(command, Attached):  # the listing's stand-in: the real command has the options
            command = _command(command.where, command.name or "")
            ctx = typer.Context(command, info_name=command.name)
        formats = [p for p in command.get_params(ctx) if "--format" in p.opts]
        default = "json" if " ".join(argv) in JSON_BY_DEFAULT else "text"
        if not formats or str(getattr(formats[0].default, "value", formats[0].default)) != default:
            missing.append(" ".join(argv))
    assert not missing, f"commands without --format (text by default): {missing}"


def test_the_errors_a_new_user_met_on_the_command_line_are_chinese_first(tmp_path: Path) -> None:
    from policyhub.access.tokens import TokenStore
    from policyhub.gec.adapters.db import open_engine

    db = f"sqlite:///{tmp_path / 'ph.sqlite'}"
    TokenStore(open_engine(db, create=True))  # a database with the token table, no token 999
    met = [["library", "show", "d99"], ["gec", "verify", "GEC999"], ["library", "renewal", "造船x"],
           ["library", "ingest", str(tmp_path / "missing-issue.txt")], ["gec", "report", "--month", "2030-13"],
           ["admin", "token", "revoke", "999", "--db", db]]  # fmt: skip
    problems: list[str] = []
    for argv in met:
        _chinese_error(argv, problems)
    assert not problems, "\n".join(problems)
