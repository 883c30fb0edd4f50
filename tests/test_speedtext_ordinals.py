"""Sub-headings are found once per report for a section and a list of styles."""

from __future__ import annotations

from pathlib import Path

from checker.context import Context
from checker.kinds import ordinals
from checker.readers import read_document
from checker.rules import load_pack
from checker.structure import analyse

ROOT = Path(__file__).resolve().parent.parent


def test_numbering_rules_share_the_sub_headings_of_a_section() -> None:
    loaded = load_pack(None)
    doc = read_document(ROOT / "examples" / "qingshi-2023.txt")
    ctx = Context(doc=doc, st=analyse(doc, loaded.pack), tables={}, pack=loaded.pack)
    styles = [r for r in loaded.rules if r.kind in ("numbering_styles", "numbering_sequence")]
    assert len(styles) >= 2
    first = ordinals.subheadings(ctx, "一", styles[0].styles)  # type: ignore[attr-defined]
    again = ordinals.subheadings(ctx, "一", styles[1].styles)  # type: ignore[attr-defined]
    assert again is first  # the same styles in both rules: found once
    assert first == ordinals._subheadings(ctx, "一", styles[0].styles)  # type: ignore[attr-defined]
    assert first  # the example has numbered sub-headings in section 一
