"""The warm-up before a pool forks: what it loads, so that workers share it."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT

PROBE = """
import sys
from checker.rules import load_pack
from checker.warmup import warm_up
loaded = load_pack(None)
warm_up(loaded, pdf={pdf})
print("checker.readers.pdf" in sys.modules, "checker.readers.docx" in sys.modules,
      "checker.readers.html" in sys.modules)
from checker.across import load_across
# what a batch's workers use on their first file, loaded before they fork
print(load_across.cache_info().currsize, "checker.facts" in sys.modules, "checker.yoy" in sys.modules)
"""


def _after_warm_up(pdf: bool) -> list[str]:
    """The probe's lines: the readers imported, then what a batch worker would load."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(pdf=pdf)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return [line.strip() for line in out.stdout.splitlines()]


def test_an_inbox_without_pdfs_does_not_pay_for_the_pdf_reader() -> None:
    assert _after_warm_up(pdf=False)[0] == "False True True"


def test_an_inbox_with_pdfs_has_the_pdf_reader_imported_before_the_fork() -> None:
    assert _after_warm_up(pdf=True)[0] == "True True True"


def test_what_a_batch_worker_loads_on_its_first_file_is_loaded_before_the_fork() -> None:
    assert _after_warm_up(pdf=False)[1] == "1 True True"
