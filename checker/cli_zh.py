"""Chinese help, usage and option errors for the `nianbao` command.

Typer ships its own copy of Click whose help and error strings are plain English literals
(not gettext), so they are replaced at the three places they are made: the help formatter
(the usage prefix, section headings, the `[default: …]` and `[required]` notes, the type
labels), the command classes (the `[OPTIONS]` metavar, the help option and its text, `-h`
beside `--help`) and the root command's `main`, which shows every usage error as one
Chinese message built from the exception's own fields, with Click's exit code (2)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_NAMES = ["-h", "--help"]
HELP_TEXT = "显示本帮助并退出。"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

_HEADINGS = {"Arguments": "参数", "Options": "选项", "Commands": "命令"}
# Typer's type labels (<str>, <list[Path]>, …) in the first column of a help listing.
_TYPES = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "bool": "是/否",
    "path": "路径",
    "Path": "路径",
    "file": "文件",
    "directory": "文件夹",
}
_TYPE_LABEL = re.compile(r"<(list\[)?(\w+)\]?>")
# The notes Typer appends to an option's help: [default: text], [required], [env var: X].
_NOTE = re.compile(r"\[((?:default|env var): [^\]]*|required)(?:; [^\]]*)?\]")
_NOTE_PART = re.compile(r"(default|env var): (.*)|required")
# Pydantic's error types when a value does not convert (typer coerces through pydantic).
_EXPECTED = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
}


def _type_label(match: re.Match[str]) -> str:
    many, name = match.group(1), match.group(2)
    label = _TYPES.get(name, name)
    return f"<{label}>…" if many else f"<{label}>"


def _note(match: re.Match[str]) -> str:
    parts = []
    for part in match.group(0)[1:-1].split("; "):
        found = _NOTE_PART.fullmatch(part)
        if found is None:
            parts.append(part)
        elif found.group(1) == "default":
            parts.append(f"默认：{found.group(2)}")
        elif found.group(1) == "env var":
            parts.append(f"环境变量：{found.group(2)}")
        else:
            parts.append("必填")
    return "[" + "；".join(parts) + "]"


class ZhFormatter(click.HelpFormatter):
    """Click's help formatter with Chinese words where it writes its own."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        localised = [(_TYPE_LABEL.sub(_type_label, term), _NOTE.sub(_note, text)) for term, text in rows]
        super().write_dl(localised, col_max, col_spacing)


class ZhContext(click.Context):
    formatter_class = ZhFormatter


def _localise(command: click.Command) -> None:
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR


def _help_option(command: click.Command, ctx: click.Context, found: Any) -> Any:
    if found is not None:
        found.help = HELP_TEXT
    return found


class ZhCommand(TyperCommand):
    context_class = ZhContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localise(self)

    def get_help_option(self, ctx: click.Context) -> Any:
        return _help_option(self, ctx, super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_usage_piece(piece) for piece in super().collect_usage_pieces(ctx)]


# Typer's usage piece of an argument: {NAME} (required) or [NAME], then ... when it takes many.
_ARGUMENT_PIECE = re.compile(r"\{([^{}]+)\}(\.\.\.)?")


def _usage_piece(piece: str) -> str:
    """A required argument as its (Chinese) metavar, without Typer's braces, and 「…」 for
    「...」: 文件或文件夹… rather than {paths}...."""
    found = _ARGUMENT_PIECE.fullmatch(piece)
    if found is None:
        return piece
    return found.group(1) + ("…" if found.group(2) else "")


class ZhGroup(TyperGroup):
    context_class = ZhContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localise(self)
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = SUBCOMMAND_METAVAR

    def get_help_option(self, ctx: click.Context) -> Any:
        return _help_option(self, ctx, super().get_help_option(ctx))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, list(self.commands), n=3)
            hint = f"；是否想用：{'、'.join(close)}" if close else f"；可用：{'、'.join(self.commands)}"
            ctx.fail(f"没有命令“{name}”{hint}")
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own main, with its errors shown in Chinese (the exit codes unchanged)."""
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            print(err.ctx.get_help(), file=sys.stderr)
            sys.exit(err.exit_code)
        except click.exceptions.UsageError as err:
            show_usage_error(err)
            sys.exit(err.exit_code)
        except click.exceptions.ClickException as err:
            print(f"nianbao: {err.format_message()}", file=sys.stderr)
            sys.exit(err.exit_code)
        except typer.Abort:
            print("nianbao: 已取消", file=sys.stderr)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _param_name(err: click.exceptions.BadParameter) -> str:
    hint: Any = err.param_hint
    if hint is None and err.param is not None:
        param = err.param
        hint = param.opts if param.param_type_name == "option" else [param.metavar or param.name or ""]
    if isinstance(hint, str):
        return hint
    return " / ".join(hint or [])


def _bad_value(err: click.exceptions.BadParameter) -> str:
    """Why a value was refused: pydantic's error type in Chinese (its message is English)."""
    cause = err.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        for item in errors():
            expected = _EXPECTED.get(item.get("type", ""))
            shown = f"“{item.get('input')}”" if item.get("input") is not None else ""
            return f"取值{shown}无效，{expected}" if expected else f"取值{shown}无效"
    return "取值无效" if err.message.isascii() else f"取值无效：{err.message}"


def usage_error_message(err: click.exceptions.UsageError) -> str:
    """One Chinese line for a usage error, from the exception's fields (not its English text)."""
    e = click.exceptions
    if isinstance(err, e.MissingParameter):
        kind = "选项" if err.param is not None and err.param.param_type_name == "option" else "参数"
        return f"缺少{kind} {_param_name(err)}"
    if isinstance(err, e.BadParameter):
        return f"{_param_name(err)} 的{_bad_value(err)}"
    if isinstance(err, e.NoSuchOption):
        close = sorted(err.possibilities or [])
        hint = f"；是否想用：{'、'.join(close)}" if close else ""
        return f"没有选项 {err.option_name}{hint}"
    if isinstance(err, e.BadOptionUsage):
        if "does not take" in err.message:
            return f"选项 {err.option_name} 不接受取值"
        return f"选项 {err.option_name} 需要一个取值"
    if err.message.isascii():
        extra = re.search(r"\(([^()]*)\)$", err.message) if "extra argument" in err.message else None
        if extra:
            return f"多余的参数：{extra.group(1)}"
        return "命令用法不对" if "command" not in err.message.lower() else "缺少命令"
    return err.message


def show_usage_error(err: click.exceptions.UsageError) -> None:
    lines = []
    if err.ctx is not None:
        lines.append(err.ctx.get_usage())
        lines.append(f"运行 {err.ctx.command_path} -h 查看帮助。")
    lines.append(f"nianbao: {usage_error_message(err)}")
    print("\n".join(lines), file=sys.stderr)


class ZhTyper(typer.Typer):
    """typer.Typer whose commands and groups speak Chinese and take -h."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ZhGroup)
        kwargs.setdefault("context_settings", {"help_option_names": HELP_OPTION_NAMES})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", ZhCommand)
        kwargs.setdefault("context_settings", {"help_option_names": HELP_OPTION_NAMES})
        return super().command(name, **kwargs)
