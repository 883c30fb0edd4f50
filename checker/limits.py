"""Resource limits for reading untrusted files, set once per run (CLI options) and
inherited by worker processes."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass
class Limits:
    max_input_bytes: int = 50 * MB  # a report is a few MB at most; larger files are refused unread
    max_unzipped_bytes: int = 300 * MB  # all parts of a DOCX, decompressed
    max_ratio: int = 200  # compression ratio of one DOCX part (zip bombs)
    timeout_s: float = 60.0  # per file, in a worker process
    memory_bytes: int = 1024 * MB  # address space of one worker process
    # --- batch ---
    worker_files: int = 400  # a worker is replaced after this many files, so no state builds up
    worker_rss_bytes: int = 384 * MB  # ... or once its resident memory is above this
    kill_grace_s: float = 2.0  # past the time limit, a worker that did not stop itself is killed
    # --- DOCX/PDF/legacy readers ---
    docx_max_number: int = 32767  # a list counter (w:start, w:startOverride, running count); Word's maximum
    docx_max_label_chars: int = 40  # one rendered list label ("（十二）", "1.2.3.", "AAA)"), lvlText included
    docx_max_xml_bytes: int = 40 * MB  # one XML part parsed into a tree (lxml costs ~10x that in memory)
    docx_max_paragraphs: int = 200_000  # w:p elements read, text boxes and table cells included
    docx_max_tables: int = 20_000  # w:tbl elements, nested ones included
    docx_max_cells: int = 500_000  # table cells of the whole document
    docx_max_depth: int = 40  # nesting of tables, content controls and text boxes inside each other
    # one flate stream, decompressed (measured before pdfminer inflates it)
    pdf_max_stream_bytes: int = 64 * MB
    pdf_max_total_stream_bytes: int = 256 * MB  # all flate streams of a PDF, decompressed
    legacy_convert_share: float = 0.8  # LibreOffice's time limit as a share of timeout_s ...
    legacy_convert_max_s: float = 90.0  # ... and at most this many seconds
    # --- check speed ---
    regex_memo_entries: int = 4096  # compiled rule regexes kept per process (the packs have a few hundred)
    cell_memo_entries: int = 10_000  # cell texts whose label key is remembered (a report has hundreds)
    pack_memo_entries: int = 64  # templates / cell vocabularies with derived data kept (a handful a run)
    # --- HTML/text readers and the structure finder ---
    # Heading-like matches kept per section (a real report has a handful): a file repeating a
    # heading cannot exhaust memory; past this many scanned matches the scan stops.
    structure_max_candidates: int = 500
    structure_max_scanned: int = 10_000
    # One web page: its bytes, its start tags (lxml needs some 300 bytes per element, so 200,000
    # tags is about 60 MB; a report page has a few thousand), and its tables.
    html_max_bytes: int = 20 * MB
    html_max_tags: int = 200_000
    html_max_tables: int = 500
    # Spans are clamped as browsers clamp them (the HTML standard: colspan 1000, rowspan 65534).
    html_max_colspan: int = 1000
    html_max_rowspan: int = 65534
    # Cells of one table's grid, merged cells expanded (a report table has a few hundred), and
    # of all the grids of one page: past them the page is refused, not read half.
    html_max_table_cells: int = 100_000
    html_max_page_cells: int = 200_000
    # --- rule loading ---
    # Rule files, pack.yaml and profiles are small hand-written data (the bundled ones: at most
    # 20 KB, nesting depth 6, 721 nodes, 251-character scalars); these bound what a hostile one
    # can make the loader build or the matcher try.
    max_rule_file_bytes: int = 1 * MB
    max_rule_files: int = 2_000  # rule files in one pack folder
    max_yaml_depth: int = 32  # nested mappings/sequences
    max_yaml_nodes: int = 50_000  # nodes (keys, values, items) in one file
    max_yaml_scalar_chars: int = 4_000  # below Python's 4,300-digit limit for int('…')
    max_rule_number: float = 1e15  # magnitude of any number in a rule file
    max_cache_bytes: int = 16 * MB  # a cached pack (JSON; the bundled ones are about 200 KB)
    # Regexes: a repeat whose maximum is above this counts as unbounded when the analyser
    # looks for nested and ambiguous repeats; below it, backtracking is polynomial and small.
    regex_small_repeat: int = 8
    # the largest product of the maxima of nested bounded repeats ((?:a{0,10}){0,10} is 100)
    regex_repeat_product: int = 1_000
    # --- earlier results (nianbao diff) ---
    # a JSON result file read back (1,000 reports make about 20 MB)
    max_result_bytes: int = 512 * MB
    # --- tables ---
    # Readings of runs of digits kept per process (a flattened report has a dozen or two
    # runs, half of them repeats such as 「0 0 0 0 0 0 0」), and the longest run kept (a table
    # row's run is a few dozen characters; a longer one is worked out afresh each time).
    readings_memo_entries: int = 256
    readings_memo_max_chars: int = 64
    # --- across units (checker/clusters.py, checker/units.py) ---
    # Near-identical reports of one batch: reports compared, characters of each compared (the
    # rest is not; a report's text is 10,000-20,000), reports sharing one clause before it
    # counts as template wording, candidate-count updates of the whole batch (past it the
    # candidate step stops and says so), candidate pairs confirmed with rapidfuzz, and the
    # pairwise similarities listed per cluster.
    clusters_max_items: int = 5_000
    clusters_max_chars: int = 40_000
    clusters_max_postings: int = 64
    clusters_max_pair_steps: int = 2_000_000
    clusters_max_confirmations: int = 5_000
    clusters_max_pairs: int = 200
    # --units units.csv: its size and rows (a district has a few hundred units)
    units_max_bytes: int = 4 * MB
    units_max_rows: int = 20_000
    # HTML export (checker/render/html.py)
    html_spool_bytes: int = 1 * MB  # unit sections (about 25 KB each) kept in memory, then on disk
    html_text_chars: int = 2_000  # one message, title or basis as the page shows it
    html_findings_per_unit: int = 1_000  # findings listed in one unit's section
    html_candidates_shown: int = 6  # values an undecided cell is shown with
    html_skipped_shown: int = 200  # skipped files named in the summary
    # --- last year's report (checker/facts.py, checker/crossyear.py) ---
    # What a batch keeps of each report until every file is read: a section's text compared
    # with last year's (总体情况 is about 1,000 characters, seldom 5,000), the year-on-year
    # claims kept, the sums a relation between undecided cells of two reports may take, and
    # the reports of one unit and year before the pairing is called ambiguous.
    facts_text_chars: int = 8_000
    facts_max_claims: int = 20
    cross_year_max_sums: int = 4_096
    # --- nianbao serve (the local web page) ---
    serve_max_upload_bytes: int = 20 * MB  # one upload's request body (--max-size); more is refused, 413
    serve_workers: int = 2  # checks running at once, each in a worker process of its own
    serve_max_parts: int = 8  # multipart parts of one upload (the page sends one, the file)
    serve_max_header_bytes: int = 8 * 1024  # the headers of one multipart part
    # The report as the page shows it: paragraphs (lines) kept, and characters of text; past
    # them the rest of the text is not shown (the findings are all listed).
    serve_view_blocks: int = 20_000
    serve_view_chars: int = 2_000_000
    # --- rule kinds and matching ---
    # Message templates kept split at their placeholders (rule and pack messages: a few
    # hundred); emptied when full.
    template_memo_entries: int = 4096
    # --- year-on-year claims (checker/yoy.py) ---
    # Occurrences of a claim rule's trigger words (上年, 去年, 同比) looked at in one report;
    # the claims kept are facts_max_claims.
    year_claim_triggers: int = 200
    # --- locations (issue 10 part 2: location.quote) ---
    # Characters of context either side of a finding's words, and the most characters of
    # the words themselves a quote keeps (a span over a whole section is quoted by its start).
    quote_context_chars: int = 30
    quote_max_chars: int = 120
    # Page marks a DOCX may record (a report has tens of pages); past them no page is given
    # rather than a list the size of the file.
    docx_max_page_marks: int = 10_000


LIMITS = Limits()


def configure(values: dict[str, float | int]) -> None:
    """Set the run's limits, once, before any file is read (workers inherit them by fork).
    Readers deep inside a report read `LIMITS` where they need a cap, so the run's settings
    live in this one object rather than in every call's arguments."""
    for name, value in values.items():
        if not hasattr(LIMITS, name):
            raise AttributeError(name)
        setattr(LIMITS, name, value)


class TimeLimitExceeded(BaseException):
    """Raised by `time_limit` in the thread that runs the check. A BaseException, so that a
    reader's broad `except Exception` cannot swallow it and go on working past the limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after `seconds` of wall-clock time (SIGALRM; main thread on
    POSIX only, elsewhere no limit). Python's regex engine checks for signals while it
    backtracks, so a catastrophic pattern is interrupted too; a long call inside a C library
    that never returns to Python is not, which is why batches use worker processes."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def _expired(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_limit(max_bytes: int) -> Iterator[None]:
    """Cap this process's address space (the soft RLIMIT_AS) inside the block and restore the
    previous cap after it, so one in-process check or a rule-pack load cannot exhaust the
    machine; allocations past the cap raise MemoryError. Where the platform has no such limit,
    or refuses it, the block runs unlimited."""
    try:
        import resource
    except ImportError:
        yield
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        # raising the soft cap back to where it was is always allowed
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
