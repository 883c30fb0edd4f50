"""Every rule in the pack has a fixture that shows it passing and failing.

A fixture is tests/fixtures/rules/<RULE-ID>.yaml:

    # what the fixture shows, one line
    base: examples/qingshi-2023.txt   # optional (this is the default), relative to the repo root
    published: 2024-01-20             # optional, passed to check_document as `published`
    xfail: "reason"                   # optional: a known checker bug makes the *fail* case not trigger;
                                      # or {pass: "reason"} / {fail: "reason"} to name the case
    pass:                             # edits giving a report that must NOT trigger the rule
      - {replace: "exact old text", with: "new text"}
    fail:                             # edits giving a report that MUST trigger the rule (certain=True)
      - {replace: "exact old text", with: "new text"}

Edits are applied in order; each `replace` string must occur exactly once in the text
it is applied to. `pass: []` means the unmodified base is the passing case. DOC-01
(a document-readability rule, uncertain by design) only has to be reported, at any
certainty; every other rule must be reported with certain=True and at its own severity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from checker.engine import check_document
from checker.rules import LoadedPack, load_pack

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
DEFAULT_BASE = "examples/qingshi-2023.txt"
ANY_CERTAINTY = {"DOC-01"}  # category "document": reported as doubtful by design
CASES = ("pass", "fail")


@cache
def pack() -> LoadedPack:
    return load_pack()


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_fixture(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(_read(path))
    assert isinstance(data, dict), f"{path.name}: a fixture is a mapping"
    unknown = set(data) - {"base", "published", "xfail", "pass", "fail"}
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    return data


FIXTURE_FILES = sorted(FIXTURES.glob("*.yaml"))


@dataclass(frozen=True)
class Edit:
    old: str
    new: str


def edits_of(fixture: dict[str, Any], case: str, name: str) -> list[Edit]:
    raw = fixture.get(case) or []
    assert isinstance(raw, list), f"{name}: `{case}` must be a list of edits"
    out = []
    for i, item in enumerate(raw):
        assert isinstance(item, dict) and set(item) == {"replace", "with"}, (
            f"{name}: {case}[{i}] must be {{replace: ..., with: ...}}"
        )
        assert isinstance(item["replace"], str) and item["replace"], f"{name}: {case}[{i}].replace is empty"
        assert isinstance(item["with"], str), f"{name}: {case}[{i}].with must be a string"
        out.append(Edit(item["replace"], item["with"]))
    return out


def apply_edits(text: str, edits: list[Edit], where: str) -> str:
    for i, edit in enumerate(edits):
        n = text.count(edit.old)
        assert n == 1, (
            f"{where}[{i}]: replace string occurs {n} times (must be exactly once): {edit.old[:60]!r}"
        )
        text = text.replace(edit.old, edit.new)
    return text


def base_path(fixture: dict[str, Any]) -> Path:
    return ROOT / str(fixture.get("base", DEFAULT_BASE))


def published_of(fixture: dict[str, Any]) -> date | None:
    value = fixture.get("published")
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def xfail_reason(fixture: dict[str, Any], case: str) -> str | None:
    value = fixture.get("xfail")
    if isinstance(value, dict):
        return value.get(case)
    return value if case == "fail" else None


def _params() -> list[Any]:
    params = []
    for path in FIXTURE_FILES:
        fixture = load_fixture(path)
        for case in CASES:
            marks = []
            reason = xfail_reason(fixture, case)
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(pytest.param(path, case, id=f"{path.stem}-{case}", marks=marks))
    return params


@pytest.mark.parametrize(("path", "case"), _params())
def test_rule_fixture(path: Path, case: str, tmp_path: Path) -> None:
    rule_id = path.stem
    rule = pack().rule(rule_id)
    assert rule is not None, f"{path.name}: no rule {rule_id} in the pack"
    fixture = load_fixture(path)
    base = base_path(fixture)
    text = apply_edits(_read(base), edits_of(fixture, case, path.name), f"{path.name}:{case}")
    report = tmp_path / base.name
    report.write_text(text, encoding="utf-8")
    result = check_document(report, pack(), published=published_of(fixture), select=[rule_id])
    hits = [f for f in result.findings if f.rule == rule_id]
    if case == "pass":
        assert not hits, f"{rule_id} reported on its passing case: {[f.message for f in hits]}"
        return
    if rule_id not in ANY_CERTAINTY:
        doubtful = [f.message for f in hits if not f.certain]
        hits = [f for f in hits if f.certain]
        assert hits, f"{rule_id} not reported with certainty on its failing case (doubtful: {doubtful})"
    assert hits, f"{rule_id} not reported on its failing case"
    for f in hits:
        assert f.severity == rule.severity, (
            f"{rule_id}: severity {f.severity}, pack says {rule.severity}: {f.message}"
        )


def test_every_rule_has_a_fixture_with_a_failing_case() -> None:
    rule_ids = {r.id for r in pack().rules}
    fixture_ids = {p.stem for p in FIXTURE_FILES}
    problems = [f"rule {r} has no fixture file" for r in sorted(rule_ids - fixture_ids)]
    problems += [f"{f}.yaml names no rule in the pack" for f in sorted(fixture_ids - rule_ids)]
    problems += [f"{p.name} has no `fail` edits" for p in FIXTURE_FILES if not load_fixture(p).get("fail")]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_edits_apply_and_fail_edits_change_the_text(path: Path) -> None:
    fixture = load_fixture(path)
    base = base_path(fixture)
    assert base.is_file(), f"{path.name}: base {base} not found"
    assert _read(path).startswith("# "), (
        f"{path.name}: first line must be a `# ...` comment saying what it shows"
    )
    published_of(fixture)  # a malformed date fails here, not inside the checker
    original = _read(base)
    for case in CASES:
        edits = edits_of(fixture, case, path.name)
        changed = apply_edits(original, edits, f"{path.name}:{case}")
        if case == "fail":
            assert edits, f"{path.name}: `fail` has no edits"
            assert changed != original, f"{path.name}: `fail` edits leave the text unchanged"
