"""Tables the reader saw as grids (DOCX, HTML, PDF, Markdown, Tika text): label-anchored rows."""

from __future__ import annotations

import difflib

from checker.document import Cell, Document, Table
from checker.limits import LIMITS
from checker.normalize import label_key
from checker.pack import CellText, GroupTemplate, ReadingNotes, RowTemplate, TableTemplate
from checker.tables.model import CellValue, ExtractedTable, RowMatch
from checker.tables.values import CellParser


def say(template: str, **values: object) -> str:
    from checker.rule import fmt

    return fmt(template, {k: str(v) for k, v in values.items()})


LabelKeys = dict[str, tuple[RowTemplate | GroupTemplate, bool]]

# Built on first use and kept for the life of the process (a worker pool warms them before
# forking): what depends only on the pack, keyed by the pack object it came from (kept
# alive alongside, so its id is never reused).
_TEMPLATE_KEYS: dict[int, tuple[TableTemplate, LabelKeys]] = {}
_PARSERS: dict[int, tuple[CellText, CellParser]] = {}
# A cell text's label key: reports' tables hold the same labels and numbers every time.
_CELL_KEYS: dict[str, str] = {}


def _template_keys(tpl: TableTemplate) -> LabelKeys:
    """label key → (row or group, exact?), once per template."""
    found = _TEMPLATE_KEYS.get(id(tpl))
    if found is not None and found[0] is tpl:
        return found[1]
    keys: LabelKeys = {}
    for group in tpl.groups:
        for i, key in enumerate(group.label_keys()):
            keys.setdefault(key, (group, i == 0))
    for row in tpl.rows:
        for i, key in enumerate(row.label_keys()):
            keys[key] = (row, i == 0)
    if len(_TEMPLATE_KEYS) >= LIMITS.pack_memo_entries:
        _TEMPLATE_KEYS.clear()
    _TEMPLATE_KEYS[id(tpl)] = (tpl, keys)
    return keys


def _parser_for(vocab: CellText) -> CellParser:
    found = _PARSERS.get(id(vocab))
    if found is not None and found[0] is vocab:
        return found[1]
    if len(_PARSERS) >= LIMITS.pack_memo_entries:
        _PARSERS.clear()
    parser = CellParser(vocab)
    _PARSERS[id(vocab)] = (vocab, parser)
    return parser


def cell_key(text: str) -> str:
    """label_key(text), remembered."""
    key = _CELL_KEYS.get(text)
    if key is None:
        if len(_CELL_KEYS) >= LIMITS.cell_memo_entries:  # a hostile table's many distinct cells
            _CELL_KEYS.clear()
        key = _CELL_KEYS[text] = label_key(text)
    return key


class GridMatcher:
    def __init__(self, doc: Document, ext: ExtractedTable, vocab: CellText, notes: ReadingNotes) -> None:
        self.doc = doc
        self.ext = ext
        self.tpl: TableTemplate = ext.template
        self.cells = _parser_for(vocab)
        self.notes = notes
        self._keys = _template_keys(self.tpl)

    # ------------------------------------------------------------ labels

    def _label_index(self, cells: list[Cell]) -> tuple[int, RowTemplate | GroupTemplate, str] | None:
        """The last cell of the row that names a template row (or group), with the match quality."""
        found: tuple[int, RowTemplate | GroupTemplate, str] | None = None
        for i, cell in enumerate(cells):
            if self.cells.is_value(cell.text):
                continue
            hit = self._keys.get(cell_key(cell.text))
            if hit is not None:
                found = (i, hit[0], "exact" if hit[1] else "alias")
        return found

    def _fuzzy_label(self, cells: list[Cell], taken: set[str]) -> tuple[int, RowTemplate] | None:
        best: tuple[float, int, RowTemplate] | None = None
        for i, cell in enumerate(cells):
            if self.cells.is_value(cell.text):
                continue
            key = label_key(cell.text)
            if len(key) < 2:
                continue
            for row in self.tpl.rows:
                if row.id in taken:
                    continue
                target = row.label_keys()[0]
                matcher = difflib.SequenceMatcher(None, key, target)
                # quick_ratio bounds ratio from above: skip the costly exact ratio when it cannot win
                if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.75 and (best is None or ratio > best[0]):
                    best = (ratio, i, row)
        return (best[1], best[2]) if best else None

    # ------------------------------------------------------------ values

    def _trimmed(self, values: list[Cell], ncols: int) -> list[Cell]:
        values = [v for v in values if not v.span]  # merged-cell padding is not a cell of its own
        while len(values) > ncols and values and not values[-1].text.strip():
            values = values[:-1]
        while len(values) > ncols and values and not values[0].text.strip():
            values = values[1:]
        return values

    def assign(self, row: RowTemplate, values: list[Cell], certain: bool, note: str = "") -> None:
        ext = self.ext
        cols = self.tpl.columns_of(row)
        values = self._trimmed(values, len(cols))
        if len(values) != len(cols):
            problem = say(
                self.notes.cell_count, table=ext.name, row=row.label, found=len(values), cells=len(cols)
            )
            ext.add_problem(problem)
            first = values[0] if values else None
            for col in cols:
                cv = ext.cells[(row.id, col)]
                cv.raw, cv.value, cv.status, cv.certain, cv.note = None, None, "unreadable", False, problem
                cv.line, cv.page = (first.line, first.page) if first else (None, None)
                cv.offset = self._offset(first) if first else None
            return
        for col, cell in zip(cols, values, strict=True):
            self.set_read(ext.cells[(row.id, col)], cell, certain, note)

    def _offset(self, cell: Cell) -> int | None:
        return self.doc.offset_of_line(cell.line) if cell.line else None

    def set_read(self, cv: CellValue, cell: Cell, certain: bool, note: str) -> None:
        cv.raw = cell.text
        line = cell.line
        cv.offset = self.doc.offset_of_line(line) if line else None  # _offset, for every cell
        cv.value, cv.status, cv.unit = self.cells.parse(cell.text)
        cv.certain = certain and cv.status != "unreadable"
        cv.line, cv.page, cv.note = cell.line, cell.page, note
        if cv.status == "unreadable":
            self.ext.add_problem(
                say(
                    self.notes.not_a_number, table=self.ext.name, row=cv.row, column=cv.column, text=cell.text
                )
            )

    def _all_blank(self, values: list[Cell], ncols: int) -> bool:
        """A data row whose cells are all blank or blank marks, with exactly the expected count."""
        cells = self._trimmed(values, ncols)
        return len(cells) == ncols and all(self.cells.is_value(c.text) for c in cells)

    def _collapse(self, group: GroupTemplate, values: list[Cell]) -> None:
        """A group label with numbers of its own: the one row of the 2019 layout."""
        cols = self.tpl.columns
        cells = self._trimmed(values, len(cols))
        if len(cells) != len(cols) or group.id in self.ext.collapsed:
            return
        out = {}
        for col, cell in zip(cols, cells, strict=True):
            cv = CellValue(self.ext.name, group.label, group.id, col, None, None, "missing")
            self.set_read(cv, cell, certain=True, note="")
            out[col] = cv
        self.ext.collapsed[group.id] = out

    # ------------------------------------------------------------ tables

    def match_rows(self, grids: list[Table]) -> None:
        ext, tpl = self.ext, self.tpl
        taken: set[str] = set()
        pending: list[list[Cell]] = []
        for grid in grids:
            for cells in grid.rows:
                has_number = any(self.cells.is_number(c.text) for c in cells)
                hit = self._label_index(cells)
                if hit is None:
                    if has_number:
                        pending.append(cells)
                    continue
                idx, target, quality = hit
                if isinstance(target, GroupTemplate):
                    if has_number and not any(r.id in taken for r in tpl.rows_of_group(target.id)):
                        self._collapse(target, cells[idx + 1 :])
                        ext.method = "grid"
                    continue
                row = target
                if row.id in taken:
                    continue
                if not has_number and not self._all_blank(cells[idx + 1 :], len(tpl.columns_of(row))):
                    continue  # a header row that happens to contain a row label (e.g. 其他)
                taken.add(row.id)
                ext.method = "grid"
                ext.rows_seen[row.id] = RowMatch(
                    row.id,
                    cells[idx].text,
                    "exact" if quality == "exact" else "alias",
                    cells[idx].line,
                    self._offset(cells[idx]),
                )
                self.assign(row, cells[idx + 1 :], certain=True)
        # A label that deviates from the official wording (typo, truncation) is matched
        # loosely; the values it carries are then a doubtful reading.
        for cells in pending:
            fuzzy = self._fuzzy_label(cells, taken)
            if fuzzy is None:
                if ext.method == "grid":
                    ext.leftovers += 1
                continue
            idx, row = fuzzy
            taken.add(row.id)
            ext.method = "grid"
            ext.rows_seen[row.id] = RowMatch(
                row.id, cells[idx].text, "fuzzy", cells[idx].line, self._offset(cells[idx])
            )
            note = say(self.notes.fuzzy_label, seen=cells[idx].text, label=row.label)
            self.assign(row, cells[idx + 1 :], certain=False, note=note)
        # A group read as one row while some of its own rows were found is not collapsed.
        for group_id in list(ext.collapsed):
            if any(r.id in taken for r in tpl.rows_of_group(group_id)):
                del ext.collapsed[group_id]

    def match_single_row(self, grids: list[Table]) -> None:
        """表四: 15 numbers in one data row (or split over several rows), groups in order."""
        ext, tpl = self.ext, self.tpl
        values: list[Cell] = []
        for grid in grids:
            for cells in grid.rows:
                if not all(self.cells.is_value(c.text) for c in cells):
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
            problem = say(self.notes.cell_count, table=ext.name, row=ext.name, found=len(values), cells=total)
            ext.add_problem(problem)
            for cv in ext.cells.values():
                cv.raw, cv.value, cv.status, cv.certain, cv.note = None, None, "unreadable", False, problem
                cv.line, cv.page, cv.offset = values[0].line, values[0].page, self._offset(values[0])
            return
        pos = 0
        for row in tpl.rows:
            n = len(tpl.columns_of(row))
            ext.rows_seen[row.id] = RowMatch(row.id, row.label, "exact", values[pos].line)
            self.assign(row, values[pos : pos + n], certain=True)
            pos += n
