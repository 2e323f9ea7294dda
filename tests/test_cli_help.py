"""Every help text a person reads is Chinese first: each command's help and each option's and argument's help."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from policyhub.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")
# Options Typer adds on its own, with its own English help: they are not ours to word.
TYPER_OPTIONS = {"--help", "--install-completion", "--show-completion"}

runner = CliRunner()


def _commands() -> Iterator[tuple[str, Any, typer.Context]]:
    """(path, command, its context) for the root and every command below it, the lazily loaded systems too."""
    root = typer.main.get_command(app)
    root_ctx = typer.Context(root, info_name="policyhub")
    yield "policyhub", root, root_ctx
    for name in root.list_commands(root_ctx):
        # The root lists a one-line stand-in per system (its help is checked too) and loads the real one on use.
        yield f"policyhub {name} (listing)", root.get_command(root_ctx, name), root_ctx
        _, command, _ = root.resolve_command(root_ctx, [name])
        yield from _walk(f"policyhub {name}", command, root_ctx)


def _walk(path: str, command: Any, parent: typer.Context) -> Iterator[tuple[str, Any, typer.Context]]:
    ctx = typer.Context(command, info_name=command.name, parent=parent)
    yield path, command, ctx
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            yield from _walk(f"{path} {name}", command.get_command(ctx, name), ctx)


def test_every_help_text_has_chinese() -> None:
    english_only = []
    seen = 0
    for path, command, ctx in _commands():
        seen += 1
        if not CJK.search(command.help or ""):
            english_only.append(f"{path}: command help {command.help!r}")
        for param in command.get_params(ctx):
            flags = set(param.opts) | set(param.secondary_opts)
            if param.param_type_name == "option" and flags & TYPER_OPTIONS:
                continue
            text = getattr(param, "help", None) or ""
            if not CJK.search(text):
                english_only.append(f"{path}: {param.param_type_name} {param.name} help {text!r}")
    assert seen > 60, seen  # the walk reached the loaded systems, not only the root's listing
    assert not english_only, "help texts without Chinese:\n" + "\n".join(english_only)


def test_shell_completion_is_offered_by_no_system_of_the_cli() -> None:
    # `policyhub gec --install-completion` would install completion for a command named "gec": only a whole
    # program can have it, and the root has none.
    offering = [
        path
        for path, command, ctx in _commands()
        for param in command.get_params(ctx)
        if {"--install-completion", "--show-completion"} & set(param.opts)
    ]
    assert not offering, offering


def test_help_panels_are_titled_chinese_first() -> None:
    result = runner.invoke(app, ["gec", "import-projects", "--help"])
    assert result.exit_code == 0, result.output
    for title in ("参数 Arguments", "选项 Options", "[必填 required]", "[默认 default: text]"):
        assert title in result.output
    result = runner.invoke(app, ["admin", "token"])  # a group given no sub-command shows its help
    assert "命令 Commands" in result.output


def test_a_chinese_line_that_fills_its_column_keeps_its_last_word_whole() -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from policyhub.cli import _measure_wrapped_lines_in_cells

    _measure_wrapped_lines_in_cells()  # what a help page does before it is drawn
    console = Console(width=30, record=True)
    table = Table(show_header=False, box=None, padding=0)
    table.add_column(overflow="ellipsis")
    table.add_row(Text("日期 " + "YYYY-MM-DD" * 2 + "YYYYY next words"))  # the first line fills all 30 cells
    console.print(table)
    first, second = console.export_text().splitlines()[:2]
    assert first.rstrip() == "日期 " + "YYYY-MM-DD" * 2 + "YYYYY"
    assert second.strip() == "next words"
