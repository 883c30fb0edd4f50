"""Two runs compared, unit by unit: what was fixed, what is new, what remains — the
correction round after a 整改通知, when the unit sends its report again.

Reports are paired by unit and year (the corrected file usually has another name), else by
file name. A finding remains when the new run has one with the same fingerprint, or one of
the same rule at the same place (a table total still wrong, now by other numbers)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import InputError

_SPACE = re.compile(r"\s+")


@dataclass
class UnitDiff:
    unit: str
    year: int | None
    old_path: str | None
    new_path: str | None
    fixed: list[dict[str, Any]] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    remaining: list[dict[str, Any]] = field(default_factory=list)
    old_score: float | None = None
    new_score: float | None = None


def load_run(path: Path) -> list[dict[str, Any]]:
    """The reports of a `nianbao check --format json` result file."""
    from checker.limits import LIMITS

    try:
        if path.stat().st_size > LIMITS.max_result_bytes:
            raise InputError(
                f"{path} 超过 {LIMITS.max_result_bytes // (1024 * 1024)} MB，不像 nianbao 的结果文件",
                "请给出 nianbao check --format json 写出的文件",
            )
        data = json.loads(path.read_bytes())
        reports = data["reports"]
        if not isinstance(reports, list) or not all(isinstance(r, dict) for r in reports):
            raise TypeError
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{exc.strerror or exc}", "请检查路径") from None
    except (ValueError, KeyError, TypeError, RecursionError):
        raise InputError(
            f"{path} 不是 nianbao 的 JSON 结果", "请给出 nianbao check --format json 写出的文件"
        ) from None
    return reports


def unit_key(report: dict[str, Any]) -> tuple[str, Any]:
    issuer = _SPACE.sub("", str(report.get("issuer") or ""))
    if issuer:
        return issuer, report.get("year")
    return "", Path(str(report.get("path", ""))).name


def _place(finding: dict[str, Any]) -> tuple[str, ...]:
    loc = finding.get("location")
    loc = loc if isinstance(loc, dict) else {}
    return tuple(
        str(x) for x in (finding.get("rule"), *(loc.get(k) for k in ("section", "table", "row", "column")))
    )


def _certain(report: dict[str, Any]) -> list[dict[str, Any]]:
    findings = report.get("findings")
    return (
        [f for f in findings if isinstance(f, dict) and f.get("certain", True)]
        if isinstance(findings, list)
        else []
    )


def compare(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[UnitDiff]:
    """Per unit of either run (in the new run's order, then units only the old run has)."""
    old_by_key = {unit_key(r): r for r in old}
    seen: set[tuple[str, Any]] = set()
    out: list[UnitDiff] = []
    for report in new:
        key = unit_key(report)
        seen.add(key)
        out.append(_one(old_by_key.get(key), report))
    out += [_one(r, None) for r in old if unit_key(r) not in seen]
    return out


def _one(old: dict[str, Any] | None, new: dict[str, Any] | None) -> UnitDiff:
    either = new or old or {}
    diff = UnitDiff(
        unit=str(either.get("issuer") or Path(str(either.get("path", ""))).name),
        year=either.get("year"),
        old_path=None if old is None else old.get("path"),
        new_path=None if new is None else new.get("path"),
        old_score=None if old is None else old.get("score"),
        new_score=None if new is None else new.get("score"),
    )
    if new is None:
        return diff  # not sent again: nothing is known to be fixed
    before = _certain(old) if old else []
    after = _certain(new)
    was, now = _Index(before), _Index(after)
    diff.fixed = [f for f in before if not now.has(f)]
    for finding in after:
        (diff.remaining if was.has(finding) else diff.new).append(finding)
    return diff


class _Index:
    """A run's findings of one unit by fingerprint and by place (sets: a large result file
    costs linear time)."""

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        self.fingerprints = {str(f.get("fingerprint")) for f in findings}
        self.places = {_place(f) for f in findings}

    def has(self, finding: dict[str, Any]) -> bool:
        return str(finding.get("fingerprint")) in self.fingerprints or _place(finding) in self.places
