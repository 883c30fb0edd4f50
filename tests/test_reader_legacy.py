"""The LibreOffice converter (checker/readers/legacy.py) with a fake `soffice` on PATH:
LibreOffice is not needed, and the fake does what the real launcher does that matters
here: it starts another long-lived process in its group, and it may hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers import legacy
from checker.readers.legacy import clean_up_after, convert_timeout, read_legacy

from . import hostile_docx as h
from .helpers import alive

ROOT = Path(__file__).resolve().parent.parent
FAKE_SOFFICE = """#!/bin/sh
# a fake LibreOffice: records its pid and a child's, then converts (copies a DOCX) or hangs
outdir=""
while [ $# -gt 0 ]; do
  case "$1" in --outdir) outdir="$2"; shift;; esac
  shift
done
sleep 300 &
echo "$$ $!" >> "$FAKE_SOFFICE_PIDS"
if [ "$FAKE_SOFFICE_MODE" = hang ]; then sleep 300; fi
cp "$FAKE_SOFFICE_DOCX" "$outdir/input.docx"
"""
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _gone(pids: list[int], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(alive(pid) for pid in pids)


def _leftovers(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"nianbao-w{pid}-*"))


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    if not sys.platform.startswith("linux"):
        pytest.skip("process groups and /proc: Linux")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    exe.write_text(FAKE_SOFFICE, encoding="utf-8")
    exe.chmod(0o755)
    converted = tmp_path / "converted.docx"
    converted.write_bytes(h.docx(h.report_body()))
    pids = tmp_path / "pids"
    source = tmp_path / "report.doc"
    source.write_bytes(OLE)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(converted))
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "convert")
    return {"pids": pids, "source": source}


def _pids(path: Path) -> list[int]:
    return [int(p) for p in path.read_text(encoding="ascii").split()] if path.exists() else []


def test_converter_limit_is_below_the_file_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "timeout_s", 60.0)
    assert convert_timeout() == pytest.approx(48.0)  # the old fixed 90 s could never fire
    monkeypatch.setattr(LIMITS, "timeout_s", 600.0)
    assert convert_timeout() == LIMITS.legacy_convert_max_s
    monkeypatch.setattr(LIMITS, "legacy_convert_share", 0.5)
    monkeypatch.setattr(LIMITS, "timeout_s", 10.0)
    assert convert_timeout() == pytest.approx(5.0)
    monkeypatch.setattr(LIMITS, "timeout_s", 0.0)  # no file limit: the cap alone
    assert convert_timeout() == LIMITS.legacy_convert_max_s


def test_a_conversion_leaves_no_process_and_no_copy(fake: dict[str, Path]) -> None:
    doc = read_legacy(fake["source"], "report.doc")
    assert doc.format == "doc" and "converted=libreoffice" in doc.notes
    assert "一、总体情况" in doc.raw
    pids = _pids(fake["pids"])
    assert len(pids) == 2
    assert _gone(pids)  # the launcher's child in its group too
    assert _leftovers(os.getpid()) == []


def test_a_hanging_conversion_is_killed_as_a_group(
    fake: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    monkeypatch.setattr(LIMITS, "timeout_s", 1.0)
    with pytest.raises(InputError, match="LibreOffice 转换超时（超过 0.8 秒）"):
        read_legacy(fake["source"], "report.doc")
    pids = _pids(fake["pids"])
    assert len(pids) == 2 and _gone(pids)
    assert _leftovers(os.getpid()) == []


WORKER = """
import sys
from pathlib import Path
from checker.limits import LIMITS
from checker.readers.legacy import read_legacy
LIMITS.timeout_s = 100.0
read_legacy(Path(sys.argv[1]), "report.doc")
"""


def test_clean_up_after_a_killed_worker(fake: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(fake["source"])], env=env)
    try:
        deadline = time.monotonic() + 20
        while len(_pids(fake["pids"])) < 2 or not any(
            (d / "soffice.pgid").exists() for d in _leftovers(worker.pid)
        ):
            assert time.monotonic() < deadline, "the fake soffice never started"
            assert worker.poll() is None, "the worker ended before it was killed"
            time.sleep(0.02)
        launcher, child = _pids(fake["pids"])
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        assert _gone([launcher])  # PR_SET_PDEATHSIG: the launcher dies with its worker
        assert alive(child)  # ... but what it started would go on running
        assert _leftovers(worker.pid)  # ... and the copy of the report stays in /tmp
        clean_up_after(worker.pid)
        assert _gone([child])
        assert _leftovers(worker.pid) == []
    finally:
        if worker.poll() is None:
            worker.kill()
        for pid in _pids(fake["pids"]):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_clean_up_after_kills_only_the_recorded_group(fake: dict[str, Path]) -> None:
    group = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        started = legacy._start_time(group.pid)
        assert started
        folder = Path(tempfile.mkdtemp(prefix="nianbao-w999999999-"))
        # the number recorded, but another start time: a recycled number, not ours to kill
        (folder / "soffice.pgid").write_text(f"{group.pid} 1{started}", encoding="ascii")
        clean_up_after(999999999)
        assert not folder.exists() and group.poll() is None
        folder = Path(tempfile.mkdtemp(prefix="nianbao-w999999999-"))
        (folder / "soffice.pgid").write_text(f"{group.pid} {started}", encoding="ascii")
        clean_up_after(999999999)
        assert not folder.exists()
        assert group.wait(timeout=5) == -signal.SIGKILL
    finally:
        if group.poll() is None:
            group.kill()
            group.wait()


def test_without_libreoffice_the_user_gets_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "soffice_path", lambda: None)
    source = tmp_path / "r.doc"
    source.write_bytes(OLE)
    with pytest.raises(InputError, match="需要 LibreOffice"):
        read_legacy(source, "r.doc")
