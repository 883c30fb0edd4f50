"""Checking the regular expressions rule packs are made of, before anything uses them."""

from __future__ import annotations

import re


def check_regexes(values: list[str]) -> list[str]:
    """Every regex compiles and none is empty (an empty one matches everything); the values
    themselves, for use in pydantic validators. Errors are said for rule authors."""
    for value in values:
        if not value:
            raise ValueError("正则表达式不能为空（空模式会匹配任何文本）")
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"正则表达式“{value}”无效：{exc}") from exc
    return values


def check_regex(value: str) -> str:
    return check_regexes([value])[0]
