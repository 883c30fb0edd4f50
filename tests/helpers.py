"""Shared test helpers (paths, the pack, running a report held in memory)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checker.engine import ReportResult, check_document
from checker.readers import read_document
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
