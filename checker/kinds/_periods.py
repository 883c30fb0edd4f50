"""Statistics-period sentences (pack.yaml `statistics_period:`), found once per report and
read by the kinds that check the period (`statistics_period`) and that it is stated
(`period_stated`), so that both know the same wordings.

Not a rule kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.kinds._views import squeezed
from checker.limits import LIMITS
from checker.matching import compiled, finditer_at, match_starts

if TYPE_CHECKING:
    from checker.context import Context
    from checker.pack import StatisticsPeriod

_SENTENCE_STOP = "。；;！!？?"
# A report states its period once or twice; the cap bounds the work on a hostile file.
MAX_PERIODS = 50


@dataclass(frozen=True)
class Period:
    start: int  # offsets in Document.text of the dates as written
    end: int
    written: str  # the dates as written, whitespace removed
    first: tuple[int | None, int, int]  # (year, month, day); a missing year is unknown
    last: tuple[int | None, int, int]


def _number(m: re.Match[str], group: str) -> int | None:
    value = m.groupdict().get(group)
    return int(value) if value else None


def _period(m: re.Match[str], span: tuple[int, int], written: str) -> Period:
    y1, y2 = _number(m, "y1"), _number(m, "y2")
    y1 = y1 if y1 is not None else y2
    y2 = y2 if y2 is not None else y1
    first = (y1, _number(m, "m1") or 1, _number(m, "d1") or 1)
    last = (y2, _number(m, "m2") or 12, _number(m, "d2") or 31)
    return Period(span[0], span[1], written, first, last)


# statistics_period spec (by identity; packs never change once loaded) → its regexes
_REGEXES: dict[int, tuple[StatisticsPeriod, str, list[re.Pattern[str]]]] = {}


def _regexes(spec: StatisticsPeriod) -> tuple[str, list[re.Pattern[str]]]:
    """The names as one regex, and each range's regex, made once per pack: joining and
    looking up the same long strings cost as much per report as the search itself."""
    found = _REGEXES.get(id(spec))
    if found is not None and found[0] is spec:
        return found[1], found[2]
    names = "|".join(f"(?:{n})" for n in spec.names)
    regexes = [
        compiled(f"(?:{names})[^{_SENTENCE_STOP}]{{0,{spec.gap}}}?(?P<range>{range_regex})")
        for range_regex in spec.ranges
    ]
    if len(_REGEXES) >= LIMITS.pack_memo_entries:
        _REGEXES.clear()
    _REGEXES[id(spec)] = (spec, names, regexes)
    return names, regexes


def periods(ctx: Context) -> list[Period]:
    """Every statistics-period sentence of the report, in text order."""
    cached = ctx.extra.get("periods")
    if isinstance(cached, list):
        return cached
    spec = ctx.pack.statistics_period
    view = squeezed(ctx)
    names, regexes = _regexes(spec)
    # Every range's regex starts with a name: where a name matches is found once, and each
    # range is tried there only (a handful of places), not at every character.
    starts = match_starts(names, view.text)
    claimed: set[int] = set()
    found: list[Period] = []
    for rx in regexes:
        hits = rx.finditer(view.text) if starts is None else finditer_at(rx, starts, view.text)
        for m in hits:
            span = view.span(m.start("range"), m.end("range"))
            if m.start() in claimed or any(p.start < span[1] and span[0] < p.end for p in found):
                continue  # an earlier, more complete range already read this sentence
            claimed.add(m.start())
            found.append(_period(m, span, m.group("range")))
            if len(found) >= MAX_PERIODS:
                break
    found.sort(key=lambda p: p.start)
    ctx.extra["periods"] = found
    return found
