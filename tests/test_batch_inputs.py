"""What the batch does with awkward but harmless input: impossible years and dates given on the
command line, file names, folders, outputs. Each case was once wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import EXAMPLES, ROOT

CLEAN = EXAMPLES / "qingshi-2023.txt"


def nianbao(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("title_year", "issuer"),
    [("9999", "云岭县青石镇人民政府"), ("99999", ""), ("0000", "云岭县青石镇人民政府")],
)
def test_a_title_year_the_calendar_cannot_follow_is_no_year(
    title_year: str, issuer: str, tmp_path: Path
) -> None:
    """Deadlines fall in the year after the report year: 9999 used to end in 内部错误 (exit 3)."""
    report = tmp_path / "report.txt"
    report.write_text(
        CLEAN.read_text(encoding="utf-8").replace("2023年", f"{title_year}年", 1), encoding="utf-8"
    )
    proc = nianbao("check", str(report), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)["reports"][0]
    assert got["year"] is None and got["score"] is not None
    assert got["issuer"] == issuer


@pytest.mark.parametrize("value", ["02-30", "04-31", "02-29", "13-01", "00-10", "1-5", "0131"])
def test_a_township_deadline_no_year_has_is_refused(value: str) -> None:
    proc = nianbao("check", str(CLEAN), "--township-deadline", value)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--township-deadline" in proc.stderr


def test_a_township_deadline_every_year_has_is_taken() -> None:
    assert nianbao("check", str(CLEAN), "--township-deadline", "02-28").returncode == 0
