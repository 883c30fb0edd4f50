"""Body content: paragraphs as Word displays them, in document order, fed to the builder.

- paragraph text is what Word displays in the "accepted changes" view: insertions
  kept, deletions (``w:del``/``w:moveFrom``) and a deleted paragraph mark honoured,
  field codes dropped and field results kept, hidden (``w:vanish``) runs dropped;
- Word auto-numbering is rendered and prepended (see numbering.py);
- text boxes (DrawingML or VML, one branch of ``mc:AlternateContent`` only) follow
  the paragraph that anchors them;
- tables are read by tables.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.readers.builder import DocumentBuilder
from checker.readers.docx import tables
from checker.readers.docx.names import MC, W
from checker.readers.docx.numbering import Numbering, is_on

_ASCII_WORD_END = re.compile(r"[0-9A-Za-z.)\]]$")
_TOC_STYLE = re.compile(r"toc \d|table of figures")
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
# Field results that are navigation, not content: a table of contents repeats the
# headings (with page numbers) ahead of the report and would be taken for them.
_DROPPED_FIELDS = {"TOC"}


def _shown_result(code: str) -> bool:
    m = _FIELD_NAME.match(code)
    return not (m and m.group(1).upper() in _DROPPED_FIELDS)


@dataclass(slots=True)
class _Field:
    code: list[str] = field(default_factory=list)
    state: str = "code"  # code (w:instrText) | result (shown) | dropped (a TOC's entries)


class BodyReader:
    def __init__(self, w: W, numbering: Numbering, builder: DocumentBuilder) -> None:
        self.w = w
        self.numbering = numbering
        self.builder = builder
        self.fields: list[_Field] = []  # complex fields open, innermost last
        self.toc_dropped = 0
        self.carry = ""  # text of paragraphs whose mark was deleted (tracked), joined to the next
        self.alt_chunks = 0

    # -- inline content ----------------------------------------------------------

    def children(self, el: Any) -> Iterator[Any]:
        """Children, with mc:AlternateContent replaced by one branch (Choice, else Fallback)."""
        for child in el:
            if child.tag == MC + "AlternateContent":
                branch = child.find(MC + "Choice")
                if branch is None:
                    branch = child.find(MC + "Fallback")
                if branch is not None:
                    yield from self.children(branch)
            elif isinstance(child.tag, str):
                yield child

    def _textboxes(self, el: Any, out: list[Any]) -> None:
        for child in self.children(el):
            if child.tag == self.w.txbxContent:
                out.append(child)
            else:
                self._textboxes(child, out)

    def _inline(self, el: Any, out: list[str], boxes: list[Any]) -> None:
        w = self.w
        for child in self.children(el):
            tag = child.tag
            if tag == w.r:
                self._run(child, out, boxes)
            elif tag in (w.delete, w.moveFrom):
                continue
            elif tag == w.fldSimple:
                if _shown_result(child.get(w.instr) or ""):
                    self._inline(child, out, boxes)
            elif tag in (w.ins, w.moveTo, w.hyperlink, w.smartTag, w.customXml, w.dir, w.bdo):
                self._inline(child, out, boxes)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    self._inline(content, out, boxes)
            elif tag in (w.oMath, w.oMathPara) and not self._suppressed():
                out.extend(t.text or "" for t in child.iter(w.m_t))

    def _suppressed(self) -> bool:
        return any(f.state != "result" for f in self.fields)

    def _run(self, run: Any, out: list[str], boxes: list[Any]) -> None:
        w = self.w
        rpr = run.find(w.rPr)
        hidden = rpr is not None and is_on(rpr.find(w.vanish), w)
        for child in self.children(run):
            tag = child.tag
            if tag == w.fldChar:
                kind = child.get(w.fldCharType)
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    top = self.fields[-1]
                    top.state = "result" if _shown_result("".join(top.code)) else "dropped"
                    self.toc_dropped += top.state == "dropped"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == w.instrText and self.fields and self.fields[-1].state == "code":
                self.fields[-1].code.append(child.text or "")
                continue
            if hidden or self._suppressed():
                continue  # hidden text, a field's code, or a table of contents
            if tag == w.t:
                out.append(child.text or "")
            elif tag in (w.tab, w.ptab):
                out.append(" ")
            elif tag in (w.br, w.cr):
                out.append("\n")
            elif tag == w.noBreakHyphen:
                out.append("-")
            elif tag in (w.drawing, w.pict, w.object):
                self._textboxes(child, boxes)
            elif tag == w.ruby:
                base = child.find(w.rubyBase)
                if base is not None:
                    self._inline(base, out, boxes)

    def paragraph(self, p: Any) -> tuple[str, list[Any], bool]:
        """(text with its Word number, text boxes it anchors, paragraph mark deleted)."""
        w = self.w
        ppr = p.find(w.pPr)
        mark_deleted = False
        if ppr is not None:
            rpr = ppr.find(w.rPr)
            mark_deleted = rpr is not None and (
                rpr.find(w.delete) is not None or rpr.find(w.moveFrom) is not None
            )
        if ppr is not None and not mark_deleted:
            ps = ppr.find(w.pStyle)
            style = self.numbering.styles.get(ps.get(w.val) or "") if ps is not None else None
            if style is not None and _TOC_STYLE.fullmatch(style.name.lower()):
                self.toc_dropped += 1
                return "", [], False  # an entry of a table of contents (fields already unlinked)
        parts: list[str] = []
        boxes: list[Any] = []
        self._inline(p, parts, boxes)
        text = "".join(parts)
        if mark_deleted:
            # The paragraph merges into the next one, which keeps its own number.
            self.carry += text
            return "", boxes, True
        text, self.carry = self.carry + text, ""
        number, suffix = self.numbering.number(ppr)
        if number:
            body = text.lstrip()
            # Word puts a tab (or space) after the number; in Chinese text nothing stands there.
            joint = (
                " "
                if suffix in ("tab", "space") and _ASCII_WORD_END.search(number) and body[:1].isascii()
                else ""
            )
            text = number + joint + body if body.strip() else number
        return text, boxes, False

    # -- blocks --------------------------------------------------------------------

    def blocks(self, container: Any) -> None:
        w = self.w
        for child in self.children(container):
            tag = child.tag
            if tag == w.p:
                text, boxes, merged = self.paragraph(child)
                if not merged:
                    self.builder.paragraph(text.replace("\t", " "))
                for box in boxes:
                    self.blocks(box)
            elif tag == w.tbl:
                tables.read_table(self, child)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    self.blocks(content)
            elif tag in (w.customXml, w.ins, w.moveTo):
                self.blocks(child)
            elif tag == w.altChunk:
                self.alt_chunks += 1
        if self.carry:
            self.builder.paragraph(self.carry)
            self.carry = ""

    def flat_text(self, container: Any, sep: str) -> list[str]:
        """Text of block content, flattened (for a table cell)."""
        w = self.w
        out: list[str] = []
        for child in self.children(container):
            tag = child.tag
            if tag == w.p:
                text, boxes, merged = self.paragraph(child)
                if not merged:
                    out.append(text)
                for box in boxes:
                    out.extend(self.flat_text(box, sep))
            elif tag == w.tbl:
                cells = [
                    "".join(self.flat_text(tc, sep)).strip()
                    for tr in tables.rows(self, child)
                    for tc in tables.cells(self, tr)
                ]
                out.append(sep.join(c for c in cells if c))
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    out.extend(self.flat_text(content, sep))
            elif tag in (w.customXml, w.ins, w.moveTo):
                out.extend(self.flat_text(child, sep))
        if self.carry:
            out.append(self.carry)
            self.carry = ""
        return out
