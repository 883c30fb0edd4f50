"""Tables flattened into running text (government portal pages): labels and runs of digits.

「一、本年新收政府信息公开申请数量21710000218二、上年结转…」: each row label is followed by
the digits of its cells run together, sometimes with spaces between cells. The run
after a label belongs to that label's row; its readings are worked out by
checker.tables.readings. A label followed directly by the next label is a blank row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from checker.document import Document
from checker.normalize import squeeze, strip_ordinal
from checker.pack import GroupTemplate, ReadingNotes, RowTemplate, TableTemplate
from checker.tables.grid import say
from checker.tables.model import CellValue, ExtractedTable, RowMatch, RunSource
from checker.tables.readings import CellSpec, readings_of

_RUN = re.compile(r"[\s\d.\-]*")
_HAN = re.compile(r"[\u3400-\u9fff（(]")
_TRAILING_ORDINAL = re.compile(r"\d\.$")  # the 「2.」 of the next, unrecognised row label


_NON_SPACE = re.compile(r"\S+")


class SqueezedOffsets:
    """Each kept character's offset in the text, as a list would give it (offsets[i],
    len(offsets)), held per run of non-space characters: a section is a few runs of
    thousands of characters, not thousands of ints."""

    __slots__ = ("_flat_starts", "_text_starts", "_length")

    def __init__(self, flat_starts: list[int], text_starts: list[int], length: int) -> None:
        self._flat_starts, self._text_starts, self._length = flat_starts, text_starts, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, pos: int) -> int:
        if pos < 0:
            pos += self._length
        if not 0 <= pos < self._length:
            raise IndexError(pos)
        group = bisect.bisect_right(self._flat_starts, pos) - 1
        return self._text_starts[group] + pos - self._flat_starts[group]


def squeezed_with_map(text: str, start: int, end: int) -> tuple[str, SqueezedOffsets]:
    """The span without whitespace, and each kept character's offset in the text."""
    chars: list[str] = []
    flat_starts: list[int] = []
    text_starts: list[int] = []
    length = 0
    for m in _NON_SPACE.finditer(text, start, end):
        group = m.group(0)
        chars.append(group)
        flat_starts.append(length)
        text_starts.append(m.start())
        length += len(group)
    return "".join(chars), SqueezedOffsets(flat_starts, text_starts, length)


def variants(target: RowTemplate | GroupTemplate) -> list[str]:
    """The squeezed ways a label is written: as in the template, each alias, each without its ordinal."""
    labels = [squeeze(target.label), *(squeeze(a) for a in target.aliases)]
    out: list[str] = []
    for lab in labels:
        out.append(lab)
        bare = strip_ordinal(lab)
        if bare != lab and len(bare) >= 4:
            out.append(bare)
    return out


@dataclass
class _Labels:
    """What matching a template's labels needs, built once per template (not per report)."""

    template: TableTemplate
    variants: dict[str, list[str]]  # row or group id → its squeezed label variants
    stop: re.Pattern[str]  # any label: what may follow a row label directly (a blank row)
    specs: dict[str, list[CellSpec]]  # row id → what its cells may hold


_LABELS: dict[int, _Labels] = {}


def _labels(tpl: TableTemplate) -> _Labels:
    found = _LABELS.get(id(tpl))
    if found is not None and found.template is tpl:
        return found
    names = {row.id: variants(row) for row in tpl.rows} | {"group:" + g.id: variants(g) for g in tpl.groups}
    labels = sorted({v for vs in names.values() for v in vs}, key=len, reverse=True)
    specs = {
        row.id: [
            CellSpec(decimal=row.is_amount(col), signed=col in row.signed, max_digits=tpl.max_digits)
            for col in tpl.columns_of(row)
        ]
        for row in tpl.rows
    }
    made = _Labels(tpl, names, re.compile("|".join(re.escape(v) for v in labels)), specs)
    _LABELS[id(tpl)] = made
    return made


class FlatMatcher:
    def __init__(
        self,
        doc: Document,
        ext: ExtractedTable,
        span: tuple[int, int],
        notes: ReadingNotes,
    ) -> None:
        self.doc, self.ext, self.tpl = doc, ext, ext.template
        self.notes = notes
        self.flat, self.offsets = squeezed_with_map(doc.text, *span)
        labels = _labels(self.tpl)
        self._variants, self._stop, self._row_specs = labels.variants, labels.stop, labels.specs

    # ------------------------------------------------------------ helpers

    def _raw(self, start: int, stop: int) -> str:
        """The text (spaces kept) behind flat[start:stop]."""
        if stop <= start:
            return ""
        return self.doc.text[self.offsets[start] : self.offsets[stop - 1] + 1]

    def _where(self, pos: int) -> tuple[int | None, int | None, int | None]:
        """(line, page, offset) of a position of the squeezed text."""
        if pos >= len(self.offsets):
            return None, None, None
        offset = self.offsets[pos]
        return self.doc.line_of(offset), self.doc.page_of(offset), offset

    def _specs(self, row: RowTemplate) -> list[CellSpec]:
        return self._row_specs[row.id]

    def _find(self, key: str, cursor: int) -> tuple[int, int] | None:
        """The first occurrence of the label after `cursor` that is followed by digits, by
        another label or by nothing: a label inside a sentence is not a table row."""
        for variant in self._variants[key]:
            pos = self.flat.find(variant, cursor)
            while pos >= 0:
                end = pos + len(variant)
                nxt = self.flat[end : end + 1]
                if not nxt or nxt.isdigit() or nxt == "-" or self._stop.match(self.flat, end):
                    return pos, end
                pos = self.flat.find(variant, pos + 1)
        return None

    # ------------------------------------------------------------ rows

    def match_rows(self) -> None:
        ext, tpl = self.ext, self.tpl
        cursor = 0
        found: list[tuple[RowTemplate | None, GroupTemplate | None, int, int]] = []
        emitted_groups: set[str] = set()
        for row in tpl.rows:
            group = tpl.group(row.group) if row.group else None
            if group is not None and group.id not in emitted_groups:
                emitted_groups.add(group.id)
                hit = self._find("group:" + group.id, cursor)
                if hit is not None:
                    found.append((None, group, *hit))
                    cursor = hit[1]
            if row.id in ext.rows_seen:
                continue  # already read from a grid
            hit = self._find(row.id, cursor)
            if hit is not None:
                found.append((row, None, *hit))
                cursor = hit[1]
        for i, (row_found, group_found, start, end) in enumerate(found):
            stop = found[i + 1][2] if i + 1 < len(found) else len(self.flat)
            if group_found is not None:
                self._group(group_found, end, stop)
            elif row_found is not None:
                self._row(row_found, start, end, stop)
        for group_id in list(ext.collapsed):
            if any(r.id in ext.rows_seen for r in tpl.rows_of_group(group_id)):
                del ext.collapsed[group_id]

    def _run_at(self, end: int, stop: int) -> tuple[str, int]:
        """(the run of digits after a label, where in the squeezed text what follows it
        begins: `stop` when nothing does). Matched in the document's text itself, so that
        the text up to the next label (for the last row, the rest of the section) is not
        copied for each row."""
        if stop <= end:
            return "", end
        lo, hi = self.offsets[end], self.offsets[stop - 1] + 1
        text = self.doc.text
        m = _RUN.match(text, lo, hi)
        assert m is not None  # the pattern matches the empty string
        run = m.group(0)
        more = m.end() < hi  # what follows starts with a character that is not a space
        if more and _HAN.match(text, m.end(), hi) and _TRAILING_ORDINAL.search(run.rstrip()):
            run = run.rstrip()[:-2]  # 「…0000000 2.其他…」: the 2. opens the next row's label
        return run.strip(), (end + len("".join(m.group(0).split()))) if more else stop

    def _row(self, row: RowTemplate, start: int, end: int, stop: int) -> None:
        ext = self.ext
        run, rest = self._run_at(end, stop)
        line, page, offset = self._where(end)
        ext.method = "flat" if ext.method == "none" else ext.method
        ext.rows_seen[row.id] = RowMatch(row.id, row.label, "flat", line, self._where(start)[2])
        cols = self.tpl.columns_of(row)
        # what follows the run (squeezed, it is flat[rest:stop]) must open a label
        if rest < stop and not self._stop.match(self.flat, rest, stop):
            ext.leftovers += 1  # text after the run that no label claims: something was not read
        if not run:
            for col in cols:
                cv = ext.cells[(row.id, col)]
                cv.raw, cv.status, cv.line, cv.page, cv.offset = "", "blank", line, page, offset
                # a label followed by the next label is a blank row — unless numbers that no
                # label claims lie about the table (a grid the extraction broke apart)
                cv.certain = ext.leftovers == 0
            return
        readings = readings_of(run, self._specs(row))
        cells = [(row.id, c) for c in cols]
        source = RunSource(ext.name, row.label, run, cells, readings, readings, line, page, offset)
        ext.sources.append(source)
        for col in cols:
            cv = ext.cells[(row.id, col)]
            cv.raw, cv.source, cv.line, cv.page, cv.offset = run, source, line, page, offset

    def _group(self, group: GroupTemplate, end: int, stop: int) -> None:
        """A group label followed by digits: the group is one row (2019 layout)."""
        run, _rest = self._run_at(end, stop)
        if not run or not self.tpl.rows_of_group(group.id):
            return
        cols = self.tpl.columns
        line, page, offset = self._where(end)
        specs = [CellSpec(max_digits=self.tpl.max_digits) for _ in cols]
        readings = readings_of(run, specs)
        cells = [(group.id, c) for c in cols]
        source = RunSource(self.ext.name, group.label, run, cells, readings, readings, line, page, offset)
        self.ext.sources.append(source)
        self.ext.collapsed[group.id] = {
            col: CellValue(
                self.ext.name,
                group.label,
                group.id,
                col,
                run,
                None,
                "unreadable",
                False,
                line,
                page,
                offset=offset,
                source=source,
            )
            for col in cols
        }

    # ------------------------------------------------------------ 表四

    def match_single_row(self, header: str) -> None:
        """The digits after the last column header are the table's cells, groups in order."""
        ext, tpl = self.ext, self.tpl
        last_header = self.flat.rfind(header)
        if last_header < 0:
            return
        start = last_header + len(header)
        run, _rest = self._run_at(start, len(self.flat))
        if not run:
            return
        line, page, offset = self._where(start)
        ext.method = "flat"
        cells = [(row, col) for row in tpl.rows for col in tpl.columns_of(row)]
        specs = [spec for row in tpl.rows for spec in self._specs(row)]
        readings = readings_of(run, specs)
        label = say(self.notes.data_row, table=ext.name)
        source = RunSource(
            ext.name, label, run, [(r.id, c) for r, c in cells], readings, readings, line, page, offset
        )
        ext.sources.append(source)
        for row in tpl.rows:
            ext.rows_seen[row.id] = RowMatch(row.id, row.label, "flat", line, offset)
        for row, col in cells:
            cv = ext.cells[(row.id, col)]
            cv.raw, cv.source, cv.line, cv.page, cv.offset = run, source, line, page, offset
