"""Near-identical reports of different units in one batch (checker/clusters.py): real
corpus texts and edited copies of them, what must not cluster (one unit's years, distinct
units' own reports), and adversarial batches (a thousand identical texts, empty texts, one
huge text) against the caps of checker/limits.py."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from checker.across import ClusterData, load_across
from checker.clusters import ClusterItem, find_clusters, narrative_text
from checker.limits import LIMITS
from checker.readers import read_document
from checker.structure import analyse
from tests.helpers import CORPUS, EXAMPLES, pack

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not here")


def narrative(path: Path) -> tuple[str, int | None, str]:
    """(issuer, year, narrative text) of a report, read as the batch reads it."""
    doc = read_document(path)
    loaded = pack()
    st = analyse(doc, loaded.pack)
    chosen = loaded.for_year(st.year)
    if chosen is not loaded:
        st = analyse(doc, chosen.pack)
    return st.issuer, st.year, narrative_text(doc, st)


def as_other_unit(text: str, issuer: str, other: str) -> str:
    """A unit's copy of another's report: the name replaced, every number changed."""
    text = text.replace(issuer, other)
    return re.sub(r"\d+", lambda m: str(int(m.group()) * 3 + 1), text)


@pytest.fixture(scope="module")
def corpus_items() -> list[ClusterItem]:
    files = [*sorted(CORPUS.glob("20*.txt")), *sorted(CORPUS.glob("20*.md")), EXAMPLES / "qingshi-2023.txt"]
    items = []
    for path in files:
        issuer, year, text = narrative(path)
        items.append(ClusterItem(len(items), issuer, year, text))
    return items


@needs_corpus
def test_real_reports_of_different_units_and_one_units_years_do_not_cluster(
    corpus_items: list[ClusterItem],
) -> None:
    # five years of 平潭综合实验区 and other units' own reports
    assert sum(1 for i in corpus_items if i.unit == "平潭综合实验区") >= 4
    result = find_clusters(corpus_items)
    assert result.clusters == []
    assert result.compared == len(corpus_items)


@needs_corpus
def test_an_edited_copy_of_a_real_report_clusters_with_it(corpus_items: list[ClusterItem]) -> None:
    source = next(i for i in corpus_items if i.unit == "阿城区松峰山镇")
    copy = as_other_unit(source.text, source.unit, "阿城区玉泉街道")
    # a few sentences of its own as well
    copy = copy.replace("。", "。本单位另行补充说明一项工作情况。", 2)
    items = [*corpus_items, ClusterItem(len(corpus_items), "阿城区玉泉街道", source.year, copy)]
    (cluster,) = find_clusters(items).clusters
    assert cluster.members == (source.index, len(corpus_items))
    assert cluster.units == ("阿城区松峰山镇", "阿城区玉泉街道")
    (pair,) = cluster.pairs
    assert 85 <= pair.similarity < 100
    assert cluster.to_dict()["pairs"][0]["similarity"] == pair.similarity


@needs_corpus
def test_the_same_units_copy_is_the_cross_year_comparisons_not_a_cluster(
    corpus_items: list[ClusterItem],
) -> None:
    source = next(i for i in corpus_items if i.unit == "阿城区松峰山镇")
    next_year = ClusterItem(len(corpus_items), source.unit, 2024, as_other_unit(source.text, "", ""))
    assert find_clusters([*corpus_items, next_year]).clusters == []


def test_three_units_copying_one_text_are_one_cluster_with_every_pair() -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [ClusterItem(0, "云岭县青石镇人民政府", year, text)]
    for i, other in enumerate(("云岭县柳溪镇人民政府", "云岭县白沙镇人民政府"), 1):
        items.append(ClusterItem(i, other, year, as_other_unit(text, "云岭县青石镇人民政府", other)))
    (cluster,) = find_clusters(items).clusters
    assert cluster.members == (0, 1, 2)
    assert {(p.a, p.b) for p in cluster.pairs} == {(0, 1), (0, 2), (1, 2)}
    assert all(p.similarity >= 85 for p in cluster.pairs)


def test_thresholds_are_the_datas() -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    own = "".join(random.Random(1).choices([chr(c) for c in range(0x4E00, 0x4E00 + 2000)], k=len(text) // 3))
    items = [
        ClusterItem(0, "甲镇", year, text),
        ClusterItem(1, "乙镇", year, text[: len(text) * 2 // 3] + "。" + own),
    ]
    data = load_across().clusters
    assert find_clusters(items, data.model_copy(update={"similarity": 99.0})).clusters == []
    assert len(find_clusters(items, data.model_copy(update={"similarity": 50.0})).clusters) == 1


def test_the_bundled_data_is_valid_and_validated_strictly(tmp_path: Path) -> None:
    from checker.across import data_file
    from checker.errors import ConfigError

    assert isinstance(load_across().clusters, ClusterData)
    assert load_across().clusters.basis.startswith("《中华人民共和国政府信息公开条例》")
    broken = tmp_path / "across.yaml"
    text = (
        data_file().read_text(encoding="utf-8").replace("similarity: 85", "similarity: 85\n  simlarity: 90")
    )
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_across(broken)
    assert str(broken) in info.value.one_line() and "simlarity" in info.value.one_line()


# ---------------------------------------------------------------- adversarial input


def test_a_thousand_identical_texts_are_one_cluster_with_the_pairs_capped() -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [ClusterItem(i, f"单位{i}", year, text) for i in range(1000)]
    (cluster,) = find_clusters(items).clusters
    assert len(cluster.members) == 1000
    assert len(cluster.pairs) == LIMITS.clusters_max_pairs
    assert cluster.pairs_truncated
    assert {p.similarity for p in cluster.pairs} == {100.0}


def test_one_units_identical_reports_are_no_cluster() -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [ClusterItem(i, "青石镇", 2020 + i, text) for i in range(5)]
    assert find_clusters(items).clusters == []


def test_empty_texts_and_unknown_units_are_skipped() -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [
        ClusterItem(0, "甲镇", year, ""),
        ClusterItem(1, "乙镇", year, "  \n "),
        ClusterItem(2, "", year, text),
        ClusterItem(3, "丙镇", year, text),
        ClusterItem(4, "丁镇", year, "，。、；"),  # punctuation only: nothing to compare
        ClusterItem(5, "戊镇", year, "，。、；"),
    ]
    result = find_clusters(items)
    assert result.skipped == [0, 1, 2, 4, 5]
    assert result.clusters == []
    assert find_clusters([]).clusters == []


def test_one_huge_text_is_compared_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    monkeypatch.setattr(LIMITS, "clusters_max_chars", len(text))
    huge = text + "。".join("无关内容" * 10 + str(i) for i in range(200_000))  # some 9 MB
    items = [ClusterItem(0, "甲镇", year, text), ClusterItem(1, "乙镇", year, huge)]
    # past the cap the texts are the same: a cluster, found without reading the rest
    (cluster,) = find_clusters(items).clusters
    assert cluster.pairs[0].similarity == 100.0


def test_more_items_than_the_cap_are_skipped_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "clusters_max_items", 3)
    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [ClusterItem(i, f"单位{i}", year, text) for i in range(5)]
    result = find_clusters(items)
    assert result.compared == 3 and result.skipped == [3, 4]
    assert result.clusters[0].members == (0, 1, 2)
    assert any("未比对" in note for note in result.notes)


def near_identical_groups(groups: int, size: int) -> list[ClusterItem]:
    """Groups of reports that share almost every clause within the group (each member one
    clause of its own), no clause across groups."""
    rng = random.Random(3)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    items = []
    for g in range(groups):
        shared = ["".join(rng.choices(han, k=20)) for _ in range(40)]
        for m in range(size):
            own = "".join(rng.choices(han, k=20))
            items.append(ClusterItem(len(items), f"单位{g}-{m}", 2023, "。".join([*shared, own])))
    return items


def test_candidate_work_is_capped_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    items = near_identical_groups(groups=10, size=20)
    complete = find_clusters(items)
    assert len(complete.clusters) == 10 and not complete.notes
    assert all(len(c.members) == 20 for c in complete.clusters)
    monkeypatch.setattr(LIMITS, "clusters_max_pair_steps", 1000)
    capped = find_clusters(items)
    assert any("上限" in note for note in capped.notes)
    assert len(capped.clusters) < 10


def test_confirmations_are_capped_and_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "clusters_max_confirmations", 5)
    result = find_clusters(near_identical_groups(groups=2, size=10))
    assert any("只比对了最相近的这些" in note for note in result.notes)


def test_a_group_larger_than_the_posting_cap_is_template_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    # every clause in more reports than the cap: nothing is counted, nothing is a pair
    monkeypatch.setattr(LIMITS, "clusters_max_postings", 8)
    result = find_clusters(near_identical_groups(groups=1, size=30))
    assert result.clusters == []


# ---------------------------------------------------------------- prepared where the report was read


def test_prepared_items_are_small_picklable_and_give_the_same_clusters() -> None:
    import pickle

    from checker.clusters import prepare_item

    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    raw = [
        ClusterItem(0, "云岭县青石镇人民政府", year, text),
        ClusterItem(
            1,
            "云岭县柳溪镇人民政府",
            year,
            as_other_unit(text, "云岭县青石镇人民政府", "云岭县柳溪镇人民政府"),
        ),
        ClusterItem(2, "某某局", year, "".join(reversed(text))),
    ]
    prepared = [pickle.loads(pickle.dumps(prepare_item(i))) for i in raw]
    assert all(len(pickle.dumps(p)) < 4 * len(i.text) for p, i in zip(prepared, raw, strict=True))
    assert find_clusters(prepared) == find_clusters(raw)
    assert find_clusters(prepared).clusters[0].members == (0, 1)
    # a mix of both
    assert find_clusters([raw[0], prepared[1], prepared[2]]) == find_clusters(raw)


def test_clause_hashes_are_the_same_in_every_process() -> None:
    import subprocess
    import sys

    from checker.clusters import prepare_item

    code = (
        "from checker.clusters import ClusterItem, prepare_item;"
        "print(list(prepare_item(ClusterItem(0, '甲镇', 2023, '本单位认真贯彻落实条例要求，不断提高政务公开质量。')).clauses))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    here = prepare_item(ClusterItem(0, "甲镇", 2023, "本单位认真贯彻落实条例要求，不断提高政务公开质量。"))
    assert outputs == {f"{list(here.clauses)}\n"}


def test_the_terminal_table_names_the_reports_units_and_similarity() -> None:
    from rich.console import Console

    from checker.render.units_text import render_clusters

    _, year, text = narrative(EXAMPLES / "qingshi-2023.txt")
    items = [ClusterItem(i, f"单位{i}", year, text) for i in range(LIMITS.clusters_max_pairs + 30)]
    console = Console(record=True, width=200, no_color=True)
    render_clusters(find_clusters(items), console, [f"收件箱/r{i}.txt" for i in range(len(items))])
    shown = console.export_text()
    assert "不同单位的报告内容雷同（1 组，提示）" in shown
    assert "收件箱/r0.txt ↔ 收件箱/r1.txt" in shown and "单位0 ↔ 单位1" in shown and "100%" in shown
    assert f"只列出前 {LIMITS.clusters_max_pairs} 对" in shown
    quiet = Console(record=True, width=200, no_color=True)
    render_clusters(find_clusters(items[:1]), quiet)
    assert quiet.export_text() == ""
