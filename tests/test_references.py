"""Citations of the registry's documents (pack.yaml `documents:`) and the reference rules:
how citations are found, one root cause giving one finding, and linear time on hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.context import Context
from checker.engine import check_document
from checker.errors import ConfigError
from checker.kinds._citations import citations
from checker.kinds._views import WHITESPACE_AND_MARKS, View
from checker.readers import read_document
from checker.results import ReportResult
from checker.rules import load_pack
from checker.structure import analyse
from checker.tables import extract_tables

from .helpers import EXAMPLES, pack

BASE = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
FORMAT_2021 = (
    "和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
    "（国办公开办函〔2021〕30号）"
)


def edited(*edits: tuple[str, str], base: str = BASE) -> str:
    text = base
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def run(text: str, tmp_path: Path, select: list[str] | None = None) -> ReportResult:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return check_document(path, pack(), select=select)


def context(text: str, tmp_path: Path) -> Context:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    loaded = pack().pack
    st_ = analyse(doc, loaded)
    return Context(doc=doc, st=st_, tables=extract_tables(doc, loaded, st_), pack=loaded)


def certain(result: ReportResult) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in result.findings:
        if f.certain:
            out.setdefault(f.rule, []).append(f.message)
    return out


# ---- the plain view -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 《》\n〈〉年", max_size=60))
def test_every_view_character_maps_back_to_the_same_character(text: str) -> None:
    view = View.of(text, WHITESPACE_AND_MARKS)
    assert view.text == WHITESPACE_AND_MARKS.sub("", text)
    for i, ch in enumerate(view.text):
        assert text[view.origin(i)] == ch
        assert view.index(view.origin(i)) == i
    for offset in range(len(text) + 1):  # any text offset: the kept characters before it
        assert view.index(offset) == len(WHITESPACE_AND_MARKS.sub("", text[:offset]))


def test_a_view_span_covers_the_dropped_characters_inside_it() -> None:
    text = "根据《中华人民共和国政府信\n息公开条例》要求"
    view = View.of(text, WHITESPACE_AND_MARKS)
    start = view.text.index("中华")
    end = view.text.index("条例") + 2
    a, b = view.span(start, end)
    assert text[a:b] == "中华人民共和国政府信\n息公开条例"


# ---- what counts as a citation ---------------------------------------------------------


def _cited(text: str, tmp_path: Path) -> list[tuple[str, str, bool]]:
    ctx = context(text, tmp_path)
    return [(c.doc.key, c.shown(ctx.doc.text), c.certain) for c in citations(ctx)]


def test_a_title_is_found_whatever_its_marks_and_line_breaks(tmp_path: Path) -> None:
    text = edited((FORMAT_2021, "和《中华人民共和国政府信息公开工作年\n度报告格式（试行）》"))
    assert ("格式2019", "《中华人民共和国政府信息公开工作年度报告格式（试行）》", True) in _cited(
        text, tmp_path
    )
    text = edited(
        (FORMAT_2021, "和国务院办公厅政府信息与政务公开办公室《关于政府信息公开工作年度报告有关事项的通知》")
    )
    keys = [key for key, _, sure in _cited(text, tmp_path) if sure]
    assert "格式2019" in keys


def test_the_2021_format_title_inside_the_trial_title_is_the_trial_format(tmp_path: Path) -> None:
    text = edited((FORMAT_2021, "和中华人民共和国政府信息公开工作年度报告格式（试行）"))
    keys = [key for key, _, _ in _cited(text, tmp_path)]
    assert "格式2019" in keys and "格式2021" not in keys


def test_a_provincial_document_ending_in_a_national_title_is_not_the_national_one(tmp_path: Path) -> None:
    text = edited(
        (
            "本年度未收取信息处理费。",
            "按照《云岭省政府信息公开信息处理费管理办法》（云政办发〔2021〕8号），本年度未收取信息处理费。",
        )
    )
    assert all(key != "处理费2020" for key, _, _ in _cited(text, tmp_path))
    assert "LEG-11" not in certain(run(text, tmp_path, ["LEG"]))


def test_the_bare_notice_title_is_only_doubtfully_the_2019_format(tmp_path: Path) -> None:
    text = edited((FORMAT_2021, "和《关于政府信息公开工作年度报告有关事项的通知》"))
    found = [f for f in run(text, tmp_path, ["LEG-06"]).findings if f.rule == "LEG-06"]
    assert found and not any(f.certain for f in found)


# ---- one root cause, one finding --------------------------------------------------------


def test_the_trial_format_with_the_new_number_is_one_finding(tmp_path: Path) -> None:
    text = edited(
        (FORMAT_2021, "和《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2021〕30号）")
    )
    found = certain(run(text, tmp_path, ["LEG"]))
    assert list(found) == ["LEG-06"], found
    assert "（试行）" in found["LEG-06"][0]


def test_citing_the_old_format_instead_of_the_new_is_not_also_a_missing_citation(tmp_path: Path) -> None:
    text = edited(("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号"))
    found = certain(run(text, tmp_path, ["LEG"]))
    assert "LEG-06" in found and "LEG-13" not in found and "LEG-11" not in found, found


def test_without_the_old_format_the_missing_citation_is_reported(tmp_path: Path) -> None:
    found = certain(run(edited((FORMAT_2021, "")), tmp_path, ["LEG"]))
    assert "LEG-13" in found and "LEG-06" not in found


def test_a_misspelt_number_is_a_syntax_problem_not_a_wrong_number(tmp_path: Path) -> None:
    text = edited(("国办公开办函〔2021〕30号", "国办公开办函〔2021〕030号"))
    found = certain(run(text, tmp_path, ["LEG"]))
    assert "LEG-08" in found and "LEG-11" not in found, found


def test_a_wrong_issuer_is_a_wrong_number_and_still_a_citation_of_the_format(tmp_path: Path) -> None:
    found = certain(run(edited(("国办公开办函〔2021〕30号", "国办发〔2021〕30号")), tmp_path, ["LEG"]))
    assert "LEG-11" in found and "LEG-13" not in found


def test_an_informal_decree_form_is_a_form_problem_not_a_wrong_number(tmp_path: Path) -> None:
    for form in ("国务院令711号", "国令第711号", "国务院第711号令"):
        found = certain(run(edited(("国务院令第711号", form)), tmp_path, ["LEG"]))
        assert list(found) == ["LEG-03"], (form, found)


# ---- what the findings say ----------------------------------------------------------------


def test_the_bracket_finding_shows_the_number_without_the_words_before_it(tmp_path: Path) -> None:
    text = edited(("已按照云政办发〔2023〕5号文件", "已按照云政办发[2023]5号文件"))
    (message,) = certain(run(text, tmp_path, ["LEG-07"]))["LEG-07"]
    assert "“云政办发[2023]5号”" in message and "“云政办发〔2023〕5号”" in message


def test_the_full_history_of_the_regulation_is_a_correct_citation(tmp_path: Path) -> None:
    text = edited(
        (
            "（国务院令第711号，",
            "（2007年4月5日中华人民共和国国务院令第492号公布，2019年4月3日中华人民共和国国务院令第711号修订，",
        )
    )
    assert not certain(run(text, tmp_path, ["LEG"]))


def test_a_workplan_of_an_earlier_year_shows_its_title_and_number(tmp_path: Path) -> None:
    text = edited(
        (
            "云岭县2023年政务公开工作要点的通知》（云政办发〔2023〕5号）要求",
            "云岭县2021年政务公开工作要点的通知》（云政办发〔2021〕2号）要求",
        )
    )
    (message,) = certain(run(text, tmp_path, ["LEG-14"]))["LEG-14"]
    assert message.startswith("2023年的工作引用了2021年的文件《") and message.endswith(
        "（云政办发〔2021〕2号）"
    )


# ---- the registry is validated ------------------------------------------------------------


def test_a_citation_form_that_is_not_a_regex_is_refused(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "pack"
    shutil.copytree(pack().root, root)
    meta = root / "pack.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text.replace('- form: "政府信息公开工作年度报告格式', '- form: "(政府信息公开工作年度报告格式', 1)
    )
    with pytest.raises(ConfigError) as info:
        load_pack(root, use_cache=False)
    assert "无效" in info.value.message


# ---- hostile text ---------------------------------------------------------------------------

HOSTILE = [
    "《" * 100_000,
    "年" * 100_000,
    "〔" * 100_000,
    "按照" * 50_000 + "[2023]5号",
    "《" + "2020年政务公开" * 10_000,
    "国务院令第711号" * 10_000,
    "中华人民共和国政府信息公开条例" * 5_000,
    "（国办公开办函〔2021〕30号" * 5_000,
    "《中华人民共和国政府信息公开工作年度报告格式》国办发〔2021〕30号" * 2_000,
    "云政办发" * 25_000 + "[2023]5号",
    "已" * 100_000 + "(2023)5号",
]


@pytest.mark.parametrize("filler", HOSTILE, ids=[f"{h[:6]}…{len(h)}" for h in HOSTILE])
def test_reference_rules_finish_on_hostile_text(filler: str, tmp_path: Path) -> None:
    text = BASE.replace("镇政府明确党政综合办公室统一受理", filler + "镇政府明确党政综合办公室统一受理", 1)
    result = run(text, tmp_path, ["LEG"])
    assert result.findings is not None
