"""Statistics-period sentences: every range regex tried only where a period name matches
finds exactly what its finditer finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.matching import compiled, finditer_at, match_starts
from checker.rules import bundled_packs, load_pack

ALPHABET = list("统计数据期限时段间截至止为是：:年度全月日起至到—－-~～.．/20231 。；，")


def _regexes() -> list[tuple[str, list[str]]]:
    found = []
    for root in bundled_packs():
        spec = load_pack(root).pack.statistics_period
        names = "|".join(f"(?:{n})" for n in spec.names)
        ranges = [f"(?:{names})[^。；;！!？?]{{0,{spec.gap}}}?(?P<range>{r})" for r in spec.ranges]
        found.append((names, ranges))
    return found


REGEXES = _regexes()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_ranges_tried_at_the_names_find_what_finditer_finds(text: str) -> None:
    for names, ranges in REGEXES:
        starts = match_starts(names, text)
        assert starts is not None
        # every place a name matches, overlapping ones (统计数据期限 and 数据期限) included
        assert starts == [i for i in range(len(text)) if compiled(names).match(text, i)]
        for pattern in ranges:
            rx = compiled(pattern)
            assert [m.groupdict() | {"span": m.span()} for m in finditer_at(rx, starts, text)] == [
                m.groupdict() | {"span": m.span()} for m in rx.finditer(text)
            ]


def test_frequent_names_are_left_to_the_plain_scan() -> None:
    assert match_starts("统计|数据", "统计" * 5000) is None  # past the budget of tries
    assert match_starts("(?:a)?b", "ab") is None  # no small set of first characters
    assert match_starts("统计|数据", "今年统计，数据") == [2, 5]
