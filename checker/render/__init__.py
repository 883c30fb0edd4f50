"""Renderers: one module per output format. They format; they never compute.

Each format is a writer that takes results one by one as a batch produces them
(`report(result)`) and finishes the output at the end (`end(skipped)`), so that no format
needs every result in memory. `open_writer` is the one place a format name becomes a writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from checker.across_run import AcrossSection
    from checker.results import ReportResult
    from checker.rules import LoadedPack
    from checker.units import UnitsTable


@dataclass(frozen=True)
class OutputFormat:
    """One output format: the module whose `writer(out, loaded, options)` makes its writer
    (imported only when the format is used), whether it writes bytes, and the output-file
    suffixes that choose it."""

    module: str
    binary: bool = False
    suffixes: tuple[str, ...] = ()


REGISTRY: dict[str, OutputFormat] = {
    "text": OutputFormat("checker.render.terminal", suffixes=(".txt",)),
    "json": OutputFormat("checker.render.json", suffixes=(".json",)),
    "concise": OutputFormat("checker.render.concise"),
    "csv": OutputFormat("checker.render.csv", suffixes=(".csv",)),
    "xlsx": OutputFormat("checker.render.xlsx", binary=True, suffixes=(".xlsx",)),
    "html": OutputFormat("checker.render.html", suffixes=(".html", ".htm")),
    "sarif": OutputFormat("checker.render.sarif", suffixes=(".sarif",)),
}
FORMATS = tuple(REGISTRY)
BINARY_FORMATS = frozenset(name for name, spec in REGISTRY.items() if spec.binary)
# An output file's format, by its suffix (others take --format).
SUFFIX_FORMATS = {suffix: name for name, spec in REGISTRY.items() for suffix in spec.suffixes}


@dataclass(frozen=True)
class RenderOptions:
    """How a run's outputs are written, besides their format."""

    to_file: bool = False  # no colours, a fixed width
    quiet: bool = False  # text: the batch summary only, no findings per report
    statistics: bool = False  # text: how often each rule fired, after the summary
    units: UnitsTable | None = None  # --units: the supervisor's list of units, read and validated
    rectify_by: date | None = None  # html: the 整改通知's deadline (None: a blank to fill in)
    verbose: bool = False  # text: each finding's basis


class Writer(Protocol):
    def report(self, result: ReportResult) -> None: ...

    def end(self, skipped: list[str]) -> None: ...


# A writer that writes a batch section (near-identical reports, the units list) also has
# `across(section: AcrossSection) -> None`, called once before its `end` (csv, concise and
# sarif have none: they are findings only).


def format_of(path: Path, default: str) -> str:
    return SUFFIX_FORMATS.get(path.suffix.lower(), default)


def open_writer(fmt: str, out: TextIO | Path, loaded: LoadedPack, options: RenderOptions) -> Writer:
    """The writer of `fmt` into `out`: a text stream, or a file path for binary formats."""
    import importlib

    spec = REGISTRY[fmt]
    assert isinstance(out, Path) == spec.binary
    writer: Writer = importlib.import_module(spec.module).writer(out, loaded, options)
    return writer


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

    def across(self, section: AcrossSection) -> None:
        """The batch section (checker.across_run) to each output that writes one."""
        for writer in self.writers:
            across = getattr(writer, "across", None)
            if across is not None:
                across(section)
