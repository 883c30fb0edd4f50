"""What a supervisor sees at a terminal after a batch: a progress bar while it runs (on a
terminal only), then a summary table worst first, the grade distribution, and with
--statistics each rule's hit counts; --quiet leaves only the summary."""

from __future__ import annotations

import os
import pty
import subprocess

from tests.helpers import EXAMPLES, ROOT, nianbao, nianbao_command

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
CLEAN = EXAMPLES / "qingshi-2023.txt"
BATCH = [str(DEFECTS), str(CLEAN), str(EXAMPLES / "qingshi-2020.txt")]


def test_a_batch_ends_with_a_summary_worst_first_and_the_grade_distribution() -> None:
    run = nianbao("check", *BATCH, "--jobs", "0")
    out = run.stdout
    assert "汇总：3 份报告" in out
    summary = out[out.index("汇总：") :]
    assert summary.index("合格") < summary.index("优秀")  # the defects example (60 分) first
    assert "等级分布：" in summary and "合格 1" in summary


def test_quiet_gives_the_summary_only() -> None:
    run = nianbao("check", *BATCH, "--jobs", "0", "-q")
    assert "汇总：3 份报告" in run.stdout
    assert "TBL-01" not in run.stdout and "依据：" not in run.stdout


def test_statistics_count_each_rules_hits_and_reports() -> None:
    run = nianbao("check", *BATCH, "--jobs", "0", "-q", "--statistics")
    lines = [line for line in run.stdout.splitlines() if " TBL-01 " in line]
    assert len(lines) == 1
    numbers = [cell.strip() for cell in lines[0].split("│") if cell.strip()]
    assert numbers[:3] == ["2", "1", "TBL-01"]  # two columns wrong in one report


def test_one_report_has_no_summary_table() -> None:
    assert "汇总：" not in nianbao("check", str(DEFECTS)).stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    run = nianbao("check", *BATCH, "--jobs", "0")
    assert "检查中" not in run.stderr and run.stderr == ""


def test_a_progress_bar_on_a_terminal_is_gone_when_the_run_ends() -> None:
    master, slave = pty.openpty()
    try:
        run = subprocess.run(
            nianbao_command("check", *BATCH, "--jobs", "0", "-q"),
            stdout=subprocess.PIPE,
            stderr=slave,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        os.close(slave)
        slave = -1
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    assert run.returncode == 1
    text = seen.decode("utf-8", "replace")
    assert "检查中" in text and "3/3" in text
    assert "汇总：3 份报告" in run.stdout.decode("utf-8")
