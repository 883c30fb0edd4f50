"""Ctrl-C at a terminal reaches the whole process group (the run and its workers): the run
ends with one line saying how far it got, exit 130, and no worker's traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.helpers import EXAMPLES, ROOT, children_of, nianbao_command


def test_ctrl_c_to_the_process_group_leaves_one_line_and_exit_130(tmp_path: Path) -> None:
    folder = tmp_path / "收件箱"
    folder.mkdir()
    data = (EXAMPLES / "qingshi-2023-defects.txt").read_bytes()
    for i in range(1000):
        (folder / f"{i:04d}.txt").write_bytes(data)
    proc = subprocess.Popen(
        nianbao_command("check", str(folder), "--jobs", "2", "-q"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    for _ in range(600):  # until the pool runs
        time.sleep(0.05)
        if len(children_of(proc.pid)) == 2:
            break
    assert len(children_of(proc.pid)) == 2
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does
    _, stderr = proc.communicate(timeout=60)
    text = stderr.decode("utf-8")
    assert proc.returncode == 130
    assert re.fullmatch(r"nianbao: 已中断：已检查 \d+/1000 份", text.strip()), text
    assert "Traceback" not in text
