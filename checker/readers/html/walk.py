"""Walking the body in document order into paragraphs and table grids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import clean_cell
from checker.readers.html.grid import expand_grid, row_cells, table_rows
from checker.readers.html.tree import CHROME_TAGS, NUMERIC, normalize_line, text_of, visible_len

_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "fieldset",
    "legend",
    "details",
    "summary",
    "caption",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "table",
    "ucapcontent",
}
_SKIP_TAGS = CHROME_TAGS | {"head", "title", "meta", "link", "base", "img", "colgroup", "col"}
_PRE_TAGS = {"pre", "textarea", "xmp", "listing", "plaintext"}
# Inline elements that Walker.walk turns into nothing but their text (exact names, as the parser
# writes them: a name outside this list just takes the longer way).
_PLAIN_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "del",
        "kbd",
        "mark",
        "nobr",
        "o:p",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    ]
)
_PLAIN_SCAN = 64  # look this far into a subtree for the fast path (keeps the walk linear)


def _plain_inside(el: Any) -> bool:
    """Whether everything inside the element is a plain inline element (checked up to a bound)."""
    for i, d in enumerate(el.iterdescendants()):
        if i >= _PLAIN_SCAN or d.tag not in _PLAIN_INLINE:
            return False
    return True


@dataclass
class Block:
    text: str = ""
    rows: list[list[str | None]] | None = None


@dataclass
class Budget:
    """What one page may build, shared by the walker and the walkers of its table cells: the
    cells of every grid built (a layout table's cells are walked again, and count again)."""

    cells: int = 0

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > LIMITS.html_max_page_cells:
            raise InputError(
                f"网页中的表格过大（合计超过 {LIMITS.html_max_page_cells} 格），无法读取",
                "请检查网页中的表格是否完整、合并单元格是否正确，或另存为文本后重试",
            )


@dataclass
class Walker:
    """Turns an element tree into paragraphs (and grids, unless `flat`)."""

    flat: bool = False  # inside a table cell: nested tables become a line of text
    budget: Budget = field(default_factory=Budget)
    blocks: list[Block] = field(default_factory=list)
    _buf: list[str] = field(default_factory=list)

    def flush(self) -> None:
        buf = self._buf
        if buf:
            line = normalize_line("".join(buf))
            buf.clear()
            if line:
                self.blocks.append(Block(text=line))

    def add_text(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        if pre and "\n" in text:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self.flush()
                self._buf.append(line)
        else:
            self._buf.append(text)

    def walk(self, el: Any, pre: bool = False) -> None:
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK_TAGS
        pre = pre or tag in _PRE_TAGS
        if block:
            self.flush()
        buf = self._buf  # flush() empties it in place
        if not pre and _plain_inside(el):
            # Only plain inline elements inside: walking them would add exactly all their text.
            text = text_of(el) if len(el) else el.text
            if text:
                buf.append(text)
            if block:
                self.flush()
            return
        text = el.text
        if text:
            if pre:
                self.add_text(text, pre)
            else:
                buf.append(text)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, pre)
                text = child.tail
                if text:
                    if pre:
                        self.add_text(text, pre)
                    else:
                        buf.append(text)
        if block:
            self.flush()

    def table(self, el: Any) -> None:
        budget = self.budget
        grid = expand_grid(
            [
                [(_cell_text(c, budget), c.get("rowspan"), c.get("colspan")) for c in row_cells(row)]
                for row in table_rows(el)
            ]
        )
        budget.add_cells(len(grid) * len(grid[0]) if grid else 0)
        if self.flat:
            cells = [c for row in grid for c in row if c]
            self._buf.append(" ".join(cells))
            self.flush()
            return
        for caption in el.findall("caption"):
            self.walk(caption)
        if _is_layout(el, grid):
            for row in table_rows(el):
                for cell in row_cells(row):
                    self.walk(cell)
            return
        self.blocks.append(Block(rows=[list(r) for r in grid]))


def _cell_text(cell: Any, budget: Budget) -> str:
    walker = Walker(flat=True, budget=budget)
    buf = walker._buf  # flush() empties it in place
    if cell.text:
        buf.append(cell.text)
    for child in cell:
        if isinstance(child.tag, str):
            walker.walk(child)
            if child.tail:
                buf.append(child.tail)
    walker.flush()
    blocks = walker.blocks
    if len(blocks) == 1:
        return clean_cell(blocks[0].text)
    return clean_cell("\n".join([b.text for b in blocks]))


def _is_layout(table: Any, grid: list[list[str | None]]) -> bool:
    """A table used for page layout: one column, or prose without a single number."""
    width = max((len(r) for r in grid), default=0)
    if width <= 1:
        return True
    own_cells = [c for row in table_rows(table) for c in row_cells(row)]
    has_numbers = any(text and NUMERIC.match(text) for row in grid for text in row)
    for cell in own_cells:
        size = visible_len(cell)
        if size >= 200:
            return True  # a whole article (or a sidebar) in one cell is layout, numbers elsewhere or not
        if has_numbers or size < 80:
            continue
        if "。" in text_of(cell) or _has_two(cell.iter("p", "div", "br", "h1", "h2", "h3", "h4", "li")):
            return True
    return not has_numbers and any(c.find(".//table") is not None for c in own_cells)


def _has_two(items: Iterator[Any]) -> bool:
    return next(items, None) is not None and next(items, None) is not None
