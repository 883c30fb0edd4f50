"""Fields every rule has, whatever its kind."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from checker.findings import Finding, Location
from checker.limits import LIMITS
from checker.regexes import check_regex, check_regexes

__all__ = ["RuleBase", "Strict", "When", "check_regex", "check_regexes", "fmt"]

Scope = Literal["document", "preamble", "title", "一", "二", "三", "四", "五", "六", "body", "tables"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Examples(Strict):
    pass_: str = Field(alias="pass")
    fail: str


class CellCondition(Strict):
    """`表三.逾期未缴费.总计 > 0`, written as {cell: ..., op: ..., value: ...}."""

    cell: str
    op: Literal[">", ">=", "<", "<=", "==", "!="]
    value: float


class When(Strict):
    issuer_types: list[Literal["township", "government", "department", "unknown"]] | None = None
    can_make_rules: bool | None = None
    min_year: int | None = None
    max_year: int | None = None
    cell: CellCondition | None = None


class RuleBase(Strict):
    kind: str  # narrowed to a Literal by each kind's Params (the discriminator)
    id: str = Field(pattern=r"^(SEC|LEG|TBL|DATE|TXT|DOC|PUB)-\d{2,3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=2)
    severity: Literal["error", "warning", "info"]
    points: float = Field(ge=0, le=100)
    max_points: float | None = Field(default=None, ge=0, le=100)
    category: Literal["sections", "references", "tables", "dates", "text", "document"]
    basis: str = Field(min_length=2)
    description: str = Field(min_length=2)
    message: str = Field(min_length=2)
    examples: Examples
    enabled: bool = True
    when: When | None = None
    # Rules that report the same root cause less specifically: when this rule reports
    # something with certainty, their findings about the same place are dropped
    # (one cause, one finding). See grading.drop_superseded.
    supersedes: list[str] = []

    def finding(
        self,
        message: str,
        location: Location,
        *,
        observed: Any = None,
        expected: Any = None,
        certain: bool = True,
        severity: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> Finding:
        """A finding of this rule, with the rule's identity and basis (and its severity unless
        one is given): every kind's findings are made here."""
        return Finding(
            rule=self.id,
            name=self.name,
            title=self.title,
            category=self.category,
            severity=severity or self.severity,  # type: ignore[arg-type]
            message=message,
            location=location,
            observed=observed,
            expected=expected,
            basis=self.basis,
            certain=certain,
            span=span,
        )


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# template → its pieces: text, name, text, name, …, text (re.split with the name captured)
_PIECES: dict[str, list[str]] = {}


def fmt(template: str, values: dict[str, Any]) -> str:
    """`{name}` substitution only — no attribute access, no expressions. Each template is
    split at its placeholders once: a report formats a few dozen messages, and re.sub with
    a Python callback cost a regex scan and a call per placeholder each time."""
    pieces = _PIECES.get(template)
    if pieces is None:
        if len(_PIECES) >= LIMITS.template_memo_entries:
            _PIECES.clear()
        pieces = _PIECES[template] = _PLACEHOLDER.split(template)
    if len(pieces) == 1:
        return template
    out = pieces[:]
    for i in range(1, len(out), 2):
        key = out[i]
        out[i] = str(values[key]) if key in values else "{" + key + "}"
    return "".join(out)
