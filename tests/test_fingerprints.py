"""Fingerprints name one finding across drafts and across nianbao versions: not the line
(lines move between drafts), not the message (messages get reworded), and never two findings
of one report."""

from __future__ import annotations

from pathlib import Path

from checker.engine import check_document
from checker.findings import Finding, Location, tell_apart
from tests.helpers import CORPUS, EXAMPLES, pack


def _finding(message: str, line: int) -> Finding:
    f = Finding(
        rule="TXT-15",
        name="half-width-punctuation",
        title="t",
        category="text",
        severity="info",
        message=message,
        location=Location(line=line, section="一"),
        observed=",",
    )
    f.finalize()
    return f


def test_rewording_a_message_or_moving_a_line_keeps_the_fingerprint() -> None:
    assert _finding("旧的说法", 3).fingerprint == _finding("新的说法", 9).fingerprint


def test_the_same_words_twice_in_one_place_get_two_fingerprints_in_report_order() -> None:
    a, b, c = _finding("一", 3), _finding("二", 5), _finding("三", 7)
    first = a.fingerprint
    tell_apart([a, b, c])
    assert a.fingerprint == first and len({a.fingerprint, b.fingerprint, c.fingerprint}) == 3
    again = [_finding("一", 4), _finding("二", 6), _finding("三", 8)]
    tell_apart(again)
    assert [f.fingerprint for f in again] == [a.fingerprint, b.fingerprint, c.fingerprint]


def test_no_report_of_the_corpus_has_two_findings_with_one_fingerprint() -> None:
    for path in [*sorted(CORPUS.glob("*.txt")), *sorted(EXAMPLES.glob("qingshi-*.txt"))]:
        findings = check_document(path, pack()).findings
        assert len({f.fingerprint for f in findings}) == len(findings), path.name


def test_a_draft_with_a_line_inserted_keeps_every_fingerprint(tmp_path: Path) -> None:
    source = EXAMPLES / "qingshi-2023-defects.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    moved = tmp_path / "draft2.txt"
    moved.write_text("\n".join([lines[0], "", *lines[1:]]), encoding="utf-8")
    before = [f.fingerprint for f in check_document(source, pack()).findings]
    after = [f.fingerprint for f in check_document(moved, pack()).findings]
    assert before == after
