"""The text reader: encodings detected (not assumed), artefacts, table layouts."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.normalize import fold, label_key
from checker.readers import read_document, sniff
from checker.readers.text import decode, find_tables

SAMPLE = "青石镇2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请３件（含上年结转）。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_encodings_are_detected(encoding: str, prefix: bytes) -> None:
    text, _name = decode(prefix + SAMPLE.encode(encoding))
    assert text.replace("\ufeff", "") == SAMPLE


def test_gbk_file_reads_like_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLE.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(SAMPLE.encode("utf-8"))
    assert read_document(tmp_path / "a.txt").text == read_document(tmp_path / "b.txt").text


def test_empty_and_binary_files_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="为空"):
        read_document(tmp_path / "empty.txt")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError):
        read_document(tmp_path / "noise.txt")


def test_sniff_uses_bytes_not_names() -> None:
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b"PK\x03\x04....") == "zip"
    assert sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>") == "html"
    assert sniff("一、总体情况".encode()) == "text"


def test_fold_is_length_preserving_and_normalises() -> None:
    raw = "（1）收到申请１２件(含结转)﹝2023﹞"
    folded = fold(raw)
    assert len(folded) == len(raw)
    assert folded == "（1）收到申请12件（含结转）〔2023〕"


def test_label_key_ignores_ordinals_punctuation_and_breaks() -> None:
    assert label_key("3.危及“三安全一稳定”") == label_key('3. 危及"三安全一稳定"') == "危及三安全一稳定"
    assert label_key("（二）部分公开") == label_key("(二) 部分公开") == "部分公开"
    assert label_key("一、本年新收政府信息公开申请数量") == "本年新收政府信息公开申请数量"


def test_bookmark_artefacts_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "标题2023年政府信息公开工作年度报告\n[bookmark: _GoBack]   （一）主要问题\n", encoding="utf-8"
    )
    doc = read_document(path)
    assert "bookmark" not in doc.text
    assert doc.line_of(doc.text.index("主要问题")) == 2


def test_tika_layout_rows_cells_and_continuations() -> None:
    text = "\t信息内容\n\t本年\n制发件数\n\n\t规章\n\t0\n\t\n\t3\n\n正文继续\n"
    (table,) = find_tables(text)
    assert table.layout == "tika"
    assert [c.text for c in table.rows[0]] == ["信息内容", "本年制发件数"]
    assert [c.text for c in table.rows[1]] == ["规章", "0", "", "3"]
    assert table.rows[1][3].line == 8


def test_pipe_and_column_layouts() -> None:
    text = "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 97 |\n\n行政处罚 0\n行政强制 12\n"
    pipe, columns = find_tables(text)
    assert pipe.layout == "pipe" and [c.text for c in pipe.rows[1]] == ["行政许可", "97"]
    assert columns.layout == "columns"
    assert [[c.text for c in r] for r in columns.rows] == [["行政处罚", "0"], ["行政强制", "12"]]


def test_sentences_ending_in_numbers_are_not_table_rows() -> None:
    assert find_tables("全年共收到申请，办结 12\n联系电话：0451-53831266\n") == []
