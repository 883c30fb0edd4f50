"""The line that says why a run exits 1: the exit code follows --fail-on, not the score."""

from __future__ import annotations

from checker.findings import SEVERITY_ORDER, SEVERITY_ZH


def exit_note(fail_on: str) -> str:
    """E.g. 退出码 1 按 --fail-on error 判断：有确定的错误即为 1，与分数和等级无关."""
    levels = [SEVERITY_ZH[name] for name, rank in SEVERITY_ORDER.items() if rank >= SEVERITY_ORDER[fail_on]]
    return (
        f"退出码 1 按 --fail-on {fail_on} 判断：有确定的{'或'.join(reversed(levels))}即为 1，与分数和等级无关"
    )
