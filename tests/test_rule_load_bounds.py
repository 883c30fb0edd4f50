"""A `when` no report can satisfy is a load-time error with its position; loading runs under
the workers' memory limit and ends in one clear error when it is exceeded."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from checker import rules
from checker.limits import LIMITS
from checker.rules import load_pack

from .helpers import ROOT, copy_pack, edit, load_error

PACKS = ROOT / "rules"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    return copy_pack(PACKS, tmp_path / "packs")


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (
            "tables/TBL-07.yaml",
            "when: {min_year: 2021}",
            "when: {min_year: 2023, max_year: 2022}",
            "大于 max_year",
        ),
        # the 2021 pack applies from 2021 on: a rule only for 2020 reports never fires in it
        (
            "tables/TBL-07.yaml",
            "when: {min_year: 2021}",
            "when: {max_year: 2020}",
            "早于规则包适用的最早年度",
        ),
        (
            "sections/SEC-05.yaml",
            "when: {issuer_types: [government]}",
            "when: {issuer_types: []}",
            "issuer_types",
        ),
        ("tables/TBL-13.yaml", 'op: ">", value: 0}', 'op: "<", value: 0}', "不可能成立"),
        ("tables/TBL-13.yaml", 'op: ">", value: 0}', 'op: "==", value: -1}', "不可能成立"),
        ("tables/TBL-13.yaml", 'op: ">", value: 0}', 'op: "==", value: 1.5}', "整数"),
    ],
)
def test_a_when_no_report_can_satisfy_is_an_error_with_its_position(
    packs: Path, file: str, old: str, new: str, says: str
) -> None:
    root = packs / "gov-info-disclosure-2021"
    edit(root / file, old, new)
    err = load_error(root)
    assert says in err.message, err.one_line()
    assert err.file.endswith(Path(file).name) and err.line > 0 and err.column > 0
    line = (root / file).read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert "when" in line


def test_a_year_range_beyond_the_packs_years_is_refused_in_the_pack_that_says_it(packs: Path) -> None:
    root = packs / "gov-info-disclosure-2019"  # years: {max: 2020}
    target = root / "tables" / "TBL-99.yaml"
    text = (packs / "gov-info-disclosure-2021" / "tables" / "TBL-07.yaml").read_text(encoding="utf-8")
    target.write_text(
        text.replace("id: TBL-07", "id: TBL-99").replace("name: ", "name: x-", 1), encoding="utf-8"
    )
    err = load_error(root)
    assert "晚于规则包适用的最晚年度 2020" in err.message and err.file.endswith("TBL-99.yaml")


def test_inherited_rules_for_later_years_are_not_held_to_the_extending_packs_years() -> None:
    """SEC-09 (min_year 2021) comes to the 2019 pack from the 2021 one: a report checked with
    --pack gov-info-disclosure-2019 may be of any year, so it is not dead there."""
    loaded = load_pack(PACKS / "gov-info-disclosure-2019", use_cache=False)
    assert loaded.rule("SEC-09") is not None


def test_loading_runs_under_the_memory_limit_and_ends_in_one_error(
    packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def hungry(root: Path) -> rules.LoadedPack:
        seen.append(resource.getrlimit(resource.RLIMIT_AS)[0])
        raise MemoryError  # what an allocation past the limit raises

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(rules, "_load_pack_files", hungry)
    err = load_error(packs / "gov-info-disclosure-2021")
    assert seen == [LIMITS.memory_bytes]  # the limit was in force while loading
    assert "内存超过上限" in err.message and "\n" not in err.one_line()
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # and lifted after


def test_a_real_allocation_past_the_limit_is_a_clean_error(
    packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def hungry(root: Path) -> rules.LoadedPack:
        blob = bytearray(LIMITS.memory_bytes)  # more than the whole address-space limit allows
        raise AssertionError(len(blob))

    monkeypatch.setattr(rules, "_load_pack_files", hungry)
    err = load_error(packs / "gov-info-disclosure-2021")
    assert "内存超过上限" in err.message


def test_recursion_while_loading_is_a_clean_error(packs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(root: Path) -> rules.LoadedPack:
        raise RecursionError

    monkeypatch.setattr(rules, "_load_pack_files", deep)
    err = load_error(packs / "gov-info-disclosure-2021")
    assert "嵌套过深" in err.message
