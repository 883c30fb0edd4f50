"""Start-up and per-file overhead of the pool (checker/batch.py, checker/warmup.py): what
they must still do after being made cheaper."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO

import pytest

from checker import batch
from checker.limits import LIMITS
from checker.warmup import as_docx

from .helpers import EXAMPLES, ROOT, pack

CLEAN = EXAMPLES / "qingshi-2023.txt"
DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def test_resident_size_is_read() -> None:
    assert batch._resident() > 1024 * 1024  # an interpreter with the checker loaded


def test_workers_above_the_resident_limit_retire_and_results_stay_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [CLEAN, DEFECTS] * 3
    expected = [batch.check_one(f, pack(), batch.CheckOptions()).score for f in files]
    monkeypatch.setattr(LIMITS, "worker_rss_bytes", 1)  # every worker is above it after one file
    spawned: list[int] = []
    real_spawn = batch._Pool._spawn

    def spawn(self: batch._Pool) -> batch._Worker:
        worker = real_spawn(self)
        spawned.append(worker.pid)
        return worker

    monkeypatch.setattr(batch._Pool, "_spawn", spawn)
    results = list(batch.check_many(files, pack(), jobs=2))
    assert [r.score for r in results] == expected
    assert len(set(spawned)) == len(files)  # a fresh worker for each file


def test_docx_sample_escapes_markup() -> None:
    data = as_docx("一、总体情况 A&B <C>\n")
    with zipfile.ZipFile(BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "A&amp;B &lt;C&gt;" in xml


def test_warm_up_does_not_import_the_network_stack() -> None:
    """Not through xml.sax.saxutils (urllib.request, http.client). `ssl` is not asserted:
    some pydantic versions import asyncio, which imports it."""
    probe = (
        "import sys\n"
        "from checker.rules import load_pack\n"
        "from checker.warmup import warm_up\n"
        "warm_up(load_pack(None), pdf=False)\n"
        "print(sorted(m for m in ('urllib.request', 'http.client', 'xml.sax.saxutils') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
