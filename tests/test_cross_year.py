"""The cross-year rules on their own: certainty over undecided cells, the 2019-format
mapping, the issuer key, pairing in a batch (ambiguity, the spool removed however the run
ends), `--previous`, `--no-previous` and the configuration switch, and the caps."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from checker.batch import CheckOptions, check_many
from checker.engine import ReportResult, check_document
from checker.facts import ReportFacts, issuer_key, normalised_text
from checker.kinds import checker_for
from checker.kinds._pairs import PairContext
from checker.limits import LIMITS
from checker.pairing import Spooled, compared_batch, pair
from checker.rules import LoadedPack, load_pack
from checker.summary import TableSummary

from .helpers import EXAMPLES, WIDE_UNCACHED, nianbao

QINGSHI_2020 = EXAMPLES / "qingshi-2020.txt"
QINGSHI_2023 = EXAMPLES / "qingshi-2023.txt"
TITLE_2023 = "云岭县青石镇人民政府2023年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def loaded() -> LoadedPack:
    return load_pack(None)


def facts(
    loaded: LoadedPack, cells: dict[str, Any], undecided: dict[str, list[Any]] | None = None, **kw: Any
) -> ReportFacts:
    """Facts with 表三's rows 上年结转 and 结转下年 (and 表二) as given: `cells` maps
    row id → value for every column; `undecided` row id → candidates of 总计."""
    tables: dict[str, TableSummary] = {}
    rows: dict[str, dict[str, str]] = {}
    for name, tpl in loaded.pack.tables.items():
        rows[name] = {r.id: r.label for r in tpl.rows}
        values = {r.label: {c: cells.get(f"{name}.{r.id}", 0) for c in tpl.columns_of(r)} for r in tpl.rows}
        pending: dict[str, dict[str, list[Any]]] = {}
        for ref, candidates in (undecided or {}).items():
            table, _, row_id = ref.partition(".")
            if table == name:
                label = rows[name][row_id]
                values[label]["总计"] = None
                pending[label] = {"总计": candidates}
        tables[name] = TableSummary(values, pending, 0, 0)
    base: dict[str, Any] = {
        "path": "r.txt",
        "issuer": "青石镇",
        "issuer_key": "青石镇",
        "year": 2023,
        "pack": loaded.pack.id,
        "format": "text",
    }
    return ReportFacts(**{**base, **kw}, tables=tables, rows=rows)


def run_rule(loaded: LoadedPack, rule_id: str, this: ReportFacts, last: ReportFacts | None) -> list[Any]:
    rule = loaded.rule(rule_id)
    assert rule is not None
    ctx = PairContext(this=this, last=last, pack=loaded.pack, looked_for=2022)
    return list(checker_for(rule.kind)(ctx, rule))


# ---------------------------------------------------------------- TBL-10: certainty


def test_carry_over_settled_cells_that_differ_are_a_certain_error(loaded: LoadedPack) -> None:
    this = facts(loaded, {"表三.上年结转": 1})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    found = run_rule(loaded, "TBL-10", this, last)
    assert {f.location.column for f in found} == set(loaded.pack.tables["表三"].columns)
    assert all(f.certain and f.severity == "error" for f in found)
    assert "2022年度报告" in found[0].message and "相差1" in found[0].message


def test_carry_over_that_chains_raises_nothing(loaded: LoadedPack) -> None:
    this = facts(loaded, {"表三.上年结转": 2})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    assert run_rule(loaded, "TBL-10", this, last) == []


def test_carry_over_certain_when_no_candidate_agrees(loaded: LoadedPack) -> None:
    this = facts(loaded, {"表三.上年结转": 2}, {"表三.上年结转": [5, 15]})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    found = [f for f in run_rule(loaded, "TBL-10", this, last) if f.location.column == "总计"]
    assert len(found) == 1 and found[0].certain
    assert "无论怎样拆分都不相等" in found[0].message


def test_carry_over_doubtful_when_some_candidate_agrees(loaded: LoadedPack) -> None:
    this = facts(loaded, {"表三.上年结转": 2}, {"表三.上年结转": [2, 12]})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    found = [f for f in run_rule(loaded, "TBL-10", this, last) if f.location.column == "总计"]
    assert len(found) == 1 and not found[0].certain
    assert "待核实" in found[0].message


def test_carry_over_blank_cell_is_not_judged(loaded: LoadedPack) -> None:
    this = facts(loaded, {"表三.上年结转": None})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    assert run_rule(loaded, "TBL-10", this, last) == []


def test_too_many_readings_are_not_judged(loaded: LoadedPack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "cross_year_max_sums", 1)
    this = facts(loaded, {"表三.上年结转": 2}, {"表三.上年结转": [5, 15]})
    last = facts(loaded, {"表三.结转下年": 2}, year=2022)
    assert not [f for f in run_rule(loaded, "TBL-10", this, last) if f.location.column == "总计"]


# ---------------------------------------------------------------- TBL-11, TXT-02, DOC-04


def test_documents_in_force_chain(loaded: LoadedPack) -> None:
    last = facts(loaded, {"表二.行政规范性文件": 0, "表二.规章": 0}, year=2022)
    ok = facts(loaded, {})
    assert run_rule(loaded, "TBL-11", ok, last) == []
    last3 = facts(loaded, {"表二.行政规范性文件": 3}, year=2022)
    found = run_rule(loaded, "TBL-11", ok, last3)
    assert [f.location.row for f in found] == ["行政规范性文件"]
    assert found[0].severity == "warning" and found[0].certain


def test_identical_tables_only_when_enough_numbers_are_above_zero(loaded: LoadedPack) -> None:
    zeros = facts(loaded, {})
    assert run_rule(loaded, "TXT-02", zeros, facts(loaded, {}, year=2022)) == []
    busy = {f"表三.{r}": 3 for r in ("新收", "予以公开", "总计")}
    found = run_rule(loaded, "TXT-02", facts(loaded, busy), facts(loaded, busy, year=2022))
    assert len(found) == 1 and found[0].severity == "warning"
    other = {**busy, "表三.新收": 4}
    assert run_rule(loaded, "TXT-02", facts(loaded, other), facts(loaded, busy, year=2022)) == []


def test_absent_says_which_year_was_looked_for(loaded: LoadedPack) -> None:
    found = run_rule(loaded, "DOC-04", facts(loaded, {}), None)
    assert len(found) == 1 and found[0].severity == "info" and "2022年度" in found[0].message
    assert run_rule(loaded, "DOC-04", facts(loaded, {}), facts(loaded, {}, year=2022)) == []


# ---------------------------------------------------------------- facts


def test_issuer_key_drops_punctuation_and_the_packs_word_variants(loaded: LoadedPack) -> None:
    pack = loaded.pack
    assert issuer_key("淮安市洪泽区人民政府", pack) == issuer_key("洪泽区人民政府", pack) == "洪泽区"
    assert issuer_key("平潭综合实验区 管理委员会", pack) == issuer_key("平潭综合实验区管委会", pack)
    assert issuer_key("平潭综合实验区自然资源与生态环境局", pack) != issuer_key("平潭综合实验区", pack)


def test_section_texts_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "facts_text_chars", 10)
    assert normalised_text("一 二\n三" * 20) == "一二三一二三一二三一"


def test_facts_are_built_only_when_asked(loaded: LoadedPack) -> None:
    assert check_document(QINGSHI_2023, loaded).facts is None
    built = check_document(QINGSHI_2023, loaded, facts=True).facts
    assert built is not None and built.year == 2023 and set(built.texts) == {"一", "五"}
    assert built.cell("表三", "上年结转", "总计") == (1, [])


def test_a_2019_format_report_feeds_the_2021_comparison(loaded: LoadedPack) -> None:
    """qingshi-2020 (checked with the 2019 pack) as last year's report of qingshi-2023."""
    last = check_document(QINGSHI_2020, loaded, facts=True).facts
    this = check_document(QINGSHI_2023, loaded, facts=True)
    assert last is not None and last.pack == "gov-info-disclosure-2019"
    from checker.crossyear import compare

    result = compare(this, this.facts, last, loaded, CheckOptions())
    rules = {f.rule for f in result.findings if f.certain}
    assert {"TBL-10", "TXT-01", "TXT-02"} <= rules  # 表三 maps; the text is last year's
    assert "TBL-11" not in rules  # the 2019 表二 has no 现行有效件数
    assert result.previous == {"path": str(QINGSHI_2020), "year": 2020}
    assert result.score is not None and result.score < 100


# ---------------------------------------------------------------- pairing


def _entry(key: str, year: int | None, path: str, facts_at: int | None = 0) -> Spooled:
    return Spooled(0, facts_at, key, year, path)


def test_pairing_by_issuer_key_and_consecutive_year() -> None:
    entries = [
        _entry("甲", 2023, "a23"),
        _entry("甲", 2022, "a22"),
        _entry("乙", 2022, "b22"),
        _entry("乙", 2021, "b21x"),
        _entry("乙", 2021, "b21y"),
        _entry("甲", 2021, "unread", facts_at=None),
    ]
    pairs = pair(entries)
    assert pairs[0].last == 1 and pairs[0].count == 0
    assert pairs[1].last is None and pairs[1].count == 0  # the unreadable one is no pair
    assert pairs[2].last is None and pairs[2].candidates == ("b21x", "b21y") and pairs[2].count == 2


def _results_of(files: list[Path], loaded: LoadedPack) -> Iterator[ReportResult]:
    return check_many(files, loaded, 0, facts=True)


def test_the_spool_is_removed_when_the_run_is_cut_short(
    tmp_path: Path, loaded: LoadedPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def interrupted() -> Iterator[ReportResult]:
        yield from _results_of([QINGSHI_2023], loaded)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(compared_batch(interrupted(), loaded, CheckOptions()))
    assert not list(tmp_path.glob("nianbao-*"))
    # closed half-way through the output (the reader stopped): removed too
    batch = compared_batch(_results_of([QINGSHI_2020, QINGSHI_2023], loaded), loaded, CheckOptions())
    next(batch)
    assert len(list(tmp_path.glob("nianbao-*"))) == 1
    batch.close()
    assert not list(tmp_path.glob("nianbao-*"))


def test_ambiguous_last_year_pairs_none(tmp_path: Path, loaded: LoadedPack) -> None:
    text = QINGSHI_2023.read_text(encoding="utf-8")
    older = text.replace(TITLE_2023, TITLE_2023.replace("2023", "2022"))
    (tmp_path / "a.txt").write_text(older, encoding="utf-8")
    (tmp_path / "b.txt").write_text(older + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    files = sorted(tmp_path.glob("*.txt"))
    results = list(compared_batch(_results_of(files, loaded), loaded, CheckOptions()))
    last = results[2]
    assert last.previous is None and last.compared
    absent = [f for f in last.findings if f.rule == "DOC-04"]
    assert len(absent) == 1 and "2份报告" in absent[0].message
    assert "a.txt、" in absent[0].message and "b.txt" in absent[0].message
    assert not [f for f in last.findings if f.rule in ("TBL-10", "TXT-01")]


# ---------------------------------------------------------------- the command line


cli = partial(nianbao, env=WIDE_UNCACHED, timeout=300)  # the real entry point, in a child


def test_previous_file_for_one_report(tmp_path: Path) -> None:
    # the seed as a 2021 report (2021 format), its 2020 report in the 2019 format
    this = tmp_path / "qingshi-2021.txt"
    this.write_text(
        QINGSHI_2023.read_text(encoding="utf-8").replace(TITLE_2023, TITLE_2023.replace("2023", "2021"))
    )
    done = cli("check", this, "--previous", QINGSHI_2020, "--format", "json")
    assert done.returncode == 1, done.stderr
    (report,) = json.loads(done.stdout)["reports"]
    assert report["previous"] == {"path": str(QINGSHI_2020), "year": 2020}
    rules = {f["rule"] for f in report["findings"]}
    assert {"TBL-10", "TXT-01"} <= rules and "DOC-04" not in rules
    # the seed's 2023 report is not compared with the 2020 one (tests/test_cross_year_previous.py)
    older = json.loads(cli("check", QINGSHI_2023, "--previous", QINGSHI_2020, "--format", "json").stdout)
    assert {f["rule"] for f in older["reports"][0]["findings"]} & {"TBL-10", "TXT-01"} == set()
    # last year's own findings are not printed
    assert all(Path(r["path"]).name != QINGSHI_2020.name for r in json.loads(done.stdout)["reports"])


def test_previous_is_for_one_report_and_must_exist(tmp_path: Path) -> None:
    two = cli("check", QINGSHI_2023, QINGSHI_2020, "--previous", QINGSHI_2020)
    assert two.returncode == 2 and "--previous 只能用于检查一份报告" in two.stderr
    missing = cli("check", QINGSHI_2023, "--previous", tmp_path / "nope.txt")
    assert missing.returncode == 2 and "找不到上年报告" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    unreadable = cli("check", QINGSHI_2023, "--previous", empty)
    assert unreadable.returncode == 2 and "上年报告" in unreadable.stderr
    assert "Traceback" not in two.stderr + missing.stderr + unreadable.stderr


def test_a_batch_compares_and_the_switch_turns_it_off(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    text = QINGSHI_2023.read_text(encoding="utf-8")
    (folder / "qingshi-2022.txt").write_text(
        text.replace(TITLE_2023, TITLE_2023.replace("2023", "2022")), "utf-8"
    )
    (folder / "qingshi-2023.txt").write_text(text, encoding="utf-8")
    compared = json.loads(cli("check", folder, "--format", "json", "-j", "2").stdout)["reports"]
    by_name = {Path(r["path"]).name: r for r in compared}
    assert by_name["qingshi-2022.txt"]["previous"] is None
    assert Path(by_name["qingshi-2023.txt"]["previous"]["path"]).name == "qingshi-2022.txt"
    off = json.loads(cli("check", folder, "--format", "json", "--no-previous").stdout)["reports"]
    assert all("previous" not in r for r in off)
    (tmp_path / "nianbao.yaml").write_text("compare_years: false\n", encoding="utf-8")
    configured = json.loads(cli("check", folder, "--format", "json", cwd=tmp_path).stdout)["reports"]
    assert all("previous" not in r for r in configured)
    assert not [f for r in configured for f in r["findings"] if f["rule"] == "DOC-04"]


def test_many_candidates_are_named_a_few_and_counted(loaded: LoadedPack) -> None:
    rule = loaded.rule("DOC-04")
    assert rule is not None
    ctx = PairContext(
        this=facts(loaded, {}),
        last=None,
        pack=loaded.pack,
        candidates=("a", "b", "c"),
        count=50,
        looked_for=2022,
    )
    (found,) = checker_for(rule.kind)(ctx, rule)
    assert "50份报告（a、b、c等）" in found.message
