"""Warm a process before it forks workers: import every reader and fill every cache that does
not depend on the report (compiled regexes, template label maps, the packs of both formats)
by checking built-in samples in each format, then freeze the heap so that the workers share
it copy-on-write instead of each paying for it again."""

from __future__ import annotations

import gc
import html
import io
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from checker.rules import LoadedPack

SAMPLES = ("report-2023.txt", "report-2020.txt")  # one per format year: both packs get loaded

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _blocks(text: str) -> list[str | list[list[str]]]:
    """Paragraph lines and pipe tables (as rows of cells) of a sample."""
    blocks: list[str | list[list[str]]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the Markdown header rule
            if not blocks or not isinstance(blocks[-1], list):
                blocks.append([])
            table = blocks[-1]
            assert isinstance(table, list)
            table.append(cells)
        elif line.strip():
            blocks.append(line)
    return blocks


def as_html(text: str) -> bytes:
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>']
    for block in _blocks(text):
        if isinstance(block, str):
            out.append(f"<p>{html.escape(block)}</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block
            )
            out.append(f"<table>{rows}</table>")
    out.append("</body></html>")
    return "".join(out).encode("utf-8")


def as_docx(text: str) -> bytes:
    def paragraph(words: str) -> str:
        # html.escape without quotes is xml.sax.saxutils.escape (& < >), whose import pulls
        # in urllib.request, http.client and ssl (30 ms of the parent's start-up, before any fork)
        return f"<w:p><w:r><w:t>{html.escape(words, quote=False)}</w:t></w:r></w:p>"

    body = []
    for block in _blocks(text):
        if isinstance(block, str):
            body.append(paragraph(block))
        else:
            rows = "".join(
                "<w:tr>" + "".join(f"<w:tc>{paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in block
            )
            body.append(f"<w:tbl>{rows}</w:tbl>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{"".join(body)}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def sample_files(folder: Path) -> list[Path]:
    """The samples written into `folder`: each as text, and the first also as HTML and DOCX."""
    files = []
    for i, name in enumerate(SAMPLES):
        text = resources.files("checker").joinpath("samples", name).read_text(encoding="utf-8")
        variants = {".txt": text.encode("utf-8")}
        if i == 0:
            variants |= {".html": as_html(text), ".docx": as_docx(text)}
        for suffix, data in variants.items():
            path = folder / (Path(name).stem + suffix)
            path.write_bytes(data)
            files.append(path)
    return files


_warmed: set[int] = set()  # the packs this process has been warmed with (by id)


def warm_up(loaded: LoadedPack, pdf: bool = True, batch: bool = True) -> None:
    """Check the samples in this process (once per pack), import the PDF reader unless `pdf`
    is False (an inbox with no .pdf file), then freeze the heap. `batch`: the samples are
    checked as a batch's workers check files, with their facts (comparing years) and their
    clusters' items, so that what those load on first use (the batch-wide settings file and
    its YAML reader, the claim and masking patterns) is loaded once here, not by every
    worker (a worker is replaced every LIMITS.worker_files files)."""
    import codecs
    import sys

    from checker.engine import check_document

    pdf = pdf and "checker.readers.pdf" not in sys.modules
    if id(loaded) in _warmed and not pdf:
        return
    if id(loaded) not in _warmed:
        _warmed.add(id(loaded))
        codecs.lookup("gb18030")  # the second guess for a text that is not UTF-8
        with tempfile.TemporaryDirectory(prefix="nianbao-warm-") as tmp:
            for path in sample_files(Path(tmp)):
                try:
                    check_document(path, loaded, facts=batch, clusters=batch)
                except Exception:  # noqa: BLE001, S112 - warming is an optimisation; a failure here changes nothing
                    continue
    if pdf:
        # pdfminer's import is the PDF reader's start-up cost (0.15 s); a worker that meets a
        # PDF under another name imports it then.
        import pdfplumber  # noqa: F401

        import checker.readers.pdf  # noqa: F401

    gc.collect()
    gc.freeze()
