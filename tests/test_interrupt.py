"""Ctrl-C or SIGTERM ends a run even when the KeyboardInterrupt the handler raises is lost
(it can land in a finaliser, where Python prints "Exception ignored" and goes on)."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import cli
from checker.batch import failed
from checker.render.concise import ConciseWriter
from checker.results import ReportResult


def test_a_stop_request_whose_exception_was_swallowed_still_ends_the_output_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "_stop_requested", [])
    handed_out: list[int] = []

    def results() -> Iterator[ReportResult]:
        for i in range(5):
            handed_out.append(i)
            if i == 1:
                # The handler ran inside some finaliser: the request is recorded, the
                # exception is gone.
                with pytest.raises(KeyboardInterrupt):
                    cli._interrupted(signal.SIGINT, None)
            yield failed(Path(f"{i}.txt"), "x")

    entries = [cli.Entry(Path(f"{i}.txt")) for i in range(5)]
    with pytest.raises(KeyboardInterrupt):
        cli._stream(entries, results(), ConciseWriter(io.StringIO()))
    assert handed_out == [0, 1]


def test_main_handles_ctrl_c_and_sigterm_with_the_recording_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: dict[int, object] = {}
    monkeypatch.setattr(signal, "signal", lambda sig, handler: installed.__setitem__(sig, handler))
    monkeypatch.setattr(cli, "app", lambda: None)
    cli.main()
    assert installed[signal.SIGINT] is cli._interrupted and installed[signal.SIGTERM] is cli._interrupted


def test_a_second_signal_while_stopping_does_not_cut_the_clean_up_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "_stop_requested", [])
    with pytest.raises(KeyboardInterrupt):
        cli._interrupted(signal.SIGINT, None)
    cli._interrupted(signal.SIGTERM, None)  # returns: the run is already stopping
    assert cli._stop_requested == [True]
