"""Check many files in a pool of warm worker processes, each file under a time and a memory
limit, so that one pathological file can neither hang nor kill the run; results come back
one by one in input order, whatever the number of workers, and nothing of a finished file is
kept.

The parent loads the packs, checks a built-in sample in each format (every reader imported,
every regex compiled) and freezes its heap before it forks, so a worker starts warm and costs
a fork. A worker takes one file per message. It is killed and replaced when a file outlives
the time limit or crashes it; it retires after a number of files, a high resident size, or a
file that ran out of time or memory in it. Only the file in flight is lost, and it gets its
DOC-00 finding.

One file, or `--jobs 0`, is checked in this process, under the same limits: an alarm for
time and the address-space limit for memory.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.connection import Connection, Pipe, wait
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from checker.engine import check_document, document_finding
from checker.errors import NianbaoError
from checker.findings import Finding, Location
from checker.limits import LIMITS, MB, TimeLimitExceeded, memory_limit, time_limit
from checker.results import Pickled, RenderedParts, ReportResult
from checker.rules import LoadedPack
from checker.summary import TableSummary, compact, pickled_by_fields, table_summaries

if TYPE_CHECKING:
    from checker.baseline import Baseline, Suppressions


@dataclass(frozen=True)
class CheckOptions:
    """What every file of a run is checked with, besides the pack."""

    published: date | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    # Renders a result where it was made (in the worker, before the result is compacted, so
    # spans and tables are still there), into ReportResult.rendered, so that the parent of a
    # large batch does not spend a core on rendering.
    prepare: Callable[[ReportResult], str] | None = None
    baseline: Baseline | None = None  # --baseline: an earlier run's findings are left out
    suppressions: Suppressions | None = None  # accepted findings are set aside with their reason
    facts: bool = False  # the run compares years: each result carries its report's facts
    # The same as `prepare` in parts (ReportResult.rendered_parts), for a run that adds
    # findings in the parent afterwards (comparing years).
    prepare_parts: Callable[[ReportResult], RenderedParts] | None = None
    clusters: bool = False  # a batch: each result carries its narrative's item (checker.clusters)
    # Workers send each result as Pickled bytes, for a parent that only stores them (a batch
    # comparing years; check_many_pickled).
    pickled: bool = False


def check_one(path: Path, loaded: LoadedPack, options: CheckOptions) -> ReportResult:
    """One file, in this process; any failure becomes a document finding, never an exception."""
    try:
        result = check_document(
            path,
            loaded,
            published=options.published,
            select=options.select,
            ignore=options.ignore,
            facts=options.facts,
            clusters=options.clusters,
        )
        if options.suppressions is not None:
            options.suppressions.apply(result)
        if options.baseline is not None:
            options.baseline.drop_known(result)
        return result
    except NianbaoError as err:
        return failed(path, err.one_line())
    except TimeLimitExceeded:
        return failed(path, timed_out_message())
    except MemoryError:
        return failed(path, out_of_memory_message())
    except RecursionError:
        return failed(path, "文件结构嵌套过深，无法检查；文件可能已损坏或是恶意构造的")
    except Exception as exc:  # noqa: BLE001 - one bad file must not lose the batch
        return failed(path, f"检查时发生内部错误（{type(exc).__name__}）；请把该文件反馈给 nianbao 维护者")


def check_here(path: Path, loaded: LoadedPack, options: CheckOptions) -> ReportResult:
    """One file in this process under the per-file limits, with what C libraries write to
    stderr discarded (the file's one line is the caller's to print)."""
    with _quiet_stderr(), memory_limit(LIMITS.memory_bytes), time_limit(LIMITS.timeout_s):
        return check_one(path, loaded, options)


def _prepared(result: ReportResult, options: CheckOptions) -> ReportResult:
    if (options.prepare is not None or options.prepare_parts is not None) and not result.summaries:
        # the rendering reads the tables summarised, and so does compact() after it: once
        result.summaries = table_summaries(result)
    if options.prepare is not None:
        result.rendered = options.prepare(result)
    if options.prepare_parts is not None:
        result.rendered_parts = options.prepare_parts(result)
    return result


def timed_out_message() -> str:
    return f"检查超时（超过 {LIMITS.timeout_s:g} 秒），已跳过；文件可能异常庞大或结构异常"


def out_of_memory_message() -> str:
    return f"检查时内存不足（超过 {LIMITS.memory_bytes // MB} MB）；文件可能异常庞大或已损坏"


def failed(path: Path | str, message: str) -> ReportResult:
    result = ReportResult(path=str(path), unreadable=True)
    result.findings.append(document_finding(message))
    return result


def _ran_out(result: ReportResult) -> bool:
    """Whether the file stopped on a limit: the worker's heap may be left fragmented or a
    library half-way through, so the worker retires."""
    return result.unreadable and any(
        f.message in (timed_out_message(), out_of_memory_message()) for f in result.findings[:1]
    )


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """File descriptor 2 to /dev/null inside the block (NIANBAO_DEBUG=1 keeps it): libraries
    written in C print warnings there that no clerk should see."""
    if os.environ.get("NIANBAO_DEBUG"):
        yield
        return
    import sys

    with contextlib.suppress(Exception):
        sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def check_many(
    files: Sequence[Path],
    loaded: LoadedPack,
    jobs: int,
    published: date | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    on_result: Callable[[int, ReportResult | Pickled], None] | None = None,
    prepare: Callable[[ReportResult], str] | None = None,
    baseline: Baseline | None = None,
    suppressions: Suppressions | None = None,
    facts: bool = False,
    prepare_parts: Callable[[ReportResult], RenderedParts] | None = None,
    clusters: bool = False,
) -> Generator[ReportResult, None, None]:
    """Results in the order of `files`, each as soon as it and every file before it is done.
    `on_result(index, result)` is called for each before it is yielded (a progress bar);
    `prepare(result)`, if given, is stored in result.rendered (see CheckOptions)."""
    options = CheckOptions(
        published, select, ignore, prepare, baseline, suppressions, facts, prepare_parts, clusters
    )
    yield from check_batch(files, loaded, jobs, options, on_result)


def check_batch(
    files: Sequence[Path],
    loaded: LoadedPack,
    jobs: int,
    options: CheckOptions,
    on_result: Callable[[int, ReportResult | Pickled], None] | None = None,
) -> Generator[ReportResult, None, None]:
    """check_many with the run's options as one object."""
    for item in _results(files, loaded, jobs, replace(options, pickled=False), on_result):
        assert isinstance(item, ReportResult)  # workers send Pickled only when options.pickled
        yield item


def check_many_pickled(
    files: Sequence[Path],
    loaded: LoadedPack,
    jobs: int,
    options: CheckOptions,
    on_result: Callable[[int, ReportResult | Pickled], None] | None = None,
) -> Generator[ReportResult | Pickled, None, None]:
    """check_many for a parent that stores the results until the batch is done: what the
    workers made comes as Pickled bytes (a file checked here, or one the parent reports
    itself, such as a timeout, comes as a ReportResult)."""
    yield from _results(files, loaded, jobs, replace(options, pickled=True), on_result)


def _results(
    files: Sequence[Path],
    loaded: LoadedPack,
    jobs: int,
    options: CheckOptions,
    on_result: Callable[[int, ReportResult | Pickled], None] | None,
) -> Generator[ReportResult | Pickled, None, None]:
    if jobs <= 0 or len(files) <= 1 or not _can_fork():
        for index, path in enumerate(files):
            result = _prepared(check_here(path, loaded, options), options)
            if on_result is not None:
                on_result(index, result)
            yield result
        return
    from checker.warmup import warm_up

    warm_up(loaded, pdf=any(path.suffix.lower() == ".pdf" for path in files))
    pool = _Pool(loaded, options, min(jobs, len(files)))
    try:
        yield from pool.run(files, on_result)
    finally:
        pool.close()


def check_apart(path: Path, loaded: LoadedPack, options: CheckOptions) -> ReportResult:
    """One file in a worker process of its own, under the per-file time and memory limits, for
    a caller that must outlive whatever the file does (`nianbao serve`): a fresh worker per
    file, stopped afterwards. `options.prepare` runs in the worker on the full result."""
    pool = _Pool(loaded, options, 1)
    try:
        result = next(pool.run([path], None))
        assert isinstance(result, ReportResult)  # options.pickled is for batches
        return result
    finally:
        pool.close()


_STOPPING = {signal.SIGINT, signal.SIGTERM}

# What a worker sends back is pickled by multiprocessing's pickler only: the parts a result has
# many of go as constructor calls (see pickled_by_fields); nothing else pickles differently.
for _cls in (Finding, Location, TableSummary):
    ForkingPickler.register(_cls, pickled_by_fields(_cls))


@dataclass
class _Job:
    index: int
    path: Path
    started: float


@dataclass
class _Worker:
    pid: int
    conn: Connection
    job: _Job | None = None


class _Pool:
    def __init__(self, loaded: LoadedPack, options: CheckOptions, size: int) -> None:
        self.loaded = loaded
        self.options = options
        self.workers: list[_Worker] = []
        for _ in range(size):
            self.workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = Pipe(duplex=True)
        parent = os.getpid()
        # Ctrl-C or SIGTERM during fork would raise inside the interpreter's at-fork handlers,
        # which swallow it ("Exception ignored in _releaseLock"), and the run would go on: the
        # signals wait until both processes are ready for them.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            pid = os.fork()
            if pid == 0:  # the worker: it never returns from here
                # Ctrl-C is the parent's to handle: it stops the workers itself.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                ours.close()
                for other in self.workers:
                    other.conn.close()
                _serve(theirs, self.loaded, self.options, parent)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        theirs.close()
        return _Worker(pid, ours)

    def run(
        self, files: Sequence[Path], on_result: Callable[[int, ReportResult | Pickled], None] | None
    ) -> Iterator[ReportResult | Pickled]:
        done: dict[int, ReportResult | Pickled] = {}  # finished out of order, waiting for an earlier file
        next_in = next_out = 0
        limit = LIMITS.timeout_s + LIMITS.kill_grace_s
        while next_out < len(files):
            next_in = self._dispatch(files, next_in)
            busy = [w for w in self.workers if w.job is not None]
            now = time.monotonic()
            soonest = min(cast(_Job, w.job).started + limit for w in busy)
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(0.5, soonest - now)))
            for worker in [w for w in busy if w.conn in ready]:
                job = cast(_Job, worker.job)
                try:
                    index, result, retiring = worker.conn.recv()
                except (EOFError, OSError):
                    index, result, retiring = job.index, failed(job.path, _died(self._reap(worker))), False
                    self._replace(worker, more=next_in < len(files), reaped=True)
                else:
                    if retiring:
                        self._replace(worker, more=next_in < len(files))
                worker.job = None
                done[index] = result
            now = time.monotonic()
            for worker in [w for w in self.workers if w.job is not None]:
                job = cast(_Job, worker.job)
                if now - job.started > limit:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(worker.pid, signal.SIGKILL)
                    self._reap(worker)
                    worker.job = None
                    done[job.index] = failed(job.path, timed_out_message())
                    self._replace(worker, more=next_in < len(files), reaped=True)
            # the idle workers get their next files before the results go out: what the
            # output does with them (spooling, rendering) then runs while the workers check
            next_in = self._dispatch(files, next_in)
            while next_out in done:
                result = done.pop(next_out)
                if on_result is not None:
                    on_result(next_out, result)
                yield result
                next_out += 1

    def _dispatch(self, files: Sequence[Path], next_in: int) -> int:
        """Give each idle worker the next file; the index of the first file not yet given."""
        for position in range(len(self.workers)):
            if self.workers[position].job is None and next_in < len(files):
                self._start(position, _Job(next_in, files[next_in], time.monotonic()))
                next_in += 1
        return next_in

    def _start(self, position: int, job: _Job) -> None:
        """Hand a file to an idle worker; one that died idle is replaced first."""
        for _attempt in range(2):
            worker = self.workers[position]
            try:
                worker.conn.send((job.index, os.fsencode(job.path)))
            except OSError:  # it is gone (killed from outside, say): a fresh one takes the file
                self._replace(worker, more=True)
                continue
            worker.job = job
            return
        raise NianbaoError("无法启动检查进程", "请检查系统的进程数和内存限制")

    def _reap(self, worker: _Worker) -> int:
        """Wait for a worker that ended or was killed, and remove what it left behind."""
        try:
            _, status = os.waitpid(worker.pid, 0)
        except ChildProcessError:
            status = 0
        _clean_up_after(worker.pid)
        return status

    def _replace(self, worker: _Worker, more: bool, reaped: bool = False) -> None:
        """Put a fresh worker in the place of one that is gone or retiring (if work remains)."""
        worker.conn.close()
        if not reaped:
            self._reap(worker)
        position = self.workers.index(worker)
        if more:
            self.workers[position] = self._spawn()
        else:
            del self.workers[position]

    def close(self) -> None:
        """Stop every worker: politely when idle, by force when the run is cut short."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                if worker.job is None:
                    worker.conn.send(None)
                else:
                    os.kill(worker.pid, signal.SIGKILL)
        deadline = time.monotonic() + 2.0
        for worker in self.workers:
            while time.monotonic() < deadline:
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(worker.pid, os.WNOHANG)[0] == 0:
                        time.sleep(0.01)
                        continue
                break
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.pid, signal.SIGKILL)
            self._reap(worker)
            worker.conn.close()
        self.workers = []


def _serve(conn: Connection, loaded: LoadedPack, options: CheckOptions, parent: int) -> NoReturn:
    """A worker's life: files in, compact results out, until told to stop or due to retire."""
    status = 0
    try:
        _become_worker(parent)
        served = 0
        while True:
            message = conn.recv()
            if message is None:
                break
            index, name = message
            path = Path(os.fsdecode(name))
            with time_limit(LIMITS.timeout_s):
                result = check_one(path, loaded, options)
            served += 1
            retiring = (
                served >= LIMITS.worker_files or _ran_out(result) or _resident() > LIMITS.worker_rss_bytes
            )
            try:
                conn.send((index, _outgoing(result, options), retiring))
            except Exception:  # noqa: BLE001 - e.g. a result too large to pickle under the memory limit
                conn.send((index, failed(path, "检查结果无法传回（内存不足）；文件可能异常庞大"), True))
                retiring = True
            if retiring:
                break
    except BaseException:  # noqa: BLE001 - a worker says nothing; the parent reports the file
        status = 70
    os._exit(status)


def _outgoing(result: ReportResult, options: CheckOptions) -> ReportResult | Pickled:
    """What a worker sends for a result: the compact result, or its Pickled bytes."""
    if not options.pickled:
        return compact(_prepared(result, options))
    facts, result.facts = result.facts, None
    sent = compact(_prepared(result, options))
    # multiprocessing's pickler, for the reducers registered above (read back by pickle.load)
    return Pickled(
        bytes(ForkingPickler.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL)),
        None if facts is None else bytes(ForkingPickler.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)),
        facts.issuer_key if facts is not None else "",
        facts.year if facts is not None else None,
        sent.path,
    )


def _become_worker(parent: int) -> None:
    _die_with(parent)
    if not os.environ.get("NIANBAO_DEBUG"):
        # What C libraries or a dying interpreter write goes nowhere: the parent prints one
        # line per file that could not be checked.
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (LIMITS.memory_bytes, LIMITS.memory_bytes))
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed: run unlimited
        pass


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the parent dies (Linux), so that a parent killed
    with SIGKILL leaves no worker behind."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def _resident() -> int:
    """This process's resident memory in bytes (0 where /proc is not available). Asked after
    every file: plain descriptor calls, not a buffered file object (half the cost)."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            statm = os.read(fd, 256)
        finally:
            os.close(fd)
        return int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _clean_up_after(pid: int) -> None:
    """What a worker that was killed could not remove itself (a LibreOffice conversion)."""
    from checker.readers.legacy import clean_up_after

    clean_up_after(pid)


def _died(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"检查进程被信号 {os.WTERMSIG(status)} 终止（可能内存不足）；文件可能异常庞大或已损坏"
    return "检查进程意外退出（可能内存不足）；文件可能异常庞大或已损坏"


def _can_fork() -> bool:
    return hasattr(os, "fork") and os.name == "posix"


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
