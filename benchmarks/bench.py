"""Time nianbao on the shared corpus and print per-stage medians.

    python benchmarks/bench.py [--repeat 7] [FILES_OR_DIRS ...]

Stages: read (decode + table layouts), structure (title, sections), tables (template
matching), rules (all enabled rules), render (JSON). Also measured: a whole
`nianbao check` process and `nianbao --version` (start-up), as wall-clock medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.cli import REPORT_SUFFIXES  # noqa: E402
from checker.engine import check_document  # noqa: E402
from checker.render.json import render  # noqa: E402
from checker.rules import load_pack  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "real"
STAGES = ["read", "structure", "tables", "rules", "render"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path, default=[DEFAULT, ROOT / "examples"])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    files = []
    for p in args.paths:
        files += sorted(f for f in p.rglob("*") if f.suffix.lower() in REPORT_SUFFIXES) if p.is_dir() else [p]
    loaded = load_pack()
    print(
        f"{'file':42} {'format':9}"
        + "".join(f"{s:>9}" for s in STAGES)
        + f"{'total':>9}   (ms, median of {args.repeat})"
    )
    totals: dict[str, list[float]] = {}
    for f in files:
        runs: dict[str, list[float]] = {s: [] for s in [*STAGES, "total"]}
        fmt = ""
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = check_document(f, loaded)
            t1 = time.perf_counter()
            render([result])
            t2 = time.perf_counter()
            fmt = result.format or "unreadable"
            for s in STAGES[:-1]:
                runs[s].append(result.timings.get(s, 0.0))
            runs["render"].append(t2 - t1)
            runs["total"].append(t2 - t0)
        med = {s: statistics.median(v) for s, v in runs.items()}
        totals.setdefault(fmt, []).append(med["total"])
        print(f"{f.name[:42]:42} {fmt:9}" + "".join(ms(med[s]) + " " for s in STAGES) + ms(med["total"]))
    print()
    for fmt, values in sorted(totals.items()):
        print(
            f"median in-process check, {fmt:10}: {statistics.median(values) * 1000:.1f} ms over {len(values)} files"
        )
    exe = [sys.executable, "-m", "checker.cli"]
    sample = ROOT / "examples" / "qingshi-2023.txt"
    for label, cmd in [
        ("nianbao --version", [*exe, "--version"]),
        ("nianbao check (one report)", [*exe, "check", str(sample)]),
    ]:
        walls = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False)
            walls.append(time.perf_counter() - t0)
        print(f"median wall-clock, {label:28}: {statistics.median(walls) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
