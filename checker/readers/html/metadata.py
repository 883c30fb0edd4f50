"""Title and publication date, read from the whole page before the chrome is dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from checker.readers.html.tree import Texts, attr_words, normalize_line, text_of

_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|(?<!\d)-(?!\d)|—+|–)\s*")
REPORT_TITLE = re.compile(r"年度报告|年报")
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


_PUB_LABELS = ("发布日期", "发布时间", "公开日期", "公开时间")

# The page's text with a space at the start of every element and after the tail of every element
# that has child elements (a childless element's text runs on into its tail), as libxslt writes it
# in one C pass; a Python visit of every element cost ~4 ms on a page of 1,000 <font> tags. The
# whitespace runs are kept: _PUB_TEXT reads any run as one. The parser keeps no comments, PIs or
# entity references, and scripts, styles, noscript and template were dropped (the template for
# them is their space alone).
_PAGE_TEXT = etree.XSLT(
    etree.XML(
        b"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:apply-templates select="*" mode="root"/></xsl:template>
<xsl:template match="*" mode="root"><xsl:apply-templates/></xsl:template>
<xsl:template match="*"><xsl:text> </xsl:text><xsl:apply-templates/>"""
        b"""<xsl:if test="*"><xsl:text> </xsl:text></xsl:if></xsl:template>
<xsl:template match="script|style|noscript|template"><xsl:text> </xsl:text></xsl:template>
</xsl:stylesheet>"""
    )
)


def _page_text(root: Any) -> str:
    """Text of the page with a space between elements (so table cells stay apart)."""
    return str(_PAGE_TEXT(root))


def _may_state_publication(root: Any) -> bool:
    """False when the page text cannot hold a "发布日期：…" label (its words never meet in any text)."""
    # _page_text only adds spaces between pieces of text, and skips texts always preceded by a space:
    # a label whole in the page text is whole in the plain concatenation of all texts too.
    everything = text_of(root) + (root.tail or "")
    return any(label in everything for label in _PUB_LABELS)


@dataclass
class Meta:
    title: str = ""
    heading: str = ""
    published: str | None = None


# A title is at most 100 characters once its whitespace is collapsed; an element whose raw text
# is this long is not one (nested title blocks each held the whole page).
_HEADING_RAW_MAX = 2000


def read_metadata(root: Any, texts: Texts) -> Meta:
    meta = Meta()
    page_title = ""
    for el in root.iter("title"):
        page_title = normalize_line(text_of(el))
        if page_title:
            break
    title_part = ""
    if page_title:
        parts = [p for p in _TITLE_SPLIT.split(page_title) if REPORT_TITLE.search(p)]
        title_part = max(parts, key=len) if parts else ""
    headings: list[str] = []
    first_h1 = ""
    # The HTML parser lower-cases ASCII in tag names, so matching these names exactly finds every
    # element whose lower-cased tag is one of them (the only non-ASCII letter that lower-cases into
    # ASCII is the Kelvin sign, and none of these names has a "k").
    for el in root.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        tag = el.tag
        if tag not in ("h1", "h2", "h3") and not (
            (el.get("id") or el.get("class")) and _TITLE_CLASSES.search(attr_words(el))
        ):
            continue
        raw = texts.text(el)
        if len(raw) > _HEADING_RAW_MAX:
            continue  # not a title, however many spaces it holds (nested, each cost the page)
        text = normalize_line(raw)
        if not text or len(text) > 100:
            continue
        if tag == "h1" and not first_h1:
            first_h1 = text
        if REPORT_TITLE.search(text):
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
