"""Renderers: one module per output format. They format; they never compute.

Each format is a writer that takes results one by one as a batch produces them
(`report(result)`) and finishes the output at the end (`end(skipped)`), so that no format
needs every result in memory. `open_writer` is the one place a format name becomes a writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from checker.engine import ReportResult
    from checker.rules import LoadedPack
    from checker.units import UnitsTable

FORMATS = ("text", "json", "concise", "csv", "xlsx", "sarif")
BINARY_FORMATS = frozenset({"xlsx"})
# An output file's format, by its suffix (others take --format).
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".sarif": "sarif", ".txt": "text"}


@dataclass(frozen=True)
class RenderOptions:
    """How a run's outputs are written, besides their format."""

    to_file: bool = False  # no colours, a fixed width
    quiet: bool = False  # text: the batch summary only, no findings per report
    statistics: bool = False  # text: how often each rule fired, after the summary
    units: UnitsTable | None = None  # --units: the supervisor's list of units, read and validated


class Writer(Protocol):
    def report(self, result: ReportResult) -> None: ...

    def end(self, skipped: list[str]) -> None: ...


def format_of(path: Path, default: str) -> str:
    return SUFFIX_FORMATS.get(path.suffix.lower(), default)


def open_writer(fmt: str, out: TextIO | Path, loaded: LoadedPack, options: RenderOptions) -> Writer:
    """The writer of `fmt` into `out`: a text stream, or a file path for binary formats."""
    if fmt in BINARY_FORMATS:
        assert isinstance(out, Path)
        from checker.render.xlsx import XlsxWriter

        return XlsxWriter(out, loaded)
    assert not isinstance(out, Path)
    if fmt == "json":
        from checker.render.json import JsonWriter

        return JsonWriter(out)
    if fmt == "sarif":
        from checker.render.sarif import SarifWriter

        return SarifWriter(out, loaded, loaded.every_rule())
    if fmt == "csv":
        from checker.render.csv import CsvWriter

        return CsvWriter(out)
    if fmt == "concise":
        from checker.render.concise import ConciseWriter

        return ConciseWriter(out)
    from rich.console import Console

    from checker.render.terminal import TerminalWriter

    console = (
        Console(file=out, highlight=False, width=120, no_color=True)
        if options.to_file
        else Console(highlight=False)
    )
    return TerminalWriter(console, quiet=options.quiet, statistics=options.statistics)


class Tee:
    """Several outputs of one run, each fed every result."""

    def __init__(self, writers: list[Writer]) -> None:
        self.writers = writers

    def report(self, result: ReportResult) -> None:
        for writer in self.writers:
            writer.report(result)

    def end(self, skipped: list[str]) -> None:
        for writer in self.writers:
            writer.end(skipped)
