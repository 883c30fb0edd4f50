"""Rule files, pack.yaml and profiles are plain data: anchors, aliases, deep nesting, too many
nodes, long scalars, oversized files and non-finite numbers are refused while composing, before
anything is built, each with file:line:col — by `rules validate` and `check --rules` alike."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.limits import LIMITS
from checker.profiles import load_profile
from checker.rules import load_pack

from .helpers import EXAMPLES, ROOT, copy_pack, edit, load_error, nianbao_command

PACK = ROOT / "rules" / "gov-info-disclosure-2021"
RULE = Path("tables") / "TBL-13.yaml"


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    return copy_pack(PACK, tmp_path / "pack")


def _bomb(levels: int = 9) -> str:
    """The classic alias bomb: 9 levels of 9 aliases each expand to 9**9 strings."""
    lines = ['a0: &a0 ["炸弹"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


# Hostile rule files, each written over TBL-13.yaml: (name, text, what the error says, line)
HOSTILE = {
    "alias-bomb": (_bomb(), "锚点", 1),
    "deep-flow": ("title: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套", 1),
    "deep-block": ("".join("  " * i + "k:\n" for i in range(200)) + "  " * 200 + "v\n", "嵌套", 32),
    "nan": (None, ".nan", 6),
    "inf": (None, ".inf", 6),
}


def _hostile_text(name: str, original: str) -> str:
    text, _, _ = HOSTILE[name]
    if text is not None:
        return text
    word = ".nan" if name == "nan" else "-.inf"
    return original.replace('op: ">", value: 0}', f'op: ">", value: {word}}}')


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_rule_file_is_refused_with_its_position(pack_copy: Path, name: str) -> None:
    path = pack_copy / RULE
    path.write_text(_hostile_text(name, path.read_text(encoding="utf-8")), encoding="utf-8")
    err = load_error(pack_copy)
    _, says, line = HOSTILE[name]
    assert err.file.endswith("TBL-13.yaml") and err.line == line and err.column > 0, err.one_line()
    assert says in err.message or says in err.hint, err.one_line()


def test_an_anchor_is_refused_even_when_harmless(pack_copy: Path) -> None:
    edit(pack_copy / RULE, "title: 有逾期", "title: &t 有逾期")
    err = load_error(pack_copy)
    assert "锚点 &t" in err.message and err.line == 3 and err.column == 8


def test_an_alias_is_refused(pack_copy: Path) -> None:
    edit(pack_copy / "pack.yaml", "version:", "x: *nothing\nversion:")
    err = load_error(pack_copy)
    assert "别名" in err.message and err.file.endswith("pack.yaml") and err.line > 0


@pytest.mark.parametrize(
    ("limit", "value", "says"),
    [
        ("max_yaml_nodes", 50, "节点"),
        ("max_yaml_scalar_chars", 40, "长度"),
        ("max_yaml_depth", 2, "嵌套"),
        ("max_rule_file_bytes", 500, "KB"),
        ("max_rule_number", 0.5, "绝对值"),
    ],
)
def test_each_yaml_limit_is_enforced(
    pack_copy: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: float, says: str
) -> None:
    """The bundled files are well inside each bound; lowering one makes them exceed it."""
    load_pack(pack_copy, use_cache=False)
    monkeypatch.setattr(LIMITS, limit, value)
    err = load_error(pack_copy)
    assert says in err.message, err.one_line()
    assert err.file, err.one_line()


def test_a_huge_integer_is_refused_not_a_crash(pack_copy: Path) -> None:
    edit(pack_copy / RULE, "points: 0", "points: " + "9" * 3990)
    err = load_error(pack_copy)
    assert "数值" in err.message and err.line == 14


def test_profiles_are_held_to_the_same_rules(pack_copy: Path) -> None:
    profile = pack_copy / "profiles" / "henan.yaml"
    edit(profile, "title:", "title: &x")
    loaded = load_pack(pack_copy, use_cache=False)
    with pytest.raises(ConfigError) as info:
        load_profile(loaded, "henan")
    assert "锚点" in info.value.message and info.value.file.endswith("henan.yaml") and info.value.line > 0


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {"COLUMNS": "200", "PYTHONIOENCODING": "utf-8", "NIANBAO_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}
    env.update({k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "HOME")})
    return subprocess.run(
        nianbao_command(*[str(a) for a in args]),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,  # a hang fails the test; each run takes a few seconds
    )


@pytest.mark.parametrize("name", ["alias-bomb", "deep-flow", "nan"])
def test_cli_refuses_hostile_rule_files_with_one_line_and_exit_2(pack_copy: Path, name: str) -> None:
    path = pack_copy / RULE
    path.write_text(_hostile_text(name, path.read_text(encoding="utf-8")), encoding="utf-8")
    for args in (
        ("rules", "validate", pack_copy),
        ("check", "--rules", pack_copy, EXAMPLES / "qingshi-2023.txt"),
    ):
        done = _run(*args)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2, done.stderr
        assert len(lines) == 1 and lines[0].startswith("nianbao: "), done.stderr
        assert f"TBL-13.yaml:{HOSTILE[name][2]}:" in lines[0]
        assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
