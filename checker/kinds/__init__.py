"""The closed set of rule kinds. Adding a rule of an existing kind needs no Python.

A kind is a module here with a pydantic `Params` model (its `kind` field is a
Literal naming the kind) and `check(ctx, rule) -> Iterator[Finding]`. MODULES is
the one list of kinds: the rule schema, the loader's error hints and the engine
all derive from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from checker.kinds import (
    abbreviation,
    calendar_date,
    cell,
    claim,
    collapsed_group,
    consistency,
    content,
    cross_year,
    cross_year_absent,
    cross_year_claim,
    cross_year_numbers,
    cross_year_text,
    deadline,
    document_number,
    enumeration,
    heading_wording,
    identity,
    names,
    numbering_sequence,
    numbering_styles,
    old_template,
    pattern,
    period_stated,
    row_labels,
    section_ordinal,
    sections_order,
    sections_present,
    signing_window,
    statistics_period,
    superseded,
    table_present,
    table_readable,
    year_mention,
)

MODULES: dict[str, ModuleType] = {
    # sections and text
    "sections_present": sections_present,
    "sections_order": sections_order,
    "section_ordinal": section_ordinal,
    "heading_wording": heading_wording,
    "content": content,
    "pattern": pattern,
    "names": names,
    "numbering_styles": numbering_styles,
    "numbering_sequence": numbering_sequence,
    "enumeration": enumeration,
    # tables
    "identity": identity,
    "cell": cell,
    "consistency": consistency,
    "claim": claim,
    "table_present": table_present,
    "table_readable": table_readable,
    "old_template": old_template,
    "row_labels": row_labels,
    "collapsed_group": collapsed_group,
    # references and dates
    "abbreviation": abbreviation,
    "superseded": superseded,
    "document_number": document_number,
    "year_mention": year_mention,
    "statistics_period": statistics_period,
    "period_stated": period_stated,
    "calendar_date": calendar_date,
    "deadline": deadline,
    "signing_window": signing_window,
    # a report against last year's (judged on both reports' facts: checker.crossyear)
    "cross_year": cross_year,
    "cross_year_text": cross_year_text,
    "cross_year_numbers": cross_year_numbers,
    "cross_year_absent": cross_year_absent,
    "cross_year_claim": cross_year_claim,
}

# Kinds judged on a pair of reports rather than on one document: the engine's run over a
# document skips them, checker.crossyear runs them once last year's report is known.
PAIR_KINDS = frozenset(
    {"cross_year", "cross_year_text", "cross_year_numbers", "cross_year_absent", "cross_year_claim"}
)

KIND_NAMES = frozenset(MODULES)

_ADAPTER: list[TypeAdapter[Any]] = []


def rule_adapter() -> TypeAdapter[Any]:
    """Built on first use: a report checked from a cached pack never validates rules."""
    if not _ADAPTER:
        params = tuple(module.Params for module in MODULES.values())
        union = Union.__getitem__(params)
        # A union built at run time is not a type mypy can check: say so rather than ignore it.
        rule_type: Any = Annotated[union, Field(discriminator="kind")]
        _ADAPTER.append(TypeAdapter(rule_type))
    return _ADAPTER[0]


# kind → its check function, looked up once per rule and report
_CHECKS: dict[str, Callable[..., Iterator[Any]]] = {kind: module.check for kind, module in MODULES.items()}


def checker_for(kind: str) -> Callable[..., Iterator[Any]]:
    return _CHECKS[kind]
