"""The registry's citation patterns are worked out once per registry, and are the same for an
equal registry."""

from __future__ import annotations

import re

from checker.kinds import _citations
from checker.rules import load_pack


def test_forms_are_memoised_per_registry_and_equal_for_a_copy() -> None:
    registry = load_pack(None).pack.documents
    forms = _citations._forms(registry)
    assert _citations._forms(registry) is forms
    copy = list(registry)
    assert _citations._forms(copy) == forms and _citations._forms(copy) is not forms
    for doc, (numbers, titles) in zip(registry, forms, strict=True):
        assert numbers[0] == _citations.number_regex(doc.number)
        assert titles[0][0] == re.escape(_citations.plain_string(doc.title))
