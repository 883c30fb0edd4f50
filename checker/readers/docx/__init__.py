"""DOCX reader: the OOXML package read with zipfile and lxml, the way Word shows it.

The package is checked before anything is decompressed (a ZIP that is not a Word
document says what it is; declared sizes and compression ratios bound the work, so
a ZIP bomb costs nothing). XML is parsed without DTDs, entities or network access.

The body is walked in document order and fed to the DocumentBuilder:

- paragraph text is what Word displays in the "accepted changes" view: insertions
  kept, deletions (``w:del``/``w:moveFrom``) and a deleted paragraph mark honoured,
  field codes dropped and field results kept, hidden (``w:vanish``) runs dropped;
- Word auto-numbering is rendered and prepended (``一、``, ``（一）``, ``1.``), with
  counters shared per abstract numbering definition as Word does, so a heading
  numbered by Word reads like a typed one;
- text boxes (DrawingML or VML, one branch of ``mc:AlternateContent`` only) follow
  the paragraph that anchors them;
- tables become rectangular grids (a layout table is read as paragraphs).

The package is split by concern: package.py (ZIP and XML safety), numbering.py (Word
auto-numbering), body.py (paragraphs and blocks), tables.py (grids).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections import OrderedDict

from lxml import etree

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import DocumentBuilder
from checker.readers.docx.body import BodyReader, plain_runs
from checker.readers.docx.names import APP_NS, DC_TITLE, DCTERMS, MC, W_NS, W
from checker.readers.docx.numbering import Definitions, Numbering, chinese_counting, format_number
from checker.readers.docx.package import SAVE_AS_DOCX, Package, not_word, rel_target
from checker.readers.docx.styles import paragraph_styles

__all__ = ["chinese_counting", "format_number", "read_docx"]


# Reports of one office are made from one template, so their styles.xml (often hundreds
# of KB, the costliest part to parse) and numbering.xml repeat byte for byte. Their
# definitions are kept by a hash of the bytes (a real hash: a forged CRC must not
# hand one file's numbering to another) for a few templates, small parts only. The
# hash is of the paragraph styles cut out of styles.xml where it can be cut (the
# definitions depend on nothing else), a few KB rather than hundreds.
_DEFS_CACHE: OrderedDict[tuple[str, bytes, bytes], Definitions] = OrderedDict()
_DEFS_CACHE_SIZE = 8
_DEFS_CACHE_MAX_BYTES = 4 * 1024 * 1024


# The same definitions by the stored (compressed) bytes of styles.xml and numbering.xml: a
# report from a known template then costs neither inflating its styles.xml (hundreds of KB)
# nor cutting it (Package.stored_key hashes a few KB of compressed bytes instead).
_STORED_CACHE: OrderedDict[tuple[str, bytes, bytes], Definitions] = OrderedDict()


def _definitions(pkg: Package, w: W, styles_part: str, numbering_part: str) -> Definitions:
    styles_key = pkg.stored_key(styles_part)
    numbering_key = pkg.stored_key(numbering_part)
    stored = (
        (w.ns, styles_key, numbering_key) if styles_key is not None and numbering_key is not None else None
    )
    if stored is not None and stored in _STORED_CACHE:
        _STORED_CACHE.move_to_end(stored)
        return _STORED_CACHE[stored]
    defs, cached = _definitions_read(pkg, w, styles_part, numbering_part)
    if stored is not None and cached:
        _STORED_CACHE[stored] = defs
        if len(_STORED_CACHE) > _DEFS_CACHE_SIZE:
            _STORED_CACHE.popitem(last=False)
    return defs


def _definitions_read(pkg: Package, w: W, styles_part: str, numbering_part: str) -> tuple[Definitions, bool]:
    """The definitions from the parts' bytes, and whether they are kept for other reports."""
    styles = _paragraph_styles(w, pkg.read(styles_part))
    numbering = pkg.read(numbering_part)
    size = len(styles or b"") + len(numbering or b"")
    key = (w.ns, _digest(styles), _digest(numbering)) if size <= _DEFS_CACHE_MAX_BYTES else None
    if key is not None and key in _DEFS_CACHE:
        _DEFS_CACHE.move_to_end(key)
        return _DEFS_CACHE[key], True
    defs = Definitions(
        w,
        pkg.parse(styles_part, styles, required=True) if styles is not None else None,
        pkg.parse(numbering_part, numbering, required=True) if numbering is not None else None,
    )
    if key is not None:
        _DEFS_CACHE[key] = defs
        if len(_DEFS_CACHE) > _DEFS_CACHE_SIZE:
            _DEFS_CACHE.popitem(last=False)
    return defs, key is not None


def _paragraph_styles(w: W, data: bytes | None) -> bytes | None:
    """styles.xml, or its paragraph and numbering styles alone where they can be cut out
    of the bytes (styles.py): the same styles for a tenth of the parse, and a hash of a
    few KB for the cache instead of hundreds."""
    if data is None or len(data) > LIMITS.docx_max_xml_bytes:
        return data  # too large: parse() refuses it as before
    cut = paragraph_styles(data, w.ns)
    return data if cut is None else cut


def _digest(data: bytes | None) -> bytes:
    return b"" if data is None else hashlib.blake2b(data, digest_size=20).digest()


def _metadata(pkg: Package, builder: DocumentBuilder) -> None:
    rels = pkg.rels("")
    core = pkg.xml(rel_target(rels, "core-properties") or "docProps/core.xml")
    if core is not None:
        title = core.find(DC_TITLE)
        text = re.sub(r"\s+", "", title.text or "") if title is not None else ""
        if text and "报告" in text and len(text) <= 80:
            builder.metadata["title"] = text
        # created/modified are when the file was written, not when the report was published.
        for key in ("created", "modified"):
            el = core.find(DCTERMS + key)
            if el is not None and el.text:
                builder.metadata[key] = el.text.strip()
    app = pkg.xml(rel_target(rels, "extended-properties") or "docProps/app.xml")
    if app is not None:
        name = app.find(APP_NS + "Application")
        if name is not None and name.text:
            builder.notes.append(f"application={name.text.strip()[:40]}")


# The names of each WordprocessingML namespace, made once (W is never changed after it is made).
_NAMES = {ns: W(ns) for ns in W_NS}


def read_docx(data: bytes, path: str) -> Document:
    pkg = Package(data)
    main = rel_target(pkg.rels(""), "officeDocument")
    if main is None or not pkg.has(main):
        main = "word/document.xml"
    if not pkg.has(main):
        raise not_word(pkg.names, pkg.zf)
    root = pkg.xml(main, required=True)
    if root is None or etree.QName(root).namespace not in W_NS:
        raise not_word(pkg.names, pkg.zf)
    ns = etree.QName(root).namespace
    w = _NAMES[ns if ns in W_NS else W_NS[0]]
    rels = pkg.rels(main)
    folder = posixpath.dirname(main)
    defs = _definitions(
        pkg,
        w,
        rel_target(rels, "styles") or posixpath.join(folder, "styles.xml"),
        rel_target(rels, "numbering") or posixpath.join(folder, "numbering.xml"),
    )
    builder = DocumentBuilder(path, "docx")
    alternates = next(root.iter(MC + "AlternateContent"), None) is not None
    reader = BodyReader(w, Numbering(defs), builder, alternates)
    reader.plain = not alternates and plain_runs(root, w)
    # Pages only where Word recorded its own pagination: a hard page break alone does not
    # say where the pages it does not force begin.
    if next(root.iter(w.lastRenderedPageBreak), None) is not None:
        reader.paged()
    body = root.find(w.body)
    if body is not None:
        reader.blocks(body)
    if reader.alt_chunks:
        builder.notes.append(f"altChunk={reader.alt_chunks}")
    if reader.toc_dropped:
        builder.notes.append("toc=dropped")
    if builder.line_count == 0:
        if reader.alt_chunks:
            raise InputError("DOCX 的正文是嵌入的外部内容（altChunk），无法直接读取", SAVE_AS_DOCX)
        images = sum(1 for n in pkg.names if n.lower().startswith("word/media/"))
        if images:
            raise InputError(
                f"DOCX 中没有文字，只有 {images} 张图片（可能是扫描件）",
                "请提供含文字的 Word 文件，或先做文字识别（OCR）",
            )
        raise InputError("DOCX 文件中没有文字内容", "请提供年度报告的全文")
    _metadata(pkg, builder)
    return builder.build()
