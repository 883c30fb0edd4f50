"""The `nianbao` command. Imports are lazy so that start-up stays fast."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from checker import __version__
from checker.cli_zh import ZhTyper
from checker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, ConfigError, NianbaoError
from checker.paths import shown

if TYPE_CHECKING:
    from rich.progress import Progress

    from checker.baseline import Baseline, Suppressions
    from checker.config import RunConfig
    from checker.diffing import UnitDiff
    from checker.facts import ReportFacts
    from checker.pack import RuleOverride
    from checker.render import Writer
    from checker.results import Pickled, ReportResult
    from checker.rules import LoadedPack
    from checker.units import UnitsTable

app = ZhTyper(
    name="nianbao",
    help="政府信息公开工作年度报告合规检查器（国办公开办函〔2021〕30号格式）。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
rules_app = ZhTyper(help="列出或校验规则。", no_args_is_help=True, add_completion=False)
app.add_typer(rules_app, name="rules")

REPORT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ".shtml", ".docx", ".doc", ".wps", ".pdf"}


def _version(value: bool) -> None:
    if value:
        print(f"nianbao {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号。")
    ] = False,
) -> None:
    """政府信息公开工作年度报告合规检查器。"""


def _fail(err: NianbaoError) -> NoReturn:
    print(f"nianbao: {err.one_line()}", file=sys.stderr)
    raise typer.Exit(err.exit_code)


def _split(values: list[str] | None) -> list[str]:
    """Repeated options and comma lists alike: --profile a --profile b,c → [a, b, c]."""
    return [v.strip() for value in values or [] for v in value.replace("，", ",").split(",") if v.strip()]


def _selection(option: str, run: RunConfig, loaded: LoadedPack) -> list[str] | None:
    """--select/--ignore (or the configuration's select/ignore) as rule references, each
    naming a rule of a pack the run may use (else exit 2 with the closest matches)."""
    from checker.config import COMMAND_LINE
    from checker.selection import resolve

    key = option.removeprefix("--")
    refs: list[str] = run[key]
    if not refs:
        return None
    try:
        return resolve(option, refs, loaded.every_rule())
    except NianbaoError as err:
        origin = run.origins[key]
        if origin != COMMAND_LINE:  # the configuration file's list: say which file
            err = ConfigError(err.message.replace(option, key, 1), err.hint, file=origin)
        _fail(err)


def _run_config(config: Path | None, **command_line: Any) -> RunConfig:
    """The command line over the configuration file over the defaults (exit 2 on a bad file)."""
    from checker.config import resolve

    try:
        return resolve(command_line, config, Path.cwd())
    except NianbaoError as err:
        _fail(err)


def _with_config_rules(loaded: LoadedPack, run: RunConfig) -> LoadedPack:
    """The configuration file's rule changes applied; a rule no pack has is exit 2 at its
    place in the file."""
    from checker.rules import position_in

    if not run.rules:
        return loaded  # the usual case: no need to gather every pack's rules
    known = {r.id for r in loaded.every_rule()}
    for rule_id in run.rules:
        if rule_id not in known:
            origin = Path(run.origins[f"rules.{rule_id}"])
            line, column = position_in(origin, ("rules", rule_id))
            _fail(
                ConfigError(
                    f"配置文件改动的规则 {rule_id} 不在规则包中",
                    "用 nianbao rules list 查看规则编号",
                    file=str(origin),
                    line=line,
                    column=column,
                )
            )
    return loaded.with_rule_overrides(
        {rule_id: (change, run.origins[f"rules.{rule_id}"]) for rule_id, change in run.rules.items()}
    )


def _load(rules_dir: Path | None, pack: str | None = None, profiles: list[str] | None = None) -> LoadedPack:
    """The pack to use: --rules DIR or --pack NAME|DIR (used for every report), or the bundled
    packs chosen by each report's year."""
    from checker.rules import bundled_packs, load_pack

    try:
        if rules_dir is not None:
            return load_pack(rules_dir, profiles=_split(profiles), fixed=True)
        if pack is not None:
            by_name = {p.name: p for p in bundled_packs()}
            if pack in by_name:
                return load_pack(by_name[pack], profiles=_split(profiles), fixed=True)
            if Path(pack).is_dir():
                return load_pack(Path(pack), profiles=_split(profiles), fixed=True)
            import difflib

            close = difflib.get_close_matches(pack, list(by_name), n=3, cutoff=0.5)
            hint = f"是否想用：{'、'.join(close)}" if close else f"可用：{'、'.join(by_name)}"
            raise NianbaoError(f"没有规则包“{pack}”", hint)
        return load_pack(None, profiles=_split(profiles))
    except NianbaoError as err:
        _fail(err)
        raise  # unreachable


PACK_HELP = "使用指定的规则包（名称如 gov-info-disclosure-2019，或目录）；默认按报告年度自动选择。"
PROFILE_HELP = "启用地方或通行做法配置（可重复，或用逗号分隔），如 common-practice。"


@dataclass(frozen=True)
class Entry:
    """One input of a run, in input order: a report file, or a path given that does not exist."""

    path: Path
    from_folder: bool = False  # found in a folder given (not named on the command line)
    missing: bool = False


def _is_office_scratch(name: str) -> bool:
    """Word's owner file (~$报告.docx), LibreOffice/WPS lock files, editors' temporary files."""
    return name.startswith(("~$", ".~lock.", "~WRL")) or name.lower().endswith(".tmp")


def collect(paths: list[Path], notes: list[str] | None = None) -> list[Entry]:
    """The files given and the report files found recursively in folders (sorted), in input
    order, without duplicates, with the paths that do not exist where they were given.
    Folder walks follow no symbolic link, to a file or a folder (a link may point anywhere,
    and a link loop must not hang a batch); such links and Office scratch files are named in
    `notes`."""
    import os

    entries: list[Entry] = []
    for p in paths:
        if p.is_dir():
            found = []
            for folder, dirs, names in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    f = Path(folder) / name
                    if _is_office_scratch(name):
                        if notes is not None:
                            notes.append(f"跳过 {shown(str(f))}（Word/WPS 的锁文件或临时文件）")
                        continue
                    if f.suffix.lower() not in REPORT_SUFFIXES or name.startswith("."):
                        continue
                    if f.is_symlink():
                        if notes is not None:
                            notes.append(f"跳过 {shown(str(f))}（符号链接；文件夹中的符号链接不跟随）")
                        continue
                    if f.is_file():
                        found.append(f)
            entries += [Entry(f, from_folder=True) for f in sorted(found)]
        elif p.exists():
            entries.append(Entry(p))
        else:
            entries.append(Entry(p, missing=True))
    seen: set[str] = set()
    unique = []
    for entry in entries:
        try:
            key = str(entry.path.resolve())
        except (OSError, RuntimeError):  # a link loop
            key = str(entry.path)
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="报告文件或文件夹（文件夹递归查找）。", show_default=False, metavar="文件或文件夹"
        ),
    ],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式：text、json、concise、csv、xlsx、html 或 sarif。")
    ] = "text",
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="达到该级别即以退出码 1 结束：error（默认）、warning 或 info，也可写 错误、警告、提示。",
        ),
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="报告发布日期 YYYY-MM-DD，用于检查发布时限。")
    ] = None,
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="使用其他规则包目录（含 pack.yaml）。")
    ] = None,
    pack: Annotated[str | None, typer.Option("--pack", help=PACK_HELP)] = None,
    profile: Annotated[list[str] | None, typer.Option("--profile", help=PROFILE_HELP)] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只运行这些规则（id、name 或前缀，如 TBL）。")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="不运行这些规则（id、name 或前缀）。")
    ] = None,
    township_deadline: Annotated[
        str | None,
        typer.Option(
            "--township-deadline", help="乡镇/街道年报的发布时限 MM-DD（默认 01-31，按地方规定调整）。"
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="并行检查的进程数（默认 CPU 核数；0 表示不用子进程）。")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="每个文件最多检查多少秒，超时跳过（默认 60）。")
    ] = None,
    max_size: Annotated[
        int | None, typer.Option("--max-size", help="输入文件大小上限（MB，默认 50）。")
    ] = None,
    max_unzipped: Annotated[
        int | None, typer.Option("--max-unzipped", help="DOCX 解压后总大小上限（MB，默认 300）。")
    ] = None,
    max_memory: Annotated[
        int | None, typer.Option("--max-memory", help="每个检查进程的内存上限（MB，默认 1024）。")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="配置文件（默认在当前目录及其上级目录中查找 nianbao.yaml）。"),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="上一轮的 JSON 结果：只报告其中没有的新问题。"),
    ] = None,
    suppressions: Annotated[
        Path | None,
        typer.Option("--suppressions", help="忽略项文件（YAML：规则、指纹、原因），其中的问题不再列出。"),
    ] = None,
    units: Annotated[
        Path | None,
        typer.Option(
            "--units",
            help="单位清单 CSV（列 unit、type、parent、deadline，可选 received）：列出未提交的单位、按时率和上下级汇总。",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="文本输出只给批量汇总表，不逐份列出问题。")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="文本输出最后列出各规则命中的次数和报告数。")
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="同一单位上一年度的报告：与本报告比对（上年结转、现行有效件数、内容雷同等）；只用于检查一份报告。",
        ),
    ] = None,
    no_previous: Annotated[
        bool,
        typer.Option(
            "--no-previous", help="批量检查时不按单位和年度与上年报告比对（每份报告检查完即输出）。"
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="文本输出给出每条问题的依据（法规条款）。")
    ] = False,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="把结果写入文件（整体写入，不会留下半个文件）；可多次给出，"
            "格式按扩展名 .json .csv .xlsx .html .sarif .txt，其他扩展名按 --format。",
        ),
    ] = None,
    rectify_by: Annotated[
        str | None,
        typer.Option("--rectify-by", help="HTML 整改通知中的整改期限 YYYY-MM-DD（不给则留空，由人工填写）。"),
    ] = None,
) -> None:
    """检查一份或多份年度报告，输出分级问题清单、得分和等级。"""
    from checker.batch import CheckOptions, check_batch, check_many_pickled, default_jobs
    from checker.findings import SEVERITY_NAMES, SEVERITY_ORDER
    from checker.limits import configure as configure_limits
    from checker.render import BINARY_FORMATS, FORMATS, RenderOptions, Tee, format_of, open_writer

    if output_format not in FORMATS:
        _fail(NianbaoError(f"不支持的输出格式“{output_format}”", "可选 " + "、".join(FORMATS)))
    outputs = [(path, format_of(path, output_format)) for path in output or []]
    if not outputs and output_format in BINARY_FORMATS:
        _fail(
            NianbaoError(
                f"{output_format} 格式不能输出到终端", f"请用 -o 指定文件，如 -o 结果.{output_format}"
            )
        )
    if fail_on is not None:
        if fail_on not in SEVERITY_NAMES:
            _fail(
                NianbaoError(
                    f"--fail-on 的取值“{fail_on}”无效", "可选 error、warning、info 或 错误、警告、提示"
                )
            )
        fail_on = SEVERITY_NAMES[fail_on]
    given = [v for v in (timeout, max_size, max_unzipped, max_memory) if v is not None]
    if (given and min(given) <= 0) or (jobs is not None and jobs < 0):
        _fail(
            NianbaoError("--jobs、--timeout 和各项上限必须是正数", "例如 --jobs 2 --timeout 60 --max-size 50")
        )
    pub_date = None
    if published:
        try:
            pub_date = date.fromisoformat(published)
        except ValueError:
            _fail(NianbaoError(f"--published 日期“{published}”格式不对", "请写成 YYYY-MM-DD，如 2024-01-20"))
    run = _run_config(
        config,
        pack=pack,
        profile=_split(profile),
        select=_split(select),
        ignore=_split(ignore),
        fail_on=fail_on,
        township_deadline=township_deadline,
        jobs=jobs,
        timeout=timeout,
        max_size=max_size,
        max_unzipped=max_unzipped,
        max_memory=max_memory,
        suppressions=None if suppressions is None else str(suppressions),
        units=None if units is None else str(units),
        rectify_by=rectify_by,
        compare_years=False if no_previous else None,
    )
    units_table = _units(run)
    rectify_date = _rectify_date(run)
    configure_limits(run.limits())
    loaded = _load(rules_dir, run["pack"], run["profile"])
    if run["township_deadline"]:
        loaded = _with_township_deadline(loaded, run["township_deadline"])
    loaded = _with_config_rules(loaded, run)
    notes: list[str] = []
    entries = collect(paths, notes)
    for note in notes:
        print(f"nianbao: {note}", file=sys.stderr)
    if not entries:
        _fail(NianbaoError("没有找到可检查的报告文件", f"支持的扩展名：{' '.join(sorted(REPORT_SUFFIXES))}"))
    files = [e.path for e in entries if not e.missing]
    for path, _ in outputs:
        _check_output(path, files)
    if len({path.resolve() for path, _ in outputs}) < len(outputs):
        _fail(NianbaoError("同一个结果文件被 -o 给了两次", "每个 -o 请给不同的文件"))
    workers = default_jobs() if run["jobs"] is None else run["jobs"]
    if "json" in {fmt for _, fmt in outputs} or (not outputs and output_format == "json"):
        from checker.render.json import report_parts, report_text

        prepare, prepare_parts = report_text, report_parts
    else:
        prepare, prepare_parts = None, None
    accepted = _suppressions(run)
    if previous is not None and len(files) != 1:
        _fail(NianbaoError("--previous 只能用于检查一份报告", "批量检查时会自动按单位和相邻年度配对上年报告"))
    compare_years = previous is not None or (bool(run["compare_years"]) and len(files) > 1)
    last_year = _previous_facts(previous, loaded) if previous is not None else None
    progress, advance = _progress(len(files))
    tally = Tally(total=len(entries))
    check_options = CheckOptions(
        published=pub_date,
        select=_selection("--select", run, loaded),
        ignore=_selection("--ignore", run, loaded),
        # comparing years adds findings after the workers: they render the report in parts
        # and the parent lays out only what the comparison changed
        prepare=None if compare_years else prepare,
        prepare_parts=prepare_parts if compare_years else None,
        baseline=_baseline(baseline),
        suppressions=accepted,
        facts=compare_years,
        clusters=len(files) > 1,  # a batch looks for near-identical reports of different units
    )
    jobs = min(workers, len(files))
    each: Iterator[ReportResult | Pickled]
    if compare_years and last_year is None:
        # a batch, each report paired once every file is done: the results wait on disk
        from checker.pairing import compared_batch

        stored = check_many_pickled(files, loaded, jobs, check_options, advance)
        each, checked = stored, compared_batch(stored, loaded, check_options)
    else:
        plain = check_batch(files, loaded, jobs, check_options, advance)
        each, checked = plain, plain
        if last_year is not None:
            from checker.pairing import with_previous

            checked = with_previous(plain, last_year, loaded, check_options)
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(contextlib.closing(each))  # workers stop if the run is cut short
            stack.enter_context(contextlib.closing(checked))  # and a batch's spool is removed
            if progress is not None:
                stack.enter_context(progress)
            options = RenderOptions(
                quiet=quiet,
                statistics=statistics,
                units=units_table,
                rectify_by=rectify_date,
                verbose=verbose,
            )
            writers = [
                open_writer(
                    fmt,
                    stack.enter_context(_sink(path, binary=fmt in BINARY_FORMATS)),
                    loaded,
                    replace(options, to_file=True),
                )
                for path, fmt in outputs
            ] or [open_writer(output_format, sys.stdout, loaded, options)]
            from checker.across_run import AcrossCollector, AcrossWriter

            across = stack.enter_context(AcrossCollector(check_options.clusters, units_table, pub_date))
            unreadable, worst = _stream(entries, checked, AcrossWriter(Tee(writers), across), accepted, tally)
    except KeyboardInterrupt:
        print(f"nianbao: 已中断：已检查 {tally.done}/{tally.total} 份", file=sys.stderr)
        raise typer.Exit(130) from None
    except NianbaoError as err:  # the run itself failed (no worker can be started)
        _fail(err)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    if worst >= SEVERITY_ORDER[run["fail_on"]]:
        from checker.exit_note import exit_note

        if not outputs and output_format == "text":  # the report's last line says why
            print(exit_note(run["fail_on"]))
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _rectify_date(run: RunConfig) -> date | None:
    """The 整改通知's deadline (--rectify-by or the configuration's rectify_by), exit 2 when it
    is no date."""
    from checker.config import COMMAND_LINE

    text = run["rectify_by"]
    if text is None or isinstance(text, date):  # the configuration file's is checked as it is read
        return text
    try:
        return date.fromisoformat(text)
    except ValueError:
        where = "--rectify-by" if run.origins.get("rectify_by") == COMMAND_LINE else run.origins["rectify_by"]
        _fail(NianbaoError(f"{where} 的整改期限“{text}”不是日期", "请写成 YYYY-MM-DD，如 2025-03-31"))


def _previous_facts(path: Path, loaded: LoadedPack) -> ReportFacts:
    """--previous: last year's report, checked with its own year's pack only for its facts."""
    from checker.batch import CheckOptions, check_here

    if not path.is_file():
        _fail(NianbaoError(f"找不到上年报告 {shown(str(path))}", "检查 --previous 给出的路径"))
    result = check_here(path, loaded, CheckOptions(facts=True))
    if result.facts is None:
        why = result.findings[0].message if result.findings else "不是年度报告"
        _fail(
            NianbaoError(
                f"上年报告 {shown(str(path))} 无法检查：{why}", "请提供可读取的上年报告，或去掉 --previous"
            )
        )
    return result.facts


def _progress(total: int) -> tuple[Progress | None, Callable[[int, object], None] | None]:
    """A progress bar on stderr (files done, rate, time left) for a batch run at a terminal,
    and the batch's callback that moves it; none when stderr is piped or redirected, so logs
    and CI output stay clean."""
    if total < 2 or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("检查中"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,  # gone when the run ends: the summary takes its place
    )
    task = progress.add_task("check", total=total, rate="")

    def advance(_index: int, _result: object) -> None:
        progress.advance(task)
        state = progress.tasks[0]
        if state.elapsed:
            progress.update(task, rate=f"{state.completed / state.elapsed:.1f} 份/秒")

    return progress, advance


def _report_unused(suppressions: Suppressions, used: set[int]) -> None:
    """One stderr line per suppression no finding of the run used: stale decisions are
    found, not kept forever."""
    for i, item in suppressions.unused(used):
        print(
            f"nianbao: {suppressions.file} 第{i + 1}条忽略项（{item.rule} {item.fingerprint}）没有用到，"
            "问题可能已改正，可以删除",
            file=sys.stderr,
        )


def _baseline(path: Path | None) -> Baseline | None:
    if path is None:
        return None
    from checker.baseline import Baseline

    try:
        return Baseline.load(path)
    except NianbaoError as err:
        _fail(ConfigError(f"--baseline：{err.message}", err.hint))


def _suppressions(run: RunConfig) -> Suppressions | None:
    path = run["suppressions"]
    if not path:
        return None
    from checker.baseline import Suppressions

    file = Path(path)
    if not file.is_file():
        _fail(
            ConfigError("找不到忽略项文件", "检查 --suppressions 或配置文件中 suppressions 的路径", file=path)
        )
    try:
        return Suppressions.load(file)
    except NianbaoError as err:
        _fail(err)


def _units(run: RunConfig) -> UnitsTable | None:
    """--units (or the configuration's units:) read and validated before any report is
    checked: a bad list is exit 2 with its file:line:column."""
    path = run["units"]
    if not path:
        return None
    from checker.units import load_units

    file = Path(path)
    if not file.is_file():
        _fail(ConfigError("找不到单位清单", "检查 --units 或配置文件中 units 的路径", file=path))
    try:
        return load_units(file)
    except NianbaoError as err:
        _fail(err)


@dataclass
class Tally:
    """How many of a run's inputs have been written, for the line a Ctrl-C leaves."""

    total: int
    done: int = 0


def _stream(
    entries: list[Entry],
    checked: Iterator[ReportResult],
    writer: Writer,
    suppressions: Suppressions | None = None,
    tally: Tally | None = None,
) -> tuple[bool, int]:
    """Each result to the output as it comes, in input order, and one stderr line for each
    file that could not be checked; (any unreadable, worst certain severity)."""
    from checker.batch import failed

    skipped: list[str] = []
    used: set[int] = set()
    unreadable = False
    worst = -1
    for entry in entries:
        if _stop_requested:
            raise KeyboardInterrupt
        if entry.missing:
            result = failed(entry.path, "文件不存在；请检查路径是否正确")
        else:
            result = next(checked)
            if entry.from_folder and result.not_a_report:
                # A README or notes file lying in a folder of reports is not bad input.
                skipped.append(str(entry.path))
                print(
                    f"nianbao: 跳过 {shown(str(entry.path))}（文件夹中的这个文件不是政府信息公开工作年度报告）",
                    file=sys.stderr,
                )
                if tally is not None:
                    tally.done += 1
                continue
        if result.unreadable:
            unreadable = True
            print(f"nianbao: 无法检查 {shown(result.path)}：{result.findings[0].message}", file=sys.stderr)
        worst = max(worst, result.worst())
        used.update(s["index"] for s in result.suppressed)
        writer.report(result)
        if tally is not None:
            tally.done += 1
    writer.end(skipped)
    if suppressions is not None:
        _report_unused(suppressions, used)
    return unreadable, worst


def _check_output(output: Path, inputs: list[Path]) -> None:
    """Before any file is checked: the result file can be written, and is no input."""
    import os

    target = output.resolve()
    if target.is_dir():
        _fail(NianbaoError(f"结果文件 {shown(str(output))} 是一个文件夹", "请给出文件名，如 -o 结果.json"))
    if not target.parent.is_dir():
        _fail(
            NianbaoError(f"无法写入结果文件 {shown(str(output))}：目录不存在", "请先建立目录，或换一个路径")
        )
    if not os.access(target.parent, os.W_OK | os.X_OK):
        _fail(NianbaoError(f"无法写入结果文件 {shown(str(output))}：没有写权限", "请换一个有写权限的目录"))
    if target.exists():
        for path in inputs:
            try:
                same = os.path.samefile(path, target)
            except OSError:
                same = False
            if same:
                _fail(
                    NianbaoError(
                        f"结果文件 {shown(str(output))} 就是要检查的报告 {shown(str(path))}，写入会覆盖报告",
                        "请换一个结果文件名",
                    )
                )


@contextlib.contextmanager
def _sink(output: Path, binary: bool = False) -> Iterator[Any]:
    """A result file written whole: the result streams into a temporary file beside it, which
    is renamed over it at the end (never half a file), with the mode the umask gives; the
    temporary file is removed if the run does not finish. Yields a text stream, or the
    temporary file's path for a binary format (its writer writes the file itself)."""
    import os
    import tempfile

    target = output.resolve()
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        if binary:
            os.close(fd)
            yield Path(tmp_name)
        else:
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                yield handle
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        _fail(
            NianbaoError(
                f"无法写入结果文件 {shown(str(output))}：{exc.strerror or exc}",
                "请检查目录是否存在、是否有写权限",
            )
        )
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _with_township_deadline(loaded: LoadedPack, value: str) -> LoadedPack:
    from pydantic import ValidationError

    from checker.pack import Deadline

    try:  # the pack's own check of a deadline: MM-DD, a day every year has
        deadline = Deadline(
            date=value,
            name="乡镇人民政府/街道办事处",
            basis=f"地方规定（命令行 --township-deadline {value}）",
        )
    except ValidationError:
        _fail(
            NianbaoError(f"--township-deadline 的取值“{value}”无效", "请写成每年都有的日期 MM-DD，如 01-25")
        )
        raise  # unreachable
    return loaded.with_deadlines({"township": deadline})


@app.command("diff")
def diff_command(
    old: Annotated[
        Path, typer.Argument(help="上一轮的 JSON 结果（nianbao check --format json）。", show_default=False)
    ],
    new: Annotated[Path, typer.Argument(help="这一轮的 JSON 结果。", show_default=False)],
    output_format: Annotated[str, typer.Option("--format", "-f", help="输出格式：text 或 json。")] = "text",
) -> None:
    """比较两轮检查结果：每个单位已改正、新出现和仍存在的问题（整改后复查）。"""
    from checker.diffing import compare, load_run

    if output_format not in ("text", "json"):
        _fail(NianbaoError(f"不支持的输出格式“{output_format}”", "可选 text 或 json"))
    try:
        units = compare(load_run(old), load_run(new))
    except NianbaoError as err:
        _fail(err)
    if output_format == "json":
        import dataclasses
        import json

        print(json.dumps([dataclasses.asdict(u) for u in units], ensure_ascii=False, indent=2))
    else:
        _print_diff(units)
    raise typer.Exit(EXIT_FINDINGS if any(u.new or u.remaining for u in units) else EXIT_OK)


def _print_diff(units: list[UnitDiff]) -> None:
    for unit in units:
        year = f" {unit.year}年度" if unit.year else ""
        if unit.old_path is None:
            state = "（上一轮没有这个单位）"
        elif unit.new_path is None:
            state = "（这一轮没有这个单位）"
        else:
            state = ""
        score = (
            f"，得分 {_score(unit.old_score)} → {_score(unit.new_score)}"
            if unit.old_path and unit.new_path
            else ""
        )
        print(
            f"{unit.unit}{year}{state}：已改正 {len(unit.fixed)} · 新出现 {len(unit.new)} · "
            f"仍存在 {len(unit.remaining)}{score}"
        )
        for label, findings in (("已改正", unit.fixed), ("新出现", unit.new), ("仍存在", unit.remaining)):
            for f in findings:
                print(f"  {label} {f.get('rule')} {' '.join(str(f.get('message', '')).split())}")


def _score(score: float | None) -> str:
    return "—" if score is None else f"{score:g}"


config_app = ZhTyper(help="运行配置（nianbao.yaml）。", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show(
    config: Annotated[
        Path | None,
        typer.Option("--config", help="配置文件（默认在当前目录及其上级目录中查找 nianbao.yaml）。"),
    ] = None,
) -> None:
    """显示生效的配置，以及每一项来自哪里（配置文件、默认值）。"""
    run = _run_config(config)
    files = "、".join(str(f) for f in run.files) or "（没有找到 nianbao.yaml，全部为默认值）"
    print(f"配置文件：{files}")
    for key, value in run.values.items():
        text = "、".join(value) if isinstance(value, list) else "" if value is None else str(value)
        print(f"{key} = {text or '—'}    （来源：{run.origins[key]}）")
    for rule_id, change in run.rules.items():
        text = "，".join(f"{k}: {v}" for k, v in change.changes().items())
        print(f"rules.{rule_id} = {text}    （来源：{run.origins[f'rules.{rule_id}']}）")


@rules_app.command("list")
def rules_list(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式：text、json 或 csv（UTF-8，可用 Excel 打开）。")
    ] = "text",
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="规则包目录。")] = None,
    pack: Annotated[
        str | None, typer.Option("--pack", help="规则包名称或目录（默认 2021 年格式规则包）。")
    ] = None,
    profile: Annotated[list[str] | None, typer.Option("--profile", help=PROFILE_HELP)] = None,
) -> None:
    """列出规则包中的全部规则（按所选配置显示级别和扣分）。"""
    from checker.render import rules_list as listing

    if output_format not in listing.FORMATS:
        _fail(NianbaoError(f"不支持的输出格式“{output_format}”", "可选 " + "、".join(listing.FORMATS)))
    loaded = _load(rules_dir, pack, profile)
    if output_format == "json":
        listing.write_json(loaded, sys.stdout)
    elif output_format == "csv":
        listing.write_csv(loaded, sys.stdout)
    else:
        listing.write_text(loaded)


@rules_app.command("validate")
def rules_validate(
    target: Annotated[Path, typer.Argument(help="规则文件或规则包目录。", metavar="规则文件或目录")],
    pack_ref: Annotated[
        str | None, typer.Option("--pack", help="校验单个规则文件时所用的规则包（名称或目录）。")
    ] = None,
) -> None:
    """校验规则包或规则文件（字段、取值、引用的表/行/列、配置），错误给出 文件:行:列 和提示。"""
    from checker.profiles import available, load_profile
    from checker.rules import load_pack, load_rule_file

    try:
        if target.is_dir():
            loaded = load_pack(target, use_cache=False)
            names = list(available(loaded))
            for name in names:
                load_profile(loaded, name)
            with_profiles = f"，{len(names)} 个配置（{'、'.join(names)}）" if names else ""
            print(f"规则包 {loaded.pack.id}：{len(loaded.rules)} 条规则{with_profiles}校验通过")
        elif target.is_file():
            pack = _load(None, pack_ref).pack
            if target.name == "pack.yaml":
                from checker.rules import load_pack_meta

                load_pack_meta(target)
                print(f"{target}：规则包元数据校验通过")
            else:
                rule = load_rule_file(target, pack)
                print(f"{target}：规则 {rule.id} 校验通过")
        else:
            _fail(NianbaoError(f"找不到 {target}", "请给出规则文件或规则包目录"))
    except NianbaoError as err:
        _fail(err)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="规则 id 或 name，如 TBL-01。", metavar="规则")],
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="规则包目录。")] = None,
    pack: Annotated[
        str | None, typer.Option("--pack", help="规则包名称或目录（默认 2021 年格式规则包）。")
    ] = None,
    profile: Annotated[list[str] | None, typer.Option("--profile", help=PROFILE_HELP)] = None,
) -> None:
    """显示规则的说明、依据和正反示例。"""
    from checker.builtin import builtin_rules

    builtin = builtin_rules().get(rule_id.upper())
    if builtin is not None:
        zh = {"error": "错误", "warning": "警告", "info": "提示"}
        print(f"{builtin.id} {builtin.name} — {builtin.title}")
        print(f"类型：（内置）　级别：{zh[builtin.severity]}　扣分：{builtin.scoring}　类别：document")
        print(f"\n说明：{builtin.description}")
        print(f"\n依据：{builtin.basis}（文件本身的问题，不是报告内容的问题）")
        return
    loaded = _load(rules_dir, pack, profile)
    rule = loaded.rule(rule_id) or loaded.rule(rule_id.upper())  # tbl-01 as TBL-01
    if rule is None:
        _fail(NianbaoError(f"没有规则“{rule_id}”", "运行 nianbao rules list 查看全部规则"))
        return
    zh = {"error": "错误", "warning": "警告", "info": "提示"}
    print(f"{rule.id} {rule.name} — {rule.title}")
    origin = loaded.origins.get(rule.id)
    source = f"配置 {origin}" if origin else f"规则包 {loaded.pack.id}"
    print(
        f"类型：{rule.kind}　级别：{zh[rule.severity]}　扣分：{rule.points:g}　类别：{rule.category}　来源：{source}"
    )
    if not rule.enabled:
        print("（本规则在此规则包中未启用）")
    print(f"\n说明：{rule.description.strip()}")
    print(f"\n依据：{rule.basis}")
    for name, (override, title) in _profiles_mentioning(loaded, rule.id).items():
        if name in loaded.profiles:
            continue
        level = zh[override.severity] if override.severity else zh[rule.severity]
        points = f"{override.points:g}" if override.points is not None else f"{rule.points:g}"
        print(
            f"\n配置 {name}（{title}，--profile {name}）：级别{level}，扣分{points}；依据：{override.basis or rule.basis}"
        )
    print(f"\n合规示例：{rule.examples.pass_.strip()}")
    print(f"\n问题示例：{rule.examples.fail.strip()}")
    print(f"\n规则文件：{loaded.files.get(rule.id, '')}")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址；默认只在本机（127.0.0.1）。")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口。")] = 8765,
    max_size: Annotated[float, typer.Option("--max-size", help="上传文件的大小上限（MB）。")] = 20.0,
) -> None:
    """在本机打开检查网页：在浏览器中拖入或选择报告文件，问题直接标在报告上（需要 nianbao[serve]）。"""
    from checker.serve import start

    try:
        start(host, port, max_size)
    except NianbaoError as err:
        _fail(err)


def _profiles_mentioning(loaded: LoadedPack, rule_id: str) -> dict[str, tuple[RuleOverride, str]]:
    """The pack's profiles that change this rule: name → (the change, the profile's title)."""
    from checker.profiles import available, load_profile

    out = {}
    for name in available(loaded):
        try:
            found = load_profile(loaded, name)
        except NianbaoError:
            continue  # a broken profile is `rules validate`'s to report
        if rule_id in found.rules:
            out[name] = (found.rules[rule_id], found.title)
    return out


_stop_requested: list[bool] = []  # non-empty once Ctrl-C or SIGTERM has come


def _interrupted(_signum: int, _frame: object) -> None:
    """Ctrl-C and SIGTERM end the run: workers stopped, no temporary file left behind. The
    KeyboardInterrupt raised here is lost when it lands in a finaliser ("Exception ignored
    in ... __del__"), so the request is also recorded for the output loop to act on. A
    second signal while the run is stopping changes nothing: the clean-up is not cut short."""
    if _stop_requested:
        return
    _stop_requested.append(True)
    raise KeyboardInterrupt


def main() -> None:
    import signal

    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        app()
    except KeyboardInterrupt:
        print("nianbao: 已中断", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - never show a traceback to a clerk
        print(f"nianbao: 内部错误（{type(exc).__name__}: {exc}）；请反馈给维护者", file=sys.stderr)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
