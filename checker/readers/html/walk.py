"""Walking the body in document order into paragraphs and table grids."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import clean_cell
from checker.readers.html.grid import expand_grid, row_cells, table_rows
from checker.readers.html.tree import CHROME_TAGS, NUMERIC, nonspace, normalize_line, text_of, visible_len

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


@dataclass
class Block:
    text: str = ""
    rows: list[list[str | None]] | None = None


@dataclass
class Budget:
    """What one page may build, shared by the walker and the walkers of its table cells: the
    cells of every grid built (a layout table's cells are walked again, and count again)."""

    cells: int = 0
    # Whether the page may hold zero-width characters (which the walk drops from a cell's text).
    zero_width: bool = True

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

    def walk(self, el: Any, pre: bool = False) -> bool:
        """Add the element's paragraphs (and grids); `pre` inside preformatted text.

        Returns whether every text inside the element was added (no subtree skipped, no
        table read on its own): a cell's text then holds all its visible characters."""
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _SKIP_TAGS:
            return False
        if tag == "br":
            self.flush()
            return not (el.text or len(el))
        if tag == "table":
            self.flush()
            self.table(el)
            return False
        return self._walk_tree(el, 1 if pre else 0)

    def _walk_tree(self, root: Any, pre_depth: int) -> bool:
        """The walk, as one pass of lxml's iterwalk (no Python call per element): a block
        element flushes the line at its start and end; br flushes; skipped elements and
        tables are not entered, their tails are kept; inside `pre_depth` preformatted
        elements each line break of the text ends a line. The root's own tail is not added."""
        buf = self._buf
        append = buf.append
        flush = self.flush
        add_text = self.add_text
        complete = True
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if event == "start":
                if tag not in _PLAIN_INLINE:
                    if not isinstance(tag, str):  # an entity reference: skipped, tail too
                        complete = False
                        walker.skip_subtree()
                        continue
                    name = tag.lower()
                    if name in _SKIP_TAGS:
                        complete = False
                        walker.skip_subtree()
                        continue
                    if name == "br":
                        flush()
                        if el.text or len(el):
                            complete = False
                        walker.skip_subtree()
                        continue
                    if name == "table":
                        flush()
                        self.table(el)
                        complete = False
                        walker.skip_subtree()
                        continue
                    if name in _BLOCK_TAGS:
                        flush()
                        # Nothing but text and inline elements inside: all its text, in C.
                        # Linear: a block's search stops at its first block descendant.
                        if not pre_depth and name not in _PRE_TAGS and len(el) and _only_plain_below(el):
                            text = text_of(el)
                            if text:
                                append(text)
                            walker.skip_subtree()
                            continue
                    if name in _PRE_TAGS:
                        pre_depth += 1
                text = el.text
                if text:
                    if pre_depth:
                        add_text(text, True)
                    else:
                        append(text)
                continue
            if tag not in _PLAIN_INLINE:
                if not isinstance(tag, str):
                    continue
                name = tag.lower()
                if name not in _ENTERED_NOT:
                    if name in _BLOCK_TAGS:
                        flush()
                    if name in _PRE_TAGS:
                        pre_depth -= 1
            if el is root:
                break
            text = el.tail
            if text:
                if pre_depth:
                    add_text(text, True)
                else:
                    append(text)
        return complete

    def table(self, el: Any) -> None:
        budget = self.budget
        rows = [row_cells(row) for row in table_rows(el)]
        texts = [[_cell_text(c, budget) for c in cells] for cells in rows]
        grid = expand_grid(
            [
                [(text, c.get("rowspan"), c.get("colspan")) for (text, _), c in zip(row, cells, strict=True)]
                for row, cells in zip(texts, rows, strict=True)
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
        if _is_layout(rows, texts, grid, budget.zero_width):
            for cells in rows:
                for cell in cells:
                    self.walk(cell)
            return
        self.blocks.append(Block(rows=[list(r) for r in grid]))


# Elements _walk_tree does not enter (nor flushes for at their end).
_ENTERED_NOT = frozenset(_SKIP_TAGS | {"br", "table"})
# Every element the walk treats otherwise than by adding its text and tail, by the names it
# may have in the tree: the walk lower-cases tag names, and the parser lower-cases only ASCII,
# so "lin\u212a" (a Kelvin sign) is walked as "link". Comments, PIs and entities: their tails
# are not walked.
_NOT_PLAIN = (
    *sorted(
        {v for name in _ENTERED_NOT | _BLOCK_TAGS | _PRE_TAGS for v in (name, name.replace("k", "\u212a"))}
    ),
    etree.Comment,
    etree.ProcessingInstruction,
    etree.Entity,
)


_NOT_PLAIN_SET = frozenset(_NOT_PLAIN)


def _only_plain_below(el: Any) -> bool:
    """Whether no descendant of the element is in _NOT_PLAIN (by tag, or a comment, PI or
    entity, whose tag is the factory function): lxml's iterdescendants(*_NOT_PLAIN) said so,
    but built its matcher of 76 names for every block (~20 us), while most blocks hold a
    few inline elements. Stops at the first, as the matcher did: linear over the walk."""
    for node in el.iterdescendants():  # noqa: SIM110 - a loop, no generator resumed per node
        if node.tag in _NOT_PLAIN_SET:
            return False
    return True


def _cell_text(cell: Any, budget: Budget) -> tuple[str, bool]:
    """A cell's text as one line, and whether it holds every text inside the cell."""
    if not len(cell):
        text = cell.text
        return (clean_cell(normalize_line(text)), True) if text else ("", True)
    lines = _shallow_lines(cell)
    if lines is not None:
        # normalize_line("") is "": only the lines with text are normalised
        return clean_cell(
            "\n".join([line for line in map(normalize_line, filter(None, lines)) if line])
        ), True
    walker = Walker(flat=True, budget=budget)
    # The cell is a block of its own walker: its flushes at start and end add nothing.
    complete = walker._walk_tree(cell, 0)
    walker.flush()
    blocks = walker.blocks
    if len(blocks) == 1:
        return clean_cell(blocks[0].text), complete
    return clean_cell("\n".join([b.text for b in blocks])), complete


# Block elements that a shallow cell may hold: each is a line of its own (see _shallow_lines).
_LEAF_BLOCKS = frozenset(_BLOCK_TAGS - _PRE_TAGS - {"table"})


def _shallow_lines(cell: Any) -> list[str] | None:
    """The lines the walk would flush for a cell whose children have no children and are plain
    inline or block elements (most cells: ``<td><p>12</p></td>``), unnormalised; else None.
    A plain child's text joins the line, a block child's text is a line of its own, and the
    cell's text and each child's tail join the line after it (iterwalk costs more per cell)."""
    lines: list[str] = []
    line = [cell.text or ""]  # joined at each block: linear however many children
    for child in cell:
        tag = child.tag
        if len(child):
            return None
        if tag in _PLAIN_INLINE:
            line.append(child.text or "")
        elif tag in _LEAF_BLOCKS:
            lines.append("".join(line))
            lines.append(child.text or "")
            line = []
        else:
            return None
        line.append(child.tail or "")
    lines.append("".join(line))
    return lines


def _is_layout(
    rows: list[list[Any]],
    texts: list[list[tuple[str, bool]]],
    grid: list[list[str | None]],
    zero_width: bool,
) -> bool:
    """A table used for page layout: one column, or prose without a single number.

    `rows` are the table's own cells, `texts` their texts (and whether each holds every
    text of its cell). A cell's visible length is that of its text when the text holds all
    of the cell's: the text differs from the cell's only in whitespace and, unless the page
    has none (`zero_width` False), zero-width characters."""
    width = max((len(r) for r in grid), default=0)
    if width <= 1:
        return True
    has_numbers = any(text and NUMERIC.match(text) for row in grid for text in row)
    for cells, row_texts in zip(rows, texts, strict=True):
        for cell, (text, complete) in zip(cells, row_texts, strict=True):
            size = nonspace(text) if complete and not zero_width else visible_len(cell)
            if size >= 200:
                return True  # a whole article (or a sidebar) in one cell is layout, numbers elsewhere or not
            if has_numbers or size < 80:
                continue
            if "。" in text_of(cell) or _has_two(cell.iter("p", "div", "br", "h1", "h2", "h3", "h4", "li")):
                return True
    return not has_numbers and any(c.find(".//table") is not None for cells in rows for c in cells)


def _has_two(items: Iterator[Any]) -> bool:
    return next(items, None) is not None and next(items, None) is not None
