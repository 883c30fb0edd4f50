"""What the table reader remembers between reports is what depends only on the pack, and
it is bounded."""

from __future__ import annotations

import pytest

from checker.limits import LIMITS
from checker.normalize import label_key
from checker.tables import grid

from .helpers import SEED, pack, tables_of


def test_cell_keys_are_label_keys_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "cell_memo_entries", 5)
    monkeypatch.setattr(grid, "_CELL_KEYS", {})
    texts = [f"（{i}）其他" for i in range(20)] + ["一、 收到申请数", "三、本年度办理结果"]
    for text in texts:
        assert grid.cell_key(text) == label_key(text)
        assert len(grid._CELL_KEYS) <= 5


def test_template_keys_and_parsers_are_per_pack_object_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LIMITS, "pack_memo_entries", 2)
    monkeypatch.setattr(grid, "_TEMPLATE_KEYS", {})
    monkeypatch.setattr(grid, "_PARSERS", {})
    p = pack().pack
    templates = list(p.tables.values())
    for tpl in templates:
        keys = grid._template_keys(tpl)
        assert grid._template_keys(tpl) is keys
        assert all(key in keys for row in tpl.rows for key in row.label_keys())
        assert len(grid._TEMPLATE_KEYS) <= 2
    copy = templates[0].model_copy()
    assert grid._template_keys(copy) == grid._template_keys(templates[0])
    assert grid._parser_for(p.cell_text) is grid._parser_for(p.cell_text)
    assert grid._parser_for(p.cell_text.model_copy()) is not grid._parser_for(p.cell_text)
    assert len(grid._PARSERS) <= 2


@pytest.mark.skipif(not SEED.exists(), reason="shared corpus not available")
def test_a_report_reads_the_same_tables_with_warm_and_cold_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    warm = tables_of(SEED)
    monkeypatch.setattr(grid, "_CELL_KEYS", {})
    monkeypatch.setattr(grid, "_TEMPLATE_KEYS", {})
    monkeypatch.setattr(grid, "_PARSERS", {})
    cold = tables_of(SEED)
    assert {n: {k: (c.value, c.status) for k, c in t.cells.items()} for n, t in warm.items()} == {
        n: {k: (c.value, c.status) for k, c in t.cells.items()} for n, t in cold.items()
    }
    assert any(c.value is not None for t in cold.values() for c in t.cells.values())
