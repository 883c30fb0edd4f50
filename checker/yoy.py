"""Year-on-year claims of a report's text (「依申请公开…较上年增加3件」「同比增长12%」
「与上年持平」「是上年的2倍」), found in the worker that read the report, for the
cross_year_claim rules to judge once last year's report is known.

Cheap by construction: a text without any of the rule's trigger words (上年, 去年, 同比) is
passed over with str.find and no regex; each occurrence of a trigger (at most
LIMITS.year_claim_triggers) is matched by one pattern built from the rule's words (literal
alternatives and bounded repeats: linear) in a bounded window, and its subject is looked for
in the `subject_window` characters before it. Nothing here decides whether a claim is true.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.facts import YearClaim
from checker.kinds.cross_year_claim import LAST_YEAR
from checker.limits import LIMITS

if TYPE_CHECKING:
    from checker.context import Context
    from checker.kinds.cross_year_claim import Params
    from checker.rule import RuleBase

KIND = "cross_year_claim"
_AFTER = 48  # characters after a trigger the pattern may run over
_QUOTE_CHARS = 120


def find_claims(ctx: Context, rules: Sequence[RuleBase]) -> list[YearClaim]:
    """The claims of the report's prose (tables cut out), for every cross_year_claim rule."""
    out: list[YearClaim] = []
    for rule in rules:
        if rule.kind == KIND and rule.enabled:
            out += _claims(ctx, rule)  # type: ignore[arg-type]
            if len(out) >= LIMITS.facts_max_claims:
                return out[: LIMITS.facts_max_claims]
    return out


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Words:
    """The rule's comparison words for one report year: `{last_year}` made the year before
    it. A report of no known year has no such words: a named year cannot be told to be last
    year's, and a comparison with any other year is not a claim about last year's report."""

    triggers: tuple[str, ...]
    compare: tuple[str, ...]
    ratio: tuple[str, ...]

    @staticmethod
    def of(rule: Params, last_year: int | None) -> _Words:
        def put(words: Sequence[str]) -> tuple[str, ...]:
            if last_year is None:
                return tuple(w for w in words if LAST_YEAR not in w)
            return tuple(w.replace(LAST_YEAR, str(last_year)) for w in words)

        return _Words(put(rule.triggers), put(rule.compare), put(rule.ratio))


@dataclass
class _Built:
    """A rule's words for one report year, and its pattern once a trigger word is met."""

    rule: Params
    words: _Words
    pattern: re.Pattern[str] | None = None


_BUILT: dict[tuple[int, int | None], _Built] = {}  # (id(rule), last year) → kept with the rule


def _built(rule: Params, last_year: int | None) -> _Built:
    kept = _BUILT.get((id(rule), last_year))
    if kept is None or kept.rule is not rule:  # the id of a rule object gone may be reused
        if len(_BUILT) >= 64:
            _BUILT.clear()
        kept = _BUILT[id(rule), last_year] = _Built(rule, _Words.of(rule, last_year))
    return kept


def _pattern(built: _Built) -> re.Pattern[str]:
    """The rule's pattern for the year, built once."""
    if built.pattern is None:
        built.pattern = _compiled(built.rule, built.words)
    return built.pattern


def _number(rule: Params) -> str:
    """An amount: Arabic digits, or a short run of the rule's Chinese numerals."""
    if not rule.numerals:
        return r"\d+(?:\.\d+)?"
    chars = "".join(re.escape(c) for c in rule.numerals)
    return rf"(?:\d+(?:\.\d+)?|[{chars}]{{1,8}})"


def _amount(raw: str, numerals: dict[str, int]) -> float | None:
    """The value of an amount as written, None when a run of numerals is no one number
    (「两三」 two or three, 「十百」)."""
    if raw[0].isascii():
        return float(raw)
    if len(raw) == 1 and numerals[raw] == 0:
        return 0.0
    total, digit, last_unit = 0, None, 10**9
    gap = False  # a 零 since the last unit: the digits after it are lower places
    for char in raw:
        value = numerals[char]
        if value == 0:  # 一百零五: a place left empty, never first, last or twice
            if digit is not None or gap or not total or last_unit < 100:
                return None  # (十零一: after 十 no place is left to skip)
            gap = True
        elif value < 10:
            if digit is not None:
                return None
            digit = value
        else:
            # only 十 stands without a digit, and only first (十二); units fall (一千二百);
            # after a 零 the next unit is lower than the one skipped (一千零二十, not 一千零百)
            if value >= last_unit or (digit is None and (total or value != 10)):
                return None
            if last_unit != 10**9 and (value * 10 >= last_unit if gap else value * 10 != last_unit):
                return None  # 一千一十: a place skipped needs its 零
            total += (1 if digit is None else digit) * value
            digit, last_unit, gap = None, value, False
    if digit is None:
        return None if gap else float(total)
    # a last digit is ones only after 十, after a 零, or alone: 一千二 is said for 1200
    if last_unit not in (10, 10**9) and not gap:
        return None
    return float(total + digit)


def _compiled(rule: Params, words: _Words) -> re.Pattern[str]:
    w = _alternation
    number = _number(rule)
    units = w(list(rule.units))
    change = w([*rule.more, *rule.fewer])
    fillers = f"(?:{w(rule.fillers)}){{0,2}}" if rule.fillers else ""
    adverbs = f"(?:{w(rule.adverbs)})?" if rule.adverbs else ""
    sep = f"[{re.escape(rule.separators)}]"
    particle = f"(?:{w(rule.particles)})?" if rule.particles else ""
    second = rf"(?:{sep}\s{{0,2}}(?P<dir2>{change})?{particle}\s{{0,2}}(?P<amt2>{number})\s{{0,2}}(?P<unit2>{units}))?"
    compared = (
        rf"(?P<cmp>{w(words.compare)}){fillers}{sep}?\s{{0,2}}"
        rf"(?:(?P<same>{w(rule.same)})"
        rf"|{adverbs}(?P<dir>{change}){particle}\s{{0,2}}"
        rf"(?:(?P<amt>{number})\s{{0,2}}(?P<unit>{units}){second})?)"
    )
    ratio = (
        rf"(?P<ratio>{w(words.ratio)})\s{{0,2}}(?P<ramt>{number})\s{{0,2}}{re.escape(rule.times)}|"
        if words.ratio
        else "(?P<ratio>(?!))(?P<ramt>)|"
    )
    return re.compile(ratio + compared)


_BETWEEN: dict[int, tuple[Params, re.Pattern[str]]] = {}


def _between(rule: Params) -> re.Pattern[str]:
    """What may stand between a subject and its claim: link words (为, 共), this year's
    number and its unit, separators (「申请13件，较上年增加3件」)."""
    kept = _BETWEEN.get(id(rule))
    if kept is not None and kept[0] is rule:
        return kept[1]
    links = f"|{_alternation(rule.links)}" if rule.links else ""
    sep = re.escape(rule.separators)
    pattern = re.compile(
        rf"(?:\s{links}){{0,4}}(?:(?P<n>{_number(rule)})\s{{0,2}}(?:{_alternation(list(rule.units))})?)?[\s{sep}]{{0,3}}"
    )
    if len(_BETWEEN) >= 64:
        _BETWEEN.clear()
    _BETWEEN[id(rule)] = (rule, pattern)
    return pattern


def _triggers_at(text: str, start: int, end: int, triggers: Sequence[str], cap: int) -> list[int]:
    """Where the trigger words are in text[start:end], in order, at most `cap`."""
    found: list[int] = []
    for trigger in triggers:
        at = text.find(trigger, start, end)
        while at != -1 and len(found) < cap:
            found.append(at)
            at = text.find(trigger, at + len(trigger), end)
    return sorted(found)


def _claims(ctx: Context, rule: Params) -> list[YearClaim]:
    text = ctx.doc.text
    last_year = ctx.st.year - 1 if ctx.st.year is not None else None
    built = _built(rule, last_year)
    words = built.words
    lead = max(len(word) for word in [*words.compare, *words.ratio])
    out: list[YearClaim] = []
    pattern: re.Pattern[str] | None = None  # built at the first trigger word met
    budget = LIMITS.year_claim_triggers  # trigger words looked at in this report
    for start, end in ctx.prose_segments("body"):
        covered = start
        hits = _triggers_at(text, start, end, words.triggers, budget)
        budget -= len(hits)
        for at in hits:
            if at < covered:
                continue
            pattern = pattern or _pattern(built)
            m = pattern.search(text, max(start, covered, at - lead), min(end, at + _AFTER))
            if m is None or m.start() > at:
                continue
            covered = m.end()
            out += _claims_of_match(ctx, rule, m, start)
            if len(out) >= LIMITS.facts_max_claims:
                return out
    return out


def _subject(text: str, rule: Params, begin: int, at: int) -> tuple[int, int, int] | None:
    """(subject index, where its words start, where they end) of the subject named last
    before `at` (the longest words when two end at the same place), or None."""
    best: tuple[int, int, int] | None = None
    for index, subject in enumerate(rule.subjects):
        for phrase in subject.phrases:
            found = text.rfind(phrase, begin, at)
            if found == -1:
                continue
            candidate = (index, found, found + len(phrase))
            if best is None or (candidate[2], -candidate[1]) > (best[2], -best[1]):
                best = candidate
    return best


def _claims_of_match(ctx: Context, rule: Params, m: re.Match[str], segment_start: int) -> list[YearClaim]:
    text = ctx.doc.text
    begin = max(segment_start, m.start() - rule.subject_window)
    sentence = max(text.rfind(ch, begin, m.start()) for ch in rule.sentence_ends)
    begin = max(begin, sentence + 1)
    found = _subject(text, rule, begin, m.start())
    if found is None:
        return []  # a subject this rule does not know: nothing to check
    index, quote_start, subject_end = found
    between = _between(rule).fullmatch(text, subject_end, m.start())
    if between is None:
        return []  # other words between (another count, another clause): not known to be its subject
    written = between.group("n")
    stated = _amount(written, rule.numerals) if written else None
    if written and stated is None:
        return []  # 「申请两三件」: this year's number is not one number
    subject = rule.subjects[index]
    offset = m.start()
    base = {
        "rule": rule.id,
        "subject": index,
        "readings": tuple(tuple(reading) for reading in subject.readings),
        "stated": stated,
        "quote": text[quote_start : m.end()][:_QUOTE_CHARS],
        "section": _section_of(ctx, offset),
        "line": ctx.doc.line_of(offset),
    }
    if m.group("ratio"):
        raw = m.group("ramt")
        times = _amount(raw, rule.numerals)
        if times is None:
            return []  # 「是上年的两三倍」: no one ratio
        return [YearClaim(change=1, amount=times, decimals=_decimals(raw), kind="ratio", **base)]  # type: ignore[arg-type]
    if m.group("same"):
        return [YearClaim(change=0, amount=None, decimals=0, kind=None, **base)]  # type: ignore[arg-type]
    change = 1 if m.group("dir") in rule.more else -1
    claims: list[YearClaim] = []
    for n, u, d in (("amt", "unit", "dir"), ("amt2", "unit2", "dir2")):
        raw, unit = m.group(n), m.group(u)
        if raw is None:
            continue
        if n == "amt2" and m.group(d) is not None and (1 if m.group(d) in rule.more else -1) != change:
            continue  # 「增加3件、下降…」: not one change
        kind = rule.units[unit]
        if kind == "ignore":
            return []  # 「提高2个百分点」: a rate, not a cell
        amount = _amount(raw, rule.numerals)
        if amount is None:
            continue  # 「增加两三件」: the direction only
        claims.append(YearClaim(change=change, amount=amount, decimals=_decimals(raw), kind=kind, **base))  # type: ignore[arg-type]
    return claims or [YearClaim(change=change, amount=None, decimals=0, kind=None, **base)]  # type: ignore[arg-type]


def _decimals(raw: str) -> int:
    return len(raw.partition(".")[2])


def _section_of(ctx: Context, offset: int) -> str | None:
    for section in ctx.st.sections.values():
        if section.start <= offset < section.end:
            return section.id
    return None
