"""The batch-wide part of a run: near-identical reports of different units (clusters) and
what the supervisor's list of units says about the batch (`--units`), computed once every
report is written, and handed to the output as one section after the reports.

Each result arrives from a worker with its narrative's prepared item (checker.clusters.
report_item). As the output takes the result (`AcrossWriter.report`), the item's masked text
goes to a private temporary file (mkstemp in a TemporaryDirectory, as the cross-year spool of
checker/pairing.py, removed however the run ends) and only its clause hashes and digest stay
in memory (checker.clusters.StoredItem), with a units item holding only the 表三 cells that
the parents' sums read: the parent's per-report state is a few KB whatever the report.
At the end (`AcrossWriter.end`) find_clusters and across_units run, and each output that
writes a batch section (`across(section)`) gets it before its `end`."""

from __future__ import annotations

import dataclasses
import tempfile
from array import array
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from checker.paths import shown

if TYPE_CHECKING:
    from checker.clusters import ClusterResult, StoredItem
    from checker.render import Writer
    from checker.results import ReportResult
    from checker.units import UnitItem, UnitsReport, UnitsTable


class TextSpool:
    """The batch's masked texts, UTF-8, one after another in a private temporary file,
    created at the first text and removed by `close`."""

    def __init__(self) -> None:
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.file: IO[bytes] | None = None
        self.end = 0

    def write(self, text: str) -> tuple[int, int]:
        """(where, size) of `text` in the spool."""
        if self.file is None:
            self.folder = tempfile.TemporaryDirectory(prefix="nianbao-")
            fd, _name = tempfile.mkstemp(dir=self.folder.name, suffix=".texts")
            self.file = open(fd, "w+b")  # noqa: SIM115 (closed in close)
        data = text.encode("utf-8")
        at = self.end
        self.file.seek(at)
        self.file.write(data)
        self.end += len(data)
        return at, len(data)

    def read(self, at: int, size: int) -> str:
        assert self.file is not None
        self.file.seek(at)
        return self.file.read(size).decode("utf-8")

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None


@dataclass
class AcrossSection:
    """What the batch says across its reports; indices are the reports' places in the
    output (the JSON's "reports" list)."""

    paths: list[str]  # each report's path as the output shows it
    clusters: ClusterResult | None = None  # None: fewer than two reports
    units: UnitsReport | None = None  # None: no --units
    units_table: UnitsTable | None = None  # the list itself (each unit's type and parent)

    def name(self, index: int) -> str:
        return self.paths[index] if 0 <= index < len(self.paths) else f"#{index + 1}"

    def clusters_dict(self) -> dict[str, Any] | None:
        """The JSON's "clusters" (None: not compared)."""
        if self.clusters is None:
            return None
        return {
            "compared": self.clusters.compared,
            "groups": [
                {
                    "members": list(c.members),
                    "paths": [self.name(i) for i in c.members],
                    "units": list(c.units),
                    "similarity": c.similarity,
                    "pairs": [
                        {
                            "a": p.a,
                            "b": p.b,
                            "a_path": self.name(p.a),
                            "b_path": self.name(p.b),
                            "similarity": p.similarity,
                        }
                        for p in c.pairs
                    ],
                    "pairs_truncated": c.pairs_truncated,
                }
                for c in self.clusters.clusters
            ],
            "skipped": self.clusters.skipped,
            "notes": self.clusters.notes,
        }

    def units_dict(self) -> dict[str, Any] | None:
        """The JSON's "units" (None: no --units)."""
        if self.units is None:
            return None
        out = self.units.to_dict()
        out["file"] = shown(self.units.file)
        for row in out["unmatched"]:
            row["path"] = self.name(row["index"])
        for row in out["matches"]:
            row["path"] = self.name(row["index"])
        return out


class AcrossCollector:
    """What the batch-wide analyses keep of each report, and the section they give."""

    def __init__(self, clusters: bool, units: UnitsTable | None, published: date | None = None) -> None:
        self.clusters = clusters
        self.units = units
        self.published = published
        self.spool = TextSpool()
        self.paths: list[str] = []
        self.issuers: list[str] = []  # each report's issuer as it writes its name
        self.items: list[StoredItem] = []
        self.stored = 0  # texts in the spool
        self.past: list[int] = []  # reports with a text past LIMITS.clusters_max_items
        self.unit_items: list[UnitItem] = []

    def take(self, result: ReportResult) -> None:
        """A result as the output takes it: its prepared item leaves it (nothing of it is
        written), its text to the spool."""
        from checker.limits import LIMITS

        index = len(self.paths)
        self.paths.append(shown(result.path))
        self.issuers.append(result.issuer)
        prepared, result.cluster = result.cluster, None
        if self.clusters:
            from checker.across import load_across
            from checker.clusters import StoredItem, text_digest

            few = load_across().clusters.min_shared_clauses  # fewer clauses: never compared
            if prepared is None or not prepared.unit or not prepared.masked or len(prepared.clauses) < few:
                stored = StoredItem(index, "", None, b"", 0, 0, array("Q"), self.spool)
            elif self.stored >= LIMITS.clusters_max_items:
                self.past.append(index)
                stored = StoredItem(index, "", None, b"", 0, 0, array("Q"), self.spool)
            else:
                at, size = self.spool.write(prepared.masked)
                self.stored += 1
                digest = text_digest(prepared.masked)
                stored = StoredItem(
                    index, prepared.unit, prepared.year, digest, size, at, prepared.clauses, self.spool
                )
            self.items.append(stored)
        if self.units is not None:
            from checker.units import trimmed_item, unit_item

            self.unit_items.append(trimmed_item(unit_item(index, result)))

    def finish(self) -> AcrossSection | None:
        """The batch section (None: nothing to say: one report and no --units)."""
        from checker.clusters import find_clusters, past_cap_note

        section = AcrossSection(self.paths)
        if self.clusters and len(self.paths) >= 2:
            # the reports past the cap were not spooled: they are skipped as find_clusters
            # skips them, and said the same way
            result = find_clusters(self.items)
            if self.past:
                past = set(self.past)
                result.skipped = sorted(set(result.skipped) | past)
                result.notes.insert(0, past_cap_note(len(past)))
            # a cluster's units by the names their reports give (the keys are normalised)
            result.clusters = [
                dataclasses.replace(
                    c, units=tuple(self.issuers[i] or u for i, u in zip(c.members, c.units, strict=True))
                )
                for c in result.clusters
            ]
            section.clusters = result
        if self.units is not None:
            from checker.units import across_units

            section.units = across_units(self.unit_items, self.units, published=self.published)
            section.units_table = self.units
        if section.clusters is None and section.units is None:
            return None
        return section

    def close(self) -> None:
        self.spool.close()
        self.items = []

    def __enter__(self) -> AcrossCollector:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@dataclass
class AcrossWriter:
    """The run's output with the batch section: each result goes through the collector to
    the output; at the end, the section to each output that writes one, then its end."""

    inner: Writer
    collector: AcrossCollector
    section: AcrossSection | None = field(default=None, init=False)

    def report(self, result: ReportResult) -> None:
        self.collector.take(result)
        self.inner.report(result)

    def end(self, skipped: list[str]) -> None:
        self.section = self.collector.finish()
        across = getattr(self.inner, "across", None)
        if self.section is not None and across is not None:
            across(self.section)
        self.inner.end(skipped)
