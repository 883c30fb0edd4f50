"""The data of the batch-wide analyses (rules/across/across.yaml): what near-identical reports
of different units are (checker/clusters.py) and how a units list is read and matched
(checker/units.py). Validated strictly like a rule file (file:line:col with a hint)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from checker.pack import Strict

IssuerType = Literal["township", "government", "department"]
MONTH_DAY = r"^\d{2}-\d{2}$"


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"正则表达式无效：{exc}") from None
    return pattern


class ClusterData(Strict):
    basis: str = Field(min_length=4)
    mask_characters: str = Field(default="", max_length=200)
    masks: list[str] = Field(default_factory=list)
    placeholder: str = Field(min_length=1, max_length=4)
    sections: list[Literal["一", "二", "三", "四", "五", "六"]] = Field(min_length=1)
    min_clause_chars: int = Field(ge=2, le=200)
    boilerplate_share: float = Field(gt=0, le=1)
    min_boilerplate_reports: int = Field(ge=2, le=10_000)
    min_shared_clauses: int = Field(ge=1, le=1000)
    candidate_share: float = Field(gt=0, le=1)
    similarity: float = Field(gt=0, le=100)

    @field_validator("masks")
    @classmethod
    def _masks(cls, value: list[str]) -> list[str]:
        return [_compiles(p) for p in value]


class Columns(Strict):
    unit: list[str] = Field(min_length=1)
    type: list[str] = Field(min_length=1)
    parent: list[str] = Field(min_length=1)
    deadline: list[str] = Field(min_length=1)
    received: list[str] = Field(min_length=1)


class Deadlines(Strict):
    default: str = Field(pattern=MONTH_DAY)
    township: str | None = Field(default=None, pattern=MONTH_DAY)
    government: str | None = Field(default=None, pattern=MONTH_DAY)
    department: str | None = Field(default=None, pattern=MONTH_DAY)

    def for_type(self, kind: str) -> str:
        value = getattr(self, kind, None) if kind in ("township", "government", "department") else None
        return value if isinstance(value, str) else self.default


class ParentSum(Strict):
    table: str = Field(min_length=1)
    column: str = Field(min_length=1)
    rows: list[str] = Field(min_length=1)


class DateSources(Strict):
    option: str = Field(min_length=1)
    page: str = Field(min_length=1)
    received: str = Field(min_length=1)


class UnitsData(Strict):
    columns: Columns
    required: list[Literal["unit", "type", "parent", "deadline", "received"]]
    types: dict[IssuerType, list[str]]
    name_drop: list[str] = Field(default_factory=list)
    close_match: float = Field(gt=0, le=100)
    close_margin: float = Field(ge=0, le=100)
    date_formats: list[str] = Field(min_length=1)
    date_sources: DateSources
    deadlines: Deadlines
    deadline_basis: str = Field(min_length=4)
    parent_sum: ParentSum

    @field_validator("date_formats")
    @classmethod
    def _dates(cls, value: list[str]) -> list[str]:
        for pattern in value:
            groups = re.compile(_compiles(pattern)).groupindex
            if not {"m", "d"} <= set(groups):
                raise ValueError("日期格式须有命名分组 m 和 d（y 可选）")
        return value

    @field_validator("name_drop")
    @classmethod
    def _drops(cls, value: list[str]) -> list[str]:
        return [_compiles(p) for p in value]


class AcrossData(Strict):
    clusters: ClusterData
    units: UnitsData


def data_file() -> Path:
    from checker.rules import builtin_packs_dir

    return builtin_packs_dir() / "across" / "across.yaml"


@functools.cache
def load_across(path: Path | None = None) -> AcrossData:
    """The bundled data (or another file of the same shape), validated; once per process."""
    from checker.rules import load_model

    data: AcrossData = load_model(path or data_file(), AcrossData)
    return data
