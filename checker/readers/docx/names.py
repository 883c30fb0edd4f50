"""WordprocessingML names: namespaces and the qualified tags and attributes the reader compares."""

from __future__ import annotations

W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict Open XML
)
M_NS = {
    W_NS[0]: "http://schemas.openxmlformats.org/officeDocument/2006/math",
    W_NS[1]: "http://purl.oclc.org/ooxml/officeDocument/math",
}
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
DCTERMS = "{http://purl.org/dc/terms/}"
APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


class W:
    """Qualified tag and attribute names of one WordprocessingML namespace."""

    def __init__(self, ns: str) -> None:
        def q(name: str) -> str:
            return f"{{{ns}}}{name}"

        m = M_NS[ns]
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
        # where Word paginated (see BodyReader.pages)
        self.lastRenderedPageBreak = q("lastRenderedPageBreak")
        self.pageBreakBefore = q("pageBreakBefore")
        self.type = q("type")
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
