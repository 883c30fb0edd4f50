"""PDF reader (pdfplumber): text lines in reading order, ruled tables as grids.

Government PDFs are mostly exported from Word/WPS: body text is laid out in
visual lines that must be joined back into paragraphs, numbers and Chinese are
separated by spaces the layout engine inserted, page numbers such as ``- 3 -``
sit in the footer, and the statistical tables are ruled grids that may continue
on the next page. Some exporters draw a frame around the whole page, which a
table finder sees as a one-column "table" of prose: such rows stay paragraphs.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zlib
from dataclasses import dataclass, field
from typing import Any

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import DocumentBuilder

MAX_PAGES = 300
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_IS_CJK = re.compile(f"[{_CJK}]")
_BLANKS = re.compile(r"[ \t]+")
# The keyword that opens a stream's data, and the end of line the format puts after it.
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_INFLATE_STEP = 1 << 20  # bytes produced per zlib call while measuring a stream
_FEED_STEP = 1 << 16  # compressed bytes given per step (never the rest of the file at once)


def _stream_too_large(one: bool) -> InputError:
    if one:
        what = f"有一个数据流解压后超过 {LIMITS.pdf_max_stream_bytes // (1024 * 1024)} MB"
    else:
        what = f"的数据流解压后合计超过 {LIMITS.pdf_max_total_stream_bytes // (1024 * 1024)} MB"
    return InputError(f"PDF 中{what}，疑似压缩炸弹，已拒绝读取", "请重新导出 PDF，或提供原始 Word 文件")


def _quiet_loggers() -> None:
    """pdfminer, pdfplumber and pypdf log in English to stderr (through logging's last-resort
    handler when nobody configured logging): the user sees one Chinese line per file that
    could not be checked, nothing else."""
    for name in ("pdfminer", "pdfplumber", "pypdf", "PIL"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


_quiet_loggers()
_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*\d{1,4}[-—–－_\s]*$|^第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)
_STARTS_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.．、](?!\d)|附件|附表)"
)


@dataclass
class _Line:
    text: str
    top: float
    x0: float
    x1: float


@dataclass
class _Grid:
    rows: list[list[str | None]]
    top: float
    ncols: int
    pages: list[int | None] = field(default_factory=list)


def _drop_blanks_near_cjk(m: re.Match[str]) -> str:
    text = m.string
    before = m.start() > 0 and _IS_CJK.match(text, m.start() - 1) is not None
    after = m.end() < len(text) and _IS_CJK.match(text, m.end()) is not None
    return "" if before or after else m.group()


def _tidy(text: str) -> str:
    """Spaces the layout engine put between Chinese characters and numbers are not content.
    (One pass over each run of blanks, looking at its two neighbours: a lookahead after
    ``[ \t]+`` would rescan a long run of blanks from each of its positions.)"""
    return _BLANKS.sub(_drop_blanks_near_cjk, text).strip()


def _measure_streams(data: bytes) -> None:
    """Refuse a PDF whose flate streams inflate past the limits, before pdfminer inflates
    them: pdfminer decompresses a stream whole, so a 100 KB stream of zeros becomes 120 MB
    at once, and the worker dies in the allocation. Each stream is inflated here in steps
    of bounded output, keeping only a count."""
    total = 0
    view = memoryview(data)  # slices without copies
    for m in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        produced = 0
        pos = m.end()
        try:
            while not inflater.eof and pos < len(data):
                pending: bytes | memoryview = view[pos : pos + _FEED_STEP]
                pos += len(pending)
                while True:
                    out = len(inflater.decompress(pending, _INFLATE_STEP))
                    produced += out
                    if (
                        produced > LIMITS.pdf_max_stream_bytes
                        or total + produced > LIMITS.pdf_max_total_stream_bytes
                    ):
                        raise _stream_too_large(produced > LIMITS.pdf_max_stream_bytes)
                    pending = inflater.unconsumed_tail
                    if inflater.eof or (not pending and out < _INFLATE_STEP):
                        break  # this input used up and nothing held back
        except zlib.error:
            pass  # not flate data (another filter, or the word "stream" in text): pdfminer's to judge
        total += produced


def read_pdf(data: bytes, path: str) -> Document:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise InputError("缺少 PDF 读取组件 pdfplumber", "请重新安装 nianbao（pip install nianbao）") from exc
    _measure_streams(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pdfminer/pdfplumber warn in English; a finding says what matters
        return _read(data, path, pdfplumber, PDFPasswordIncorrect)


def _read(data: bytes, path: str, pdfplumber: Any, PDFPasswordIncorrect: Any) -> Document:  # noqa: N803
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except PDFPasswordIncorrect as exc:
        raise InputError("PDF 文件已加密，需要密码才能打开", "请提供未加密的 PDF 或原始 Word 文件") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on broken files
        # pdfplumber wraps pdfminer's PDFPasswordIncorrect in its own exception.
        causes = [exc, *getattr(exc, "args", ())]
        if any(isinstance(c, PDFPasswordIncorrect) or "encrypt" in type(c).__name__.lower() for c in causes):
            raise InputError(
                "PDF 文件已加密，需要密码才能打开", "请提供未加密的 PDF 或原始 Word 文件"
            ) from exc
        raise InputError("PDF 文件已损坏，无法打开", "请重新导出 PDF，或提供原始 Word 文件") from exc
    try:
        if len(pages) > MAX_PAGES:
            raise InputError(
                f"PDF 页数过多（{len(pages)} 页）", "年度报告通常只有几页到几十页，请确认文件是否正确"
            )
        builder = DocumentBuilder(path, "pdf")
        builder.notes.append(f"pages={len(pages)}")
        per_page = [_read_page(page) for page in pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page stream must not crash the batch
        raise InputError(
            f"PDF 内容无法解析（{type(exc).__name__}）", "请重新导出 PDF，或提供原始 Word 文件"
        ) from exc
    finally:
        pdf.close()
    chars = sum(len(line.text) for lines, _grids in per_page for line in lines) + sum(
        len("".join(c for c in row if c)) for _lines, grids in per_page for g in grids for row in g.rows
    )
    if chars < 20 * max(1, len(per_page)) // 2:
        raise InputError(
            "PDF 没有可读取的文字层（可能是扫描件或图片）",
            "请提供原始 Word 文件或带文字层的 PDF；nianbao 不做文字识别（OCR）",
        )
    _drop_running_lines(per_page)
    _emit(builder, per_page)
    return builder.build()


def _read_page(page: Any) -> tuple[list[_Line], list[_Grid]]:
    tables = page.find_tables()
    grids: list[_Grid] = []
    claimed: list[tuple[float, float, float, float]] = []
    for table in tables:
        rows = table.extract()
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a frame around prose, not a grid
        current: list[list[str | None]] = []
        current_top = 0.0
        for cells, row in zip(rows, table.rows, strict=False):
            values: list[str | None] = list(cells)
            filled = [i for i, v in enumerate(values) if v and v.strip()]
            is_grid_row = len(filled) >= 2 or (len(filled) == 1 and filled[0] != 0)
            if is_grid_row:
                if not current:
                    current_top = row.bbox[1]
                # None: a position covered by a merged cell (pdfplumber cannot tell the direction)
                current.append([None if v is None else _tidy(v.replace("\n", "")) for v in values])
                claimed.append(row.bbox)
            elif current:
                grids.append(_Grid(current, current_top, len(current[0])))
                current = []
        if current:
            grids.append(_Grid(current, current_top, len(current[0])))
    lines = []
    for raw in page.extract_text_lines(strip=True, return_chars=False):
        mid_y = (raw["top"] + raw["bottom"]) / 2
        mid_x = (raw["x0"] + raw["x1"]) / 2
        if any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in claimed):
            continue
        text = _tidy(raw["text"])
        if text:
            lines.append(_Line(text, raw["top"], raw["x0"], raw["x1"]))
    page_no = page.page_number
    for g in grids:
        g.pages = [page_no] * len(g.rows)
    if lines and _PAGE_NUMBER.match(lines[-1].text):
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[0].text):
        lines.pop(0)
    return lines, grids


def _drop_running_lines(per_page: list[tuple[list[_Line], list[_Grid]]]) -> None:
    """A line repeated at the top (or bottom) of most pages is a running header (footer)."""
    if len(per_page) < 3:
        return
    for index in (0, -1):
        texts = [lines[index].text for lines, _ in per_page if lines]
        for text in set(texts):
            if texts.count(text) >= max(3, len(per_page) * 2 // 3) and len(text) < 40:
                for lines, _ in per_page:
                    if lines and lines[index].text == text:
                        lines.pop(index)


def _emit(builder: DocumentBuilder, per_page: list[tuple[list[_Line], list[_Grid]]]) -> None:
    pending_grid: _Grid | None = None
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            builder.paragraph(_join(paragraph))
            paragraph.clear()

    def flush_grid() -> None:
        nonlocal pending_grid
        if pending_grid is not None:
            builder.table(pending_grid.rows, pending_grid.pages)
            pending_grid = None

    for lines, grids in per_page:
        builder.new_page()
        right = max((line.x1 for line in lines), default=0.0)
        items: list[tuple[float, _Line | _Grid]] = [(line.top, line) for line in lines]
        items += [(g.top, g) for g in grids]
        items.sort(key=lambda item: item[0])
        for index, (_top, item) in enumerate(items):
            if isinstance(item, _Grid):
                flush_paragraph()
                # A table that continues from the previous page: nothing between the two parts.
                # (The column count may differ: merged cells make the finder see other columns.)
                if pending_grid is not None:
                    rows, pages = list(item.rows), list(item.pages)
                    merged = _merge_split_row(pending_grid.rows[-1], rows[0])
                    if merged is not None:
                        # Word let a row break across the page: its two halves are one row.
                        pending_grid.rows[-1] = merged
                        rows, pages = rows[1:], pages[1:]
                    pending_grid.rows.extend(rows)
                    pending_grid.pages.extend(pages)
                else:
                    flush_grid()
                    pending_grid = item
                if index != len(items) - 1:
                    flush_grid()
                continue
            flush_grid()
            if paragraph and _STARTS_ITEM.match(item.text):
                flush_paragraph()
            paragraph.append(item.text)
            # A line that stops short of the right margin ends its paragraph; a full line may
            # end with "。" and still go on (justified Chinese text), so punctuation decides nothing.
            full_width = right > 0 and item.x1 >= right - 14
            if not full_width:
                flush_paragraph()
        # a paragraph may continue on the next page; a grid may too (kept pending)
    flush_paragraph()
    flush_grid()


_DIGITS = re.compile(r"^\s*-?[\d.,]+\s*$")


def _merge_split_row(last: list[str | None], first: list[str | None]) -> list[str | None] | None:
    """The bottom of one page and the top of the next may hold halves of one row: one half
    has the numbers, the other only wrapped label text and nothing where the numbers are.
    Labels are merged column by column from the left, numbers kept from the right."""
    for with_numbers, other, numbers_first in ((last, first, True), (first, last, False)):
        numeric = [i for i, c in enumerate(with_numbers) if c and _DIGITS.match(c)]
        if not numeric or any(c and _DIGITS.match(c) for c in other):
            continue
        width = len(with_numbers) - numeric[0]  # the value columns, counted from the right
        if len(other) < width or any(other[len(other) - width :]):
            continue
        labels_a, labels_b = with_numbers[: numeric[0]], other[: len(other) - width]
        if numbers_first:
            first_half, second_half = labels_a, labels_b
        else:
            first_half, second_half = labels_b, labels_a
        size = max(len(first_half), len(second_half))
        first_half = list(first_half) + [None] * (size - len(first_half))
        second_half = list(second_half) + [None] * (size - len(second_half))
        labels: list[str | None] = [
            None if a is None and b is None else (a or "") + (b or "")
            for a, b in zip(first_half, second_half, strict=True)
        ]
        if not any(labels):
            continue
        return labels + list(with_numbers[numeric[0] :])
    return None


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        if (
            out
            and part
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " " + part
        else:
            out += part
    return out
