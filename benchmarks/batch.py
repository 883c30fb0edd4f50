"""Batch throughput and memory of `nianbao check` over an inbox of mixed reports.

    python benchmarks/batch.py [--repeat 3] [--sizes 250,1000] [--jobs 2,0] [--only docx] [--pairing]
                               [--exports json,xlsx,csv,html,concise,text]

The inbox is made from the shared corpus's text, Markdown and HTML reports, the examples,
and our DOCX and HTML renderings of each text report (tests/renderings.py, needs the test
extras), copied round-robin up to each size. For each size and --jobs value it runs whole
`nianbao check DIR --format json` processes and prints the median reports/s and the median
peak resident memory of the largest process of the run (the parent or a worker), and the
CPU time all its processes spent per report (which other load on the machine barely moves).
With --exports, each size and --jobs value is run once more per export format, written with
-o to a file of that format, each beside a JSON run of its own, and the median extra time
against those JSON runs is printed.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def sources(tmp: Path, only: str | None) -> list[Path]:
    """One of each report we have as txt/md/html/docx (PDFs are left out: they measure pdfminer)."""
    # SOURCES.md lists the corpus; it is no report (the checker skips it, which costs nothing)
    texts = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")) if CORPUS.exists() else []
    texts = [t for t in texts if t.name != "SOURCES.md"]
    texts += sorted((ROOT / "examples").glob("qingshi-*.txt"))
    out: list[Path] = []
    if only in (None, "txt"):
        out += texts
    if only in (None, "html"):
        out += sorted(CORPUS.glob("*.html")) if CORPUS.exists() else []
    try:
        from tests.renderings import render_docx, render_html
    except ImportError:
        print("(python-docx not installed: no DOCX/HTML renderings)", file=sys.stderr)
        return out
    for source in texts:
        for ext, render in (("docx", render_docx), ("html", render_html)):
            if only not in (None, ext):
                continue
            try:
                data = render(source)
            except Exception:  # noqa: BLE001 - a report the renderer does not handle
                continue
            path = tmp / f"{source.stem}.{ext}"
            path.write_bytes(data)
            out.append(path)
    return out


def inbox(folder: Path, files: list[Path], size: int) -> None:
    folder.mkdir()
    for i, source in zip(range(size), itertools.cycle(files), strict=False):
        shutil.copyfile(source, folder / f"{i:05d}-{source.name}")


def run(
    folder: Path, jobs: int, export: str = "json", extra: tuple[str, ...] = ()
) -> tuple[float, int, float]:
    """(seconds, peak RSS in KB of the largest process, CPU seconds of all its processes) of
    one `nianbao check` process."""
    probe = (
        "import resource, subprocess, sys, time; t = time.monotonic(); "
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.monotonic() - t, u.ru_maxrss, u.ru_utime + u.ru_stime, p.returncode)"
    )
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "checker.cli", "check", str(folder)]
    target = ["--format", export] + (
        ["-o", str(folder.parent / f"result.{export}")] if export != "json" else []
    )
    out = subprocess.run(
        [*cmd, "--jobs", str(jobs), *target, *extra], capture_output=True, text=True, check=True
    )
    seconds, peak, cpu, code = out.stdout.split()
    if int(code) not in (0, 1, 3):
        raise SystemExit(f"nianbao exited with {code}")
    return float(seconds), int(peak), float(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="250,1000")
    ap.add_argument("--jobs", default="2,0")
    ap.add_argument("--only", choices=["txt", "html", "docx"], default=None)
    ap.add_argument("--exports", default="", help="comma list of formats to time against json")
    ap.add_argument(
        "--pairing", action="store_true", help="also time --no-previous: what comparing years costs"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        files = sources(Path(tmp), args.only)
        kinds = sorted({p.suffix for p in files})
        print(f"{len(files)} distinct reports ({' '.join(kinds)})")
        for size in [int(s) for s in args.sizes.split(",")]:
            folder = Path(tmp) / f"inbox-{size}"
            inbox(folder, files, size)
            for jobs in [int(j) for j in args.jobs.split(",")]:
                runs = [run(folder, jobs) for _ in range(args.repeat)]
                seconds = statistics.median(r[0] for r in runs)
                peak = statistics.median(r[1] for r in runs)
                cpu = statistics.median(r[2] for r in runs)
                print(
                    f"{size:5d} reports  --jobs {jobs}  {size / seconds:7.1f} reports/s  "
                    f"({seconds:6.2f} s)  peak RSS {peak / 1024:6.1f} MB  CPU {1000 * cpu / size:5.1f} ms/report"
                )
                if args.pairing:
                    plain = [run(folder, jobs, extra=("--no-previous",)) for _ in range(args.repeat)]
                    alone = statistics.median(r[0] for r in plain)
                    print(
                        f"      --no-previous  {alone:6.2f} s  peak RSS {statistics.median(r[1] for r in plain) / 1024:6.1f} MB"
                        f"  (comparing years: {seconds - alone:+6.2f} s, {100 * (seconds / alone - 1):+5.1f} %)"
                    )
                for export in [e for e in args.exports.split(",") if e]:
                    # each export run beside a JSON run of the same minute: this machine's speed
                    # drifts by a fifth from one minute to the next
                    pairs = [(run(folder, jobs), run(folder, jobs, export)) for _ in range(args.repeat)]
                    extra = statistics.median(e[0] for _, e in pairs)
                    ratio = statistics.median(e[0] / j[0] for j, e in pairs)
                    cpu_ratio = statistics.median(e[2] / j[2] for j, e in pairs)
                    print(
                        f"      -o result.{export:<8}  {extra:6.2f} s  ({100 * (ratio - 1):+5.1f} % against json)"
                        f"  CPU {1000 * statistics.median(e[2] for _, e in pairs) / size:5.1f} ms/report"
                        f" ({100 * (cpu_ratio - 1):+5.1f} %)"
                    )
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
