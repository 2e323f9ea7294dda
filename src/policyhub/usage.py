"""Click/Typer's usage errors as one `error:` line, Chinese first (issue 27), in place of Click's English box."""

from __future__ import annotations

import difflib
import re
from typing import Any

from typer._click import exceptions as click_errors


def _hint(exc: Any) -> str:
    """The option or argument an error names ('--format', 'FILE'), or ''."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        hint = param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    return str(hint or "")


def _help(exc: Any) -> str:
    ctx = exc.ctx
    return f"（用法见 see `{ctx.command_path} --help`）" if ctx is not None else ""


def _unknown_command(exc: Any) -> str | None:
    """'没有这个命令' with the nearest commands, when the error is Click's "No such command 'x'."."""
    ctx = exc.ctx
    text = exc.format_message()
    if ctx is None or not text.startswith("No such command"):
        return None
    name = text.removeprefix("No such command ").rstrip(".").strip("'\"")
    commands = ctx.command.list_commands(ctx)
    close = difflib.get_close_matches(name, commands, n=3, cutoff=0.5)
    suggestion = f"，是否想用 did you mean: {', '.join(close)}" if close else f"，可用 commands: {', '.join(commands)}"
    return f"没有这个命令 no such command {name!r}{suggestion}"


def usage_message(exc: Exception) -> str:
    """The one line a person reads for a usage error, Chinese first, naming the fix."""
    unknown = _unknown_command(exc)
    if unknown is not None:
        return unknown + _help(exc)
    if isinstance(exc, click_errors.NoSuchOption):
        found = sorted(exc.possibilities or [])
        near = f"，是否想用 did you mean: {', '.join(found)}" if found else ""
        return f"没有这个选项 no such option: {exc.option_name}{near}{_help(exc)}"
    if isinstance(exc, click_errors.MissingParameter):
        argument = (exc.param_type or getattr(exc.param, "param_type_name", "")) == "argument"
        kind = "参数 argument" if argument else "选项 option"
        return f"缺少{kind} missing: {_hint(exc)}{_help(exc)}"
    if isinstance(exc, click_errors.BadParameter):
        message = exc.message.removeprefix("Value error, ")
        choice = re.fullmatch(r"(.+) is not one of (.+)\.", message)
        if choice:  # a bad --format and the like: the value given, then every value allowed
            message = f"{choice.group(1)}；可选 choices: {choice.group(2)}"
        return f"{_hint(exc)} 的值无效 invalid value: {message}{_help(exc)}"
    if isinstance(exc, click_errors.BadOptionUsage):
        return f"选项用法有误 bad option use: {exc.message}{_help(exc)}"
    if isinstance(exc, click_errors.BadArgumentUsage):
        return f"参数有误 bad arguments: {exc.message}{_help(exc)}"
    if isinstance(exc, click_errors.FileError):
        return f"无法打开文件 cannot open file {exc.ui_filename!r}: {exc.message}"
    if isinstance(exc, click_errors.UsageError):
        return f"用法有误 usage error: {exc.format_message()}{_help(exc)}"
    return f"命令失败 command failed: {getattr(exc, 'format_message', lambda: str(exc))()}"
