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
    cell,
    consistency,
    content,
    enumeration,
    heading_wording,
    identity,
    names,
    numbering_sequence,
    numbering_styles,
    pattern,
    period,
    reference,
    section_ordinal,
    sections_order,
    sections_present,
    template,
)

MODULES: dict[str, ModuleType] = {
    "sections_present": sections_present,
    "sections_order": sections_order,
    "section_ordinal": section_ordinal,
    "heading_wording": heading_wording,
    "content": content,
    "pattern": pattern,
    "reference": reference,
    "identity": identity,
    "cell": cell,
    "template": template,
    "period": period,
    "numbering_styles": numbering_styles,
    "numbering_sequence": numbering_sequence,
    "enumeration": enumeration,
    "consistency": consistency,
    "names": names,
}

KIND_NAMES = frozenset(MODULES)

_ADAPTER: list[TypeAdapter[Any]] = []


def rule_adapter() -> TypeAdapter[Any]:
    """Built on first use: a report checked from a cached pack never validates rules."""
    if not _ADAPTER:
        params = tuple(module.Params for module in MODULES.values())
        union = Union.__getitem__(params)
        _ADAPTER.append(TypeAdapter(Annotated[union, Field(discriminator="kind")]))  # type: ignore[arg-type]
    return _ADAPTER[0]


def checker_for(kind: str) -> Callable[..., Iterator[Any]]:
    return MODULES[kind].check  # type: ignore[no-any-return]
