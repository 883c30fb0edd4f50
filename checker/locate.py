"""Where a finding is, in words a clerk can find in Word (issue 10 part 2).

After the rules have run, each finding gets
- `location.quote`: the report's own words it is about (its span in Document.text, or for a
  table cell the row label and the cell's text as printed), with up to
  LIMITS.quote_context_chars of context either side, clipped at the line (paragraph), with
  whitespace collapsed and never cutting a number or a surrogate pair in two;
- `location.scope`: the section it is in, by the report's own heading (the template's
  heading for a section the report lacks), or 全文 for a finding about the report as a whole;
- `location.page`, on a paged document (PDF, a DOCX with Word's page marks), from what the
  finding points at, or where the missing thing belongs.

Only findings are located (a few per report), so this costs nothing per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from checker.document import Document
from checker.findings import WHOLE, Finding, Location
from checker.limits import LIMITS
from checker.pack import Pack
from checker.structure import Structure
from checker.tables import ExtractedTable

_NUMBER_CHARS = frozenset("0123456789.,%")


def _is_number(ch: str) -> bool:
    return ch in _NUMBER_CHARS or ch.isdigit()


def _cuts(text: str, i: int) -> bool:
    """Whether a cut before text[i] splits a number or a surrogate pair."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff":
        return True
    return _is_number(before) and _is_number(after) and (before.isdigit() or after.isdigit())


def _collapse(text: str) -> str:
    return " ".join(text.split())


def quote_span(doc: Document, start: int, end: int) -> str | None:
    """The words of [start, end) with their context, as one line; None when they are blank."""
    raw, folded = doc.raw, doc.text  # the same length: cuts are judged on folded digits
    n = len(raw)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if end - start > LIMITS.quote_max_chars:
        end = start + LIMITS.quote_max_chars
        while end > start + 1 and _cuts(folded, end):
            end -= 1
    if not raw[start:end].strip():
        return None
    context = LIMITS.quote_context_chars
    # the context stops at the line (a paragraph) and, in a table grid's pipe row, at the cell
    stops = ("\n", "|") if doc.in_table(start) else ("\n",)
    floor = max(0, start - context)
    left = max([raw.rfind(stop, floor, start) + 1 for stop in stops] + [floor])
    while left < start and _cuts(folded, left):
        left += 1
    ceiling = min(n, end + context)
    found = [at for at in (raw.find(stop, end, ceiling) for stop in stops) if at >= 0]
    right = min(found) if found else ceiling
    while right > end and _cuts(folded, right):
        right -= 1
    return _collapse(raw[left:right]) or None


def table_quote(doc: Document, tables: Mapping[str, ExtractedTable], loc: Location) -> str | None:
    """A table finding's row label as printed, and the cell's text as printed (a row read
    from flattened text: its label's place in the text, with what follows it)."""
    table = tables.get(loc.table or "")
    if table is None or not loc.row:
        return None
    row_id = table.row_id(loc.row)
    seen = table.rows_seen.get(row_id) if row_id is not None else None
    if seen is None or not seen.label_seen.strip():
        return _row_line_quote(doc, loc.line)
    if seen.quality == "flat" and seen.offset is not None:
        return quote_span(doc, seen.offset, seen.offset + len(seen.label_seen))
    words = seen.label_seen
    if loc.column and row_id is not None:
        cell = table.cells.get((row_id, loc.column))
        shown = (cell.source.text if cell.source is not None else cell.raw) if cell is not None else None
        if shown and shown.strip():
            words = f"{words} {shown}"
    return _collapse(words)[: LIMITS.quote_max_chars] or None


def _row_line_quote(doc: Document, line: int | None) -> str | None:
    """The label of the row on a line, as printed: a row no template row claimed (a label
    miswritten, a group label with no rows under it). A grid row is a pipe row, whose first
    cell is its label; a row of flattened text is quoted from its start."""
    if not line or line > doc.line_count:
        return None
    start = doc.offset_of_line(line)
    ceiling = min(len(doc.raw), start + LIMITS.quote_max_chars)  # a line may be the whole text
    nl = doc.raw.find("\n", start, ceiling)
    end = nl if nl >= 0 else ceiling
    if doc.raw.startswith("|", start):
        cells = doc.raw[start:end].split("|")
        first = next((c for c in cells if c.strip()), "")
        return _collapse(first)[: LIMITS.quote_max_chars] or None
    return quote_span(doc, start, min(end, start + LIMITS.quote_context_chars))


def heading_of(doc: Document, st: Structure, section: str) -> str | None:
    """The heading of a section the report has, in the report's own words (not folded)."""
    sec = st.sections.get(section)
    if sec is None:
        return None
    shown = sec.heading.shown or sec.heading.text
    at = doc.text.find(shown, sec.heading.start) if shown else -1
    words = doc.raw[at : at + len(shown)] if at >= 0 else shown
    return _collapse(words) or None


def _template_title(pack: Pack, section: str) -> str | None:
    return next((s.title for s in pack.sections if s.id == section), None)


def _section_of(loc: Location, pack: Pack) -> str | None:
    if loc.section:
        return loc.section
    template = pack.tables.get(loc.table or "")
    return template.section if template is not None else None


def scope_without_text(loc: Location, pack: Pack) -> str:
    """The scope of a finding made without the report's text (cross-year findings): the
    section by its template heading, or 全文."""
    section = _section_of(loc, pack)
    title = _template_title(pack, section) if section else None
    return title or WHOLE


def _anchor(
    f: Finding, doc: Document, st: Structure, tables: Mapping[str, ExtractedTable], pack: Pack
) -> int | None:
    """The offset a finding's page is read from: its words, its cell or row, its line, or for
    something missing the place it belongs (its section, or the next section the report has)."""
    if f.span is not None:
        return f.span[0]
    loc = f.location
    table = tables.get(loc.table or "")
    if table is not None and loc.row:
        row_id = table.row_id(loc.row)
        if row_id is not None:
            cell = table.cells.get((row_id, loc.column)) if loc.column else None
            if cell is not None and cell.offset is not None:
                return cell.offset
            seen = table.rows_seen.get(row_id)
            if seen is not None and seen.offset is not None:
                return seen.offset
    if loc.line:
        return doc.offset_of_line(loc.line)
    section = _section_of(loc, pack)
    if section:
        sec = st.sections.get(section)
        if sec is not None:
            return sec.start
        ids = [s.id for s in pack.sections]
        if section in ids:
            later = [st.sections[i].start for i in ids[ids.index(section) + 1 :] if i in st.sections]
            return min(later) if later else max(0, len(doc.text) - 1)
    return 0


def locate(
    findings: Iterable[Finding],
    doc: Document,
    st: Structure,
    tables: Mapping[str, ExtractedTable],
    pack: Pack,
) -> None:
    """Fill quote, scope and page of each finding (in place)."""
    headings: dict[str, str | None] = {}
    for f in findings:
        loc = f.location
        if loc.quote is None:
            if f.span is not None:
                loc.quote = quote_span(doc, f.span[0], f.span[1])
            if loc.quote is None and loc.table:
                loc.quote = table_quote(doc, tables, loc)
        section = _section_of(loc, pack)
        if section:
            if section not in headings:
                headings[section] = heading_of(doc, st, section) or _template_title(pack, section)
            loc.scope = headings[section] or loc.scope
        if loc.quote is None and loc.scope is None:
            loc.scope = WHOLE
        if loc.page is None and doc.page_starts:
            at = _anchor(f, doc, st, tables, pack)
            if at is not None:
                loc.page = doc.page_of(at)
