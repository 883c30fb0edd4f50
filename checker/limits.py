"""Resource limits for reading untrusted files, set once per run (CLI options) and
inherited by worker processes."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass
class Limits:
    max_input_bytes: int = 50 * MB  # a report is a few MB at most; larger files are refused unread
    max_unzipped_bytes: int = 300 * MB  # all parts of a DOCX, decompressed
    max_ratio: int = 200  # compression ratio of one DOCX part (zip bombs)
    timeout_s: float = 60.0  # per file, in a worker process
    memory_bytes: int = 1024 * MB  # address space of one worker process
    # --- rule loading ---
    # Rule files, pack.yaml and profiles are small hand-written data (the bundled ones: at most
    # 20 KB, nesting depth 6, 721 nodes, 251-character scalars); these bound what a hostile one
    # can make the loader build or the matcher try.
    max_rule_file_bytes: int = 1 * MB
    max_rule_files: int = 2_000  # rule files in one pack folder
    max_yaml_depth: int = 32  # nested mappings/sequences
    max_yaml_nodes: int = 50_000  # nodes (keys, values, items) in one file
    max_yaml_scalar_chars: int = 4_000  # below Python's 4,300-digit limit for int('…')
    max_rule_number: float = 1e15  # magnitude of any number in a rule file
    max_cache_bytes: int = 16 * MB  # a cached pack (JSON; the bundled ones are about 200 KB)
    # Regexes: a repeat whose maximum is above this counts as unbounded when the analyser
    # looks for nested and ambiguous repeats; below it, backtracking is polynomial and small.
    regex_small_repeat: int = 8
    # the largest product of the maxima of nested bounded repeats ((?:a{0,10}){0,10} is 100)
    regex_repeat_product: int = 1_000


LIMITS = Limits()


class TimeLimitExceeded(BaseException):
    """Raised by `time_limit` in the thread that runs the check. A BaseException, so that a
    reader's broad `except Exception` cannot swallow it and go on working past the limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after `seconds` of wall-clock time (SIGALRM; main thread on
    POSIX only, elsewhere no limit). Python's regex engine checks for signals while it
    backtracks, so a catastrophic pattern is interrupted too; a long call inside a C library
    that never returns to Python is not, which is why batches use worker processes."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def _expired(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limit(max_bytes: int) -> Iterator[None]:
    """Cap this process's address space (the soft RLIMIT_AS) inside the block and restore the
    previous cap after it, so one in-process check or a rule-pack load cannot exhaust the
    machine; allocations past the cap raise MemoryError. Where the platform has no such limit,
    or refuses it, the block runs unlimited."""
    try:
        import resource
    except ImportError:
        yield
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        # raising the soft cap back to where it was is always allowed
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
