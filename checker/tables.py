"""Label-anchored table matching: reader grids (or flattened text) → named cells.

Every value keeps where it came from and whether the reading is certain. A blank
cell is None, never 0. Digits that ran together in extracted text are split only
when exactly one split is possible, and such a reading is marked uncertain; when
several splits are possible the cells are unreadable, never guessed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations
from typing import Literal

from checker.document import Cell, Document, Table
from checker.normalize import label_key, squeeze, strip_ordinal
from checker.pack import Pack, RowTemplate, TableTemplate
from checker.structure import Structure

Status = Literal["ok", "blank", "dash", "unreadable", "missing", "unit"]

DASHES = {"-", "—", "——", "－", "/", "／", "无", "\\", "一"}
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_WITH_UNIT = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|元|件|个|项|条)$")


@dataclass(slots=True)
class CellValue:
    table: str
    row: str  # official row label
    row_id: str
    column: str
    raw: str | None
    value: Decimal | None
    status: Status
    certain: bool = True
    line: int | None = None
    page: int | None = None
    unit: str | None = None
    note: str = ""

    @property
    def is_number(self) -> bool:
        return self.value is not None

    def set_read(
        self,
        raw: str,
        *,
        certain: bool,
        line: int | None,
        page: int | None,
        note: str = "",
    ) -> None:
        self.raw = raw
        self.value, self.status, self.unit = parse_value(raw)
        self.certain = certain and self.status != "unreadable"
        self.line, self.page, self.note = line, page, note

    def set_unreadable(self, raw: str | None, *, line: int | None, page: int | None, note: str) -> None:
        self.raw, self.value, self.status, self.certain = raw, None, "unreadable", False
        self.line, self.page, self.note = line, page, note


@dataclass(slots=True)
class RowMatch:
    row_id: str
    label_seen: str
    quality: Literal["exact", "alias", "fuzzy", "flat"]
    line: int | None


@dataclass
class ExtractedTable:
    name: str
    template: TableTemplate
    cells: dict[tuple[str, str], CellValue] = field(default_factory=dict)
    rows_seen: dict[str, RowMatch] = field(default_factory=dict)
    method: str = "none"  # grid | flat | none
    problems: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return any(c.status not in ("missing",) for c in self.cells.values())

    def cell(self, row_ref: str, column: str) -> CellValue | None:
        row = self.template.row(row_ref)
        if row is None:
            return None
        return self.cells.get((row.id, column))

    def count(self) -> tuple[int, int]:
        """(cells read, cells expected)."""
        read = sum(1 for c in self.cells.values() if c.status in ("ok", "blank", "dash", "unit"))
        return read, len(self.cells)


def parse_value(text: str) -> tuple[Decimal | None, Status, str | None]:
    """A cell's text as a number; whether a decimal is allowed in that cell is TBL-17's business."""
    s = text.strip().replace(" ", "").replace(",", "").replace("，", "")
    if s == "":
        return None, "blank", None
    if s in DASHES:
        return None, "dash", None
    unit = None
    m = _WITH_UNIT.match(s)
    if m:
        s, unit = m.group(1), m.group(2)
    if _NUMBER.match(s):
        try:
            return Decimal(s), ("unit" if unit else "ok"), unit
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            pass
    return None, "unreadable", None


def _is_value_text(text: str) -> bool:
    s = text.strip().replace(" ", "")
    return s == "" or s in DASHES or bool(_NUMBER.match(s.replace(",", ""))) or bool(_WITH_UNIT.match(s))


def extract_tables(doc: Document, pack: Pack, st: Structure) -> dict[str, ExtractedTable]:
    """Each template table, looked for in the span of its section (anywhere if the section is missing)."""
    return {name: _extract_one(doc, name, tpl, st.span(tpl.section)) for name, tpl in pack.tables.items()}


def _empty(name: str, tpl: TableTemplate) -> ExtractedTable:
    ext = ExtractedTable(name=name, template=tpl)
    for row in tpl.rows:
        for col in tpl.columns_of(row):
            ext.cells[(row.id, col)] = CellValue(
                name, row.label, row.id, col, None, None, "missing", certain=False
            )
    return ext


def _tables_in(doc: Document, span: tuple[int, int] | None) -> list[Table]:
    if span is None:
        return list(doc.tables)
    inside = [t for t in doc.tables if span[0] <= t.start < span[1]]
    return inside


def _extract_one(
    doc: Document, name: str, tpl: TableTemplate, span: tuple[int, int] | None
) -> ExtractedTable:
    ext = _empty(name, tpl)
    grids = _tables_in(doc, span)
    if tpl.single_row:
        _match_single_row(ext, grids)
    else:
        _match_grid_rows(ext, grids)
    read, total = ext.count()
    if read < total and span is not None:
        _match_flat(doc, ext, span)
    return ext


# ---------------------------------------------------------------- grid rows


def _label_index(cells: list[Cell], tpl: TableTemplate) -> tuple[int, RowTemplate, str] | None:
    """The last cell of the row that names a template row, with the match quality."""
    found: tuple[int, RowTemplate, str] | None = None
    for i, cell in enumerate(cells):
        if _is_value_text(cell.text):
            continue
        key = label_key(cell.text)
        if not key:
            continue
        for row in tpl.rows:
            keys = row.label_keys()
            if key == keys[0]:
                found = (i, row, "exact")
            elif key in keys[1:]:
                found = (i, row, "alias")
    return found


def _fuzzy_label(cells: list[Cell], tpl: TableTemplate, taken: set[str]) -> tuple[int, RowTemplate] | None:
    best: tuple[float, int, RowTemplate] | None = None
    for i, cell in enumerate(cells):
        if _is_value_text(cell.text):
            continue
        key = label_key(cell.text)
        if len(key) < 2:
            continue
        for row in tpl.rows:
            if row.id in taken:
                continue
            ratio = difflib.SequenceMatcher(None, key, row.label_keys()[0]).ratio()
            if ratio >= 0.75 and (best is None or ratio > best[0]):
                best = (ratio, i, row)
    return (best[1], best[2]) if best else None


def _assign(
    ext: ExtractedTable,
    row: RowTemplate,
    values: list[Cell],
    certain: bool,
    note: str = "",
) -> None:
    cols = ext.template.columns_of(row)
    values = [v for v in values if not v.span]  # merged-cell padding is not a cell of its own
    while len(values) > len(cols) and values and not values[-1].text.strip():
        values = values[:-1]
    while len(values) > len(cols) and values and not values[0].text.strip():
        values = values[1:]
    if len(values) != len(cols):
        problem = (
            f"{ext.name}“{row.label}”行读到 {len(values)} 个单元格，应为 {len(cols)} 个，无法确定对应关系"
        )
        ext.problems.append(problem)
        first = values[0] if values else None
        for col in cols:
            ext.cells[(row.id, col)].set_unreadable(
                None, line=first.line if first else None, page=first.page if first else None, note=problem
            )
        return
    for col, cell in zip(cols, values, strict=True):
        cv = ext.cells[(row.id, col)]
        cv.set_read(cell.text, certain=certain, line=cell.line, page=cell.page, note=note)
        if cv.status == "unreadable":
            ext.problems.append(f"{ext.name}“{row.label}”行“{col}”列的内容“{cell.text}”不是数字")


def _match_grid_rows(ext: ExtractedTable, grids: list[Table]) -> None:
    tpl = ext.template
    taken: set[str] = set()
    pending: list[list[Cell]] = []
    for grid in grids:
        for cells in grid.rows:
            has_number = any(
                _NUMBER.match(c.text.strip().replace(",", "")) or _WITH_UNIT.match(c.text.strip())
                for c in cells
            )
            hit = _label_index(cells, tpl)
            if hit is None:
                if has_number:
                    pending.append(cells)
                continue
            idx, row, quality = hit
            if row.id in taken:
                continue
            if not has_number and not _all_blank_row(cells[idx + 1 :], len(tpl.columns_of(row))):
                continue  # a header row that happens to contain a row label (e.g. 其他)
            taken.add(row.id)
            ext.method = "grid"
            ext.rows_seen[row.id] = RowMatch(
                row.id, cells[idx].text, "exact" if quality == "exact" else "alias", cells[idx].line
            )
            _assign(ext, row, cells[idx + 1 :], certain=True)
    # A label that deviates from the official wording (typo, truncation) is matched
    # loosely; the values it carries are then a doubtful reading.
    for cells in pending:
        fuzzy = _fuzzy_label(cells, tpl, taken)
        if fuzzy is None:
            continue
        idx, row = fuzzy
        taken.add(row.id)
        ext.method = "grid"
        ext.rows_seen[row.id] = RowMatch(row.id, cells[idx].text, "fuzzy", cells[idx].line)
        note = f"行标签“{cells[idx].text}”与标准行标签“{row.label}”不完全一致，按近似匹配读取"
        _assign(ext, row, cells[idx + 1 :], certain=False, note=note)


def _all_blank_row(values: list[Cell], ncols: int) -> bool:
    """A data row whose cells are all blank or dashes, with exactly the expected count."""
    cells = [v for v in values if not v.span]
    while len(cells) > ncols and cells and not cells[-1].text.strip():
        cells.pop()
    return len(cells) == ncols and all(_is_value_text(c.text) for c in cells)


def _match_single_row(ext: ExtractedTable, grids: list[Table]) -> None:
    """表四: 15 numbers in one data row (or split over several rows), groups in order."""
    tpl = ext.template
    values: list[Cell] = []
    for grid in grids:
        for cells in grid.rows:
            if not all(_is_value_text(c.text) for c in cells):
                continue
            if not any(c.text.strip() for c in cells):
                continue
            row_cells = [c for c in cells if not c.span]
            while row_cells and not row_cells[-1].text.strip():
                row_cells.pop()
            values.extend(row_cells)
    total = sum(len(tpl.columns_of(r)) for r in tpl.rows)
    if not values:
        return
    ext.method = "grid"
    if len(values) != total:
        ext.problems.append(f"{ext.name}读到 {len(values)} 个数据单元格，应为 {total} 个，无法确定对应关系")
        for cv in ext.cells.values():
            cv.set_unreadable(None, line=values[0].line, page=values[0].page, note=ext.problems[-1])
        return
    pos = 0
    for row in tpl.rows:
        n = len(tpl.columns_of(row))
        ext.rows_seen[row.id] = RowMatch(row.id, row.label, "exact", values[pos].line)
        _assign(ext, row, values[pos : pos + n], certain=True)
        pos += n


# ---------------------------------------------------------------- flattened text


def _squeezed_with_map(text: str, start: int, end: int) -> tuple[str, list[int]]:
    chars: list[str] = []
    offsets: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if not ch.isspace():
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


def splits(digits: str, n: int, limit: int = 3) -> list[list[str]]:
    """All ways to cut a digit run into n numbers without leading zeros (at most `limit`)."""
    if n <= 0 or len(digits) < n or len(digits) > 40:
        return []
    if n == 1:
        return [[digits]] if (digits == "0" or not digits.startswith("0")) else []
    found: list[list[str]] = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        bounds = (0, *cuts, len(digits))
        parts = [digits[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(p == "0" or not p.startswith("0") for p in parts):
            found.append(parts)
            if len(found) >= limit:
                break
    return found


_RUN = re.compile(r"^\d+(?:\.\d+)?")


def _match_flat(doc: Document, ext: ExtractedTable, span: tuple[int, int]) -> None:
    tpl = ext.template
    flat, offsets = _squeezed_with_map(doc.text, *span)
    if not flat:
        return
    if tpl.single_row:
        _flat_single_row(doc, ext, flat, offsets)
        return
    # Find every row label in order; the digits between one label and the next are its cells.
    cursor = 0
    found: list[tuple[RowTemplate, int, int]] = []
    for row in tpl.rows:
        if ext.rows_seen.get(row.id):
            continue
        for variant in _variants(row):
            pos = flat.find(variant, cursor)
            if pos >= 0:
                found.append((row, pos, pos + len(variant)))
                cursor = pos + len(variant)
                break
    for i, (row, _start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(flat)
        run_match = _RUN.match(flat[end:stop])
        if not run_match:
            continue
        run = run_match.group(0)
        line = doc.line_of(offsets[end]) if end < len(offsets) else None
        page = doc.page_of(offsets[end]) if end < len(offsets) else None
        ext.method = "flat" if ext.method == "none" else ext.method
        ext.rows_seen[row.id] = RowMatch(row.id, row.label, "flat", line)
        _assign_run(ext, row, run, line, page)


def _variants(row: RowTemplate) -> list[str]:
    labels = [squeeze(row.label), *(squeeze(a) for a in row.aliases)]
    out: list[str] = []
    for lab in labels:
        out.append(lab)
        bare = strip_ordinal(lab)
        if bare != lab and len(bare) >= 4:
            out.append(bare)
    return out


def split_run(run: str, n: int) -> tuple[list[str] | None, bool, str]:
    """Cut a run of digits that stood for n adjacent cells: (parts, certain, why)."""
    if n == 1:
        return [run], True, ""
    if "." in run:
        return None, False, "含小数点，无法确定分隔位置"
    if len(run) == n:
        return list(run), True, "各单元格数字在文本中相连，每格一位数，读取无歧义"
    options = splits(run, n)
    if len(options) == 1:
        return options[0], False, f"数字“{run}”在文本中相连，只有一种拆分方式，按此读取（待核实）"
    return None, False, "可有多种拆分方式" if options else f"位数不足以拆成{n}个单元格"


def _assign_run(ext: ExtractedTable, row: RowTemplate, run: str, line: int | None, page: int | None) -> None:
    cols = ext.template.columns_of(row)
    parts, certain, why = split_run(run, len(cols))
    if parts is None:
        note = f"{ext.name}“{row.label}”行的数字在文本中相连为“{run}”，{why}，无法确定各单元格的值"
        ext.problems.append(note)
        for col in cols:
            ext.cells[(row.id, col)].set_unreadable(run, line=line, page=page, note=note)
        return
    for col, part in zip(cols, parts, strict=True):
        ext.cells[(row.id, col)].set_read(part, certain=certain, line=line, page=page, note=why)


def _flat_single_row(doc: Document, ext: ExtractedTable, flat: str, offsets: list[int]) -> None:
    """表四 flattened: the digits after the last column header (总计) are the 15 cells."""
    tpl = ext.template
    last_header = flat.rfind("总计")
    if last_header < 0:
        return
    start = last_header + len("总计")
    m = _RUN.match(flat[start:])
    if not m:
        return
    run = m.group(0)
    line = doc.line_of(offsets[start]) if start < len(offsets) else None
    page = doc.page_of(offsets[start]) if start < len(offsets) else None
    ext.method = "flat"
    cells = [(row, col) for row in tpl.rows for col in tpl.columns_of(row)]
    parts, certain, why = split_run(run, len(cells))
    if parts is None:
        note = f"{ext.name}的数字在文本中相连为“{run}”，{why}，无法确定各单元格的值"
        ext.problems.append(note)
        for cv in ext.cells.values():
            cv.set_unreadable(run, line=line, page=page, note=note)
        return
    for row in tpl.rows:
        ext.rows_seen[row.id] = RowMatch(row.id, row.label, "flat", line)
    for (row, col), part in zip(cells, parts, strict=True):
        ext.cells[(row.id, col)].set_read(part, certain=certain, line=line, page=page, note=why)
