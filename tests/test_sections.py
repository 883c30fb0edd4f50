"""The six sections as real reports write them: heading variants, flattened text, lost
headings (doubtful, never a certain error), mis-detections that must not become order or
ordinal errors, and structure detection that stays linear on hostile input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.document import Document
from checker.engine import check_document
from checker.errors import ConfigError
from checker.findings import Finding
from checker.kinds.content import Topic, covered
from checker.kinds.ordinals import numeral_value
from checker.normalize import fold
from checker.readers import read_document
from checker.rules import builtin_packs_dir, load_pack
from checker.structure import Structure, analyse

from .helpers import EXAMPLES, ROOT, check_text, pack

BASE = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
FLAT = (ROOT / "tests" / "fixtures" / "bases" / "qingshi-2023-flat.txt").read_text(encoding="utf-8")
TEMPLATE = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}
SIX = "六、其他需要报告的事项\n"
FIVE_BODY_START = "（一）主要问题\n"


def structure_of(text: str) -> Structure:
    return analyse(Document(path="r.txt", format="text", raw=text, text=fold(text)), pack().pack)


def findings(text: str, tmp_path: Path, rule: str) -> list[Finding]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in check_document(path, pack(), select=[rule]).findings if f.rule == rule]


def one(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ---------------------------------------------------------------- heading variants

VARIANTS = [
    ("一", "一、政府信息公开工作总体情况"),
    ("一", "一、总体工作情况"),
    ("一", "一、政府信息公开工作的基本情况"),
    ("一", "第一部分 总体情况"),
    ("二", "二、主动公开政府信息的情况"),
    ("二", "二、行政机关主动公开政府信息情况"),
    ("二", "二、政府信息主动公开情况"),
    ("三", "三、收到和处理政府信息公开申请的情况"),
    ("三", "三、行政机关收到和处理政府信息公开申请情况"),
    ("三", "三、受理和处理政府信息公开申请情况"),
    ("三", "三、处理政府信息公开申请情况"),
    ("三", "三、依申请公开政府信息情况"),
    ("四", "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    ("四", "四、因政府信息公开工作被申请行政复议提起行政诉讼情况"),
    ("四", "四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    ("四", "四、政府信息公开行政复议及行政诉讼情况"),
    ("四", "四、政府信息公开行政法复议、行政诉讼情况"),
    ("五", "五、存在的主要问题及改进情况："),
    ("五", "五、政府信息公开工作存在的主要问题及改进情况"),
    ("五", "五、存在问题及改进措施"),
    ("五", "五、存在的问题和改进措施"),
    ("五", "五、存在的主要问题及整改措施"),
    ("五", "五、主要问题和改进措施"),
    ("五", "五、存在的主要问题和改进情况"),
    ("五", "五、存在的不足及下一步工作打算"),
    ("六", "六、其他需要报告的事项"),
    ("六", "六、其他需报告的事项"),
    ("六", "六、需要说明的其他事项"),
    ("六", "六、其他需要说明的事项"),
    ("六", "六、其他事项"),
    ("六", "六、其它需要报告的事项"),
    ("六", "六、其他报告事项"),
    ("六", "六、其他应当报告的事项"),
    ("六", "六、需要报告的其他事项"),
    ("六", "## 六、其他需要报告的事项"),
    ("六", "六.其他需要报告的事项"),
]


@pytest.mark.parametrize(("sid", "heading"), VARIANTS, ids=[h for _, h in VARIANTS])
def test_real_heading_wordings_are_the_section(sid: str, heading: str) -> None:
    text = one(BASE, TEMPLATE[sid], heading)
    st = structure_of(text)
    assert list(st.sections) == list(TEMPLATE)
    section = st.sections[sid]
    assert text.index(heading) <= section.start <= text.index(heading) + 3
    assert all(s.in_order for s in st.sections.values())


def test_flattened_web_page_text_has_all_six_sections_in_order() -> None:
    st = structure_of(FLAT)
    assert list(st.sections) == list(TEMPLATE)
    starts = [st.sections[sid].start for sid in TEMPLATE]
    assert starts == sorted(starts)
    # The heading ends where its wording ends, not in the paragraph it runs into.
    assert st.sections["六"].heading.shown == TEMPLATE["六"]


def test_a_heading_whose_ordinal_was_lost_is_still_the_section() -> None:
    st = structure_of(one(BASE, SIX, "其他需要报告的事项\n"))
    assert "六" in st.sections and st.sections["六"].heading.ordinal == ""


def test_preamble_listing_the_sections_with_ordinals_does_not_move_them() -> None:
    listed = "全文包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；" + (
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。"
    )
    text = one(BASE, "全文包括总体情况、", listed + "全文包括总体情况、")
    st = structure_of(text)
    for sid, heading in TEMPLATE.items():
        assert st.sections[sid].start == text.index(heading + "\n"), sid


def test_overview_topics_numbered_like_sections_are_not_taken_for_them() -> None:
    text = BASE
    for old, new in [
        ("（一）主动公开\n", "一、主动公开情况\n"),
        ("（二）依申请公开\n", "二、依申请公开情况\n"),
        ("（三）政府信息管理\n", "三、政府信息管理情况\n"),
    ]:
        text = one(text, old, new)
    st = structure_of(text)
    assert st.sections["二"].start == text.index(TEMPLATE["二"])
    assert st.sections["三"].start == text.index(TEMPLATE["三"])


# ---------------------------------------------------------------- SEC-01: lost headings


def test_lost_heading_of_section_five_with_its_content_there_is_doubtful(tmp_path: Path) -> None:
    text = one(BASE, TEMPLATE["五"] + "\n", "")
    [finding] = findings(text, tmp_path, "SEC-01")
    assert not finding.certain
    assert "主要问题" in finding.message and "第五部分" in finding.message
    assert finding.location.line == text[: text.index(FIVE_BODY_START)].count("\n") + 1


def test_lost_heading_of_section_four_with_its_table_there_is_doubtful(tmp_path: Path) -> None:
    [finding] = findings(one(BASE, TEMPLATE["四"] + "\n", ""), tmp_path, "SEC-01")
    assert not finding.certain and "表四" in finding.message


def test_heading_swallowed_by_a_table_grid_is_doubtful_and_shown(tmp_path: Path) -> None:
    text = one(BASE, TEMPLATE["四"] + "\n\n| 行政复议 |", "| " + TEMPLATE["四"] + " |\n| 行政复议 |")
    path = tmp_path / "grid.txt"
    path.write_text(text, encoding="utf-8")
    st = analyse(read_document(path), pack().pack)
    assert "四" not in st.sections and st.stray["四"].shown == TEMPLATE["四"]
    [finding] = findings(text, tmp_path, "SEC-01")
    assert not finding.certain and TEMPLATE["四"] in finding.message


def test_lost_heading_of_section_six_with_the_fee_statement_there_is_doubtful(tmp_path: Path) -> None:
    [finding] = findings(one(BASE, SIX, ""), tmp_path, "SEC-01")
    assert not finding.certain and "信息处理费" in finding.message


def test_lost_overview_heading_with_its_sub_headings_there_is_doubtful(tmp_path: Path) -> None:
    [finding] = findings(one(BASE, TEMPLATE["一"] + "\n", ""), tmp_path, "SEC-01")
    assert not finding.certain and "（一）主动公开" in finding.message


def test_a_heading_run_into_the_text_before_it_is_still_the_section(tmp_path: Path) -> None:
    # Flattened web pages run a heading into the table digits or the unit before it.
    text = one(BASE, "推动村务信息及时准确公开。\n" + SIX, "推动村务信息及时准确公开，合计0万元" + SIX)
    st = structure_of(text)
    assert "六" in st.sections and not st.sections["六"].heading.strong
    assert findings(text, tmp_path, "SEC-01") == []
    assert findings(text, tmp_path, "SEC-15") == []


def test_a_section_with_neither_heading_nor_content_is_certainly_missing(tmp_path: Path) -> None:
    text = BASE[: BASE.index(SIX)] + "云岭县青石镇人民政府\n2024年1月20日\n"
    [finding] = findings(text, tmp_path, "SEC-01")
    assert finding.certain and finding.severity == "error"


def test_preamble_list_is_no_evidence_for_a_section_removed_with_its_content(tmp_path: Path) -> None:
    listed = "全文包括：一、总体情况；六、其他需要报告的事项。"
    text = one(BASE, "全文包括总体情况、", listed + "全文包括总体情况、")
    text = text[: text.index(SIX)] + "云岭县青石镇人民政府\n2024年1月20日\n"
    [finding] = findings(text, tmp_path, "SEC-01")
    assert finding.certain


# ---------------------------------------------------------------- SEC-14 / SEC-15


def _six_before_five(six_heading: str) -> str:
    six_block = BASE[BASE.index(SIX) : BASE.index("云岭县青石镇人民政府\n2024年")]
    text = BASE.replace(six_block, "")
    return one(text, TEMPLATE["五"], six_block.replace(SIX, six_heading + "\n") + TEMPLATE["五"])


def test_sections_out_of_order_under_template_headings_is_certain(tmp_path: Path) -> None:
    [finding] = findings(_six_before_five(TEMPLATE["六"]), tmp_path, "SEC-14")
    assert finding.certain and "六、五" in finding.message


def test_out_of_order_heading_in_other_words_is_doubtful(tmp_path: Path) -> None:
    [finding] = findings(_six_before_five("六、其他事项"), tmp_path, "SEC-14")
    assert not finding.certain


def test_a_lost_heading_and_a_numbered_preamble_list_give_no_order_error(tmp_path: Path) -> None:
    listed = "全文包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；" + (
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。"
    )
    text = one(BASE, "全文包括总体情况、", listed + "全文包括总体情况、")
    text = one(text, TEMPLATE["四"] + "\n", "")
    assert findings(text, tmp_path, "SEC-14") == []
    [missing] = findings(text, tmp_path, "SEC-01")
    assert not missing.certain


def test_wrong_ordinal_on_a_differently_worded_heading_is_doubtful(tmp_path: Path) -> None:
    text = one(BASE, TEMPLATE["二"], "一、主动公开工作情况")
    [finding] = findings(text, tmp_path, "SEC-15")
    assert not finding.certain


def test_wrong_ordinal_on_a_template_heading_is_certain(tmp_path: Path) -> None:
    [finding] = findings(one(BASE, TEMPLATE["六"], "五、其他需要报告的事项"), tmp_path, "SEC-15")
    assert finding.certain and "五、其他需要报告的事项" in finding.message


def test_heading_without_ordinal_gets_no_ordinal_finding(tmp_path: Path) -> None:
    assert findings(one(BASE, SIX, "其他需要报告的事项\n"), tmp_path, "SEC-15") == []


# ---------------------------------------------------------------- vocabulary is data


def _pack_copy(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(builtin_packs_dir() / "gov-info-disclosure-2021", root)
    return root


def test_a_new_heading_wording_needs_only_pack_yaml(tmp_path: Path) -> None:
    text = one(BASE, TEMPLATE["六"], "六、其他工作情况")
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    before = [f for f in check_document(report, pack(), select=["SEC-01"]).findings]
    assert before and not before[0].certain  # content seen, heading not recognised
    root = _pack_copy(tmp_path)
    meta = root / "pack.yaml"
    yaml = meta.read_text(encoding="utf-8")
    yaml = yaml.replace(
        '      - "其[他它](?:有关|相关)?事项"\n',
        '      - "其[他它](?:有关|相关)?事项"\n      - "其他工作情况"\n',
    )
    meta.write_text(yaml, encoding="utf-8")
    after = check_document(report, load_pack(root, use_cache=False), select=["SEC-01"]).findings
    assert after == []


def test_a_heading_wording_that_is_no_regex_is_refused_with_its_place(tmp_path: Path) -> None:
    root = _pack_copy(tmp_path)
    meta = root / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"基本情况"', '"基本情况("'), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_pack(root, use_cache=False)
    assert "sections" in str(err.value) and err.value.line


# ---------------------------------------------------------------- helpers of the kinds


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("12", 12),
        ("十十", None),
        ("零", None),
    ],
)
def test_numeral_values(text: str, value: int | None) -> None:
    assert numeral_value(text, pack().pack.structure.numerals) == value


def test_a_topic_phrase_inside_an_excluded_phrase_does_not_cover_it() -> None:
    topic = Topic(name="数量", patterns=[r"公开信息\d+件"], unless=[r"依申请公开信息\d+件"])
    assert not covered(topic, "全年依申请公开信息13件。")
    assert covered(topic, "全年依申请公开信息13件，主动公开信息126件。")


# Sentences as real reports write them (some shortened), and sentences that must not count.
TOPIC_CASES = [
    # (rule, topic index, text, covered)
    ("SEC-06", 0, "全年累计主动公开政府信息100余条", True),
    ("SEC-06", 0, "2023年，我镇主动公开政府信息5条", True),
    ("SEC-06", 0, "西柳镇人民政府利用电子屏、公告栏等主动对外更新政府信息27次", True),
    ("SEC-06", 0, "截止2023年12月31日我局通过官方网站发布政务类信息34条", True),
    ("SEC-06", 0, "全年更新工作动态、养老服务和社会救助信息162条", True),
    ("SEC-06", 0, "主动在门户网站公开政府信息50条", True),
    ("SEC-06", 0, "各栏目共刊发文稿、通知、公告、公示等44篇", True),
    ("SEC-06", 0, "在2023年瓯海政府公开信息网站里总发布75条", True),
    (
        "SEC-06",
        0,
        "主动公开涉及疫情防控、社会救助、养老服务、公共文化服务、公共法律服务、保障性住房等方面信息423条",
        True,
    ),
    ("SEC-06", 0, "通过街道党务政务公开栏等渠道发布各类信息100余条", True),
    ("SEC-06", 0, "市科委通过部门网站当年发布政府信息 393 件", True),
    ("SEC-06", 0, "全年主动公开政府信息1.2万条", True),
    ("SEC-06", 0, "2023年共收到政府信息公开申请13件", False),
    ("SEC-06", 0, "2024年度，我乡共收到依申请公开信息0条", False),
    ("SEC-06", 0, "本年度全区共收到70件申请", False),
    ("SEC-06", 0, "本年度发生政府信息公开行政复议1件", False),
    ("SEC-06", 0, "主动公开和依申请公开工作扎实推进，收到申请13件", False),
    ("SEC-06", 0, "召开新闻发布会20场", False),
    ("SEC-07", 0, "目前，我局政府信息公开工作还不能完全满足社会公众的需求", True),
    ("SEC-07", 0, "政务公开质量水平有待提高", True),
    ("SEC-07", 0, "政策解读形式较为单一", True),
    ("SEC-07", 0, "2023年，我镇政府信息公开工作稳步推进，各项工作均取得明显成效", False),
    ("SEC-09", 0, "2023年，无涉及《政府信息公开信息处理费管理办法》中规定的收取信息处理费情况", True),
    ("SEC-09", 0, "2023年度，县发展和改革局政府信息公开未发生收费情况", True),
    ("SEC-09", 0, "2024年，市科委未发生政府信息公开收费事项", True),
    ("SEC-09", 0, "我局暂无其他事项需要报告", False),
    ("SEC-05", 0, "将政务公开纳入绩效管理指标体系，压紧压实责任", True),
    ("SEC-05", 1, "引入第三方评估公司，对全区政务公开工作进行评估", True),
    ("SEC-05", 2, "细化年度政务公开考核标准，制定考核细则", False),
]


@pytest.mark.parametrize(
    ("rule", "index", "text", "expected"), TOPIC_CASES, ids=[c[2][:24] for c in TOPIC_CASES]
)
def test_topics_are_covered_by_the_phrases_offices_use(
    rule: str, index: int, text: str, expected: bool
) -> None:
    loaded = pack().rule(rule)
    assert loaded is not None
    assert covered(loaded.topics[index], text) is expected  # type: ignore[attr-defined]


def test_corpus_reports_with_reworded_headings_keep_their_sections() -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "real"
    files = sorted(p for p in corpus.glob("20*") if p.is_file())
    if not files:
        pytest.skip("shared corpus not available")
    for path in files:
        st = analyse(read_document(path), pack().pack)
        assert len(st.sections) >= 5, path.name
        assert all(s.in_order for s in st.sections.values()), path.name


# ---------------------------------------------------------------- hostile input

HOSTILE = {
    "one character": "一" * 200_000,
    "ordinals only": "一、" * 200_000,
    "one heading repeated": "一、总体情况" * 50_000,
    "long leads": ("五、" + "问" * 15) * 20_000,
    "bare lines": "其他事项\n" * 50_000,
    "list markers": "一是" * 100_000,
    "sub-headings": "（一）\n（3）\n" * 50_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_structure_finishes_on_hostile_text(name: str) -> None:
    st = structure_of(HOSTILE[name])
    assert len(st.sections) <= 6


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_section_and_text_rules_finish_on_hostile_text(name: str, tmp_path: Path) -> None:
    text = TEMPLATE["一"] + "\n" + HOSTILE[name] + "\n" + TEMPLATE["五"] + "\n" + HOSTILE[name]
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    result = check_document(path, pack(), select=["SEC", "TXT", "PUB"])
    assert result.findings is not None


def test_a_ten_megabyte_line_is_read_linearly() -> None:
    st = structure_of("一、" * 5_000_000)
    assert st.sections == {}


def test_the_clean_example_has_its_six_sections(tmp_path: Path) -> None:
    result = check_text(BASE, tmp_path)
    assert not [f for f in result.findings if f.rule in ("SEC-01", "SEC-14", "SEC-15")]
