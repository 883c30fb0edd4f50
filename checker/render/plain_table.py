"""A summary table as rich draws it, for a console that writes no escape code (a file or a
pipe), drawn here: rich measures and renders each cell as styled text (about 1 s for the
summary of 1,000 reports, after the whole batch is done). Only a table rich would draw on
one line per row is drawn here; any other is left to rich (None), and
tests/test_plain_table.py checks the two agree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.cells import cell_len
from rich.console import Console

Justify = Literal["left", "right"]


def plain_table(
    console: Console, title: str, columns: Sequence[tuple[str, Justify]], rows: Sequence[Sequence[str]]
) -> str | None:
    """rich's text for Table(title=title, title_justify="left") with these columns and rows
    printed on `console`, or None where rich must draw it (colours, a narrow console, a
    cell or title that would wrap, markup, control or zero-width characters, spaces at
    either end of a cell, which rich trims)."""
    if (
        console.color_system is not None
        or console.record
        or console.legacy_windows
        or not console.encoding.lower().startswith("utf")
        or not rows
    ):
        return None
    texts = [title, *(name for name, _ in columns), *(cell for row in rows for cell in row)]
    if any("[" in text or not text.isprintable() or text != text.strip() for text in texts):
        return None
    widths = [cell_len(name) for name, _ in columns]
    for row in rows:
        if len(row) != len(columns):
            return None
        for i, cell in enumerate(row):
            size = cell_len(cell)
            if size > widths[i]:
                widths[i] = size
    width = sum(widths) + 3 * len(widths) + 1
    if width > console.width or cell_len(title) > width:
        return None

    def line(cells: Sequence[str], left: str, middle: str, right: str) -> str:
        parts = []
        for (_, justify), size, cell in zip(columns, widths, cells, strict=True):
            pad = " " * (size - cell_len(cell))
            parts.append(" " + (cell + pad if justify == "left" else pad + cell) + " ")
        return left + middle.join(parts) + right

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (size + 2) for size in widths) + right

    lines = [
        *([title + " " * (width - cell_len(title))] if title else []),
        rule("┏", "━", "┳", "┓"),
        line([name for name, _ in columns], "┃", "┃", "┃"),
        rule("┡", "━", "╇", "┩"),
        *(line(row, "│", "│", "│") for row in rows),
        rule("└", "─", "┴", "┘"),
    ]
    return "\n".join(lines) + "\n"
