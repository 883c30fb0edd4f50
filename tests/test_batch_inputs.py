"""What the batch does with awkward but harmless input: impossible years and dates given on the
command line, file names, folders, outputs. Each case was once wrong."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .helpers import EXAMPLES, ROOT, nianbao, nianbao_command

CLEAN = EXAMPLES / "qingshi-2023.txt"


@pytest.mark.parametrize(
    ("title_year", "issuer"),
    [("9999", "云岭县青石镇人民政府"), ("99999", ""), ("0000", "云岭县青石镇人民政府")],
)
def test_a_title_year_the_calendar_cannot_follow_is_no_year(
    title_year: str, issuer: str, tmp_path: Path
) -> None:
    """Deadlines fall in the year after the report year: 9999 used to end in 内部错误 (exit 3)."""
    report = tmp_path / "report.txt"
    report.write_text(
        CLEAN.read_text(encoding="utf-8").replace("2023年", f"{title_year}年", 1), encoding="utf-8"
    )
    proc = nianbao("check", str(report), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)["reports"][0]
    assert got["year"] is None and got["score"] is not None
    assert got["issuer"] == issuer


@pytest.mark.parametrize("value", ["02-30", "04-31", "02-29", "13-01", "00-10", "1-5", "0131"])
def test_a_township_deadline_no_year_has_is_refused(value: str) -> None:
    proc = nianbao("check", str(CLEAN), "--township-deadline", value)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "--township-deadline" in proc.stderr


def test_a_township_deadline_every_year_has_is_taken() -> None:
    assert nianbao("check", str(CLEAN), "--township-deadline", "02-28").returncode == 0


def test_an_output_that_is_one_of_the_inputs_is_refused_before_anything_is_checked(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(CLEAN.read_bytes())
    for output in (report, tmp_path / "." / "r.txt"):
        proc = nianbao("check", str(report), "-o", str(output))
        assert proc.returncode == 2 and "覆盖报告" in proc.stderr and proc.stderr.count("\n") == 1
        assert report.read_bytes() == CLEAN.read_bytes()
    folder_input = nianbao("check", str(tmp_path), "-o", str(report))  # found in a folder given
    assert folder_input.returncode == 2 and report.read_bytes() == CLEAN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


@pytest.mark.parametrize(("output", "words"), [("no-such-dir/out.json", "目录不存在"), (".", "文件夹")])
def test_an_output_that_cannot_be_written_is_refused_before_the_batch(
    output: str, words: str, tmp_path: Path
) -> None:
    proc = nianbao("check", str(CLEAN), "-o", str(tmp_path / output))
    assert proc.returncode == 2 and words in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_result_file_gets_the_mode_the_umask_gives(umask: int, mode: int, tmp_path: Path) -> None:
    import os

    out = tmp_path / "结果.json"
    old = os.umask(umask)
    try:
        proc = nianbao("check", str(CLEAN), "-f", "json", "-o", str(out))
    finally:
        os.umask(old)
    assert proc.returncode == 0
    assert out.stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["结果.json"]


def test_a_name_that_is_not_utf8_is_kept_and_shown_escaped(tmp_path: Path) -> None:
    """A GBK name from a Windows ZIP used to lose the batch under a UTF-8 stdout."""
    import base64
    import os

    folder = tmp_path / "收件箱"
    folder.mkdir()
    raw = "年报".encode("gbk") + b".txt"  # b'\xc4\xea\xb1\xa8.txt'
    with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
        fh.write(CLEAN.read_bytes())
    (folder / "坏.txt").write_bytes(b"")
    for output in (None, tmp_path / "out.json"):
        extra = ["-o", str(output)] if output else []
        proc = subprocess.run(
            nianbao_command("check", str(folder), "-f", "json", *extra),
            capture_output=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 3  # 坏.txt is empty
        data = output.read_bytes() if output else proc.stdout
        reports = json.loads(data.decode("utf-8"))["reports"]  # valid UTF-8 JSON
        by_name = {Path(r["path"]).name: r for r in reports}
        assert set(by_name) == {"\\xc4걨.txt", "坏.txt"}  # \xea\xb1\xa8 happens to be UTF-8 (걨)
        odd = by_name["\\xc4걨.txt"]
        assert odd["score"] == 100
        assert base64.b64decode(odd["path_bytes"]) == os.fsencode(folder) + b"/" + raw
        assert "path_bytes" not in by_name["坏.txt"]
        stderr = proc.stderr.decode("utf-8")
        assert stderr.count("\n") == 1 and "坏.txt" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "收件箱"]  # no temporary file left


def test_results_follow_input_order_missing_files_included(tmp_path: Path) -> None:
    defects = EXAMPLES / "qingshi-2023-defects.txt"
    missing = tmp_path / "不存在.txt"
    for jobs in ("0", "2"):
        proc = nianbao("check", str(defects), str(missing), str(CLEAN), "-f", "json", "--jobs", jobs)
        assert proc.returncode == 3
        paths = [r["path"] for r in json.loads(proc.stdout)["reports"]]
        assert paths == [str(defects), str(missing), str(CLEAN)]


def test_folders_skip_file_symlinks_and_office_scratch_files_with_a_note(tmp_path: Path) -> None:
    import os

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "other.txt"
    secret.write_bytes(CLEAN.read_bytes())
    folder = tmp_path / "收件箱"
    folder.mkdir()
    (folder / "报告.txt").write_bytes(CLEAN.read_bytes())
    os.symlink(secret, folder / "链接.txt")
    (folder / "~$报告.docx").write_bytes(b"\x00" * 162)  # Word's owner file while 报告.docx is open
    (folder / ".~lock.报告.docx#").write_bytes(b"lock")
    (folder / "~WRL0001.tmp").write_bytes(b"\x00")
    proc = nianbao("check", str(folder), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert [Path(r["path"]).name for r in json.loads(proc.stdout)["reports"]] == ["报告.txt"]
    notes = proc.stderr.splitlines()
    assert any("链接.txt" in n and "符号链接" in n for n in notes)
    assert sum("锁文件或临时文件" in n for n in notes) == 3
    # a link named on the command line is the user's choice, and is followed
    named = nianbao("check", str(folder / "链接.txt"), "-f", "json")
    assert named.returncode == 0 and json.loads(named.stdout)["reports"][0]["score"] == 100
