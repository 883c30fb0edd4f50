"""The hostile pages and texts of tests/hostile_html.py, checked one by one in process: each
settles far inside the batch's 15 s (here a smaller guard), as EXPECT says, with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.limits import TimeLimitExceeded, time_limit

from .helpers import ROOT, pack
from .hostile_html import EXPECT, make

GUARD_S = 15.0  # the hostile batch's --timeout


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make(tmp_path_factory.mktemp("hostile-html"))


def test_every_file_has_an_expectation(hostile: dict[str, Path]) -> None:
    assert set(hostile) == set(EXPECT)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_hostile_file_settles(name: str, hostile: dict[str, Path]) -> None:
    try:
        with time_limit(GUARD_S):
            # the readers and the structure finder are what these files attack: one cheap rule
            result = check_document(hostile[name], pack(), select=["DOC-01"])
    except TimeLimitExceeded:
        pytest.fail(f"{name} did not settle within {GUARD_S} s")
    if EXPECT[name] == "refused":
        assert result.unreadable, name
        assert [f.rule for f in result.findings] == ["DOC-00"]
        message = result.findings[0].message
        assert "\n" not in message and message.strip() == message
    else:
        assert not result.unreadable, [f.message for f in result.findings if f.rule == "DOC-00"]


def test_silly_colspan_reads_as_the_table_looks(hostile: dict[str, Path]) -> None:
    from checker.readers import read_document

    doc = read_document(hostile["silly-colspan.html"])
    grid = [[c.text for c in row] for row in doc.tables[-1].rows]
    assert grid[0] == ["第二十条第（五）项", "", ""]  # the span covers the table's three columns
    assert grid[1] == ["行政许可0", "0", "1"]


def test_the_spans_page_stays_small(hostile: dict[str, Path]) -> None:
    """rowspan=100000 colspan=100000 on 300 cells cost a gigabyte; now it is refused before
    the grid is built. Measured in a child process: its peak RSS, less that of the same
    process reading the plain report page, must stay in tens of MB."""
    probe = (
        "import resource, sys\n"
        "from checker.readers import read_document\n"
        "from checker.errors import InputError\n"
        "try:\n    read_document(sys.argv[1])\nexcept InputError:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )

    def peak_kb(path: Path) -> int:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, cwd=ROOT, check=True
        )
        assert out.stderr == ""
        return int(out.stdout)

    base = peak_kb(hostile["silly-colspan.html"])
    assert peak_kb(hostile["spans.html"]) - base < 40 * 1024


def test_no_parser_message_reaches_stderr(hostile: dict[str, Path], tmp_path: Path) -> None:
    """libxml2 reports into lxml's error log, never on stderr (fd 2, so C-level writes count),
    and every refusal is one line."""
    broken = tmp_path / "broken.html"
    broken.write_bytes(
        b"<html><body><p>\xe4\xb8\x80\xe3\x80\x81\x00<div <<>> &#99999999; &bogus <![CDATA[x"
        + b"<td rowspan=abc colspan=-1>1</td></tr></table></b></i>\n<?pi x?><!-- open comment"
    )
    pages = [str(p) for name, p in hostile.items() if name.endswith(".html")] + [str(broken)]
    probe = (
        "import sys\n"
        "from checker.readers import read_document\n"
        "from checker.errors import InputError\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n        read_document(path)\n"
        "    except InputError as exc:\n"
        "        assert '\\n' not in exc.one_line(), exc.one_line()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *pages], capture_output=True, cwd=ROOT, check=False)
    assert out.returncode == 0 and out.stderr == b"", out.stderr.decode(errors="replace")[-2000:]
