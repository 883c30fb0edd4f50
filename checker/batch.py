"""Check many files in worker processes: a per-file time and memory limit, so one
pathological file can neither hang nor kill the run, and results in input order
whatever the number of workers.

Workers are forked from the parent, which has already loaded the rule pack, so a
worker costs a few milliseconds. Each file gets a fresh worker: a file that blew
the memory limit or crashed a C library leaves nothing behind for the next one.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from checker.engine import ReportResult, check_document, document_finding
from checker.errors import NianbaoError
from checker.limits import LIMITS
from checker.rules import LoadedPack


def check_one(
    path: Path, loaded: LoadedPack, published: date | None, select: list[str] | None, ignore: list[str] | None
) -> ReportResult:
    """One file, in this process; any failure becomes a document finding, never an exception."""
    try:
        return check_document(path, loaded, published=published, select=select, ignore=ignore)
    except NianbaoError as err:
        return failed(path, err.one_line())
    except MemoryError:
        return failed(
            path,
            f"检查时内存不足（超过 {LIMITS.memory_bytes // (1024 * 1024)} MB）；文件可能异常庞大或已损坏",
        )
    except RecursionError:
        return failed(path, "文件结构嵌套过深，无法检查；文件可能已损坏或是恶意构造的")
    except Exception as exc:  # noqa: BLE001 - one bad file must not lose the batch
        return failed(path, f"检查时发生内部错误（{type(exc).__name__}）；请把该文件反馈给 nianbao 维护者")


def failed(path: Path | str, message: str) -> ReportResult:
    result = ReportResult(path=str(path), unreadable=True)
    result.findings.append(document_finding(message))
    return result


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (LIMITS.memory_bytes, LIMITS.memory_bytes))
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed: run unlimited
        pass


def _worker(conn: Connection, path: Path, loaded: LoadedPack, args: tuple[Any, ...]) -> None:
    _limit_memory()
    result = check_one(path, loaded, *args)
    try:
        conn.send(result)
    except Exception:  # noqa: BLE001 - e.g. a result too large to pickle under the memory limit
        conn.send(failed(path, "检查结果无法传回（内存不足）；文件可能异常庞大"))
    finally:
        conn.close()


def check_many(
    files: Sequence[Path],
    loaded: LoadedPack,
    jobs: int,
    published: date | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    on_result: Callable[[int, ReportResult], None] | None = None,
) -> Iterator[ReportResult]:
    """Results in the order of `files`."""
    args = (published, select, ignore)
    if jobs <= 0 or not _can_fork():
        for f in files:
            yield check_one(f, loaded, *args)
        return
    ctx = mp.get_context("fork")
    results: dict[int, ReportResult] = {}
    running: dict[Connection, tuple[int, Any, float]] = {}
    queue = list(enumerate(files))
    next_out = 0
    while queue or running:
        while queue and len(running) < jobs:
            index, path = queue.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(child, path, loaded, args), daemon=True)
            proc.start()
            child.close()
            running[parent] = (index, proc, time.monotonic())
        ready = [cast(Connection, c) for c in wait(list(running), timeout=0.2)]
        for conn in ready:
            index, proc, _started = running.pop(conn)
            try:
                results[index] = cast(ReportResult, conn.recv())
            except (EOFError, OSError):
                proc.join(1)
                results[index] = failed(files[index], _died(proc.exitcode))
            conn.close()
            proc.join(5)
        now = time.monotonic()
        for conn, (index, proc, started) in list(running.items()):
            if now - started > LIMITS.timeout_s:
                proc.kill()
                proc.join(5)
                conn.close()
                del running[conn]
                results[index] = failed(
                    files[index],
                    f"检查超时（超过 {LIMITS.timeout_s:g} 秒），已跳过；文件可能异常庞大或结构异常",
                )
        while next_out in results:
            result = results.pop(next_out)
            if on_result is not None:
                on_result(next_out, result)
            yield result
            next_out += 1


def _died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"检查进程被信号 {-exitcode} 终止（可能内存不足）；文件可能异常庞大或已损坏"
    return "检查进程意外退出（可能内存不足）；文件可能异常庞大或已损坏"


def _can_fork() -> bool:
    return "fork" in mp.get_all_start_methods() and os.name == "posix"


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
