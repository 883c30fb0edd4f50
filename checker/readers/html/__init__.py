"""HTML reader: a government CMS page (the report wrapped in site chrome) → Document.

Steps, one module each: `decoding` turns the bytes into str ourselves (BOM, then
``<meta charset>``, then the shared detection of checker.readers.decoding) and `tree`
gives lxml that str; `metadata` reads title and publication date from the whole page;
`body` drops the site chrome (scripts, navigation, headers, footers, share bars) and
picks the article body (known CMS containers such as ``ucapcontent``, ``TRS_Editor``,
``zoom``; else the densest block of non-link text; else ``<body>``); `walk` walks it
in document order into paragraphs and tables, whose merged cells `grid` expands.

Table policy (the table matcher depends on it): merged cells are expanded into a
rectangular grid; a cell spanning several rows repeats its text in every row, a cell
spanning several columns keeps its text in the first column and None in the others.
Empty cells stay "". Single-column tables and tables of prose without numbers are
page layout, not data, and are read as paragraphs.
"""

from __future__ import annotations

import re

from lxml import etree

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import DocumentBuilder
from checker.readers.html.body import REPORT_WORDS, drop_always, pick_body, strip_chrome
from checker.readers.html.decoding import check_is_text, decode_page
from checker.readers.html.metadata import REPORT_TITLE, read_metadata
from checker.readers.html.tree import Texts, has_zero_width, parse, text_of
from checker.readers.html.walk import Block, Budget, Walker

__all__ = ["read_html"]


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_html(data: bytes, path: str) -> Document:
    max_bytes = LIMITS.html_max_bytes
    if len(data) > max_bytes:
        raise InputError(
            f"网页文件过大（{len(data) // (1024 * 1024)} MB，上限 {max_bytes // (1024 * 1024)} MB）",
            "请只保存年度报告所在的网页，或另存为文本",
        )
    # Refused before parsing: lxml's tree would cost hundreds of bytes per element. Counting
    # "<" is a quick upper bound; only a page past it has its start tags counted.
    max_tags = LIMITS.html_max_tags
    if data.count(b"<") > max_tags and _count_start_tags(data) > max_tags:
        raise InputError(
            f"网页的元素过多（超过 {max_tags} 个），不像是一份年度报告",
            "请只保存年度报告所在的网页，或另存为文本",
        )
    text, encoding = decode_page(data)
    text = check_is_text(text)
    try:
        root = parse(text)
        tables = sum(1 for _ in root.iter("table"))
        if tables > LIMITS.html_max_tables:
            raise InputError(
                f"网页中的表格过多（{tables} 个，上限 {LIMITS.html_max_tables} 个），不像是一份年度报告",
                "请只保存年度报告所在的网页，或另存为文本",
            )
        drop_always(root)
        texts = Texts(root, REPORT_WORDS)
        meta = read_metadata(root, texts)
        containers = strip_chrome(root, texts)
        body = pick_body(root, containers)
        walker = Walker(budget=Budget(zero_width=has_zero_width(text_of(body))))
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


_START_TAG = re.compile(rb"<[A-Za-z]")


def _count_start_tags(data: bytes) -> int:
    return sum(1 for _ in _START_TAG.finditer(data))


def _starts_with_title(blocks: list[Block], heading: str) -> bool:
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
        if len(line) <= 80 and REPORT_TITLE.search(line):
            return True
    return False
