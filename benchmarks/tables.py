"""Time the table stage alone (narrative statements + table matching + readings) per report.

    python benchmarks/tables.py [--repeat 21] [FILES ...]

By default the shared corpus. The files are timed in interleaved rounds (so that a
machine whose speed drifts slows all files alike), and the median and the minimum of
all samples are printed in milliseconds per file, with a calibration: the time of a plain
Python loop of 3 million additions (machines differ several-fold; compare numbers taken
on one machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.readers import read_document  # noqa: E402
from checker.rules import load_pack  # noqa: E402
from checker.structure import analyse  # noqa: E402
from checker.tables import extract_tables, find_statements  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def calibration_ms() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=7, help="samples per file per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = args.files or sorted(p for p in CORPUS.glob("*") if p.suffix != ".md" or "SOURCES" not in p.name)
    loaded = load_pack()
    print(f"calibration: 3M-addition loop {calibration_ms():.0f} ms")
    prepared = []
    for path in files:
        try:
            doc = read_document(path)
        except Exception:  # noqa: BLE001 - an unreadable file has no table stage
            continue
        pack = loaded.for_year(analyse(doc, loaded.pack).year)
        prepared.append((path, doc, pack.pack, analyse(doc, pack.pack)))
    samples: dict[Path, list[float]] = {path: [] for path, *_ in prepared}
    for _ in range(args.rounds):
        for path, doc, pack_meta, st in prepared:
            for _ in range(args.repeat):
                start = time.perf_counter()
                extract_tables(doc, pack_meta, st, find_statements(doc, pack_meta))
                samples[path].append((time.perf_counter() - start) * 1000)
    medians = []
    for path, times in samples.items():
        medians.append(statistics.median(times))
        print(f"{path.name:40s} tables median {statistics.median(times):6.2f} ms  min {min(times):6.2f} ms")
    if medians:
        print(
            f"all files: median of medians {statistics.median(medians):.2f} ms, worst median {max(medians):.2f} ms"
        )


if __name__ == "__main__":
    main()
