"""Structure of a report: title, issuer, year, the six sections, preamble, dates.

Headings are found by ordinal + key phrase anywhere in the text (not only at line
starts), because flattened web-page text runs headings into the paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from checker.document import Document
from checker.pack import Pack

ORDINALS = "一二三四五六七八九十"
CN_NUM = {ch: i + 1 for i, ch in enumerate(ORDINALS)}


@dataclass(slots=True)
class Heading:
    ordinal: str  # the ordinal as written, e.g. 三
    text: str  # heading text after the ordinal (first ~30 chars)
    start: int
    line: int


@dataclass(slots=True)
class Section:
    id: str  # 一 … 六: which statutory section this is
    heading: Heading
    start: int
    end: int
    body_start: int

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
    candidates: list[tuple[str, Heading]] = field(default_factory=list)  # every heading-like match
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


_TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*度?")
_META_TITLE = re.compile(r"^(?:标题|名称|题目)\s*[:：]\s*(.+)$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PUBLISHED_META = re.compile(
    r"(?:发布时间|发布日期|公开日期|成文日期)\s*[:：]?\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)


def analyse(doc: Document, pack: Pack) -> Structure:
    st = Structure()
    _find_title(doc, st)
    _classify_issuer(st, pack)
    _find_sections(doc, pack, st)
    _find_dates(doc, st)
    _exclude_signature(doc, st)
    return st


def _find_title(doc: Document, st: Structure) -> None:
    lines = doc.text.split("\n")
    offset = 0
    for idx, line in enumerate(lines[:40]):
        m = _META_TITLE.match(line.strip())
        if m and "报告" in m.group(1):
            st.title, st.title_line = m.group(1).strip(), idx + 1
            st.title_end = offset + len(line)
            break
        offset += len(line) + 1
    if not st.title:
        offset = 0
        buf: list[str] = []
        first_line = None
        for idx, line in enumerate(lines[:40]):
            text = line.strip().lstrip("#").strip()
            offset += len(line) + 1
            if not text or text in ("正文",):
                if buf:
                    buf = []
                    first_line = None
                continue
            if len(text) > 80:
                buf = []
                first_line = None
                continue
            buf.append(text)
            first_line = first_line or idx + 1
            joined = "".join(buf)
            if "年度报告" in joined or joined.endswith("报告"):
                st.title, st.title_line, st.title_end = joined, first_line, offset
                break
            if len(buf) > 3:
                buf.pop(0)
    if not st.title and "年度报告" in doc.metadata.get("title", ""):
        st.title = doc.metadata["title"]
    title = re.sub(r"\s+", "", st.title)
    st.title = title
    m = _TITLE_YEAR.search(title)
    if m:
        st.year = int(m.group(1))
        before = title[: m.start()]
        after = title[m.end() :]
        issuer = before or re.split(r"政府信息公开|政务公开|信息公开", after)[0]
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


def _heading_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![{ORDINALS}第])(?P<ord>[{ORDINALS}])\s*[、.．]\s*(?P<text>(?:[^。\n]{{0,14}}?){pattern}(?:情况|的?事项|措施|工作)?)"
    )


def _find_sections(doc: Document, pack: Pack, st: Structure) -> None:
    text = doc.text
    found: list[tuple[str, Heading, int]] = []  # (section id, heading, score)
    for sdef in pack.sections:
        for m in _heading_regex(sdef.pattern).finditer(text):
            if doc.in_table(m.start()):
                continue
            head_text = m.group("text")
            heading = Heading(m.group("ord"), head_text, m.start(), doc.line_of(m.start()))
            st.candidates.append((sdef.id, heading))
            score = 0
            if heading.ordinal == sdef.id:
                score += 2
            if re.sub(r"\s+", "", sdef.title[2:]) in re.sub(r"\s+", "", head_text):
                score += 1
            line_start = text.rfind("\n", 0, m.start()) + 1
            if not text[line_start : m.start()].strip(" #\t"):
                score += 1
            found.append((sdef.id, heading, score))
    chosen: dict[str, Heading] = {}
    for sdef in pack.sections:
        options = [(h, s) for sid, h, s in found if sid == sdef.id]
        if not options:
            continue
        best = max(options, key=lambda hs: (hs[1], -hs[0].start))
        chosen[sdef.id] = best[0]
    ordered = sorted(chosen.items(), key=lambda kv: kv[1].start)
    for i, (sid, heading) in enumerate(ordered):
        end = ordered[i + 1][1].start if i + 1 < len(ordered) else len(text)
        body = text.find("\n", heading.start)
        head_end = heading.start + len(heading.ordinal) + 1 + len(heading.text)
        body_start = min(body + 1 if body >= 0 else end, end)
        if body_start > head_end + 40 or body < 0:
            body_start = min(head_end, end)
        st.sections[sid] = Section(sid, heading, heading.start, end, body_start)
    first = ordered[0][1].start if ordered else len(text)
    st.preamble = (min(st.title_end, first), first)


def _exclude_signature(doc: Document, st: Structure) -> None:
    """The 落款 (issuer name and date at the end) is not part of section 六's content."""
    if st.signed_offset is None or not st.sections:
        return
    last = max(st.sections.values(), key=lambda s: s.start)
    text = doc.text
    sig_start = text.rfind("\n", 0, st.signed_offset) + 1
    if text[sig_start : st.signed_offset].strip(" \t（(#"):
        return  # the date sits inside a sentence, not on a signature line of its own
    prev_end = sig_start - 1
    while prev_end > 0 and not text[:prev_end].rstrip():
        prev_end -= 1
    prev_start = text.rfind("\n", 0, max(0, prev_end)) + 1
    prev_line = text[prev_start:prev_end].strip()
    if prev_line and len(prev_line) <= 30 and not re.search(r"[。；，：]", prev_line):
        sig_start = prev_start
    if last.body_start <= sig_start < last.end:
        last.end = sig_start


def _find_dates(doc: Document, st: Structure) -> None:
    text = doc.text
    # 落款日期: the last full date in the last few lines of the report.
    tail_start = max(0, len(text.rstrip()) - 200)
    tail = text[tail_start:]
    last = None
    for m in _DATE.finditer(tail):
        last = m
    if last is not None:
        try:
            st.signed = date(int(last.group(1)), int(last.group(2)), int(last.group(3)))
            st.signed_offset = tail_start + last.start()
        except ValueError:
            st.signed = None
    meta = _PUBLISHED_META.search(text[:3000])
    if meta:
        try:
            st.published = date(int(meta.group(1)), int(meta.group(2)), int(meta.group(3)))
            st.published_source = "页面信息"
        except ValueError:
            pass
    if st.published is None and doc.metadata.get("published"):
        iso = _ISO_DATE.match(doc.metadata["published"])
        if iso:
            st.published = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            st.published_source = "页面信息"
