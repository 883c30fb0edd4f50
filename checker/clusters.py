"""Near-identical reports of different units in one batch: a unit that copied another's
report (names, dates and numbers changed, the rest the same).

Pure and batch-wide: the input is one small item per report (its index in the batch, its
unit's key, its year and its narrative text), the output the clusters with the pairwise
similarity of their members. Two reports of the same unit are never a pair (a unit's
report of one year against its last year's is the cross-year comparison's question).

Linear-ish, whatever the batch holds:
1. Each text is masked (checker/across.py's data: dates, numbers, the unit's own name),
   cut at clause boundaries and stripped of punctuation and whitespace.
2. Texts identical after masking are grouped at once (similarity 100), so a batch of one
   text a thousand times is one group, not half a million pairs.
3. Candidates come from an inverted index of clauses: two texts sharing enough clauses that
   few other texts of the batch have. A clause found in many texts is template wording and
   is not counted, which also bounds the work per clause (LIMITS.clusters_max_postings).
4. Each candidate pair is confirmed with rapidfuzz's normalised Indel similarity of the
   masked texts; confirmed pairs are joined into clusters (union-find)."""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from checker.across import ClusterData
    from checker.document import Document
    from checker.structure import Structure


@dataclass(frozen=True, slots=True)
class ClusterItem:
    """One report of the batch, as the comparison needs it."""

    index: int  # the report's place in the batch
    unit: str  # its unit's key (normalised issuer name); "" when the issuer is unknown
    year: int | None
    text: str  # the narrative text (sections, without the statistical tables)


@dataclass(frozen=True, slots=True)
class Pair:
    a: int  # item indices, a < b
    b: int
    similarity: float  # 0-100


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]  # item indices, ascending
    units: tuple[str, ...]  # the members' unit keys, in the same order
    pairs: tuple[Pair, ...]  # pairs of different units, most similar first
    pairs_truncated: bool = False  # more pairs than LIMITS.clusters_max_pairs

    @property
    def similarity(self) -> float:
        """The lowest similarity listed: every listed pair is at least this similar."""
        return min((p.similarity for p in self.pairs), default=100.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "units": list(self.units),
            "pairs": [{"a": p.a, "b": p.b, "similarity": p.similarity} for p in self.pairs],
            "pairs_truncated": self.pairs_truncated,
        }


@dataclass
class ClusterResult:
    clusters: list[Cluster] = field(default_factory=list)
    compared: int = 0  # items compared
    skipped: list[int] = field(default_factory=list)  # items without a unit or any text, or past the cap
    notes: list[str] = field(default_factory=list)  # limits reached (user-facing, Chinese)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clusters": [c.to_dict() for c in self.clusters],
            "compared": self.compared,
            "skipped": self.skipped,
            "notes": self.notes,
        }


@dataclass(frozen=True, slots=True)
class PreparedItem:
    """An item ready to compare, small and picklable: what a batch's worker can send back
    instead of the text (prepare_item), so that the parent keeps a few KB per report."""

    index: int
    unit: str
    year: int | None
    masked: str  # the masked text, as rapidfuzz compares it (at most LIMITS.clusters_max_chars)
    clauses: array[int]  # stable 64-bit hashes of its clauses, sorted, each once


def narrative_text(doc: Document, st: Structure, data: ClusterData | None = None) -> str:
    """What is compared of a report: its preamble and the sections the data names, in
    report order; the whole text when no section was found."""
    from checker.across import load_across

    data = data or load_across().clusters
    spans = [st.preamble] + [(s.start, s.end) for sid, s in st.sections.items() if sid in data.sections]
    parts = [doc.text[start:end] for start, end in sorted(spans) if end > start]
    return "\n".join(parts) if st.sections else doc.text


class TextStore(Protocol):
    """Where a batch keeps its masked texts while it runs (checker/across_run.py: a private
    temporary file), so that its parent holds a few KB per report, not each text."""

    def read(self, at: int, size: int) -> str: ...


@dataclass(frozen=True, slots=True)
class StoredItem:
    """A prepared item whose masked text is in a TextStore: its clause hashes and the
    text's digest stay in memory, the text is read back only to be compared."""

    index: int
    unit: str
    year: int | None
    digest: bytes  # of the masked text (texts identical after masking have the same)
    size: int  # the masked text's size in the store (0: no text)
    at: int
    clauses: array[int]
    store: TextStore

    @property
    def masked(self) -> str:
        return self.store.read(self.at, self.size) if self.size else ""


def text_digest(masked: str) -> bytes:
    return hashlib.blake2b(masked.encode("utf-8"), digest_size=16).digest()


def report_item(doc: Document, st: Structure, key: str) -> PreparedItem:
    """A checked report's item, where its document is still alive (a batch's worker): its
    narrative masked with the issuer's own name, under the issuer's key (how two years of
    one office are known as one unit)."""
    prepared = prepare_item(ClusterItem(0, st.issuer, st.year, narrative_text(doc, st)))
    return PreparedItem(0, key if st.issuer else "", prepared.year, prepared.masked, prepared.clauses)


Compared = PreparedItem | StoredItem


@dataclass(frozen=True, slots=True)
class _Rep:
    """The texts of the batch identical after masking: one comparison for all."""

    item: Compared  # the first of them (its masked text, read when compared)
    clauses: frozenset[int]
    units: set[str]


class _Masker:
    def __init__(self, data: ClusterData) -> None:
        self.placeholder = data.placeholder
        self.masks = [re.compile(m) for m in data.masks]
        if data.mask_characters:  # a run of them is one placeholder
            self.masks.insert(0, re.compile(f"[{''.join(map(re.escape, data.mask_characters))}]+"))
        self.runs = re.compile(re.escape(data.placeholder) + "{2,}")
        # A clause is a run of letters, digits, Han characters and placeholders: any other
        # character (punctuation, brackets, quotes) ends one.
        characters = r"0-9A-Za-z\u3400-\u9fff" + re.escape(data.placeholder)
        self.clause = re.compile(f"[{characters}]{{{data.min_clause_chars},}}")

    def prepare(self, text: str, unit: str, max_chars: int) -> tuple[str, list[str]]:
        """The text masked, without whitespace (a PDF's line breaks inside a sentence do
        not cut it), and its clauses."""
        text = "".join(text[:max_chars].split())
        if unit:
            text = self.runs.sub(self.placeholder, text.replace(unit, self.placeholder))
        for mask in self.masks:
            text = mask.sub(self.placeholder, text)
        return text, self.clause.findall(text)


def _hashes(clauses: list[str]) -> array[int]:
    """The clauses' 64-bit hashes (CRC-32 and Adler-32 side by side), sorted, each once:
    the same in every process (str hashes are salted per process), and computed in C, one
    encoding of the whole text (a Python hash function per clause cost more than the rest
    of the step)."""
    pieces = "\x00".join(clauses).encode("utf-8").split(b"\x00") if clauses else []
    hashes = {(c << 32) | a for c, a in zip(map(zlib.crc32, pieces), map(zlib.adler32, pieces), strict=True)}
    return array("Q", sorted(hashes))


_MASKERS: dict[int, tuple[ClusterData, _Masker]] = {}  # by the data's id (a model of lists is unhashable)


def _masker(data: ClusterData) -> _Masker:
    known = _MASKERS.get(id(data))
    if known is None or known[0] is not data:
        if len(_MASKERS) >= 8:
            _MASKERS.clear()
        known = _MASKERS[id(data)] = (data, _Masker(data))
    return known[1]


def prepare_item(item: ClusterItem, data: ClusterData | None = None) -> PreparedItem:
    """The item masked and cut into clause hashes (in a worker, or in find_clusters)."""
    from checker.across import load_across
    from checker.limits import LIMITS

    data = data or load_across().clusters
    masked, clauses = _masker(data).prepare(item.text, item.unit, LIMITS.clusters_max_chars)
    return PreparedItem(item.index, item.unit, item.year, masked, _hashes(clauses))


def past_cap_note(past: int) -> str:
    from checker.limits import LIMITS

    return f"参与雷同比对的报告超过 {LIMITS.clusters_max_items} 份，其余 {past} 份未比对"


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _empty(item: ClusterItem | Compared) -> bool:
    if isinstance(item, ClusterItem):
        return not item.text.strip()
    if isinstance(item, StoredItem):
        return item.size == 0
    return not item.masked.strip()


def find_clusters(
    items: Sequence[ClusterItem | PreparedItem | StoredItem], data: ClusterData | None = None
) -> ClusterResult:
    """The clusters of near-identical reports of different units among `items` (raw,
    prepared with prepare_item where the report was read, or stored by a batch)."""
    from rapidfuzz import fuzz

    from checker.across import load_across
    from checker.limits import LIMITS

    data = data or load_across().clusters
    result = ClusterResult()
    usable: list[Compared] = []
    past = 0
    for item in items:
        if not item.unit or _empty(item):
            result.skipped.append(item.index)
        elif len(usable) >= LIMITS.clusters_max_items:
            result.skipped.append(item.index)
            past += 1
        else:
            # A text with fewer clauses than a candidate pair must share (a stub, a page of
            # punctuation) is not compared: two such texts alike say nothing.
            prepared = prepare_item(item, data) if isinstance(item, ClusterItem) else item
            if len(prepared.clauses) < data.min_shared_clauses:
                result.skipped.append(item.index)
            else:
                usable.append(prepared)
    if past:
        result.notes.append(past_cap_note(past))
    result.skipped.sort()
    result.compared = len(usable)

    # 1-2. Identical masked texts share one representative.
    rep_of_text: dict[str | bytes, int] = {}
    reps: list[_Rep] = []
    item_rep: list[int] = []
    for prepared in usable:
        key = prepared.digest if isinstance(prepared, StoredItem) else prepared.masked
        rep = rep_of_text.get(key)
        if rep is None:
            rep = rep_of_text[key] = len(reps)
            reps.append(_Rep(prepared, frozenset(prepared.clauses), set()))
        reps[rep].units.add(prepared.unit)
        item_rep.append(rep)
    del rep_of_text

    # 3. Candidates from clauses few texts share.
    # Clauses of at least two texts, found with set operations (in C): most clauses are a
    # unit's own and are never looked at one by one.
    seen: set[int] = set()
    repeated: set[int] = set()
    for group in reps:
        repeated |= seen & group.clauses
        seen |= group.clauses
    del seen
    frequency: Counter[int] = Counter()
    for group in reps:
        frequency.update(group.clauses & repeated)
    template = min(
        LIMITS.clusters_max_postings,
        max(data.min_boilerplate_reports, math.ceil(data.boilerplate_share * len(reps))),
    )
    kept = {clause for clause, count in frequency.items() if count <= template}
    del frequency, repeated
    postings: dict[int, list[int]] = {}
    for r, group in enumerate(reps):
        for clause in group.clauses & kept:
            postings.setdefault(clause, []).append(r)
    del kept
    shared: Counter[tuple[int, int]] = Counter()
    steps = 0
    for posting in postings.values():
        steps += len(posting) * (len(posting) - 1) // 2
        if steps > LIMITS.clusters_max_pair_steps:
            result.notes.append("雷同比对的候选数量达到上限，部分报告之间未比对")
            break
        shared.update(itertools.combinations(posting, 2))
    del postings
    candidates = []
    for (a, b), count in shared.items():
        if len(reps[a].units) == 1 and reps[a].units == reps[b].units:
            continue  # one unit's reports: the cross-year comparison's, not a cluster
        smaller = min(len(reps[a].clauses), len(reps[b].clauses))
        if count >= data.min_shared_clauses and count >= data.candidate_share * smaller:
            candidates.append((count / smaller, a, b))
    del shared
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    if len(candidates) > LIMITS.clusters_max_confirmations:
        result.notes.append(
            f"雷同比对的候选报告对超过 {LIMITS.clusters_max_confirmations} 对，只比对了最相近的这些"
        )
        candidates = candidates[: LIMITS.clusters_max_confirmations]

    # 4. Confirmed pairs joined; identical texts joined already. A stored text is read back
    # when compared; the few last read are kept (candidates come most similar first, so a
    # text is often compared with several in a row).
    text = functools.lru_cache(maxsize=_TEXTS_KEPT)(lambda r: reps[r].item.masked)
    union = _Union(len(reps))
    similarity: dict[tuple[int, int], float] = {}
    for _, a, b in candidates:
        score = fuzz.ratio(text(a), text(b), score_cutoff=data.similarity)
        if score:
            similarity[(a, b)] = score
            union.join(a, b)
    groups: dict[int, list[int]] = {}
    for position, rep in enumerate(item_rep):
        groups.setdefault(union.find(rep), []).append(position)
    for positions in groups.values():
        if len({usable[p].unit for p in positions}) < 2:
            continue
        result.clusters.append(_cluster(positions, usable, item_rep, text, similarity, fuzz.ratio))
    result.clusters.sort(key=lambda c: (-len(c.members), c.members))
    return result


_TEXTS_KEPT = 16  # masked texts read back and kept while pairs are confirmed


def _cluster(
    positions: list[int],
    usable: list[Compared],
    item_rep: list[int],
    text: Any,
    known: dict[tuple[int, int], float],
    ratio: Any,
) -> Cluster:
    """A cluster's members and the similarity of its pairs of different units (at most
    LIMITS.clusters_max_pairs of them)."""
    from checker.limits import LIMITS

    members = sorted(positions, key=lambda p: usable[p].index)
    pairs: list[Pair] = []
    truncated = False
    for p, q in itertools.combinations(members, 2):
        if usable[p].unit == usable[q].unit:
            continue
        if len(pairs) >= LIMITS.clusters_max_pairs:
            truncated = True
            break
        a, b = sorted((item_rep[p], item_rep[q]))
        if a == b:
            score = 100.0
        elif (a, b) in known:
            score = known[(a, b)]
        else:
            score = known[(a, b)] = ratio(text(a), text(b))
        pairs.append(Pair(usable[p].index, usable[q].index, round(score, 1)))
    pairs.sort(key=lambda pair: (-pair.similarity, pair.a, pair.b))
    return Cluster(
        members=tuple(usable[p].index for p in members),
        units=tuple(usable[p].unit for p in members),
        pairs=tuple(pairs),
        pairs_truncated=truncated,
    )
