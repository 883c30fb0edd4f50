"""Whether the report given with `check --previous FILE` is this report's last year's.

A report of another year is not compared at all (its 结转 is not this year's 上年结转): the
cross-year rules do not run, and DOC-04 says why, naming both years. A report of the year
before whose issuer key differs is still compared — an office renamed or merged (县商务局 →
县商务和投资促进局) keeps its history, and the clerk who named the file knows which one it
is — and DOC-04 says once that the names differ, at the level the pack gives it (info: no
points). When either year is unknown the file is compared as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.facts import ReportFacts


@dataclass(frozen=True, slots=True)
class Given:
    last: ReportFacts | None  # compared with
    refused: ReportFacts | None = None  # not compared: another year
    other_issuer: bool = False


def given_previous(this: ReportFacts | None, last: ReportFacts) -> Given:
    if this is None:
        return Given(last)
    if this.year is not None and last.year is not None and last.year != this.year - 1:
        return Given(None, refused=last)
    other = bool(this.issuer_key and last.issuer_key and this.issuer_key != last.issuer_key)
    return Given(last, other_issuer=other)
