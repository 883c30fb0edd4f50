"""A report's words stay words in the workbook: text that starts with "=" is not a formula
Excel would evaluate on opening, and text that looks like an address is not a hyperlink."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from checker.findings import Finding, Location
from checker.render.xlsx import XlsxWriter
from checker.results import ReportResult

from .helpers import pack

FORMULA = '=HYPERLINK("http://example.invalid/","点击")'
ADDRESS = "http://example.invalid/nianbao"


def test_formula_and_address_text_is_written_as_text(tmp_path: Path) -> None:
    finding = Finding(
        rule="TXT-99",
        name="demo",
        title=FORMULA,
        category="text",
        severity="error",
        message=ADDRESS,
        location=Location(section="=1+1", row="{=SUM(A1:A2)}"),
        observed="=2*3",
    )
    finding.finalize()
    result = ReportResult(path=str(tmp_path / "=报告.txt"), title="=1+1", issuer="=A1", findings=[finding])
    out = tmp_path / "result.xlsx"
    writer = XlsxWriter(out, pack())
    writer.report(result)
    writer.end([])
    book = openpyxl.load_workbook(out)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert {FORMULA, ADDRESS, "=1+1", "{=SUM(A1:A2)}", "=2*3"} <= set(texts)


def test_csv_fields_that_excel_would_run_start_with_an_apostrophe(tmp_path: Path) -> None:
    import csv
    import io

    from checker.render.csv import CsvWriter

    finding = Finding(
        rule="TXT-99",
        name="demo",
        title="标题",
        category="text",
        severity="error",
        message="@SUM(1+1)*cmd|' /C calc'!A0",
        location=Location(section="-2+3", row="+1", column="一、总体情况"),
        observed=-5,
    )
    finding.finalize()
    result = ReportResult(path="=cmd|' /C calc'!A0.txt", issuer="=A1", findings=[finding])
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.report(result)
    writer.end([])
    header, row = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    fields = dict(zip(header, row, strict=True))
    dangerous = [
        v for v in row if v.startswith(("=", "+", "@", "\t", "\r")) or v.startswith("-") and v != "-5"
    ]
    assert dangerous == []
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in row and "'-2+3" in row and "'+1" in row
    assert "一、总体情况" in row  # ordinary text untouched
    assert "-5" in row  # a number is a number, not text
    assert fields
