"""location.quote and location.scope (issue 10 part 2): the report's own words a finding is
about, with a little context, and the section (or 全文) where a missing thing belongs."""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from checker.document import Document
from checker.engine import check_document
from checker.findings import WHOLE, Finding, Location
from checker.limits import LIMITS
from checker.locate import quote_span
from checker.normalize import fold
from checker.render.json import render
from checker.results import ReportResult
from checker.rules import LoadedPack

from .helpers import EXAMPLES, check_text, pack

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


def _doc(text: str) -> Document:
    return Document(path="x.txt", format="text", raw=text, text=fold(text))


def _by_rule(result: ReportResult, rule: str) -> Finding:
    return next(f for f in result.findings if f.rule == rule)


@pytest.fixture(scope="module")
def defects() -> ReportResult:
    return check_document(DEFECTS, pack())


# ---- the quote itself ------------------------------------------------------------


def test_quote_has_context_either_side_clipped_at_the_line() -> None:
    before = "第一行的文字。\n"
    line = "甲" * 50 + "错字" + "乙" * 50
    text = before + line + "\n下一行"
    start = text.index("错字")
    quote = quote_span(_doc(text), start, start + 2)
    context = LIMITS.quote_context_chars
    assert quote == "甲" * context + "错字" + "乙" * context
    # near the line's start and end the context stops at the line
    short = before + "开头错字结尾\n下一行"
    at = short.index("错字")
    assert quote_span(_doc(short), at, at + 2) == "开头错字结尾"


def test_quote_collapses_whitespace_and_is_none_for_blank_words() -> None:
    text = "前面  的\t文字 错字   后面"
    at = text.index("错字")
    assert quote_span(_doc(text), at, at + 2) == "前面 的 文字 错字 后面"
    assert quote_span(_doc("甲   乙"), 1, 3) is None


def test_quote_never_cuts_a_number_or_a_surrogate_pair() -> None:
    context = LIMITS.quote_context_chars
    # the left cut would fall inside 1234567, the right one inside 7654321
    left = "1234567" + "甲" * (context - 3)
    right = "乙" * (context - 3) + "7654321"
    text = left + "错字" + right
    at = text.index("错字")
    quote = quote_span(_doc(text), at, at + 2)
    assert quote is not None and quote == "甲" * (context - 3) + "错字" + "乙" * (context - 3)
    # the same with a full-width number (the cut is judged on folded digits)
    wide = "１２３４５６７" + "甲" * (context - 3) + "错字"
    at = wide.index("错字")
    assert quote_span(_doc(wide), at, at + 2) == "甲" * (context - 3) + "错字"
    # a surrogate pair (a name decoded with surrogateescape keeps pairs of halves)
    pair = "\ud83d\ude00"
    text = pair + "甲" * (context - 1) + "错字"
    at = text.index("错字")
    quote = quote_span(_doc(text), at, at + 2)
    assert quote is not None and not quote.startswith("\ude00")


def test_a_long_span_is_quoted_by_its_start() -> None:
    text = "开始" + "字" * 5000
    quote = quote_span(_doc(text), 0, len(text))
    assert quote is not None
    assert len(quote) <= LIMITS.quote_max_chars + LIMITS.quote_context_chars
    assert quote.startswith("开始")


# ---- on a report -----------------------------------------------------------------


def test_every_finding_has_a_quote_or_a_scope(defects: ReportResult) -> None:
    for f in defects.findings:
        assert f.location.quote or f.location.scope, f.rule


def test_quotes_are_the_reports_words(defects: ReportResult) -> None:
    raw = " ".join(DEFECTS.read_text(encoding="utf-8").split())
    placeholder = _by_rule(defects, "TXT-04").location.quote
    assert placeholder is not None and "以XX村为试点" in placeholder and placeholder in raw
    period = _by_rule(defects, "DATE-01").location.quote
    assert period is not None and "2022年1月1日至2022年12月31日" in period and period in raw
    for f in defects.findings:
        if f.location.quote and not f.location.table:
            assert f.location.quote in raw, f.rule


def test_a_table_finding_quotes_the_row_label_and_the_cell_as_printed(defects: ReportResult) -> None:
    fee = _by_rule(defects, "TBL-08").location
    assert fee.table == "表二" and fee.quote == "行政事业性收费 2.5元"
    review = _by_rule(defects, "TBL-04").location
    assert review.table == "表四" and review.quote == "行政复议"


def test_a_missing_section_points_at_where_it_belongs(defects: ReportResult) -> None:
    missing = _by_rule(defects, "SEC-01").location
    assert missing.quote is None and missing.line is None
    assert missing.scope == "六、其他需要报告的事项"


def test_the_scope_is_the_reports_own_heading(tmp_path: Path) -> None:
    text = DEFECTS.read_text(encoding="utf-8").replace(
        "三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请的情况"
    )
    result = check_text(text, tmp_path)
    in_table3 = [f for f in result.findings if f.location.table == "表三"]
    assert in_table3 and all(f.location.scope == "三、收到和处理政府信息公开申请的情况" for f in in_table3)


def test_a_finding_about_the_whole_report_says_so(tmp_path: Path) -> None:
    lines = DEFECTS.read_text(encoding="utf-8").split("\n")
    del lines[1]  # the preamble: what the report was written under (LEG-13, 全文)
    result = check_text("\n".join(lines), tmp_path)
    whole = [f for f in result.findings if f.location.scope == WHOLE]
    assert whole and all(f.location.quote is None for f in whole)


def test_the_fingerprint_does_not_depend_on_the_quote_or_scope(defects: ReportResult) -> None:
    f = _by_rule(defects, "TXT-04")
    before = f.fingerprint
    moved = Finding(**{**{k: getattr(f, k) for k in f.__slots__ if k != "fingerprint"}})  # type: ignore[attr-defined]
    moved.location = Location(**{**f.location.as_dict(), "quote": "别的上下文", "scope": WHOLE, "line": 99})
    moved.finalize()
    assert moved.fingerprint == before


def test_a_paragraph_added_above_keeps_fingerprints(tmp_path: Path) -> None:
    text = DEFECTS.read_text(encoding="utf-8")
    first = check_text(text, tmp_path, "a.txt")
    lines = text.split("\n")
    lines.insert(3, "本镇高度重视政府信息公开工作。")
    second = check_text("\n".join(lines), tmp_path, "b.txt")
    assert sorted(f.fingerprint for f in first.findings) == sorted(f.fingerprint for f in second.findings)


# ---- in the outputs --------------------------------------------------------------


def test_json_has_quote_and_scope(defects: ReportResult) -> None:
    data = json.loads(render([defects]))
    locations = [f["location"] for f in data["reports"][0]["findings"]]
    assert all({"quote", "scope"} <= set(loc) for loc in locations)
    assert any(loc["quote"] and "XX村" in loc["quote"] for loc in locations)
    assert any(loc["scope"] == "六、其他需要报告的事项" and loc["quote"] is None for loc in locations)


def test_terminal_shows_the_quote_after_the_location(defects: ReportResult) -> None:
    from rich.console import Console

    from checker.render.terminal import Layout, TerminalWriter

    out = io.StringIO()
    writer = TerminalWriter(Console(file=out, width=80, color_system=None), layout=Layout(width=80))
    writer.report(defects)
    writer.end([])
    text = out.getvalue()
    assert "「行政事业性收费2.5元」" in "".join(text.split())
    # a missing section is placed by its scope, not by a line
    sec01 = text[text.index("SEC-01") :].split("\n")[1]
    assert "六、其他需要报告的事项" in sec01 and "行" not in sec01.split("：", 1)[1]
    # a long quote wraps under the finding (never at column 0) and no number is split
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "LEG-14" in line) + 1
    quote = _by_rule(defects, "LEG-14").location.quote
    assert quote is not None and lines[at].startswith("       位置：")
    wrapped = [lines[at]]
    while "」" not in wrapped[-1]:
        wrapped.append(lines[at + len(wrapped)])
    assert len(wrapped) > 1 and all(line.startswith(" " * 7) for line in wrapped[1:])
    assert quote in "".join(line.strip() for line in wrapped)
    assert all(not (a[-1:].isdigit() and b.strip()[:1].isdigit()) for a, b in itertools.pairwise(wrapped))


def test_terminal_groups_findings_under_the_packs_section_titles(defects: ReportResult) -> None:
    """The headings are the pack's data: a pack that words a title otherwise is shown so."""
    from checker.render import RenderOptions
    from checker.render.terminal import writer

    def shown(loaded: LoadedPack) -> str:
        out = io.StringIO()
        w = writer(out, loaded, RenderOptions(to_file=True))
        w.report(defects)
        w.end([])
        return out.getvalue()

    default = pack()
    text = shown(default)
    sections = {f.location.section for f in defects.findings if f.certain and f.location.section}
    titles = [s.title for s in default.pack.sections if s.id in sections]
    assert len(titles) >= 3  # the example has certain findings in several sections
    headings = [line for line in text.split("\n") if line in titles]
    assert headings == titles  # each once, in the report's order
    assert text.index("标题、导语及全文") < text.index(titles[0])

    renamed = [s.model_copy(update={"title": f"第{s.id}部分·改"}) for s in default.pack.sections]
    other = replace(default, pack=default.pack.model_copy(update={"sections": renamed}))
    text = shown(other)
    assert not any(line in titles for line in text.split("\n"))
    assert {f"第{s}部分·改" for s in sections} <= set(text.split("\n"))


def test_a_section_the_pack_does_not_name_still_gets_its_group(defects: ReportResult) -> None:
    from rich.console import Console

    from checker.render.terminal import Layout, TerminalWriter

    first = next(f for f in defects.findings if f.certain)
    lone = replace(first, rule="X-01", location=replace(first.location, section="七"))
    result = replace(defects, findings=[lone])
    out = io.StringIO()
    w = TerminalWriter(
        Console(file=out, width=200, color_system=None), layout=Layout(sections=(("一", "一、甲"),))
    )
    w.report(result)
    lines = out.getvalue().split("\n")
    assert "七" in lines and "一、甲" not in lines
    assert lines.index("七") < next(i for i, line in enumerate(lines) if "X-01" in line)


def test_concise_csv_sarif_and_html_carry_the_quote(defects: ReportResult, tmp_path: Path) -> None:
    from checker.render.concise import line as concise_line
    from checker.render.rows import FINDING_COLUMNS, finding_row

    fee = _by_rule(defects, "TBL-08")
    assert concise_line(defects, fee).endswith("「行政事业性收费 2.5元」")
    missing = _by_rule(defects, "SEC-01")
    assert "「" not in concise_line(defects, missing)

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FINDING_COLUMNS)
    writer.writerow(finding_row(defects, fee))
    writer.writerow(finding_row(defects, missing))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["原文"] == "行政事业性收费 2.5元" and rows[0]["位置"] == "二、主动公开政府信息情况"
    assert rows[1]["原文"] == "" and rows[1]["位置"] == "六、其他需要报告的事项"


def test_sarif_region_snippet(defects: ReportResult) -> None:
    from checker.render.sarif import SarifWriter

    out = io.StringIO()
    loaded = pack()
    writer = SarifWriter(out, loaded, loaded.every_rule())
    writer.report(defects)
    writer.end([])
    run = json.loads(out.getvalue())["runs"][0]
    results = {r["ruleId"]: r for r in run["results"]}
    region = results["TXT-04"]["locations"][0]["physicalLocation"]["region"]
    assert "XX村" in region["snippet"]["text"]
    assert results["SEC-01"]["properties"]["scope"] == "六、其他需要报告的事项"


def test_html_export_shows_the_quote(defects: ReportResult) -> None:
    from checker.render.html import HtmlWriter

    out = io.StringIO()
    writer = HtmlWriter(out, pack())
    writer.report(defects)
    writer.end([])
    page = out.getvalue()
    assert '<div class="quote">「行政事业性收费 2.5元」</div>' in page


def test_xlsx_has_the_columns(defects: ReportResult, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from checker.render.xlsx import XlsxWriter

    path = tmp_path / "out.xlsx"
    writer = XlsxWriter(path, pack())
    writer.report(defects)
    writer.end([])
    sheet = openpyxl.load_workbook(path, read_only=True)["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    by_rule = {row[head.index("规则")]: row for row in rows[1:]}
    assert by_rule["TBL-08"][head.index("原文")] == "行政事业性收费 2.5元"
    assert by_rule["SEC-01"][head.index("位置")] == "六、其他需要报告的事项"
    assert by_rule["SEC-01"][head.index("原文")] in ("", None)


def test_cross_year_findings_have_a_scope() -> None:
    """Made from two reports' facts, without text: the section by its template heading."""
    from checker.batch import CheckOptions
    from checker.crossyear import compare

    loaded = pack()
    last = check_document(EXAMPLES / "qingshi-2020.txt", loaded, facts=True).facts
    this = check_document(EXAMPLES / "qingshi-2023.txt", loaded, facts=True)
    result = compare(this, this.facts, last, loaded, CheckOptions())
    crossed = [f for f in result.findings if f.rule in {"TBL-10", "TXT-01", "TXT-02"}]
    assert crossed and all(f.location.scope for f in crossed)
    carry = next(f for f in crossed if f.rule == "TBL-10")
    assert carry.location.scope == "三、收到和处理政府信息公开申请情况"
    titles = {s.title for s in loaded.pack.sections} | {WHOLE}
    assert all(f.location.scope in titles for f in crossed)


def test_in_a_table_grid_the_context_stops_at_the_cell() -> None:
    from checker.document import Cell, Table

    text = "前文\n| 行政许可 | 十二件 | 备注XX待填 |\n后文\n"
    doc = _doc(text)
    row = text.split("\n")[1]
    start = text.index(row)
    doc.tables.append(
        Table(
            rows=[[Cell("行政许可"), Cell("十二件"), Cell("备注XX待填")]],
            start=start,
            end=start + len(row),
            layout="pipe",
        )
    )
    at = text.index("XX")
    assert quote_span(doc, at, at + 2) == "备注XX待填"
