"""Plain-text reader: decoding, extraction artefacts, and table layouts in text.

Table layouts seen in real extracted text:
- Tika style (the seed): one cell per line, tab-indented, a blank line between
  rows; a cell's own line breaks continue on untabbed lines (``商业`` / ``企业``).
- Markdown pipe tables (``| 规章 | 0 | 0 | 0 |``), as produced by PDF→Markdown tools.
- Whitespace columns: a label followed by numbers on one line (``行政许可 97``).
Flattened text (all cells run together) has no grid; checker.tables reads it
from the text itself.
"""

from __future__ import annotations

import re

from checker.document import Cell, Document, Table
from checker.errors import InputError
from checker.normalize import fold
from checker.readers.decoding import decode

__all__ = ["decode", "find_tables", "read_text"]

# No `[` inside: an unclosed `[bookmark: ` stops at the next `[`, so a run of them is one pass.
_ARTEFACTS = re.compile(r"\[bookmark: [^\[\]]*\]|\[image: [^\[\]]*\]")
_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")
_SEPARATOR_CELL = re.compile(r":?-{2,}:?")
_TOKEN = re.compile(r"\S+")
_NUMBER_TOKEN = re.compile(r"[\d.,\-/]+")
_LABEL_STOPS = frozenset("|，。；：")
_LABEL_MAX = 61
# A line holding a pipe row; [^\S\n] keeps each try inside its line (with \s the try at every
# line start ran over all the blank lines after it: quadratic on a run of blank lines).
_PIPE_LINE = re.compile(r"^[^\S\n]*\|.*\|[^\S\n]*$", re.M)


def read_text(data: bytes, path: str) -> Document:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ARTEFACTS.sub("", text)
    controls = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\t\n")
    if controls > 0.05 * max(1, len(text[:5000])):
        raise InputError(
            "文件内容不是文本（含大量控制字符）", "请提供年度报告的纯文本文件（UTF-8 编码的 .txt）"
        )
    if not text.strip():
        raise InputError("文件没有文字内容", "请提供年度报告的全文")
    folded = fold(text)
    fmt = "markdown" if _PIPE_LINE.search(folded) or re.search(r"^#{1,6} ", folded, re.M) else "text"
    doc = Document(path=path, format=fmt, raw=text, text=folded)
    doc.tables = find_tables(folded)
    doc.notes.append(f"encoding={encoding}")
    if "replaced" in encoding or encoding.startswith("mixed"):
        first = doc.line_of(text.find("\ufffd")) if "\ufffd" in text else None
        where = f"，第一处在第{first}行" if first else ""
        doc.problems.append(
            f"文件的文字编码有问题（{encoding}）：无法识别的字节已显示为“\ufffd”{where}；请用原始文件另存为 UTF-8 后再查"
        )
    return doc


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def find_tables(text: str) -> list[Table]:
    spans = _line_spans(text)
    lines = [text[a:b] for a, b in spans]
    tables: list[Table] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            i = _read_tika(lines, spans, i, tables)
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            i = _read_pipe(lines, spans, i, tables)
        elif _columns_cells(line):
            i = _read_columns(lines, spans, i, tables)
        else:
            i += 1
    return tables


def _read_tika(lines: list[str], spans: list[tuple[int, int]], i: int, out: list[Table]) -> int:
    start = i
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    # A cell's continuation lines, joined once when the next cell starts (appending to the
    # cell's text line by line copied it each time: quadratic on a long run of lines).
    more: list[str] = []

    def close_cell() -> None:
        if more:
            row[-1].text += "".join(more)
            more.clear()

    prev_tab = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            close_cell()
            for part in line.split("\t")[1:]:
                row.append(Cell(part.strip(), line=i + 1))
            prev_tab = True
        elif not line.strip():
            close_cell()
            if row:
                rows.append(row)
                row = []
            prev_tab = False
        elif prev_tab and row and not _SECTION_HEADING.match(line):
            # A line break inside a cell: the continuation is not tab-indented.
            more.append(line.strip())
        else:
            break
        i += 1
    close_cell()
    if row:
        rows.append(row)
    end_line = i - 1
    while end_line > start and not lines[end_line].strip():
        end_line -= 1
    out.append(Table(rows=rows, start=spans[start][0], end=spans[end_line][1], layout="tika"))
    return i


def _split_pipe(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip() for c in body.split("|")]


def _is_separator(stripped: str) -> bool:
    """A Markdown separator row (`| --- | :--: |`): every cell dashes, with optional colons.
    Cell by cell: the one regex for the whole row backtracked quadratically on dashes then spaces."""
    return all(_SEPARATOR_CELL.fullmatch(cell) for cell in _split_pipe(stripped))


def _read_pipe(lines: list[str], spans: list[tuple[int, int]], i: int, out: list[Table]) -> int:
    start = i
    rows: list[list[Cell]] = []
    while i < len(lines):
        stripped = lines[i].strip()
        if not (stripped.startswith("|") and stripped.endswith("|")):
            break
        if not _is_separator(stripped):
            rows.append([Cell(c, line=i + 1) for c in _split_pipe(stripped)])
        i += 1
    out.append(Table(rows=rows, start=spans[start][0], end=spans[i - 1][1], layout="pipe"))
    return i


def _columns_cells(line: str) -> list[str] | None:
    if "\t" in line.strip():
        parts = [p.strip() for p in line.strip().split("\t")]
        if len(parts) >= 2 and any(re.fullmatch(r"[\d.,]+", p) for p in parts[1:]):
            return parts
    return _columns_row(line)


def _last_number(token: str) -> bool:
    """A number token that can end a row: a digit after its last `-` or `/` (`2023-12`, `1,234`)."""
    tail = token[max(token.rfind("-"), token.rfind("/")) + 1 :]
    return any(ch.isdecimal() for ch in tail)


def _columns_row(line: str) -> list[str] | None:
    """A whitespace-columns row: a label, then whitespace-separated numbers (`行政许可  97  3`).

    The label does not start with a digit, `|` or `#`, is at most 61 characters and holds none
    of `|，。；：`; it is the shortest that leaves nothing but number tokens (of digits and
    `.,-/`) after it, the last with a digit after its last `-` or `/`. One pass over the line's
    tokens: the regex this replaces backtracked quadratically on a long run of digits."""
    if len(line) < 3 or line.isspace():
        return None  # a label, a space and a digit at least
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
    if len(tokens) < 2:
        return None
    start = tokens[0][0]
    if line[start].isdecimal() or line[start] in "|#":
        return None
    last = tokens[-1]
    if not (_NUMBER_TOKEN.fullmatch(line, *last) and _last_number(line[last[0] : last[1]])):
        return None
    first_number = len(tokens) - 1
    while first_number > 1 and _NUMBER_TOKEN.fullmatch(line, *tokens[first_number - 1]):
        first_number -= 1
    label = line[start : tokens[first_number - 1][1]]
    if len(label) > _LABEL_MAX or not _LABEL_STOPS.isdisjoint(label[1:]):
        return None
    return [label, *(line[a:b] for a, b in tokens[first_number:])]


def _read_columns(lines: list[str], spans: list[tuple[int, int]], i: int, out: list[Table]) -> int:
    start = i
    rows: list[list[Cell]] = []
    while i < len(lines):
        cells = _columns_cells(lines[i])
        if cells is None:
            break
        rows.append([Cell(c, line=i + 1) for c in cells])
        i += 1
    out.append(Table(rows=rows, start=spans[start][0], end=spans[i - 1][1], layout="columns"))
    return i
