"""Package safety: the DOCX ZIP container and its XML parts.

Sizes and compression ratios are checked from the ZIP directory before anything is
decompressed, so a ZIP bomb costs nothing; each part is read with a byte cap. XML is
parsed without DTDs, entities or network access, and a part that declares a DTD is
refused. A ZIP that is not a Word document says what it is.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import struct
import zipfile
import zlib
from typing import Any

from lxml import etree

from checker.errors import InputError
from checker.limits import LIMITS
from checker.readers.docx.names import REL

MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part; never more than the total limit (LIMITS.max_unzipped_bytes)


def _member_limit() -> int:
    return min(MAX_MEMBER_BYTES, LIMITS.max_unzipped_bytes)


RATIO_MIN_BYTES = 1024 * 1024  # small parts (a run of zeros) may compress better than 1:200 legitimately
MAX_MEMBERS = 20000

# A member's local header: signature, then 22 bytes, then the lengths of its name and extra field.
_LOCAL_HEADER = struct.Struct("<4s22xHH")
# Encrypted, compressed patched data, strong encryption: read() refuses or needs more.
_UNREAD_FLAGS = 0x1 | 0x20 | 0x40

SAVE_AS_DOCX = "请用 Word 或 WPS 打开后另存为 .docx 再检查"

# One parser for every part (a parser is reused, never shared between threads): no DTD,
# no entities, no network, no huge trees; comments are not content.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
)
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY")
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".emf", ".wmf")
_DOC_EXT = (".docx", ".doc", ".wps", ".pdf", ".txt", ".html", ".htm", ".ofd", ".xlsx", ".xls")


def fail_corrupt(detail: str = "") -> InputError:
    what = f"（{detail}）" if detail else ""
    return InputError(
        f"DOCX 文件已损坏，无法解压{what}", "文件可能下载不完整，请重新下载，或用 Word/WPS 打开后另存为 .docx"
    )


def not_word(names: list[str], zf: zipfile.ZipFile) -> InputError:
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
            return InputError("这是 OpenDocument 文本（.odt），不是 Word 文档", SAVE_AS_DOCX)
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


class Package:
    """The ZIP container: size limits checked up front, parts found by name (case-insensitively)."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise fail_corrupt() from exc
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"压缩包内文件过多（{len(infos)} 个），不是正常的 Word 文档", SAVE_AS_DOCX)
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
        self._data = data
        self.names = [i.filename for i in infos]
        self.by_name = {i.filename.replace("\\", "/").lstrip("/").lower(): i for i in infos}
        self._rels: dict[str, list[tuple[str, str]]] = {}

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
            raise InputError("DOCX 使用了不支持的压缩方式", SAVE_AS_DOCX) from exc
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as exc:
            raise fail_corrupt(f"{info.filename} 无法解压") from exc
        if len(data) > _member_limit():
            raise InputError(
                f"DOCX 中的部件 {info.filename} 解压后过大，疑似压缩炸弹，已拒绝读取", SAVE_AS_DOCX
            )
        return data

    def stored_key(self, name: str) -> bytes | None:
        """A digest of all that read() returns for a part, taken from its stored (compressed)
        bytes without inflating them: b"" for a part that is not there, None where read()
        might fail or where the part is unusual (then read it).

        Once zipfile has opened a member (its local header checked), read() is a function
        of the compressed bytes, the method, the CRC and the size in the directory."""
        info = self.by_name.get(name.lower())
        if info is None:
            return b""
        if (
            info.flag_bits & _UNREAD_FLAGS
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or info.file_size > min(_member_limit(), LIMITS.docx_max_xml_bytes)
        ):
            return None
        try:
            with self.zf.open(info):
                pass  # the checks read() makes before inflating
        except Exception:  # noqa: BLE001 - read() then says what is wrong
            return None
        offset = info.header_offset
        header = self._data[offset : offset + _LOCAL_HEADER.size]
        if len(header) != _LOCAL_HEADER.size:
            return None
        signature, name_len, extra_len = _LOCAL_HEADER.unpack(header)
        start = offset + _LOCAL_HEADER.size + name_len + extra_len
        stored = self._data[start : start + info.compress_size]
        if signature != b"PK\x03\x04" or len(stored) != info.compress_size:
            return None
        digest = hashlib.blake2b(
            struct.pack("<HIQ", info.compress_type, info.CRC, info.file_size), digest_size=20
        )
        digest.update(stored)
        return digest.digest()

    def xml(self, name: str, required: bool = False) -> Any:
        data = self.read(name)
        if data is None:
            return None
        return self.parse(name, data, required)

    def parse(self, name: str, data: bytes, required: bool = False) -> Any:
        """The XML tree of a part's bytes (None if it is not XML and not required)."""
        if len(data) > LIMITS.docx_max_xml_bytes:
            raise InputError(
                f"DOCX 中的部件 {name} 过大（{len(data) // (1024 * 1024)} MB 的 XML），不像正常的年度报告，已拒绝读取",
                "请确认文件来源，或用 Word/WPS 打开后另存为 .docx 再检查",
            )
        head = data[:4096]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = data[:8192].decode("utf-16", "replace").encode("utf-8", "replace")
        if _DOCTYPE.search(head):
            raise InputError(
                f"DOCX 中的 {name} 含有 DTD/实体声明（Word 不会生成），疑似恶意文件，已拒绝读取",
                "请确认文件来源，或用 Word/WPS 打开后另存为 .docx",
            )
        try:
            root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            if not required:
                return None
            # libxml2's message may hold a line break: the finding stays one line
            detail = " ".join(str(exc).split(",")[0].split())[:60]
            raise InputError(
                f"DOCX 中的 {name} 不是有效的 XML（{detail}），文件已损坏", SAVE_AS_DOCX
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
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> list[tuple[str, str]]:
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if root is None:
            return []
        out = []
        for rel in root.iter(REL):
            if rel.get("TargetMode") == "External":
                continue
            target = (rel.get("Target") or "").replace("\\", "/")
            if not target:
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out.append((rel.get("Type") or "", posixpath.normpath(resolved)))
        return out


def rel_target(rels: list[tuple[str, str]], kind: str) -> str | None:
    for typ, target in rels:
        if typ.rsplit("/", 1)[-1] == kind:
            return target
    return None
