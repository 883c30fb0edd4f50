"""JSON output — the documented contract (see README)."""

from __future__ import annotations

import io
import json
import math
from typing import TYPE_CHECKING, Any, TextIO, cast

from checker import __version__
from checker.findings import Finding
from checker.paths import raw_name, shown
from checker.results import RenderedParts, ReportResult
from checker.summary import Number, summarise, table_summaries
from checker.tables import ExtractedTable

if TYPE_CHECKING:
    from checker.across_run import AcrossSection
    from checker.render import RenderOptions
    from checker.rules import LoadedPack

JSON_VERSION = "1"


def table_dict(table: ExtractedTable) -> dict[str, dict[str, Number]]:
    return summarise(table).values


def report_dict(r: ReportResult, findings: bool = True) -> dict[str, Any]:
    """The report's JSON object (`findings` False: its findings list left empty)."""
    tables = table_summaries(r)
    out: dict[str, Any] = {
        "path": shown(r.path),
        "format": r.format,
        "pack": r.pack,
        "title": r.title,
        "issuer": r.issuer,
        "issuer_type": r.issuer_type,
        "year": r.year,
        "score": r.score,
        "grade": r.grade,
        "counts": r.counts,
        "findings": [f.as_dict() for f in r.findings] if findings else [],
        "tables": {name: t.values for name, t in tables.items()},
    }
    if r.compared:  # the run compared years: last year's report, or null when none was found
        out["previous"] = r.previous
    if r.partial:
        out["partial"] = True  # checked with --select: no score or grade
    if r.in_baseline:
        out["in_baseline"] = r.in_baseline  # findings the --baseline run had, not listed
    if r.suppressed:
        out["suppressed"] = [{k: v for k, v in s.items() if k != "index"} for s in r.suppressed]
    undecided = {name: t.undecided for name, t in tables.items() if t.undecided}
    if undecided:
        out["undecided"] = undecided
    raw = raw_name(r.path)
    if raw is not None:
        out["path_bytes"] = raw  # the name's bytes (base64): they are not UTF-8
    return out


def _dumps(value: Any, indent: str) -> str:
    """`value` as json.dumps(indent=2) writes it nested `indent` deep. JSON strings hold no
    raw newline, so every newline is a line break of the layout."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", "\n" + indent)


# json.dumps with an indent runs the standard library's pure-Python encoder, a generator per
# container and a yield per token: for a report (a few hundred table values) that was most of
# a worker's cost around the check. _layout writes the same text by joining strings, with the
# C string encoder that json.dumps itself uses for ensure_ascii=False. It follows the order of
# json's type tests (str, None, True, False, int, float, list/tuple, dict); anything else (a
# key that is not a string, a value json hands to `default`) is left to json.dumps, so the
# text is json.dumps(value, ensure_ascii=False, indent=2, default=str) in every case.
_string = json.encoder.encode_basestring
_int = int.__repr__
_float = float.__repr__


def _number(value: float) -> str:
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return _float(value)


class _Laid(str):
    """Text _layout made earlier at the same depth, put back as it is."""

    __slots__ = ()


def _layout(value: Any, newline: str) -> str:
    """`value` laid out as json.dumps(indent=2) does, on a line that starts with `newline`
    (a newline and the value's indentation)."""
    kind = type(value)
    if kind is _Laid:
        return cast("str", value)
    if kind is dict and value:
        return _dict_layout(value, newline)
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        return _number(value)
    inner = newline + "  "
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([_layout(item, inner) for item in value]) + newline + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return _dict_layout(value, newline)
    return _dumps(value, newline[1:])  # json's `default` (str) and what follows from it


def _dict_layout(value: dict[Any, Any], newline: str) -> str:
    """A dict that is not empty, laid out as _layout does (a report's tables: a dict per row)."""
    inner = newline + "  "
    parts = []
    for key, item in value.items():
        if type(key) is not str:
            return _dumps(value, newline[1:])  # json's own key conversion (or its TypeError)
        kind = type(item)
        # the common leaves inline: a call per table value is what made json.dumps slow
        if kind is int:
            parts.append(_string(key) + ": " + _int(item))
        elif kind is str:
            parts.append(_string(key) + ": " + _string(item))
        elif item is None:
            parts.append(_string(key) + ": null")
        else:
            parts.append(_string(key) + ": " + _layout(item, inner))
    return "{" + inner + ("," + inner).join(parts) + newline + "}"


def _leaf(value: Any, newline: str) -> str:
    """A dict item's value as _layout writes it (the common leaves inline)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return _int(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _layout(value, newline)


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(_string(name) + ": " for name in names)


_FINDING_KEYS = _keys("rule", "name", "category", "severity", "message", "location")
_AFTER_LOCATION = _keys("observed", "expected", "basis", "certain", "fingerprint")
_LOCATION_KEYS = _keys("line", "page", "section", "table", "row", "column", "quote", "scope")


def finding_text(finding: Finding, newline: str) -> str:
    """_layout(finding.as_dict(), newline) without building the dicts: a report's findings
    are most of what a worker lays out. Finding.as_dict and this follow the same keys (the
    tests hold them equal)."""
    inner = newline + "  "
    deeper = inner + "  "
    loc = finding.location
    location = (
        "{"
        + deeper
        + ("," + deeper).join(
            [
                key + _leaf(value, deeper)
                for key, value in zip(
                    _LOCATION_KEYS,
                    (loc.line, loc.page, loc.section, loc.table, loc.row, loc.column, loc.quote, loc.scope),
                    strict=True,
                )
            ]
        )
        + inner
        + "}"
    )
    first = (finding.rule, finding.name, finding.category, finding.severity, finding.message)
    rest = (finding.observed, finding.expected, finding.basis, finding.certain, finding.fingerprint)
    parts = [key + _leaf(value, inner) for key, value in zip(_FINDING_KEYS, first, strict=False)]
    parts.append(_FINDING_KEYS[-1] + location)
    parts += [key + _leaf(value, inner) for key, value in zip(_AFTER_LOCATION, rest, strict=True)]
    return "{" + inner + ("," + inner).join(parts) + newline + "}"


# The depths of a report's parts in the document: the report's own keys, and the items of
# its findings list.
_REPORT = "\n    "
_KEYS = _REPORT + "  "
_FINDING = _KEYS + "  "
# The keys whose values no step after the worker changes (RenderedParts.fixed).
_FIXED = ("tables", "undecided")


def report_text(result: ReportResult) -> str:
    """One report as JsonWriter writes it inside the document (a worker can make it; from
    result.rendered_parts, the parent lays out only what was added since)."""
    parts = result.rendered_parts
    out = report_dict(result, findings=False)
    if parts is None:
        out["findings"] = [_Laid(finding_text(f, _FINDING)) for f in result.findings]
        return _layout(out, _REPORT)
    out["findings"] = [
        _Laid(text if text is not None else finding_text(finding, _FINDING))
        for text, finding in zip(parts.findings, result.findings, strict=True)
    ]
    for key, text in parts.fixed.items():
        out[key] = _Laid(text)
    return _layout(out, _REPORT)


def report_parts(result: ReportResult) -> RenderedParts:
    """The parts of report_text that a worker makes for a run that adds findings later."""
    out = report_dict(result, findings=False)
    return RenderedParts(
        findings=[finding_text(finding, _FINDING) for finding in result.findings],
        fixed={key: _layout(out[key], _KEYS) for key in _FIXED if key in out},
    )


class JsonWriter:
    """The JSON document written report by report as results arrive, so that a batch's memory
    does not grow with it. The text is what json.dumps(document, indent=2) gives."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.reports = 0
        self.section: AcrossSection | None = None
        out.write(
            f'{{\n  "version": {_dumps(JSON_VERSION, "")},\n  "nianbao": {_dumps(__version__, "")},\n  "reports": ['
        )

    def report(self, result: ReportResult) -> None:
        text = result.rendered if result.rendered is not None else report_text(result)
        self.out.write(("," if self.reports else "") + "\n    " + text)
        self.reports += 1

    def end(self, skipped: list[str]) -> None:
        self.out.write("\n  ]" if self.reports else "]")
        if skipped:
            self.out.write(',\n  "skipped": ' + _dumps([shown(p) for p in skipped], "  "))
        if self.section is not None:  # the batch section, after the reports (README: JSON)
            for key, value in (
                ("clusters", self.section.clusters_dict()),
                ("units", self.section.units_dict()),
            ):
                if value is not None:
                    self.out.write(f',\n  "{key}": ' + _dumps(value, "  "))
        self.out.write("\n}\n")

    def across(self, section: AcrossSection) -> None:
        self.section = section


def render(results: list[ReportResult], skipped: list[str] | None = None) -> str:
    """The whole document at once (for callers that hold every result)."""
    buffer = io.StringIO()
    writer = JsonWriter(buffer)
    for result in results:
        writer.report(result)
    writer.end(skipped or [])
    return buffer.getvalue()


def writer(out: TextIO, _loaded: LoadedPack, _options: RenderOptions) -> JsonWriter:
    return JsonWriter(out)
