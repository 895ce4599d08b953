"""Shared passages across documents: template copying between townships, self-copying across years.

Three steps, each close to linear in the corpus size:

1. ``mask``: every report becomes a string of code points with whitespace dropped, widths
   folded and every number or slot (``120``, ``三十``, ``[X]``, ``XX``, ``××``, ``＿＿``)
   collapsed to one ``#``, cut into clauses that each map back to their original span.
   ``培训妇女120人次`` and ``培训妇女[X]人次`` become the same masked sentence.
2. ``candidates``: the masked text is cut into chunks of a few sentences; each chunk's
   character shingles get a MinHash signature (datasketch's scheme, computed in numpy), and
   the LSH bands group chunks by sorting the signature matrix. Two documents are a
   candidate pair when some chunk of one falls in an LSH bucket with a chunk of the other.
   Buckets that hold many documents are corpus-wide boilerplate (the opening formula of
   every government report), not lineage, and are passed over, so no step looks at all
   pairs and each document keeps at most ``max_partners`` candidates.
3. ``align``: exact k-character seeds shared by the masked texts of a candidate pair
   vote for clause pairs (a clause ends at 。！？； or a line break); each clause keeps its
   best partner, and the two count as one copied clause when they are at least
   ``min_similarity`` alike (seed coverage, or difflib's ratio for near misses). A swap
   such as 青河镇 → 柳湾乡 or 镇 → 乡 costs a clause a few characters, not its match, and
   runs of consecutive copied clauses are reported as passages.

Passages carry offsets into each report's original text (``text_a ==
report_a.text[start_a:end_a]``); a pair's ``share`` is the fraction of the document's
non-whitespace characters inside clauses it shares with the other document, the measure
a reader gets by marking every sentence that was copied with only numbers or names edited.
"""
from __future__ import annotations

import re
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import errors
from .io import InputError, PathLike, read_or_error
from .model import Report
from .normalize import fold_table
from .slots import NUMBER_SLOT

PAIR_COLUMNS = ["doc_a", "doc_b", "share_a", "share_b", "shared_chars", "passages"]
PASSAGE_COLUMNS = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "text_a", "text_b",
                   "chars"]
FAMILY_COLUMNS = ["doc_id", "family", "family_size"]
ERROR_COLUMNS = ["path", "code", "message"]

MASK = "#"
_QUOTES = "“”„‟「」『』\"'‘’‚‛"


def _fold_table() -> Dict[int, str]:
    # Same folding as normalize.fold_char, but one character for one: dropped characters
    # become spaces, which masking drops anyway, so offsets never move.
    table = fold_table(dropped=" ")
    table.update({ord(ch): '"' for ch in _QUOTES})
    return table


_FOLD = _fold_table()
_CN_DIGITS = "零〇○一二两三四五六七八九十百千"
# A Chinese numeral counts as a quantity only before a measure word or unit, so 一体化,
# 一把手 and 第一要务 keep their words while 三十个 and 二〇二三年 are masked.
_CN_QUANTITY = (
    rf"[{_CN_DIGITS}]+(?:[万亿][{_CN_DIGITS}]*)*"
    r"(?=[个项家名人次条所座户批场期届件起台辆套处支间栋位元亩吨公斤里米倍成年月日余多])"
)
_NUMBER = r"\d+(?:[.,]\d+)*"
_MASK_RE = re.compile(
    rf"(?P<space>\s+)|(?P<num>(?:{_NUMBER}|{NUMBER_SLOT}|{_CN_QUANTITY})(?:\.?(?:{_NUMBER}|{NUMBER_SLOT}))*)"
)
_SENTENCE_END = np.array([ord(c) for c in "。！？!?;；"], dtype=np.uint32)
_LINE_BREAK = re.compile(r"\n")
_HASH_MUL = np.uint64(0x9E3779B97F4A7C15)


@dataclass
class MaskedDoc:
    """A report's masked code points, cut into clauses that map back to the original text.

    ``units`` holds the start of every clause (text up to 。！？； or a line break) in
    masked coordinates, with ``len(codes)`` appended; ``unit_start``/``unit_end`` the
    clause's span in the original text (a clause ending in a number ends after the whole
    number) and ``unit_chars`` its original non-whitespace characters. Only clause-level
    offsets are kept, so a document costs about two bytes per character besides its text.
    """

    doc_id: str
    text: str
    codes: np.ndarray          # code points of the masked text (uint16; uint32 beyond the BMP)
    units: np.ndarray          # int32 clause starts, then len(codes)
    unit_start: np.ndarray     # int32 original start of each clause
    unit_end: np.ndarray       # int32 original end of each clause
    unit_chars: np.ndarray     # int32 original characters per clause
    year: Optional[int] = None
    _index: Optional[Tuple[int, np.ndarray, np.ndarray]] = None
    _clause_of: Optional[np.ndarray] = None

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def chars(self) -> int:
        """Non-whitespace characters of the original text: a share's denominator."""
        return int(self.unit_chars.sum())

    def masked(self, start: int, end: int) -> str:
        return self.codes[start:end].astype(np.uint32).tobytes().decode("utf-32-le")

    def clause_of(self) -> np.ndarray:
        """The clause index of every masked character."""
        if self._clause_of is None:
            self._clause_of = np.repeat(np.arange(len(self.units) - 1, dtype=np.int32), np.diff(self.units))
        return self._clause_of

    def release(self) -> None:
        """Drop the alignment caches (they are rebuilt on demand)."""
        self._index = self._clause_of = None

    def cache_bytes(self) -> int:
        """Memory held by the alignment caches."""
        held = self._clause_of.nbytes if self._clause_of is not None else 0
        return held + (self._index[1].nbytes + self._index[2].nbytes if self._index is not None else 0)

    def seed_index(self, k: int) -> Tuple[np.ndarray, np.ndarray]:
        """This document's k-gram hashes sorted, and the positions they come from."""
        if self._index is None or self._index[0] != k:
            hashes = kgram_hashes(self.codes, k)
            order = np.argsort(hashes).astype(np.int32)   # ties in any order: seeds are a set
            self._index = (k, hashes[order], order)
        return self._index[1], self._index[2]


def mask_report(report: Report) -> MaskedDoc:
    """Fold, drop whitespace, collapse every number or slot to one ``#``, cut clauses."""
    text = report.text
    folded = text.translate(_FOLD)
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).copy()
    n = len(codes)
    oend = np.arange(1, n + 1, dtype=np.int32)
    keep = np.ones(n, dtype=bool)
    spans = [(m.start(), m.end(), m.lastgroup == "num") for m in _MASK_RE.finditer(folded)]
    if spans:
        starts, ends, is_num = (np.array(col) for col in zip(*spans))
        depth = np.zeros(n + 1, dtype=np.int32)
        np.add.at(depth, starts, 1)
        np.add.at(depth, ends, -1)
        keep = np.cumsum(depth[:n]) == 0
        is_num = is_num.astype(bool)
        keep[starts[is_num]] = True
        codes[starts[is_num]] = ord(MASK)
        oend[starts[is_num]] = ends[is_num]
    ostart = np.nonzero(keep)[0].astype(np.int32)
    codes, oend = codes[keep], oend[keep]
    units = _clause_starts(codes, ostart, oend, folded)
    unit_chars = np.add.reduceat(oend - ostart, units[:-1]) if len(codes) else np.zeros(0, np.int32)
    if len(codes) == 0 or codes.max() <= 0xFFFF:
        codes = codes.astype(np.uint16)
    year = report.meta.get("year") if report.meta else None
    return MaskedDoc(report.doc_id, text, codes, units, ostart[units[:-1]], oend[units[1:] - 1],
                     unit_chars.astype(np.int32), year=year if isinstance(year, int) else None)


def _clause_starts(codes: np.ndarray, ostart: np.ndarray, oend: np.ndarray, folded: str) -> np.ndarray:
    """Masked offsets where a clause starts: after 。！？；, or where a line break was dropped."""
    n = len(codes)
    if n == 0:
        return np.zeros(1, dtype=np.int32)
    cut = np.zeros(n, dtype=bool)
    cut[0] = True
    cut[1:] = np.isin(codes[:-1], _SENTENCE_END)
    breaks = np.array([m.start() for m in _LINE_BREAK.finditer(folded)], dtype=np.int64)
    if len(breaks):
        # A masked character follows a line break when one falls between it and the one before.
        after = np.searchsorted(ostart, breaks, side="right")
        cut[after[after < n]] = True
    starts = np.nonzero(cut)[0]
    return np.append(starts, n).astype(np.int32)


def kgram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """A 64-bit hash of every k-character window (empty when the text is shorter)."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for t in range(k):
            h = (h * _HASH_MUL) ^ c[t:t + n]
        h ^= h >> np.uint64(29)
        h *= _HASH_MUL
        h ^= h >> np.uint64(32)
    return h




# --- parameters ------------------------------------------------------------------

@dataclass(frozen=True)
class ReuseParams:
    """How reuse is found; lengths count masked characters."""

    k: int = 6                  # seed length when aligning a pair
    max_repeat: int = 4         # a seed found more often than this in the other document is skipped
    min_similarity: float = 0.9  # two clauses are one copied clause at this similarity or more
    min_clause: int = 6         # shorter clauses (headings like 一、) never count alone
    chunk_chars: int = 120      # LSH chunk: whole clauses up to about this many characters
    shingle: int = 8            # character shingles in a chunk's MinHash
    num_perm: int = 64
    lsh_threshold: float = 0.2  # Jaccard similarity of two chunks that LSH should catch
    max_bucket: int = 15        # an LSH bucket holding more documents than this is boilerplate
    min_chunk_share: float = 0.05  # align a pair only when this share of one side's chunks collided
    max_partners: int = 20      # candidates kept per document, best first
    bands_per_pass: int = 7     # LSH bands whose collisions are gathered before they are merged
    cache_mb: int = 256         # alignment indexes kept for documents still to be aligned


# --- alignment of one pair ---------------------------------------------------------

@dataclass(frozen=True)
class PairReuse:
    """Copied clauses of two documents: matched clause indices and similarities."""

    a: MaskedDoc
    b: MaskedDoc
    clauses_a: np.ndarray
    clauses_b: np.ndarray
    similarity: np.ndarray

    def shared(self) -> Tuple[int, int]:
        """Original characters of a and of b inside copied clauses."""
        return (int(self.a.unit_chars[np.unique(self.clauses_a)].sum()),
                int(self.b.unit_chars[np.unique(self.clauses_b)].sum()))

    def passages(self) -> List[Tuple[int, int, int, int]]:
        """Runs of consecutive copied clauses as original (start_a, end_a, start_b, end_b)."""
        out = []
        ua, ub = self.clauses_a, self.clauses_b
        if len(ua) == 0:
            return out
        breaks = np.nonzero((np.diff(ua) != 1) | (np.diff(ub) != 1))[0] + 1
        for first, last in zip(np.r_[0, breaks], np.r_[breaks, len(ua)] - 1):
            out.append(_span(self.a, ua[first], ua[last]) + _span(self.b, ub[first], ub[last]))
        return out


def _span(doc: MaskedDoc, first: int, last: int) -> Tuple[int, int]:
    return int(doc.unit_start[first]), int(doc.unit_end[last])


def find_seeds(a: MaskedDoc, b: MaskedDoc, k: int, max_repeat: int) -> Tuple[np.ndarray, np.ndarray]:
    """Positions (i in a, j in b) where the same k masked characters start."""
    sorted_a, order_a = a.seed_index(k)
    sorted_b, order_b = b.seed_index(k)
    # Both sides sorted: the binary searches walk forward, which keeps them cache-friendly.
    left = np.searchsorted(sorted_b, sorted_a, side="left")
    found = np.zeros(len(sorted_a), dtype=bool)
    inside = left < len(sorted_b)
    found[inside] = sorted_b[left[inside]] == sorted_a[inside]
    hit = np.nonzero(found)[0]
    # Only the seeds found in b need the end of their run there (most are not found).
    count = np.searchsorted(sorted_b, sorted_a[hit], side="right") - left[hit]
    hit, count = hit[count <= max_repeat], count[count <= max_repeat]
    ia = np.repeat(order_a[hit], count)
    within = np.arange(len(ia)) - np.repeat(np.cumsum(count) - count, count)
    jb = order_b[np.repeat(left[hit], count) + within]
    return ia.astype(np.int64), jb.astype(np.int64)


def align(a: MaskedDoc, b: MaskedDoc, params: ReuseParams = ReuseParams()) -> PairReuse:
    """Clauses of ``a`` copied in ``b``: each clause's best partner by shared seeds,
    kept when the two are at least ``min_similarity`` alike."""
    k = params.k
    ia, jb = find_seeds(a, b, k, params.max_repeat)
    empty = PairReuse(a, b, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(ia) == 0:
        return empty
    ua, ub = a.clause_of()[ia], b.clause_of()[jb]
    nb = len(b.units)
    key, votes = np.unique(ua * nb + ub, return_counts=True)
    best = np.lexsort((-votes, key // nb))
    key = key[best]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] // nb != key[:-1] // nb
    chosen = np.sort(key[first])
    on_pair = np.isin(ua * nb + ub, chosen)
    ia, ua, ub = ia[on_pair], ua[on_pair], ub[on_pair]
    cover_a = _coverage(ia, ua, a.units, k)
    ca, cb = chosen // nb, chosen % nb
    len_a = np.diff(a.units)[ca]
    len_b = np.diff(b.units)[cb]
    sim = cover_a[np.searchsorted(np.unique(ua), ca)] / np.maximum(len_a, len_b)
    ok = (sim >= params.min_similarity) & (np.minimum(len_a, len_b) >= params.min_clause)
    # Seeds miss characters between edits closer than k; settle near misses exactly.
    unsure = np.nonzero(~ok & (sim >= params.min_similarity - 0.3)
                        & (np.minimum(len_a, len_b) >= params.min_clause))[0]
    for i in unsure:
        x = a.masked(a.units[ca[i]], a.units[ca[i] + 1])
        y = b.masked(b.units[cb[i]], b.units[cb[i] + 1])
        if _ratio_bound(x, y) < params.min_similarity:
            continue                     # the exact ratio cannot reach it either
        exact = _ratio(x, y)
        sim[i] = max(sim[i], exact)
        ok[i] = exact >= params.min_similarity
    if not ok.any():
        return empty
    return PairReuse(a, b, ca[ok], cb[ok], sim[ok])


def _coverage(ia: np.ndarray, ua: np.ndarray, units: np.ndarray, k: int) -> np.ndarray:
    """Characters of each clause (in ``np.unique(ua)`` order) inside some seed window."""
    pos = np.unique(ua.astype(np.int64) << 32 | ia)
    ua, ia = pos >> 32, pos & 0xFFFFFFFF
    end = units[ua + 1]
    step = np.empty(len(ia), dtype=np.int64)
    step[:-1] = ia[1:] - ia[:-1]
    step[-1] = k
    last = np.ones(len(ia), dtype=bool)
    last[:-1] = ua[1:] != ua[:-1]
    step[last] = k
    step = np.minimum(np.minimum(step, k), end - ia)
    first = np.nonzero(np.r_[True, last[:-1]])[0]
    return np.add.reduceat(step, first)


def _ratio_bound(x: str, y: str) -> float:
    """An upper bound of ``_ratio`` from the characters the two have in common, ignoring
    their order (difflib's quick_ratio), at a fraction of its cost."""
    return 2 * sum((Counter(x) & Counter(y)).values()) / max(len(x) + len(y), 1)


def _ratio(x: str, y: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, x, y, autojunk=False).ratio()


# --- candidate pairs: MinHash LSH over chunks -----------------------------------------

def chunk_bounds(doc: MaskedDoc, chunk_chars: int) -> List[Tuple[int, int]]:
    """Whole clauses grouped into chunks of about ``chunk_chars`` masked characters."""
    units = doc.units.tolist()
    bounds, start = [], 0
    for end in units[1:]:
        if end - start >= chunk_chars:
            bounds.append((start, end))
            start = end
    if start < len(doc.codes):
        if bounds and len(doc.codes) - start < chunk_chars // 3:
            bounds[-1] = (bounds[-1][0], len(doc.codes))
        else:
            bounds.append((start, len(doc.codes)))
    return bounds


def lsh_bands(params: ReuseParams) -> Tuple[int, int]:
    """(bands, rows per band) that catch chunks of Jaccard similarity ``lsh_threshold``,
    as datasketch's MinHashLSH chooses them for ``num_perm`` permutations."""
    from datasketch import MinHashLSH

    probe = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    return probe.b, probe.r


def candidate_pairs(docs: Sequence[MaskedDoc], params: ReuseParams = ReuseParams()) -> List[Tuple[int, int]]:
    """Index pairs (i < j) whose documents share LSH buckets, best candidates per document.

    Every chunk's shingle set becomes a MinHash signature; each LSH band groups the chunks
    whose signatures agree on all of the band's rows (a sort of the signature matrix, not a
    hash table of Python objects). A bucket shared by more than ``max_bucket`` documents is
    corpus-wide boilerplate, not lineage, and is passed over, which keeps the work linear.
    Memory is the signature matrix (``num_perm`` 32-bit values per chunk) and one entry per
    chunk that collided with another document's.
    """
    signatures, keys, n_chunks = chunk_signatures(docs, params)
    if not len(keys):
        return []
    bands, rows = lsh_bands(params)
    doc, chunk = keys >> 20, keys & 0xFFFFF
    found: List[Tuple[np.ndarray, np.ndarray]] = []
    for band in range(bands):
        found.append(_band_hits(signatures[:, band * rows:(band + 1) * rows], doc, chunk,
                                len(docs), params.max_bucket))
        if len(found) >= params.bands_per_pass:
            found = [_unique_hits(found)]
    pair, side_chunk = _unique_hits(found)
    return _best_partners(pair, side_chunk, len(docs), np.asarray(n_chunks, dtype=np.int64), params)


def chunk_signatures(docs: Sequence[MaskedDoc], params: ReuseParams) -> Tuple[np.ndarray, np.ndarray, List[int]]:
    """MinHash signatures of every chunk (one uint32 row each), their keys (document index
    << 20 | chunk index) and chunks per document. Chunks without a whole shingle have none."""
    rows, keys, n_chunks = [], [], []
    for i, doc in enumerate(docs):
        hashes = kgram_hashes(doc.codes, params.shingle) & np.uint64(0xFFFFFFFF)
        bounds = chunk_bounds(doc, params.chunk_chars)
        n_chunks.append(max(len(bounds), 1))
        sets = [np.unique(hashes[start:max(start, end - params.shingle + 1)]) for start, end in bounds]
        found = [c for c, shingles in enumerate(sets) if len(shingles)]
        if found:
            keys.append((i << 20) | np.array(found, dtype=np.int64))
            rows.append(minhash_rows([sets[c] for c in found], params.num_perm))
    if not rows:
        return np.zeros((0, params.num_perm), dtype=np.uint32), np.zeros(0, dtype=np.int64), n_chunks
    return np.concatenate(rows), np.concatenate(keys), n_chunks


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=1, hashfunc=int).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def minhash_rows(sets: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """One MinHash signature per non-empty set of 32-bit values, computed at once: the
    values of datasketch's ``MinHash(num_perm, seed=1, hashfunc=int)`` (its affine32
    scheme: a MurmurHash3 finaliser, then ``a * h + b`` modulo 2**32, minimum per column)."""
    a, b = _permutations(num_perm)
    values = np.concatenate(sets).astype(np.uint32)
    with np.errstate(over="ignore"):
        values ^= values >> np.uint32(16)
        values *= np.uint32(0x85EBCA6B)
        values ^= values >> np.uint32(13)
        values *= np.uint32(0xC2B2AE35)
        values ^= values >> np.uint32(16)
        ends = np.cumsum([len(x) for x in sets])
        out = np.empty((len(sets), num_perm), dtype=np.uint32)
        budget = max(1, (1 << 22) // num_perm)   # about 16 MB of permuted values at a time
        first = 0
        while first < len(sets):                 # whole sets per block: one minimum each
            lo = int(ends[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(ends, lo + budget, side="right")))
            permuted = values[lo:ends[last - 1], None] * a + b
            bounds = np.r_[0, ends[first:last - 1] - lo]
            out[first:last] = np.minimum.reduceat(permuted, bounds, axis=0)
            first = last
    return out


def _band_hits(band: np.ndarray, doc: np.ndarray, chunk: np.ndarray, n_docs: int,
               max_bucket: int) -> Tuple[np.ndarray, np.ndarray]:
    """For one band, every (document pair, side, chunk) where a chunk of one side shares a
    bucket with a chunk of the other side, the bucket holding 2 to ``max_bucket`` documents.

    Returned as ``pair`` (x * n_docs + y, x < y) and ``side_chunk`` (side << 20 | chunk,
    side 0 for x's chunks, 1 for y's).
    """
    order = np.lexsort((doc,) + tuple(band[:, c] for c in reversed(range(band.shape[1]))))
    values, doc_s, chunk_s = band[order], doc[order], chunk[order]
    new_bucket = np.ones(len(order), dtype=bool)
    new_bucket[1:] = (values[1:] != values[:-1]).any(axis=1)
    new_doc = new_bucket.copy()
    new_doc[1:] |= doc_s[1:] != doc_s[:-1]
    bucket = np.cumsum(new_bucket) - 1
    docs_in = np.bincount(bucket, weights=new_doc).astype(np.int64)
    valid = (docs_in >= 2) & (docs_in <= max_bucket)
    inside = valid[bucket]
    bucket, doc_s, chunk_s, new_doc = bucket[inside], doc_s[inside], chunk_s[inside], new_doc[inside]
    if not len(bucket):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # The distinct documents of each kept bucket, in order, and where each bucket's run starts.
    members = doc_s[new_doc]
    bucket_of_member = bucket[new_doc]
    start = np.searchsorted(bucket_of_member, bucket, side="left")
    count = docs_in[bucket]
    # Every row against every document of its bucket (its own one dropped below).
    total = int(count.sum())
    offset = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    other = members[np.repeat(start, count) + offset]
    mine = np.repeat(doc_s, count)
    side_of = np.repeat(chunk_s, count)
    keep = other != mine
    other, mine, side_of = other[keep], mine[keep], side_of[keep]
    x, y = np.minimum(mine, other), np.maximum(mine, other)
    return x * n_docs + y, ((mine > other).astype(np.int64) << 20) | side_of


def _unique_hits(found: List[Tuple[np.ndarray, np.ndarray]]) -> Tuple[np.ndarray, np.ndarray]:
    """The distinct (pair, side_chunk) rows of several bands' hits, sorted."""
    pair = np.concatenate([p for p, _ in found])
    side_chunk = np.concatenate([s for _, s in found])
    order = np.lexsort((side_chunk, pair))
    pair, side_chunk = pair[order], side_chunk[order]
    distinct = np.ones(len(pair), dtype=bool)
    distinct[1:] = (pair[1:] != pair[:-1]) | (side_chunk[1:] != side_chunk[:-1])
    return pair[distinct], side_chunk[distinct]


def _best_partners(pair: np.ndarray, side_chunk: np.ndarray, n_docs: int, n_chunks: np.ndarray,
                   params: ReuseParams) -> List[Tuple[int, int]]:
    """Pairs where enough of one document's chunks collided, at most ``max_partners`` a document.

    The share of a document's chunks that collide with the other's estimates its copied
    share, so pairs far below any threshold of interest are never aligned. Ties go to the
    pair that sorts first.
    """
    if not len(pair):
        return []
    side = side_chunk >> 20
    # Rows are sorted by pair, then side: count the chunks of each (pair, side).
    key = pair * 2 + side
    starts = np.nonzero(np.r_[True, key[1:] != key[:-1]])[0]
    key, counts = key[starts], np.diff(np.r_[starts, len(key)])
    pairs, which = np.unique(key // 2, return_inverse=True)
    cx, cy = np.zeros(len(pairs), np.int64), np.zeros(len(pairs), np.int64)
    cx[which[key % 2 == 0]] = counts[key % 2 == 0]
    cy[which[key % 2 == 1]] = counts[key % 2 == 1]
    x, y = pairs // n_docs, pairs % n_docs
    score = np.maximum(cx / n_chunks[x], cy / n_chunks[y])
    ok = score >= params.min_chunk_share
    x, y, score = x[ok], y[ok], score[ok]
    # Each pair ranked among the candidates of both of its documents.
    owner = np.r_[x, y]
    px, py, ps = np.r_[x, x], np.r_[y, y], np.r_[score, score]
    order = np.lexsort((py, px, -ps, owner))
    owner = owner[order]
    first = np.searchsorted(owner, owner, side="left")
    rank = np.arange(len(owner)) - first
    top = order[rank < params.max_partners]
    kept = np.unique(px[top] * n_docs + py[top])
    return [(int(p // n_docs), int(p % n_docs)) for p in kept]


# --- the corpus-level API -----------------------------------------------------------

@dataclass
class ReuseResult:
    """The reuse tables of one run, as DataFrames with the OUTPUT.md columns."""

    pairs: pd.DataFrame
    passages: pd.DataFrame
    families: pd.DataFrame
    errors: pd.DataFrame

    def tables(self) -> Dict[str, pd.DataFrame]:
        return {"reuse_pairs": self.pairs, "reuse_passages": self.passages,
                "families": self.families, "errors": self.errors}


def find_reuse(reports: Iterable[Report], *, threshold: float = 0.05, family_threshold: float = 0.15,
               params: ReuseParams = ReuseParams(), progress: bool = False) -> ReuseResult:
    """Copied passages between documents, pairs with their copied shares, and template families.

    ``threshold``: a pair is reported when at least this share of one of its documents is
    copied. ``family_threshold``: documents join one family through pairs at or above it.
    """
    docs = [mask_report(r) for r in reports]
    _check_unique([d.doc_id for d in docs])
    pair_rows, passage_rows = [], []
    candidates = candidate_pairs(docs, params)
    last_use = {i: n for n, pair in enumerate(candidates) for i in pair}
    cached: "OrderedDict[int, int]" = OrderedDict()   # document → bytes of its alignment index
    budget, held = params.cache_mb << 20, 0
    if progress:
        from tqdm import tqdm

        candidates = tqdm(candidates, desc="aligning", unit="pair")
    for n, (i, j) in enumerate(candidates):
        # doc_a is the earlier report when years are known: share_b is then what the later one copied.
        a, b = sorted((docs[i], docs[j]), key=_age)
        found = align(a, b, params)
        for done in (i, j):
            held -= cached.pop(done, 0)
            if last_use[done] == n:
                docs[done].release()
            else:
                cached[done] = docs[done].cache_bytes()
                held += cached[done]
        while held > budget and cached:     # least recently used first
            oldest, size = cached.popitem(last=False)
            docs[oldest].release()
            held -= size
        shared_a, shared_b = found.shared()
        share_a, share_b = shared_a / max(a.chars, 1), shared_b / max(b.chars, 1)
        if max(share_a, share_b) < threshold:
            continue
        spans = found.passages()
        pair_rows.append({"doc_a": a.doc_id, "doc_b": b.doc_id, "share_a": round(share_a, 4),
                          "share_b": round(share_b, 4), "shared_chars": min(shared_a, shared_b),
                          "passages": len(spans)})
        passage_rows.extend(_passage_row(a, b, span) for span in spans)
    pairs = _frame(pair_rows, PAIR_COLUMNS).sort_values(["doc_a", "doc_b"], ignore_index=True)
    passages = _frame(passage_rows, PASSAGE_COLUMNS)
    if len(passages):
        passages = passages.sort_values(["doc_a", "doc_b", "start_a"], ignore_index=True)
    families = _families(docs, pairs, family_threshold)
    return ReuseResult(pairs, passages, families, _frame([], ERROR_COLUMNS))


def _age(doc: MaskedDoc) -> Tuple[int, str]:
    return (doc.year if doc.year is not None else 9999, doc.doc_id)


def _passage_row(a: MaskedDoc, b: MaskedDoc, span: Tuple[int, int, int, int]) -> dict:
    start_a, end_a, start_b, end_b = span
    return {"doc_a": a.doc_id, "start_a": start_a, "end_a": end_a, "doc_b": b.doc_id,
            "start_b": start_b, "end_b": end_b, "text_a": a.text[start_a:end_a],
            "text_b": b.text[start_b:end_b], "chars": end_a - start_a}


def _families(docs: Sequence[MaskedDoc], pairs: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Connected components over pairs whose larger share reaches ``threshold``, each
    named after its earliest member (by year, then doc_id): the likely template."""
    parent = {d.doc_id: d.doc_id for d in docs}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strong = pairs[pairs[["share_a", "share_b"]].max(axis=1) >= threshold] if len(pairs) else pairs
    for a, b in zip(strong["doc_a"], strong["doc_b"]):
        parent[root(a)] = root(b)
    members: Dict[str, List[MaskedDoc]] = {}
    for doc in docs:
        members.setdefault(root(doc.doc_id), []).append(doc)
    rows = []
    for group in members.values():
        head = min(group, key=_age)
        rows.extend({"doc_id": d.doc_id, "family": head.doc_id, "family_size": len(group)} for d in group)
    return _frame(rows, FAMILY_COLUMNS).sort_values(["family", "doc_id"], ignore_index=True)


def _frame(rows: List[dict], columns: List[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _check_unique(doc_ids: List[str]) -> None:
    seen = set()
    for doc_id in doc_ids:
        if doc_id in seen:
            raise errors.new("duplicate_doc_id", doc_id=doc_id)
        seen.add(doc_id)


def read_reports(paths: Optional[Sequence[PathLike]] = None) -> Tuple[List[Report], List[dict]]:
    """Reports under ``paths`` (default: the sample corpus) and an error row per unreadable input."""
    from .io import plan_inputs
    from .pipeline import sample_corpus

    if not paths:
        paths = [sample_corpus()]
    if isinstance(paths, (str, Path)):
        paths = [paths]
    reports, failed = [], []
    for item, doc_id in plan_inputs(paths):
        report = read_or_error(item, doc_id=doc_id)
        if isinstance(report, InputError):
            failed.append(asdict(report))
        else:
            reports.append(report)
    return reports, failed


def reuse_paths(paths: Optional[Sequence[PathLike]] = None, **options) -> ReuseResult:
    """``find_reuse`` over files and folders; unreadable inputs become ``errors`` rows."""
    reports, failed = read_reports(paths)
    result = find_reuse(reports, **options)
    result.errors = _frame(failed, ERROR_COLUMNS)
    return result


def write_reuse(result: ReuseResult, out: PathLike) -> List[Path]:
    """reuse_pairs.csv, reuse_passages.csv, families.csv (and errors.csv) in ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    from .writer import write_csv

    for name, frame in result.tables().items():
        written.append(write_csv(frame, out / f"{name}.csv"))  # safe for spreadsheets
    return written
