"""Speed of the near-identical-reports step (checker/clusters.py) on a large batch.

    python benchmarks/clusters.py [--reports 1000] [--chars 10000] [--repeat 5]

The batch is made up: each report is ~--chars characters of clauses, some of them the
shared corpus's real sentences (the template wording every report has), most of them
made of random Han characters (what a unit writes of its own); one report in fifty is a
copy of another with the unit's name, the numbers and a few clauses changed. Prints the
median and the spread of find_clusters over --repeat runs (and the median CPU time, which
other load on the machine barely moves), and how many planted copies
were found (each must be).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def corpus_clauses() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.exists() else []
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return [c for t in texts for c in re.split(r"[。；\n]", t) if len(c.strip()) >= 8]


def make_batch(reports: int, chars: int, seed: int = 7) -> tuple[list[object], set[tuple[int, int]]]:
    from checker.clusters import ClusterItem

    rng = random.Random(seed)
    pool = corpus_clauses()
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]

    def own_clause() -> str:
        return "".join(rng.choices(han, k=rng.randint(10, 40))) + f"{rng.randint(1, 999)}件"

    items = []
    planted: set[tuple[int, int]] = set()
    for i in range(reports):
        unit = f"单位{i:04d}局"
        if i % 50 == 49:  # a copy of an earlier report of another unit
            source = items[rng.randrange(i - 48, i)]
            text = source.text.replace(source.unit, unit)
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), text)
            parts = text.split("。")
            for _ in range(3):
                parts[rng.randrange(len(parts))] = own_clause()
            items.append(ClusterItem(i, unit, 2024, "。".join(parts)))
            planted.add((source.index, i))
            continue
        parts = [unit + "2024年政府信息公开工作年度报告"]
        size = 0
        while size < chars:
            clause = rng.choice(pool) if rng.random() < 0.3 else own_clause()
            parts.append(clause)
            size += len(clause) + 1
        items.append(ClusterItem(i, unit, 2024, "。".join(parts)))
    return items, planted


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from checker.across import load_across
    from checker.clusters import find_clusters

    items, planted = make_batch(args.reports, args.chars)
    data = load_across().clusters
    find_clusters(items[:10], data)  # imports and compiled patterns, once
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = find_clusters(items, data)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    found = {(p.a, p.b) for c in result.clusters for p in c.pairs}
    print(
        f"{args.reports} reports × ~{args.chars} chars: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.repeat} runs), "
        f"CPU time median {statistics.median(cpu):.2f} s; "
        f"{len(result.clusters)} clusters, planted copies found {len(planted & found)}/{len(planted)}"
        + (f"; notes: {'; '.join(result.notes)}" if result.notes else "")
    )


if __name__ == "__main__":
    main()
