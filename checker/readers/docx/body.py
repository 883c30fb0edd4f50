"""Body content: paragraphs as Word displays them, in document order, fed to the builder.

- paragraph text is what Word displays in the "accepted changes" view: insertions
  kept, deletions (``w:del``/``w:moveFrom``) and a deleted paragraph mark honoured,
  field codes dropped and field results kept, hidden (``w:vanish``) runs dropped;
- Word auto-numbering is rendered and prepended (see numbering.py);
- text boxes (DrawingML or VML, one branch of ``mc:AlternateContent`` only) follow
  the paragraph that anchors them;
- tables are read by tables.py.

Speed: lxml's find() costs a few microseconds a call, and a paragraph asked for its
pPr, rPr, pStyle, numPr and each run's rPr and vanish about ten times, so children are
scanned once in Python instead (OOXML puts the property element first, which the scan
tries before anything else). Without mc:AlternateContent anywhere in the document (the
common case) children are the element's own, with no generator in between.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import PAGE_MARK, DocumentBuilder
from checker.readers.docx import tables
from checker.readers.docx.names import MC, W
from checker.readers.docx.numbering import Numbering

_ASCII_WORD_END = re.compile(r"[0-9A-Za-z.)\]]$")
_TOC_STYLE = re.compile(r"toc \d|table of figures")
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
# Field results that are navigation, not content: a table of contents repeats the
# headings (with page numbers) ahead of the report and would be taken for them.
_DROPPED_FIELDS = {"TOC"}


def _shown_result(code: str) -> bool:
    m = _FIELD_NAME.match(code)
    return not (m and m.group(1).upper() in _DROPPED_FIELDS)


def _find(kids: Any, tag: str) -> Any:
    """The first child with this tag (lxml's find, without its per-call overhead)."""
    for kid in kids:
        if kid.tag == tag:
            return kid
    return None


def _too_many(what: str, limit: int) -> InputError:
    return InputError(
        f"DOCX 中的{what}过多（超过 {limit}），不像正常的年度报告，已拒绝读取",
        "请确认文件来源，或用 Word/WPS 打开后另存为 .docx 再检查",
    )


@dataclass(slots=True)
class _Field:
    code: list[str] = field(default_factory=list)
    state: str = "code"  # code (w:instrText) | result (shown) | dropped (a TOC's entries)


class BodyReader:
    def __init__(self, w: W, numbering: Numbering, builder: DocumentBuilder, alternates: bool = True) -> None:
        self.w = w
        self.numbering = numbering
        self.styles = numbering.defs.styles
        self.builder = builder
        self.fields: list[_Field] = []  # complex fields open, innermost last
        self.hiding = 0  # open fields not showing their result: a running count, not a scan per run
        self.toc_dropped = 0
        self.carry: list[str] = []  # text of paragraphs whose mark was deleted (tracked), joined to the next
        self.alt_chunks = 0
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0
        self.depth = 0
        # per w:pStyle value: a table-of-contents style; no Word numbering without numPr
        self._toc_styles: dict[str, bool] = {}
        self._unnumbered: dict[str | None, bool] = {}
        # Whether paragraphs are read by plain_text (see plain_runs), and what it adds for
        # the tabs and breaks in runs (as _run does)
        self.plain = False
        self._marks = {w.tab: " ", w.ptab: " ", w.br: "\n", w.cr: "\n", w.noBreakHyphen: "-"}
        if not alternates:
            self.children = _own_children  # type: ignore[method-assign]
        # Whether Word's page breaks are marked in the text (PAGE_MARK): see paged()
        self.pages = False
        self.page_before = False  # the paragraph being read begins a page (w:pageBreakBefore)

    def paged(self) -> None:
        """Mark where pages begin, as Word recorded them when it last paginated the document
        (w:lastRenderedPageBreak) and as the author forced them (a page-break run, a
        paragraph's w:pageBreakBefore): the builder turns the marks into page starts."""
        self.pages = True
        self.builder.page_marks = True
        self._marks[self.w.lastRenderedPageBreak] = PAGE_MARK

    # -- limits --------------------------------------------------------------------

    def enter(self) -> None:
        """One level deeper into nested blocks (a table in a cell, a text box, a content control)."""
        self.depth += 1
        if self.depth > LIMITS.docx_max_depth:
            raise InputError(
                f"DOCX 中的表格、文本框或内容控件嵌套过深（超过 {LIMITS.docx_max_depth} 层），已拒绝读取",
                "请确认文件来源，或用 Word/WPS 打开后另存为 .docx 再检查",
            )

    def leave(self) -> None:
        self.depth -= 1

    def count_table(self, cells: int) -> None:
        self.tables += 1
        if self.tables > LIMITS.docx_max_tables:
            raise _too_many("表格", LIMITS.docx_max_tables)
        self.count_cells(cells)

    def count_cells(self, positions: int) -> None:
        """Cells, and the grid positions that spans and padding add (a grid is as wide as
        its widest row, so one wide row pads every other)."""
        self.cells += positions
        if self.cells > LIMITS.docx_max_cells:
            raise _too_many("表格单元格", LIMITS.docx_max_cells)

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
            elif tag == w.pPr or tag == w.delete or tag == w.moveFrom:
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
            elif tag in (w.oMath, w.oMathPara) and not self.hiding:
                out.extend(t.text or "" for t in child.iter(w.m_t))

    def _run(self, run: Any, out: list[str], boxes: list[Any]) -> None:
        w = self.w
        hidden = False
        for first in run:
            rpr = first if first.tag == w.rPr else _find(run, w.rPr)
            if rpr is not None:
                vanish = w.vanish
                for prop in rpr:  # is_on(_find(rpr, w.vanish)), without two calls per run
                    if prop.tag == vanish:
                        hidden = prop.get(w.val) not in ("0", "false", "off")
                        break
            break
        for child in self.children(run):
            tag = child.tag
            if tag == w.t:
                if not (hidden or self.hiding):
                    out.append(child.text or "")
                continue
            if tag == w.rPr:
                continue
            if tag == w.fldChar:
                kind = child.get(w.fldCharType)
                if kind == "begin":
                    self.fields.append(_Field())
                    self.hiding += 1
                elif kind == "separate" and self.fields:
                    top = self.fields[-1]
                    if top.state == "code":
                        top.state = "result" if _shown_result("".join(top.code)) else "dropped"
                        self.hiding -= top.state == "result"
                        self.toc_dropped += top.state == "dropped"
                elif kind == "end" and self.fields:
                    self.hiding -= self.fields.pop().state != "result"
                continue
            if tag == w.instrText and self.fields and self.fields[-1].state == "code":
                self.fields[-1].code.append(child.text or "")
                continue
            if hidden or self.hiding:
                continue  # hidden text, a field's code, or a table of contents
            if tag in (w.tab, w.ptab):
                out.append(" ")
            elif tag in (w.br, w.cr):
                out.append("\n")
                if self.pages and tag == w.br and child.get(w.type) == "page":
                    out.append(PAGE_MARK)
            elif tag == w.lastRenderedPageBreak:
                if self.pages:
                    out.append(PAGE_MARK)
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
        text, boxes, merged = self._paragraph(p)
        if self.page_before:
            self.page_before = False
            if not merged:
                text = PAGE_MARK + text
        return text, boxes, merged

    def _paragraph(self, p: Any) -> tuple[str, list[Any], bool]:
        w = self.w
        self.paragraphs += 1
        if self.paragraphs > LIMITS.docx_max_paragraphs:
            raise _too_many("段落", LIMITS.docx_max_paragraphs)
        text = ""
        if self.plain:
            ppr, text = self.plain_text(p)
        else:
            ppr = None
            for first in p:
                ppr = first if first.tag == w.pPr else _find(p, w.pPr)
                break
        mark_deleted = False
        style_val: str | None = None
        numpr = None
        if ppr is not None:
            rpr = None
            ps = None
            for child in ppr:
                tag = child.tag
                if tag == w.pStyle:
                    ps = ps if ps is not None else child
                elif tag == w.numPr:
                    numpr = numpr if numpr is not None else child
                elif tag == w.rPr:
                    rpr = rpr if rpr is not None else child
                elif (
                    tag == w.pageBreakBefore and self.pages and child.get(w.val) not in ("0", "false", "off")
                ):
                    self.page_before = True
            if rpr is not None:
                mark_deleted = _find(rpr, w.delete) is not None or _find(rpr, w.moveFrom) is not None
            if ps is not None:
                style_val = ps.get(w.val)
            if not mark_deleted and ps is not None and self._is_toc(style_val or ""):
                self.toc_dropped += 1
                return "", [], False  # an entry of a table of contents (fields already unlinked)
        boxes: list[Any] = []
        if not self.plain:
            parts: list[str] = []
            self._inline(p, parts, boxes)
            text = "".join(parts)
        if mark_deleted:
            # The paragraph merges into the next one, which keeps its own number.
            self.carry.append(text)
            return "", boxes, True
        if self.carry:
            text = "".join(self.carry) + text
            self.carry.clear()
        if numpr is None and self._no_style_number(style_val):
            return text, boxes, False
        number, suffix = self.numbering.number(style_val, numpr)
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

    def plain_text(self, p: Any) -> tuple[Any, str]:
        """The paragraph's first w:pPr, and what _inline gives for its text, in a document
        where plain_runs holds: no field is open or hidden, no run hidden, no wrapper or
        drawing anywhere, so only the w:t, tab and break children of the paragraph's own
        runs count. One loop over the children, without _inline's generator and call per
        run (~2 us a paragraph instead of ~5)."""
        w = self.w
        run_tag = w.r
        text_tag = w.t
        ppr_tag = w.pPr
        marks = self._marks
        br_tag, type_attr = w.br, w.type
        ppr = None
        parts: list[str] = []
        for run in p:
            tag = run.tag
            if tag == run_tag:
                for child in run:
                    tag = child.tag
                    if tag == text_tag:
                        parts.append(child.text or "")
                    elif tag in marks:
                        parts.append(marks[tag])
                        if tag == br_tag and self.pages and child.get(type_attr) == "page":
                            parts.append(PAGE_MARK)
            elif tag == ppr_tag and ppr is None:
                ppr = run
        return ppr, "".join(parts)

    def _is_toc(self, style_val: str) -> bool:
        found = self._toc_styles.get(style_val)
        if found is None:
            style = self.styles.get(style_val)
            found = self._toc_styles[style_val] = style is not None and bool(
                _TOC_STYLE.fullmatch(style.name.lower())
            )
        return found

    def _no_style_number(self, style_val: str | None) -> bool:
        """Whether a paragraph of this style without w:numPr is surely unnumbered (its style
        chain carries no list), so Numbering.number, which would say so, need not be asked."""
        found = self._unnumbered.get(style_val)
        if found is None:
            defs = self.numbering.defs
            num_id = defs.style_numbering(style_val or defs.default_pstyle)[0]
            found = self._unnumbered[style_val] = num_id is None or num_id == "0"
        return found

    # -- blocks --------------------------------------------------------------------

    def blocks(self, container: Any) -> None:
        w = self.w
        self.enter()
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
            self.builder.paragraph("".join(self.carry))
            self.carry.clear()
        self.leave()

    def flat_text(self, container: Any, sep: str) -> list[str]:
        """Text of block content, flattened (for a table cell)."""
        w = self.w
        self.depth += 1  # self.enter(), inline: once per table cell
        if self.depth > LIMITS.docx_max_depth:
            self.enter()  # raises
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
                nested = [tc for tr in tables.rows(self, child) for tc in tables.cells(self, tr)]
                self.count_table(len(nested))
                cells = ["".join(self.flat_text(tc, sep)).strip() for tc in nested]
                out.append(sep.join(c for c in cells if c))
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    out.extend(self.flat_text(content, sep))
            elif tag in (w.customXml, w.ins, w.moveTo):
                out.extend(self.flat_text(child, sep))
        if self.carry:
            out.append("".join(self.carry))
            self.carry.clear()
        self.depth -= 1
        return out


# Elements that make a paragraph's text more than its runs' texts, tabs and breaks: fields,
# hidden text, wrappers of runs (tracked insertions, links, smart tags, custom XML, content
# controls, text direction), math, drawings and text boxes, ruby, alternate content.
_NOT_PLAIN = (
    "fldChar",
    "instrText",
    "fldSimple",
    "vanish",
    "ins",
    "moveTo",
    "hyperlink",
    "smartTag",
    "customXml",
    "dir",
    "bdo",
    "sdt",
    "drawing",
    "pict",
    "object",
    "ruby",
)
_NOT_PLAIN_TAGS: dict[str, tuple[str, ...]] = {}


def plain_runs(root: Any, w: W) -> bool:
    """Whether no element of _NOT_PLAIN (nor math, nor mc:AlternateContent) is in the
    document, one C pass: then _inline and _run come down to the w:t texts, tabs and breaks
    of the paragraph's own runs (BodyReader.plain_text)."""
    tags = _NOT_PLAIN_TAGS.get(w.ns)
    if tags is None:
        names = (f"{{{w.ns}}}{name}" for name in _NOT_PLAIN)
        tags = _NOT_PLAIN_TAGS[w.ns] = (*names, w.oMath, w.oMathPara, MC + "AlternateContent")
    return next(root.iter(*tags), None) is None


def _own_children(el: Any) -> Any:
    """Children when the document has no mc:AlternateContent: the element itself (iterating
    an lxml element yields its children; comments are removed by the parser, and a
    processing instruction matches no tag the reader looks for)."""
    return el
