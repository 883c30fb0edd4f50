"""A text stream that writes every line without trailing spaces: rich pads a table's title
and some cells to the table's width, which leaves spaces at the ends of lines in a pipe or
a file. Colour codes after the spaces are kept."""

from __future__ import annotations

import re
from typing import Any, TextIO

_TAIL = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+\Z")
_CODE = re.compile(r"\x1b\[[0-9;]*m")


def _trim(line: str) -> str:
    found = _TAIL.search(line)
    if found is None:
        return line
    return line[: found.start()] + "".join(_CODE.findall(found.group(0)))


class Trimmed:
    """Wraps `out`: complete lines go out trimmed at once; what may be the trailing spaces of
    a line not yet ended waits for its end."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.out.write("\n".join(_trim(line) for line in lines) + "\n")
        tail = _TAIL.search(self.pending)
        if tail is not None:  # everything before the tail can go now
            self.out.write(self.pending[: tail.start()])
            self.pending = self.pending[tail.start() :]
        elif self.pending:
            self.out.write(self.pending)
            self.pending = ""
        return len(text)

    def flush(self) -> None:
        self.out.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)
