"""CSV: the findings list, one row per finding, for Excel. UTF-8 with a byte-order mark,
since Excel opens a CSV without one in the system's code page and shows Chinese as mojibake."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from checker.render.rows import FINDING_COLUMNS, finding_row
from checker.results import ReportResult

if TYPE_CHECKING:
    from checker.render import RenderOptions
    from checker.rules import LoadedPack


# Excel reads a CSV field that starts with one of these as a formula (and runs it, DDE
# included) when the file is opened; a file name or a report's words may start so.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: Any) -> Any:
    """A text field Excel shows as text: one that would be read as a formula gets an
    apostrophe first (Excel shows it; the words stay whole)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """Rows written as results arrive (nothing is kept)."""

    def __init__(self, out: TextIO) -> None:
        out.write("\ufeff")
        # Excel's own line ends; csv quotes any field holding a comma, quote or line break.
        self.rows = csv.writer(out, lineterminator="\r\n")
        self.rows.writerow(FINDING_COLUMNS)

    def report(self, result: ReportResult) -> None:
        self.rows.writerows([_as_text(v) for v in finding_row(result, f)] for f in result.findings)

    def end(self, skipped: list[str]) -> None:
        """Nothing to close: skipped files were named on stderr as they were met."""


def writer(out: TextIO, _loaded: LoadedPack, _options: RenderOptions) -> CsvWriter:
    return CsvWriter(out)
