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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.context import Context

WHITESPACE = re.compile(r"\s+")
# Whitespace, title marks and quotation marks: what differs between ways of typing a title.
MARKS = '《》〈〉<>“”"'
WHITESPACE_AND_MARKS = re.compile(r"[\s《》〈〉<>“”\"]+")


# Characters of the text per entry of a whitespace view's coarse index (see View.dropping).
_CHUNK = 256


class View:
    """`text` is Document.text without the dropped characters, with the way back from a view
    offset to a text offset (origin) and from a text offset into the view (index).

    A view made by `of` remembers its runs of kept characters as (view offset, text offset)
    pairs. A view made by `dropping` keeps only the kept-character count at every _CHUNK
    characters of the text, found with str.split a chunk at a time, and walks a chunk's words
    the first time an offset in it is asked for: a report asks for a few dozen offsets, and
    walking every word of the text (a flattened table has one every few characters) cost more
    than everything else the view is for. Both answer every offset alike."""

    __slots__ = ("text", "_view_starts", "_text_starts", "_source", "_marks", "_counts", "_chunks")

    def __init__(self, text: str, view_starts: list[int], text_starts: list[int]) -> None:
        self.text = text
        self._view_starts = view_starts
        self._text_starts = text_starts
        self._source: str | None = None  # dropping: the text
        self._marks = ""  # dropping: the dropped marks (those the text has)
        self._counts: list[int] = []  # dropping: kept characters before each chunk, and in all
        self._chunks: dict[int, tuple[list[int], list[int]]] = {}  # dropping: a chunk's runs

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
        marks = "".join(mark for mark in marks if mark in text)
        folded = _fold(text, marks)
        view = cls("".join(folded.split()), [], [])
        view._source, view._marks = text, marks
        counts = [0]
        total = 0
        for base in range(0, len(folded), _CHUNK):
            total += sum(map(len, folded[base : base + _CHUNK].split()))
            counts.append(total)
        view._counts = counts
        return view

    @classmethod
    def without(cls, squeezed: View, marks: str) -> View:
        """`dropping(text, marks)` made from `dropping(text)`: its text less the marks, and its
        counts less the marks before each chunk (str.count per mark the text has), instead of
        folding and splitting the whole text again."""
        source = squeezed._source
        assert source is not None and not squeezed._marks, "a view made by dropping(text)"
        marks = "".join(mark for mark in marks if mark in squeezed.text)
        text = squeezed.text
        for mark in marks:
            text = text.replace(mark, "")
        view = cls(text, [], [])
        view._source, view._marks = source, marks
        if not marks:
            view._counts = squeezed._counts
            return view
        counts = [0]
        dropped = 0
        for k, base in enumerate(range(0, len(source), _CHUNK)):
            chunk = source[base : base + _CHUNK]
            dropped += sum(chunk.count(mark) for mark in marks)
            counts.append(squeezed._counts[k + 1] - dropped)
        view._counts = counts
        return view

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, View):
            return NotImplemented
        return self.text == other.text and self._runs() == other._runs()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"View(text={self.text!r})"

    def _runs(self) -> tuple[list[int], list[int]]:
        """The runs of kept characters as (view starts, text starts), whichever way it was made."""
        if self._source is None:
            return self._view_starts, self._text_starts
        return _walk(_fold(self._source, self._marks), 0, 0)

    def origin(self, index: int) -> int:
        """Offset in Document.text of the view's character at `index`."""
        if self._source is not None:
            total = len(self.text)
            if not total:
                return 0
            if index < 0:
                return self._kept_at(0) + index
            if index >= total:
                return self._kept_at(total - 1) + (index - total + 1)
            return self._kept_at(index)
        if not self._view_starts:
            return 0
        k = max(0, bisect.bisect_right(self._view_starts, index) - 1)
        return self._text_starts[k] + (index - self._view_starts[k])

    def _kept_at(self, index: int) -> int:
        """Text offset of kept character `index` (0 <= index < len(text)) of a dropping view."""
        assert self._source is not None
        k = bisect.bisect_right(self._counts, index) - 1  # the chunk holding it
        runs = self._chunks.get(k)
        if runs is None:
            base = k * _CHUNK
            chunk = _fold(self._source[base : base + _CHUNK], self._marks)
            runs = self._chunks[k] = _walk(chunk, self._counts[k], base)
        view_starts, text_starts = runs
        r = bisect.bisect_right(view_starts, index) - 1
        return text_starts[r] + (index - view_starts[r])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span covering view characters start … end-1."""
        if end <= start:
            at = self.origin(start)
            return at, at
        return self.origin(start), self.origin(end - 1) + 1

    def index(self, offset: int) -> int:
        """View index of the first kept character at or after text `offset`."""
        if self._source is not None:
            if offset <= 0:
                return 0
            if offset >= len(self._source):
                return len(self.text)
            k = offset // _CHUNK
            before = _fold(self._source[k * _CHUNK : offset], self._marks)
            return self._counts[k] + sum(map(len, before.split()))
        k = bisect.bisect_right(self._text_starts, offset) - 1
        if k < 0:
            return 0
        run_end = self._text_starts[k] + (self._view_ends(k) - self._view_starts[k])
        if offset < run_end:
            return self._view_starts[k] + (offset - self._text_starts[k])
        return self._view_ends(k)

    def _view_ends(self, k: int) -> int:
        return self._view_starts[k + 1] if k + 1 < len(self._view_starts) else len(self.text)


def _fold(text: str, marks: str) -> str:
    """The text with the marks made spaces: then str.split drops them with the whitespace."""
    for mark in marks:  # str.replace per mark: str.translate looks up every character
        text = text.replace(mark, " ")
    return text


def _walk(source: str, view_base: int, text_base: int) -> tuple[list[int], list[int]]:
    """The runs of non-whitespace characters of `source` as (view starts, text starts), offset
    by the bases (where `source` begins, in the view and in the text)."""
    view_starts: list[int] = []
    text_starts: list[int] = []
    find = source.find
    length = view_base
    cursor = 0
    for word in source.split():
        # only whitespace lies between cursor and the word, so its first occurrence is it
        at = find(word, cursor)
        view_starts.append(length)
        text_starts.append(text_base + at)
        length += len(word)
        cursor = at + len(word)
    return view_starts, text_starts


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
    """Document.text without whitespace, title marks or quotation marks: the squeezed view
    less the marks."""
    key = "view:plain:text"
    found = ctx.extra.get(key)
    if not isinstance(found, View):
        found = ctx.extra[key] = View.without(squeezed(ctx), MARKS)
    return found


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
