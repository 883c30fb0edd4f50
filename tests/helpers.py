"""Shared test helpers (paths, the pack, running a report held in memory)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.errors import ConfigError
from checker.readers import read_document
from checker.results import ReportResult
from checker.rules import LoadedPack, load_pack
from checker.structure import analyse
from checker.tables import ExtractedTable, extract_tables

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SEED = CORPUS / "2023_acheng-songfengshan.txt"
EXAMPLES = ROOT / "examples"


@lru_cache(maxsize=1)
def pack() -> LoadedPack:
    return load_pack()


def tables_of(path: Path) -> dict[str, ExtractedTable]:
    """Read a file and match its statistical tables, without running rules."""
    doc = read_document(path)
    return extract_tables(doc, pack().pack, analyse(doc, pack().pack))


def check_text(text: str, tmp_path: Path, name: str = "report.txt", encoding: str = "utf-8") -> ReportResult:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return check_document(path, pack())


def rules_of(result: ReportResult, certain_only: bool = True) -> set[str]:
    return {f.rule for f in result.findings if f.certain or not certain_only}


def copy_pack(source: Path, target: Path) -> Path:
    """A pack (or the folder of packs) copied for a test to break."""
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file; the test is wrong if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(root: Path) -> ConfigError:
    """The error loading this pack ends in (uncached)."""
    with pytest.raises(ConfigError) as info:
        load_pack(root, use_cache=False)
    return info.value


def nianbao_command(*args: str) -> list[str]:
    """The argv that runs this tree's nianbao with these arguments (for Popen and probes)."""
    return [sys.executable, "-m", "checker.cli", *args]


# A wide, UTF-8 run that loads the rule pack afresh (the tests change packs and settings)
WIDE_UNCACHED = {"COLUMNS": "200", "PYTHONIOENCODING": "utf-8", "NIANBAO_NO_CACHE": "1"}


def nianbao(
    *args: str | Path, cwd: Path = ROOT, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a process of its own; `env` is added to this
    process's environment."""
    return subprocess.run(
        nianbao_command(*[str(a) for a in args]),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **env} if env is not None else None,
        timeout=timeout,
        check=False,
    )


def children_of(pid: int) -> list[int]:
    """The process's child processes (Linux /proc), for tests of the worker pool."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    """Whether the process exists and has not died (a zombie and a dead task have died)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :][:1] not in ("Z", "X")
