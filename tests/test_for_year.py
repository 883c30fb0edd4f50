"""for_year: the pack of a report's format year, worked out once per pack and year."""

from __future__ import annotations

from checker.pack import Deadline
from tests.helpers import pack


def test_the_2019_format_pack_is_chosen_once_per_year() -> None:
    loaded = pack()
    first = loaded.for_year(2020)
    assert first.pack.id == "gov-info-disclosure-2019"
    assert loaded.for_year(2020) is first
    assert loaded.for_year(2023) is loaded


def test_a_pack_with_other_deadlines_does_not_reuse_the_answer() -> None:
    loaded = pack()
    plain = loaded.for_year(2020)
    township = Deadline(date="01-25", name="乡镇", basis="地方规定")
    changed = loaded.with_deadlines({"township": township}).for_year(2020)
    assert changed is not plain
    assert changed.pack.deadlines["township"] == township
    assert "township" not in plain.deadline_overrides
