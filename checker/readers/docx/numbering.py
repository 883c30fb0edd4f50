"""Word auto-numbering: paragraph styles, numbering definitions and the counters that
render a paragraph's number (``一、``, ``（一）``, ``1.``) the way Word shows it, with
counters shared per abstract numbering definition as Word does."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from checker.limits import LIMITS
from checker.readers.docx.names import W

_NUM_REF = re.compile(r"%([1-9])")

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
    # AAAA… grows with n: past the label cap the letters would only be cut off anyway.
    return chr(ord("A") + (n - 1) % 26) * min((n - 1) // 26 + 1, LIMITS.docx_max_label_chars)


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
class Style:
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    is_lgl: bool = False
    restart: int | None = None  # lvlRestart: None = after any shallower level, 0 = never
    suffix: str = "tab"
    style: str | None = None


@dataclass(slots=True)
class Num:
    abstract_id: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


def _count(value: str | None, default: int) -> int:
    """A list counter from the file, clamped to what Word allows (0 … docx_max_number)."""
    return max(0, min(int_or(value, default), LIMITS.docx_max_number))


def int_or(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def is_on(el: Any, w: W) -> bool:
    """A toggle property (w:vanish, w:isLgl): present and not switched off."""
    if el is None:
        return False
    return el.get(w.val) not in ("0", "false", "off")


class Definitions:
    """The paragraph styles and numbering definitions of a document: read once, never
    changed afterwards, so that documents made from one template can share them."""

    def __init__(self, w: W, styles_root: Any, numbering_root: Any) -> None:
        self.w = w
        self.styles: dict[str, Style] = {}
        self.default_pstyle: str | None = None
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}
        self.nums: dict[str, Num] = {}
        self._style_numbers: dict[str | None, tuple[str | None, int | None, str | None]] = {}
        if styles_root is not None:
            self._load_styles(styles_root)
        if numbering_root is not None:
            self._load_numbering(numbering_root)

    def _load_styles(self, root: Any) -> None:
        w = self.w
        for st in root.iter(w.style):
            if st.get(w.type) not in (None, "paragraph", "numbering"):
                continue
            sid = st.get(w.styleId)
            if not sid:
                continue
            style = Style()
            name = based = ppr = None
            for child in st:  # one pass, not a find() per property (a template has hundreds of styles)
                tag = child.tag
                if tag == w.name:
                    name = name if name is not None else child
                elif tag == w.basedOn:
                    based = based if based is not None else child
                elif tag == w.pPr:
                    ppr = ppr if ppr is not None else child
            if name is not None:
                style.name = name.get(w.val) or ""
            if based is not None:
                style.based_on = based.get(w.val)
            numpr = ppr.find(w.numPr) if ppr is not None else None
            if numpr is not None:
                nid = numpr.find(w.numId)
                if nid is not None:
                    style.num_id = nid.get(w.val)
                lvl = numpr.find(w.ilvl)
                if lvl is not None:
                    style.ilvl = int_or(lvl.get(w.val), 0)
            self.styles[sid] = style
            if st.get(w.type) in (None, "paragraph") and st.get(w.default) in ("1", "true", "on"):
                self.default_pstyle = sid

    def _parse_level(self, el: Any, base: Level | None = None) -> Level:
        w = self.w
        lv = Level() if base is None else dataclasses.replace(base)
        for child in el:
            tag = child.tag
            val = child.get(w.val)
            if tag == w.start:
                lv.start = _count(val, 1)
            elif tag == w.numFmt:
                lv.fmt = val or "decimal"
            elif tag == w.lvlText:
                lv.text = (val or "")[: LIMITS.docx_max_label_chars]
            elif tag == w.isLgl:
                lv.is_lgl = is_on(child, w)
            elif tag == w.lvlRestart:
                lv.restart = int_or(val, 0)
            elif tag == w.suff:
                lv.suffix = val or "tab"
            elif tag == w.pStyle:
                lv.style = val
        return lv

    def _load_numbering(self, root: Any) -> None:
        w = self.w
        for an in root.iter(w.abstractNum):
            aid = an.get(w.abstractNumId)
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in an.findall(w.lvl):
                ilvl = int_or(lvl.get(w.ilvl), 0)
                if 0 <= ilvl <= 8:  # Word's nine levels; no other is ever shown
                    levels[ilvl] = self._parse_level(lvl)
            self.abstracts[aid] = levels
            link = an.find(w.numStyleLink)
            if link is not None and link.get(w.val):
                self.abstract_links[aid] = link.get(w.val)
        for num in root.iter(w.num):
            nid = num.get(w.numId)
            ref = num.find(w.abstractNumId)
            if nid is None or ref is None or ref.get(w.val) is None:
                continue
            entry = Num(ref.get(w.val))
            for ov in num.findall(w.lvlOverride):
                ilvl = int_or(ov.get(w.ilvl), 0)
                if not 0 <= ilvl <= 8:
                    continue
                so = ov.find(w.startOverride)
                if so is not None:
                    entry.starts[ilvl] = _count(so.get(w.val), 1)
                lvl = ov.find(w.lvl)
                if lvl is not None:
                    entry.levels[ilvl] = self._parse_level(lvl)
            self.nums[nid] = entry

    def abstract_of(self, num: Num) -> str:
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

    def style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, the style that carries it), following w:basedOn (memoised: asked
        once per paragraph, mostly for the same few styles)."""
        found = self._style_numbers.get(style_id)
        if found is None:
            found = self._style_numbers[style_id] = self._find_style_numbering(style_id)
        return found

    def _find_style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
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


class Numbering:
    """Word's running list counters over one document's definitions."""

    def __init__(self, defs: Definitions) -> None:
        self.defs = defs
        self.w = defs.w
        self.counters: dict[str, list[int | None]] = {}
        self.overridden: set[tuple[str, int]] = set()

    def number(self, style_val: str | None, numpr: Any) -> tuple[str, str]:
        """The rendered number of a paragraph (its w:pStyle value and w:numPr element, if
        any) and the suffix kind, or ("", "")."""
        w = self.w
        defs = self.defs
        style_id = style_val or defs.default_pstyle
        num_id: str | None = None
        ilvl: int | None = None
        if numpr is not None:
            nid = numpr.find(w.numId)
            if nid is not None:
                num_id = nid.get(w.val)
            lv = numpr.find(w.ilvl)
            if lv is not None:
                ilvl = int_or(lv.get(w.val), 0)
        carrier: str | None = None
        if num_id is None:
            num_id, style_ilvl, carrier = defs.style_numbering(style_id)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0":
            return "", ""
        num = defs.nums.get(num_id)
        if num is None:
            return "", ""
        aid = defs.abstract_of(num)
        levels = dict(defs.abstracts.get(aid, {}))
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
            counts[ilvl] = start_of(ilvl) if current is None else min(current + 1, LIMITS.docx_max_number)
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

        return _NUM_REF.sub(render, level.text)[: LIMITS.docx_max_label_chars], level.suffix
