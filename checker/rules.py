"""Loading and validating rule packs: YAML → pydantic rules, errors with file:line:col."""

from __future__ import annotations

import math
import os
import re
from contextlib import suppress
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.errors import ConfigError
from checker.kinds import KIND_NAMES, rule_adapter
from checker.limits import LIMITS, memory_limit
from checker.pack import Deadline, Pack, RuleOverride
from checker.regexes import RegexProblem, checked_before
from checker.rule import RuleBase, When

DEFAULT_PACK = "gov-info-disclosure-2021"


@dataclass
class LoadedPack:
    pack: Pack
    rules: list[RuleBase]
    root: Path
    files: dict[str, Path] = field(default_factory=dict)
    # the pack's folder, then the folders of the packs it extends
    lineage: list[Path] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # applied, in order
    origins: dict[str, str] = field(default_factory=dict)  # rule id → the profile that set its scoring
    # Chosen by the user (--pack/--rules): used whatever the report's year. Otherwise the
    # bundled pack whose `years` hold the report year is used (see for_year).
    fixed: bool = False
    # Deadlines set for this run (--township-deadline): they hold whichever pack a report needs.
    deadline_overrides: dict[str, Deadline] = field(default_factory=dict)
    # Rule changes of the run's configuration file (rule id → change, and the file): like the
    # deadlines, they hold whichever pack a report needs.
    rule_overrides: dict[str, tuple[RuleOverride, str]] = field(default_factory=dict)
    # for_year's answers (not copied by replace(): a changed pack asks afresh)
    _by_year: dict[int, LoadedPack] = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_rule_overrides(self, overrides: dict[str, tuple[RuleOverride, str]]) -> LoadedPack:
        """The pack with each override applied to its rule (rules it lacks are left alone:
        another year's pack may have them); `origins` names the file."""
        if not overrides:
            return self
        rules = [
            rule.model_copy(update=overrides[rule.id][0].changes()) if rule.id in overrides else rule
            for rule in self.rules
        ]
        origins = {**self.origins, **{rule_id: origin for rule_id, (_, origin) in overrides.items()}}
        return replace(
            self, rules=rules, origins=origins, rule_overrides={**self.rule_overrides, **overrides}
        )

    def with_deadlines(self, deadlines: dict[str, Deadline]) -> LoadedPack:
        if not deadlines:
            return self
        merged = {**self.pack.deadlines, **deadlines}
        return replace(
            self,
            pack=self.pack.model_copy(update={"deadlines": merged}),
            deadline_overrides={**self.deadline_overrides, **deadlines},
        )

    def rule(self, ref: str) -> RuleBase | None:
        for r in self.rules:
            if ref in (r.id, r.name):
                return r
        return None

    def for_year(self, year: int | None) -> LoadedPack:
        """The pack to check a report of this year with: this one, unless it was not chosen by
        the user and another bundled pack's format applies to that year (2019 format ≤ 2020)."""
        if self.fixed or year is None or self.pack.years is None or self.pack.years.contains(year):
            return self
        if year not in self._by_year:
            self._by_year[year] = self._other_for(year)
        return self._by_year[year]

    def every_rule(self) -> list[RuleBase]:
        """The rules of every pack a run with this one may check a report with (the other
        bundled packs too, unless the user chose this one)."""
        rules = list(self.rules)
        if not self.fixed:
            rules += [r for root in bundled_packs() for r in load_pack(root, profiles=self.profiles).rules]
        return rules

    def _other_for(self, year: int) -> LoadedPack:
        for root in bundled_packs():
            # the loaded (cached, memoised) pack, not its pack.yaml: parsing YAML costs a
            # process the better part of a second
            other = load_pack(root, profiles=self.profiles)
            if other.pack.years is not None and other.pack.years.contains(year):
                return other.with_deadlines(self.deadline_overrides).with_rule_overrides(self.rule_overrides)
        return self


def builtin_packs_dir() -> Path:
    """The packs shipped in the wheel (checker/_packs), or the source tree's rules/."""
    try:
        shipped = resources.files("checker").joinpath("_packs")
        if shipped.is_dir():
            return Path(str(shipped))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover
        pass
    return Path(__file__).resolve().parent.parent / "rules"


class _Refused(Exception):
    """A YAML construct a rule file may not use, found while composing (before construction)."""

    def __init__(self, message: str, hint: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.hint, self.mark = message, hint, mark


def _bounded_composer() -> Any:
    """ruamel's composer, refusing while it composes — node by node, before any node is
    built — what plain rule data never needs: explicit tags (!!python/object …), anchors and
    aliases (an alias bomb expands a kilobyte into gigabytes), nesting deeper than
    LIMITS.max_yaml_depth (Python's recursion would end in a RecursionError), more than
    LIMITS.max_yaml_nodes nodes and scalars longer than LIMITS.max_yaml_scalar_chars."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent, ScalarEvent

    class BoundedComposer(Composer):
        _nb_depth = 0
        _nb_nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            mark = event.start_mark
            if isinstance(event, AliasEvent):
                raise _Refused(
                    f"不允许使用 YAML 别名 *{event.anchor}",
                    "规则文件不支持锚点和别名（&名称 / *名称），请把内容直接写出",
                    mark,
                )
            if getattr(event, "anchor", None) is not None:
                raise _Refused(
                    f"不允许使用 YAML 锚点 &{event.anchor}",
                    "规则文件不支持锚点和别名（&名称 / *名称），请把内容直接写出",
                    mark,
                )
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise _Refused(
                    f"不允许使用 YAML 标签 {tag}", "规则文件只能包含普通的映射、列表、字符串和数字", mark
                )
            self._nb_nodes += 1
            if self._nb_nodes > LIMITS.max_yaml_nodes:
                raise _Refused(
                    f"YAML 节点超过 {LIMITS.max_yaml_nodes} 个",
                    "一个规则文件只需几百个节点，请拆分或精简",
                    mark,
                )
            if isinstance(event, ScalarEvent) and len(event.value) > LIMITS.max_yaml_scalar_chars:
                raise _Refused(
                    f"YAML 值长度 {len(event.value)} 超过上限 {LIMITS.max_yaml_scalar_chars} 个字符",
                    "规则中的文字和正则表达式应简短",
                    mark,
                )
            self._nb_depth += 1
            try:
                if self._nb_depth > LIMITS.max_yaml_depth:
                    raise _Refused(
                        f"YAML 嵌套超过 {LIMITS.max_yaml_depth} 层", "规则文件只需几层映射和列表", mark
                    )
                return super().compose_node(parent, index)
            finally:
                self._nb_depth -= 1

    return BoundedComposer


def _yaml() -> Any:
    from ruamel.yaml import YAML

    # typ="rt" keeps line/column information; it constructs only plain mappings,
    # sequences and scalars — tags, anchors and aliases are refused while composing.
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    y.Composer = _bounded_composer()
    return y


def _load_yaml(path: Path) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        with path.open("rb") as fh:
            raw = fh.read(LIMITS.max_rule_file_bytes + 1)
        if len(raw) > LIMITS.max_rule_file_bytes:
            raise ConfigError(
                f"规则文件超过 {LIMITS.max_rule_file_bytes // 1024} KB",
                "规则文件是手写的小文件，请检查是否选错了文件",
                file=str(path),
            )
        data = _yaml().load(raw.decode("utf-8"))
    except _Refused as exc:
        raise ConfigError(
            exc.message,
            exc.hint,
            file=str(path),
            line=exc.mark.line + 1 if exc.mark else 0,
            column=exc.mark.column + 1 if exc.mark else 0,
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"YAML 语法错误：{exc.problem}",
            "检查缩进、冒号和引号",
            file=str(path),
            line=(mark.line + 1) if mark else 0,
            column=(mark.column + 1) if mark else 0,
        ) from exc
    except YAMLError as exc:
        raise ConfigError(f"YAML 无法解析：{exc}", "检查文件格式", file=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取规则文件：{exc}", "确认文件存在且为 UTF-8 编码", file=str(path)) from exc
    except (ValueError, OverflowError) as exc:  # a scalar ruamel could not construct
        raise ConfigError(f"YAML 值无效：{exc}", "检查文件中的数字和日期", file=str(path)) from exc
    _check_numbers(data, data, (), path)
    return data


def _check_numbers(root: Any, node: Any, loc: tuple[Any, ...], path: Path) -> None:
    """Every number is finite and of a sane size: `.nan` or `.inf` would validate as a float
    and then fail (or never match) on every report. Depth is bounded by the composer."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_numbers(root, value, (*loc, key), path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_numbers(root, value, (*loc, i), path)
    elif (
        isinstance(node, (int, float))
        and not isinstance(node, bool)
        and ((isinstance(node, float) and not math.isfinite(node)) or abs(node) > LIMITS.max_rule_number)
    ):
        line, col = _position(root, loc)
        raise ConfigError(
            f"数值 {_excerpt(str(node))} 无效：须为有限的数，且绝对值不超过 {LIMITS.max_rule_number:g}",
            "不能用 .nan、.inf 或过大的数",
            file=str(path),
            line=line,
            column=col,
        )


def _excerpt(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _position(data: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line/column (1-based) of the deepest node of `loc` that ruamel knows about."""
    line, col = 0, 0
    node = data
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None and isinstance(node, dict) and key in node:
                ln, cl = lc.key(key)
                line, col = ln + 1, cl + 1
            elif lc is not None and isinstance(node, list) and isinstance(key, int) and key < len(node):
                ln, cl = lc.item(key)
                line, col = ln + 1, cl + 1
        except (KeyError, IndexError, TypeError):
            break
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    if line == 0 and getattr(data, "lc", None) is not None:
        line, col = data.lc.line + 1, data.lc.col + 1
    return line, col


_HINTS = {
    "extra_forbidden": "未知字段——检查拼写，或运行 nianbao explain 查看该类规则允许的字段",
    "missing": "缺少必填字段",
    "literal_error": "取值不在允许范围内",
    "union_tag_invalid": "kind 必须是 " + "/".join(sorted(KIND_NAMES)) + " 之一",
    "union_tag_not_found": "缺少 kind 字段",
    "string_pattern_mismatch": "格式不对：id 形如 TBL-01，name 为小写短横线形式",
}


def _chinese_message(err: Any) -> str:
    """Pydantic's English messages, said in Chinese for the people who write rules."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    messages = {
        "extra_forbidden": "不允许的字段",
        "missing": "缺少必填字段",
        "literal_error": f"取值“{err.get('input')}”无效，可选：{ctx.get('expected', '')}",
        "union_tag_invalid": f"未知的规则类型 kind: {ctx.get('tag', '')}",
        "union_tag_not_found": "缺少 kind 字段",
        "string_type": "应为字符串",
        "int_parsing": "应为整数",
        "int_type": "应为整数",
        "float_parsing": "应为数字",
        "float_type": "应为数字",
        "bool_parsing": "应为 true 或 false",
        "bool_type": "应为 true 或 false",
        "list_type": "应为列表",
        "dict_type": "应为映射（键: 值）",
        "model_type": "应为映射（键: 值）",
        "string_too_short": f"太短（至少 {ctx.get('min_length', '')} 个字符）",
        "string_pattern_mismatch": f"格式不符合 {ctx.get('pattern', '')}",
        "greater_than_equal": f"应不小于 {ctx.get('ge', '')}",
        "less_than_equal": f"应不大于 {ctx.get('le', '')}",
    }
    if kind in messages:
        return messages[kind]
    msg = str(err["msg"])
    return msg[len("Value error, ") :] if msg.startswith("Value error, ") else msg


def _value_position(node: Any, value: str) -> tuple[int, int] | None:
    """Line/column (1-based) of the first scalar equal to `value` under `node` (a regex that
    a validator refused names its own line, not only its field's)."""
    if isinstance(node, dict):
        items: list[tuple[Any, Any]] = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return None
    lc = getattr(node, "lc", None)
    for key, child in items:
        if isinstance(child, str) and child == value and lc is not None:
            try:
                ln, cl = lc.value(key) if isinstance(node, dict) else lc.item(key)
            except (KeyError, IndexError, TypeError):
                return None
            return ln + 1, cl + 1
        found = _value_position(child, value)
        if found is not None:
            return found
    return None


def _raise_validation(exc: ValidationError, data: Any, path: Path) -> None:
    err = exc.errors()[0]
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x in KIND_NAMES))
    line, col = _position(data, loc)
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, RegexProblem):
        subtree = data
        for key in loc:
            try:
                subtree = subtree[key]
            except (KeyError, IndexError, TypeError):
                break
        line, col = (
            _value_position(subtree, cause.pattern) or _value_position(data, cause.pattern) or (line, col)
        )
    where = ".".join(str(x) for x in loc) or "(文件)"
    msg = _chinese_message(err)
    raise ConfigError(
        f"字段 {where}：{msg}",
        _HINTS.get(err["type"], "对照 README 中的规则格式说明修改"),
        file=str(path),
        line=line,
        column=col,
    )


def load_pack_meta(path: Path) -> Pack:
    """A pack.yaml, with the data of the packs it extends merged in."""
    data, origin = _pack_data(path.parent, set())
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        # point at the file that holds the faulty key
        key = exc.errors()[0]["loc"][0] if exc.errors()[0]["loc"] else None
        where = origin.get(str(key), path)
        _raise_validation(exc, _load_yaml(where), where)
        raise  # unreachable


def _pack_data(root: Path, seen: set[Path]) -> tuple[dict[str, Any], dict[str, Path]]:
    """pack.yaml as plain data, inherited keys filled in; and which file each key came from."""
    path = root / "pack.yaml"
    if not path.is_file():
        raise ConfigError(f"找不到规则包元数据 {path}", "规则包目录下须有 pack.yaml")
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(
            "pack.yaml 应为一个映射（键: 值）", "参考自带规则包的 pack.yaml", file=str(path), line=1
        )
    own = _plain(raw)
    origin = {k: path for k in own}
    base = own.get("extends")
    if not isinstance(base, str):
        return own, origin
    base_root = _base_root(root, base, path, raw)
    if base_root in seen or base_root == root:
        raise ConfigError(f"规则包 extends 形成循环：{base}", "extends 应指向另一个规则包", file=str(path))
    inherited, inherited_origin = _pack_data(base_root, seen | {root})
    for key in ("extends", "exclude", "overrides", "years"):
        inherited.pop(key, None)  # these are the child's own business
    return {**inherited, **own}, {**inherited_origin, **origin}


def _base_root(root: Path, name: str, path: Path, raw: Any) -> Path:
    for candidate in (root.parent / name, builtin_packs_dir() / name):
        if (candidate / "pack.yaml").is_file():
            return candidate.resolve()
    line, col = _position(raw, ("extends",))
    raise ConfigError(
        f"extends 指向的规则包“{name}”不存在",
        "extends 应为与本规则包并列的另一个规则包目录名",
        file=str(path),
        line=line,
        column=col,
    )


def position_in(path: Path, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the node at `loc` in a YAML file, for an error that is
    found after validation (0, 0 when unknown)."""
    try:
        return _position(_load_yaml(path), loc)
    except ConfigError:
        return 0, 0


def load_model(path: Path, model: Any) -> Any:
    """Any YAML file validated strictly against a pydantic model, errors with file:line:col."""
    data = _load_yaml(path)
    try:
        return model.model_validate(_plain(data))
    except ValidationError as exc:
        _raise_validation(exc, data, path)
        raise  # unreachable


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def load_rule_file(path: Path, pack: Pack, own: bool = True) -> RuleBase:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(
            "规则文件应为一个映射（键: 值）", "参考 rules/ 下现有规则的写法", file=str(path), line=1
        )
    try:
        rule: RuleBase = rule_adapter().validate_python(_plain(data))
    except ValidationError as exc:
        _raise_validation(exc, data, path)
        raise
    stem = path.stem
    if stem != rule.id:
        line, col = _position(data, ("id",))
        raise ConfigError(
            f"文件名 {path.name} 与规则 id {rule.id} 不一致",
            f"把文件改名为 {rule.id}.yaml",
            file=str(path),
            line=line,
            column=col,
        )
    problem = references_problem(rule, pack, own)
    if problem:
        key, message = problem
        line, col = _position(data, key if isinstance(key, tuple) else (key,))
        raise ConfigError(
            message,
            "规则引用的表、行、列必须与 pack.yaml 中的表格模板一致，否则永远不会触发",
            file=str(path),
            line=line,
            column=col,
        )
    return rule


def when_problem(when: When, pack: Pack, own: bool = True) -> tuple[tuple[str, ...], str] | None:
    """A `when` no report can satisfy makes its rule dead: say which part of it.

    `own`: the rule is a file of this pack itself. An inherited rule may be meant for years
    the extending pack's format does not cover (the 2021 pack's rules in the 2019 pack, for a
    report checked with --pack), so only a pack's own rules are held to its `years`."""
    if when.min_year is not None and when.max_year is not None and when.min_year > when.max_year:
        return (
            "when",
            "min_year",
        ), f"条件 min_year {when.min_year} 大于 max_year {when.max_year}，这条规则永远不会触发"
    years = pack.years
    if own and years is not None:
        if when.max_year is not None and years.min is not None and when.max_year < years.min:
            return ("when", "max_year"), (
                f"条件 max_year {when.max_year} 早于规则包适用的最早年度 {years.min}，这条规则永远不会触发"
            )
        if when.min_year is not None and years.max is not None and when.min_year > years.max:
            return ("when", "min_year"), (
                f"条件 min_year {when.min_year} 晚于规则包适用的最晚年度 {years.max}，这条规则永远不会触发"
            )
    if when.issuer_types is not None and not when.issuer_types:
        return ("when", "issuer_types"), "条件 issuer_types 为空列表，没有机关能满足，这条规则永远不会触发"
    cell = when.cell
    if cell is not None:
        table_name, _, rest = cell.cell.partition(".")
        row_ref, _, column = rest.rpartition(".")
        row = pack.tables[table_name].row(row_ref) if table_name in pack.tables else None
        if row is not None and column not in row.signed:
            # counts and amounts are never negative here; counts are whole numbers
            never = (
                (cell.op == "<" and cell.value <= 0)
                or (cell.op in ("<=", "==") and cell.value < 0)
                or (cell.op == "==" and not row.is_amount(column) and cell.value != int(cell.value))
            )
            if never:
                return ("when", "cell"), (
                    f"条件“{cell.cell} {cell.op} {cell.value:g}”不可能成立（该单元格不为负数"
                    f"{'' if row.is_amount(column) else '，且是整数'}），这条规则永远不会触发"
                )
    return None


def references_problem(rule: RuleBase, pack: Pack, own: bool = True) -> tuple[Any, str] | None:
    """A rule that names an unknown table, row or column, or whose `when` no report can
    satisfy, can never match: reject it."""
    own_check = getattr(rule, "check_references", None)
    if own_check is not None:  # a kind that names tables or sections its own way
        from checker.kinds._pairs import ReferenceProblem

        try:
            own_check(pack)
        except ReferenceProblem as unknown:
            return unknown.key, unknown.message
    table_name = getattr(rule, "table", None)
    if table_name is not None:
        tpl = pack.tables.get(table_name)
        if tpl is None:
            return "table", f"未知的表“{table_name}”（可用：{'、'.join(pack.tables)}）"
        kind = getattr(rule, "kind", "")
        if kind == "identity":
            for_each = rule.for_each  # type: ignore[attr-defined]
            for side in ("left", "right", "only"):
                for ref in getattr(rule, side):
                    if for_each == "column" and side != "only" or for_each == "row" and side == "only":
                        if tpl.row(ref) is None:
                            return side, f"表“{table_name}”没有行“{ref}”"
                    else:
                        all_cols = {c for r in tpl.rows for c in tpl.columns_of(r)}
                        if ref not in all_cols:
                            return side, f"表“{table_name}”没有列“{ref}”"
    for table_name in getattr(rule, "tables", None) or []:
        tpl = pack.tables.get(table_name)
        if tpl is None:
            return "tables", f"未知的表“{table_name}”（可用：{'、'.join(pack.tables)}）"
        for ref in getattr(rule, "rows", []):
            if tpl.row(ref) is None:
                return "rows", f"表“{table_name}”没有行“{ref}”"
        all_cols = {c for r in tpl.rows for c in tpl.columns_of(r)}
        for ref in getattr(rule, "columns", []):
            if ref not in all_cols:
                return "columns", f"表“{table_name}”没有列“{ref}”"
    refs = list(getattr(rule, "cells", []) or [])
    for miss in getattr(rule, "near_misses", []) or []:
        refs += miss.cells
    for claim in getattr(rule, "claims", []) or []:
        refs += claim.zero
    for ref in refs:
        if not pack.cell_ref_ok(ref):
            return "cells", f"单元格引用“{ref}”无效（格式：表名.行.列，须与 pack.yaml 一致）"
    when = getattr(rule, "when", None)
    if when is not None and when.cell is not None and not pack.cell_ref_ok(when.cell.cell):
        return "when", f"条件中的单元格引用“{when.cell.cell}”无效"
    if when is not None:
        problem = when_problem(when, pack, own)
        if problem is not None:
            return problem
    statement_id = getattr(rule, "statement", None)
    if isinstance(statement_id, str) and pack.statement(statement_id) is None:
        ids = "、".join(s.id for s in pack.statements)
        return "statement", f"未知的 statement “{statement_id}”（pack.yaml statements 中有：{ids}）"
    docs = getattr(rule, "documents", None)
    if docs:
        known = {d.key for d in pack.documents}
        for key in docs:
            if key not in known:
                return "documents", f"未知的文件“{key}”（可用：{'、'.join(sorted(known))}）"
            document = pack.document(key)
            if rule.kind == "superseded" and document is not None and not document.superseded_by:
                return "documents", f"文件“{key}”在 pack.yaml 中没有 superseded_by，这条规则永远不会触发"
    return None


CACHE_FORMAT = 1  # the layout of a cache file; part of its key


def _cache_key(root: Path) -> str | None:
    """What a cached pack depends on: nianbao's code that validates it, pydantic, Python, and
    every YAML file of the pack's lineage (rule files, pack.yaml and profiles)."""
    import hashlib
    import sys

    import pydantic

    from checker import __version__

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{__version__}|{pydantic.VERSION}|{sys.version}|{root}".encode())
    try:
        # A change to the models' code (a new field, a stricter check) is a new key even when
        # the version is not bumped.
        here = Path(__file__).resolve().parent
        code = [
            here / n for n in ("pack.py", "rule.py", "rules.py", "regexes.py", "profiles.py", "limits.py")
        ]
        for path in sorted([*code, *(here / "kinds").glob("*.py")]):
            digest.update(path.read_bytes() + b"\0")
        for folder in _lineage(root):
            for path in sorted(folder.rglob("*.yaml")):
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    except (OSError, ConfigError):
        return None
    return digest.hexdigest()[:32]


def _cache_dir() -> Path:
    base = os.environ.get("NIANBAO_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "nianbao"
    )
    return Path(base)


def _cache_file(root: Path) -> Path | None:
    """Where a validated pack is kept between runs, keyed by _cache_key.

    Parsing 60-odd YAML files and validating them costs seconds per process; a supervisor's
    batch job or a clerk's editor integration starts many processes. The cache is JSON of the
    validated models (never pickle: loading it runs no code), validated again when read, in a
    directory only this user can write (set NIANBAO_NO_CACHE=1 to turn it off)."""
    if os.environ.get("NIANBAO_NO_CACHE"):
        return None
    key = _cache_key(root)
    return None if key is None else _cache_dir() / f"pack-{key}.json"


def _private(st: os.stat_result) -> bool:
    """Owned by whoever runs nianbao, and writable by nobody else: anyone else who can write
    there could plant a pack that disables every rule."""
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _open_cache_dir(folder: Path, create: bool) -> int | None:
    """A descriptor of the cache directory if it is private (see _private), else None;
    created with mode 0700 when asked. Symbolic links are not followed."""
    if create:
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return None
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if _private(os.fstat(fd)):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read_cache(path: Path | None, root: Path) -> LoadedPack | None:
    """The cached pack, or None when there is none or it cannot be trusted: a directory or
    file that is not private, a file too large, not JSON of the current key, or whose data no
    longer validate. Any such file is rebuilt (_write_cache replaces it)."""
    if path is None:
        return None
    dir_fd = _open_cache_dir(path.parent, create=False)
    if dir_fd is None:
        return None
    try:
        fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        os.close(dir_fd)
        return None
    os.close(dir_fd)
    import json
    import stat

    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > LIMITS.max_cache_bytes:
                return None
            data = json.loads(fh.read(LIMITS.max_cache_bytes + 1))
        except (OSError, ValueError, RecursionError):
            return None
    try:
        if data.get("format") != CACHE_FORMAT or data.get("key") != path.stem.removeprefix("pack-"):
            return None
        with checked_before():
            pack = Pack.model_validate(data["pack"])
            adapter = rule_adapter()
            rules: list[RuleBase] = [adapter.validate_python(r) for r in data["rules"]]
        lineage = _lineage(root)
        files = {str(k): lineage[int(v[0])] / str(v[1]) for k, v in data["files"].items()}
    except (ValidationError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None
    if sorted(files) != sorted(r.id for r in rules):
        return None
    return LoadedPack(pack=pack, rules=rules, root=root, files=files, lineage=lineage)


def _write_cache(path: Path | None, loaded: LoadedPack) -> None:
    """Store the validated pack as JSON, atomically, in a private directory only."""
    if path is None:
        return
    import json

    def portable(file: Path) -> list[object]:
        # files are stored relative to the folder of the pack that defines them
        for i, folder in enumerate(loaded.lineage):
            if folder in file.parents:
                return [i, str(file.relative_to(folder))]
        raise ValueError(file)

    try:
        text = json.dumps(
            {
                "format": CACHE_FORMAT,
                "key": path.stem.removeprefix("pack-"),
                "pack": loaded.pack.model_dump(mode="json", by_alias=True),
                "rules": [r.model_dump(mode="json", by_alias=True) for r in loaded.rules],
                "files": {k: portable(v) for k, v in loaded.files.items()},
            },
            ensure_ascii=False,
        ).encode()
    except (ValueError, TypeError):
        return
    dir_fd = _open_cache_dir(path.parent, create=True)
    if dir_fd is None:
        return  # not ours, or open to others: never written into
    tmp = f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=dir_fd)
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
        # atomic: a parallel run never sees half a file
        os.replace(tmp, path.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        with suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)


_LOADED: dict[tuple[Path, tuple[str, ...]], LoadedPack] = {}


def load_pack(
    root: Path | None = None,
    use_cache: bool = True,
    profiles: list[str] | None = None,
    fixed: bool = False,
) -> LoadedPack:
    """A rule pack (the default one when `root` is None), with profiles applied.

    Loaded packs are kept for the life of the process (a batch needs the 2019 pack for every
    2020 report, not once per report)."""
    root = (root or builtin_packs_dir() / DEFAULT_PACK).resolve()
    key = (root, tuple(profiles or ()))
    if use_cache and key in _LOADED:
        found = _LOADED[key]
        return found if found.fixed == fixed else replace(found, fixed=fixed)
    loaded = _load_bounded(root, use_cache, list(profiles or []))
    loaded.fixed = fixed
    if use_cache:
        _LOADED[key] = loaded
    return loaded


def _load_bounded(root: Path, use_cache: bool, profiles: list[str]) -> LoadedPack:
    """Read (or build) the pack and apply the profiles under the workers' memory limit, so
    that a hostile rule file ends in one clear error rather than an exhausted machine."""
    from checker.profiles import apply_profiles

    try:
        with memory_limit(LIMITS.memory_bytes):
            cache = _cache_file(root) if use_cache else None
            loaded = _read_cache(cache, root)
            if loaded is None:
                loaded = _load_pack_files(root)
                _write_cache(cache, loaded)
            return apply_profiles(loaded, profiles)
    except MemoryError:
        raise ConfigError(
            f"加载规则包时内存超过上限（{LIMITS.memory_bytes // (1024 * 1024)} MB）",
            "规则文件应是几十 KB 的手写数据，检查其中是否有异常巨大或重复展开的内容",
            file=str(root),
        ) from None
    except RecursionError:
        raise ConfigError(
            "规则包嵌套过深，无法加载", "检查规则文件中的嵌套映射、列表和正则表达式", file=str(root)
        ) from None


def bundled_packs() -> list[Path]:
    """The folders of the packs that ship with nianbao."""
    return sorted(p.parent.resolve() for p in builtin_packs_dir().glob("*/pack.yaml"))


_EXTENDS = re.compile(r"^extends:[ \t]*['\"]?([^'\"#\s]+)", re.MULTILINE)


def _extends(path: Path) -> str | None:
    """The `extends:` of a pack.yaml, read from its top-level line: every run needs the
    lineage to find its cache, and parsing the whole file for one key costs more than
    everything else a cached run does. The full parse (load_pack_meta) checks the rest."""
    try:
        found = _EXTENDS.search(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found else None


def _lineage(root: Path) -> list[Path]:
    """The pack's folder and the folders of the packs it extends, nearest first."""
    out = [root]
    name = _extends(root / "pack.yaml")
    while name is not None:
        path = out[-1] / "pack.yaml"
        try:
            base = _base_root(out[-1], name, path, {})
        except ConfigError:
            base = _base_root(out[-1], name, path, _load_yaml(path))  # the same error, with its position
        if base in out:
            raise ConfigError(f"规则包 extends 形成循环：{base.name}", "extends 应指向另一个规则包")
        out.append(base)
        name = _extends(base / "pack.yaml")
    return out


def _rule_files(folder: Path) -> list[Path]:
    """The rule files of one pack folder (pack.yaml and profiles are not rules)."""
    found = [
        p
        for p in sorted(folder.rglob("*.yaml"))
        if p.name != "pack.yaml" and "profiles" not in p.relative_to(folder).parts
    ]
    if len(found) > LIMITS.max_rule_files:
        raise ConfigError(
            f"规则包有 {len(found)} 个规则文件，超过上限 {LIMITS.max_rule_files}",
            "检查是否选错了目录",
            file=str(folder),
        )
    return found


def _load_pack_files(root: Path) -> LoadedPack:
    lineage = _lineage(root)
    pack = load_pack_meta(root / "pack.yaml")
    excluded = set(pack.exclude)
    rules: list[RuleBase] = []
    files: dict[str, Path] = {}
    # nearest pack first: a rule file of the pack itself replaces the inherited one
    for depth, folder in enumerate(lineage):
        for path in _rule_files(folder):
            if depth > 0 and path.stem in files:
                continue
            if depth > 0 and path.stem in excluded:
                continue
            rule = load_rule_file(path, pack, own=depth == 0)
            if rule.id in files:
                raise ConfigError(
                    f"规则 id {rule.id} 重复（另见 {files[rule.id]}）",
                    "每条规则的 id 必须唯一",
                    file=str(path),
                )
            files[rule.id] = path
            rules.append(rule)
    inherited = {p.stem for folder in lineage[1:] for p in _rule_files(folder)}
    for rule_id in pack.exclude:
        if rule_id in inherited and rule_id not in files:
            continue
        line, col = _position(_load_yaml(root / "pack.yaml"), ("exclude",))  # parsed again only to say where
        raise ConfigError(
            f"exclude 中的 {rule_id} 不是被扩展规则包中的规则"
            if rule_id not in inherited
            else f"exclude 中的 {rule_id} 又有本规则包自己的规则文件",
            "exclude 只用于不继承被扩展规则包中的规则",
            file=str(root / "pack.yaml"),
            line=line,
            column=col,
        )
    for i, rule in enumerate(rules):
        override = pack.overrides.get(rule.id)
        if override is not None:
            rules[i] = rule = rule.model_copy(update=override.changes())
        if excluded & set(rule.supersedes):  # an inherited rule may supersede one this pack excludes
            rules[i] = rule.model_copy(
                update={"supersedes": [r for r in rule.supersedes if r not in excluded]}
            )
    unknown = set(pack.overrides) - set(files)
    if unknown:
        line, col = _position(_load_yaml(root / "pack.yaml"), ("overrides",))
        raise ConfigError(
            f"overrides 中的规则 {'、'.join(sorted(unknown))} 不在本规则包中",
            "overrides 只能改动本规则包（含继承）的规则",
            file=str(root / "pack.yaml"),
            line=line,
            column=col,
        )
    names = [r.name for r in rules]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ConfigError(
            f"规则 name 重复：{'、'.join(sorted(dup))}", "每条规则的 name 必须唯一", file=str(root)
        )
    _check_supersedes(rules, files)
    rules.sort(key=lambda r: (r.id.split("-")[0], int(r.id.split("-")[1])))
    return LoadedPack(pack=pack, rules=rules, root=root, files=files, lineage=lineage)


def _check_supersedes(rules: list[RuleBase], files: dict[str, Path]) -> None:
    """A rule may only supersede rules of its own pack, and not itself."""
    ids = {r.id for r in rules}
    for rule in rules:
        for ref in rule.supersedes:
            if ref in ids and ref != rule.id:
                continue
            path = files[rule.id]
            line, col = _position(_load_yaml(path), ("supersedes",))
            raise ConfigError(
                f"supersedes 中的“{ref}”不是本规则包中的其他规则",
                "supersedes 列出的应是本规则包中、报告同一问题但不如本规则具体的规则 id",
                file=str(path),
                line=line,
                column=col,
            )
