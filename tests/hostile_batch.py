"""Hostile files of the fuzzing campaign that are not about one reader: the digit-run splitter,
title years, names, Office scratch files. Made by code; nothing hostile is committed."""

from __future__ import annotations

import os
from pathlib import Path

from .helpers import EXAMPLES

T4_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
)

# name → "checked" (a normal result), "refused" (one DOC-00 line) or "skipped" (a note, no report)
EXPECT = {
    "t4-40-digits.txt": "checked",
    "year-9999.txt": "checked",
    "year-99999.txt": "checked",
    "\\xc4걨-gbk-name.txt": "checked",
    "~$草稿.docx": "skipped",
}


def make(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    clean = (EXAMPLES / "qingshi-2023.txt").read_text(encoding="utf-8")
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        files[name] = path

    # 442 bytes: a title, and 表四 flattened into one 40-digit run (the splitter once enumerated it: 60 s)
    put("t4-40-digits.txt", ("2023年度政府信息公开工作年度报告\n" + T4_HEAD + "1" * 40 + "\n").encode())
    put("year-9999.txt", clean.replace("2023年", "9999年", 1).encode())
    put("year-99999.txt", clean.replace("2023年", "99999年", 1).encode())
    raw = os.path.join(os.fsencode(folder), "年报".encode("gbk") + b"-gbk-name.txt")
    with open(raw, "wb") as fh:
        fh.write(clean.encode())
    files["\\xc4걨-gbk-name.txt"] = Path(os.fsdecode(raw))
    put("~$草稿.docx", b"\x06\x00" + "草稿".encode("utf-16-le") + b"\x00" * 140)
    return files
