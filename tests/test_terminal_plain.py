"""Where rich would write no escape code (a file or a pipe), the terminal report writes its
lines' text itself: it must be exactly what rich writes, whatever the report's words hold
(control characters, tabs, wide and combining characters, styles, empty lines)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from checker.render.terminal import _print_lines

_WORDS = st.text(
    alphabet=st.sampled_from(
        [
            "表",
            "三",
            "a",
            " ",
            "\t",
            "\x1b",
            "\r",
            "\x07",
            "\u200b",
            "\u0301",
            "😀",
            "１",
            "\u3000",
            "[",
            "]",
            "\\",
        ]
    ),
    max_size=30,
)
_STYLES = st.sampled_from(["", "bold", "dim", "bold red", "underline", "yellow"])


@st.composite
def _lines(draw: st.DrawFn) -> list[Text]:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        line = Text()
        for _ in range(draw(st.integers(0, 4))):
            line.append(draw(_WORDS), style=draw(_STYLES))
        lines.append(line)
    return lines


def _console(out: io.StringIO, **kwargs: object) -> Console:
    return Console(file=out, highlight=False, width=120, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(_lines())
def test_the_plain_text_is_what_rich_writes(lines: list[Text]) -> None:
    for kwargs in ({}, {"no_color": True}):
        ours, theirs = io.StringIO(), io.StringIO()
        _print_lines(_console(ours, **kwargs), [line.copy() for line in lines])
        if lines:
            _console(theirs, **kwargs).print(Text("\n").join([line.copy() for line in lines]), soft_wrap=True)
        assert ours.getvalue() == theirs.getvalue()


def test_a_terminal_gets_rich_and_its_colours() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=80)
    _print_lines(console, [Text("错误", style="bold red")])
    assert "\x1b[" in out.getvalue()
