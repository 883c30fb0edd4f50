"""Structure of a report: title, issuer, year, the six sections, preamble, dates.

Every word looked for comes from the pack (pack.yaml `sections:` and `structure:`).

Headings are found by ordinal + wording anywhere in the text (not only at line
starts), because flattened web-page text runs headings into the paragraphs. Of all
heading-like matches, the six sections are the best-scoring chain in statutory order
(a heading at a line start with the right ordinal and the template wording scores
highest; a mention inside a sentence lowest). A section with no candidate in that
chain is placed out of order only on a confident heading (at a heading position, with
its own ordinal); a weaker match, or a heading inside a table grid, is kept as a
`stray` mention, which the sections rules treat as evidence, never as the section.
Every step is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from checker.document import Document
from checker.limits import LIMITS
from checker.matching import finditer_first, first_chars
from checker.pack import HeadingSyntax, Pack, SectionDef

# How far back from a heading the line start may be for the heading to open its line
# (leading spaces, Markdown `#`, list bullets).
_LINE_START_SLACK = 8
# A heading line longer than this runs into its paragraph (flattened text).
_HEADING_LINE_MAX = 40


@dataclass(slots=True)
class Heading:
    ordinal: str  # the numeral as written, e.g. 三; "" for a heading line without one
    text: str  # the wording after the ordinal, as matched
    start: int
    line: int
    end: int = 0  # end of the matched heading
    shown: str = ""  # the heading as written (ordinal included), for messages
    strong: bool = False  # at a line start or after a sentence end: a heading, not a mention
    standard: bool = False  # the template wording (or a statutory equivalent)


@dataclass(slots=True)
class Section:
    id: str  # 一 … 六: which statutory section this is
    heading: Heading
    start: int
    end: int
    body_start: int
    in_order: bool = True  # False: placed out of statutory order on a confident heading

    @property
    def ordinal_ok(self) -> bool:
        return self.heading.ordinal == self.id


@dataclass
class Structure:
    title: str = ""
    title_line: int | None = None
    title_end: int = 0
    issuer: str = ""
    year: int | None = None
    issuer_type: str = "unknown"  # township | government | department | unknown
    can_make_rules: bool = False
    sections: dict[str, Section] = field(default_factory=dict)
    # Best heading-like match of a section that is not among `sections` (a mention in a
    # sentence, or out of order without a confident heading).
    stray: dict[str, Heading] = field(default_factory=dict)
    preamble: tuple[int, int] = (0, 0)
    signed: date | None = None
    signed_offset: int | None = None
    published: date | None = None
    published_source: str = ""

    def span(self, section_id: str) -> tuple[int, int] | None:
        s = self.sections.get(section_id)
        return (s.start, s.end) if s else None

    def section_at(self, offset: int) -> str | None:
        for sid, s in self.sections.items():
            if s.start <= offset < s.end:
                return sid
        return None


def analyse(doc: Document, pack: Pack) -> Structure:
    st = Structure()
    _find_title(doc, pack, st)
    _classify_issuer(st, pack)
    _find_sections(doc, pack, st)
    _find_dates(doc, pack, st)
    _exclude_signature(doc, pack, st)
    return st


# ---------------------------------------------------------------- title, issuer


def _find_title(doc: Document, pack: Pack, st: Structure) -> None:
    words = pack.structure.title
    meta_line = re.compile(words.meta_line)
    skip = [re.compile(p) for p in words.skip_lines]
    lines = doc.text.split("\n", 40)[:40]
    offset = 0
    for idx, line in enumerate(lines):
        m = meta_line.match(line.strip())
        if m and re.search(words.meta_requires, re.sub(r"\s+", "", m.group("title"))):
            st.title, st.title_line = m.group("title").strip(), idx + 1
            st.title_end = offset + len(line)
            break
        offset += len(line) + 1
    if not st.title:
        offset = 0
        buf: list[str] = []
        first_line = None
        for idx, line in enumerate(lines):
            text = line.strip().lstrip("#").strip()
            offset += len(line) + 1
            if not text or any(rx.search(text) for rx in skip):
                buf, first_line = [], None
                continue
            if len(text) > 80:
                buf, first_line = [], None
                continue
            buf.append(text)
            first_line = first_line or idx + 1
            joined = "".join(buf)
            # Letter-spaced titles (政 府 信 息 …) are read without their spaces.
            if re.search(words.line_requires, re.sub(r"\s+", "", joined)):
                st.title, st.title_line, st.title_end = joined, first_line, offset
                break
            if len(buf) > 3:
                buf.pop(0)
    if not st.title and re.search(words.metadata_requires, doc.metadata.get("title", "")):
        st.title = doc.metadata["title"]
    title = re.sub(r"\s+", "", st.title)
    st.title = title
    m = re.search(words.year, title)
    # A year the calendar cannot follow with a next year (9999, or 0000 from a typo) is no
    # report year: deadlines and signing windows fall in the year after it.
    if m:
        if date.min.year <= int(m.group("year")) < date.max.year:
            st.year = int(m.group("year"))
        before = title[: m.start()]
        after = title[m.end() :]
        issuer = before or re.split(words.issuer_end, after)[0]
        for drop in words.issuer_drop:
            issuer = re.sub(drop, "", issuer)
        st.issuer = issuer.strip("（）() ")


def _classify_issuer(st: Structure, pack: Pack) -> None:
    name = st.issuer
    if not name:
        return
    if re.search(pack.issuers.township, name):
        st.issuer_type = "township"
    elif re.search(pack.issuers.government, name):
        st.issuer_type = "government"
    else:
        st.issuer_type = "department"
    st.can_make_rules = bool(re.search(pack.issuers.rule_makers, name))


# ---------------------------------------------------------------- headings


@dataclass(slots=True)
class _Candidate:
    section: str
    rank: int  # position of the section in statutory order
    heading: Heading
    weight: int
    in_table: bool = False  # inside a table grid: never the section, only evidence of it

    @property
    def confident(self) -> bool:
        """Enough to place a section out of statutory order."""
        return self.heading.strong and self.heading.ordinal == self.section


def _numbered(ordinals: tuple[str, ...], lead: str, wordings: tuple[str, ...]) -> re.Pattern[str]:
    """ordinal + lead + wording; each ordinal form's group `ord` renamed so they can alternate.

    Each form is an atomic group: an ordinal is read once, with all the spaces after it, and
    never given back. Backtracking into it finds no other heading (the lead takes spaces as
    well), but it cost the lead and every wording at every split of a long run of spaces, and
    a form with two runs (第一部分 \\s* [、：]? \\s*) split it quadratically: 200 KB of spaces
    after 第一部分 took minutes."""
    forms = "|".join(f"(?>{form.replace('(?P<ord>', f'(?P<ord{i}>')})" for i, form in enumerate(ordinals))
    return re.compile(rf"(?:{forms})(?P<text>{lead}(?:{'|'.join(wordings)}))")


def _bare(lead: str, wordings: tuple[str, ...], line_start: str = "^") -> re.Pattern[str]:
    """A line that is nothing but the wording: a heading whose ordinal was lost (auto-numbering).
    With `line_start` a line break, the same line after the line break that opens it."""
    # Possessive runs, for the reason _numbered gives: the lead takes what they would give back.
    return re.compile(
        rf"{line_start}[ \t#*>]*+(?P<text>{lead}(?:{'|'.join(wordings)}))[ \t:：。]*+$", re.MULTILINE
    )


@dataclass(frozen=True, slots=True)
class _Scans:
    numbered: re.Pattern[str]  # any section's numbered heading
    numbered_first: re.Pattern[str] | None  # the characters such a heading begins with
    bare: re.Pattern[str]  # any section's bare heading line
    bare_after_break: re.Pattern[str]  # the same, after the line break that opens its line
    own: list[tuple[re.Pattern[str], re.Pattern[str]]]  # each section's (numbered, bare)


@lru_cache(maxsize=32)
def _regexes(ordinals: tuple[str, ...], lead: str, sections: tuple[tuple[str, ...], ...]) -> _Scans:
    """One scan for any section's heading (numbered, bare), then per-section regexes tried
    only where a scan matched: the text is read once, whatever the number of sections."""
    every = tuple(w for wordings in sections for w in wordings)
    own = [(_numbered(ordinals, lead, w), _bare(lead, w)) for w in sections]
    numbered = _numbered(ordinals, lead, every)
    return _Scans(numbered, first_chars(numbered.pattern), _bare(lead, every), _bare(lead, every, "\n"), own)


def _numbered_hits(scans: _Scans, text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(start, match) of every numbered heading scan match, exactly as finditer finds them;
    the regex is tried only at an ordinal's first character (一 … 十, 第)."""
    if scans.numbered_first is None:
        hits = scans.numbered.finditer(text)
    else:
        hits = finditer_first(scans.numbered, scans.numbered_first, text)
    for m in hits:
        yield m.start(), m


def _bare_hits(scans: _Scans, text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(line start, match) of every bare heading scan match, exactly as its finditer finds them.
    A match begins a line: at 0, or right after a line break, which the engine finds by a
    literal scan instead of trying `^` at every character."""
    line, after_break = scans.bare, scans.bare_after_break
    m = line.match(text, 0)
    pos = 0
    if m is not None:
        yield 0, m
        pos = m.end()
        if pos == 0:  # an empty match (a wording that may match nothing): finditer's own rules
            yield from _rest_after_empty(line, text, 0)
            return
    while True:
        m = after_break.search(text, max(pos - 1, 0))
        if m is None:
            return
        start = m.start() + 1
        yield start, m
        pos = m.end()
        if pos == start:
            yield from _rest_after_empty(line, text, start)
            return


def _rest_after_empty(line: re.Pattern[str], text: str, start: int) -> Iterator[tuple[int, re.Match[str]]]:
    """What finditer finds after its empty match at `start` (which it finds first again)."""
    rest = line.finditer(text, start)
    next(rest)
    for m in rest:
        yield m.start(), m


@lru_cache(maxsize=32)
def _plain_regex(marks: str) -> re.Pattern[str]:
    return re.compile(rf"\s+|[、.．#*]|{marks}")


def _plain(text: str, marks: str) -> str:
    """A wording for comparison: no whitespace, no punctuation."""
    return _plain_regex(marks).sub("", text)


def heading_words(heading: str, syntax: HeadingSyntax) -> str:
    """A heading's wording for comparison: without its ordinal, spaces and punctuation
    (「## 五、存在的主要问题及改进情况：」 → 存在的主要问题及改进情况)."""
    return _words(heading, tuple(syntax.ordinals), syntax.sentence_marks)


def _words(heading: str, ordinals: tuple[str, ...], marks: str) -> str:
    heading = heading.strip(" \t#*>")
    for form in ordinals:
        m = re.match(f"(?>{form})", heading)  # atomic, as in _numbered
        if m:
            heading = heading[m.end() :]
            break
    return _plain(heading, marks)


def _standard_words(sdef: SectionDef, syntax: HeadingSyntax) -> frozenset[str]:
    return _standard_words_of(
        sdef.title, tuple(sdef.equivalents), tuple(syntax.ordinals), syntax.sentence_marks
    )


@lru_cache(maxsize=64)
def _standard_words_of(
    title: str, equivalents: tuple[str, ...], ordinals: tuple[str, ...], marks: str
) -> frozenset[str]:
    """A section's template wordings for comparison: pack data, worked out once per process."""
    return frozenset({_words(title, ordinals, marks), *(_plain(w, marks) for w in equivalents)})


def _at_heading_position(text: str, start: int, after: re.Pattern[str]) -> bool:
    """Whether `start` opens a line (give or take indentation and Markdown marks) or
    follows a sentence end; looks back a bounded number of characters only."""
    i = start
    low = max(0, start - _LINE_START_SLACK)
    while i > low and text[i - 1] in " \t#*>":
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    return bool(after.match(text, start - 1))


def _candidates(doc: Document, pack: Pack) -> list[_Candidate]:
    syntax = pack.structure.headings
    text = doc.text
    after = re.compile(syntax.after)
    scans = _regexes(tuple(syntax.ordinals), syntax.lead, tuple(tuple(s.headings) for s in pack.sections))
    own = scans.own
    standard = [_standard_words(sdef, syntax) for sdef in pack.sections]
    counts = [0] * len(pack.sections)
    found: list[_Candidate] = []

    def add(rank: int, m: re.Match[str], numbered: bool, in_table: bool) -> None:
        sdef = pack.sections[rank]
        if numbered:
            ordinal = next((g for i in range(len(syntax.ordinals)) if (g := m.group(f"ord{i}"))), "")
        else:
            ordinal = ""
        heading = _heading(doc, m, ordinal, after, syntax.sentence_marks, standard[rank])
        heading.strong = heading.strong or not numbered  # a bare heading is a line of its own
        found.append(_Candidate(sdef.id, rank, heading, _weight(heading, sdef.id), in_table))
        counts[rank] += 1

    max_candidates = LIMITS.structure_max_candidates
    max_scanned = LIMITS.structure_max_scanned
    for numbered, hits in ((True, _numbered_hits(scans, text)), (False, _bare_hits(scans, text))):
        for scanned, (at, m) in enumerate(hits):
            if scanned >= max_scanned or min(counts) >= max_candidates:
                break
            # A heading a table grid swallowed (a PDF table finder taking the heading line for
            # a title row) is kept as evidence that the section is there.
            in_table = doc.in_table(m.start("text"))
            for rank, regexes in enumerate(own):
                if counts[rank] >= max_candidates:
                    continue
                hit = regexes[0 if numbered else 1].match(text, at)
                if hit is not None:
                    add(rank, hit, numbered, in_table)
    return found


def _heading(
    doc: Document,
    m: re.Match[str],
    ordinal: str,
    after: re.Pattern[str],
    marks: str,
    standard: frozenset[str],
) -> Heading:
    start = m.start() if ordinal else m.start("text")
    words = m.group("text")
    return Heading(
        ordinal=ordinal,
        text=words,
        start=start,
        line=doc.line_of(start),
        end=m.end("text"),
        shown=doc.text[start : m.end("text")].strip(),
        strong=_at_heading_position(doc.text, start, after),
        standard=_plain(words, marks) in standard,
    )


def _weight(heading: Heading, section: str) -> int:
    """A heading at a heading position counts most, then its own ordinal, then the template
    wording; every candidate counts at least 1, so a chain takes as many sections as it can."""
    return 1 + 4 * heading.strong + 2 * (heading.ordinal == section) + heading.standard


def _best_chain(candidates: list[_Candidate], n_sections: int) -> list[_Candidate]:
    """The heaviest sequence of candidates increasing both in position and in statutory order
    (one per section): O(candidates × sections)."""
    ordered = sorted(range(len(candidates)), key=lambda i: (candidates[i].heading.start, candidates[i].rank))
    # best[r]: (total weight, candidate) of the heaviest chain that ends in a section of rank r
    best: list[tuple[int, int]] = [(0, -1)] * n_sections
    back: dict[int, int] = {}
    i = 0
    while i < len(ordered):
        # Candidates at one position cannot follow each other: score them all before updating.
        j = i
        pos = candidates[ordered[i]].heading.start
        while j < len(ordered) and candidates[ordered[j]].heading.start == pos:
            j += 1
        updates = []
        for k in ordered[i:j]:
            c = candidates[k]
            prev = max(best[: c.rank], default=(0, -1))
            updates.append((c.rank, prev[0] + c.weight, k, prev[1]))
        for rank, total, k, prev_k in updates:
            if total > best[rank][0]:
                best[rank] = (total, k)
                back[k] = prev_k
        i = j
    total, k = max(best, default=(0, -1))
    chain: list[_Candidate] = []
    while total and k >= 0:
        chain.append(candidates[k])
        k = back.get(k, -1)
    return chain[::-1]


def _find_sections(doc: Document, pack: Pack, st: Structure) -> None:
    text = doc.text
    found = _candidates(doc, pack)
    candidates = [c for c in found if not c.in_table]
    chain = {c.section: c for c in _best_chain(candidates, len(pack.sections))}
    placed: dict[str, tuple[Heading, bool]] = {sid: (c.heading, True) for sid, c in chain.items()}
    for sdef in pack.sections:
        if sdef.id in chain:
            continue
        own = [c for c in candidates if c.section == sdef.id]
        best = max(own, key=lambda c: (c.confident, c.weight, -c.heading.start), default=None)
        if best is not None and best.confident:
            placed[sdef.id] = (best.heading, False)
            continue
        swallowed = [c for c in found if c.in_table and c.section == sdef.id]
        best = best or max(swallowed, key=lambda c: (c.weight, -c.heading.start), default=None)
        if best is not None:
            st.stray[sdef.id] = best.heading
    ordered = sorted(placed.items(), key=lambda kv: kv[1][0].start)
    for i, (sid, (heading, in_order)) in enumerate(ordered):
        end = ordered[i + 1][1][0].start if i + 1 < len(ordered) else len(text)
        body_start = _body_start(text, heading, end)
        st.sections[sid] = Section(sid, heading, heading.start, end, body_start, in_order)
    first = ordered[0][1][0].start if ordered else len(text)
    st.preamble = (min(st.title_end, first), first)


def _body_start(text: str, heading: Heading, end: int) -> int:
    """The next line when the heading has a line of its own, else right after the heading."""
    newline = text.find("\n", heading.end, heading.end + _HEADING_LINE_MAX + 1)
    if newline >= 0:
        return min(newline + 1, end)
    return min(heading.end, end)


# ---------------------------------------------------------------- dates, signature


def _find_dates(doc: Document, pack: Pack, st: Structure) -> None:
    words = pack.structure.dates
    text = doc.text
    # 落款日期: the last full date in the last few lines of the report.
    tail_start = max(0, len(text.rstrip()) - 200)
    last = None
    for m in re.finditer(words.date, text[tail_start:]):
        last = m
    if last is not None:
        try:
            st.signed = date(int(last.group("y")), int(last.group("m")), int(last.group("d")))
            st.signed_offset = tail_start + last.start()
        except ValueError:
            st.signed = None
    meta = re.search(words.published, text[:3000])
    if meta:
        try:
            st.published = date(int(meta.group("y")), int(meta.group("m")), int(meta.group("d")))
            st.published_source = words.published_source
        except ValueError:
            pass
    if st.published is None and doc.metadata.get("published"):
        iso = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", doc.metadata["published"])
        if iso:
            try:
                st.published = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
                st.published_source = words.published_source
            except ValueError:
                pass


def _exclude_signature(doc: Document, pack: Pack, st: Structure) -> None:
    """The 落款 (issuer name and date at the end) is not part of section 六's content."""
    if st.signed_offset is None or not st.sections:
        return
    last = max(st.sections.values(), key=lambda s: s.start)
    text = doc.text
    sig_start = text.rfind("\n", max(0, st.signed_offset - 200), st.signed_offset) + 1
    if sig_start == 0 and st.signed_offset > 200:
        return  # no line break close before the date: it sits inside a long line
    if text[sig_start : st.signed_offset].strip(" \t（(#"):
        return  # the date sits inside a sentence, not on a signature line of its own
    # The line just above the date is the issuer's name when it is short and not a sentence.
    prev_end = max(0, sig_start - 1)
    prev_start = text.rfind("\n", max(0, prev_end - 200), prev_end) + 1
    prev_line = text[prev_start:prev_end].strip()
    marks = pack.structure.headings.sentence_marks
    if prev_line and len(prev_line) <= 30 and not re.search(marks, prev_line):
        sig_start = prev_start
    if last.body_start <= sig_start < last.end:
        last.end = sig_start
