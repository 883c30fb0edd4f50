"""Views of a report's text with some characters left out, and the way back to the text.

Reports reach us with line breaks inside words (PDF extraction wraps every line) and with
title marks written several ways (《》〈〉<>, or the issuer outside the marks). Matching a
wording on a view without them finds it however it was typed; every offset found in a view
maps back to Document.text, so findings keep their place.

Not a rule kind: the helpers of the kinds that match wordings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.context import Context

WHITESPACE = re.compile(r"\s+")
# Whitespace, title marks and quotation marks: what differs between ways of typing a title.
MARKS = '《》〈〉<>“”"'
WHITESPACE_AND_MARKS = re.compile(r"[\s《》〈〉<>“”\"]+")


@dataclass(frozen=True)
class View:
    """`text` is Document.text without the dropped characters; runs of kept characters are
    remembered as (view offset, text offset) pairs, so memory grows with the number of runs."""

    text: str
    _view_starts: list[int]
    _text_starts: list[int]

    @classmethod
    def of(cls, text: str, drop: re.Pattern[str]) -> View:
        parts: list[str] = []
        view_starts: list[int] = []
        text_starts: list[int] = []
        length = 0
        cursor = 0
        for m in drop.finditer(text):
            if m.start() > cursor:
                view_starts.append(length)
                text_starts.append(cursor)
                parts.append(text[cursor : m.start()])
                length += m.start() - cursor
            cursor = m.end()
        if cursor < len(text):
            view_starts.append(length)
            text_starts.append(cursor)
            parts.append(text[cursor:])
        return cls("".join(parts), view_starts, text_starts)

    @classmethod
    def dropping(cls, text: str, marks: str = "") -> View:
        """`of(text, [\\s<marks>]+)`, built with str.split: `re`'s `\\s` costs the regex engine's
        full match machinery at every character, str.split the same Unicode whitespace
        (str.isspace) at C speed. Marks are turned into spaces first: the same runs drop."""
        folded = text
        for mark in marks:  # str.replace per mark: str.translate looks up every character
            folded = folded.replace(mark, " ")
        words = folded.split()
        view_starts: list[int] = []
        text_starts: list[int] = []
        find = folded.find
        length = 0
        cursor = 0
        for word in words:
            # only whitespace lies between cursor and the word, so its first occurrence is it
            at = find(word, cursor)
            view_starts.append(length)
            text_starts.append(at)
            length += len(word)
            cursor = at + len(word)
        return cls("".join(words), view_starts, text_starts)

    def origin(self, index: int) -> int:
        """Offset in Document.text of the view's character at `index`."""
        if not self._view_starts:
            return 0
        k = max(0, bisect.bisect_right(self._view_starts, index) - 1)
        return self._text_starts[k] + (index - self._view_starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span covering view characters start … end-1."""
        if end <= start:
            at = self.origin(start)
            return at, at
        return self.origin(start), self.origin(end - 1) + 1

    def index(self, offset: int) -> int:
        """View index of the first kept character at or after text `offset`."""
        k = bisect.bisect_right(self._text_starts, offset) - 1
        if k < 0:
            return 0
        run_end = self._text_starts[k] + (self._view_ends(k) - self._view_starts[k])
        if offset < run_end:
            return self._view_starts[k] + (offset - self._text_starts[k])
        return self._view_ends(k)

    def _view_ends(self, k: int) -> int:
        return self._view_starts[k + 1] if k + 1 < len(self._view_starts) else len(self.text)


def _cached(ctx: Context, name: str, marks: str, raw: bool = False) -> View:
    key = f"view:{name}:{'raw' if raw else 'text'}"
    found = ctx.extra.get(key)
    if not isinstance(found, View):
        found = View.dropping(ctx.doc.raw if raw else ctx.doc.text, marks)
        ctx.extra[key] = found
    return found


def squeezed(ctx: Context, raw: bool = False) -> View:
    """Document.text (or, with `raw`, the text as written) without whitespace. Both have the
    same length and the same whitespace, so offsets agree."""
    return _cached(ctx, "squeezed", "", raw)


def plain(ctx: Context) -> View:
    """Document.text without whitespace, title marks or quotation marks."""
    return _cached(ctx, "plain", MARKS)


def plain_string(value: str) -> str:
    """A registry string (a title, a number) as it appears in the plain view."""
    return WHITESPACE_AND_MARKS.sub("", value)


# Not the line break: PDF extraction breaks lines inside sentences.
SENTENCE_END = re.compile(r"[。！？；!?;]")


def sentence_around(text: str, start: int, end: int, limit: int = 200) -> tuple[int, int]:
    """The sentence holding text[start:end]: from after the previous sentence end to the next
    one, at most `limit` characters either side."""
    lo = max(0, start - limit)
    before = [m.end() for m in SENTENCE_END.finditer(text, lo, start)]
    s = before[-1] if before else lo
    m = SENTENCE_END.search(text, end, min(len(text), end + limit))
    e = m.start() if m else min(len(text), end + limit)
    return s, e
