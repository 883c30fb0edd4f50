"""Time nianbao per stage and per format, and compare with the bare parse.

    python benchmarks/bench.py [--repeat 7] [--cpu] [FILES_OR_DIRS ...]

By default: the shared corpus, the examples, and DOCX/HTML renderings of the seed and
the examples made by tests/renderings.py (needs the test extras: python-docx).
Per file it prints median milliseconds of the stages read (decode/parse + layout),
structure, tables, rules, render (JSON), the total, and the bare parse alone (bytes →
lxml tree / PDF text / decoded string, i.e. what any tool must pay) — then per format
the median total, median bare parse and their ratio, and the wall-clock medians of
whole `nianbao check` processes and `nianbao --version`.

With --cpu every in-process time (the stages, render, total, bare parse) is this process's
CPU time (time.process_time) rather than wall-clock: on a machine shared with other work
the wall-clock stages swing by a factor of two from run to run, CPU time far less. The
engine's stage clock is swapped for the run (it reads time.perf_counter from its `time`).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.cli import REPORT_SUFFIXES  # noqa: E402
from checker.engine import check_document  # noqa: E402
from checker.readers import sniff  # noqa: E402
from checker.render.json import render  # noqa: E402
from checker.rules import load_pack  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
STAGES = ["read", "structure", "tables", "rules", "render"]


def bare_parse(data: bytes) -> None:
    kind = sniff(data)
    if kind == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
    elif kind == "zip":
        try:
            import docx  # python-docx: what a script without nianbao would use
        except ImportError:
            import zipfile

            from lxml import etree

            with zipfile.ZipFile(io.BytesIO(data)) as z:
                "".join(etree.fromstring(z.read("word/document.xml")).itertext())
            return
        document = docx.Document(io.BytesIO(data))
        [p.text for p in document.paragraphs]
        [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    elif kind == "html":
        import lxml.html

        lxml.html.document_fromstring(data).text_content()
    else:
        from checker.readers.text import decode

        decode(data)


clock = time.perf_counter  # --cpu: time.process_time


def median_ms(fn: Callable[[], object], repeat: int, wall: bool = False) -> float:
    tick = time.perf_counter if wall else clock
    runs = []
    for _ in range(repeat):
        t0 = tick()
        fn()
        runs.append(tick() - t0)
    return statistics.median(runs) * 1000


def use_cpu_clock() -> None:
    global clock
    import types

    import checker.engine

    clock = time.process_time
    checker.engine.time = types.SimpleNamespace(perf_counter=time.process_time)  # type: ignore[assignment]


def renderings(tmp: Path) -> list[Path]:
    try:
        from tests.renderings import render_docx, render_html
    except ImportError:  # python-docx not installed: no generated files
        return []
    out = []
    for source in [
        CORPUS / "2023_acheng-songfengshan.txt",
        ROOT / "examples" / "qingshi-2023.txt",
        ROOT / "examples" / "qingshi-2023-defects.txt",
        CORPUS / "2025_suqian-shuyangxian.txt",
    ]:
        if source.exists():
            for ext, fn in (("docx", render_docx), ("html", render_html)):
                path = tmp / f"{source.stem}.{ext}"
                path.write_bytes(fn(source))
                out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cpu", action="store_true", help="CPU time instead of wall-clock (shared machines)")
    args = ap.parse_args()
    if args.cpu:
        use_cpu_clock()
    tmp = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    roots = args.paths or [CORPUS, ROOT / "examples"]
    files: list[Path] = []
    for p in roots:
        files += sorted(f for f in p.rglob("*") if f.suffix.lower() in REPORT_SUFFIXES) if p.is_dir() else [p]
    if not args.paths:
        files += renderings(tmp)
    loaded = load_pack()
    print(
        f"{'file':40} {'format':9}" + "".join(f"{s:>9}" for s in STAGES) + f"{'total':>9}{'bare':>9}"
        f"   ({'CPU ' if args.cpu else ''}ms, median of {args.repeat})"
    )
    per_format: dict[str, list[tuple[float, float]]] = {}
    stage_format: dict[str, dict[str, list[float]]] = {}
    for f in files:
        runs: dict[str, list[float]] = {s: [] for s in [*STAGES, "total"]}
        fmt = ""
        for _ in range(args.repeat):
            t0 = clock()
            result = check_document(f, loaded)
            t1 = clock()
            render([result])
            t2 = clock()
            fmt = result.format if not result.unreadable else "unreadable"
            for s in STAGES[:-1]:
                runs[s].append(result.timings.get(s, 0.0))
            runs["render"].append(t2 - t1)
            runs["total"].append(t2 - t0)
        data = f.read_bytes()
        bare = median_ms(lambda data=data: bare_parse(data), args.repeat)
        med = {s: statistics.median(v) * 1000 for s, v in runs.items()}
        per_format.setdefault(fmt, []).append((med["total"], bare))
        for s in STAGES:
            stage_format.setdefault(fmt, {}).setdefault(s, []).append(med[s])
        print(
            f"{f.name[:40]:40} {fmt:9}"
            + "".join(f"{med[s]:9.2f}" for s in STAGES)
            + f"{med['total']:9.2f}{bare:9.2f}"
        )
    print()
    for fmt, values in sorted(per_format.items()):
        total = statistics.median(v[0] for v in values)
        bare = statistics.median(v[1] for v in values)
        ratio = f"{total / bare:5.1f}x" if bare > 0 else "  n/a"
        print(
            f"{fmt:10} in-process check median {total:7.1f} ms · bare parse {bare:7.1f} ms · ratio {ratio}"
            f"  ({len(values)} files)"
        )
    print()
    print(f"{'median of':10}" + "".join(f"{s:>10}" for s in STAGES) + "   (per format, ms)")
    for fmt, stages in sorted(stage_format.items()):
        print(f"{fmt:10}" + "".join(f"{statistics.median(stages[s]):10.2f}" for s in STAGES))
    exe = [sys.executable, "-m", "checker.cli"]
    samples = [
        ROOT / "examples" / "qingshi-2023.txt",
        *[p for p in files if p.suffix in (".docx", ".html")][:2],
    ]
    print()
    print(
        f"nianbao --version              wall-clock median {median_ms(lambda: subprocess.run([*exe, '--version'], capture_output=True, check=False), args.repeat, wall=True):6.0f} ms"
    )
    for sample in samples:
        ms = median_ms(
            lambda s=sample: subprocess.run([*exe, "check", str(s)], capture_output=True, check=False),
            args.repeat,
            wall=True,
        )
        print(f"nianbao check {sample.name[:20]:20} wall-clock median {ms:6.0f} ms")


if __name__ == "__main__":
    main()
