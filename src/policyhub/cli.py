"""The `policyhub` command: one Typer app with a sub-command per system, each imported only when it is used."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from policyhub.errors import InputError

# name → (where its Typer app or command function lives, its one-line help). Listing them costs no import; a
# command's module loads when it runs, so `policyhub --help` and a simple command start quickly.
SYSTEMS: dict[str, tuple[str, str]] = {
    "digital": ("policyhub.digital.cli:app", "中小企业数字化水平评测 SME digital-level assessment (2024)."),
    "gec": ("policyhub.gec.cli:app", "绿证核发和交易 green electricity certificate registry and trading."),
    "firstset": ("policyhub.firstset.cli:app", "首台（套）重大技术装备目录 first-set equipment catalog and checker."),
    "library": ("policyhub.library.cli:app", "政策库 the 30 documents, searchable to the clause."),
    "rules": ("policyhub.library.rules.cli:rules_app", "规则判定 negative list, R&D eligibility, stamp duty."),
    "renewal": ("policyhub.renewal.cli:app", "设备更新体检 an asset register against the equipment-renewal guide."),
    "greenpower": ("policyhub.greenpower.cli:app", "绿色电力消费核算 a firm's green-electricity accounts and claims."),
    "match": ("policyhub.match.cli:app", "政策匹配与申报日历 policy match: every call, duty and deadline."),
    "manage": ("policyhub.manage.cli:app", "工业中小企业管理提升自诊断 SME management self-diagnosis (2024 guide)."),
    "scenarios": ("policyhub.scenarios.cli:app", "智能制造典型场景 the 40 typical smart-manufacturing scenarios."),
    "admin": ("policyhub.access.cli:admin_app", "管理 API 令牌与角色 API tokens and roles."),
    "serve": ("policyhub.web.cli:serve", "启动服务 serve the HTTP API and the web pages (the main job)."),
}


# Typer's help panels and markers, Chinese first. Typer reads these module constants each time it draws a help page.
HELP_STRINGS = {
    "ARGUMENTS_PANEL_TITLE": "参数 Arguments",
    "OPTIONS_PANEL_TITLE": "选项 Options",
    "COMMANDS_PANEL_TITLE": "命令 Commands",
    "DEFAULT_STRING": "[默认 default: {}]",
    "ENVVAR_STRING": "[环境变量 env var: {}]",
    "REQUIRED_LONG_STRING": "[必填 required]",
}


class HelpContext(typer.Context):
    """Sets HELP_STRINGS just before a help page is drawn: Typer's help renderer (typer.rich_utils) takes ~0.2 s to
    import, which a command that prints no help should not pay."""

    def get_help(self) -> str:
        from typer import rich_utils

        for constant, text in HELP_STRINGS.items():
            setattr(rich_utils, constant, text)
        _measure_wrapped_lines_in_cells()
        return super().get_help()


def _measure_wrapped_lines_in_cells() -> None:
    """Rich (15.0) trims a wrapped line's trailing space only when its *character* count passes the width.

    A Chinese character is two cells, so a line of Chinese whose last word ends at the column's edge keeps its
    space, is one cell too wide, and the table's ellipsis eats that word's last letter ("YYYY-MM-D…"). Counting
    cells, as the wrap itself does, keeps the whole word.
    """
    from rich import text

    def rstrip_end(self: text.Text, size: int) -> None:
        excess = self.cell_len - size
        found = text._re_whitespace.search(self.plain) if excess > 0 else None
        if found is not None:
            self.right_crop(min(len(found.group(0)), excess))

    text.Text.rstrip_end = rstrip_end  # type: ignore[method-assign]


def _with_help_context(command: Any) -> None:
    """Every command of a loaded system makes HelpContext contexts (its --help and no-args help pages)."""
    command.context_class = HelpContext
    for sub in getattr(command, "commands", {}).values():
        _with_help_context(sub)


# Commands a group shows that belong to a module above its own: `policyhub library renewal` is renewal's (the
# library sits below renewal and may not import it) but keeps the place users know. group → name → (where, help).
ATTACHED: dict[str, dict[str, tuple[str, str]]] = {
    "library": {
        "renewal": (
            "policyhub.renewal.cli:guide",
            "设备更新指南 the renewal guide (工信厅规〔2024〕33号): industries, or one industry's goal, basis, "
            "directions.",
        ),
    },
}


def _command(where: str, name: str) -> Any:
    """The click command for a Typer app or a command function given as module:attribute."""
    module, attr = where.split(":")
    target: Any = getattr(importlib.import_module(module), attr)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _with_help_context(command)
    return command


class Attached(TyperCommand):
    """An attached command's stand-in: lists with its one-line help, imports the real command only to run it."""

    def __init__(self, name: str, where: str, text: str) -> None:
        super().__init__(name=name, help=text, short_help=text)
        self.where = where

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        # The group invokes the command its context names, so the real one parses the arguments and runs.
        return _command(self.where, self.name or "").make_context(info_name, args, parent=parent, **extra)


def _load(name: str) -> Any:
    command = _command(SYSTEMS[name][0], name)
    for sub, (where, text) in ATTACHED.get(name, {}).items():
        command.add_command(Attached(sub, where, text))
    return command


class LazyGroup(TyperGroup):
    """Lists every system from SYSTEMS; imports one only when it is invoked."""

    context_class = HelpContext

    # Typer vendors its own click: the context and command types are its private ones, hence Any here.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(SYSTEMS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        # Help listings ask for every command: a stand-in with the one-line help answers without an import.
        if cmd_name not in SYSTEMS:
            return None
        return TyperCommand(name=cmd_name, help=SYSTEMS[cmd_name][1], short_help=SYSTEMS[cmd_name][1])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name in SYSTEMS:
            return name, _load(name), args[1:]
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]  # the same parameters, only standalone_mode named to be read
        self, args: Any = None, prog_name: str | None = None, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        """Click's own loop, but a usage error is one `error:` line, Chinese first, exit 2 (not Click's English box)."""
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        from typer import exceptions as typer_errors
        from typer._click import exceptions as click_errors

        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()  # `policyhub` or a group alone: its help page, as before
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            from policyhub.usage import usage_message

            sys.stderr.write(f"error: {usage_message(exc)}\n")
            sys.exit(exc.exit_code)
        except typer_errors.Abort:
            sys.stderr.write("已中止 aborted\n")
            sys.exit(1)
        # Outside standalone mode Click returns a typer.Exit's code (commands return None otherwise).
        sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)


app = typer.Typer(
    cls=LazyGroup,
    help="policyhub 政策通: 中国重型机械工业协会《政策汇编》总第7期 run as software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """policyhub 政策通: 中国重型机械工业协会《政策汇编》总第7期 run as software."""


def fail(message: str) -> None:
    """One line on stderr, never hard-wrapped (a terminal wraps it; a log keeps it whole), then exit 2."""
    sys.stderr.write(f"error: {message}\n")
    sys.exit(2)


def main() -> None:
    """Run the CLI; bad input becomes a one-line message and exit code 2, never a traceback."""
    try:
        app()
    except InputError as exc:
        fail(exc.message)
    except Exception as exc:
        # A database that fails mid-command (server stopped, disk full) is reported, not dumped as a traceback.
        if type(exc).__module__.split(".")[0] not in ("sqlalchemy", "psycopg", "sqlite3"):
            raise
        orig = getattr(exc, "orig", None) or exc
        fail(f"数据库错误 database error: {' '.join(str(orig).split())}")


if __name__ == "__main__":
    main()
