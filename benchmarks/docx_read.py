"""Time the DOCX read stage alone (bytes → Document) and fingerprint what it produces.

    python benchmarks/docx_read.py [--repeat 21] [--no-cache] [--dump FILE] [DOCX_FILES_OR_DIRS ...]

By default: DOCX renderings (tests/renderings.py, needs python-docx) of every text report
in the shared corpus and the examples. Prints the median milliseconds of read_docx per
file and the median over files. --dump writes, per file, a hash of the Document's text,
tables, metadata and notes, so that two versions of the reader can be compared (run
it with PYTHONPATH pointing at the other version and diff the dumps). --no-cache empties
the reader's styles/numbering cache before every read, as for reports from many templates.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import checker.readers.docx as docx_reader  # noqa: E402
from checker.readers.docx import read_docx  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def rendered() -> list[tuple[str, bytes]]:
    from tests.renderings import render_docx

    sources = sorted(CORPUS.glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
    return [(f"{s.stem}.docx", render_docx(s)) for s in sources]


def fingerprint(data: bytes) -> str:
    try:
        doc = read_docx(data, "x.docx")
    except Exception as exc:  # noqa: BLE001 - a refusal is a result too
        return f"{type(exc).__name__}: {getattr(exc, 'message', exc)}"
    tables = [
        [[(c.text, c.line, c.span) for c in row] for row in t.rows] + [t.start, t.end] for t in doc.tables
    ]
    blob = json.dumps([doc.raw, doc.text, tables, doc.metadata, doc.notes], ensure_ascii=False)
    return hashlib.sha1(blob.encode()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    files: list[tuple[str, bytes]] = []
    for p in args.paths:
        for f in sorted(p.rglob("*.docx")) if p.is_dir() else [p]:
            files.append((f.name, f.read_bytes()))
    if not args.paths:
        files = rendered()
    if args.dump:
        args.dump.write_text(
            "".join(f"{name} {fingerprint(data)}\n" for name, data in files), encoding="utf-8"
        )
        return
    medians = []
    for name, data in files:
        runs = []
        for _ in range(args.repeat):
            if args.no_cache:
                docx_reader._DEFS_CACHE.clear()
                docx_reader._STORED_CACHE.clear()
            t0 = time.process_time()
            read_docx(data, name)
            runs.append(time.process_time() - t0)
        med = statistics.median(runs) * 1000
        medians.append(med)
        print(f"{name[:44]:44} {len(data) // 1024:6d} KB {med:8.2f} ms")
    print(f"median over {len(medians)} files: {statistics.median(medians):.2f} ms")


if __name__ == "__main__":
    main()
