"""A run's configuration: the command line over a `nianbao.yaml` over the defaults.

A supervisor's office keeps its decisions in `nianbao.yaml` (found in the working directory
or the nearest folder above it, or given with --config): which rules to run, per-rule
severity and points, the local deadlines, how strict the exit code is, the limits. The file
is validated like a rule file (unknown keys, bad values → file:line:col with a hint) and may
`extends` another such file. `RunConfig.origins` says where each value came from, for
`nianbao config show`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from checker.errors import ConfigError
from checker.pack import RuleOverride, Strict

CONFIG_NAME = "nianbao.yaml"
MAX_EXTENDS = 8  # a chain of files extending each other; deeper is a mistake (or a loop)
COMMAND_LINE = "命令行"
DEFAULT = "默认"


class ConfigFile(Strict):
    """What a nianbao.yaml may hold: every key optional."""

    extends: str | None = Field(default=None, min_length=1)  # another nianbao.yaml, relative to this one
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
    # a batch compares each report with the same unit's report of the year before (false: it
    # streams each result as soon as it is done, without the cross-year rules)
    compare_years: bool | None = None


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
        current = (current.parent / config.extends).resolve() if config.extends else None
    return chain


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
                if key == "suppressions":
                    value = str(file.parent / value)
                values[key], origins[key] = value, str(file)
                break
        else:
            values[key], origins[key] = default, DEFAULT
    rules: dict[str, RuleOverride] = {}
    for file, config in reversed(chain):  # the nearest file's word last, so it wins
        for rule_id, override in config.rules.items():
            merged = {**(rules[rule_id].changes() if rule_id in rules else {}), **override.changes()}
            rules[rule_id] = RuleOverride(**merged)
            origins[f"rules.{rule_id}"] = str(file)
    return RunConfig(values=values, rules=rules, origins=origins, files=[f for f, _ in chain])
