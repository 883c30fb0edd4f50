"""styles.xml without parsing all of it: only the paragraph and numbering styles.

A template's styles.xml is mostly table styles and latent-style exceptions (python-docx's
350 KB default holds 37 paragraph/numbering styles in 14 KB); building a tree of the
whole part costs more than reading the rest of the document. The reader needs only
``w:style`` elements whose ``w:type`` is absent, ``paragraph`` or ``numbering``
(numbering.Definitions ignores every other), so the styles that are plainly of
another type (``w:type="table"`` or ``"character"`` as the first attribute, as Word
writes it) are left out of the bytes and the rest is parsed alone, under the part's
own prolog and root start tag (its namespace declarations and encoding).

What is left out is not parsed, so malformed XML inside a table or character style, or
in the latent styles and document defaults, no longer makes the file unreadable (a
ZIP member's CRC already catches a damaged download); a malformed kept style still does.

The cut is only made where the bytes leave no doubt what they mean: an ASCII-compatible
encoding, no comment, CDATA, DTD or processing instruction (so every ``<`` is a tag),
every namespace declared on the root and the WordprocessingML namespace bound to one
prefix only, no ``w:style`` nested in another. Anything else returns None and the
whole part is parsed as before, so the styles read are the same either way.
"""

from __future__ import annotations

import re

# A start tag, quoted attribute values (which may hold '>') consumed whole; unrolled, so
# it is linear even when no '>' follows.
_TAG_REST = rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""
_PROLOG = re.compile(rb"""(?:\xef\xbb\xbf)?(?:<\?xml\s[^>]*\?>)?\s*""")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)" + _TAG_REST)
_ATTR = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]*)["']""")
_SKIPPED_TYPES = (b"table", b"character")
_AFTER_NAME = (b" ", b"\t", b"\r", b"\n", b"/", b">")


def paragraph_styles(data: bytes, ns: str) -> bytes | None:
    """A small XML document with the part's ``w:style`` elements but those plainly of
    another type than paragraph or numbering, in order; None if the bytes are not in
    the plain form described above (the caller then parses the whole part)."""
    prolog = _PROLOG.match(data)
    assert prolog is not None  # every part of the pattern is optional
    decl = data[: prolog.end()]
    enc = _ENCODING.search(decl)
    if enc is not None and enc.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        return None
    root = _ROOT.match(data, prolog.end())
    if root is None or root.group().endswith(b"/>"):
        return None
    if _markup_declaration(data, b"!", 0) or _markup_declaration(data, b"?", root.end()):
        return None  # a comment, CDATA, DTD or processing instruction
    if data.find(b"xmlns", root.end()) >= 0:
        return None  # a namespace declared below the root
    uri = ns.encode()
    if data.count(uri) != 1:
        return None
    prefix = None
    for m in _ATTR.finditer(root.group(), len(root.group(1)) + 1):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if value == uri and m.group(1).startswith(b"xmlns:"):
            prefix = m.group(1)[6:]
    if not prefix:
        return None
    if root.group(1) == prefix + b":style":
        return None  # the root itself is a style
    tag = b"<" + prefix + b":style"
    start_tag = re.compile(re.escape(tag) + _TAG_REST)
    close = re.compile(rb"</" + re.escape(prefix) + rb":style\s*>")
    # Word writes w:type first; a first attribute is plainly an attribute (never inside a
    # quoted value), so these heads are surely another kind of style.
    skipped = tuple(tag + b" " + prefix + b':type="' + kind + b'"' for kind in _SKIPPED_TYPES)
    pieces = [data[: root.end()]]
    size = len(tag)
    at = data.find(tag, root.end())
    while at >= 0:
        if data[at + size : at + size + 1] not in _AFTER_NAME:
            at = data.find(tag, at + size)  # a longer name (w:styles, w:styleId …)
            continue
        if data.startswith(skipped, at):
            at = data.find(tag, at + size)  # a style inside it, if any, is judged on its own
            continue
        head = start_tag.match(data, at)
        if head is None:
            return None
        if head.group().endswith(b"/>"):
            end = head.end()
        else:
            closing = close.search(data, head.end())
            if closing is None:
                return None
            end = closing.end()
            if _has_start(data, tag, head.end(), end):
                return None  # a style inside a kept style: leave it to the tree
        pieces.append(data[at:end])
        at = data.find(tag, head.end())
    pieces.append(b"</" + root.group(1) + b">")
    return b"".join(pieces)


def _markup_declaration(data: bytes, char: bytes, pos: int) -> bool:
    """Whether '<' + char occurs from pos on (found by the rare char, not the frequent '<')."""
    i = data.find(char, pos)
    while i >= 0:
        if i > 0 and data[i - 1] == 0x3C:
            return True
        i = data.find(char, i + 1)
    return False


def _has_start(data: bytes, tag: bytes, pos: int, end: int) -> bool:
    at = data.find(tag, pos, end)
    while at >= 0:
        if data[at + len(tag) : at + len(tag) + 1] in _AFTER_NAME:
            return True
        at = data.find(tag, at + len(tag), end)
    return False
