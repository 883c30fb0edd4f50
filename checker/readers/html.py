"""HTML reader: a government CMS page (the report wrapped in site chrome) → Document.

Steps: decode the bytes ourselves (BOM, then ``<meta charset>``, then UTF-8, then the
text reader's detection) and give lxml a str; read title and publication date from
the whole page; drop site chrome (scripts, navigation, headers, footers, share bars);
pick the article body (known CMS containers such as ``ucapcontent``, ``TRS_Editor``,
``zoom``; else the densest block of non-link text; else ``<body>``); walk it in
document order into paragraphs and tables.

Table policy (the table matcher depends on it): merged cells are expanded into a
rectangular grid; a cell spanning several rows repeats its text in every row, a cell
spanning several columns keeps its text in the first column and "" in the others.
Empty cells stay "". Single-column tables and tables of prose without numbers are
page layout, not data, and are read as paragraphs.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lxml import etree

from checker.document import Document
from checker.errors import InputError
from checker.readers.builder import DocumentBuilder, clean_cell

MAX_HTML_BYTES = 20 * 1024 * 1024
_HEAD_BYTES = 4096

# ---------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.I)
_GB_ALIASES = {
    "gb2312",
    "gbk",
    "x-gbk",
    "gb_2312",
    "gb_2312-80",
    "gb-2312",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "csgb2312",
    "gb18030",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", errors="ignore").strip().lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # A declaration readable as ASCII cannot be UTF-16/32 (the HTML standard says: UTF-8).
    if canonical.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return "utf-8" if canonical == "utf-8" else canonical


def _mostly_chinese(text: str) -> bool:
    visible = re.sub(r"\s+", "", _TAG.sub("", text))[:20000]
    if not visible:
        return False
    han = sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff")
    return han >= 0.05 * len(visible)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), name
    declared = _declared_charset(data[:_HEAD_BYTES])
    if declared and declared != "utf-8" and not data.isascii():
        # Legacy (GBK) Chinese text is practically never valid UTF-8, while UTF-8 pages are often
        # still labelled gb2312 by old templates: valid UTF-8 wins over a legacy declaration.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # mislabelled page: detect instead
    if declared != "utf-8":
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared != "gb18030":
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and _mostly_chinese(text):
            return text, "gb18030"
    from checker.readers.text import decode

    try:
        return decode(data)
    except InputError:
        pass
    # A few stray bytes in an otherwise readable page: the least damaged reading wins.
    readings = []
    for name in dict.fromkeys([declared or "utf-8", "utf-8", "gb18030"]):
        text = data.decode(name, errors="replace")
        readings.append((text.count("\ufffd"), name, text))
    damage, name, text = min(readings, key=lambda r: r[0])
    if damage <= 0.01 * max(1, len(text)) and (name == declared or _mostly_chinese(text)):
        return text, name
    raise InputError(
        "无法识别网页的文字编码，内容可能已损坏", "请用浏览器打开网页后另存为 UTF-8 编码的网页或文本"
    )


def _check_is_text(text: str) -> str:
    sample = text[:20000]
    controls = len(_CONTROLS.findall(sample))
    replaced = sample.count("\ufffd")
    if controls > 0.01 * max(1, len(sample)) or replaced > 0.05 * max(1, len(sample)):
        raise InputError(
            "网页内容不是文本（含大量控制字符或乱码）", "请确认文件是完整的网页，或另存为文本后重试"
        )
    return _CONTROLS.sub("", text)


# ---------------------------------------------------------------- parsing


def _parse(text: str) -> Any:
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


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _children(el: Any) -> list[Any]:
    """Element children (comments and processing instructions were removed by the parser)."""
    return [c for c in el if isinstance(c.tag, str)]


def _attr_words(el: Any) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower()


_STRING_VALUE = etree.XPath("string()", smart_strings=False)


def _text(el: Any) -> str:
    """All text inside the element: lxml.html's ``text_content()``, much faster than ``itertext()``."""
    text: str = _STRING_VALUE(el)
    return text


def _nonspace(text: str | None) -> int:
    """Number of non-whitespace characters (``str.split`` and ``re``'s ``\\s`` agree on whitespace)."""
    return sum(map(len, text.split())) if text else 0


def _visible_len(el: Any) -> int:
    return _nonspace(_text(el))


def _drop_tree(el: Any) -> None:
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


# ---------------------------------------------------------------- metadata

_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|(?<!\d)-(?!\d)|—+|–)\s*")
_REPORT_TITLE = re.compile(r"年度报告|年报")
_PUB_META_NAMES = {
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "articlepublishdate",
    "article:published_time",
}
_ANY_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUB_TEXT = re.compile(
    r"(?:发布|公开)(?:日期|时间)\s*[:：]?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_TITLE_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:title|tit|bt|wztit|art_?title|article_?title|news_?title)(?:$|[\s_-])"
)


def _iso(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


_PAGE_TEXT_SKIP = frozenset(("script", "style", "noscript", "template"))
_PUB_LABELS = ("发布日期", "发布时间", "公开日期", "公开时间")


def _page_text(root: Any) -> str:
    """Text of the page with a space between elements (so table cells stay apart)."""
    parts: list[str] = []
    append = parts.append

    def visit(el: Any) -> None:
        tag = el.tag
        if isinstance(tag, str) and tag.lower() in _PAGE_TEXT_SKIP:
            if el.tail:
                append(el.tail)
            return
        if el.text:
            append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                append(" ")
                visit(child)
                append(" ")
        if el.tail:
            append(el.tail)

    visit(root)
    return _WS_RUN.sub(" ", "".join(parts))


def _may_state_publication(root: Any) -> bool:
    """False when the page text cannot hold a "发布日期：…" label (its words never meet in any text)."""
    # _page_text only adds spaces between pieces of text, and skips texts always preceded by a space:
    # a label whole in the page text is whole in the plain concatenation of all texts too.
    everything = _text(root) + (root.tail or "")
    return any(label in everything for label in _PUB_LABELS)


@dataclass
class _Meta:
    title: str = ""
    heading: str = ""
    published: str | None = None


def _metadata(root: Any) -> _Meta:
    meta = _Meta()
    page_title = ""
    for el in root.iter("title"):
        page_title = _normalize_line(_text(el))
        if page_title:
            break
    title_part = ""
    if page_title:
        parts = [p for p in _TITLE_SPLIT.split(page_title) if _REPORT_TITLE.search(p)]
        title_part = max(parts, key=len) if parts else ""
    headings: list[str] = []
    first_h1 = ""
    # The HTML parser lower-cases ASCII in tag names, so matching these names exactly finds every
    # element whose lower-cased tag is one of them (the only non-ASCII letter that lower-cases into
    # ASCII is the Kelvin sign, and none of these names has a "k").
    for el in root.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        tag = el.tag
        if tag not in ("h1", "h2", "h3") and not (
            (el.get("id") or el.get("class")) and _TITLE_CLASSES.search(_attr_words(el))
        ):
            continue
        text = _normalize_line(_text(el))
        if not text or len(text) > 100:
            continue
        if tag == "h1" and not first_h1:
            first_h1 = text
        if _REPORT_TITLE.search(text):
            headings.append(text)
    meta.heading = headings[0] if headings else title_part
    meta.title = title_part or (headings[0] if headings else "") or page_title or first_h1
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        if name in _PUB_META_NAMES:
            m = _ANY_DATE.search(el.get("content") or "")
            if m and (iso := _iso(m)):
                meta.published = iso
                break
    if meta.published is None and _may_state_publication(root):
        for m in _PUB_TEXT.finditer(_page_text(root)):
            if iso := _iso(m):
                meta.published = iso
                break
    return meta


# ---------------------------------------------------------------- chrome and body

_CHROME_TAGS = {
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
_ALWAYS_DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "svg",
}
_CHROME_WORDS = re.compile(
    r"nav|menu|header|footer|breadcrumb|crumb|share|sidebar|toolbar|copyright|print|position|dqwz|fenxiang"
)
_NOT_CHROME_WORDS = re.compile(r"canvas|unavailable|shared_?content")
_TABLE_PARTS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Known CMS body containers (compared lower-case with "-" and "_" removed), most specific first.
_BODY_SPECIFIC = {
    "ucapcontent",
    "trseditor",
    "trsueditor",
    "customunionstyle",
    "zoom",
    "zoomcon",
    "zoomcontent",
    "artcon",
    "articlecon",
    "articlecontent",
    "wzcon",
    "wzcontent",
    "wznr",
    "zwnr",
    "newscontent",
    "newscon",
    "xxgkcontent",
    "xxgkzw",
    "infocontent",
    "detailcontent",
    "contenttext",
    "contentbody",
    "pagescontent",
    "bzcontent",
    "mainbody",
}
_BODY_GENERIC = {"article", "content", "maincontent", "main", "detail", "text", "zw", "con", "nr"}
_REPORT_WORDS = re.compile(r"年度报告|信息公开|主动公开|依申请|行政复议|申请人情况")


_NAME_JUNK = re.compile(r"[-_\s]")


def _name_tokens(ident: str | None, cls: str | None) -> set[str]:
    words = [ident or "", *(cls or "").split()]
    return {_NAME_JUNK.sub("", w).lower() for w in words if w}


def _body_tier(tag: str, ident: str | None, cls: str | None) -> int:
    """2: a known CMS body container, 1: a generic content container, 0: neither."""
    if tag == "ucapcontent":
        return 2
    if not ident and not cls:
        return 0
    tokens = _name_tokens(ident, cls)
    if tokens & _BODY_SPECIFIC:
        return 2
    if tokens & _BODY_GENERIC:
        return 1
    return 0


def _holds_article(el: Any, page_len: int, container_holders: set[Any]) -> bool:
    """Never drop what holds the article: a CMS body container, most of the page, or report prose."""
    if el in container_holders:
        return True
    size = _visible_len(el)
    if size > 0.5 * page_len:
        return True
    return size - _link_len(el) >= 300 and bool(_REPORT_WORDS.search(_text(el)))


# Elements without attributes matter to _strip_chrome only by these tags. Exact tag names suffice
# (see _metadata): none of these names has a "k".
_NOTABLE_TAGS = frozenset(_CHROME_TAGS | {"ucapcontent"})


def _strip_chrome(root: Any) -> list[tuple[Any, int]]:
    """Drop the site chrome; return the body containers left, with their tier, in document order."""
    for el in list(root.iter(*_ALWAYS_DROP)):
        _drop_tree(el)  # keeps the tail text in place
    body = root.find(".//body")
    page_len = max(1, _visible_len(root if body is None else body))
    candidates: list[Any] = []
    containers: list[tuple[Any, int]] = []
    for el in root.iter():
        tag = el.tag
        if not el.keys() and tag not in _NOTABLE_TAGS:
            continue  # no id, class or style: not chrome by name, not hidden, not a container
        if not isinstance(tag, str):
            continue
        tag = tag.lower()
        ident = el.get("id")
        cls = el.get("class")
        tier = _body_tier(tag, ident, cls)
        if tier:
            containers.append((el, tier))
        if tag in ("html", "body", "head"):
            continue
        if tag in _CHROME_TAGS:
            candidates.append(el)
            continue
        if ident or cls:  # otherwise the words are " ", which names nothing
            words = f"{ident or ''} {cls or ''}".lower()
            if (
                tag not in _TABLE_PARTS
                and _CHROME_WORDS.search(words)
                and not _NOT_CHROME_WORDS.search(words)
                and tier == 0
            ):
                candidates.append(el)
                continue
        style = el.get("style")
        if style and _HIDDEN.search(style):
            candidates.append(el)
    if not candidates:
        return containers
    holders = {a for el, tier in containers if tier == 2 for a in el.iterancestors()}
    doomed = [el for el in candidates if not _holds_article(el, page_len, holders)]
    for el in doomed:
        # An ancestor may already be gone; dropping inside a detached subtree is harmless.
        _drop_tree(el)
    return [(el, tier) for el, tier in containers if _in_tree(el, root)]


def _in_tree(el: Any, root: Any) -> bool:
    """Whether the element is still in the page (not inside a dropped subtree)."""
    while (parent := el.getparent()) is not None:
        el = parent
    return el is root


def _link_len(el: Any) -> int:
    return sum(_visible_len(a) for a in el.iter("a"))


def _lengths(root: Any) -> tuple[dict[Any, int], dict[Any, int]]:
    """_visible_len and _link_len of every element, in one pass."""
    visible: dict[Any, int] = {}
    links: dict[Any, int] = {}

    def visit(el: Any) -> tuple[int, int]:
        n = _nonspace(el.text)
        k = 0
        for child in el:
            if isinstance(child.tag, str):
                cn, ck = visit(child)
                n += cn
                k += ck
            n += _nonspace(child.tail)
        if el.tag == "a":
            k += n
        visible[el] = n
        links[el] = k
        return n, k

    visit(root)
    return visible, links


def _numeric_cells(table: Any, enough: int) -> int:
    """How many cells hold a number (counting stops at `enough`)."""
    n = 0
    for td in table.iter("td", "th"):
        if _NUMERIC.match(_text(td).strip()):
            n += 1
            if n >= enough:
                break
    return n


_NUMERIC = re.compile(r"^[-+]?[\d０-９][\d０-９.,，%％]*$")
_TABLE_WORDS = re.compile(r"申请|公开|复议|诉讼|规章|许可|处罚|收费")


def _pick_body(root: Any, containers: list[tuple[Any, int]]) -> Any:
    body = root.find(".//body")
    if body is None:
        body = root
    page_has_words = bool(_REPORT_WORDS.search(_text(body)))
    # The report's statistical tables: the body must hold them all.
    data_tables = [
        t
        for t in root.iter("table")
        if not any(_tag(a) == "table" for a in t.iterancestors())
        and _TABLE_WORDS.search(_text(t))
        and _numeric_cells(t, 4) >= 4
    ]
    for tier in (2, 1):
        scored = []
        for el, el_tier in containers:
            if el_tier != tier:
                continue
            text = _text(el)
            n = _nonspace(text)
            if n > 0 and (not page_has_words or _REPORT_WORDS.search(text)):
                scored.append((el, n))
        if scored:
            return _widen(max(scored, key=lambda en: en[1])[0], data_tables)
    # Text density: the block with the most non-link text, then the deepest block keeping most of it.
    blocks = list(root.iter("div", "article", "section", "td", "main"))
    visible, links = _lengths(root)
    scores = {el: visible[el] - links[el] for el in blocks}
    top = max(scores.values(), default=0)
    if top > 0:
        keep = [el for el in blocks if scores[el] >= 0.8 * top and _holds(el, data_tables)]
        if keep:
            best = max(keep, key=lambda el: (len(list(el.iterancestors())), scores[el]))
            if not page_has_words or _REPORT_WORDS.search(_text(best)):
                return best
    return body


def _holds(el: Any, tables: list[Any]) -> bool:
    return all(any(a is el for a in t.iterancestors()) for t in tables)


def _widen(chosen: Any, tables: list[Any]) -> Any:
    """A CMS container that misses some of the report's tables: use the smallest block holding all."""
    while not _holds(chosen, tables):
        parent = chosen.getparent()
        if parent is None:
            break
        chosen = parent
    return chosen


# ---------------------------------------------------------------- text normalisation

_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WS_RUN = re.compile(r"\s+")


def _normalize_line(text: str) -> str:
    """Collapse whitespace; drop it at the ends, between CJK characters, and at CJK line breaks."""
    text = _ZERO_WIDTH.sub("", text)

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

    return _WS_RUN.sub(repl, text)


# ---------------------------------------------------------------- walking the body

_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "fieldset",
    "legend",
    "details",
    "summary",
    "caption",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "table",
    "ucapcontent",
}
_SKIP_TAGS = _CHROME_TAGS | {"head", "title", "meta", "link", "base", "img", "colgroup", "col"}
_PRE_TAGS = {"pre", "textarea", "xmp", "listing", "plaintext"}
# Inline elements that _Walker.walk turns into nothing but their text (exact names, as the parser
# writes them: a name outside this list just takes the longer way).
_PLAIN_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "del",
        "kbd",
        "mark",
        "nobr",
        "o:p",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
    ]
)
_PLAIN_SCAN = 64  # look this far into a subtree for the fast path (keeps the walk linear)


def _plain_inside(el: Any) -> bool:
    """Whether everything inside the element is a plain inline element (checked up to a bound)."""
    for i, d in enumerate(el.iterdescendants()):
        if i >= _PLAIN_SCAN or d.tag not in _PLAIN_INLINE:
            return False
    return True


@dataclass
class _Block:
    text: str = ""
    rows: list[list[str | None]] | None = None


@dataclass
class _Walker:
    """Turns an element tree into paragraphs (and grids, unless `flat`)."""

    flat: bool = False  # inside a table cell: nested tables become a line of text
    blocks: list[_Block] = field(default_factory=list)
    _buf: list[str] = field(default_factory=list)

    def flush(self) -> None:
        buf = self._buf
        if buf:
            line = _normalize_line("".join(buf))
            buf.clear()
            if line:
                self.blocks.append(_Block(text=line))

    def add_text(self, text: str | None, pre: bool) -> None:
        if not text:
            return
        if pre and "\n" in text:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self.flush()
                self._buf.append(line)
        else:
            self._buf.append(text)

    def walk(self, el: Any, pre: bool = False) -> None:
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK_TAGS
        pre = pre or tag in _PRE_TAGS
        if block:
            self.flush()
        buf = self._buf  # flush() empties it in place
        if not pre and _plain_inside(el):
            # Only plain inline elements inside: walking them would add exactly all their text.
            text = _text(el) if len(el) else el.text
            if text:
                buf.append(text)
            if block:
                self.flush()
            return
        text = el.text
        if text:
            if pre:
                self.add_text(text, pre)
            else:
                buf.append(text)
        for child in el:
            if isinstance(child.tag, str):
                self.walk(child, pre)
                text = child.tail
                if text:
                    if pre:
                        self.add_text(text, pre)
                    else:
                        buf.append(text)
        if block:
            self.flush()

    def table(self, el: Any) -> None:
        grid = _grid(el)
        if self.flat:
            cells = [c for row in grid for c in row if c]
            self._buf.append(" ".join(cells))
            self.flush()
            return
        for caption in el.findall("caption"):
            self.walk(caption)
        if _is_layout(el, grid):
            for row in _rows(el):
                for cell in _row_cells(row):
                    self.walk(cell)
            return
        self.blocks.append(_Block(rows=[list(r) for r in grid]))


def _rows(table: Any) -> list[Any]:
    rows: list[Any] = []
    for child in _children(table):
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in _children(child) if _tag(r) == "tr")
    return rows


def _row_cells(row: Any) -> list[Any]:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


_SPAN = re.compile(r"\s*(\d+)")


def _span(value: str | None, limit: int) -> int:
    m = _SPAN.match(value) if value else None
    n = int(m.group(1)) if m else 1
    return max(1, min(n, limit))


def _cell_text(cell: Any) -> str:
    walker = _Walker(flat=True)
    buf = walker._buf  # flush() empties it in place
    if cell.text:
        buf.append(cell.text)
    for child in cell:
        if isinstance(child.tag, str):
            walker.walk(child)
            if child.tail:
                buf.append(child.tail)
    walker.flush()
    blocks = walker.blocks
    if len(blocks) == 1:
        return clean_cell(blocks[0].text)
    return clean_cell("\n".join([b.text for b in blocks]))


def _grid(table: Any) -> list[list[str | None]]:
    """Expand rowspan/colspan: row spans repeat the text, column spans keep it in the first column."""
    rows = _rows(table)
    grid: list[dict[int, str | None]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        here = grid[r]
        for cell in _row_cells(row):
            while col in here:
                col += 1
            text = _cell_text(cell)
            value = cell.get("rowspan")
            rowspan = _span(value, len(rows) - r) if value else 1
            value = cell.get("colspan")
            colspan = _span(value, 200) if value else 1
            if rowspan == 1 and colspan == 1:
                here.setdefault(col, text)
            else:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[r + dr].setdefault(col + dc, text if dc == 0 else None)
            col += colspan
    width = max((max(row) + 1 for row in grid if row), default=0)
    return [[row.get(c) for c in range(width)] for row in grid]


def _is_layout(table: Any, grid: list[list[str | None]]) -> bool:
    """A table used for page layout: one column, or prose without a single number."""
    width = max((len(r) for r in grid), default=0)
    if width <= 1:
        return True
    own_cells = [c for row in _rows(table) for c in _row_cells(row)]
    has_numbers = any(text and _NUMERIC.match(text) for row in grid for text in row)
    for cell in own_cells:
        size = _visible_len(cell)
        if size >= 200:
            return True  # a whole article (or a sidebar) in one cell is layout, numbers elsewhere or not
        if has_numbers or size < 80:
            continue
        if "。" in _text(cell) or _has_two(cell.iter("p", "div", "br", "h1", "h2", "h3", "h4", "li")):
            return True
    return not has_numbers and any(c.find(".//table") is not None for c in own_cells)


def _has_two(items: Iterator[Any]) -> bool:
    return next(items, None) is not None and next(items, None) is not None


# ---------------------------------------------------------------- entry point


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_html(data: bytes, path: str) -> Document:
    if len(data) > MAX_HTML_BYTES:
        raise InputError(
            f"网页文件过大（{len(data) // (1024 * 1024)} MB，上限 {MAX_HTML_BYTES // (1024 * 1024)} MB）",
            "请只保存年度报告所在的网页，或另存为文本",
        )
    text, encoding = _decode(data)
    text = _check_is_text(text)
    try:
        root = _parse(text)
        meta = _metadata(root)
        containers = _strip_chrome(root)
        body = _pick_body(root, containers)
        walker = _Walker()
        walker.walk(body)
        walker.flush()
    except RecursionError as exc:
        raise InputError("网页结构嵌套过深，无法读取", "请另存为文本后重试") from exc
    except (etree.LxmlError, ValueError) as exc:
        raise InputError("网页无法解析", "请确认文件是完整的网页，或另存为文本后重试") from exc
    blocks = walker.blocks
    if not any(b.text or (b.rows and any(any(c for c in r) for r in b.rows)) for b in blocks):
        raise InputError("网页中没有找到正文文字", "请确认网页是年度报告全文，或另存为文本")

    builder = DocumentBuilder(path, "html")
    builder.notes.append(f"encoding={encoding}")
    if meta.title:
        builder.metadata["title"] = meta.title
    if meta.published:
        builder.metadata["published"] = meta.published
    if meta.heading and not _starts_with_title(blocks, meta.heading):
        builder.paragraph(meta.heading)
    for block in blocks:
        if block.rows is not None:
            builder.table(block.rows)
        else:
            builder.paragraph(block.text)
    return builder.build()


def _starts_with_title(blocks: list[_Block], heading: str) -> bool:
    """Whether the body already opens with the report's title (or a title of its own)."""
    key = _key(heading)
    for block in blocks[:3]:
        if block.rows is not None:
            cells = "".join(c or "" for row in block.rows[:2] for c in row)
            if key and key in _key(cells):
                return True
            continue
        line = _key(block.text)
        if key and (key in line or (line and line in key and len(line) >= 8)):
            return True
        if len(line) <= 80 and _REPORT_TITLE.search(line):
            return True
    return False
