"""`abbreviation`: a short name (《条例》) is used only after the full name has been given
and the short name defined for it (（以下简称《条例》）).

The short form, the definition and the full name are the rule's regexes, matched on the
text with whitespace removed (a full name broken over two lines is still the full name);
so are the three reasons a message gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.kinds._views import squeezed
from checker.rule import RuleBase, Strict, check_regex

if TYPE_CHECKING:
    from checker.context import Context


class Reasons(Strict):
    undefined: str  # the short name is used but never defined
    before_definition: str  # used before its definition
    no_full_name: str  # defined, but the full name does not come first


class Params(RuleBase):
    kind: Literal["abbreviation"]
    short: str
    definition: str
    full: str
    why: Reasons

    @field_validator("short", "definition", "full")
    @classmethod
    def _valid(cls, v: str) -> str:
        return check_regex(v)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    view = squeezed(ctx)
    define = re.search(rule.definition, view.text)
    uses = [m for m in re.finditer(rule.short, view.text) if not (define and _within(m, define))]
    if not uses:
        return
    first = uses[0]
    full = re.search(rule.full, view.text)
    if define is None:
        why, at = rule.why.undefined, first
    elif first.start() < define.start():
        why, at = rule.why.before_definition, first
    elif full is None or full.start() > define.start():
        why, at = rule.why.no_full_name, define
    else:
        return
    shown = first.group(0)
    yield ctx.finding(
        rule, {"match": shown, "why": why}, span=view.span(at.start(), at.end()), observed=shown
    )


def _within(inner: re.Match[str], outer: re.Match[str]) -> bool:
    return outer.start() <= inner.start() and inner.end() <= outer.end()
