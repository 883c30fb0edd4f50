"""Resource limits for reading untrusted files, set once per run (CLI options) and
inherited by worker processes."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass
class Limits:
    max_input_bytes: int = 50 * MB  # a report is a few MB at most; larger files are refused unread
    max_unzipped_bytes: int = 300 * MB  # all parts of a DOCX, decompressed
    max_ratio: int = 200  # compression ratio of one DOCX part (zip bombs)
    timeout_s: float = 60.0  # per file, in a worker process
    memory_bytes: int = 1024 * MB  # address space of one worker process


LIMITS = Limits()
