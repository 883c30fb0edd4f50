"""Parsing a page into an lxml tree, and the element and text helpers every step shares."""

from __future__ import annotations

import bisect
import re
from typing import Any

from lxml import etree

from checker.errors import InputError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
ZERO_WIDTH_CHARS = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
ZERO_WIDTH = re.compile(f"[{''.join(ZERO_WIDTH_CHARS)}]")


def has_zero_width(text: str) -> bool:
    """Whether the text holds a character normalize_line drops (one str scan each, not a regex)."""
    return any(ch in text for ch in ZERO_WIDTH_CHARS)


def parse(text: str) -> Any:
    text = _XML_DECLARATION.sub("", text, count=1)
    # Plain etree elements: lxml.html's per-element class lookup costs more than the parse itself.
    parser = etree.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        recover=True,
    )
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise InputError("网页无法解析", "请确认文件是完整的网页，或另存为文本后重试") from exc
    if root is None:
        raise InputError("网页中没有找到正文文字", "请确认网页是年度报告全文，或另存为文本")
    return root


def tag_of(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def children(el: Any) -> list[Any]:
    """Element children (comments and processing instructions were removed by the parser)."""
    return [c for c in el if isinstance(c.tag, str)]


def attr_words(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower()


_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def text_of(el: Any) -> str:
    """All text inside the element: lxml.html's ``text_content()``, much faster than ``itertext()``."""
    text: str = _STRING_VALUE(el)
    return text


def nonspace(text: str | None) -> int:
    """Number of non-whitespace characters (``str.split`` and ``re``'s ``\\s`` agree on whitespace)."""
    return sum(map(len, text.split())) if text else 0


def visible_len(el: Any) -> int:
    return nonspace(text_of(el))


def drop_tree(el: Any) -> None:
    """Remove the element and its children; its tail text joins the previous element or the parent."""
    parent = el.getparent()
    assert parent is not None
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


CHROME_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "template",
    "nav",
    "header",
    "footer",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "svg",
    "map",
}
NUMERIC = re.compile(r"^[-+]?[\d０-９][\d０-９.,，%％]*$")


_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
WS_RUN = re.compile(r"\s+")


_TO_NORMALIZE = re.compile(rf"\s|{ZERO_WIDTH.pattern}")


def normalize_line(text: str) -> str:
    """Collapse whitespace; drop it at the ends, between CJK characters, and at CJK line breaks."""
    if not _TO_NORMALIZE.search(text):
        return text  # most lines of a Chinese page: nothing to do
    text = ZERO_WIDTH.sub("", text)

    def repl(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if start == 0 or end == len(text):
            return ""
        before = bool(_CJK_CHAR.match(text[start - 1]))
        after = bool(_CJK_CHAR.match(text[end]))
        if before and after:
            return ""
        if (before or after) and ("\n" in m.group() or "\r" in m.group()):
            return ""
        return " "

    return WS_RUN.sub(repl, text)


class TextIndex:
    """Where the text of every element lies in the text of the whole tree, found in one pass.

    An element's text (lxml's string(), what text_of returns) is one contiguous piece of its
    root's: so each element's non-space and link-text lengths and whether its text holds the
    `words` are known without taking the text of each element, which cost the size of
    the page once per nesting level (a page of 250 nested containers: 75 s)."""

    def __init__(self, root: Any, words: re.Pattern[str]) -> None:
        parts: list[str] = []
        spans: dict[Any, tuple[int, int]] = {}
        visible: dict[Any, int] = {}
        links: dict[Any, int] = {}
        # One flat walk (start and end events; lxml's C iterator, no Python recursion): running
        # totals of characters, non-space characters and link text; an element's values are the
        # differences between its end and its start.
        offset = seen = linked = 0
        opened: list[tuple[int, int, int]] = []
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            if event == "start":
                opened.append((offset, seen, linked))
                text = el.text
                if text:
                    parts.append(text)
                    offset += len(text)
                    seen += nonspace(text)
                continue
            start, seen_before, linked_before = opened.pop()
            n = seen - seen_before
            if el.tag == "a":
                linked += n
            spans[el] = (start, offset)
            visible[el] = n
            links[el] = linked - linked_before
            if el is root:
                break
            tail = el.tail
            if tail:
                parts.append(tail)
                offset += len(tail)
                seen += nonspace(tail)
        self.text = "".join(parts)
        self.spans = spans
        self.visible = visible
        self.links = links
        # Where each word starts and ends, overlapping ones included (`words` is an alternation
        # of words no two of which share a first character: at most one starts at any position).
        self._word_starts: list[int] = []
        ends: list[int] = []
        for m in re.finditer(f"(?=({words.pattern}))", self.text):
            self._word_starts.append(m.start())
            ends.append(m.end(1))
        # _first_end[i]: the nearest end of a word starting at or after the i-th start
        self._first_end = ends[:]
        for i in range(len(ends) - 2, -1, -1):
            self._first_end[i] = min(ends[i], self._first_end[i + 1])

    def text_of(self, el: Any) -> str:
        start, end = self.spans[el]
        return self.text[start:end]

    def has_words(self, el: Any) -> bool:
        """Whether `words` occurs in the element's text."""
        start, end = self.spans[el]
        i = bisect.bisect_left(self._word_starts, start)
        return i < len(self._word_starts) and self._first_end[i] <= end


class Texts:
    """The text, non-space length, link-text length and `words` of elements, as the steps that
    weigh blocks ask for them: each taken directly (lxml's string(), fast for the few small
    blocks of a real page) until the texts taken add up to _TEXTS_BUDGET times the page, then
    all from one TextIndex. Linear either way: nested blocks each holding the page made the
    direct way cost the page once per level."""

    def __init__(self, root: Any, words: re.Pattern[str]) -> None:
        self.root = root
        self.words = words
        self._left = _TEXTS_BUDGET * (len(text_of(root)) + 1000)
        self._index: TextIndex | None = None

    def index(self) -> TextIndex:
        if self._index is None:
            self._index = TextIndex(self.root, self.words)
        return self._index

    def text(self, el: Any) -> str:
        if self._index is not None:
            return self._index.text_of(el)
        text = text_of(el)
        self._left -= len(text)
        if self._left < 0:
            self.index()
        return text

    def visible(self, el: Any) -> int:
        if self._index is not None:
            return self._index.visible[el]
        return nonspace(self.text(el))

    def links(self, el: Any) -> int:
        if self._index is not None:
            return self._index.links[el]
        return sum(self.visible(a) for a in el.iter("a"))

    def has_words(self, el: Any) -> bool:
        if self._index is not None:
            return self._index.has_words(el)
        return bool(self.words.search(self.text(el)))


_TEXTS_BUDGET = 4
