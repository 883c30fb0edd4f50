"""Rules are data: the words a rule looks for live in YAML, and every kind is parametrised.

- No Chinese text in the rule kinds, the table reader or the structure finder, except in the validation
  errors they raise for rule authors (docstrings and comments do not count). Heading
  variants, topic phrases, period wordings, document registries, display words: YAML.
- No kind is a switch: a `check:` field that picks one of several behaviours, each serving
  one rule, is a bag of kinds. Such a behaviour is a small kind of its own.
- Every kind is used by at least one rule of a bundled pack.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from checker.kinds import MODULES
from checker.rules import builtin_packs_dir, load_pack

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u9fff]")
# The statutory sections' ids (一 … 六) are identifiers, not words looked for in reports.
SECTION_IDS = set("一二三四五六")
CHECKED = [
    *sorted((ROOT / "checker" / "kinds").glob("*.py")),
    *sorted((ROOT / "checker" / "tables").glob("*.py")),
    ROOT / "checker" / "structure.py",
]


def han_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string constant with Chinese characters that is neither a
    docstring nor part of a `raise` statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                skip.add(id(value))
        if isinstance(node, ast.Raise):
            skip.update(id(sub) for sub in ast.walk(node))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and node.value not in SECTION_IDS
        and HAN.search(node.value)
    ]


@pytest.mark.parametrize("path", CHECKED, ids=[p.name for p in CHECKED])
def test_no_vocabulary_in_python(path: Path) -> None:
    found = han_literals(path)
    assert not found, "Chinese words belong in the rule YAML or pack.yaml:\n" + "\n".join(
        f"  {path.name}:{line}: {text[:60]!r}" for line, text in found
    )


def test_the_meta_test_sees_chinese_literals(tmp_path: Path) -> None:
    sample = tmp_path / "k.py"
    sample.write_text(
        '"""文档字符串不算。"""\nimport re\nX = re.compile("统计期限")\n'
        'def f():\n    raise ValueError("校验错误可以")\n',
        encoding="utf-8",
    )
    assert han_literals(sample) == [(3, "统计期限")]


@pytest.mark.parametrize("kind", sorted(MODULES))
def test_no_kind_is_a_switch(kind: str) -> None:
    fields = MODULES[kind].Params.model_fields
    assert "check" not in fields, f"kind {kind} switches on `check:`: make each behaviour a kind of its own"


def test_every_kind_is_used_by_a_bundled_rule() -> None:
    used = set()
    for meta in builtin_packs_dir().glob("*/pack.yaml"):
        used |= {r.kind for r in load_pack(meta.parent).rules}
    assert set(MODULES) <= used, f"kinds no rule uses: {sorted(set(MODULES) - used)}"
