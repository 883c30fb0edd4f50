"""A run's configuration: the command line over a `nianbao.yaml` over the defaults.

A supervisor's office keeps its decisions in `nianbao.yaml` (found in the working directory
or the nearest folder above it, or given with --config): which rules to run, per-rule
severity and points, the local deadlines, how strict the exit code is, the limits. The file
is validated like a rule file (unknown keys, bad values → file:line:col with a hint) and may
`extends` another such file. `RunConfig.origins` says where each value came from, for
`nianbao config show`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from checker.errors import ConfigError
from checker.findings import SEVERITY_NAMES
from checker.pack import RuleOverride, Strict

CONFIG_NAME = "nianbao.yaml"
PRESET_PREFIX = "nianbao:"  # `extends: nianbao:common-practice` names a preset shipped with the packs
MAX_EXTENDS = 8  # a chain of files extending each other; deeper is a mistake (or a loop)
COMMAND_LINE = "命令行"
DEFAULT = "默认"


class ConfigFile(Strict):
    """What a nianbao.yaml may hold: every key optional."""

    # another nianbao.yaml, relative to this one, or a built-in preset (`nianbao:NAME`)
    extends: str | None = Field(default=None, min_length=1)
    pack: str | None = Field(default=None, min_length=1)
    profile: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    rules: dict[str, RuleOverride] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info"] | None = None
    township_deadline: str | None = Field(default=None, pattern=r"^\d{2}-\d{2}$")
    jobs: int | None = Field(default=None, ge=0, le=256)
    timeout: float | None = Field(default=None, gt=0, le=3600)
    max_size: int | None = Field(default=None, gt=0, le=10_000)
    max_unzipped: int | None = Field(default=None, gt=0, le=100_000)
    max_memory: int | None = Field(default=None, gt=0, le=1_000_000)
    suppressions: str | None = Field(default=None, min_length=1)  # a suppressions file, relative to this one
    units: str | None = Field(default=None, min_length=1)  # a units CSV (--units), relative to this one
    rectify_by: date | None = None  # the HTML 整改通知's deadline (YYYY-MM-DD)
    # a batch compares each report with the same unit's report of the year before (false: it
    # streams each result as soon as it is done, without the cross-year rules)
    compare_years: bool | None = None

    @field_validator("fail_on", mode="before")
    @classmethod
    def _severity_by_name(cls, value: Any) -> Any:
        """fail_on may be written as the output shows it: 错误/警告/提示."""
        return SEVERITY_NAMES.get(value, value) if isinstance(value, str) else value


DEFAULTS: dict[str, Any] = {
    "pack": None,
    "profile": [],
    "select": [],
    "ignore": [],
    "fail_on": "error",
    "township_deadline": None,
    "jobs": None,  # the CPU count
    "timeout": 60.0,
    "max_size": 50,
    "max_unzipped": 300,
    "max_memory": 1024,
    "suppressions": None,
    "units": None,
    "rectify_by": None,  # the 整改通知 leaves a blank to fill in
    "compare_years": True,
}


@dataclass(frozen=True)
class RunConfig:
    """The effective settings of a run, and where each came from (a file, the command line
    or the default)."""

    values: dict[str, Any]
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)  # setting (or rules.ID) → its origin
    files: list[Path] = field(default_factory=list)  # the configuration files, nearest first

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def limits(self) -> dict[str, float | int]:
        """The run's resource limits, as checker.limits.configure takes them."""
        mb = 1024 * 1024
        return {
            "timeout_s": self.values["timeout"],
            "max_input_bytes": self.values["max_size"] * mb,
            "max_unzipped_bytes": self.values["max_unzipped"] * mb,
            "memory_bytes": self.values["max_memory"] * mb,
        }


def find_config(start: Path) -> Path | None:
    """The nianbao.yaml in `start` or the nearest folder above it."""
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _chain(path: Path) -> list[tuple[Path, ConfigFile]]:
    """The file and those it extends, nearest first."""
    from checker.rules import load_model

    chain: list[tuple[Path, ConfigFile]] = []
    current: Path | None = path.resolve()
    while current is not None:
        if any(current == seen for seen, _ in chain):
            raise ConfigError("配置文件互相 extends，形成了循环", "去掉其中一个 extends", file=str(current))
        if len(chain) >= MAX_EXTENDS:
            raise ConfigError(f"配置文件的 extends 超过 {MAX_EXTENDS} 层", "合并这些配置文件", file=str(path))
        if not current.is_file():
            raise ConfigError("找不到配置文件", "检查 --config 或 extends 给出的路径", file=str(current))
        config: ConfigFile = load_model(current, ConfigFile)
        chain.append((current, config))
        current = _extended(current, config.extends) if config.extends else None
    return chain


def origin_of(file: Path) -> str:
    """A configuration file as `config show` names it: its path, or the preset's name."""
    if file.parent == presets_dir().resolve():
        return f"预设 {PRESET_PREFIX}{file.stem}"
    return str(file)


def presets_dir() -> Path:
    from checker.rules import builtin_packs_dir

    return builtin_packs_dir() / "presets"


def presets() -> list[str]:
    """The built-in presets' names (`extends: nianbao:NAME`)."""
    return sorted(p.stem for p in presets_dir().glob("*.yaml"))


def _extended(current: Path, extends: str) -> Path:
    """The file that `extends` in `current` names: a preset, or a path relative to `current`."""
    if not extends.startswith(PRESET_PREFIX):
        return (current.parent / extends).resolve()
    name = extends[len(PRESET_PREFIX) :]
    known = presets()
    if name not in known:
        import difflib

        from checker.rules import position_in

        close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f"是否想写：{'、'.join(PRESET_PREFIX + c for c in close)}" if close else ""
        hint = hint or "可用的预设：" + "、".join(PRESET_PREFIX + k for k in known)
        line, column = position_in(current, ("extends",))
        raise ConfigError(f"没有名为“{name}”的预设", hint, file=str(current), line=line, column=column)
    return (presets_dir() / f"{name}.yaml").resolve()


def resolve(command_line: dict[str, Any], config_path: Path | None, search_from: Path | None) -> RunConfig:
    """The run's settings: each command-line value that was given (not None), else the
    nearest configuration file's, else the default. `config_path` is --config; without it
    the file is looked for upward from `search_from` (None: no file)."""
    path = config_path or (find_config(search_from) if search_from is not None else None)
    chain = _chain(path) if path is not None else []
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, default in DEFAULTS.items():
        given = command_line.get(key)
        if given is not None and given != []:
            values[key], origins[key] = given, COMMAND_LINE
            continue
        for file, config in chain:
            value = getattr(config, key)
            if value is not None:
                if key == "pack" and (file.parent / value).exists():
                    value = str(file.parent / value)  # a pack folder, relative to the file
                if key in ("suppressions", "units"):
                    value = str(file.parent / value)
                values[key], origins[key] = value, origin_of(file)
                break
        else:
            values[key], origins[key] = default, DEFAULT
    rules: dict[str, RuleOverride] = {}
    for file, config in reversed(chain):  # the nearest file's word last, so it wins
        for rule_id, override in config.rules.items():
            merged = {**(rules[rule_id].changes() if rule_id in rules else {}), **override.changes()}
            rules[rule_id] = RuleOverride(**merged)
            origins[f"rules.{rule_id}"] = origin_of(file)
    return RunConfig(values=values, rules=rules, origins=origins, files=[f for f, _ in chain])
