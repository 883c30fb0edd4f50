"""Parsing a page into an lxml tree, and the element and text helpers every step shares."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from checker.errors import InputError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


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


def normalize_line(text: str) -> str:
    """Collapse whitespace; drop it at the ends, between CJK characters, and at CJK line breaks."""
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
