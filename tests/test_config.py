"""nianbao.yaml: the decisions a supervisor's office keeps between runs, found upward from the
working directory, validated like rule files, under the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, nianbao

DEFECTS = EXAMPLES / "qingshi-2023-defects.txt"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An office folder with a configuration, and an inbox one folder below it."""
    (tmp_path / "nianbao.yaml").write_text(
        "fail_on: warning\nignore: [TXT-05]\nrules:\n  TXT-08: {severity: error, points: 3}\n",
        encoding="utf-8",
    )
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    shutil.copy(DEFECTS, inbox / DEFECTS.name)
    return inbox


def _findings(run_dir: Path, *args: str) -> dict[str, dict]:  # type: ignore[type-arg]
    run = nianbao("check", DEFECTS.name, "--format", "json", *args, cwd=run_dir)
    assert run.returncode in (0, 1), run.stderr
    return {f["rule"]: f for f in json.loads(run.stdout)["reports"][0]["findings"]}


def test_a_configuration_one_folder_up_raises_a_warning_rule_to_error(office: Path, tmp_path: Path) -> None:
    found = _findings(office)
    assert found["TXT-08"]["severity"] == "error"
    alone = json.loads(nianbao("check", str(DEFECTS), "--format", "json").stdout)["reports"][0]
    assert {f["rule"]: f for f in alone["findings"]}["TXT-08"]["severity"] == "warning"


def test_config_show_names_the_file_each_value_came_from(office: Path, tmp_path: Path) -> None:
    run = nianbao("config", "show", cwd=office)
    assert run.returncode == 0
    lines = {line.split(" = ")[0]: line for line in run.stdout.splitlines() if " = " in line}
    assert str(tmp_path / "nianbao.yaml") in lines["rules.TXT-08"]
    assert str(tmp_path / "nianbao.yaml") in lines["fail_on"] and "warning" in lines["fail_on"]
    assert "默认" in lines["timeout"]


def test_the_command_line_wins_over_the_file(office: Path) -> None:
    run = nianbao("check", DEFECTS.name, "--fail-on", "error", "--ignore", "TXT-04", cwd=office)
    assert run.returncode == 1
    found = _findings(office, "--ignore", "TXT-04")
    assert "TXT-04" not in found and "TXT-05" in found  # the file's ignore list is replaced
    assert "TXT-05" not in _findings(office)


def test_a_warning_fails_the_run_when_the_file_says_fail_on_warning(office: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "nianbao.yaml").write_text("fail_on: info\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "qingshi-2023.txt", clean / "r.txt")
    assert nianbao("check", "r.txt", cwd=clean).returncode == 0  # no finding at all
    (clean / "nianbao.yaml").write_text("select: [NOPE-99]\n", encoding="utf-8")
    run = nianbao("check", "r.txt", cwd=clean)
    assert run.returncode == 2 and "nianbao.yaml" in run.stderr and "NOPE-99" in run.stderr


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("fail_on: warning\nfial_on: error\n", ":2:1", "未知字段"),
        ("timeout: -5\n", ":1:", "timeout"),
        ("rules:\n  TXT-08: {severity: fatal}\n", ":2:", "severity"),
        ("rules:\n  XYZ-01: {points: 1}\n", ":2:3", "XYZ-01"),
    ],
)
def test_a_bad_configuration_is_exit_2_at_its_place(
    tmp_path: Path, text: str, where: str, words: str
) -> None:
    (tmp_path / "nianbao.yaml").write_text(text, encoding="utf-8")
    shutil.copy(DEFECTS, tmp_path / "r.txt")
    run = nianbao("check", "r.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert f"nianbao.yaml{where}" in run.stderr and words in run.stderr, run.stderr


def test_extends_chains_files_and_a_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("rules:\n  TXT-08: {severity: error}\n", encoding="utf-8")
    (tmp_path / "nianbao.yaml").write_text("extends: base.yaml\nfail_on: warning\n", encoding="utf-8")
    shutil.copy(DEFECTS, tmp_path / DEFECTS.name)
    assert _findings(tmp_path)["TXT-08"]["severity"] == "error"
    (tmp_path / "base.yaml").write_text("extends: nianbao.yaml\n", encoding="utf-8")
    run = nianbao("check", DEFECTS.name, cwd=tmp_path)
    assert run.returncode == 2 and "循环" in run.stderr


def test_a_config_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    run = nianbao("check", str(DEFECTS), "--config", str(tmp_path / "missing.yaml"))
    assert run.returncode == 2 and "找不到配置文件" in run.stderr


def test_extends_a_built_in_preset(tmp_path: Path) -> None:
    """`extends: nianbao:common-practice` brings the preset's profile (LEG-14 scores as a
    warning) and its fail_on; `config show` names the preset as the origin."""
    shutil.copy(DEFECTS, tmp_path / DEFECTS.name)
    assert _findings(tmp_path)["LEG-14"]["severity"] == "info"
    (tmp_path / "nianbao.yaml").write_text("extends: nianbao:common-practice\n", encoding="utf-8")
    assert _findings(tmp_path)["LEG-14"]["severity"] == "warning"
    shown = nianbao("config", "show", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    origin = {line.split()[0]: line for line in shown.stdout.splitlines() if line.strip()}
    assert "预设 nianbao:common-practice" in origin["fail_on"] and "warning" in origin["fail_on"]
    assert "预设 nianbao:common-practice" in origin["profile"]


def test_the_file_wins_over_the_preset_it_extends(tmp_path: Path) -> None:
    shutil.copy(DEFECTS, tmp_path / DEFECTS.name)
    (tmp_path / "nianbao.yaml").write_text(
        "extends: nianbao:common-practice\nprofile: []\n", encoding="utf-8"
    )
    assert _findings(tmp_path)["LEG-14"]["severity"] == "info"


def test_an_unknown_preset_is_exit_2_at_its_place_with_the_close_names(tmp_path: Path) -> None:
    (tmp_path / "nianbao.yaml").write_text(
        "fail_on: error\nextends: nianbao:common-practise\n", encoding="utf-8"
    )
    shutil.copy(DEFECTS, tmp_path / DEFECTS.name)
    run = nianbao("check", DEFECTS.name, cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert "nianbao.yaml:2:" in run.stderr and "common-practise" in run.stderr
    assert "nianbao:common-practice" in run.stderr


def test_every_preset_is_a_valid_configuration() -> None:
    from checker.config import ConfigFile, presets, presets_dir
    from checker.rules import load_model

    assert {"national", "common-practice", "draft"} <= set(presets())
    for name in presets():
        config = load_model(presets_dir() / f"{name}.yaml", ConfigFile)
        assert config.extends is None or config.extends.startswith("nianbao:")


def test_the_run_limits_come_from_the_configuration_in_one_object(tmp_path: Path) -> None:
    from checker.config import resolve

    (tmp_path / "nianbao.yaml").write_text("timeout: 20\nmax_memory: 512\n", encoding="utf-8")
    limits = resolve({"max_size": 8}, None, tmp_path).limits()
    mb = 1024 * 1024
    assert limits == {
        "timeout_s": 20,
        "max_input_bytes": 8 * mb,
        "max_unzipped_bytes": 300 * mb,
        "memory_bytes": 512 * mb,
    }
