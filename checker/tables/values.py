"""A cell's text as a number, a blank, a blank mark (「-」「/」), a number with a unit, or not a number."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from checker.pack import CellText
from checker.tables.model import Status

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@lru_cache(maxsize=8)
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"^(-?\d+(?:\.\d+)?)({alternatives})$") if units else re.compile(r"(?!)")


def _compact(text: str) -> str:
    return text.strip().replace(" ", "").replace(",", "").replace("，", "")


def parse_value(text: str, vocab: CellText) -> tuple[Decimal | None, Status, str | None]:
    """(value, status, unit); whether a decimal is allowed in that cell is TBL-17's business."""
    s = _compact(text)
    if s == "":
        return None, "blank", None
    if s in vocab.blank_marks:
        return None, "dash", None
    unit = None
    m = _unit_pattern(tuple(vocab.units)).match(s)
    if m:
        s, unit = m.group(1), m.group(2)
    if _NUMBER.match(s):
        try:
            return Decimal(s), ("unit" if unit else "ok"), unit
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            pass
    return None, "unreadable", None


class CellParser:
    """parse_value for one pack's vocabulary, remembering what it has read: a table's cells
    are mostly the same few texts (0, 1, blank), and matching reads each row several times."""

    def __init__(self, vocab: CellText) -> None:
        self.vocab = vocab
        self._seen: dict[str, tuple[Decimal | None, Status, str | None]] = {}

    def parse(self, text: str) -> tuple[Decimal | None, Status, str | None]:
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) > 10_000:  # bounded: a hostile table has no more distinct cells than this
                self._seen.clear()
            found = self._seen[text] = parse_value(text, self.vocab)
        return found

    def is_value(self, text: str) -> bool:
        found = self._seen.get(text)  # parse() inlined: matching asks this of every cell
        return (found if found is not None else self.parse(text))[1] != "unreadable"

    def is_number(self, text: str) -> bool:
        found = self._seen.get(text)
        return (found if found is not None else self.parse(text))[0] is not None
