"""Which rules a run checks: --select and --ignore, by rule id, name or id prefix; and which
rules apply to a report (a rule's `when`).

A reference that names no rule is an error before any report is checked: a mistyped
`--select NOPE-99` would otherwise check nothing and grade every report 100 优秀."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from checker.errors import NianbaoError
from checker.rule import RuleBase, When

if TYPE_CHECKING:
    from checker.context import Context
    from checker.facts import ReportFacts

_ID_OR_PREFIX = re.compile(r"[A-Za-z]+(?:-\d*)?")


def normalise(ref: str) -> str:
    """Ids and prefixes in any case (tbl, Tbl-01 → TBL, TBL-01); names stay as written."""
    return ref.upper() if _ID_OR_PREFIX.fullmatch(ref) else ref


def hits(rule: RuleBase, refs: Iterable[str]) -> bool:
    return any(
        rule.id == ref or rule.name == ref or rule.id.startswith(ref.rstrip("-") + "-") for ref in refs
    )


def selected(rule: RuleBase, select: list[str] | None, ignore: list[str] | None) -> bool:
    if select and not hits(rule, select):
        return False
    return not (ignore and hits(rule, ignore))


def resolve(option: str, refs: list[str], rules: list[RuleBase]) -> list[str]:
    """`refs` normalised, each checked to name at least one of `rules`; else a NianbaoError
    that names the first unknown one and the closest ids, names or prefixes."""
    out = [normalise(ref) for ref in refs]
    for given, ref in zip(refs, out, strict=True):
        if any(hits(rule, [ref]) for rule in rules):
            continue
        known = sorted({r.id for r in rules} | {r.name for r in rules} | {r.id.split("-")[0] for r in rules})
        close = difflib.get_close_matches(ref, known, n=3, cutoff=0.5)
        hint = f"是否想写：{'、'.join(close)}" if close else "用 nianbao rules list 查看全部规则"
        raise NianbaoError(f"{option} 中的“{given}”不是任何规则的编号、名称或前缀", hint)
    return out


_OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def applies(when: When | None, ctx: Context) -> bool:
    if when is None:
        return True
    st = ctx.st
    return _holds(when, st.issuer_type, st.can_make_rules, st.year, ctx.cell_number)


def applies_to_facts(when: When | None, facts: ReportFacts) -> bool:
    """`applies` for a rule judged on a pair of reports (kinds.PAIR_KINDS): the same
    conditions, on this year's report's facts (its issuer type, year and cells)."""
    if when is None:
        return True
    return _holds(
        when, facts.issuer_type, facts.can_make_rules, facts.year, lambda ref: _facts_cell(facts, ref)
    )


def _holds(
    when: When,
    issuer_type: str,
    can_make_rules: bool,
    year: int | None,
    cell: Callable[[str], Decimal | None],
) -> bool:
    """Whether a report of this issuer type, rule-making power and year, whose settled cells
    `cell` gives, meets `when`."""
    if when.issuer_types is not None and issuer_type not in when.issuer_types:
        return False
    if when.can_make_rules is not None and can_make_rules != when.can_make_rules:
        return False
    if when.min_year is not None and (year is None or year < when.min_year):
        return False
    if when.max_year is not None and (year is None or year > when.max_year):
        return False
    if when.cell is not None:
        value = cell(when.cell.cell)
        if value is None or not _OPS[when.cell.op](value, Decimal(str(when.cell.value))):
            return False
    return True


def _facts_cell(facts: ReportFacts, ref: str) -> Decimal | None:
    """A settled cell of the facts by `表.行.列`, the row by id or label."""
    table, _, rest = ref.partition(".")
    row_ref, _, column = rest.rpartition(".")
    rows = facts.rows.get(table, {})
    row_id = (
        row_ref if row_ref in rows else next((i for i, label in rows.items() if label == row_ref), row_ref)
    )
    cell = facts.cell(table, row_id, column)
    if cell is None or cell[0] is None:
        return None
    return Decimal(str(cell[0]))
