"""Rule files are loaded safely and strictly: every error has file:line:column and a hint,
and a rule that could never match is refused at load time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import ROOT, copy_pack, edit, load_error

PACK = ROOT / "rules" / "gov-info-disclosure-2021"


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    return copy_pack(PACK, tmp_path / "pack")


@pytest.mark.parametrize(
    "tag", ['!!python/object/apply:os.system ["echo pwned"]', "!custom 标题", '!!python/name:os.system ""']
)
def test_yaml_tags_are_refused_before_anything_is_built(pack_copy: Path, tag: str) -> None:
    edit(pack_copy / "tables" / "TBL-01.yaml", "title: 表三收支平衡", f"title: {tag}\nx: 表三收支平衡")
    err = load_error(pack_copy)
    assert (
        "YAML 标签" in err.message and err.file.endswith("TBL-01.yaml") and err.line == 3 and err.column > 1
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        ("tables/TBL-01.yaml", "table: 表三", "table: 表九", "未知的表"),
        ("tables/TBL-01.yaml", "left: [新收, 上年结转]", "left: [新收, 上年转结]", "没有行"),
        ("tables/TBL-03.yaml", "right: [总计]", "right: [合计]", "没有列"),
        ("tables/TBL-09.yaml", "columns: [本年制发件数]", "columns: [本年新制作数量]", "没有列"),
        ("tables/TBL-13.yaml", "cell: 表三.逾期未缴费.总计", "cell: 表三.逾期未交费.总计", "单元格引用"),
        ("text/TXT-04.yaml", '  - "某某"', '  - ""', "不能为空"),
        ("text/TXT-04.yaml", '  - "某某"', '  - "某某("', "无效"),
        ("tables/TBL-12.yaml", "statement: 收到申请数", "statement: 收到申请", "未知的 statement"),
        ("pack.yaml", "(?:收到|受理|接收|新收|办理)(?:各类|各种)?", "(?:收到|受理)(?:各类", "无效"),
        ("pack.yaml", "cells: [表三.结转下年.总计]", "cells: [表三.结转下一年.总计]", "单元格引用"),
        ("references/LEG-04.yaml", "documents: [条例2007]", "documents: [条例1999]", "未知的文件"),
        ("references/LEG-04.yaml", "documents: [条例2007]", "documents: [条例2019]", "superseded_by"),
        ("tables/TBL-01.yaml", "severity: error", "severity: fatal", "取值"),
        ("tables/TBL-01.yaml", "points: 5", "points: 五", "数字"),
        ("tables/TBL-01.yaml", "kind: identity", "kind: arithmetic", "kind"),
    ],
)
def test_a_rule_that_could_never_match_is_an_error_with_its_position(
    pack_copy: Path, file: str, old: str, new: str, says: str
) -> None:
    edit(pack_copy / file, old, new)
    err = load_error(pack_copy)
    assert says in err.message or says in err.hint, err.one_line()
    assert err.file.endswith(Path(file).name) and err.line > 0
    assert f"{Path(file).name}:{err.line}" in err.one_line() and "（提示：" in err.one_line()


def test_duplicate_keys_ids_and_misnamed_files_are_errors(pack_copy: Path) -> None:
    edit(pack_copy / "tables" / "TBL-01.yaml", "points: 5", "points: 5\npoints: 6")
    assert "YAML" in load_error(pack_copy).message
    edit(pack_copy / "tables" / "TBL-01.yaml", "points: 5\npoints: 6", "points: 5")
    shutil.copy(pack_copy / "tables" / "TBL-01.yaml", pack_copy / "tables" / "TBL-98.yaml")
    assert "文件名" in load_error(pack_copy).message
    (pack_copy / "tables" / "TBL-98.yaml").unlink()
    shutil.copy(pack_copy / "tables" / "TBL-01.yaml", pack_copy / "sections" / "TBL-01.yaml")
    assert "重复" in load_error(pack_copy).message


@pytest.mark.parametrize("day", ["02-30", "04-31", "02-29", "13-01"])
def test_a_pack_deadline_no_year_has_is_refused_where_it_is_written(pack_copy: Path, day: str) -> None:
    edit(pack_copy / "pack.yaml", 'department: {date: "01-31"', f'department: {{date: "{day}"')
    err = load_error(pack_copy)
    assert err.file.endswith("pack.yaml") and err.line == 24
    assert day in err.one_line()
