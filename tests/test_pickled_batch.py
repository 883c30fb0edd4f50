"""A batch that compares years stores each worker's result as the bytes the worker pickled
(checker.results.Pickled): the parent writes them to its spool without unpickling them, and
the comparison reads them back. The reports come out as from results checked in-process."""

from __future__ import annotations

from pathlib import Path

from checker.batch import CheckOptions, check_batch, check_many_pickled
from checker.pairing import compared_batch
from checker.render.json import report_parts, report_text
from checker.results import Pickled

from .helpers import EXAMPLES, pack


def _inbox(tmp_path: Path) -> list[Path]:
    text = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    title = text.splitlines()[0]
    files = []
    for year in (2022, 2023):
        path = tmp_path / f"qingshi-{year}.txt"
        path.write_text(text.replace(title, title.replace("2023", str(year))), encoding="utf-8")
        files.append(path)
    files.append(EXAMPLES / "qingshi-2023-defects.txt")
    files.append(tmp_path / "missing.txt")  # not there: a result the worker makes all the same
    return files


def test_workers_send_bytes_and_the_comparison_is_the_same(tmp_path: Path) -> None:
    files = _inbox(tmp_path)
    loaded = pack()
    options = CheckOptions(facts=True, prepare_parts=report_parts)
    sent = list(check_many_pickled(files, loaded, 2, options))
    assert all(isinstance(item, Pickled) for item in sent)
    assert [item.year for item in sent if isinstance(item, Pickled)][:2] == [2022, 2023]
    stored = [report_text(r) for r in compared_batch(iter(sent), loaded, options)]
    here = [report_text(r) for r in compared_batch(check_batch(files, loaded, 0, options), loaded, options)]
    assert stored == here
    assert '"previous": {' in stored[1] and "qingshi-2022.txt" in stored[1]
