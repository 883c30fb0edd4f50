"""One rule as the API gives it: its explanation as `nianbao explain` shows it (basis, pass and
fail examples, the profiles that change it). The listing is checker.render.rules_list.listing,
the same that `nianbao rules list --format json` prints."""

from __future__ import annotations

from typing import Any

from checker.errors import NianbaoError
from checker.rule import RuleBase
from checker.rules import LoadedPack


def _find(loaded: LoadedPack, ref: str) -> tuple[RuleBase, LoadedPack] | None:
    """A rule by id or name, in any case; this pack first, then the other year's pack (a 2020
    report is checked with the 2019 pack, whose findings the page explains too)."""
    for candidate in (ref, ref.upper(), ref.lower()):
        rule = loaded.rule(candidate)
        if rule is not None:
            return rule, loaded
    wanted = ref.casefold()
    for rule in loaded.every_rule():
        if wanted in (rule.id.casefold(), rule.name.casefold()):
            return rule, loaded
    return None


def detail(loaded: LoadedPack, ref: str) -> dict[str, Any] | None:
    from checker.builtin import builtin_rules

    builtin = builtin_rules().get(ref.upper())
    if builtin is not None:
        return {
            "id": builtin.id,
            "name": builtin.name,
            "title": builtin.title,
            "kind": "builtin",
            "severity": builtin.severity,
            "points": 0,
            "scoring": builtin.scoring,
            "category": "document",
            "basis": builtin.basis,
            "description": builtin.description,
            "enabled": True,
            "examples": None,
            "profiles": [],
        }
    found = _find(loaded, ref)
    if found is None:
        return None
    rule, pack = found
    return {
        "id": rule.id,
        "name": rule.name,
        "title": rule.title,
        "kind": rule.kind,
        "severity": rule.severity,
        "points": rule.points,
        "category": rule.category,
        "basis": rule.basis,
        "description": rule.description.strip(),
        "enabled": rule.enabled,
        "profile": pack.origins.get(rule.id),
        "examples": {"pass": rule.examples.pass_.strip(), "fail": rule.examples.fail.strip()},
        "profiles": _profiles_mentioning(pack, rule),
    }


def _profiles_mentioning(loaded: LoadedPack, rule: RuleBase) -> list[dict[str, Any]]:
    """The pack's profiles that change this rule's scoring, as `explain` lists them."""
    from checker.profiles import available, load_profile

    out = []
    for name in available(loaded):
        try:
            found = load_profile(loaded, name)
        except NianbaoError:
            continue
        change = found.rules.get(rule.id)
        if change is None:
            continue
        out.append(
            {
                "name": name,
                "title": found.title,
                "severity": change.severity or rule.severity,
                "points": change.points if change.points is not None else rule.points,
                "basis": change.basis or rule.basis,
                "active": name in loaded.profiles,
            }
        )
    return out
