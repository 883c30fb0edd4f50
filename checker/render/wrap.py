"""Line breaking for Chinese text at a terminal's width.

Text is cut into units that are never split: a number with what binds to it (「706＋36＝742」,
「2023年」, 「12.5%」), a run of Latin letters and digits (an id like TBL-01, an option like
--fail-on), or one other character (Chinese breaks between any two characters, so a space in
a message does not push the following phrase to the next line). A closing punctuation mark
joins the unit before it and an opening one the unit after it, so no line starts with 「，」
or ends with 「（」. Widths are terminal cells (East Asian wide characters count two). Lines are
filled greedily; a break at a space drops the space, so no line ends with one. Linear in the
length of the text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.text import Text

CLOSING = frozenset("，。；：、！？）」』》〉】〕”’…,.;:!?)]}%％")
OPENING = frozenset("（「『《〈【〔“‘([{")
_NUMBER = r"[0-9０-９]+(?:[.,．][0-9０-９]+)*"
_JOIN = r"\s?[+＋\-－−=＝×÷/／~～至]\s?"
_UNIT = re.compile(
    # a number, its sums and its unit (706＋36＝742, 2023年, 12.5%), and a word joined to
    # it by one space (扣 5 分)
    rf"(?:[\u4e00-\u9fff] )?{_NUMBER}(?:{_JOIN}{_NUMBER})*[%％]?(?: ?[\u4e00-\u9fff])?"
    r"|[A-Za-z0-9_][A-Za-z0-9_\-./:]*"  # an id, an option, a file name
    r"|\s+"
    r"|.",
    re.DOTALL,
)


def units(text: str) -> list[str]:
    """The unbreakable pieces of `text`, in order (their concatenation is `text`)."""
    pieces: list[str] = []
    glue_next = False
    for match in _UNIT.finditer(text):
        piece = match.group(0)
        if pieces and not piece.isspace() and (glue_next or piece[0] in CLOSING):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        glue_next = not piece.isspace() and piece[-1] in OPENING
    return pieces


def breaks(text: str, width: int, first: int | None = None) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of each line of `text` filled to `width` cells (`first` for
    the first line, if it is shorter); spaces at a break are left out of both lines."""
    room = width if first is None else first
    start: int | None = None  # the current line is text[start:end], `used` cells wide
    end = used = pending = offset = 0  # pending: the cells of spaces after `end`
    for piece in units(text):
        size = cell_len(piece)
        if piece.isspace():
            if start is not None:
                pending += size
            offset += len(piece)
            continue
        if start is not None and used + pending + size > room:
            yield start, end
            room, start = width, None
        if start is None:
            start, used = offset, 0
        else:
            used += pending
        pending = 0
        while not used and size > room and len(piece) > 1:  # wider than a line: cut it
            cut = cells = 0
            while cut < len(piece) and cells + cell_len(piece[cut]) <= room:
                cells += cell_len(piece[cut])
                cut += 1
            cut = max(cut, 1)
            yield start, start + cut
            piece, offset = piece[cut:], offset + cut
            room, start, size = width, offset, cell_len(piece)
        used += size
        offset += len(piece)
        end = offset
    if start is not None:
        yield start, end


def wrap(text: str, width: int | None, indent: int = 0, first: int | None = None) -> list[str]:
    """`text` as lines of at most `width` cells; each line after the first is indented by
    `indent` spaces (a hanging indent); width None: one line, unwrapped."""
    if width is None:
        return [text.rstrip()]
    room = max(width - indent, 8)
    lines = [text[a:b] for a, b in breaks(text, room, None if first is None else max(first, 1))]
    return [line if i == 0 else " " * indent + line for i, line in enumerate(lines)] or [""]


def wrapped(text: Text, width: int | None, indent: int = 0) -> list[Text]:
    """A styled line as the lines `wrap` gives, styles kept; continuation lines indented by
    `indent` spaces; no line ends with a space."""
    plain = text.plain
    if width is None:
        kept = len(plain.rstrip())
        # a line that ends in no space is kept as it is (slicing a Text copies its spans)
        return [text if kept == len(plain) else text[:kept]]
    lead = len(plain) - len(plain.lstrip(" "))
    room = max(width - indent, 8)
    first = max(width - lead, 1)
    lines = []
    for i, (a, b) in enumerate(breaks(plain[lead:], room, first)):
        line = text[lead + a : lead + b]
        pad = lead if i == 0 else indent
        lines.append(Text(" " * pad) + line if pad else line)
    return lines or [Text("")]
