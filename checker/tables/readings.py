"""The admissible readings of a run of numbers that stood for adjacent table cells.

Web pages flatten a table row into one run: 「21710000218」 for 217|1|0|0|0|0|218. A
reading cuts the run into exactly one number per cell. The evidence the text itself
gives limits the cuts:

- whitespace in the run is a cell boundary (「0 00 0」 is 0|0|0|0);
- a number has no leading zero (「0」 itself excepted), a sign only where the column is
  signed, a decimal point only where the column holds amounts, and at most
  `max_digits` digits before the point;
- a value the narrative states for a cell (「共收到申请218件」) fixes that cell.

Readings are never enumerated to be counted or tested: a dynamic programme over
split points (cells × positions) counts them, gives every cell's possible values,
and computes the set of values a linear sum of cells can take — a 40-digit run
costs milliseconds. Sets that would grow past a cap are reported as unknown
(None), never truncated silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from checker.limits import LIMITS

# Above this many distinct (position, partial sum) states a sum is "unknown".
STATE_CAP = 4096
# Readings listed by examples(): enough to name them in a message.
EXAMPLE_CAP = 3


@dataclass(frozen=True, slots=True)
class CellSpec:
    """What one cell of the run may hold."""

    decimal: bool = False
    signed: bool = False
    max_digits: int = 6


# A substring of the run written like a number (no leading zero, at most one point):
# (end, value, digits before the point, has a point, is negative). A plain tuple: a
# report makes thousands of them.
_Token = tuple[int, Decimal, int, bool, bool]


# The same few numbers (0, 1, 10 …) come up in every run: build each Decimal once.
_decimal = lru_cache(maxsize=8192)(Decimal)


def _digit_tokens(chars: str, p: int, boundary: int, longest: int) -> list[_Token]:
    """_tokens_from for a group of plain digits (nearly every run): no sign, no point."""
    if chars[p] == "0":
        return [(p + 1, _decimal("0"), 1, False, False)]
    stop = min(boundary, p + longest)
    return [(end, _decimal(chars[p:end]), end - p, False, False) for end in range(p + 1, stop + 1)]


def _tokens_from(chars: str, p: int, boundary: int, longest: int) -> list[_Token]:
    """Every number-like token starting at p and ending at or before the boundary."""
    out: list[_Token] = []
    negative = chars[p] == "-"
    q = p + 1 if negative else p
    if q >= boundary or not chars[q].isdigit():
        return out
    digits, dot = 0, -1
    for end in range(q + 1, min(boundary, p + longest) + 1):
        ch = chars[end - 1]
        if ch.isdigit():
            if dot < 0:
                if digits == 1 and chars[q] == "0":
                    break  # "0" followed by a digit: a leading zero, now and for any longer token
                digits += 1
        elif ch == "." and dot < 0:
            dot = end - 1
            continue  # "12." is not a number; "12.5" may be
        else:
            break
        value = _decimal(chars[p:end])
        if negative and value == 0:
            continue
        out.append((end, value, digits, dot >= 0, negative))
    return out


@lru_cache(maxsize=256)
def _longest(specs: tuple[CellSpec, ...]) -> int:
    """The longest token any of these cells may hold: sign, digits, point and 12 decimals."""
    return max((s.max_digits + 1 + (13 if s.decimal else 0) for s in specs), default=1)


def _fits(token: _Token, spec: CellSpec) -> bool:
    _end, _value, digits, decimal, negative = token
    return digits <= spec.max_digits and (spec.decimal or not decimal) and (spec.signed or not negative)


class RunReadings:
    """All readings of one run for a fixed list of cell specs, as a DP over split points.

    `ways[k][p]` is the number of ways to fill cells k… from position p of the run
    (whitespace removed) to its end; a cut may fall anywhere inside a group of
    characters but must fall at every whitespace boundary.
    """

    def __init__(
        self,
        text: str,
        specs: list[CellSpec],
        fixed: Mapping[int, Decimal] | None = None,
        _tokens: list[list[_Token]] | None = None,
    ) -> None:
        self.text = text
        self.specs = specs
        self.fixed = dict(fixed or {})
        groups = text.split()
        self.chars = "".join(groups)
        length = len(self.chars)
        self._values: list[list[Decimal]] | None = None
        self._sums: dict[tuple[tuple[int, int], ...], set[Decimal] | None] = {}
        self._only: tuple[Decimal, ...] | None = None
        self._reach: list[set[int]] | None = None
        # examples(limit) and their wording, asked for by every finding that names this run
        self._examples: dict[int, list[tuple[Decimal, ...]]] = {}
        self.described: dict[tuple[int, str, str], str] = {}
        if length == len(specs) and self.chars.isdigit():
            # One digit per cell (0000000, 1000001): the only reading, without a DP.
            self._only = tuple(_decimal(ch) for ch in self.chars)
            ok = all(self.fixed.get(k, v) == v for k, v in enumerate(self._only))
            self.ways = [[1 if ok else 0]]
            self._tokens, self._moves = [], []
            return
        if _tokens is None:
            longest = _longest(tuple({id(s): s for s in specs}.values()))
            _tokens = []
            pos = 0
            for g in groups:
                boundary = pos + len(g)
                tokens_at = _digit_tokens if g.isdigit() and g.isascii() else _tokens_from
                for p in range(pos, boundary):
                    _tokens.append(tokens_at(self.chars, p, boundary, longest))
                pos = boundary
            _tokens.append([])
        self._tokens = _tokens
        self._moves = self._build_moves()
        self.ways = self._count()

    # ---------------------------------------------------------------- construction

    def _build_moves(self) -> list[list[list[tuple[int, Decimal]]]]:
        """moves[k][p]: (end, value) of every admissible cell k starting at p."""
        by_spec: dict[CellSpec, list[list[tuple[int, Decimal]]]] = {}
        moves: list[list[list[tuple[int, Decimal]]]] = []
        for k, spec in enumerate(self.specs):
            want = self.fixed.get(k)
            if want is None and spec in by_spec:
                moves.append(by_spec[spec])
                continue
            row = [
                [(t[0], t[1]) for t in tokens if _fits(t, spec) and (want is None or t[1] == want)]
                for tokens in self._tokens
            ]
            if want is None:
                by_spec[spec] = row
            moves.append(row)
        return moves

    def _count(self) -> list[list[int]]:
        n, length = len(self.specs), len(self.chars)
        ways = [[0] * (length + 1) for _ in range(n + 1)]
        ways[n][length] = 1
        for k in range(n - 1, -1, -1):
            nxt, here, moves = ways[k + 1], ways[k], self._moves[k]
            # cell k can start no earlier than k and must leave a character for each later cell
            for p in range(min(length - (n - k), length - 1), k - 1, -1):
                total = 0
                for end, _ in moves[p]:
                    total += nxt[end]
                here[p] = total
        return ways

    # ---------------------------------------------------------------- questions

    @property
    def count(self) -> int:
        """How many readings there are (0: none)."""
        return self.ways[0][0] if self.specs else (1 if not self.chars else 0)

    def _reachable(self) -> list[set[int]]:
        """reach[k]: start positions of cell k on some complete reading (computed once: the
        values and every sum start from it)."""
        if self._reach is None:
            self._reach = self._compute_reachable()
        return self._reach

    def _compute_reachable(self) -> list[set[int]]:
        n = len(self.specs)
        reach: list[set[int]] = [set() for _ in range(n + 1)]
        if self.count == 0:
            return reach
        reach[0] = {0}
        for k in range(n):
            for p in reach[k]:
                for end, _ in self._moves[k][p]:
                    if self.ways[k + 1][end]:
                        reach[k + 1].add(end)
        return reach

    def values(self) -> list[list[Decimal]]:
        """The possible values of each cell over all readings, in ascending order."""
        if self._values is None:
            if self._only is not None:
                self._values = [[v] for v in self._only] if self.count else [[] for _ in self._only]
            else:
                self._values = self._compute_values()
        return self._values

    def _compute_values(self) -> list[list[Decimal]]:
        reach = self._reachable()
        out: list[list[Decimal]] = []
        for k in range(len(self.specs)):
            seen = {value for p in reach[k] for end, value in self._moves[k][p] if self.ways[k + 1][end]}
            out.append(sorted(seen))
        return out

    def sums(self, coefficients: Mapping[int, int]) -> set[Decimal] | None:
        """Every value Σ coefficient·cell takes over the readings; None when too many to know."""
        key = tuple(sorted((k, c) for k, c in coefficients.items() if c))
        if key not in self._sums:
            self._sums[key] = self._compute_sums(dict(key))
        return self._sums[key]

    def _compute_sums(self, coefficients: Mapping[int, int]) -> set[Decimal] | None:
        if self.count == 1:
            only = self.examples(1)[0]
            return {sum((c * only[k] for k, c in coefficients.items()), Decimal(0))}
        if self.count == 0:
            return set()
        # The states (position, partial sum) before the first cell with a coefficient are
        # the reachable positions with a partial sum of 0; after the last such cell the
        # partial sums no longer change, and every state reaches the end (only positions
        # from which the run can be completed are kept). So the programme runs over the
        # cells with coefficients only, and the states it would hold outside them are
        # counted against the cap rather than built: the same sums, the same None.
        n = len(self.specs)
        used = [k for k in range(n) if coefficients.get(k, 0)]
        if not used:
            return self._compute_sums_from(coefficients, 0, n)
        first, last = used[0], used[-1]
        reach = self._reachable()
        if first == last:
            # One cell (an identity's column through this row): its sums are its values
            # scaled. With no more states than the cap allows anywhere, the programme
            # below builds exactly these and never gives up.
            values = self.values()[first]
            if len(values) * max(len(r) for r in reach) <= STATE_CAP:
                coefficient = coefficients[first]
                return {coefficient * v for v in values}
        if any(len(reach[k]) > STATE_CAP for k in range(1, first + 1)):
            return None
        return self._compute_sums_from(coefficients, first, last + 1)

    def _compute_sums_from(
        self, coefficients: Mapping[int, int], first: int, last: int
    ) -> set[Decimal] | None:
        """The programme of _compute_sums from cell `first` (reachable positions, partial 0)
        through cell `last` - 1, then the later cells' states counted, built only where
        their count could pass the cap."""
        n = len(self.specs)
        zero = Decimal(0)
        states: set[tuple[int, Decimal]] = (
            {(0, zero)} if first == 0 else {(p, zero) for p in self._reachable()[first]}
        )
        for k in range(first, n):
            if k == last:
                partials = {partial for _, partial in states}
                reach = self._reachable()
                widest = max((len(reach[j]) for j in range(k + 1, n + 1)), default=0)
                if len(partials) * widest <= STATE_CAP:
                    return partials
            coefficient = coefficients.get(k, 0)
            nxt: set[tuple[int, Decimal]] = set()
            ways, moves = self.ways[k + 1], self._moves[k]
            for p, partial in states:
                for end, value in moves[p]:
                    if ways[end]:
                        nxt.add((end, partial + coefficient * value if coefficient else partial))
                if len(nxt) > STATE_CAP:
                    return None
            states = nxt
        return {partial for _, partial in states}

    def examples(self, limit: int = EXAMPLE_CAP) -> list[tuple[Decimal, ...]]:
        """The first few readings, in text order (for messages)."""
        found = self._examples.get(limit)
        if found is None:
            found = self._examples[limit] = self._compute_examples(limit)
        return list(found)

    def _compute_examples(self, limit: int) -> list[tuple[Decimal, ...]]:
        if self._only is not None:
            return [self._only] if self.count and limit else []
        out: list[tuple[Decimal, ...]] = []

        def walk(k: int, p: int, acc: list[Decimal]) -> Iterator[None]:
            if len(out) >= limit:
                return
            if k == len(self.specs):
                out.append(tuple(acc))
                yield None
                return
            for end, value in self._moves[k][p]:
                if self.ways[k + 1][end]:
                    acc.append(value)
                    yield from walk(k + 1, end, acc)
                    acc.pop()
                    if len(out) >= limit:
                        return

        for _ in walk(0, 0, []):
            if len(out) >= limit:
                break
        return out

    def narrowed(self, fixed: Mapping[int, Decimal]) -> RunReadings:
        """The same run with some cells' values fixed by other evidence."""
        return readings_of(self.text, self.specs, {**self.fixed, **fixed}, self._tokens or None)


# (run, cell specs, fixed values) → its readings. A RunReadings never changes once built
# (what it remembers follows from the run and the specs), so one object serves every row,
# table and report that has the same run: a report repeats half of its runs.
_MEMO: dict[tuple[str, tuple[int, ...], tuple[tuple[int, Decimal], ...]], RunReadings] = {}


def readings_of(
    text: str,
    specs: list[CellSpec],
    fixed: Mapping[int, Decimal] | None = None,
    _tokens: list[list[_Token]] | None = None,
) -> RunReadings:
    """RunReadings(text, specs, fixed), shared with earlier runs just like it."""
    if len(text) > LIMITS.readings_memo_max_chars:
        return RunReadings(text, specs, fixed, _tokens)
    # the specs by identity (their dataclass hash is a Python call per cell): the readings
    # kept hold the specs list, so no id in a kept key is reused while it is kept
    key = (text, tuple(map(id, specs)), tuple(sorted(fixed.items())) if fixed else ())
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) >= LIMITS.readings_memo_entries:
            _MEMO.clear()
        found = _MEMO[key] = RunReadings(text, specs, fixed, _tokens)
    return found


def sumset(parts: list[set[Decimal] | None], cap: int = STATE_CAP) -> set[Decimal] | None:
    """{a + b + … : a ∈ parts[0], b ∈ parts[1], …}; None when any part or the result is unknown."""
    total: set[Decimal] = {Decimal(0)}
    for part in parts:
        if part is None:
            return None
        total = {a + b for a in total for b in part}
        if len(total) > cap:
            return None
    return total
