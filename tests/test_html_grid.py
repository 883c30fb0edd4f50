"""The HTML grid builder and the HTML reader's limits: spans clamped as browsers clamp them,
columns no cell starts in dropped, and tables, cells and elements capped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker.limits
from checker.errors import InputError
from checker.limits import LIMITS, Limits
from checker.readers.html import read_html
from checker.readers.html.grid import CellSpec, expand_grid

from .hostile_html import report_page


@contextmanager
def limits(**changes: int) -> Iterator[Limits]:
    """Every module reads `checker.limits.LIMITS` at call time: change its fields in place."""
    saved = replace(LIMITS)
    for name, value in changes.items():
        setattr(checker.limits.LIMITS, name, value)
    try:
        yield LIMITS
    finally:
        for name in changes:
            setattr(checker.limits.LIMITS, name, getattr(saved, name))


def cells(*row: str) -> list[CellSpec]:
    """'a' a plain cell; 'a:2x3' rowspan 2, colspan 3."""
    out: list[CellSpec] = []
    for spec in row:
        text, _, spans = spec.partition(":")
        rowspan, _, colspan = spans.partition("x") if spans else ("", "", "")
        out.append((text, rowspan or None, colspan or None))
    return out


def test_row_spans_repeat_the_text_and_column_spans_pad_with_none() -> None:
    grid = expand_grid([cells("a:2x1", "b:1x2"), cells("c", "d"), cells("e", "f", "g")])
    assert grid == [["a", "b", None], ["a", "c", "d"], ["e", "f", "g"]]


def test_overlapping_spans_keep_the_first_cell() -> None:
    # b (row 0) spans down into row 1; c (row 1) spans right over it: b stays, c does not overwrite
    grid = expand_grid([cells("a", "b:2x1", "x"), cells("c:1x3")])
    assert grid == [["a", "b", "x"], ["c", "b", None]]


def test_a_span_past_the_last_column_adds_no_column() -> None:
    grid = expand_grid([cells("title:1x999"), cells("a", "b", "c")])
    assert grid == [["title", None, None], ["a", "b", "c"]]


def test_a_column_no_cell_starts_in_is_dropped() -> None:
    grid = expand_grid([cells("a:1x999", "b"), cells("c", "d")])
    assert grid == [["a", None, "b"], ["c", "d", None]]


def test_unparsable_and_zero_spans_are_one() -> None:
    grid = expand_grid([[("a", "abc", "0"), ("b", "-2", " 2 ")], cells("c", "d", "e")])
    assert grid == [["a", "b", None], ["c", "d", "e"]]


def test_colspan_is_clamped_at_the_limit() -> None:
    rows = [cells("a:1x10", "b"), cells(*"0123456789x")]
    assert expand_grid(rows)[0][10] == "b"
    with limits(html_max_colspan=3):
        assert expand_grid(rows)[0][:5] == ["a", None, None, "b", None]


def test_rowspan_is_clamped_at_the_limit_and_at_the_last_row() -> None:
    rows = [cells("a:99x1", "b"), cells("c"), cells("d", "e")]
    assert [r[0] for r in expand_grid(rows)] == ["a", "a", "a"]
    with limits(html_max_rowspan=2):
        assert expand_grid(rows) == [["a", "b"], ["a", "c"], ["d", "e"]]


def test_a_table_past_the_cell_limit_is_refused_before_it_is_built() -> None:
    rows = [cells(*["1:100000x100000"] * 300)] * 10
    with pytest.raises(InputError, match="表格过大"):
        expand_grid(rows)
    with limits(html_max_table_cells=20):
        assert len(expand_grid([cells(*"abcd")] * 5)) == 5
        with pytest.raises(InputError, match="超过 20 格"):
            expand_grid([cells(*"abcd")] * 6)
        with pytest.raises(InputError):
            expand_grid([cells("a:5x5"), *[cells("b")] * 4])  # 25 positions covered


# ---------------------------------------------------------------- properties

SPANS = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=6).map(str),
    st.sampled_from(["100000", "999999999", "abc", "-3", " 2", "3.7", "", "0"]),
)


@st.composite
def tables(draw: st.DrawFn) -> list[list[CellSpec]]:
    n_rows = draw(st.integers(min_value=0, max_value=8))
    rows = []
    for r in range(n_rows):
        n_cells = draw(st.integers(min_value=0, max_value=6))
        rows.append([(f"r{r}c{i}", draw(SPANS), draw(SPANS)) for i in range(n_cells)])
    return rows


def _span(value: str | None, limit: int) -> int:
    digits = (value or "").lstrip()
    n = len(digits) - len(digits.lstrip("0123456789"))
    return max(1, min(int(digits[:n]) if n else 1, limit))


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(min_value=1, max_value=200))
def test_grid_shape_caps_and_where_each_text_lands(
    rows: Sequence[Sequence[CellSpec]], max_cells: int
) -> None:
    max_colspan, max_rowspan = 7, 5
    with limits(html_max_table_cells=max_cells, html_max_colspan=max_colspan, html_max_rowspan=max_rowspan):
        try:
            grid = expand_grid(rows)
        except InputError as exc:
            assert "表格过大" in exc.message
            covered = sum(
                min(_span(rs, max_rowspan), len(rows) - r) * _span(cs, max_colspan)
                for r, row in enumerate(rows)
                for _, rs, cs in row
            )
            n_cells = sum(len(row) for row in rows)
            assert covered > max_cells or len(rows) * n_cells > max_cells, "refused a table within the caps"
            return
    # documented shape: one list per row, all as wide, within the caps
    assert len(grid) == len(rows)
    width = len(grid[0]) if grid else 0
    assert all(len(row) == width for row in grid)
    assert len(grid) * width <= max_cells
    assert width <= max(1, sum(len(row) for row in rows))
    # every column holds the start of some cell: its own text in its own row
    starts: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is not None and value.startswith(f"r{r}c"):
                assert value not in starts, "a cell starts twice"
                starts[value] = (r, c)
    assert {c for _, c in starts.values()} == set(range(width))
    for r, row in enumerate(rows):
        previous = -1
        for text, rs, _cs in row:
            # each cell is placed in its own row, left to right in source order
            assert text in starts and starts[text][0] == r
            col = starts[text][1]
            assert col > previous
            previous = col
            # its text repeats down the rows it spans (unless an earlier cell took the place:
            # an earlier text, or the None of an earlier column span)
            rowspan = min(_span(rs, max_rowspan), len(rows) - r)
            for dr in range(rowspan):
                value = grid[r + dr][col]
                assert value == text or (dr > 0 and (value is None or value < text))
            # and nowhere else
            found = [(rr, cc) for rr, g in enumerate(grid) for cc, v in enumerate(g) if v == text]
            assert all(cc == col and r <= rr < r + rowspan for rr, cc in found), (text, found)


# ---------------------------------------------------------------- the reader's page limits


def _page(extra: str) -> bytes:
    return report_page(extra).encode("utf-8")


def test_pages_above_the_byte_limit_are_refused_unread() -> None:
    page = _page("")
    with limits(html_max_bytes=len(page) - 1), pytest.raises(InputError, match="网页文件过大"):
        read_html(page, "x.html")
    assert read_html(page, "x.html").tables == []


def test_pages_with_more_elements_than_the_limit_are_refused() -> None:
    page = _page("<b>x</b>" * 300)
    tags = page.count(b"<b>") + 200
    with limits(html_max_tags=tags):
        read_html(page, "x.html")
    with limits(html_max_tags=300), pytest.raises(InputError, match="网页的元素过多（超过 300 个）"):
        read_html(page, "x.html")
    # "<" in text is not an element: counted only as the quick upper bound
    with limits(html_max_tags=tags):
        read_html(_page("<b>x</b>" * 300 + "&lt;" * 100 + "<p>" + "< " * 500 + "</p>"), "x.html")


TABLE = "<table><tr><td>申请</td><td>1</td></tr><tr><td>公开</td><td>2</td></tr></table>"


def test_pages_with_more_tables_than_the_limit_are_refused() -> None:
    with limits(html_max_tables=3):
        assert len(read_html(_page(TABLE * 3), "x.html").tables) == 3
        with pytest.raises(InputError, match="网页中的表格过多（4 个，上限 3 个）"):
            read_html(_page(TABLE * 4), "x.html")


def test_the_cells_of_all_tables_of_a_page_are_capped() -> None:
    with limits(html_max_page_cells=12):
        assert len(read_html(_page(TABLE * 3), "x.html").tables) == 3
        with pytest.raises(InputError, match="合计超过 12 格"):
            read_html(_page(TABLE * 4), "x.html")


def test_the_cell_limit_of_one_table_applies_in_the_reader() -> None:
    with limits(html_max_table_cells=3), pytest.raises(InputError, match="超过 3 格"):
        read_html(_page(TABLE), "x.html")
