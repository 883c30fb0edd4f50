"""The per-report terminal text at 80 columns and wider: wrapped by terminal cells with a
hanging indent, never inside a number nor before closing punctuation; the location, the cost
of each finding, the basis only with -v; plain unwrapped lines when piped or written to a file."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from checker.render.wrap import CLOSING, OPENING, units, wrap
from tests.helpers import EXAMPLES, nianbao
from tests.terminal_pty import at_terminal

DEFECTS = str(EXAMPLES / "qingshi-2023-defects.txt")
NUMBER = re.compile(r"[0-9０-９]+(?:[＋＝+=][0-9０-９]+)*")
MESSAGE = "表三“自然人”列：本年新收＋上年结转＝706＋36＝742，但办理结果总计＋结转下年度＝741（相差1），请核对 2023年 的数据。"


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_units_keep_numbers_sums_and_their_unit_whole() -> None:
    pieces = units(MESSAGE)
    assert "".join(pieces) == MESSAGE
    assert "706＋36＝742，" in pieces  # the sum, with the comma after it
    assert any("2023年" in piece for piece in pieces)
    assert "扣 5 分" in units("扣 5 分")
    assert "TBL-01" in units("用 TBL-01 查看")


@pytest.mark.parametrize("width", range(20, 70))  # the widest unit fits
def test_wrapped_lines_fit_keep_numbers_and_never_start_with_closing_punctuation(width: int) -> None:
    lines = wrap(MESSAGE, width, indent=4, first=width - 4)
    assert all(cell_len(line) <= width for line in lines)
    assert all(line.startswith("    ") and not line[4:].startswith(" ") for line in lines[1:])
    assert not any(line.rstrip() != line for line in lines)
    assert not any(line.strip()[0] in CLOSING for line in lines)
    assert not any(line.rstrip()[-1] in OPENING for line in lines)
    # every number of the message is whole on one line
    assert _numbers(MESSAGE) <= set().union(*(_numbers(line) for line in lines))
    joined = "".join(line.strip() for line in lines)
    assert joined.replace(" ", "") == MESSAGE.replace(" ", "")


def test_a_space_does_not_push_the_following_chinese_phrase_to_the_next_line() -> None:
    text = "正文写 收到政府信息公开申请十三件但表三本年新收总计为十四件"
    lines = wrap(text, 20)
    assert cell_len(lines[0]) >= 18  # filled up to the width, not broken at the space


def test_without_a_width_the_text_is_one_line() -> None:
    assert wrap(MESSAGE + "  ", None) == [MESSAGE]


def test_wrapping_is_linear_on_a_long_line() -> None:
    text = "１" * 50_000 + "字" * 50_000 + " a" * 20_000
    lines = wrap(text, 80, indent=7)
    assert all(cell_len(line) <= 80 for line in lines)


def _finding_blocks(text: str) -> list[list[str]]:
    """Each finding's lines: its head (two spaces, a level) and the lines indented under it."""
    blocks: list[list[str]] = []
    for line in text.splitlines():
        if re.match(r"  (错误|警告|提示) ", line):
            blocks.append([line])
        elif blocks and line.startswith("       "):
            blocks[-1].append(line)
        elif line.strip():
            blocks.append([]) if blocks and blocks[-1] else None
    return [b for b in blocks if b]


@pytest.mark.parametrize("columns", [80, 100, 140])
def test_the_defects_example_at_a_terminal_of_this_width(columns: int) -> None:
    code, text = at_terminal(columns, "check", DEFECTS)
    assert code == 1
    lines = text.splitlines()
    assert all(cell_len(line) <= columns for line in lines), max(lines, key=cell_len)
    assert not any(line != line.rstrip() for line in lines)
    assert not any(line.strip() and line.strip()[0] in CLOSING for line in lines)
    blocks = _finding_blocks(text)
    assert len(blocks) >= 12
    for block in blocks:
        # continuation lines keep the hanging indent: none restarts at column 0
        assert all(line.startswith("       ") and line[7] != " " for line in block[1:])
    piped = nianbao("check", DEFECTS).stdout
    # every number of the piped (unwrapped) text is whole on some line at the terminal
    assert _numbers(piped) <= _numbers(text)
    assert "扣 5 分" in text and "位置：第46行 表三“自然人”列" in text
    assert "依据：" not in text and "nianbao explain" in text


def test_piped_output_is_unwrapped_and_has_no_trailing_spaces() -> None:
    run = nianbao("check", DEFECTS)
    lines = run.stdout.splitlines()
    assert not any(line != line.rstrip() for line in lines)
    message = next(line for line in lines if "表三“自然人”列：本年新收" in line)
    assert message.strip().endswith("（相差1）")  # the whole message on one line
    assert max(cell_len(line) for line in lines) > 100  # not hard-wrapped at 80


def test_a_text_file_is_unwrapped_too(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "结果.txt"
    nianbao("check", DEFECTS, "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert not any(line != line.rstrip() for line in lines)
    assert any(line.strip().startswith("表三“自然人”列：") and line.endswith("（相差1）") for line in lines)


def test_costs_and_the_basis_behind_verbose() -> None:
    plain = nianbao("check", DEFECTS).stdout
    assert re.search(r"TBL-01 .* · 扣 5 分$", plain, re.M)
    assert "LEG-14" in plain and re.search(r"LEG-14 .* · 不扣分$", plain, re.M)
    assert "依据：" not in plain
    verbose = nianbao("check", DEFECTS, "-v").stdout
    assert "依据：《中华人民共和国政府信息公开条例》" in verbose


def test_a_failing_run_says_the_exit_code_follows_fail_on() -> None:
    run = nianbao("check", DEFECTS)
    assert run.returncode == 1
    assert run.stdout.rstrip().splitlines()[-1] == (
        "退出码 1 按 --fail-on error 判断：有确定的错误即为 1，与分数和等级无关"
    )
    clean = nianbao("check", str(EXAMPLES / "qingshi-2023.txt"))
    assert clean.returncode == 0 and "退出码" not in clean.stdout


def test_no_color_and_force_color_are_honoured() -> None:
    _, coloured = at_terminal(100, "check", DEFECTS, env={"NO_COLOR": ""})
    import os
    import subprocess

    from tests.helpers import ROOT, nianbao_command

    env = {**os.environ, "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    forced = subprocess.run(
        nianbao_command("check", DEFECTS), capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert "\x1b[" in forced.stdout  # colours although piped
    assert not any(line != line.rstrip() for line in forced.stdout.splitlines())
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    assert (
        "\x1b["
        not in subprocess.run(
            nianbao_command("check", DEFECTS), capture_output=True, text=True, cwd=ROOT, env=env
        ).stdout
    )
    assert coloured


def test_the_batch_summary_has_no_trailing_spaces_either() -> None:
    run = nianbao("check", *(str(p) for p in sorted(EXAMPLES.glob("*.txt"))), "--jobs", "0", "--statistics")
    lines = run.stdout.splitlines()
    assert any(line.startswith("汇总：") for line in lines)
    assert not any(line != line.rstrip() for line in lines)


def test_the_trimmed_stream_keeps_colour_codes_and_text() -> None:
    import io

    from checker.render.trimmed import Trimmed

    out = io.StringIO()
    stream = Trimmed(out)
    for chunk in ("ab  ", "\x1b[0m  ", "\n", "标题   \n", "x", " y \x1b[1m \n"):
        stream.write(chunk)
    assert out.getvalue() == "ab\x1b[0m\n标题\nx y\x1b[1m\n"
