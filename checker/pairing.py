"""A batch that compares each report with the same office's report of the year before.

Any file may be another's last year, so the output waits for the whole batch. Phase 1
(the workers, the progress bar) spools each compact result and its facts to a private
temporary file (mkstemp in a TemporaryDirectory, removed however the run ends, Ctrl-C
included) and keeps in memory only what pairs them: the issuer key, the year and where the
records are. Phase 2 pairs the reports by issuer key and consecutive years, reads each
report back in input order with its pair's facts, runs the cross-year rules
(checker.crossyear), and yields it. Memory stays flat: a record is in memory only while it
is compared.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import defaultdict
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, cast

from checker.crossyear import compare
from checker.paths import shown
from checker.results import Pickled

if TYPE_CHECKING:
    from checker.batch import CheckOptions
    from checker.facts import ReportFacts
    from checker.results import ReportResult
    from checker.rules import LoadedPack


@dataclass(frozen=True, slots=True)
class Spooled:
    """Where a report's records are in the spool, and what pairs it."""

    result_at: int
    facts_at: int | None  # None: no facts (a file that could not be read)
    key: str
    year: int | None
    path: str


# The files named when several could be last year's report (the rest are counted).
NAMED_CANDIDATES = 3


@dataclass(frozen=True, slots=True)
class Pairing:
    last: int | None  # the index of last year's report
    candidates: tuple[str, ...] = ()  # files that could each be last year's (the first few)
    count: int = 0  # how many could


def pair(entries: list[Spooled]) -> list[Pairing]:
    """Each report's last year's report: the one report of the same issuer key and the year
    before; two or more such reports pair none of them (which, is said)."""
    by_unit: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.facts_at is not None and entry.key and entry.year is not None:
            by_unit[(entry.key, entry.year)].append(i)
    out = []
    for entry in entries:
        found = by_unit.get((entry.key, entry.year - 1), []) if entry.key and entry.year is not None else []
        if len(found) == 1:
            out.append(Pairing(found[0]))
        elif found:
            named = tuple(shown(entries[i].path) for i in found[:NAMED_CANDIDATES])
            out.append(Pairing(None, named, len(found)))
        else:
            out.append(Pairing(None))
    return out


def _load(spool: IO[bytes], at: int) -> object:
    spool.seek(at)
    return pickle.load(spool)


def _result(spool: IO[bytes], at: int) -> ReportResult:
    return cast("ReportResult", _load(spool, at))


def _facts(spool: IO[bytes], at: int | None) -> ReportFacts | None:
    return None if at is None else cast("ReportFacts", _load(spool, at))


def compared_batch(
    results: Iterator[ReportResult | Pickled], loaded: LoadedPack, options: CheckOptions
) -> Generator[ReportResult, None, None]:
    """The results of `results` (a batch, in input order), each compared with its last
    year's report once every file is done; in input order. A Pickled result (from a worker,
    checker.batch.check_many_pickled) is spooled as its bytes came."""
    with tempfile.TemporaryDirectory(prefix="nianbao-") as folder:
        fd, _name = tempfile.mkstemp(dir=folder, suffix=".spool")
        with open(fd, "w+b") as spool:
            entries: list[Spooled] = []
            for result in results:
                if isinstance(result, Pickled):
                    result_at = spool.tell()
                    spool.write(result.result)
                    facts_at = None
                    if result.facts is not None:
                        facts_at = spool.tell()
                        spool.write(result.facts)
                    entries.append(Spooled(result_at, facts_at, result.key, result.year, result.path))
                    continue
                facts, result.facts = result.facts, None
                result_at = spool.tell()
                pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
                facts_at = None
                if facts is not None:
                    facts_at = spool.tell()
                    pickle.dump(facts, spool, protocol=pickle.HIGHEST_PROTOCOL)
                entries.append(
                    Spooled(
                        result_at,
                        facts_at,
                        facts.issuer_key if facts is not None else "",
                        facts.year if facts is not None else None,
                        result.path,
                    )
                )
                del result, facts
            pairings = pair(entries)
            for entry, pairing in zip(entries, pairings, strict=True):
                result = _result(spool, entry.result_at)
                this = _facts(spool, entry.facts_at)
                last = _facts(spool, entries[pairing.last].facts_at) if pairing.last is not None else None
                yield compare(
                    result, this, last, loaded, options, candidates=pairing.candidates, count=pairing.count
                )


def with_previous(
    results: Iterator[ReportResult], last: ReportFacts, loaded: LoadedPack, options: CheckOptions
) -> Generator[ReportResult, None, None]:
    """`check --previous FILE`: each result compared with that one report's facts, when that
    report is of the year before (checker.previous)."""
    from checker.previous import given_previous

    for result in results:
        facts, result.facts = result.facts, None
        given = given_previous(facts, last)
        yield compare(
            result, facts, given.last, loaded, options, refused=given.refused, other_issuer=given.other_issuer
        )
