"""Every rule of every pack has fixtures that show it passing and failing, in the wordings real reports use.

A fixture is tests/fixtures/rules/<pack-id>/<RULE-ID>.yaml:

    # what the fixture shows, one line
    base: examples/qingshi-2023.txt   # optional (this is the default), relative to the repo root
    published: 2024-01-20             # optional, passed to check_document as `published`
    profiles: [common-practice]       # optional: profiles applied to the pack (local practice)
    pass:                             # cases giving a report that must NOT trigger the rule
      原文: []                         # a case: a list of edits ([] = the base as it is) ...
      统计时间段的说法:                  # ... or a mapping with its own base / published / profiles / xfail
        base: examples/qingshi-2020.txt
        edits:
          - {replace: "exact old text", with: "new text"}
    fail:                             # cases giving a report that MUST trigger the rule (certain=True)
      删去统计期限:
        - {replace: "exact old text", with: "new text"}

A rule judged against last year's report (kinds.PAIR_KINDS) runs on the report and, when
`previous: {base: …, edits: […]}` is given (on the fixture or on a case; `previous: null` on a
case: none), on last year's report made from it, as `check --previous` does.

`pass:` / `fail:` may also be a bare list of edits: one case. Edits are applied in order;
each `replace` string must occur exactly once in the text it is applied to. `xfail: "reason"`
(on a case) marks a known checker bug that makes the case come out wrong. DOC-01 (a
document-readability rule, uncertain by design) only has to be reported, at any certainty;
every other rule must be reported with certain=True and at its own severity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from checker.batch import CheckOptions
from checker.crossyear import compare
from checker.engine import check_document
from checker.kinds import PAIR_KINDS
from checker.rules import LoadedPack, builtin_packs_dir, load_pack

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
DEFAULT_BASE = "examples/qingshi-2023.txt"
ANY_CERTAINTY = {"DOC-01"}  # category "document": reported as doubtful by design
SIDES = ("pass", "fail")
PACK_DIRS = sorted(p.parent for p in builtin_packs_dir().glob("*/pack.yaml"))


@cache
def pack(pack_dir: Path, profiles: tuple[str, ...] = ()) -> LoadedPack:
    return load_pack(pack_dir, profiles=list(profiles))


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Edit:
    old: str
    new: str


@dataclass(frozen=True)
class Case:
    fixture: Path
    side: str  # pass | fail
    name: str
    base: Path
    published: date | None
    edits: tuple[Edit, ...]
    xfail: str | None
    profiles: tuple[str, ...] = ()
    previous: tuple[Path, tuple[Edit, ...]] | None = None  # last year's report: base and edits


def load_fixture(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(_read(path))
    assert isinstance(data, dict), f"{path.name}: a fixture is a mapping"
    unknown = set(data) - {"base", "published", "profiles", "pass", "fail", "previous"}
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    return data


def _edits(raw: Any, where: str) -> tuple[Edit, ...]:
    assert isinstance(raw, list), f"{where}: edits must be a list"
    out = []
    for i, item in enumerate(raw):
        assert isinstance(item, dict) and set(item) == {"replace", "with"}, (
            f"{where}[{i}] must be {{replace: ..., with: ...}}"
        )
        assert isinstance(item["replace"], str) and item["replace"], f"{where}[{i}].replace is empty"
        assert isinstance(item["with"], str), f"{where}[{i}].with must be a string"
        out.append(Edit(item["replace"], item["with"]))
    return tuple(out)


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AssertionError(f"{where}: published {value!r} is not YYYY-MM-DD") from None


def _previous(raw: Any, default_base: Path, where: str) -> tuple[Path, tuple[Edit, ...]] | None:
    if raw is None:
        return None
    assert isinstance(raw, dict) and set(raw) <= {"base", "edits"}, f"{where}: previous is {{base, edits}}"
    base = ROOT / str(raw["base"]) if "base" in raw else default_base
    return base, _edits(raw.get("edits", []), f"{where}:previous")


def cases_of(path: Path) -> list[Case]:
    fixture = load_fixture(path)
    default_base = ROOT / str(fixture.get("base", DEFAULT_BASE))
    default_published = _date(fixture.get("published"), path.name)
    default_profiles = tuple(fixture.get("profiles") or ())
    out: list[Case] = []
    for side in SIDES:
        raw = fixture.get(side)
        named = raw if isinstance(raw, dict) else {"原文" if not raw else "改动": raw or []}
        for name, spec in named.items():
            where = f"{path.name}:{side}:{name}"
            if isinstance(spec, dict):
                unknown = set(spec) - {"base", "published", "profiles", "edits", "xfail", "previous"}
                assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
                base = ROOT / str(spec["base"]) if "base" in spec else default_base
                published = _date(spec.get("published"), where) or default_published
                edits, xfail = _edits(spec.get("edits", []), where), spec.get("xfail")
                profiles = tuple(spec.get("profiles") or default_profiles)
                previous = _previous(spec.get("previous", fixture.get("previous")), default_base, where)
            else:
                base, published, edits, xfail = default_base, default_published, _edits(spec, where), None
                profiles = default_profiles
                previous = _previous(fixture.get("previous"), default_base, where)
            out.append(Case(path, side, str(name), base, published, edits, xfail, profiles, previous))
    return out


def apply_edits(text: str, edits: tuple[Edit, ...], where: str) -> str:
    for i, edit in enumerate(edits):
        n = text.count(edit.old)
        assert n == 1, (
            f"{where}[{i}]: replace string occurs {n} times (must be exactly once): {edit.old[:60]!r}"
        )
        text = text.replace(edit.old, edit.new)
    return text


def fixture_files(pack_dir: Path) -> list[Path]:
    return sorted((FIXTURES / pack_dir.name).glob("*.yaml"))


def _params() -> list[Any]:
    params = []
    for pack_dir in PACK_DIRS:
        for path in fixture_files(pack_dir):
            for case in cases_of(path):
                marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
                ident = f"{pack_dir.name[-4:]}-{path.stem}-{case.side}-{case.name}"
                params.append(pytest.param(pack_dir, case, id=ident, marks=marks))
    return params


@pytest.mark.parametrize(("pack_dir", "case"), _params())
def test_rule_fixture(pack_dir: Path, case: Case, tmp_path: Path) -> None:
    rule_id = case.fixture.stem
    loaded = pack(pack_dir, case.profiles)
    rule = loaded.rule(rule_id)
    assert rule is not None, f"{case.fixture.name}: no rule {rule_id} in {loaded.pack.id}"
    where = f"{case.fixture.name}:{case.side}:{case.name}"
    text = apply_edits(_read(case.base), case.edits, where)
    report = tmp_path / case.base.name
    report.write_text(text, encoding="utf-8")
    if rule.kind in PAIR_KINDS:
        result = _compared(loaded, case, report, rule_id, tmp_path, where)
    else:
        result = check_document(report, loaded, published=case.published, select=[rule_id])
    hits = [f for f in result.findings if f.rule == rule_id]
    if case.side == "pass":
        assert not hits, f"{where}: {rule_id} reported on a passing case: {[f.message for f in hits]}"
        return
    if rule_id not in ANY_CERTAINTY:
        doubtful = [f.message for f in hits if not f.certain]
        hits = [f for f in hits if f.certain]
        assert hits, f"{where}: {rule_id} not reported with certainty (doubtful: {doubtful})"
    assert hits, f"{where}: {rule_id} not reported"
    for f in hits:
        assert f.severity == rule.severity, f"{where}: severity {f.severity}, pack says {rule.severity}"


def _compared(loaded: LoadedPack, case: Case, report: Path, rule_id: str, tmp_path: Path, where: str) -> Any:
    """The report checked against last year's, as `check --previous` does."""
    options = CheckOptions(published=case.published, select=[rule_id])
    result = check_document(report, loaded, published=case.published, select=[rule_id], facts=True)
    last = None
    if case.previous is not None:
        base, edits = case.previous
        folder = tmp_path / "previous"
        folder.mkdir()
        earlier = folder / base.name
        earlier.write_text(apply_edits(_read(base), edits, f"{where}:previous"), encoding="utf-8")
        last = check_document(earlier, loaded, select=[rule_id], facts=True).facts
        assert last is not None, f"{where}: last year's report could not be read"
    return compare(result, result.facts, last, loaded, options)


@pytest.mark.parametrize("pack_dir", PACK_DIRS, ids=[p.name for p in PACK_DIRS])
def test_every_rule_has_passing_and_failing_cases(pack_dir: Path) -> None:
    loaded = pack(pack_dir)
    own = {rule_id for rule_id, path in loaded.files.items() if pack_dir in path.parents}
    fixture_ids = {p.stem for p in fixture_files(pack_dir)}
    problems = [f"rule {r} has no fixture file" for r in sorted(own - fixture_ids)]
    problems += [f"{f}.yaml names no rule of {pack_dir.name}" for f in sorted(fixture_ids - own)]
    for path in fixture_files(pack_dir):
        sides = {case.side for case in cases_of(path)}
        problems += [f"{path.name} has no `{side}` case" for side in SIDES if side not in sides]
        problems += [
            f"{path.name}:fail:{c.name} has no edits"
            for c in cases_of(path)
            if c.side == "fail" and not c.edits and c.base.name == Path(DEFAULT_BASE).name
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [p for d in PACK_DIRS for p in fixture_files(d)],
    ids=[f"{d.name[-4:]}-{p.stem}" for d in PACK_DIRS for p in fixture_files(d)],
)
def test_fixture_edits_apply_and_fail_edits_change_the_text(path: Path) -> None:
    assert _read(path).startswith("# "), (
        f"{path.name}: first line must be a `# ...` comment saying what it shows"
    )
    for case in cases_of(path):
        where = f"{path.name}:{case.side}:{case.name}"
        assert case.base.is_file(), f"{where}: base {case.base} not found"
        original = _read(case.base)
        changed = apply_edits(original, case.edits, where)
        if case.side == "fail" and case.edits:
            assert changed != original, f"{where}: the edits leave the text unchanged"
