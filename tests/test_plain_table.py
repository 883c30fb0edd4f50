"""The summary table drawn for a file or a pipe is the text rich draws (checker.render.plain_table)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from checker.render.plain_table import plain_table

_CELL = st.text(
    alphabet=st.sampled_from(["云", "岭", "县", "a", "1", "0", " ", "·", "（", "）", "-", "[", "\u200b"]),
    max_size=12,
)


def _rich(console: Console, title: str, columns: list[tuple[str, str]], rows: list[list[str]]) -> str:
    table = Table(title=title, title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


@st.composite
def _tables(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]], list[list[str]]]:
    n = draw(st.integers(1, 8))
    columns = [(draw(_CELL), draw(st.sampled_from(["left", "right"]))) for _ in range(n)]
    rows = draw(st.lists(st.lists(_CELL, min_size=n, max_size=n), min_size=1, max_size=6))
    return draw(_CELL), columns, rows


@settings(max_examples=400, deadline=None)
@given(_tables(), st.sampled_from([40, 80, 120]))
def test_the_table_is_what_rich_draws(
    table: tuple[str, list[tuple[str, str]], list[list[str]]], width: int
) -> None:
    title, columns, rows = table
    ours = plain_table(Console(file=io.StringIO(), width=width), title, columns, rows)  # type: ignore[arg-type]
    if ours is not None:
        assert ours == _rich(Console(file=io.StringIO(), width=width, highlight=False), title, columns, rows)


def test_a_summary_is_drawn_here_and_a_terminal_is_left_to_rich() -> None:
    columns = [("单位", "left"), ("年度", "right"), ("得分", "right")]
    rows = [["云岭县青石镇人民政府", "2023", "60"], ["", "2020", "100"]]
    console = Console(file=io.StringIO(), width=120)
    ours = plain_table(console, "汇总：2 份报告（问题最多的在前）", columns, rows)  # type: ignore[arg-type]
    assert ours == _rich(
        Console(file=io.StringIO(), width=120, highlight=False),
        "汇总：2 份报告（问题最多的在前）",
        columns,
        rows,
    )
    coloured = Console(file=io.StringIO(), width=120, force_terminal=True, color_system="standard")
    assert plain_table(coloured, "t", columns, rows) is None  # type: ignore[arg-type]
