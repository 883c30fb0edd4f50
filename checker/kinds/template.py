"""`template`: the tables are there, readable, in the 2021 layout and wording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import field_validator

from checker.findings import Finding
from checker.kinds.base import RuleBase, check_regexes
from checker.normalize import label_key

if TYPE_CHECKING:
    from checker.context import Context


class Params(RuleBase):
    kind: Literal["template"]
    check: Literal["present", "readable", "old_markers", "label_wording", "old_layout"]
    tables: list[str] = ["表二", "表三", "表四"]
    markers: list[str] = []  # for old_markers: regexes of 2019-format labels

    @field_validator("markers")
    @classmethod
    def _valid(cls, v: list[str]) -> list[str]:
        return check_regexes(v)


def check(ctx: Context, rule: Params) -> Iterator[Finding]:
    if rule.check == "present":
        for name in rule.tables:
            table = ctx.tables.get(name)
            if table is not None and not table.found:
                sec = ctx.st.sections.get(table.template.section)
                yield ctx.finding(
                    rule,
                    {"table": name, "section": table.template.section},
                    offset=sec.start if sec else None,
                    section=table.template.section,
                    table=name,
                )
    elif rule.check == "readable":
        for name in rule.tables:
            table = ctx.tables.get(name)
            if table is None or not table.found:
                continue
            read, total = table.count()
            if read == total and not table.problems:
                continue
            first = next((c for c in table.cells.values() if c.status in ("missing", "unreadable")), None)
            missing_rows = [
                r.label
                for r in table.template.rows
                if all(table.cells[(r.id, c)].status == "missing" for c in table.template.columns_of(r))
            ]
            problems = "；".join(
                [
                    *dict.fromkeys(table.problems),
                    *([f"未找到行：{'、'.join(missing_rows)}"] if missing_rows else []),
                ]
            )
            yield ctx.finding(
                rule,
                {"table": name, "read": read, "total": total, "problems": problems[:300]},
                line=first.line if first else None,
                section=table.template.section,
                table=name,
                observed=f"{read}/{total}",
                expected=f"{total}/{total}",
                certain=False,
            )
    elif rule.check == "old_markers":
        spans = [(t.template.section, ctx.st.span(t.template.section)) for t in ctx.tables.values()]
        seen: set[str] = set()
        for pattern in rule.markers:
            rx = re.compile(pattern)
            for _sid, span in spans:
                if span is None:
                    continue
                for m in rx.finditer(ctx.doc.text, *span):
                    if m.group(0) in seen:
                        continue
                    seen.add(m.group(0))
                    yield ctx.finding(rule, {"marker": m.group(0)}, offset=m.start(), observed=m.group(0))
    elif rule.check == "label_wording":
        for name in rule.tables:
            table = ctx.tables.get(name)
            if table is None:
                continue
            for row_id, match in table.rows_seen.items():
                row = table.template.row(row_id)
                if row is None or match.quality in ("exact", "flat"):
                    continue
                yield ctx.finding(
                    rule,
                    {"table": name, "seen": match.label_seen, "label": row.label},
                    line=match.line,
                    section=table.template.section,
                    table=name,
                    row=row.label,
                    observed=match.label_seen,
                    expected=row.label,
                )
    elif rule.check == "old_layout":
        # 2019 layout: （六）其他处理 is one row with its own numbers, no three sub-rows.
        table = ctx.tables.get("表三")
        if table is None:
            return
        children = [r for r in table.template.rows if r.group == "其他处理"]
        if any(r.id in table.rows_seen for r in children):
            return
        for grid in ctx.doc.tables:
            for cells in grid.rows:
                keys = [label_key(c.text) for c in cells]
                if "其他处理" in keys and any(re.fullmatch(r"\d+", c.text.strip()) for c in cells):
                    yield ctx.finding(
                        rule, {}, line=cells[0].line, section="三", table="表三", row="（六）其他处理"
                    )
                    return
