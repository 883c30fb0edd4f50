"""Where a report cites the documents of the pack's registry (pack.yaml `documents:`).

A document is cited by its number or an alias (brackets as typed: 〔〕 [] 【】 ()), by its
title or one of its other titles, or by one of its `cited_as` forms. Titles and forms are
matched on the plain view (no whitespace, no title marks), so a title broken over two lines,
typed with <> or with its issuer outside the marks is still found. A title that is only the
end of a longer title inside the same marks (《××省政府信息公开信息处理费管理办法》) or only its
beginning (《…年度报告格式（试行）》) is another document's title, and is not a citation.

Not a rule kind: the helpers of the reference kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from checker.kinds._views import plain, plain_string
from checker.limits import LIMITS
from checker.matching import compiled, finditer, may_match

if TYPE_CHECKING:
    from checker.context import Context
    from checker.pack import KnownDocument

OPENING = '《〈<“"'
CLOSING = '》〉>”"'
HAN = re.compile(r"[\u3400-\u9fff]")
_OPEN_BRACKETS = "〔[【［（(﹝{"
_CLOSE_BRACKETS = "〕]】］）)﹞}"
_MARK_SCAN = 120  # how far to look for the title marks around a title
# Citations kept per document: a real report cites a document a few times; the cap keeps a
# hostile file that repeats a number a million times from costing quadratic time below.
MAX_PER_DOCUMENT = 200


@dataclass(frozen=True)
class Citation:
    doc: KnownDocument
    start: int  # offsets in Document.text
    end: int
    by_number: bool  # found by its number (or an alias), not by a title or form
    certain: bool
    exclusive: bool = True  # False: a title other documents have too (the 条例 of 2007 and 2019)
    head_end: int | None = None  # a title and its number: where the title (what is shown) ends

    def shown(self, text: str) -> str:
        """The citation as written (its title, when a number follows), with its title marks."""
        start, end = self.start, self.head_end if self.head_end is not None else self.end
        if not self.by_number and start > 0 and text[start - 1] in OPENING:
            start -= 1
        if not self.by_number and end < len(text) and text[end] in CLOSING:
            end += 1
        return re.sub(r"\s+", "", text[start:end])


_NUMBER_REGEXES: dict[str, str] = {}


def number_regex(number: str) -> str:
    """A registered number as a regex on the plain view: any bracket style for the year."""
    found = _NUMBER_REGEXES.get(number)
    if found is None:
        if len(_NUMBER_REGEXES) >= LIMITS.regex_memo_entries:  # registry numbers only
            _NUMBER_REGEXES.clear()
        found = _NUMBER_REGEXES[number] = _number_regex(number)
    return found


def _number_regex(number: str) -> str:
    out = []
    for ch in plain_string(number):
        if ch in _OPEN_BRACKETS:
            out.append("[" + re.escape(_OPEN_BRACKETS) + "]")
        elif ch in _CLOSE_BRACKETS:
            out.append("[" + re.escape(_CLOSE_BRACKETS) + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _titles(doc: KnownDocument, registry: list[KnownDocument]) -> list[tuple[str, bool]]:
    """The document's titles, each with whether it names this document alone (the 条例 of
    2007 and of 2019 share a title)."""
    shared = {plain_string(t) for d in registry if d.key != doc.key for t in (d.title, *d.titles)}
    return [(plain_string(t), plain_string(t) not in shared) for t in (doc.title, *doc.titles)]


def inside_longer_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits inside title marks together with other words, i.e. is
    part of a longer title."""
    i = start - 1
    lo = max(0, start - _MARK_SCAN)
    while i >= lo and text[i] not in OPENING and text[i] not in CLOSING:
        i -= 1
    if i >= lo and text[i] in OPENING and HAN.search(text, i + 1, start):
        return True
    j = end
    hi = min(len(text), end + _MARK_SCAN)
    while j < hi and text[j] not in OPENING and text[j] not in CLOSING:
        j += 1
    return j < hi and text[j] in CLOSING and bool(HAN.search(text, end, j))


# A document's number patterns, and its title patterns and forms with (certain, exclusive).
_Forms = tuple[tuple[str, ...], tuple[tuple[str, bool, bool], ...]]
# registry (by identity; packs are never changed once loaded) → each document's patterns
_FORMS: dict[int, tuple[list[KnownDocument], list[_Forms]]] = {}


def _forms(registry: list[KnownDocument]) -> list[_Forms]:
    """Every document's patterns, worked out once per registry: the titles shared between
    documents and the escaped titles are the pack's, not the report's."""
    found = _FORMS.get(id(registry))
    if found is not None and found[0] is registry:
        return found[1]
    forms: list[_Forms] = []
    for doc in registry:
        numbers = tuple(number_regex(n) for n in (doc.number, *doc.aliases))
        titles = [(re.escape(t), True, exclusive) for t, exclusive in _titles(doc, registry)]
        titles += [(f.form, f.certain, True) for f in doc.cited_as]
        forms.append((numbers, tuple(titles)))
    if len(_FORMS) >= LIMITS.pack_memo_entries:
        _FORMS.clear()
    _FORMS[id(registry)] = (registry, forms)
    return forms


def _find(ctx: Context, doc: KnownDocument, forms: _Forms) -> list[Citation]:
    view = plain(ctx)
    text = ctx.doc.text
    found: list[Citation] = []
    n = len(view.text)
    numbers, titles = forms
    for pattern in numbers:
        if not may_match(pattern, view.text, 0, n):
            continue
        for m in islice(compiled(pattern).finditer(view.text), MAX_PER_DOCUMENT):
            start, end = view.span(m.start(), m.end())
            found.append(Citation(doc, start, end, True, True))
    for pattern, certain, exclusive in titles:
        if not may_match(pattern, view.text, 0, n):
            continue
        for m in islice(finditer(pattern, view.text, 0, n), MAX_PER_DOCUMENT):
            start, end = view.span(m.start(), m.end())
            if not inside_longer_title(text, start, end):
                found.append(Citation(doc, start, end, False, certain, exclusive))
    return found


def _merge(found: list[Citation], text: str) -> list[Citation]:
    """One citation per place: a title and the number right after it, or two forms that
    overlap, are one citation (certain if any part is)."""
    merged: list[Citation] = []
    for c in sorted(found, key=lambda c: (c.start, -c.end)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.exclusive == c.exclusive  # a shared title does not identify the number after it
            and c.start - last.end <= 3
            and not HAN.search(text, last.end, max(last.end, c.start))
        ):
            merged[-1] = Citation(
                last.doc,
                last.start,
                max(last.end, c.end),
                last.by_number and c.by_number,
                last.certain or c.certain,
                last.exclusive,
                last.head_end if last.head_end is not None else last.end,
            )
        else:
            merged.append(c)
    return merged


def citations(ctx: Context) -> list[Citation]:
    """Every citation of every registered document, in text order. A citation that lies
    inside a longer citation of another document is that document's (…格式 in …格式（试行）)."""
    key = "citations"
    cached = ctx.extra.get(key)
    if isinstance(cached, list):
        return cached
    registry = ctx.pack.documents
    text = ctx.doc.text
    per_doc = [
        _merge(_find(ctx, doc, forms), text)[:MAX_PER_DOCUMENT]
        for doc, forms in zip(registry, _forms(registry), strict=True)
    ]
    everything = [c for cs in per_doc for c in cs]
    kept = [
        c
        for c in everything
        if not any(
            o.doc.key != c.doc.key
            and o.start <= c.start
            and c.end <= o.end
            and (o.end - o.start) > (c.end - c.start)
            for o in everything
        )
    ]
    kept.sort(key=lambda c: c.start)
    ctx.extra[key] = kept
    return kept
