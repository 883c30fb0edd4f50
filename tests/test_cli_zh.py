"""Chinese everywhere a clerk looks: help and usage errors of every command, -h, --fail-on
错误/警告/提示 (and fail_on in nianbao.yaml), lower-case ids for explain, rules list whole at
80 columns and as CSV, and the line Ctrl-C leaves."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from checker import cli
from checker.batch import failed
from checker.cli import app
from checker.render.concise import ConciseWriter
from tests.helpers import EXAMPLES, nianbao
from tests.terminal_pty import at_terminal

DEFECTS = str(EXAMPLES / "qingshi-2023-defects.txt")
CLEAN = str(EXAMPLES / "qingshi-2023.txt")
# Click's and Typer's English defaults, none of which may reach a clerk.
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[default:",
    "[required]",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "Invalid value",
    "Input should be",
    "No such option",
    "No such command",
    "Did you mean",
    "Possible options",
    "Try '",
    "Error:",
    "requires an argument",
    "Got unexpected",
    "<str>",
    "<int>",
    "<path>",
    "Traceback",
)
runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "100"})


def _english(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in getattr(command, "commands", {}).items():
        paths += _command_paths(sub, (*path, name))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_every_command_is_listed() -> None:
    assert {("check",), ("explain",), ("rules", "list"), ("config", "show"), ("diff",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "nianbao")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_is_chinese_and_h_works(path: tuple[str, ...], flag: str) -> None:
    result = invoke(*path, flag)
    assert result.exit_code == 0, result.output
    assert "用法：nianbao" in result.stdout and "选项：" in result.stdout
    assert "显示本帮助并退出" in result.stdout
    assert _english(result.stdout) == []


def test_help_translates_defaults_and_required() -> None:
    out = invoke("check", "-h").stdout
    assert "[默认：text]" in out and "[必填]" in out and "<整数>" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("check",), "缺少参数 文件或文件夹"),
        (("explain",), "缺少参数 规则"),
        (("check", "-j", "x", CLEAN), "--jobs / -j 的取值“x”无效，应为整数"),
        (("check", "--timeout", "1.5x", CLEAN), "--timeout 的取值“1.5x”无效，应为数字"),
        (("check", "--nope", CLEAN), "没有选项 --nope"),
        (("check", CLEAN, "--format"), "选项 --format 需要一个取值"),
        (("chek",), "没有命令“chek”；是否想用：check"),
        (("rules", "list", "extra"), "多余的参数：extra"),
        (("--nope",), "没有选项 --nope"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(args: tuple[str, ...], said: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert said in result.stderr
    assert _english(result.output) == []


def test_the_installed_command_speaks_chinese_too() -> None:
    run = nianbao("-h")
    assert run.returncode == 0 and "[选项] 命令 [参数]..." in run.stdout and "用法：" in run.stdout
    bad = nianbao("check", "--max-size", "abc", CLEAN)
    assert bad.returncode == 2 and "--max-size 的取值“abc”无效，应为整数" in bad.stderr
    assert _english(bad.stdout + bad.stderr) == []


@pytest.mark.parametrize(("level", "code"), [("错误", 1), ("警告", 1), ("提示", 1), ("error", 1)])
def test_fail_on_takes_chinese_levels(level: str, code: int) -> None:
    assert invoke("check", "--fail-on", level, "-f", "json", DEFECTS).exit_code == code


def test_fail_on_chinese_changes_the_outcome_like_english(tmp_path: Path) -> None:
    # The clean example has no finding: exit 0 whatever the level; an unknown level is exit 2.
    assert invoke("check", "--fail-on", "提示", CLEAN).exit_code == 0
    bad = invoke("check", "--fail-on", "严重", CLEAN)
    assert bad.exit_code == 2 and "错误、警告、提示" in bad.stderr


def test_fail_on_in_the_configuration_file_takes_chinese(tmp_path: Path) -> None:
    config = tmp_path / "nianbao.yaml"
    config.write_text("fail_on: 警告\n", encoding="utf-8")
    shown = invoke("config", "show", "--config", str(config))
    assert shown.exit_code == 0 and "fail_on = warning" in shown.stdout
    config.write_text("fail_on: 严重\n", encoding="utf-8")
    bad = invoke("config", "show", "--config", str(config))
    assert bad.exit_code == 2 and "nianbao.yaml:1:" in bad.stderr


@pytest.mark.parametrize("ref", ["TBL-01", "tbl-01", "Tbl-01", "table3-balance"])
def test_explain_takes_ids_in_any_case(ref: str) -> None:
    result = invoke("explain", ref)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("TBL-01 table3-balance — ")


def test_explain_of_an_unknown_rule_is_exit_2() -> None:
    assert invoke("explain", "tbl-999").exit_code == 2


def _titles() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = json.loads(invoke("rules", "list", "-f", "json").stdout)["rules"]
    return rules


def test_rules_list_at_80_columns_shows_every_title_whole() -> None:
    code, text = at_terminal(80, "rules", "list")
    assert code == 0
    lines = text.splitlines()
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" not in text
    joined = re.sub(r"\n +", "", text)  # continuation lines rejoined
    for rule in _titles():
        assert rule["title"].replace(" ", "") in joined.replace(" ", ""), rule["id"]


def test_rules_list_piped_is_one_line_per_title() -> None:
    out = nianbao("rules", "list").stdout
    for rule in _titles():
        assert any(line.endswith(rule["title"]) for line in out.splitlines()), rule["id"]


def test_rules_list_as_csv_for_excel() -> None:
    result = invoke("rules", "list", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][:6] == ["id", "名称", "标题", "类型", "级别", "扣分"]
    rules = _titles()
    assert [r[0] for r in rows[1:]] == [r["id"] for r in rules]
    assert {r[4] for r in rows[1:]} <= {"错误", "警告", "提示"}


def test_rules_list_refuses_an_unknown_format() -> None:
    result = invoke("rules", "list", "--format", "xlsx")
    assert result.exit_code == 2 and "不支持的输出格式" in result.stderr


def test_the_output_loop_counts_what_it_wrote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_stop_requested", [])
    entries = [cli.Entry(Path(f"{i}.txt")) for i in range(5)]

    def results() -> Any:
        for i in range(5):
            if i == 3:
                raise KeyboardInterrupt
            yield failed(Path(f"{i}.txt"), "x")

    tally = cli.Tally(total=len(entries))
    with pytest.raises(KeyboardInterrupt):
        cli._stream(entries, results(), ConciseWriter(io.StringIO()), tally=tally)
    assert (tally.done, tally.total) == (3, 5)
