"""`names`: another body's name left in the report (text copied from elsewhere).

Only names of the issuer's own level are compared (a township's report naming
another 镇人民政府), because superior bodies are legitimately named everywhere.
Which suffixes make a body's name, and which words before a suffix are no name at
all (各、其他 …), are the rule's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.matching import finditer
from checker.rule import RuleBase, check_regexes

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["names"]
    # Suffixes of a body's full name at the issuer's level; one applies when its first
    # character is in the issuer's name (镇人民政府 for a 镇).
    suffixes: list[str] = Field(min_length=1)
    # What may stand before a suffix without being a name (各乡镇人民政府, 其他街道办事处): regexes
    # matched against the end of the characters before the suffix.
    not_names: list[str] = []
    allow: list[str] = []  # names that may appear (e.g. a merged township)
    max_findings: int = 3

    @field_validator("not_names")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    issuer = ctx.st.issuer
    if not issuer:
        return
    own = [s for s in rule.suffixes if s and s[0] in issuer]
    if not own:
        return
    generic = [re.compile(rf"(?:{p})$") for p in rule.not_names]
    count = 0
    seen: set[str] = set()
    for suffix in own:
        name_regex = rf"([\u4e00-\u9fff]{{2,4}}){re.escape(suffix)}"
        for m in finditer(name_regex, ctx.doc.text, 0, len(ctx.doc.text)):
            name = m.group(1)
            if any(rx.search(name) for rx in generic):
                continue
            # The capture may start with ordinary words ("请与青石"): any 2+ character
            # ending of it that is part of the issuer's name means it is the issuer.
            if any(name[i:] in issuer for i in range(len(name) - 1)):
                continue
            shown = name[-2:] + suffix
            if shown in rule.allow or shown in seen:
                continue
            seen.add(shown)
            count += 1
            if count > rule.max_findings:
                return
            yield ctx.finding(
                rule,
                {"match": shown, "issuer": issuer},
                span=(m.end(1) - 2, m.end()),
                observed=shown,
                expected=issuer,
            )
