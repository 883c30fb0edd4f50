"""Exceptions that carry a user-facing Chinese message and an exit code.

Exit codes (documented in the README):
0 nothing at or above --fail-on, 1 findings, 2 usage/config/rule error, 3 unreadable input.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3


class NianbaoError(Exception):
    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        return _on_one_line(f"{self.message}；{self.hint}" if self.hint else self.message)


class InputError(NianbaoError):
    """The report file itself cannot be read (exit 3)."""

    exit_code = EXIT_UNREADABLE


class ConfigError(NianbaoError):
    """A rule file, pack or option is invalid (exit 2)."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str = "", file: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message, hint)
        self.file = file
        self.line = line
        self.column = column

    def one_line(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.message}" if where else self.message
        return _on_one_line(f"{text}（提示：{self.hint}）" if self.hint else text)


def _on_one_line(text: str) -> str:
    """A message quoting a library's error (libxml2's end in a newline, some span several lines)
    still makes one stderr line per file."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
