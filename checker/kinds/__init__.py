"""The closed set of rule kinds. Adding a rule of an existing kind needs no Python."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from checker.kinds import (
    cell,
    consistency,
    content,
    identity,
    names,
    numbering,
    pattern,
    period,
    reference,
    sections,
    template,
)

MODULES = {
    "sections": sections,
    "content": content,
    "pattern": pattern,
    "reference": reference,
    "identity": identity,
    "cell": cell,
    "template": template,
    "period": period,
    "numbering": numbering,
    "consistency": consistency,
    "names": names,
}

Rule = Annotated[
    sections.Params
    | content.Params
    | pattern.Params
    | reference.Params
    | identity.Params
    | cell.Params
    | template.Params
    | period.Params
    | numbering.Params
    | consistency.Params
    | names.Params,
    Field(discriminator="kind"),
]

_ADAPTER: list[TypeAdapter[Any]] = []


def rule_adapter() -> TypeAdapter[Any]:
    """Built on first use: a report checked from a cached pack never validates rules."""
    if not _ADAPTER:
        _ADAPTER.append(TypeAdapter(Rule))
    return _ADAPTER[0]


def checker_for(kind: str) -> Callable[..., Iterator[Any]]:
    return MODULES[kind].check  # type: ignore[no-any-return]
