"""Dropping the site chrome and picking the article body."""

from __future__ import annotations

import re
from typing import Any

from checker.readers.html.tree import CHROME_TAGS, NUMERIC, Texts, drop_tree, tag_of

ALWAYS_DROP = frozenset(
    {
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
)
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
_REPORT_WORD_LIST = ("年度报告", "信息公开", "主动公开", "依申请", "行政复议", "申请人情况")
# No two share a first character: TextIndex.has_words relies on it.
REPORT_WORDS = re.compile("|".join(_REPORT_WORD_LIST))
assert len({w[0] for w in _REPORT_WORD_LIST}) == len(_REPORT_WORD_LIST)


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


def _holds_article(el: Any, texts: Texts, page_len: int, container_holders: set[Any]) -> bool:
    """Never drop what holds the article: a CMS body container, most of the page, or report prose."""
    if el in container_holders:
        return True
    size = texts.visible(el)
    if size > 0.5 * page_len:
        return True
    return size - texts.links(el) >= 300 and texts.has_words(el)


# Elements without attributes matter to strip_chrome only by these tags. Exact tag names suffice
# (see read_metadata): none of these names has a "k".
_NOTABLE_TAGS = frozenset(CHROME_TAGS | {"ucapcontent"})


def drop_always(root: Any) -> None:
    """Drop scripts, styles, frames, embedded objects and SVG: never text of the page."""
    for el in list(root.iter(*ALWAYS_DROP)):
        drop_tree(el)  # keeps the tail text in place


def strip_chrome(root: Any, texts: Texts) -> list[tuple[Any, int]]:
    """Drop the site chrome; return the body containers left, with their tier, in document order."""
    body = next(root.iterdescendants("body"), None)  # find(".//body"), without ElementPath
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
        if tag in CHROME_TAGS:
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
    page_len = max(1, texts.visible(root if body is None else body))
    holders = {a for el, tier in containers if tier == 2 for a in el.iterancestors()}
    doomed = [el for el in candidates if not _holds_article(el, texts, page_len, holders)]
    for el in doomed:
        # An ancestor may already be gone; dropping inside a detached subtree is harmless.
        drop_tree(el)
    return [(el, tier) for el, tier in containers if _in_tree(el, root)]


def _in_tree(el: Any, root: Any) -> bool:
    """Whether the element is still in the page (not inside a dropped subtree)."""
    while (parent := el.getparent()) is not None:
        el = parent
    return el is root


def _numeric_cells(table: Any, texts: Texts, enough: int) -> int:
    """How many cells hold a number (counting stops at `enough`)."""
    n = 0
    for td in table.iter("td", "th"):
        if NUMERIC.match(texts.text(td).strip()):
            n += 1
            if n >= enough:
                break
    return n


_TABLE_WORDS = re.compile(r"申请|公开|复议|诉讼|规章|许可|处罚|收费")


def pick_body(root: Any, containers: list[tuple[Any, int]]) -> Any:
    body = next(root.iterdescendants("body"), None)  # find(".//body"), without ElementPath
    if body is None:
        body = root
    texts = Texts(root, REPORT_WORDS)
    page_has_words = texts.has_words(body)
    # The report's statistical tables: the body must hold them all.
    data_tables = [
        t
        for t in root.iter("table")
        if not any(tag_of(a) == "table" for a in t.iterancestors())
        and _TABLE_WORDS.search(texts.text(t))
        and _numeric_cells(t, texts, 4) >= 4
    ]
    holding = [set(t.iterancestors()) for t in data_tables]
    for tier in (2, 1):
        scored = []
        for el, el_tier in containers:
            if el_tier != tier:
                continue
            n = texts.visible(el)
            if n > 0 and (not page_has_words or texts.has_words(el)):
                scored.append((el, n))
        if scored:
            return _widen(max(scored, key=lambda en: en[1])[0], holding)
    # Text density: the block with the most non-link text, then the deepest block keeping most of it.
    blocks = list(root.iter("div", "article", "section", "td", "main"))
    index = texts.index()  # every block is weighed: one pass
    visible, links = index.visible, index.links
    scores = {el: visible[el] - links[el] for el in blocks}
    top = max(scores.values(), default=0)
    if top > 0:
        keep = [el for el in blocks if scores[el] >= 0.8 * top and _holds(el, holding)]
        if keep:
            best = max(keep, key=lambda el: (len(list(el.iterancestors())), scores[el]))
            if not page_has_words or texts.has_words(best):
                return best
    return body


def _holds(el: Any, holding: list[set[Any]]) -> bool:
    """Whether `el` holds every table (given by the set of each table's ancestors)."""
    return all(el in ancestors for ancestors in holding)


def _widen(chosen: Any, holding: list[set[Any]]) -> Any:
    """A CMS container that misses some of the report's tables: use the smallest block holding all."""
    while not _holds(chosen, holding):
        parent = chosen.getparent()
        if parent is None:
            break
        chosen = parent
    return chosen
