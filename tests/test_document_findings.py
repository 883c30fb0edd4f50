"""Pages that hold no report text get one document finding, not a column of missing sections."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app
from checker.engine import check_document

from .helpers import EXAMPLES, pack

ATTACHMENT_PAGE = """标题: 青石镇人民政府2023年政府信息公开工作年度报告
发布时间: 2024-01-20
==================== 正文 ====================
当前位置：首页 > 政府信息公开 > 政府信息公开年报
青石镇人民政府2023年政府信息公开工作年度报告
附件下载：青石镇人民政府2023年政府信息公开工作年度报告.pdf
"""


def test_a_page_with_only_the_title_and_an_attachment_is_one_unscored_finding(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(ATTACHMENT_PAGE, encoding="utf-8")
    result = check_document(page, pack())
    assert [f.rule for f in result.findings] == ["DOC-03"]
    assert result.score is None and result.unreadable and result.findings[0].category == "document"
    assert "附件" in result.findings[0].message


def test_the_cli_says_it_in_one_line_and_exits_3(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(ATTACHMENT_PAGE, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(page)])
    assert result.exit_code == 3
    assert [line for line in result.stderr.splitlines() if "附件" in line] == [
        f"nianbao: 无法检查 {page}：正文为空，只有标题和附件链接，报告可能在附件中；请提供附件中的报告全文"
    ]


def test_a_short_report_with_its_sections_is_checked(tmp_path: Path) -> None:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8") + "\n附件下载：年报.pdf\n"
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    result = check_document(report, pack())
    assert result.score is not None and "DOC-03" not in {f.rule for f in result.findings}
