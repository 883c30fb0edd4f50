"""`names`: another body's name left in the report (text copied from elsewhere).

Only names of the issuer's own level are compared (a township's report naming
another 镇人民政府), because superior bodies are legitimately named everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from checker.findings import Finding
from checker.kinds.base import RuleBase

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["names"]
    suffixes: list[str] = ["镇人民政府", "乡人民政府", "街道办事处"]
    allow: list[str] = []  # names that may appear (e.g. a merged township)
    max_findings: int = 3


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    issuer = ctx.st.issuer
    if not issuer:
        return
    own = [s for s in rule.suffixes if s[0] in issuer]
    if not own:
        return
    count = 0
    seen: set[str] = set()
    for suffix in own:
        for m in re.finditer(rf"([\u4e00-\u9fff]{{2,4}}){suffix}", ctx.doc.text):
            name = m.group(1)
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
                rule, {"match": shown, "issuer": issuer}, offset=m.start(), observed=shown, expected=issuer
            )
