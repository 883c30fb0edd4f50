"""A supervisor's list of units (`--units units.csv`) and what a batch says about it.

The CSV has the columns unit, type, parent and deadline, and optionally received (header
names and their Chinese equivalents: rules/across/across.yaml). It is read with the csv
module, UTF-8 with or without BOM or GBK (checker/readers/decoding.py), and validated
strictly before any report is checked: each problem is one line naming file:line:column.

`across_units(items, units)` matches each report to a unit by its normalised issuer name
(exactly, else the single close name above the data's threshold, 待核实) and gives:
- the units that have not submitted, and the reports of no unit of the list;
- the on-time rate (a report's date: --published, the page's 发布日期, or the CSV's
  received column; its deadline: the CSV's, else the data's by type); reports without a
  known date are counted apart, never as late;
- for a parent whose children all reported, its 表三 rows against their sum (提示 only: a
  parent's own applications are in its own table too)."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError, NianbaoError

if TYPE_CHECKING:
    from checker.across import UnitsData
    from checker.results import ReportResult
    from checker.summary import TableSummary

_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]")
MONTH_DAY_YEAR = 2001  # a year without 29 February: a month-day must exist every year


@dataclass(frozen=True, slots=True)
class Deadline:
    month: int
    day: int
    year: int | None = None  # None: in the year after the report year

    def on(self, report_year: int | None) -> date | None:
        if self.year is not None:
            return date(self.year, self.month, self.day)
        if report_year is None:
            return None
        return date(report_year + 1, self.month, self.day)

    def __str__(self) -> str:
        if self.year is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # as the CSV writes it
    key: str  # normalised (normalise_name)
    type: str | None  # township | government | department
    parent: str | None  # the parent's key
    parent_name: str | None  # ... as the CSV writes it
    deadline: Deadline | None
    received: date | None
    line: int  # in the CSV


@dataclass(frozen=True)
class UnitsTable:
    file: str
    units: tuple[Unit, ...]

    def by_key(self) -> dict[str, Unit]:
        return {u.key: u for u in self.units}

    def children(self) -> dict[str, list[Unit]]:
        out: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.parent is not None:
                out.setdefault(unit.parent, []).append(unit)
        return out


def normalise_name(name: str, data: UnitsData | None = None) -> str:
    """A unit's name as names are compared: NFKC, no whitespace or punctuation, without
    the data's `name_drop` patterns (中共…, …人民政府)."""
    from checker.across import load_across

    data = data or load_across().units
    text = _KEEP.sub("", unicodedata.normalize("NFKC", name))
    for pattern in data.name_drop:
        text = re.sub(pattern, "", text)
    return text


# ---------------------------------------------------------------- reading the CSV


def _error(file: str, line: int, column: int, message: str, hint: str) -> ConfigError:
    return ConfigError(f"单位清单：{message}", hint, file=file, line=line, column=column)


def parse_date(text: str, data: UnitsData) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a date as the data's formats write it; None if none
    matches or the day does not exist."""
    for pattern in data.date_formats:
        m = re.match(pattern, text)
        if m is None:
            continue
        groups = m.groupdict()
        year = int(groups["y"]) if groups.get("y") else None
        month, day = int(groups["m"]), int(groups["d"])
        if year is not None and not date.min.year <= year < date.max.year:
            return None  # 0000, or a year with no next year for a deadline
        try:
            date(MONTH_DAY_YEAR if year is None else year, month, day)
        except ValueError:
            return None
        return year, month, day
    return None


def load_units(path: Path, data: UnitsData | None = None) -> UnitsTable:
    """The units of a CSV file, validated (ConfigError naming file:line:column)."""
    from checker.across import load_across
    from checker.limits import LIMITS
    from checker.readers.decoding import decode

    data = data or load_across().units
    file = str(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(LIMITS.units_max_bytes + 1)
    except OSError as exc:
        raise ConfigError(
            f"无法读取单位清单：{exc.strerror or exc}", "检查 --units 给出的路径", file=file
        ) from None
    if len(raw) > LIMITS.units_max_bytes:
        raise ConfigError(
            f"单位清单超过 {LIMITS.units_max_bytes // (1024 * 1024)} MB",
            "单位清单每行一个单位，请检查是否选错了文件",
            file=file,
        )
    if not raw.strip():
        raise ConfigError("单位清单是空的", "第一行写列名：unit,type,parent,deadline", file=file)
    try:
        text, _ = decode(raw)
    except NianbaoError:
        raise ConfigError(
            "单位清单的文字编码无法识别", "请另存为 UTF-8 或 GBK 编码的 CSV", file=file
        ) from None
    if "\x00" in text:
        raise ConfigError("单位清单含有空字符，不像 CSV 文件", "请另存为 CSV（逗号分隔）", file=file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows, columns = _rows(reader, file, data)
    except csv.Error as exc:
        raise _error(file, reader.line_num, 0, f"CSV 格式错误（{exc}）", "检查引号是否成对") from None
    return UnitsTable(file, _validated(rows, {name: i + 1 for name, i in columns.items()}, file, data))


def _columns(header: list[str], line: int, file: str, data: UnitsData) -> dict[str, int]:
    names = {alias.strip().lower(): canonical for canonical, aliases in data.columns for alias in aliases}
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        label = cell.strip().lstrip("\ufeff").strip()
        if not label:
            continue  # Excel's empty columns at the right: their cells must be empty too
        canonical = names.get(label.lower())
        if canonical is None:
            known = "、".join(aliases[0] for _, aliases in data.columns)
            raise _error(file, line, i + 1, f"未知的列“{label}”", f"可用的列：{known}")
        if canonical in found:
            raise _error(file, line, i + 1, f"列“{label}”重复（{canonical}）", "每一列只写一次")
        found[canonical] = i
    missing = [name for name in data.required if name not in found]
    if missing:
        raise _error(file, line, 0, f"缺少列 {'、'.join(missing)}", "第一行写列名：unit,type,parent,deadline")
    return found


def _rows(reader: Any, file: str, data: UnitsData) -> tuple[list[tuple[int, dict[str, str]]], dict[str, int]]:
    """(line, column → value) of each non-blank row after the header, and the header's
    column → position (0-based)."""
    from checker.limits import LIMITS

    columns: dict[str, int] | None = None
    named: set[int] = set()
    out: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = _columns(record, line, file, data)
            named = set(columns.values())
            continue
        stray = next((i for i, cell in enumerate(record) if cell.strip() and i not in named), None)
        if stray is not None:
            raise _error(
                file,
                line,
                stray + 1,
                f"第{stray + 1}个字段“{record[stray].strip()}”没有列名",
                "检查多余的逗号",
            )
        if len(out) >= LIMITS.units_max_rows:
            raise _error(file, line, 0, f"单位超过 {LIMITS.units_max_rows} 个", "请分成几个清单分别检查")
        out.append(
            (line, {name: (record[i].strip() if i < len(record) else "") for name, i in columns.items()})
        )
    if columns is None:
        raise ConfigError("单位清单是空的", "第一行写列名：unit,type,parent,deadline", file=file)
    return out, columns


def _validated(
    rows: list[tuple[int, dict[str, str]]], position: dict[str, int], file: str, data: UnitsData
) -> tuple[Unit, ...]:
    """The units of the rows; `position` is each column's 1-based place in the header."""
    types = {alias.strip().lower(): kind for kind, aliases in data.types.items() for alias in aliases}
    keys: dict[str, int] = {}
    for line, values in rows:
        if not values["unit"]:
            raise _error(file, line, position["unit"], "unit 列为空", "每一行写一个单位名称")
        key = normalise_name(values["unit"], data)
        if not key:
            raise _error(file, line, position["unit"], f"单位名称“{values['unit']}”没有文字", "写出单位全称")
        if key in keys:
            raise _error(
                file,
                line,
                position["unit"],
                f"单位“{values['unit']}”与第{keys[key]}行重复",
                "每个单位只写一行",
            )
        keys[key] = line
    units: list[Unit] = []
    for line, values in rows:
        kind = None
        if values.get("type"):
            kind = types.get(values["type"].lower())
            if kind is None:
                allowed = "、".join(aliases[0] for aliases in data.types.values())
                raise _error(
                    file,
                    line,
                    position["type"],
                    f"type 列的“{values['type']}”不是单位类型",
                    f"可选：{allowed}",
                )
        parent = None
        if values.get("parent"):
            parent = normalise_name(values["parent"], data)
            if parent not in keys:
                raise _error(
                    file,
                    line,
                    position["parent"],
                    f"上级单位“{values['parent']}”不在清单中",
                    "上级单位也要在 unit 列写一行",
                )
        deadline = None
        if values.get("deadline"):
            parsed = parse_date(values["deadline"], data)
            if parsed is None:
                raise _error(
                    file,
                    line,
                    position["deadline"],
                    f"deadline 列的日期“{values['deadline']}”无效",
                    "写成 2025-01-31，或 01-31（报告年度的次年）",
                )
            deadline = Deadline(parsed[1], parsed[2], parsed[0])
        received = None
        if values.get("received"):
            parsed = parse_date(values["received"], data)
            if parsed is None or parsed[0] is None:
                raise _error(
                    file,
                    line,
                    position["received"],
                    f"received 列的日期“{values['received']}”无效",
                    "写成完整日期，如 2025-01-20",
                )
            received = date(parsed[0], parsed[1], parsed[2])
        units.append(
            Unit(
                name=values["unit"],
                key=normalise_name(values["unit"], data),
                type=kind,
                parent=parent,
                parent_name=values.get("parent") or None,
                deadline=deadline,
                received=received,
                line=line,
            )
        )
    _no_cycles(units, file, position.get("parent", 0))
    return tuple(units)


def _no_cycles(units: list[Unit], file: str, column: int) -> None:
    """No unit is its own ancestor: each chain of parents is walked once (linear)."""
    parent = {u.key: u.parent for u in units}
    by_key = {u.key: u for u in units}
    done: set[str] = set()
    for unit in units:
        path: list[str] = []
        on_path: set[str] = set()
        key: str | None = unit.key
        while key is not None and key not in done:
            if key in on_path:
                cycle = path[path.index(key) :] + [key]
                first = by_key[key]
                raise _error(
                    file,
                    first.line,
                    column,
                    "上级关系形成了循环：" + " → ".join(by_key[k].name for k in cycle),
                    "检查这些单位的 parent 列",
                )
            path.append(key)
            on_path.add(key)
            key = parent[key]
        done.update(path)


# ---------------------------------------------------------------- across the batch


@dataclass(frozen=True, slots=True)
class UnitItem:
    """One report of the batch, as the units analysis needs it."""

    index: int  # the report's place in the batch
    path: str
    issuer: str
    year: int | None
    issuer_type: str = "unknown"
    published: date | None = None  # the page's own publication date (Structure.published)
    tables: Mapping[str, TableSummary] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Match:
    index: int
    unit: str  # the unit's name as the CSV writes it
    how: str  # exact | close (close: 待核实)
    score: float  # 100 for exact


@dataclass(frozen=True, slots=True)
class Unmatched:
    index: int
    path: str
    issuer: str
    near: list[str]  # close unit names that were not taken (ambiguous or already reported)


@dataclass(frozen=True, slots=True)
class Timeliness:
    unit: str
    index: int
    when: date | None  # the report's date
    source: str  # where the date came from ("" without one)
    deadline: date | None
    late_days: int | None  # > 0 late, <= 0 on time, None unknown

    @property
    def on_time(self) -> bool | None:
        return None if self.late_days is None else self.late_days <= 0


@dataclass(frozen=True, slots=True)
class ParentRow:
    parent: str
    row: str
    parent_value: float | int | None
    children_sum: float | int | None  # None when a child's cell is not settled
    children: int
    unsettled: list[str]  # children whose cell is not settled

    @property
    def difference(self) -> float | int | None:
        if self.parent_value is None or self.children_sum is None:
            return None
        return self.parent_value - self.children_sum


@dataclass
class UnitsReport:
    file: str
    year: int | None  # the round's report year
    units: int = 0
    matches: list[Match] = field(default_factory=list)
    missing: list[Unit] = field(default_factory=list)  # no report in the batch
    unmatched: list[Unmatched] = field(default_factory=list)  # reports of no unit of the list
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # unit → its reports, when > 1
    other_years: list[int] = field(default_factory=list)  # reports of another year (not counted)
    timeliness: list[Timeliness] = field(default_factory=list)
    parents: list[ParentRow] = field(default_factory=list)
    deadline_basis: str = ""

    @property
    def on_time(self) -> int:
        return sum(1 for t in self.timeliness if t.on_time is True)

    @property
    def late(self) -> int:
        return sum(1 for t in self.timeliness if t.on_time is False)

    @property
    def undated(self) -> int:
        return sum(1 for t in self.timeliness if t.on_time is None)

    @property
    def rate(self) -> float | None:
        """On time among the reports with a known date and deadline (None: none has)."""
        known = self.on_time + self.late
        return None if known == 0 else round(100.0 * self.on_time / known, 1)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able (dates as ISO strings), for the JSON and XLSX writers."""

        def iso(value: date | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "file": self.file,
            "year": self.year,
            "units": self.units,
            "submitted": self.units - len(self.missing),
            "missing": [
                {
                    "unit": u.name,
                    "type": u.type,
                    "parent": u.parent_name,
                    "deadline": None if u.deadline is None else str(u.deadline),
                    "line": u.line,
                }
                for u in self.missing
            ],
            "matches": [
                {"index": m.index, "unit": m.unit, "how": m.how, "score": m.score} for m in self.matches
            ],
            "unmatched": [
                {"index": u.index, "path": u.path, "issuer": u.issuer, "near": u.near} for u in self.unmatched
            ],
            "duplicates": self.duplicates,
            "other_years": self.other_years,
            "timeliness": {
                "on_time": self.on_time,
                "late": self.late,
                "undated": self.undated,
                "rate": self.rate,
                "basis": self.deadline_basis,
                "reports": [
                    {
                        "unit": t.unit,
                        "index": t.index,
                        "date": iso(t.when),
                        "source": t.source,
                        "deadline": iso(t.deadline),
                        "late_days": t.late_days,
                        "on_time": t.on_time,
                    }
                    for t in self.timeliness
                ],
            },
            "parents": [
                {
                    "parent": p.parent,
                    "row": p.row,
                    "parent_value": p.parent_value,
                    "children_sum": p.children_sum,
                    "difference": p.difference,
                    "children": p.children,
                    "unsettled": p.unsettled,
                }
                for p in self.parents
            ],
        }


def unit_item(index: int, result: ReportResult) -> UnitItem:
    """The item of a checked report (in this process or sent back by a worker)."""
    from checker.summary import table_summaries

    return UnitItem(
        index=index,
        path=result.path,
        issuer=result.issuer,
        year=result.year,
        issuer_type=result.issuer_type,
        published=result.published,
        tables=table_summaries(result),
    )


def trimmed_item(item: UnitItem, data: UnitsData | None = None) -> UnitItem:
    """The item with only the cells the parents' sums read (data.parent_sum), as a batch
    keeps it until the end: a few rows, not every table of every report."""
    from checker.across import load_across
    from checker.summary import TableSummary

    spec = (data or load_across().units).parent_sum
    summary = item.tables.get(spec.table)
    tables = {}
    if summary is not None:
        values = {
            row: {spec.column: summary.values[row].get(spec.column)}
            for row in spec.rows
            if row in summary.values
        }
        tables[spec.table] = TableSummary(values, {}, summary.read, summary.total)
    return dataclasses.replace(item, tables=tables)


def round_year(items: Sequence[UnitItem]) -> int | None:
    """The round's report year: the latest year of the batch (a batch may hold last year's
    reports for the cross-year comparison)."""
    return max((i.year for i in items if i.year is not None), default=None)


def across_units(
    items: Sequence[UnitItem],
    units: UnitsTable,
    published: date | None = None,
    year: int | None = None,
    data: UnitsData | None = None,
) -> UnitsReport:
    """Everything the units list says about a batch, given one item per report.
    `published` is the run's --published date; `year` the round's (default: round_year)."""
    from checker.across import load_across

    data = data or load_across().units
    year = year if year is not None else round_year(items)
    report = UnitsReport(
        file=units.file, year=year, units=len(units.units), deadline_basis=data.deadline_basis
    )
    current = []
    for item in items:
        if year is not None and item.year is not None and item.year != year:
            report.other_years.append(item.index)
        else:
            current.append(item)
    assigned = _match(current, units, data, report)
    by_key = units.by_key()
    first: dict[str, UnitItem] = {}
    for item in current:
        key = assigned.get(item.index)
        if key is not None:
            first.setdefault(key, item)
    report.missing = [u for u in units.units if u.key not in first]
    for unit in units.units:
        reported = first.get(unit.key)
        if reported is not None:
            report.timeliness.append(_timeliness(unit, reported, published, year, data))
    children = units.children()
    for parent_key, kids in children.items():
        parent_item = first.get(parent_key)
        if parent_item is None or any(k.key not in first for k in kids):
            continue
        report.parents += _parent_rows(
            by_key[parent_key], parent_item, [(k, first[k.key]) for k in kids], data
        )
    return report


def _match(items: list[UnitItem], units: UnitsTable, data: UnitsData, report: UnitsReport) -> dict[int, str]:
    """item index → unit key: exact matches first, then a single close match per unit."""
    from rapidfuzz import fuzz, process

    by_key = units.by_key()
    assigned: dict[int, str] = {}
    claims: dict[str, list[int]] = {}
    rest: list[tuple[UnitItem, str]] = []
    for item in items:
        key = normalise_name(item.issuer, data) if item.issuer else ""
        if key in by_key:
            assigned[item.index] = key
            claims.setdefault(key, []).append(item.index)
            report.matches.append(Match(item.index, by_key[key].name, "exact", 100.0))
        else:
            rest.append((item, key))
    close: dict[str, list[tuple[UnitItem, float]]] = {}
    near: dict[int, list[str]] = {}
    keys = list(by_key)
    for item, key in rest:
        if not key:
            continue
        found = process.extract(key, keys, scorer=fuzz.ratio, limit=2, score_cutoff=data.close_match)
        if not found:
            continue
        best_key, best, _ = found[0]
        near[item.index] = [by_key[k].name for k, _, _ in found]
        if len(found) > 1 and found[1][1] > best - data.close_margin:
            continue  # two units about as close: neither
        close.setdefault(best_key, []).append((item, float(best)))
    for key, candidates in close.items():
        if key in claims or len(candidates) > 1:
            continue  # never a second report silently to one unit
        item, score = candidates[0]
        assigned[item.index] = key
        claims[key] = [item.index]
        report.matches.append(Match(item.index, by_key[key].name, "close", round(score, 1)))
    for item, _ in rest:
        if item.index not in assigned:
            report.unmatched.append(Unmatched(item.index, item.path, item.issuer, near.get(item.index, [])))
    report.duplicates = {by_key[k].name: v for k, v in claims.items() if len(v) > 1}
    report.matches.sort(key=lambda m: m.index)
    return assigned


def _timeliness(
    unit: Unit, item: UnitItem, published: date | None, year: int | None, data: UnitsData
) -> Timeliness:
    when, source = None, ""
    if published is not None:
        when, source = published, data.date_sources.option
    elif item.published is not None:
        when, source = item.published, data.date_sources.page
    elif unit.received is not None:
        when, source = unit.received, data.date_sources.received
    kind = unit.type or item.issuer_type
    deadline_def = unit.deadline
    if deadline_def is None:
        month, day = (int(x) for x in data.deadlines.for_type(kind).split("-"))
        deadline_def = Deadline(month, day)
    deadline = deadline_def.on(item.year if item.year is not None else year)
    late = None if when is None or deadline is None else (when - deadline).days
    return Timeliness(unit.name, item.index, when, source, deadline, late)


def _cell(item: UnitItem, table: str, row: str, column: str) -> tuple[bool, float | int | None]:
    """(the row is in the table, its settled value or None)."""
    summary = item.tables.get(table)
    if summary is None or row not in summary.values:
        return False, None
    return True, summary.values[row].get(column)


def _parent_rows(
    parent: Unit, parent_item: UnitItem, kids: list[tuple[Unit, UnitItem]], data: UnitsData
) -> list[ParentRow]:
    spec = data.parent_sum
    rows = []
    for row in spec.rows:
        present, value = _cell(parent_item, spec.table, row, spec.column)
        if not present:
            continue
        total: float | int = 0
        unsettled = []
        for kid, kid_item in kids:
            kid_present, kid_value = _cell(kid_item, spec.table, row, spec.column)
            if not kid_present or kid_value is None:
                unsettled.append(kid.name)
            else:
                total += kid_value
        rows.append(
            ParentRow(
                parent=parent.name,
                row=row,
                parent_value=value,
                children_sum=None if unsettled else total,
                children=len(kids),
                unsettled=unsettled,
            )
        )
    return rows
