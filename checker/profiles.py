"""Opt-in profiles: local practice that scores only when a supervisor asks for it.

The default pack scores only what a national document says. A profile
(`<pack>/profiles/<id>.yaml`) records a province's, a city's or common practice: it
raises rules the default pack keeps informational to the severity and points that
local rule gives them, with that rule as their basis, and may set the township
publication deadline. `--profile ID` applies it; `explain` says which profile a rule's
scoring comes from.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from checker.errors import ConfigError
from checker.pack import Deadline, RuleOverride, Strict

if TYPE_CHECKING:
    from checker.rules import LoadedPack


class Profile(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=2)
    description: str = Field(min_length=2)
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    deadlines: dict[str, Deadline] = Field(default_factory=dict)


def profile_dirs(loaded: LoadedPack) -> list[Path]:
    """Where a pack's profiles are: its own folder, then those of the packs it extends."""
    return [root / "profiles" for root in loaded.lineage]


def available(loaded: LoadedPack) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for folder in profile_dirs(loaded):
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            out.setdefault(path.stem, path)
    return out


def load_profile(loaded: LoadedPack, name: str) -> Profile:
    from checker.rules import load_model

    found = available(loaded).get(name)
    if found is None:
        names = "、".join(available(loaded)) or "（无）"
        raise ConfigError(f"规则包 {loaded.pack.id} 没有配置“{name}”", f"可用的配置：{names}")
    profile: Profile = load_model(found, Profile)
    if profile.id != found.stem:
        raise ConfigError(
            f"配置文件 {found.name} 的 id 为 {profile.id}", f"把 id 改为 {found.stem}", file=str(found)
        )
    # a rule a pack excludes (an extending pack's format lacks it) is known, just absent here
    known = {r.id for r in loaded.rules} | set(loaded.pack.exclude)
    for rule_id in profile.rules:
        if rule_id not in known:
            raise ConfigError(
                f"配置 {profile.id} 改动的规则 {rule_id} 不在规则包 {loaded.pack.id} 中",
                "配置只能改动规则包已有的规则",
                file=str(found),
            )
    unknown = set(profile.deadlines) - {"department", "government", "township"}
    if unknown:
        raise ConfigError(
            f"配置 {profile.id} 的 deadlines 有未知的机关类型：{'、'.join(sorted(unknown))}",
            "可用：department、government、township",
            file=str(found),
        )
    return profile


def apply_profiles(loaded: LoadedPack, names: list[str]) -> LoadedPack:
    """The pack with each named profile's changes applied, in order."""
    if not names:
        return loaded
    rules = list(loaded.rules)
    pack = loaded.pack
    origins = dict(loaded.origins)
    for name in names:
        profile = load_profile(loaded, name)
        for i, rule in enumerate(rules):
            override = profile.rules.get(rule.id)
            if override is not None:
                rules[i] = rule.model_copy(update=override.changes())
                origins[rule.id] = profile.id
        if profile.deadlines:
            deadlines = {**pack.deadlines, **profile.deadlines}
            pack = pack.model_copy(update={"deadlines": deadlines})
    return replace(loaded, pack=pack, rules=rules, profiles=[*loaded.profiles, *names], origins=origins)
