"""Year-on-year claims (TBL-25, kind cross_year_claim): found in the worker (checker.yoy) with
a literal prefilter and a cap, judged against both years' tables with the certainty rules
of the cross-year kinds (settled cells only; undecided cells, ambiguous subjects and a
this-year number that is not the cell's are 待核实; unknown subjects give nothing)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import yoy
from checker.batch import CheckOptions
from checker.crossyear import compare
from checker.engine import check_document
from checker.facts import ReportFacts, YearClaim
from checker.kinds import checker_for
from checker.kinds._pairs import PairContext
from checker.limits import LIMITS
from checker.results import ReportResult
from checker.rules import LoadedPack, load_pack
from checker.summary import TableSummary

from .helpers import EXAMPLES, ROOT, copy_pack, edit, load_error

SEED = EXAMPLES / "qingshi-2023.txt"
SENTENCE = "2023年共收到政府信息公开申请13件，"
NEW_ROW = "| 一、本年新收政府信息公开申请数量 | 11 | 2 | 0 | 0 | 0 | 0 | 13 |"
T4_ROW = "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


@pytest.fixture(scope="module")
def loaded() -> LoadedPack:
    return load_pack(None)


def _report(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    text = SEED.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _last_year(tmp_path: Path, new_total: str = "10") -> Path:
    return _report(
        tmp_path,
        "last.txt",
        ("青石镇人民政府2023年政府信息公开工作年度报告", "青石镇人民政府2022年政府信息公开工作年度报告"),
        (NEW_ROW, f"| 一、本年新收政府信息公开申请数量 | 8 | 2 | 0 | 0 | 0 | 0 | {new_total} |"),
        (T4_ROW, T4_ROW.replace("| 1 | 0 | 0 | 0 | 1 |", "| 2 | 0 | 0 | 0 | 2 |", 1)),
    )


def _claims(loaded: LoadedPack, path: Path) -> list[YearClaim]:
    facts = check_document(path, loaded, facts=True).facts
    assert facts is not None
    return facts.claims


def _judged(loaded: LoadedPack, tmp_path: Path, claim_text: str, last: Path | None = None) -> list[Any]:
    this = _report(tmp_path, "this.txt", (SENTENCE, SENTENCE + claim_text))
    result = check_document(this, loaded, select=["TBL-25"], facts=True)
    before = check_document(last or _last_year(tmp_path), loaded, select=["TBL-25"], facts=True).facts
    compared = compare(result, result.facts, before, loaded, CheckOptions(select=["TBL-25"]))
    return [f for f in compared.findings if f.rule == "TBL-25"]


# ---------------------------------------------------------------- finding the claims


def test_a_claim_has_its_subject_direction_amount_quote_and_place(loaded: LoadedPack, tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        "r.txt",
        (SENTENCE, SENTENCE + "较上年增加3件，增长30%，"),
        ("本年度发生政府信息公开行政复议1件，", "本年度发生政府信息公开行政复议1件，比去年减少1件，"),
    )
    claims = _claims(loaded, path)
    by_amount = {(c.readings, c.change, c.amount, c.kind) for c in claims}
    assert by_amount == {
        ((("表三.新收.总计",),), 1, 3.0, "count"),
        ((("表三.新收.总计",),), 1, 30.0, "percent"),
        ((("表四.行政复议.总计",),), -1, 1.0, "count"),
    }
    first = claims[0]
    assert first.quote == "政府信息公开申请13件，较上年增加3件，增长30%"
    assert first.stated == 13.0 and first.section == "一"
    text = path.read_text(encoding="utf-8")
    assert first.line == text[: text.index("较上年增加3件")].count("\n") + 1


@pytest.mark.parametrize(
    ("wording", "change", "amount", "kind"),
    [
        ("与上年持平，", 0, None, None),
        ("是上年的1.3倍，", 1, 1.3, "ratio"),
        ("同比下降20%，", -1, 20.0, "percent"),
        ("与上年相比有所增加，", 1, None, None),
        ("比上年度减少了2件，", -1, 2.0, "count"),
        ("同上年相比减少2件，", -1, 2.0, "count"),
        # last year named by its number (the report is 2023's)
        ("较2022年增加3件，", 1, 3.0, "count"),
        ("与2022年相比增长30%，", 1, 30.0, "percent"),
        ("比2022年度减少2件，", -1, 2.0, "count"),
        ("同2022年同期相比有所下降，", -1, None, None),
        ("是2022年的1.3倍，", 1, 1.3, "ratio"),
        # amounts in Chinese numerals; a run that is no one number gives the direction only
        ("较上年增加三件，", 1, 3.0, "count"),
        ("比上年减少两件，", -1, 2.0, "count"),
        ("同比增加十二件，", 1, 12.0, "count"),
        ("是上年的两倍，", 1, 2.0, "ratio"),
        ("较上年增加两三件，", 1, None, None),
        ("较上年增加十几件，", 1, None, None),
        ("较上年增加近两件，", 1, None, None),
    ],
)
def test_the_wordings_real_reports_use(
    loaded: LoadedPack, tmp_path: Path, wording: str, change: int, amount: float | None, kind: str | None
) -> None:
    claims = _claims(loaded, _report(tmp_path, "r.txt", (SENTENCE, SENTENCE + wording)))
    assert [(c.change, c.amount, c.kind) for c in claims] == [(change, amount, kind)]


def test_this_years_number_in_chinese_numerals(loaded: LoadedPack, tmp_path: Path) -> None:
    said = "2023年共收到政府信息公开申请十三件，较上年增加三件，"
    assert [(c.stated, c.amount) for c in _claims(loaded, _report(tmp_path, "a.txt", (SENTENCE, said)))] == [
        (13.0, 3.0)
    ]
    vague = "2023年共收到政府信息公开申请两三件，较上年增加三件，"
    assert _claims(loaded, _report(tmp_path, "b.txt", (SENTENCE, vague))) == []


_N = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_N |= {"十": 10, "百": 100, "千": 1000}


def _written(n: int) -> str:
    """n (0-9999) as offices write it: 十二, 一百零五, 两千 is written 二千 here."""
    if n == 0:
        return "零"
    digits = "零一二三四五六七八九"
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += ("" if (unit == 10 and d == 1 and not out) else digits[d]) + name
    return out


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 9999))
def test_every_number_as_written_is_read(n: int) -> None:
    assert yoy._amount(_written(n), _N) == n


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_N)), min_size=1, max_size=8))
def test_a_run_of_numerals_is_one_number_or_none(raw: str) -> None:
    value = yoy._amount(raw, _N)
    # what is read is the number as offices write it (两 for 二, 〇 for 零, 一十 for 十)
    if value is not None:
        canonical = raw.replace("两", "二").replace("〇", "零")
        if canonical.startswith("一十"):
            canonical = canonical[1:]
        assert _written(int(value)) == canonical


def test_a_named_year_is_last_years_only_in_a_report_of_known_year(
    loaded: LoadedPack, tmp_path: Path
) -> None:
    # 「比2021年」 in a 2023 report compares with a report not looked at
    assert _claims(loaded, _report(tmp_path, "a.txt", (SENTENCE, SENTENCE + "比2021年增加5件，"))) == []
    # the same words in the 2022 report compare with last year's
    dated = _report(
        tmp_path,
        "b.txt",
        (SENTENCE, SENTENCE + "比2021年增加5件，"),
        ("青石镇人民政府2023年政府信息公开工作年度报告", "青石镇人民政府2022年政府信息公开工作年度报告"),
    )
    assert [(c.change, c.amount) for c in _claims(loaded, dated)] == [(1, 5.0)]
    # a report whose year is not known: 上年 is still last year's, a named year is nobody's
    for wording, claims in (("比2022年增加5件，", []), ("较上年增加3件，", [(1, 3.0)])):
        undated = _report(
            tmp_path,
            "c.txt",
            (SENTENCE, SENTENCE + wording),
            ("青石镇人民政府2023年政府信息公开工作年度报告", "青石镇人民政府政府信息公开工作年度报告"),
        )
        assert [(c.change, c.amount) for c in _claims(loaded, undated)] == claims, wording


@pytest.mark.parametrize(
    "wording",
    [
        "公开率较上年提高2个百分点，",  # a rate, not a cell
        "与上年基本持平，",  # not a claim of equality
        "上年结转1件，",  # a table label, not a comparison
        "比2021年增加5件，",  # not last year: another year's report is not looked at
    ],
)
def test_what_is_not_a_claim(loaded: LoadedPack, tmp_path: Path, wording: str) -> None:
    assert _claims(loaded, _report(tmp_path, "r.txt", (SENTENCE, SENTENCE + wording))) == []


def test_an_unknown_subject_or_another_count_between_gives_no_claim(
    loaded: LoadedPack, tmp_path: Path
) -> None:
    unknown = _report(tmp_path, "a.txt", ("申请内容主要涉及", "网站访问量较上年增加5次，申请内容主要涉及"))
    assert _claims(loaded, unknown) == []
    between = _report(tmp_path, "b.txt", (SENTENCE, SENTENCE + "办结12件，较上年增加3件，"))
    # 「申请13件，办结12件，较上年增加3件」: 办结 or 申请? two numbers stand between
    assert [c for c in _claims(loaded, between) if c.readings == (("表三.新收.总计",),)] == []


def test_only_a_number_and_link_words_may_stand_between_subject_and_claim(
    loaded: LoadedPack, tmp_path: Path
) -> None:
    other = _report(
        tmp_path,
        "a.txt",
        (
            "本年度发生政府信息公开行政复议1件，结果维持；",
            "本年度发生政府信息公开行政复议1件，结果维持，主动公开信息较上年增加20条；",
        ),
    )
    assert [c for c in _claims(loaded, other) if c.amount == 20.0] == []  # not 行政复议's
    linked = _report(
        tmp_path,
        "b.txt",
        ("2023年共收到政府信息公开申请13件，", "2023年政府信息公开申请数量为13件，较上年增加3件，"),
    )
    assert [(c.readings, c.stated, c.amount) for c in _claims(loaded, linked)] == [(NEW, 13.0, 3.0)]
    bare = _report(tmp_path, "c.txt", (SENTENCE, "2023年依申请公开数量与上年相比有所增加，" + SENTENCE))
    assert [(c.readings, c.stated, c.amount) for c in _claims(loaded, bare)] == [(NEW, None, None)]


def test_no_regex_runs_on_a_text_without_the_trigger_words(
    loaded: LoadedPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(rule: Any) -> Any:
        raise AssertionError("the pattern was built for a text without 上年/去年/同比")

    monkeypatch.setattr(yoy, "_pattern", refuse)
    text = SEED.read_text(encoding="utf-8").replace("上年", "前一年")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    assert "上年" not in text and "去年" not in text and "同比" not in text
    assert _claims(loaded, path) == []


def test_the_claims_and_the_triggers_looked_at_are_capped(
    loaded: LoadedPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = "".join(f"行政复议{i}件，较上年增加{i}件；" for i in range(40))
    path = _report(tmp_path, "r.txt", (SENTENCE, SENTENCE + many))
    assert len(_claims(loaded, path)) == LIMITS.facts_max_claims
    monkeypatch.setattr(LIMITS, "year_claim_triggers", 3)
    assert len(_claims(loaded, path)) == 3


def test_a_hostile_run_of_trigger_words_is_read_once(loaded: LoadedPack, tmp_path: Path) -> None:
    # 100,000 characters of comparisons with nothing after them: each trigger is matched in a
    # bounded window, so this is linear (and gives no claim: no subject, no change)
    path = _report(tmp_path, "r.txt", (SENTENCE, SENTENCE + "较上年同比" * 20_000 + "，"))
    assert _claims(loaded, path) == []


# ---------------------------------------------------------------- judging them


def test_true_claims_give_nothing(loaded: LoadedPack, tmp_path: Path) -> None:
    for wording in ("较上年增加3件，", "同比增长30%，", "是上年的1.3倍，", "增加3件，", "较2022年增加3件，"):
        assert _judged(loaded, tmp_path, wording) == [], wording


@pytest.mark.parametrize(
    ("wording", "actual"),
    [
        ("较上年增加5件，", "实际增加3"),  # amount wrong
        ("比上年减少3件，", "实际增加3"),  # direction wrong
        ("同比增长50%，", "实际增加3，变化30.0%"),
        ("与上年持平，", "实际增加3"),
        ("是上年的2倍，", "实际增加3"),
        ("比2022年减少3件，", "实际增加3"),
    ],
)
def test_false_claims_on_settled_cells_are_certain(
    loaded: LoadedPack, tmp_path: Path, wording: str, actual: str
) -> None:
    found = _judged(loaded, tmp_path, wording)
    assert len(found) == 1 and found[0].certain and found[0].severity == "warning"
    assert actual in found[0].message and "2022年度报告为10" in found[0].message
    assert found[0].location.section == "一" and found[0].location.line is not None


def test_a_percentage_of_last_years_zero_is_not_judged(loaded: LoadedPack, tmp_path: Path) -> None:
    assert _judged(loaded, tmp_path, "同比增长50%，", last=_last_year(tmp_path, new_total="0")) == []


def test_a_rounded_or_cut_off_percentage_is_true(loaded: LoadedPack, tmp_path: Path) -> None:
    last = _last_year(tmp_path, new_total="12")  # 13 / 12: +8.33 %
    for wording in ("同比增长8.3%，", "同比增长8%，", "同比增长8.33%，"):
        assert _judged(loaded, tmp_path, wording, last=last) == [], wording
    assert [f.certain for f in _judged(loaded, tmp_path, "同比增长9.5%，", last=last)] == [True]


def test_without_last_years_report_only_doc04_says_so(loaded: LoadedPack, tmp_path: Path) -> None:
    this = _report(tmp_path, "this.txt", (SENTENCE, SENTENCE + "较上年增加5件，"))
    result = check_document(this, loaded, select=["TBL-25", "DOC-04"], facts=True)
    compared = compare(result, result.facts, None, loaded, CheckOptions(select=["TBL-25", "DOC-04"]))
    assert [f.rule for f in compared.findings] == ["DOC-04"]
    assert "同比表述" in compared.findings[0].message


# Facts built by hand: undecided cells, ambiguous subjects, a this-year number not the cell's.


def _facts(
    loaded: LoadedPack, year: int, values: dict[str, Any], undecided: dict[str, list[Any]]
) -> ReportFacts:
    tables: dict[str, TableSummary] = {}
    rows: dict[str, dict[str, str]] = {}
    for name, tpl in loaded.pack.tables.items():
        rows[name] = {r.id: r.label for r in tpl.rows}
        cells = {
            r.label: {c: values.get(f"{name}.{r.id}.{c}", 0) for c in tpl.columns_of(r)} for r in tpl.rows
        }
        pending: dict[str, dict[str, list[Any]]] = {}
        for ref, candidates in undecided.items():
            table, row_id, column = ref.split(".")
            if table == name:
                cells[rows[name][row_id]][column] = None
                pending.setdefault(rows[name][row_id], {})[column] = candidates
        tables[name] = TableSummary(cells, pending, 0, 0)
    return ReportFacts(
        path=f"{year}.txt",
        issuer="青石镇",
        issuer_key="青石镇",
        year=year,
        pack=loaded.pack.id,
        format="text",
        tables=tables,
        rows=rows,
    )


def _claim(subject: int, readings: tuple[tuple[str, ...], ...], **kw: Any) -> YearClaim:
    base: dict[str, Any] = {
        "rule": "TBL-25",
        "subject": subject,
        "readings": readings,
        "change": 1,
        "amount": 5.0,
        "decimals": 0,
        "kind": "count",
        "stated": None,
        "quote": "……较上年增加5件",
        "section": "一",
        "line": 8,
    }
    return YearClaim(**{**base, **kw})


def _run(loaded: LoadedPack, this: ReportFacts, last: ReportFacts) -> list[Any]:
    rule = loaded.rule("TBL-25")
    assert rule is not None
    ctx = PairContext(this=this, last=last, pack=loaded.pack, looked_for=2022)
    return list(checker_for(rule.kind)(ctx, rule))


def _subject_index(loaded: LoadedPack, label_part: str) -> int:
    rule: Any = loaded.rule("TBL-25")
    return next(i for i, s in enumerate(rule.subjects) if label_part in s.label)


NEW = (("表三.新收.总计",),)


def test_an_undecided_cell_is_doubtful_whatever_the_readings(loaded: LoadedPack) -> None:
    last = _facts(loaded, 2022, {"表三.新收.总计": 10}, {})
    some = _facts(loaded, 2023, {}, {"表三.新收.总计": [13, 15]})
    every = _facts(loaded, 2023, {}, {"表三.新收.总计": [13, 14]})
    for this, verdict in ((some, "部分拆分方式下与所称相符"), (every, "无论怎样拆分都与所称不符")):
        this.claims = [_claim(0, NEW)]
        found = _run(loaded, this, last)
        assert len(found) == 1 and not found[0].certain and verdict in found[0].message
    agrees = _facts(loaded, 2023, {}, {"表三.新收.总计": [15, 105]})
    agrees.claims = [_claim(0, NEW, amount=None)]  # 「较上年增加」: true either way
    assert _run(loaded, agrees, last) == []


def test_an_ambiguous_subject_is_doubtful(loaded: LoadedPack) -> None:
    index = _subject_index(loaded, "本年制发件数或现行有效件数")
    rule: Any = loaded.rule("TBL-25")
    readings = tuple(tuple(r) for r in rule.subjects[index].readings)
    this = _facts(
        loaded, 2023, {"表二.行政规范性文件.本年制发件数": 2, "表二.行政规范性文件.现行有效件数": 9}, {}
    )
    last = _facts(
        loaded, 2022, {"表二.行政规范性文件.本年制发件数": 1, "表二.行政规范性文件.现行有效件数": 9}, {}
    )
    this.claims = [_claim(index, readings, amount=3.0)]
    found = _run(loaded, this, last)
    assert len(found) == 1 and not found[0].certain and "不能确定" in found[0].message


def test_this_years_number_tells_which_reading_an_ambiguous_subject_means(loaded: LoadedPack) -> None:
    index = _subject_index(loaded, "受理申请数")
    rule: Any = loaded.rule("TBL-25")
    readings = tuple(tuple(r) for r in rule.subjects[index].readings)  # 新收, or 新收 + 上年结转
    this = _facts(loaded, 2023, {"表三.新收.总计": 13, "表三.上年结转.总计": 1}, {})
    last = _facts(loaded, 2022, {"表三.新收.总计": 10, "表三.上年结转.总计": 1}, {})
    this.claims = [_claim(index, readings, amount=3.0, stated=13.0)]  # 「受理申请13件，较上年增加3件」
    assert _run(loaded, this, last) == []
    this.claims = [_claim(index, readings, amount=5.0, stated=13.0)]
    assert [f.certain for f in _run(loaded, this, last)] == [True]
    this.claims = [_claim(index, readings, amount=5.0)]  # no number: 新收 or both?
    assert [f.certain for f in _run(loaded, this, last)] == [False]


def test_a_this_year_number_that_is_not_the_cells_makes_it_doubtful(loaded: LoadedPack) -> None:
    this = _facts(loaded, 2023, {"表三.新收.总计": 13}, {})
    last = _facts(loaded, 2022, {"表三.新收.总计": 10}, {})
    this.claims = [_claim(0, NEW, stated=14.0)]  # 「申请14件，较上年增加5件」 while 表三 says 13
    assert [f.certain for f in _run(loaded, this, last)] == [False]
    this.claims = [_claim(0, NEW, stated=13.0)]
    assert [f.certain for f in _run(loaded, this, last)] == [True]


def test_a_loose_subject_is_certain_only_with_this_years_number(loaded: LoadedPack) -> None:
    index = _subject_index(loaded, "行政处罚")
    cell = (("表二.行政处罚.本年处理决定数量",),)
    this = _facts(loaded, 2023, {"表二.行政处罚.本年处理决定数量": 3}, {})
    last = _facts(loaded, 2022, {"表二.行政处罚.本年处理决定数量": 6}, {})
    this.claims = [_claim(index, cell)]  # 「行政处罚等信息同比增加5件」: 信息 or 决定?
    assert [f.certain for f in _run(loaded, this, last)] == [False]
    this.claims = [_claim(index, cell, stated=3.0)]
    assert [f.certain for f in _run(loaded, this, last)] == [True]


def test_a_blank_cell_in_either_year_gives_nothing(loaded: LoadedPack) -> None:
    this = _facts(loaded, 2023, {"表三.新收.总计": 13}, {})
    last = _facts(loaded, 2022, {"表三.新收.总计": None}, {})
    this.claims = [_claim(0, NEW)]
    assert _run(loaded, this, last) == []


def test_a_claim_against_a_2019_format_report(loaded: LoadedPack, tmp_path: Path) -> None:
    """A 2021 report's claim about 表三 judged against its 2020 report (the 2019 format)."""
    this = _facts(loaded, 2021, {"表三.新收.总计": 13}, {})
    old = load_pack(None).for_year(2020)
    assert old.pack.id == "gov-info-disclosure-2019"
    last = dataclasses.replace(_facts(old, 2020, {"表三.新收.总计": 10}, {}), pack=old.pack.id)
    this.claims = [_claim(0, NEW, amount=3.0)]
    assert _run(loaded, this, last) == []
    this.claims = [_claim(0, NEW, amount=4.0)]
    assert [f.certain for f in _run(loaded, this, last)] == [True]


def test_a_finding_is_graded_like_the_others(loaded: LoadedPack, tmp_path: Path) -> None:
    this = _report(tmp_path, "this.txt", (SENTENCE, SENTENCE + "较上年增加5件，"))
    result = check_document(this, loaded, facts=True)
    before = check_document(_last_year(tmp_path), loaded, facts=True).facts
    score = result.score
    compared = compare(result, result.facts, before, loaded, CheckOptions())
    hits = [f for f in compared.findings if f.rule == "TBL-25"]
    assert [f.points for f in hits] == [1.0]
    assert isinstance(compared, ReportResult) and compared.score is not None and score is not None
    assert compared.score <= score - 1


# ---------------------------------------------------------------- the rule file is checked


@pytest.mark.parametrize(
    ("old", "new", "key", "said"),
    [
        ("readings: [[表四.行政复议.总计]]", "readings: [[表四.行政复议.合计]]", "subjects", "没有列“合计”"),
        (
            "readings: [[表四.行政复议.总计]]",
            "readings: [[表九.行政复议.总计]]",
            "subjects",
            "未知的表“表九”",
        ),
        (
            "[较上年, 比上年, 较去年",
            "[较前一年, 较上年, 比上年, 较去年",
            "compare",
            "“较前一年”不含 triggers",
        ),
        ('"{last_year}年的"]', '"{last_year}年的", "{year}年"]', "triggers", "只能用 {last_year}"),
        (
            "fillers: [同期,",
            'fillers: [同期, "{last_year}年",',
            "fillers",
            "只有 triggers、compare、ratio 可以写",
        ),
    ],
)
def test_a_claim_rule_naming_what_the_pack_lacks_is_refused(
    tmp_path: Path, old: str, new: str, key: str, said: str
) -> None:
    root = copy_pack(ROOT / "rules" / "gov-info-disclosure-2021", tmp_path / "pack")
    edit(root / "tables" / "TBL-25.yaml", old, new)
    err = load_error(root)
    assert err.file.endswith("TBL-25.yaml") and said in err.message, err.one_line()
    # at the key the words are under
    lines = (root / "tables" / "TBL-25.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[err.line - 1].startswith(f"{key}:"), err.one_line()
