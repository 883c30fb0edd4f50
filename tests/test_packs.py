"""Each report by its own year's format: the 2019 pack for 2019–2020 reports, the 2021 pack after.

The 2019 pack extends the 2021 one (same sections, references, dates and text rules) with
the 2019 tables; packs are chosen by report year unless one is named with --pack.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.engine import check_document
from checker.errors import ConfigError
from checker.rules import bundled_packs, load_pack

from .helpers import CORPUS, EXAMPLES, ROOT, pack

PINGTAN_2020 = CORPUS / "2020_pingtan-ziranziyuanju.txt"
CLEAN_2020 = EXAMPLES / "qingshi-2020.txt"
PACK_2019 = ROOT / "rules" / "gov-info-disclosure-2019"
FORMAT_2021_RULES = {"TBL-07", "TBL-20", "LEG-12", "LEG-13", "TBL-08", "TBL-13"}


def test_both_formats_ship_and_each_knows_its_years() -> None:
    names = {p.name: load_pack(p).pack.years for p in bundled_packs()}
    assert set(names) == {"gov-info-disclosure-2019", "gov-info-disclosure-2021"}
    y2019, y2021 = names["gov-info-disclosure-2019"], names["gov-info-disclosure-2021"]
    assert y2019 is not None and y2021 is not None
    assert y2019.contains(2020) and not y2019.contains(2021)
    assert y2021.contains(2021) and not y2021.contains(2020)


def test_the_2019_pack_has_the_2019_tables_and_inherits_the_rest() -> None:
    p2019 = load_pack(PACK_2019)
    t2 = p2019.pack.tables["表二"]
    assert t2.row("政府集中采购") is not None and t2.row("其他对外管理服务事项") is not None
    assert t2.columns_of(t2.row("行政许可")) == ["上一年项目数量", "本年增/减", "处理决定数量"]  # type: ignore[arg-type]
    t3 = p2019.pack.tables["表三"]
    assert t3.row("其他处理") is not None and t3.row("逾期未缴费") is None
    assert p2019.pack.sections == pack().pack.sections  # inherited
    ids = {r.id for r in p2019.rules}
    assert not ids & {"TBL-07", "TBL-20", "TBL-13", "TBL-08", "LEG-13"}
    assert {"SEC-01", "LEG-04", "DATE-01", "TXT-04", "TBL-01"} <= ids
    assert "2019" in p2019.rule("TBL-01").basis  # type: ignore[union-attr]
    assert p2019.files["TBL-02"].is_relative_to(PACK_2019)  # its own file
    assert not p2019.files["SEC-01"].is_relative_to(PACK_2019)  # inherited file


@pytest.mark.skipif(not PINGTAN_2020.exists(), reason="shared corpus not available")
def test_the_2020_report_is_checked_by_its_own_format_and_its_arithmetic_errors_are_found() -> None:
    result = check_document(PINGTAN_2020, pack())
    assert result.pack == "gov-info-disclosure-2019"
    assert not {f.rule for f in result.findings} & FORMAT_2021_RULES
    assert not [f.message for f in result.findings if "2021" in f.message]
    # 表三 of this report: the results add up to 10 in 总计 (1 in 法律服务机构) but (七)总计 says 9 (0)
    errors = {(f.rule, f.location.column) for f in result.findings if f.certain and f.severity == "error"}
    assert {("TBL-02", "总计"), ("TBL-02", "法律服务机构")} <= errors
    t3 = result.tables["表三"]
    assert t3.cells[("其他处理", "总计")].value == 2  # the one （六）其他处理 row of this format
    assert t3.cells[("不掌握", "法律服务机构")].value == 1


def test_the_clean_2020_example_is_clean_and_a_chosen_pack_is_used_whatever_the_year() -> None:
    clean = check_document(CLEAN_2020, pack())
    assert clean.pack == "gov-info-disclosure-2019" and clean.findings == []
    forced = check_document(CLEAN_2020, load_pack(fixed=True))
    assert forced.pack == "gov-info-disclosure-2021"
    assert "LEG-12" in {f.rule for f in forced.findings}  # 第（九）项 is not a 2021 item


def test_a_2023_report_on_the_2019_template_is_one_finding_listing_the_old_markers(tmp_path: Path) -> None:
    text = CLEAN_2020.read_text(encoding="utf-8").replace("2020年", "2023年").replace("2021年", "2024年")
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    result = check_document(report, pack())
    assert result.pack == "gov-info-disclosure-2021"
    old = [f for f in result.findings if f.rule == "TBL-07"]
    assert len(old) == 1 and old[0].certain and old[0].severity == "error"
    for marker in ("本年新制作数量", "上一年项目数量", "政府集中采购"):
        assert marker in old[0].message
    # the same cause, said once: not again as 第（九）项, as a one-row （六）, as a label or a reading problem
    assert not {f.rule for f in result.findings} & {"LEG-12", "TBL-20", "TBL-16", "DOC-01"}


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    for folder in ("gov-info-disclosure-2019", "gov-info-disclosure-2021"):
        shutil.copytree(ROOT / "rules" / folder, tmp_path / folder)
    return tmp_path / "gov-info-disclosure-2019"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("  - TBL-08  #", "  - TBL-98  #", "不是被扩展规则包中的规则"),
        ("  SEC-01: {basis:", "  SEC-99: {basis:", "overrides 中的规则"),
        ("extends: gov-info-disclosure-2021", "extends: gov-info-disclosure-2017", "不存在"),
        ("  SEC-03: {basis:", "  SEC-03: {severity: fatal, basis:", "取值"),
    ],
)
def test_a_faulty_extension_is_an_error_with_its_position(packs: Path, old: str, new: str, says: str) -> None:
    _edit(packs / "pack.yaml", old, new)
    with pytest.raises(ConfigError) as info:
        load_pack(packs, use_cache=False)
    err = info.value
    assert says in err.message or says in err.hint, err.one_line()
    assert err.file.endswith("pack.yaml") and err.line > 0


def test_an_inherited_rule_must_fit_the_extending_pack(packs: Path) -> None:
    # TBL-02 of the 2021 pack names rows the 2019 表三 does not have: it cannot be inherited as it is
    (packs / "tables" / "TBL-02.yaml").unlink()
    with pytest.raises(ConfigError) as info:
        load_pack(packs, use_cache=False)
    assert "没有行" in info.value.message and info.value.file.endswith("TBL-02.yaml")
