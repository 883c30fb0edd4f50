"""`document_number`: a registered document cited with a number that is not its own.

Two ways it shows: the title followed by a number in parentheses that belongs to no
document of that title (《中华人民共和国政府信息公开条例》（国发〔2019〕5号）), and the right year
and serial number under another issuer next to the document's title (国办发〔2021〕30号 for
国办公开办函〔2021〕30号). What a 文号 looks like, which words before it are not its issuer and
what makes a parenthesis a number are the rule's data; titles and numbers come from pack.yaml
`documents:`. A superseded document cited with its own number is `superseded`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from checker.findings import Finding
from checker.kinds._citations import citations
from checker.kinds._views import plain, plain_string
from checker.matching import compiled, finditer
from checker.rule import RuleBase, check_regex, check_regexes

if TYPE_CHECKING:
    from checker.context import Context
    from checker.pack import KnownDocument


class Params(RuleBase):
    kind: Literal["document_number"]
    documents: list[str] = []  # registry keys to check (default: all)
    number: str  # a 文号 on the text without whitespace: named groups issuer, year, serial
    issuer_prefixes: str = ""  # words an issuer match may begin with that are not the issuer's
    cited_number: str  # right after a title: the number cited for it, named group `number`
    number_like: list[str] = Field(min_length=1)  # what makes that parenthesis a document number
    number_noise: str = ""  # removed from both numbers before comparing (第 …)
    near: int = Field(default=120, ge=0, le=400)  # how far before a number its title may end
    max_findings: int = 5

    @field_validator("number", "cited_number", "issuer_prefixes", "number_noise")
    @classmethod
    def _valid_one(cls, v: str) -> str:
        return check_regex(v) if v else v

    @field_validator("number_like")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


def _key(rule: Params, number: str) -> str:
    plain_number = plain_string(number)
    return re.sub(rule.number_noise, "", plain_number) if rule.number_noise else plain_number


def _accepted(ctx: Context, rule: Params, doc: KnownDocument) -> set[str]:
    """Every registered number of a document with this title: citing the 2007 条例 by its
    number is wrong for another reason (superseded), not a wrong number."""
    title = plain_string(doc.title)
    return {
        _key(rule, n)
        for d in ctx.pack.documents
        if plain_string(d.title) == title
        for n in (d.number, *d.aliases)
    }


def _trim(rule: Params, issuer: str) -> str:
    if not rule.issuer_prefixes:
        return issuer
    return re.split(rule.issuer_prefixes, issuer)[-1] or issuer


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    docs = [d for d in ctx.pack.documents if not rule.documents or d.key in rule.documents]
    found = list(_wrong_issuer(ctx, rule, docs)) + list(_wrong_number_after_title(ctx, rule, docs))
    reported: set[int] = set()
    for finding in sorted(found, key=lambda f: f.span or (0, 0)):
        start = finding.span[0] if finding.span else -1
        if start in reported:
            continue
        reported.add(start)
        if len(reported) > rule.max_findings:
            return
        yield finding


def _wrong_issuer(ctx: Context, rule: Params, docs: list[KnownDocument]) -> Iterator[Finding]:
    view = plain(ctx)
    titles = [c for c in citations(ctx) if not c.by_number]
    number = compiled(rule.number)
    owns = [(doc, number.fullmatch(plain_string(doc.number))) for doc in docs]
    wanted = {(own.group("year"), own.group("serial")) for _, own in owns if own is not None}
    # The report's 文号 are found once for all documents; only those with a registered
    # document's year and serial can be that document's number under another issuer.
    numbers = (
        [
            m
            for m in finditer(rule.number, view.text, 0, len(view.text))
            if (m.group("year"), m.group("serial")) in wanted
        ]
        if wanted
        else []
    )
    for doc, own in owns:
        if own is None:
            continue
        for m in numbers:
            if (m.group("year"), m.group("serial")) != (own.group("year"), own.group("serial")):
                continue
            issuer = _trim(rule, m.group("issuer"))
            if own.group("issuer").endswith(issuer) or issuer.endswith(own.group("issuer")):
                continue
            start, end = view.span(m.end("issuer") - len(issuer), m.end())
            if not any(c.doc.key == doc.key and _cites_right_after(ctx, rule, c.end, start) for c in titles):
                continue  # without its title just before, it may be another document with that serial
            shown = view.text[m.end("issuer") - len(issuer) : m.end()]
            yield ctx.finding(
                rule,
                {"match": shown, "number": doc.number, "title": doc.title},
                span=(start, end),
                observed=shown,
                expected=doc.number,
            )


def _cites_right_after(ctx: Context, rule: Params, title_end: int, number_start: int) -> bool:
    """Whether a number at `number_start` is the one cited for a title ending at `title_end`:
    close after it, with no other title or number in between."""
    if not 0 <= number_start - title_end <= rule.near:
        return False
    between = plain_string(ctx.doc.text[title_end:number_start])
    return "《" not in ctx.doc.text[title_end:number_start] and compiled(rule.number).search(between) is None


def _wrong_number_after_title(ctx: Context, rule: Params, docs: list[KnownDocument]) -> Iterator[Finding]:
    view = plain(ctx)
    keys = {d.key for d in docs}
    for cited in citations(ctx):
        if cited.by_number or cited.doc.key not in keys:
            continue
        at = view.index(cited.end)
        m = compiled(rule.cited_number).match(view.text[at : at + 80])
        if m is None:
            continue
        number = m.group("number")
        if not any(compiled(p).search(number) for p in rule.number_like):
            continue
        key = _key(rule, number)
        if any(accepted in key for accepted in _accepted(ctx, rule, cited.doc)):
            continue
        yield ctx.finding(
            rule,
            {"match": number, "number": cited.doc.number, "title": cited.doc.title},
            span=view.span(at + m.start("number"), at + m.end("number")),
            observed=number,
            expected=cited.doc.number,
        )
