"""Hostile files for the DOCX, PDF and legacy readers (issue 8), made by code: nothing hostile
is committed. `make(folder)` writes them; `EXPECT` says how each must settle in a batch:
"checked" (a normal result) or "refused" (unreadable, one DOC-00 line)."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def p(text: str, ppr: str = "") -> str:
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tbl(rows: list[list[str]]) -> str:
    return (
        "<w:tbl>"
        + "".join("<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in r) + "</w:tr>" for r in rows)
        + "</w:tbl>"
    )


def docx(body: str, numbering: str | None = None, stored: bool = False) -> bytes:
    """A minimal Word package around `body` (the inside of w:body); `stored` for a body so
    repetitive that deflating it would look like a ZIP bomb."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if numbering is not None:
            z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
            z.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W}">{numbering}</w:numbering>')
    return buf.getvalue()


def report_body() -> str:
    return p("某县人民政府2023年政府信息公开工作年度报告") + "".join(p(h) for h in HEADINGS)


def many_tables(n: int = 5000) -> bytes:
    """5,000 tiny tables: Document.in_table scanned all of them for each heading candidate."""
    return docx(report_body() + tbl([["项目", "数量"]]) * n)


def lower_letter(start: int = 2_000_000_000) -> bytes:
    """A lowerLetter list starting at two thousand million: "a" repeated 77 million times."""
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1."/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return docx(report_body() + p("列项", numbered) * 50, numbering)


def nested_tables(depth: int = 50) -> bytes:
    """Tables nested in table cells, far deeper than any report."""
    inner = p("项目")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc><w:tc>{p('1')}</w:tc></w:tr></w:tbl>"
    return docx(report_body() + inner)


def flate_pdf(size: int = 120 * 1024 * 1024, fill: bytes = b"0") -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes (zeros: ~120 KB on disk)."""
    packer = zlib.compressobj(9)
    chunk = fill * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    stream = b"".join(parts) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


EXPECT: dict[str, str] = {
    "docx-5000-tables.docx": "checked",
    "docx-lowerletter-start.docx": "checked",
    "pdf-flate-120mb.pdf": "refused",
}


def make(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "docx-5000-tables.docx": many_tables(),
        "docx-lowerletter-start.docx": lower_letter(),
        "pdf-flate-120mb.pdf": flate_pdf(),
    }
    files = {}
    for name, data in made.items():
        files[name] = folder / name
        files[name].write_bytes(data)
    return files
