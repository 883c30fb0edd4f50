"""The worker pool: warm workers, one file in flight each, replaced when a file kills or hangs
one, retired after a number of files; and the same limits in this process (--jobs 0)."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest

from checker import batch
from checker.engine import check_document
from checker.limits import LIMITS
from checker.render.json import JsonWriter, render, report_text

from .helpers import EXAMPLES, alive, children_of, nianbao_command, pack

CLEAN = EXAMPLES / "qingshi-2023.txt"
DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_workers_retire_after_their_quota_and_results_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [CLEAN, DEFECTS] * 4
    expected = [batch.check_one(f, pack(), batch.CheckOptions()).score for f in files]
    monkeypatch.setattr(LIMITS, "worker_files", 1)  # every file in a fresh worker
    seen: list[int] = []
    results = list(batch.check_many(files, pack(), jobs=2, on_result=lambda i, _r: seen.append(i)))
    assert [r.score for r in results] == expected
    assert seen == list(range(len(files)))
    assert _no_children_left()


def test_a_result_leaves_the_worker_compact() -> None:
    result = next(iter(batch.check_many([DEFECTS, CLEAN], pack(), jobs=2)))
    assert result.tables == {} and set(result.summaries) == {"表二", "表三", "表四"}
    assert all(f.span is None for f in result.findings)
    alone = check_document(DEFECTS, pack())
    assert render([result]) == render([alone])  # the output cannot tell


@pytest.mark.parametrize("jobs", [0, 2])
def test_a_result_is_rendered_where_it_was_made_exactly_as_the_parent_would(jobs: int) -> None:
    results = list(batch.check_many([DEFECTS, CLEAN], pack(), jobs=jobs, prepare=report_text))
    assert all(r.rendered for r in results)
    assert render(results) == render([check_document(f, pack()) for f in (DEFECTS, CLEAN)])


def test_a_hanging_file_in_this_process_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hang(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "slow" in str(path):
            while True:  # pure Python: only an alarm stops it
                pass
        return check_document(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_document", hang)
    monkeypatch.setattr(LIMITS, "timeout_s", 0.5)
    slow = tmp_path / "slow.txt"
    slow.write_text("x", encoding="utf-8")
    results = list(batch.check_many([slow, CLEAN], pack(), jobs=0))
    assert results[0].unreadable and "超时" in results[0].findings[0].message
    assert results[1].score == 100
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind


def test_a_memory_hungry_file_in_this_process_ends_in_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    def hungry(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "hungry" in str(path):
            _ = bytearray(8 * 1024 * 1024 * 1024)
        return check_document(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_document", hungry)
    before = resource.getrlimit(resource.RLIMIT_AS)
    path = tmp_path / "hungry.txt"
    path.write_text("x", encoding="utf-8")
    results = list(batch.check_many([path, CLEAN], pack(), jobs=0))
    assert results[0].unreadable and "内存不足" in results[0].findings[0].message
    assert results[1].score == 100
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the limit is lifted after each file


def test_what_c_code_writes_to_stderr_never_reaches_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def noisy(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        os.write(2, b"libfoo: warning: something\nFatal Python error: pretend\n")
        return check_document(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_document", noisy)
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)
    for jobs in (0, 2):
        results = list(batch.check_many([CLEAN, DEFECTS], pack(), jobs=jobs))
        assert [r.score for r in results] == [100, 60]
        assert capfd.readouterr().err == ""


def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    """The parent of the pool is killed with SIGKILL mid-batch: no worker may live on."""
    slow = tmp_path / "slow.txt"
    slow.write_text("x", encoding="utf-8")
    pid = os.fork()
    if pid == 0:  # the batch's parent
        try:
            batch.check_document = _sleep_if_slow  # type: ignore[assignment]
            list(batch.check_many([slow, slow, CLEAN], pack(), jobs=2))
        finally:
            os._exit(0)
    workers: list[int] = []
    for _ in range(200):  # wait for its two workers
        time.sleep(0.05)
        workers = children_of(pid)
        if len(workers) == 2:
            break
    assert len(workers) == 2
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    for _ in range(100):
        if not any(alive(w) for w in workers):
            break
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)


def _sleep_if_slow(path, *args, **kwargs):  # type: ignore[no-untyped-def]
    if "slow" in str(path):
        time.sleep(60)
    return check_document(path, *args, **kwargs)


def test_json_is_streamed_report_by_report() -> None:
    import io

    out = io.StringIO()
    writer = JsonWriter(out)
    writer.report(check_document(CLEAN, pack()))
    first = out.getvalue()
    assert json.loads(first + "\n  ]\n}")["reports"][0]["score"] == 100  # written, document still open
    writer.report(check_document(DEFECTS, pack()))
    writer.end([])
    assert out.getvalue() == render([check_document(CLEAN, pack()), check_document(DEFECTS, pack())])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_run_cut_short_leaves_no_worker_and_no_temporary_file(sig: int, tmp_path: Path) -> None:
    import subprocess

    from .helpers import ROOT

    folder = tmp_path / "收件箱"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:03d}.txt").write_bytes(CLEAN.read_bytes())
    out = tmp_path / "out.json"
    proc = subprocess.Popen(
        nianbao_command("check", str(folder), "--jobs", "2", "-f", "json", "-o", str(out)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    workers: list[int] = []
    for _ in range(600):  # until the pool runs
        time.sleep(0.05)
        workers = children_of(proc.pid)
        if len(workers) == 2:
            break
    assert len(workers) == 2
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert re.fullmatch(r"nianbao: 已中断：已检查 \d+/2000 份", stderr.decode("utf-8").strip())
    assert not any(alive(w) for w in workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["收件箱"]  # no result, no temporary file


def test_a_worker_killed_from_outside_costs_at_most_its_file() -> None:
    files = [CLEAN, DEFECTS] * 6
    expected = [100, 60] * 6
    killed: list[int] = []

    def kill_a_worker(index: int, _result: object) -> None:
        if index in (2, 6):
            workers = children_of(os.getpid())
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    results = list(batch.check_many(files, pack(), jobs=2, on_result=kill_a_worker))
    assert len(killed) == 2
    assert [r.path for r in results] == [str(f) for f in files]
    for result, score in zip(results, expected, strict=True):
        assert result.score == score or "信号 9" in result.findings[0].message
    assert sum(r.score is None for r in results) <= 2
    assert _no_children_left()
