"""Hostile and broken input: never crash, never hang, never lose the rest of the batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import batch
from checker.engine import check_document
from checker.limits import LIMITS

from . import hostile_batch, hostile_docx, hostile_html
from .helpers import ROOT, SEED, nianbao, nianbao_command, pack
from .hostile import make_hostile_folder

BAD = {
    "empty.txt",
    "noise.docx",
    "truncated.docx",
    "bomb.docx",
    "xxe.docx",
    "laughs.docx",
    "deep.html",
    "big.txt",
    "encrypted.pdf",
    "broken-xref.pdf",
}


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")
def test_one_batch_with_every_hostile_file_and_the_seed(tmp_path: Path) -> None:
    folder = tmp_path / "收件箱 2024"
    make_hostile_folder(folder)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}
    started = time.monotonic()
    # Run the batch under a small parent that reports the peak RSS of its own descendants only.
    probe = (
        "import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr); "
        "sys.stderr.write('PEAK_KB=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.exit(p.returncode)"
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            *nianbao_command("check", str(folder), "--jobs", "2", "--format", "json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    elapsed = time.monotonic() - started
    peak_kb = int(proc.stderr.rsplit("PEAK_KB=", 1)[1])
    proc = subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout, proc.stderr.rsplit("PEAK_KB=", 1)[0]
    )
    assert elapsed < 60
    assert peak_kb < 1024 * 1024 / 2, f"a process peaked at {peak_kb} KB"  # two workers stay well under 1 GB
    assert proc.returncode == 3
    assert "Traceback" not in proc.stdout + proc.stderr
    reports = {Path(r["path"]).name: r for r in json.loads(proc.stdout)["reports"]}
    for name in BAD:
        assert reports[name]["score"] is None, name
        lines = [line for line in proc.stderr.splitlines() if line.endswith(name) or f"/{name}：" in line]
        assert len(lines) == 1, (name, proc.stderr)
    # the seed is graded exactly as when it is checked alone
    alone = json.loads(nianbao("check", str(SEED), "--format", "json").stdout)["reports"][0]
    in_batch = reports[SEED.name]
    for key in ("score", "grade", "tables"):
        assert in_batch[key] == alone[key]
    # besides: the batch looked for the seed's last year and did not find it (one info, no points)
    assert [f["rule"] for f in in_batch["findings"] if f["rule"] == "DOC-04"] == ["DOC-04"]
    assert in_batch["counts"] == {**alone["counts"], "info": alone["counts"]["info"] + 1}
    own = [f["fingerprint"] for f in in_batch["findings"] if f["rule"] != "DOC-04"]
    assert own == [f["fingerprint"] for f in alone["findings"]]
    # inputs are never modified
    assert before == {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def test_results_come_in_input_order_whatever_the_number_of_workers(tmp_path: Path) -> None:
    files = sorted((ROOT / "examples").glob("*.txt")) * 3
    expected = [r.score for r in batch.check_many(files, pack(), jobs=0)]
    for jobs in (1, 2, 3):
        assert [r.path for r in batch.check_many(files, pack(), jobs=jobs)] == [str(f) for f in files]
        assert [r.score for r in batch.check_many(files, pack(), jobs=jobs)] == expected


def test_a_hanging_file_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "slow" in str(path):
            time.sleep(30)
        return check_document(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_document", hang)  # inherited by the forked workers
    monkeypatch.setattr(LIMITS, "timeout_s", 1.0)
    slow = tmp_path / "slow.txt"
    slow.write_text("x", encoding="utf-8")
    clean = ROOT / "examples" / "qingshi-2023.txt"
    started = time.monotonic()
    results = list(batch.check_many([slow, clean], pack(), jobs=2))
    assert time.monotonic() - started < 10
    assert results[0].unreadable and "超时" in results[0].findings[0].message
    assert results[1].score == 100


def test_a_crashing_or_memory_hungry_file_does_not_kill_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bad(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "crash" in str(path):
            os._exit(7)
        if "hungry" in str(path):
            _ = bytearray(4 * 1024 * 1024 * 1024)  # beyond the worker's address-space limit
        return check_document(path, *args, **kwargs)

    monkeypatch.setattr(batch, "check_document", bad)
    monkeypatch.setattr(LIMITS, "memory_bytes", 1024 * 1024 * 1024)
    crash, hungry = tmp_path / "crash.txt", tmp_path / "hungry.txt"
    crash.write_text("x", encoding="utf-8")
    hungry.write_text("x", encoding="utf-8")
    clean = ROOT / "examples" / "qingshi-2023.txt"
    results = list(batch.check_many([crash, hungry, clean], pack(), jobs=2))
    assert results[0].unreadable and "意外退出" in results[0].findings[0].message
    assert results[1].unreadable and "内存" in results[1].findings[0].message
    assert results[2].score == 100


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "结果.json"
    proc = nianbao("check", "examples/qingshi-2023.txt", "--format", "json", "--output", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["score"] == 100
    assert [p.name for p in tmp_path.iterdir()] == ["结果.json"]  # no temporary file left behind


# each: make(folder) -> {name: path}, and EXPECT {name: checked|refused|skipped}
CAMPAIGN = [hostile_batch, hostile_docx, hostile_html]


def _processes_mentioning(words: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if os.fsencode(words) in cmdline:
                found.append(int(entry.name))
    return found


def test_the_fuzzing_campaign_files_settle_within_the_limit(tmp_path: Path) -> None:
    """Every file the mutation-fuzzing campaign found is checked or refused with one stderr line,
    well within a 15 s limit (none of them times out), with no stack dump, no process left
    behind and nothing left in the temporary directory."""
    folder = tmp_path / "收件箱-fuzz"
    expect: dict[str, str] = {}
    for module in CAMPAIGN:
        module.make(folder)
        expect |= module.EXPECT
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = subprocess.run(
        nianbao_command("check", str(folder), "--jobs", "2", "--timeout", "15", "-f", "json"),
        capture_output=True,
        cwd=ROOT,
        timeout=600,
        check=False,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode in (0, 1, 3), stderr
    for marker in ("Traceback", "Fatal Python error", "Process ForkProcess", "WARNING", "Error:"):
        assert marker not in stderr, stderr
    reports = {Path(r["path"]).name: r for r in json.loads(stdout)["reports"]}
    lines = stderr.splitlines()
    for name, outcome in expect.items():
        mentions = [line for line in lines if name in line]
        if outcome == "skipped":
            assert name not in reports and len(mentions) == 1, (name, mentions)
            continue
        report = reports[name]
        assert "超时" not in json.dumps(report["findings"], ensure_ascii=False), name
        if outcome == "checked":
            assert report["score"] is not None and not mentions, (name, report["findings"][:1], mentions)
        else:
            assert report["score"] is None and len(mentions) == 1, (name, mentions)
            assert report["findings"][0]["rule"] == "DOC-00"
    assert set(reports) | {n for n, o in expect.items() if o == "skipped"} == set(expect)
    assert not _processes_mentioning(str(folder))
    assert list(scratch.iterdir()) == []
