"""A report's result: what the engine found, for renderers, the batch and the baseline.

Kept apart from the engine so that what only reads results (renderers, the batch's parent,
diff and baseline) does not import the readers and rule kinds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from checker.findings import SEVERITY_ORDER, Finding

if TYPE_CHECKING:
    from checker.clusters import PreparedItem
    from checker.facts import ReportFacts
    from checker.summary import TableSummary
    from checker.tables import ExtractedTable


@dataclass(slots=True)
class RenderedParts:
    """A report's output made in parts where it was checked (a worker), for a run that adds
    findings afterwards in the parent (comparing years): the parent then lays out only what
    changed instead of the whole report. `findings`: each finding's text, aligned with
    ReportResult.findings (None for one added later); `fixed`: the text of values no later
    step changes (the tables), by key."""

    findings: list[str | None]
    fixed: dict[str, str]


@dataclass(frozen=True, slots=True)
class Pickled:
    """A worker's result still pickled, its report's facts apart, with what pairs it: for a
    batch whose parent keeps every result on disk until the whole batch is done (comparing
    years), which then writes the bytes as they came instead of unpickling and pickling
    each result again."""

    result: bytes  # the compact ReportResult, without its facts
    facts: bytes | None  # its ReportFacts (None: the report could not be read)
    key: str  # the facts' issuer key ("" without facts)
    year: int | None
    path: str


@dataclass
class ReportResult:
    path: str
    format: str = ""
    pack: str = ""  # the rule pack the report was checked with (by its year's format)
    title: str = ""
    issuer: str = ""
    issuer_type: str = "unknown"
    year: int | None = None
    published: date | None = None  # the page's own publication date (发布日期), when it shows one
    score: float | None = None
    grade: str | None = None
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, ExtractedTable] = field(default_factory=dict)
    # The tables as the output states them, once the result left the process that read the
    # report (checker.summary.compact); `tables` is then empty.
    summaries: dict[str, TableSummary] = field(default_factory=dict)
    # The report as the chosen output format writes it, when that was done where the report was
    # checked (a worker), so that the parent of a batch only copies it to the output.
    rendered: str | None = None
    rendered_parts: RenderedParts | None = None  # the same, in parts (see RenderedParts)
    timings: dict[str, float] = field(default_factory=dict)
    unreadable: bool = False
    not_a_report: bool = False  # readable, but no report title and no statistical table
    partial: bool = False  # checked with --select: only some rules, so no score or grade
    # findings an office accepted (checker.baseline.Suppressions): rule, fingerprint, message,
    # reason and the suppression's number; not in `findings`
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    in_baseline: int = 0  # findings left out because the --baseline run had them
    # What comparing with last year's report needs (checker.facts), when the run compares
    # years; dropped before output. `previous`: last year's report it was compared with
    # ({path, year}, or None), set once the comparison ran (`compared`).
    facts: ReportFacts | None = None
    previous: dict[str, Any] | None = None
    compared: bool = False
    # The report's narrative as the batch's search for near-identical reports of different
    # units needs it (checker.clusters.report_item), when the run looks for them; taken by
    # the batch (checker.across_run) before output, never written.
    cluster: PreparedItem | None = None

    @property
    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            if f.certain:
                c[f.severity] += 1
        return c

    @property
    def uncertain(self) -> list[Finding]:
        return [f for f in self.findings if not f.certain]

    def worst(self) -> int:
        return max(
            (SEVERITY_ORDER[f.severity] for f in self.findings if f.certain),
            default=-1,
        )
