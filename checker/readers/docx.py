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
- tables become rectangular grids: a horizontal span leaves None (padding) in the spanned
  columns, a vertical merge repeats the restarting cell's text in every continued
  row (row labels carry down; numbers are never duplicated across columns). A
  layout table (each row a single cell) is read as paragraphs instead.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from checker.document import Document
from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.builder import DocumentBuilder

MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part; never more than the total limit (LIMITS.max_unzipped_bytes)


def _member_limit() -> int:
    return min(MAX_MEMBER_BYTES, LIMITS.max_unzipped_bytes)


RATIO_MIN_BYTES = 1024 * 1024  # small parts (a run of zeros) may compress better than 1:200 legitimately
MAX_MEMBERS = 20000
MAX_GRID_COLUMNS = 64  # Word's own limit is 63 columns

_SAVE_AS_DOCX = "请用 Word 或 WPS 打开后另存为 .docx 再检查"

_W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict Open XML
)
_M_NS = {
    _W_NS[0]: "http://schemas.openxmlformats.org/officeDocument/2006/math",
    _W_NS[1]: "http://purl.oclc.org/ooxml/officeDocument/math",
}
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_DCTERMS = "{http://purl.org/dc/terms/}"
_APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY")
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".emf", ".wmf")
_DOC_EXT = (".docx", ".doc", ".wps", ".pdf", ".txt", ".html", ".htm", ".ofd", ".xlsx", ".xls")
_ASCII_WORD_END = re.compile(r"[0-9A-Za-z.)\]]$")
_NUM_REF = re.compile(r"%([1-9])")
_TOC_STYLE = re.compile(r"toc \d|table of figures")
_FIELD_NAME = re.compile(r"\s*([A-Za-z]+)")
# Field results that are navigation, not content: a table of contents repeats the
# headings (with page numbers) ahead of the report and would be taken for them.
_DROPPED_FIELDS = {"TOC"}


def _shown_result(code: str) -> bool:
    m = _FIELD_NAME.match(code)
    return not (m and m.group(1).upper() in _DROPPED_FIELDS)


@dataclass(slots=True)
class _Field:
    code: list[str] = field(default_factory=list)
    state: str = "code"  # code (w:instrText) | result (shown) | dropped (a TOC's entries)


class _W:
    """Qualified tag and attribute names of one WordprocessingML namespace."""

    def __init__(self, ns: str) -> None:
        def q(name: str) -> str:
            return f"{{{ns}}}{name}"

        m = _M_NS[ns]
        self.ns = ns
        self.body = q("body")
        self.p = q("p")
        self.pPr = q("pPr")
        self.pStyle = q("pStyle")
        self.r = q("r")
        self.rPr = q("rPr")
        self.t = q("t")
        self.tab = q("tab")
        self.ptab = q("ptab")
        self.br = q("br")
        self.cr = q("cr")
        self.noBreakHyphen = q("noBreakHyphen")
        self.softHyphen = q("softHyphen")
        self.sym = q("sym")
        self.instrText = q("instrText")
        self.fldChar = q("fldChar")
        self.fldCharType = q("fldCharType")
        self.fldSimple = q("fldSimple")
        self.instr = q("instr")
        self.drawing = q("drawing")
        self.pict = q("pict")
        self.object = q("object")
        self.txbxContent = q("txbxContent")
        self.ruby = q("ruby")
        self.rubyBase = q("rubyBase")
        self.vanish = q("vanish")
        self.ins = q("ins")
        self.delete = q("del")
        self.moveFrom = q("moveFrom")
        self.moveTo = q("moveTo")
        self.hyperlink = q("hyperlink")
        self.smartTag = q("smartTag")
        self.customXml = q("customXml")
        self.dir = q("dir")
        self.bdo = q("bdo")
        self.sdt = q("sdt")
        self.sdtContent = q("sdtContent")
        self.altChunk = q("altChunk")
        self.tbl = q("tbl")
        self.tblGrid = q("tblGrid")
        self.gridCol = q("gridCol")
        self.tr = q("tr")
        self.trPr = q("trPr")
        self.gridBefore = q("gridBefore")
        self.gridAfter = q("gridAfter")
        self.tc = q("tc")
        self.tcPr = q("tcPr")
        self.gridSpan = q("gridSpan")
        self.vMerge = q("vMerge")
        self.hMerge = q("hMerge")
        self.numPr = q("numPr")
        self.numId = q("numId")
        self.ilvl = q("ilvl")
        self.val = q("val")
        self.style = q("style")
        self.styleId = q("styleId")
        self.type = q("type")
        self.default = q("default")
        self.name = q("name")
        self.basedOn = q("basedOn")
        self.num = q("num")
        self.abstractNum = q("abstractNum")
        self.abstractNumId = q("abstractNumId")
        self.numStyleLink = q("numStyleLink")
        self.lvl = q("lvl")
        self.lvlOverride = q("lvlOverride")
        self.startOverride = q("startOverride")
        self.start = q("start")
        self.numFmt = q("numFmt")
        self.lvlText = q("lvlText")
        self.lvlRestart = q("lvlRestart")
        self.isLgl = q("isLgl")
        self.suff = q("suff")
        self.m_t = f"{{{m}}}t"
        self.oMath = f"{{{m}}}oMath"
        self.oMathPara = f"{{{m}}}oMathPara"


# ---------------------------------------------------------------- number formats

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_counting(n: int, digits: str = _CN_DIGITS, units: str = "十百千", short_ten: bool = True) -> str:
    """一 二 … 十 十一 … 二十 … 一百零一: how Word renders chineseCounting (below 10000)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = (n // power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += unit if (short_ten and d == 1 and power == 10 and not out) else digits[d] + unit
    return out


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: A … Z, AA … ZZ, AAA …"""
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    ):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, "拾佰仟", short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[n - 1] if 1 <= n <= len(_TIANGAN) else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[n - 1] if 1 <= n <= len(_DIZHI) else str(n)
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        if 1 <= n <= 20:
            return chr(0x2460 + n - 1)
        return str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


# ---------------------------------------------------------------- styles and numbering


@dataclass(slots=True)
class _Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    is_lgl: bool = False
    restart: int | None = None  # lvlRestart: None = after any shallower level, 0 = never
    suffix: str = "tab"
    style: str | None = None


@dataclass(slots=True)
class _Num:
    abstract_id: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Level] = field(default_factory=dict)


def _int(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _on(el: Any, w: _W) -> bool:
    """A toggle property (w:vanish, w:isLgl): present and not switched off."""
    if el is None:
        return False
    return el.get(w.val) not in ("0", "false", "off")


# ---------------------------------------------------------------- package


def _fail_corrupt(detail: str = "") -> InputError:
    what = f"（{detail}）" if detail else ""
    return InputError(
        f"DOCX 文件已损坏，无法解压{what}", "文件可能下载不完整，请重新下载，或用 Word/WPS 打开后另存为 .docx"
    )


def _not_word(names: list[str], zf: zipfile.ZipFile) -> InputError:
    lower = [n.lower() for n in names]
    hint = "请提供 Word（.docx）、PDF、网页或文本格式的年度报告全文"
    if any(n.startswith("xl/") for n in lower):
        return InputError("这是 Excel 表格（.xlsx），不是 Word 文档", hint)
    if any(n.startswith("ppt/") for n in lower):
        return InputError("这是 PowerPoint 演示文稿（.pptx），不是 Word 文档", hint)
    if "ofd.xml" in lower:
        return InputError("这是 OFD 版式文件，暂不支持", "请导出为 PDF，或提供 Word（.docx）版本")
    if "mimetype" in lower:
        try:
            info = zf.getinfo(names[lower.index("mimetype")])
            mime = zf.read(info).decode("ascii", "replace").strip() if info.file_size < 200 else ""
        except (zipfile.BadZipFile, RuntimeError, OSError, zlib.error, EOFError):
            mime = ""
        if mime == "application/vnd.oasis.opendocument.text":
            return InputError("这是 OpenDocument 文本（.odt），不是 Word 文档", _SAVE_AS_DOCX)
        if mime == "application/epub+zip":
            return InputError("这是 EPUB 电子书，不是 Word 文档", hint)
        if mime.startswith("application/vnd.oasis.opendocument"):
            return InputError("这是 OpenDocument 文件，不是 Word 文档", hint)
    files = [n for n in names if not n.endswith("/")]
    if files and all(n.lower().endswith(_IMAGE_EXT) for n in files):
        return InputError(f"这是一个只含图片的 ZIP 压缩包（{len(files)} 张），不是 Word 文档", hint)
    inner = [n for n in files if n.lower().endswith(_DOC_EXT)]
    if inner:
        first = posixpath.basename(inner[0].replace("\\", "/"))
        more = f"等 {len(inner)} 个文件" if len(inner) > 1 else ""
        return InputError(
            f"这是一个 ZIP 压缩包（内含 {first}{more}），不是 Word 文档", "请解压后分别检查其中的报告文件"
        )
    return InputError(f"这是一个 ZIP 压缩包（{len(files)} 个文件），不是 Word 文档", hint)


class _Package:
    """The ZIP container: size limits checked up front, parts found by name (case-insensitively)."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise _fail_corrupt() from exc
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"压缩包内文件过多（{len(infos)} 个），不是正常的 Word 文档", _SAVE_AS_DOCX)
        total = 0
        for info in infos:
            size = info.file_size
            total += size
            if size > _member_limit():
                raise InputError(
                    f"DOCX 中的部件 {info.filename} 解压后过大（{size // (1024 * 1024)} MB），疑似压缩炸弹，已拒绝读取",
                    "请确认文件来源；正常的年度报告不会这么大",
                )
            if size >= RATIO_MIN_BYTES and size > LIMITS.max_ratio * max(info.compress_size, 1):
                raise InputError(
                    f"DOCX 中的部件 {info.filename} 压缩比异常（超过 {LIMITS.max_ratio} 倍），疑似压缩炸弹，已拒绝读取",
                    "请确认文件来源，或用 Word/WPS 打开后另存为 .docx",
                )
        if total > LIMITS.max_unzipped_bytes:
            raise InputError(
                f"DOCX 解压后总大小过大（{total // (1024 * 1024)} MB），疑似压缩炸弹，已拒绝读取",
                "请确认文件来源；正常的年度报告不会这么大",
            )
        self.names = [i.filename for i in infos]
        self.by_name = {i.filename.replace("\\", "/").lstrip("/").lower(): i for i in infos}

    def has(self, name: str) -> bool:
        return name.lower() in self.by_name

    def read(self, name: str) -> bytes | None:
        info = self.by_name.get(name.lower())
        if info is None:
            return None
        try:
            with self.zf.open(info) as fh:
                data = fh.read(_member_limit() + 1)
        except RuntimeError as exc:  # encrypted member: "password required"
            raise InputError("DOCX 压缩包已加密，无法读取", "请取消密码保护后另存为 .docx 再检查") from exc
        except NotImplementedError as exc:
            raise InputError("DOCX 使用了不支持的压缩方式", _SAVE_AS_DOCX) from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
            raise _fail_corrupt(f"{info.filename} 无法解压") from exc
        if len(data) > _member_limit():
            raise InputError(
                f"DOCX 中的部件 {info.filename} 解压后过大，疑似压缩炸弹，已拒绝读取", _SAVE_AS_DOCX
            )
        return data

    def xml(self, name: str, required: bool = False) -> Any:
        data = self.read(name)
        if data is None:
            return None
        head = data[:4096]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = data[:8192].decode("utf-16", "replace").encode("utf-8", "replace")
        if _DOCTYPE.search(head):
            raise InputError(
                f"DOCX 中的 {name} 含有 DTD/实体声明（Word 不会生成），疑似恶意文件，已拒绝读取",
                "请确认文件来源，或用 Word/WPS 打开后另存为 .docx",
            )
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
        )
        try:
            root = etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError) as exc:
            if not required:
                return None
            detail = str(exc).split(",")[0][:60]
            raise InputError(
                f"DOCX 中的 {name} 不是有效的 XML（{detail}），文件已损坏", _SAVE_AS_DOCX
            ) from exc
        info = root.getroottree().docinfo
        if info.internalDTD is not None or info.doctype:
            raise InputError(
                f"DOCX 中的 {name} 含有 DTD/实体声明（Word 不会生成），疑似恶意文件，已拒绝读取",
                "请确认文件来源，或用 Word/WPS 打开后另存为 .docx",
            )
        return root

    def rels(self, part: str) -> list[tuple[str, str]]:
        """(type, resolved target) of a part's relationships; internal targets only."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if root is None:
            return []
        out = []
        for rel in root.iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = (rel.get("Target") or "").replace("\\", "/")
            if not target:
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out.append((rel.get("Type") or "", posixpath.normpath(resolved)))
        return out


def _rel_target(rels: list[tuple[str, str]], kind: str) -> str | None:
    for typ, target in rels:
        if typ.rsplit("/", 1)[-1] == kind:
            return target
    return None


# ---------------------------------------------------------------- the reader


class _DocxReader:
    def __init__(self, pkg: _Package, main: str, root: Any, builder: DocumentBuilder) -> None:
        self.pkg = pkg
        self.builder = builder
        ns = etree.QName(root).namespace
        self.w = _W(ns if ns in _W_NS else _W_NS[0])
        rels = pkg.rels(main)
        folder = posixpath.dirname(main)
        self.styles: dict[str, _Style] = {}
        self.default_pstyle: str | None = None
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.abstract_links: dict[str, str] = {}
        self.nums: dict[str, _Num] = {}
        self._load_styles(_rel_target(rels, "styles") or posixpath.join(folder, "styles.xml"))
        self._load_numbering(_rel_target(rels, "numbering") or posixpath.join(folder, "numbering.xml"))
        self.counters: dict[str, list[int | None]] = {}
        self.overridden: set[tuple[str, int]] = set()
        self.fields: list[_Field] = []  # complex fields open, innermost last
        self.toc_dropped = 0
        self.carry = ""  # text of paragraphs whose mark was deleted (tracked), joined to the next
        self.alt_chunks = 0

    # -- styles and numbering ------------------------------------------------

    def _load_styles(self, part: str) -> None:
        root = self.pkg.xml(part, required=True)
        if root is None:
            return
        w = self.w
        for st in root.iter(w.style):
            if st.get(w.type) not in (None, "paragraph", "numbering"):
                continue
            sid = st.get(w.styleId)
            if not sid:
                continue
            style = _Style()
            name = st.find(w.name)
            if name is not None:
                style.name = name.get(w.val) or ""
            based = st.find(w.basedOn)
            if based is not None:
                style.based_on = based.get(w.val)
            ppr = st.find(w.pPr)
            numpr = ppr.find(w.numPr) if ppr is not None else None
            if numpr is not None:
                nid = numpr.find(w.numId)
                if nid is not None:
                    style.num_id = nid.get(w.val)
                lvl = numpr.find(w.ilvl)
                if lvl is not None:
                    style.ilvl = _int(lvl.get(w.val), 0)
            self.styles[sid] = style
            if st.get(w.type) in (None, "paragraph") and st.get(w.default) in ("1", "true", "on"):
                self.default_pstyle = sid

    def _parse_level(self, el: Any, base: _Level | None = None) -> _Level:
        w = self.w
        lv = _Level() if base is None else dataclasses.replace(base)
        for child in el:
            tag = child.tag
            val = child.get(w.val)
            if tag == w.start:
                lv.start = _int(val, 1)
            elif tag == w.numFmt:
                lv.fmt = val or "decimal"
            elif tag == w.lvlText:
                lv.text = val or ""
            elif tag == w.isLgl:
                lv.is_lgl = _on(child, w)
            elif tag == w.lvlRestart:
                lv.restart = _int(val, 0)
            elif tag == w.suff:
                lv.suffix = val or "tab"
            elif tag == w.pStyle:
                lv.style = val
        return lv

    def _load_numbering(self, part: str) -> None:
        root = self.pkg.xml(part, required=True)
        if root is None:
            return
        w = self.w
        for an in root.iter(w.abstractNum):
            aid = an.get(w.abstractNumId)
            if aid is None:
                continue
            levels: dict[int, _Level] = {}
            for lvl in an.findall(w.lvl):
                levels[_int(lvl.get(w.ilvl), 0)] = self._parse_level(lvl)
            self.abstracts[aid] = levels
            link = an.find(w.numStyleLink)
            if link is not None and link.get(w.val):
                self.abstract_links[aid] = link.get(w.val)
        for num in root.iter(w.num):
            nid = num.get(w.numId)
            ref = num.find(w.abstractNumId)
            if nid is None or ref is None or ref.get(w.val) is None:
                continue
            entry = _Num(ref.get(w.val))
            for ov in num.findall(w.lvlOverride):
                ilvl = _int(ov.get(w.ilvl), 0)
                so = ov.find(w.startOverride)
                if so is not None:
                    entry.starts[ilvl] = _int(so.get(w.val), 1)
                lvl = ov.find(w.lvl)
                if lvl is not None:
                    entry.levels[ilvl] = self._parse_level(lvl)
            self.nums[nid] = entry

    def _abstract_of(self, num: _Num) -> str:
        """Follow w:numStyleLink (numbering styles) to the definition that has the levels."""
        aid = num.abstract_id
        for _ in range(5):
            link = self.abstract_links.get(aid)
            if link is None:
                break
            style = self.styles.get(link)
            target = self.nums.get(style.num_id) if style and style.num_id else None
            if target is None or target.abstract_id == aid:
                break
            aid = target.abstract_id
        return aid

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, the style that carries it), following w:basedOn."""
        seen: set[str] = set()
        sid = style_id
        while sid and sid not in seen:
            seen.add(sid)
            style = self.styles.get(sid)
            if style is None:
                break
            if style.num_id is not None:
                return style.num_id, style.ilvl, sid
            sid = style.based_on
        return None, None, None

    def _number(self, ppr: Any) -> tuple[str, str]:
        """The rendered number of a paragraph and the suffix kind, or ("", "")."""
        w = self.w
        style_id = self.default_pstyle
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            ps = ppr.find(w.pStyle)
            if ps is not None and ps.get(w.val):
                style_id = ps.get(w.val)
            numpr = ppr.find(w.numPr)
            if numpr is not None:
                nid = numpr.find(w.numId)
                if nid is not None:
                    num_id = nid.get(w.val)
                lv = numpr.find(w.ilvl)
                if lv is not None:
                    ilvl = _int(lv.get(w.val), 0)
        carrier: str | None = None
        if num_id is None:
            num_id, style_ilvl, carrier = self._style_numbering(style_id)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0":
            return "", ""
        num = self.nums.get(num_id)
        if num is None:
            return "", ""
        aid = self._abstract_of(num)
        levels = dict(self.abstracts.get(aid, {}))
        levels.update(num.levels)
        if ilvl is None:
            ilvl = next((i for i, lv in levels.items() if carrier and lv.style == carrier), 0)
        ilvl = max(0, min(ilvl, 8))
        level = levels.get(ilvl)
        if level is None:
            return "", ""
        counts = self.counters.setdefault(aid, [None] * 9)

        def start_of(i: int) -> int:
            if i in num.starts:
                return num.starts[i]
            lv = levels.get(i)
            return lv.start if lv else 1

        if ilvl in num.starts and (num_id, ilvl) not in self.overridden:
            self.overridden.add((num_id, ilvl))
            counts[ilvl] = num.starts[ilvl]
        else:
            current = counts[ilvl]
            counts[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            lv = levels.get(deeper)
            restart = lv.restart if lv else None
            if restart is None or (restart != 0 and ilvl < restart):
                counts[deeper] = None
        if level.fmt == "bullet":
            return "", ""

        def render(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            lv = levels.get(i)
            value = counts[i] if counts[i] is not None else start_of(i)
            assert value is not None
            fmt = lv.fmt if lv else "decimal"
            if level.is_lgl and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        return _NUM_REF.sub(render, level.text), level.suffix

    # -- inline content ----------------------------------------------------------

    def _children(self, el: Any) -> Iterator[Any]:
        """Children, with mc:AlternateContent replaced by one branch (Choice, else Fallback)."""
        for child in el:
            if child.tag == _MC + "AlternateContent":
                branch = child.find(_MC + "Choice")
                if branch is None:
                    branch = child.find(_MC + "Fallback")
                if branch is not None:
                    yield from self._children(branch)
            elif isinstance(child.tag, str):
                yield child

    def _textboxes(self, el: Any, out: list[Any]) -> None:
        for child in self._children(el):
            if child.tag == self.w.txbxContent:
                out.append(child)
            else:
                self._textboxes(child, out)

    def _inline(self, el: Any, out: list[str], boxes: list[Any]) -> None:
        w = self.w
        for child in self._children(el):
            tag = child.tag
            if tag == w.r:
                self._run(child, out, boxes)
            elif tag in (w.delete, w.moveFrom):
                continue
            elif tag == w.fldSimple:
                if _shown_result(child.get(w.instr) or ""):
                    self._inline(child, out, boxes)
            elif tag in (w.ins, w.moveTo, w.hyperlink, w.smartTag, w.customXml, w.dir, w.bdo):
                self._inline(child, out, boxes)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    self._inline(content, out, boxes)
            elif tag in (w.oMath, w.oMathPara) and not self._suppressed():
                out.extend(t.text or "" for t in child.iter(w.m_t))

    def _suppressed(self) -> bool:
        return any(f.state != "result" for f in self.fields)

    def _run(self, run: Any, out: list[str], boxes: list[Any]) -> None:
        w = self.w
        rpr = run.find(w.rPr)
        hidden = rpr is not None and _on(rpr.find(w.vanish), w)
        for child in self._children(run):
            tag = child.tag
            if tag == w.fldChar:
                kind = child.get(w.fldCharType)
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    top = self.fields[-1]
                    top.state = "result" if _shown_result("".join(top.code)) else "dropped"
                    self.toc_dropped += top.state == "dropped"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == w.instrText and self.fields and self.fields[-1].state == "code":
                self.fields[-1].code.append(child.text or "")
                continue
            if hidden or self._suppressed():
                continue  # hidden text, a field's code, or a table of contents
            if tag == w.t:
                out.append(child.text or "")
            elif tag in (w.tab, w.ptab):
                out.append(" ")
            elif tag in (w.br, w.cr):
                out.append("\n")
            elif tag == w.noBreakHyphen:
                out.append("-")
            elif tag in (w.drawing, w.pict, w.object):
                self._textboxes(child, boxes)
            elif tag == w.ruby:
                base = child.find(w.rubyBase)
                if base is not None:
                    self._inline(base, out, boxes)

    def _paragraph(self, p: Any) -> tuple[str, list[Any], bool]:
        """(text with its Word number, text boxes it anchors, paragraph mark deleted)."""
        w = self.w
        ppr = p.find(w.pPr)
        mark_deleted = False
        if ppr is not None:
            rpr = ppr.find(w.rPr)
            mark_deleted = rpr is not None and (
                rpr.find(w.delete) is not None or rpr.find(w.moveFrom) is not None
            )
        if ppr is not None and not mark_deleted:
            ps = ppr.find(w.pStyle)
            style = self.styles.get(ps.get(w.val) or "") if ps is not None else None
            if style is not None and _TOC_STYLE.fullmatch(style.name.lower()):
                self.toc_dropped += 1
                return "", [], False  # an entry of a table of contents (fields already unlinked)
        parts: list[str] = []
        boxes: list[Any] = []
        self._inline(p, parts, boxes)
        text = "".join(parts)
        if mark_deleted:
            # The paragraph merges into the next one, which keeps its own number.
            self.carry += text
            return "", boxes, True
        text, self.carry = self.carry + text, ""
        number, suffix = self._number(ppr)
        if number:
            body = text.lstrip()
            # Word puts a tab (or space) after the number; in Chinese text nothing stands there.
            joint = (
                " "
                if suffix in ("tab", "space") and _ASCII_WORD_END.search(number) and body[:1].isascii()
                else ""
            )
            text = number + joint + body if body.strip() else number
        return text, boxes, False

    # -- blocks --------------------------------------------------------------------

    def blocks(self, container: Any) -> None:
        w = self.w
        for child in self._children(container):
            tag = child.tag
            if tag == w.p:
                text, boxes, merged = self._paragraph(child)
                if not merged:
                    self.builder.paragraph(text.replace("\t", " "))
                for box in boxes:
                    self.blocks(box)
            elif tag == w.tbl:
                self._table(child)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    self.blocks(content)
            elif tag in (w.customXml, w.ins, w.moveTo):
                self.blocks(child)
            elif tag == w.altChunk:
                self.alt_chunks += 1
        if self.carry:
            self.builder.paragraph(self.carry)
            self.carry = ""

    def _flat_text(self, container: Any, sep: str) -> list[str]:
        """Text of block content, flattened (for a table cell)."""
        w = self.w
        out: list[str] = []
        for child in self._children(container):
            tag = child.tag
            if tag == w.p:
                text, boxes, merged = self._paragraph(child)
                if not merged:
                    out.append(text)
                for box in boxes:
                    out.extend(self._flat_text(box, sep))
            elif tag == w.tbl:
                cells = [
                    "".join(self._flat_text(tc, sep)).strip()
                    for tr in self._rows(child)
                    for tc in self._cells(tr)
                ]
                out.append(sep.join(c for c in cells if c))
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    out.extend(self._flat_text(content, sep))
            elif tag in (w.customXml, w.ins, w.moveTo):
                out.extend(self._flat_text(child, sep))
        if self.carry:
            out.append(self.carry)
            self.carry = ""
        return out

    def _rows(self, tbl: Any) -> list[Any]:
        w = self.w
        rows: list[Any] = []
        for child in self._children(tbl):
            tag = child.tag
            if tag == w.tr:
                trpr = child.find(w.trPr)
                if trpr is not None and trpr.find(w.delete) is not None:
                    continue  # a tracked row deletion
                rows.append(child)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    rows.extend(self._rows(content))
            elif tag in (w.customXml, w.ins, w.moveTo):
                rows.extend(self._rows(child))
        return rows

    def _cells(self, tr: Any) -> list[Any]:
        w = self.w
        cells: list[Any] = []
        for child in self._children(tr):
            tag = child.tag
            if tag == w.tc:
                cells.append(child)
            elif tag == w.sdt:
                content = child.find(w.sdtContent)
                if content is not None:
                    cells.extend(self._cells(content))
            elif tag in (w.customXml, w.ins, w.moveTo):
                cells.extend(self._cells(child))
        return cells

    def _grid_value(self, el: Any, tag: str) -> int:
        if el is None:
            return 0
        found = el.find(tag)
        return max(0, min(_int(found.get(self.w.val), 0), MAX_GRID_COLUMNS)) if found is not None else 0

    def _table(self, tbl: Any) -> None:
        w = self.w
        rows = self._rows(tbl)
        row_cells = [self._cells(tr) for tr in rows]
        if row_cells and all(len(cells) <= 1 for cells in row_cells):
            # A layout table (a frame around prose, one cell per row): its paragraphs
            # are paragraphs, so headings in it stay headings and inner tables stay grids.
            for cells in row_cells:
                for tc in cells:
                    self.blocks(tc)
            return
        grid: list[list[str | None]] = []
        merged_text: dict[int, str] = {}  # grid column → text of the cell that restarted a vertical merge
        for tr, cells in zip(rows, row_cells, strict=True):
            trpr = tr.find(w.trPr)
            row: list[str | None] = [None] * self._grid_value(trpr, w.gridBefore)
            for tc in cells:
                col = len(row)
                tcpr = tc.find(w.tcPr)
                span = max(1, self._grid_value(tcpr, w.gridSpan))
                vmerge = tcpr.find(w.vMerge) if tcpr is not None else None
                hmerge = tcpr.find(w.hMerge) if tcpr is not None else None
                if hmerge is not None and hmerge.get(w.val) != "restart":
                    row.extend([None] * span)  # legacy horizontal merge: a spanned column
                    continue
                if vmerge is not None and vmerge.get(w.val) != "restart":
                    text = merged_text.get(col, "")
                else:
                    text = "".join(self._flat_text(tc, " ")).strip()
                    if vmerge is not None:
                        merged_text[col] = text
                    else:
                        for c in range(col, col + span):
                            merged_text.pop(c, None)
                row.append(text)
                row.extend([None] * (span - 1))
                if len(row) > MAX_GRID_COLUMNS * 2:
                    break
            row.extend([None] * self._grid_value(trpr, w.gridAfter))
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        for r in grid:
            r.extend([None] * (width - len(r)))
        self.builder.table(grid)


def _metadata(pkg: _Package, builder: DocumentBuilder) -> None:
    rels = pkg.rels("")
    core = pkg.xml(_rel_target(rels, "core-properties") or "docProps/core.xml")
    if core is not None:
        title = core.find(_DC_TITLE)
        text = re.sub(r"\s+", "", title.text or "") if title is not None else ""
        if text and "报告" in text and len(text) <= 80:
            builder.metadata["title"] = text
        # created/modified are when the file was written, not when the report was published.
        for key in ("created", "modified"):
            el = core.find(_DCTERMS + key)
            if el is not None and el.text:
                builder.metadata[key] = el.text.strip()
    app = pkg.xml(_rel_target(rels, "extended-properties") or "docProps/app.xml")
    if app is not None:
        name = app.find(_APP_NS + "Application")
        if name is not None and name.text:
            builder.notes.append(f"application={name.text.strip()[:40]}")


def read_docx(data: bytes, path: str) -> Document:
    pkg = _Package(data)
    main = _rel_target(pkg.rels(""), "officeDocument")
    if main is None or not pkg.has(main):
        main = "word/document.xml"
    if not pkg.has(main):
        raise _not_word(pkg.names, pkg.zf)
    root = pkg.xml(main, required=True)
    if root is None or etree.QName(root).namespace not in _W_NS:
        raise _not_word(pkg.names, pkg.zf)
    builder = DocumentBuilder(path, "docx")
    reader = _DocxReader(pkg, main, root, builder)
    body = root.find(reader.w.body)
    if body is not None:
        reader.blocks(body)
    if reader.alt_chunks:
        builder.notes.append(f"altChunk={reader.alt_chunks}")
    if reader.toc_dropped:
        builder.notes.append("toc=dropped")
    if builder.line_count == 0:
        if reader.alt_chunks:
            raise InputError("DOCX 的正文是嵌入的外部内容（altChunk），无法直接读取", _SAVE_AS_DOCX)
        images = sum(1 for n in pkg.names if n.lower().startswith("word/media/"))
        if images:
            raise InputError(
                f"DOCX 中没有文字，只有 {images} 张图片（可能是扫描件）",
                "请提供含文字的 Word 文件，或先做文字识别（OCR）",
            )
        raise InputError("DOCX 文件中没有文字内容", "请提供年度报告的全文")
    _metadata(pkg, builder)
    return builder.build()
