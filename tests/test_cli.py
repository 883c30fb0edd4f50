"""The `nianbao` command as a user meets it: exit codes, JSON contract, rule tooling."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from checker import __version__
from checker.cli import app
from tests.helpers import nianbao

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLEAN = EXAMPLES / "qingshi-2023.txt"
DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"
PACK = ROOT / "rules" / "gov-info-disclosure-2021"
SEED = ROOT.parent / "shared" / "corpus" / "real" / "2023_acheng-songfengshan.txt"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")

runner = CliRunner()

REPORT_KEYS = {
    "path",
    "format",
    "pack",
    "title",
    "issuer",
    "issuer_type",
    "year",
    "score",
    "grade",
    "counts",
    "findings",
    "tables",
}
FINDING_KEYS = {
    "rule",
    "name",
    "category",
    "severity",
    "message",
    "location",
    "observed",
    "expected",
    "basis",
    "certain",
    "fingerprint",
}
LOCATION_KEYS = {"line", "page", "section", "table", "row", "column", "quote", "scope"}
HAN = re.compile(r"[\u4e00-\u9fff]")


def invoke(*args: str | Path) -> Any:
    """Run the typer app in-process (fast); COLUMNS keeps rich from wrapping messages."""
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


# the real entry point (checker.cli:main, as the console script does), in a child process
run = partial(nianbao, env={"COLUMNS": "200", "PYTHONIOENCODING": "utf-8"})


def check_json(*args: str | Path) -> dict[str, Any]:
    result = invoke("check", "--format", "json", *args)
    assert result.exit_code in (0, 1, 3), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- version ---------------------------------------------------------------------------------------------


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"nianbao {__version__}"


def test_console_script_version() -> None:
    script = Path(sys.executable).parent / "nianbao"
    exe = str(script) if script.exists() else shutil.which("nianbao")
    if exe is None:
        pytest.skip("console script nianbao not installed")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert out.stdout.strip() == f"nianbao {__version__}"


# --- exit codes ------------------------------------------------------------------------------------------


def test_clean_example_exits_0() -> None:
    result = invoke("check", CLEAN)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "100" in result.stdout


def test_defects_example_exits_1() -> None:
    result = invoke("check", DEFECTS)
    assert result.exit_code == 1, result.stdout + result.stderr


@needs_seed
def test_seed_exit_depends_on_fail_on() -> None:
    assert invoke("check", SEED).exit_code == 0
    assert invoke("check", "--fail-on", "warning", SEED).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml", str(CLEAN)],
        ["check", "--fail-on", "fatal", str(CLEAN)],
        ["check", "--published", "2024/01/20", str(CLEAN)],
        ["check", "--rules", "/nonexistent/pack", str(CLEAN)],
        ["explain", "NO-SUCH-RULE"],
    ],
    ids=["format", "fail-on", "published", "rules-dir", "explain"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    out = run(*args)
    assert out.returncode == 2, out.stdout + out.stderr
    assert out.stderr.startswith("nianbao: ")
    assert HAN.search(out.stderr)
    assert "Traceback" not in out.stdout + out.stderr


def _noise(tmp_path: Path) -> Path:
    import random

    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(20240120).randbytes(8192))
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("make", [_empty, _noise], ids=["empty", "noise"])
def test_unreadable_input_exits_3_with_one_chinese_line(tmp_path: Path, make: Any) -> None:
    path = make(tmp_path)
    out = run("check", "--format", "json", path)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    report = json.loads(out.stdout)["reports"][0]
    assert report["score"] is None and report["grade"] is None
    assert len(report["findings"]) == 1
    message = report["findings"][0]["message"]
    assert "\n" not in message and HAN.search(message)

    text = run("check", path)
    assert text.returncode == 3
    assert "Traceback" not in text.stdout + text.stderr
    assert any(message in line for line in text.stdout.splitlines()), text.stdout


def test_missing_file_exits_3(tmp_path: Path) -> None:
    out = run("check", tmp_path / "no-such-report.txt")
    assert out.returncode == 3
    assert "Traceback" not in out.stdout + out.stderr
    assert "文件不存在" in out.stdout


def test_batch_with_unreadable_file_still_reports_the_good_one(tmp_path: Path) -> None:
    empty = _empty(tmp_path)
    out = run("check", "--format", "json", empty, CLEAN)
    assert out.returncode == 3
    reports = json.loads(out.stdout)["reports"]
    assert [Path(r["path"]).name for r in reports] == ["empty.txt", CLEAN.name]
    assert reports[0]["score"] is None
    assert reports[1]["score"] == 100
    assert reports[1]["grade"] == "优秀"
    # the one finding: a batch compares years, and this report's last year is not in it (info, no points)
    assert [f["rule"] for f in reports[1]["findings"]] == ["DOC-04"]


# --- options ---------------------------------------------------------------------------------------------


def test_select_and_ignore() -> None:
    def rules(*args: str) -> set[str]:
        return {f["rule"] for f in check_json(*args, str(DEFECTS))["reports"][0]["findings"]}

    everything = rules()
    assert {"TBL-01", "DATE-01"} <= everything
    tbl = rules("--select", "TBL")
    assert tbl and all(r.startswith("TBL-") for r in tbl)
    ignored = rules("--ignore", "TBL-01", "--ignore", "LEG")
    assert "TBL-01" not in ignored and not any(r.startswith("LEG-") for r in ignored)
    assert "DATE-01" in ignored


def test_published_date_drives_the_deadline() -> None:
    # CLEAN is a township report: its deadline is local practice, given here on the command line
    on_time = check_json("--township-deadline", "01-31", "--published", "2024-01-20", str(CLEAN))["reports"][
        0
    ]
    assert on_time["findings"] == []
    late = check_json("--township-deadline", "01-31", "--published", "2024-03-20", str(CLEAN))["reports"][0]
    assert any("2024-03-20" in f["message"] for f in late["findings"])
    assert late["score"] < 100


# --- JSON contract ---------------------------------------------------------------------------------------


def test_json_contract_keys() -> None:
    data = check_json(str(DEFECTS), str(CLEAN))
    # clusters: a batch of two reports or more is searched for near-identical reports of different units
    assert set(data) == {"version", "nianbao", "reports", "clusters"}
    assert data["clusters"]["compared"] == 2 and data["clusters"]["groups"] == []  # one unit's two reports
    assert data["nianbao"] == __version__
    assert len(data["reports"]) == 2
    for report in data["reports"]:
        # undecided: cells digits ran together leave open; previous: a batch compares years
        assert set(report) - {"undecided", "previous"} == REPORT_KEYS
        assert report["previous"] is None
        assert set(report["counts"]) == {"error", "warning", "info"}
        assert set(report["tables"]) == {"表二", "表三", "表四"}
        for rows in report["tables"].values():
            for cells in rows.values():
                for value in cells.values():
                    assert value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))
        for finding in report["findings"]:
            assert set(finding) == FINDING_KEYS
            assert set(finding["location"]) == LOCATION_KEYS
            assert finding["severity"] in {"error", "warning", "info"}
            assert isinstance(finding["certain"], bool)
    defects = data["reports"][0]
    assert defects["findings"], "the defects example must have findings"
    certain = [f for f in defects["findings"] if f["certain"]]
    for severity in ("error", "warning", "info"):
        assert defects["counts"][severity] == sum(1 for f in certain if f["severity"] == severity)


def test_json_tables_of_clean_example() -> None:
    report = check_json(str(CLEAN))["reports"][0]
    assert report["score"] == 100 and report["grade"] == "优秀"
    assert report["year"] == 2023 and report["issuer_type"] == "township"
    new = report["tables"]["表三"]["一、本年新收政府信息公开申请数量"]
    assert new == {
        "自然人": 11,
        "商业企业": 2,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 0,
        "其他": 0,
        "总计": 13,
    }
    assert report["tables"]["表二"]["行政许可"] == {"本年处理决定数量": 12}
    assert report["tables"]["表四"]["行政复议"]["总计"] == 1


def test_json_blank_cell_is_null_not_zero(tmp_path: Path) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    row = "| 一、本年新收政府信息公开申请数量 | 11 | 2 | 0 |"
    assert row in text
    blank = tmp_path / "blank.txt"
    blank.write_text(text.replace(row, "| 一、本年新收政府信息公开申请数量 | 11 | 2 |  |"), encoding="utf-8")
    report = check_json(str(blank))["reports"][0]
    cells = report["tables"]["表三"]["一、本年新收政府信息公开申请数量"]
    assert cells["科研机构"] is None
    assert cells["社会公益组织"] == 0


def test_identical_runs_give_identical_json() -> None:
    first = run("check", "--format", "json", DEFECTS, CLEAN)
    second = run("check", "--format", "json", DEFECTS, CLEAN)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout


# --- rules list / validate / explain ----------------------------------------------------------------------


def test_rules_list_json() -> None:
    result = invoke("rules", "list", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)["rules"]
    assert len(rules) >= 45
    for rule in rules:
        assert {"id", "name", "title", "severity"} <= set(rule)
        assert re.fullmatch(r"(SEC|LEG|TBL|DATE|TXT|DOC|PUB)-\d{2,3}", rule["id"])
        assert rule["severity"] in {"error", "warning", "info"}
        assert rule["title"]
    assert len({r["id"] for r in rules}) == len(rules)
    assert len({r["name"] for r in rules}) == len(rules)


def test_rules_list_text() -> None:
    result = invoke("rules", "list")
    assert result.exit_code == 0
    assert "TBL-01" in result.stdout


def test_rules_validate_pack() -> None:
    result = invoke("rules", "validate", PACK)
    assert result.exit_code == 0, result.stdout + result.stderr
    single = invoke("rules", "validate", PACK / "tables" / "TBL-01.yaml")
    assert single.exit_code == 0, single.stdout + single.stderr


def _broken_copy(tmp_path: Path, how: str) -> tuple[Path, int | None]:
    """A copy of the pack with TBL-01.yaml broken; returns (pack dir, expected line or None)."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    pack = tmp_path / "rules" / PACK.name
    rule = pack / "tables" / "TBL-01.yaml"
    lines = rule.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if how == "unknown-key":
        lines.append("colour: red")
        expected: int | None = len(lines)
    elif how == "unknown-table":
        index = next(i for i, line in enumerate(lines) if line.startswith("table:"))
        lines[index] = "table: 表九"
        expected = index + 1
    else:
        lines.insert(2, "title: [unclosed")
        lines.insert(3, "  oops: : here")
        expected = None
    rule.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pack, expected


@pytest.mark.parametrize("how", ["unknown-key", "unknown-table", "invalid-yaml"])
def test_rules_validate_broken_rule_exits_2_with_file_and_line(tmp_path: Path, how: str) -> None:
    pack, expected = _broken_copy(tmp_path, how)
    for target in (pack, pack / "tables" / "TBL-01.yaml"):
        out = run("rules", "validate", target)
        assert out.returncode == 2, out.stdout + out.stderr
        assert "Traceback" not in out.stdout + out.stderr
        m = re.search(r"TBL-01\.yaml:(\d+)", out.stderr)
        assert m, out.stderr
        if expected is not None:
            assert int(m.group(1)) == expected, out.stderr
    if how == "unknown-key":
        assert "colour" in out.stderr
    if how == "unknown-table":
        assert "表九" in out.stderr


def test_check_with_broken_rules_dir_exits_2(tmp_path: Path) -> None:
    pack, _ = _broken_copy(tmp_path, "unknown-key")
    out = run("check", "--rules", pack, CLEAN)
    assert out.returncode == 2
    assert re.search(r"TBL-01\.yaml:\d+", out.stderr)


def test_explain_tbl01() -> None:
    from ruamel.yaml import YAML

    spec = YAML(typ="safe").load((PACK / "tables" / "TBL-01.yaml").read_text(encoding="utf-8"))
    result = invoke("explain", "TBL-01")
    assert result.exit_code == 0
    out = result.stdout
    assert spec["title"] in out
    assert "依据" in out and spec["basis"] in out
    assert spec["examples"]["pass"].strip() in out
    assert spec["examples"]["fail"].strip() in out
    assert invoke("explain", spec["name"]).exit_code == 0
