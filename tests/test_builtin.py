"""The engine's own findings about a file (DOC-00/02/03) are data in rules/builtin.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.builtin import BUILTIN_FILE, BuiltinRules, builtin_rules
from checker.engine import document_finding, file_problem
from checker.errors import ConfigError
from checker.rules import builtin_packs_dir, load_model

from .helpers import nianbao


def test_the_builtin_findings_take_their_words_and_levels_from_the_yaml() -> None:
    rules = builtin_rules()
    assert set(rules) == {"DOC-00", "DOC-02", "DOC-03"}
    unreadable = document_finding("文件为空")
    assert (unreadable.rule, unreadable.title, unreadable.severity, unreadable.certain) == (
        "DOC-00",
        rules["DOC-00"].title,
        "error",
        True,
    )
    damaged = file_problem("有 3 个字节不是有效的 UTF-8")
    assert damaged.rule == "DOC-02" and not damaged.certain and damaged.category == "document"


def test_a_mistake_in_the_builtin_file_is_refused_at_its_place(tmp_path: Path) -> None:
    text = (builtin_packs_dir() / BUILTIN_FILE).read_text(encoding="utf-8")
    broken = tmp_path / BUILTIN_FILE
    broken.write_text(text.replace("    certain: true\n", "    certian: true\n", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_model(broken, BuiltinRules)
    assert err.value.file == str(broken) and err.value.line > 0
    assert "certain" in err.value.one_line()


def test_explain_shows_a_builtin_finding_from_the_yaml() -> None:
    run = nianbao("explain", "doc-03")
    assert run.returncode == 0, run.stderr
    assert builtin_rules()["DOC-03"].title in run.stdout and "附件" in run.stdout
