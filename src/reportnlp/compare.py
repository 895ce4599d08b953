"""Compare reports across years, townships, regions or any manifest column.

    >>> a = reportnlp.analyze(["reports/"])
    >>> from reportnlp import compare
    >>> compare.keyness(a, "decade").head()            # words that set a decade apart
    >>> compare.adoption(a, "township")                 # which township took up which slogan when
    >>> compare.panel(a, "township")                    # indicator x township x year, with flags
    >>> compare.similarity(a, "year")                   # TF-IDF cosine between documents

Every function takes an :class:`~reportnlp.pipeline.Analysis` (or its ``documents``
table plus the table it needs) and a grouping column ``by``: any ``documents`` column
(year, region, township, level, a manifest column) or the derived ``decade``.
Word counts need the documents' text: it is read again from ``documents.path`` unless
``texts`` (doc_id -> text) is given. Keyness follows Monroe, Colaresi & Quinn (2008),
"Fightin' Words": log-odds ratio with an informative Dirichlet prior taken from the
whole corpus, reported as a z-score.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd
from scipy import sparse

from . import errors
from .clauses import SENTENCE_OR_SEMICOLON, SUBJECT_BREAK, clause_before
from .lexicon import read_words
from .tokenize import SegmentCache, Tokenizer, boilerplate_words

KEYNESS_COLUMNS = ["group", "term", "count", "count_other", "log_odds", "z"]
ADOPTION_COLUMNS = ["canonical", "category", "group", "documents", "first_year", "first_date", "first_doc"]
DIFFUSION_COLUMNS = ["canonical", "category", "groups", "share", "documents", "first_year", "first_date",
                     "first_adopters", "n_first_adopters", "first_doc", "first_start", "first_end",
                     "first_sentence", "censored", "last_year", "half_reached", "all_reached"]
PANEL_COLUMNS = ["indicator", "unit", "group", "year", "value", "value_high", "qualifier", "target", "doc_id"]
SIMILARITY_COLUMNS = ["doc_a", "doc_b", "cosine"]
REST = "(rest)"

AnalysisLike = Union["Analysis", pd.DataFrame]  # noqa: F821 - pipeline.Analysis, imported lazily


# --- documents, groups and texts ------------------------------------------------------


def _documents(data) -> pd.DataFrame:
    documents = getattr(data, "documents", data)
    if not isinstance(documents, pd.DataFrame) or "doc_id" not in documents.columns:
        raise errors.new("not_documents")
    if "status" in documents.columns:
        documents = documents[documents["status"].fillna("ok") == "ok"]
    return documents


def _sort_key(label) -> Tuple[int, object]:
    return (0, float(label)) if isinstance(label, (int, float, np.integer, np.floating)) else (1, str(label))


def sorted_groups(labels: Iterable) -> List:
    """Group labels in natural order: numbers by value, then text."""
    return sorted(set(labels), key=_sort_key)


Bins = Sequence[Tuple[float, float]]
TIME_COLUMNS = ("year", "decade", "delivered", "period")


def parse_bins(spec: Union[str, Bins, None]) -> Optional[List[Tuple[float, float]]]:
    """Period bins from ``"2013-2017,2018-2022"`` (inclusive ranges; a single value is a
    one-value bin) or a list of (low, high) pairs; None stays None."""
    if spec is None:
        return None
    if isinstance(spec, str):
        bins = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            match = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(?:[-–~:]|\.\.)\s*(-?\d+(?:\.\d+)?)|(-?\d+(?:\.\d+)?)", part)
            if not match:
                raise errors.new("bad_bin", part=part)
            low, high = (match.group(1), match.group(2)) if match.group(3) is None else (match.group(3),) * 2
            bins.append((float(low), float(high)))
    else:
        bins = [(float(low), float(high)) for low, high in spec]
    if not bins:
        raise errors.new("no_bins")
    for low, high in bins:
        if low > high:
            raise errors.new("bin_reversed", low=low, high=high)
    ordered = sorted(bins)
    for (_, high), (low, _) in zip(ordered, ordered[1:]):
        if low <= high:
            raise errors.new("bins_overlap", low=low)
    return bins


def _bin_label(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}–{high:g}"


def is_time_grouping(by: str, bins=None) -> bool:
    """Whether groups are periods (year, decade, bins of a column) rather than places or kinds."""
    return bins is not None or by in TIME_COLUMNS


def group_labels(data: AnalysisLike, by: str, *, bins: Union[str, Bins, None] = None) -> pd.Series:
    """doc_id -> group label for column ``by``; documents without a value are left out.

    ``decade`` is derived from ``year`` (1987 -> "1980s"); whole-number columns such as
    ``year`` give int labels. ``bins`` ("2013-2017,2018-2022" or [(2013, 2017), ...])
    puts a numeric column's values into inclusive ranges labelled "2013–2017"; documents
    outside every bin are left out.
    """
    bins = parse_bins(bins)
    documents = _documents(data)
    if bins is not None:
        if by == "decade" or by not in documents.columns:
            raise errors.new("bin_column", by=by)
        values = pd.to_numeric(documents[by], errors="coerce")
        if values.notna().sum() == 0:
            raise errors.new("bin_not_numeric", by=by)
        labels = pd.Series(pd.NA, index=documents.index, dtype=object)
        for low, high in bins:
            labels[(values >= low) & (values <= high)] = _bin_label(low, high)
        labels = pd.Series(labels.to_numpy(dtype=object), index=documents["doc_id"].to_numpy(), name=by)
        return labels[labels.notna()]
    if by == "decade":
        years = pd.to_numeric(documents.get("year"), errors="coerce")
        labels = (years // 10 * 10).astype("Int64").astype("string") + "s"
    elif by in documents.columns:
        labels = documents[by]
        numeric = pd.to_numeric(labels, errors="coerce")
        if numeric.notna().all() and len(numeric) and (numeric % 1 == 0).all():
            labels = numeric.astype("int64")
    else:
        known = ", ".join(["decade"] + [c for c in documents.columns if c != "doc_id"])
        raise errors.new("no_group_column", by=by, known=known)
    labels = pd.Series(labels.to_numpy(dtype=object), index=documents["doc_id"].to_numpy(), name=by)
    keep = labels.notna() & (labels.astype(str).str.strip() != "") & (labels.astype(str) != "<NA>")
    return labels[keep]


def document_texts(data: AnalysisLike, doc_ids: Optional[Iterable[str]] = None) -> Dict[str, str]:
    """doc_id -> original text: the Analysis's own ``texts`` when it keeps them, else read
    again from the ``path`` column. A file that can no longer be read (moved, or a path a
    table could not hold exactly) is left out with one warning naming it."""
    import warnings

    documents = _documents(data).drop_duplicates("doc_id").set_index("doc_id")
    wanted = list(documents.index) if doc_ids is None else [d for d in doc_ids if d in documents.index]
    kept = getattr(data, "texts", None)
    if isinstance(kept, Mapping) and kept:
        found = {d: kept[d] for d in wanted if d in kept}
        if len(found) == len(wanted):
            return found
        wanted = [d for d in wanted if d not in found]
    else:
        found = {}
    from .io import read_report

    missing = []
    for doc_id in wanted:
        path = documents.at[doc_id, "path"] if "path" in documents.columns else None
        try:
            found[doc_id] = read_report(path, doc_id=doc_id).text
        except (errors.ReportError, OSError, TypeError, ValueError) as exc:
            missing.append(f"{doc_id} ({path}: {exc})")
    if missing:
        warnings.warn(f"{len(missing)} document(s) left out of the word counts, their text could not "
                      f"be read again: {'; '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}",
                      RuntimeWarning, stacklevel=2)
    return found


def _texts_for(data: AnalysisLike, texts: Optional[Mapping[str, str]], doc_ids: Iterable[str]) -> Dict[str, str]:
    if texts is not None:
        return {d: texts[d] for d in doc_ids if d in texts}
    return document_texts(data, doc_ids)


def corpus_tokenizer(data=None, *, userdict: Union[str, Path, None] = None,
                     backend: str = "jieba", **options) -> Tokenizer:
    """A Tokenizer that keeps whole every slogan and campaign named in ``data``'s named table;
    ``options`` go to :class:`~reportnlp.tokenize.Tokenizer` (``extra_stopwords=`` ...)."""
    named = getattr(data, "named", None)
    words: List[str] = []
    if isinstance(named, pd.DataFrame) and len(named):
        for column in ("canonical", "text"):
            if column in named.columns:
                words.extend(named[column].dropna().astype(str))
    return Tokenizer(words, userdict=userdict, backend=backend, **options)


# --- word counts --------------------------------------------------------------------


class _Segmenting:
    """How one process segments texts for :class:`TermCounts`: the tokenizer, the cache the
    new segmentations go to (with the tokenizer's signature) and whether each text's result
    is its segments or only their counts. In a worker pool each worker gets one, once."""

    def __init__(self, tokenizer, cache: Optional[SegmentCache], counted: bool) -> None:
        self.tokenizer = tokenizer
        self.cache = cache if isinstance(tokenizer, Tokenizer) else None
        self.signature = tokenizer.signature() if self.cache is not None else None
        self.counted = counted

    def __call__(self, texts: List[str]) -> list:
        from collections import Counter

        tokenizer = self.tokenizer
        out = []
        for text in texts:
            pieces = tokenizer.segment(text) if isinstance(tokenizer, Tokenizer) else list(tokenizer(text))
            if self.cache is not None:
                self.cache.put(self.signature, text, pieces)
            # counted in the worker: a Counter is a third of the segments to send back
            out.append(Counter(pieces) if self.counted else pieces)
        return out


_WORKER_SEGMENTING: Optional[_Segmenting] = None


def _set_worker_segmenting(segmenting: _Segmenting) -> None:
    """Pool initializer: what each worker segments with, given once per worker."""
    global _WORKER_SEGMENTING
    _WORKER_SEGMENTING = segmenting


def _segment_in_worker(texts: List[str]) -> list:
    return _WORKER_SEGMENTING(texts)


class TermCounts:
    """Document-term counts with the reportnlp Tokenizer.

    ``fit(texts)`` with texts a doc_id -> text mapping learns ``doc_ids_``, ``terms_``
    (sorted) and ``counts_`` (sparse documents x terms), as a CountVectorizer would. Keyness and similarity
    both start from one fit, so each document is segmented once. With ``n_jobs`` > 1 the
    texts are segmented in that many processes. ``cache`` (a :class:`~reportnlp.tokenize.SegmentCache`)
    keeps segmentations on disk between runs; ``progress`` shows a bar while segmenting.
    Any callable text -> tokens works as ``tokenizer``; only a Tokenizer is cached.
    """

    def __init__(self, tokenizer: Optional[Tokenizer] = None, *, min_df: int = 1,
                 max_df: float = 1.0, n_jobs: int = 1, cache: Optional[SegmentCache] = None,
                 progress: bool = False) -> None:
        self.tokenizer = tokenizer
        self.min_df = min_df
        self.max_df = max_df
        self.n_jobs = n_jobs
        self.cache = cache
        self.progress = progress

    def fit(self, texts: Mapping[str, str]) -> "TermCounts":
        if not len(texts):
            raise errors.new("no_documents_to_count")
        tokenizer = self.tokenizer if self.tokenizer is not None else Tokenizer()
        self.doc_ids_ = list(texts)
        # Count the raw segments (C speed), then judge each distinct one once: a corpus
        # repeats its words, so this is far less work than filtering token by token.
        counters = self._segmented(tokenizer, [texts[d] for d in self.doc_ids_], counted=True)
        distinct = set().union(*counters)
        if isinstance(tokenizer, Tokenizer):
            verdict = dict(zip(distinct, tokenizer.filter_each(distinct)))
        else:
            verdict = {t: t for t in distinct}
        terms = sorted({v for v in verdict.values() if v})
        column = {t: i for i, t in enumerate(terms)}
        rows, cols, data = [], [], []
        for row, counter in enumerate(counters):
            for raw, n in counter.items():
                term = verdict[raw]
                if term:
                    rows.append(row)
                    cols.append(column[term])
                    data.append(n)
        counts = sparse.csr_matrix((np.asarray(data, dtype=np.int64), (rows, cols)),
                                   shape=(len(counters), len(terms)))
        counts.sum_duplicates()
        keep = self._document_frequency_mask(counts)
        self.counts_ = counts[:, keep] if not keep.all() else counts
        self.terms_ = np.asarray(terms, dtype=object)[keep]
        return self

    def _document_frequency_mask(self, counts: sparse.csr_matrix) -> np.ndarray:
        """Terms within ``min_df`` and ``max_df`` (a count when int, a share when float), as
        scikit-learn's CountVectorizer reads them."""
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        low = self.min_df if isinstance(self.min_df, (int, np.integer)) else self.min_df * n
        high = self.max_df if isinstance(self.max_df, (int, np.integer)) else self.max_df * n
        low = low if n >= low else 1
        return (df >= low) & (df <= high)

    def segments(self, tokenizer, documents: List[str]) -> List[List[str]]:
        """Raw segments of ``documents`` for a Tokenizer (from the cache where it has them,
        the rest segmented), or the tokens any other callable gives."""
        return self._segmented(tokenizer, documents, counted=False)

    def tokenize(self, tokenizer, documents: List[str]) -> List[List[str]]:
        """Token lists for ``documents`` (what the counts are made of)."""
        pieces = self.segments(tokenizer, documents)
        if isinstance(tokenizer, Tokenizer):
            return [tokenizer.filter(p) for p in pieces]
        return pieces

    def _segmented(self, tokenizer, documents: List[str], *, counted: bool) -> list:
        """Each document's segments, or with ``counted`` their Counter: taken from the
        cache where it has them, the rest segmented (and cached) in ``n_jobs`` processes."""
        from collections import Counter

        segmenting = _Segmenting(tokenizer, self.cache, counted)
        out: list = [None] * len(documents)
        if segmenting.cache is not None:
            for i, text in enumerate(documents):
                pieces = segmenting.cache.get(segmenting.signature, text)
                if pieces is not None:
                    out[i] = Counter(pieces) if counted else pieces
        todo = [i for i, p in enumerate(out) if p is None]
        from .pipeline import _progress_bar

        with _progress_bar(len(documents), len(documents) - len(todo), self.progress) as bar:
            bar.set_description("segmenting")
            for i, result in self._segment(segmenting, [documents[i] for i in todo], todo):
                out[i] = result
                bar.update(1)
        return out

    def _segment(self, segmenting: _Segmenting, documents: List[str], positions: List[int]):
        if self.n_jobs > 1 and len(documents) > self.n_jobs:
            from concurrent.futures import ProcessPoolExecutor

            size = max(1, -(-len(documents) // (self.n_jobs * 4)))
            starts = range(0, len(documents), size)
            chunks = [documents[i:i + size] for i in starts]
            # The tokenizer goes to each worker once, not with every chunk: building its
            # segmenter (the dictionary plus every protected name) costs seconds. Built here
            # first, forked workers inherit it ready; spawned ones build it once each.
            if isinstance(segmenting.tokenizer, Tokenizer):
                segmenting.tokenizer.segment("")
            with ProcessPoolExecutor(max_workers=self.n_jobs, initializer=_set_worker_segmenting,
                                     initargs=(segmenting,)) as pool:
                for start, part in zip(starts, pool.map(_segment_in_worker, chunks)):
                    yield from zip(positions[start:start + size], part)
        else:
            for i, text in zip(positions, documents):
                yield i, segmenting([text])[0]

    def rows(self, doc_ids: Sequence[str]) -> sparse.csr_matrix:
        position = {d: i for i, d in enumerate(self.doc_ids_)}
        return self.counts_[[position[d] for d in doc_ids]]


def _counts_for(data, texts, tokenizer, counts, doc_ids, n_jobs: int = 1) -> TermCounts:
    if counts is not None:
        return counts
    texts = _texts_for(data, texts, doc_ids)
    tokenizer = tokenizer if tokenizer is not None else corpus_tokenizer(data)
    return TermCounts(tokenizer, n_jobs=n_jobs).fit(texts)


# --- keyness: Fightin' Words ------------------------------------------------------------


def log_odds_z(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each word in i versus j with prior counts ``alpha``, and its z-score.

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w);  z_w = delta_w / sqrt(var_w)
    """
    y_i = np.asarray(y_i, dtype=float)
    y_j = np.asarray(y_j, dtype=float)
    a0 = alpha.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    odds_i = (y_i + alpha) / (n_i + a0 - y_i - alpha)
    odds_j = (y_j + alpha) / (n_j + a0 - y_j - alpha)
    delta = np.log(odds_i) - np.log(odds_j)
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, delta / np.sqrt(variance)


class LogOddsKeyness:
    """Words that set one group of documents apart (Monroe, Colaresi & Quinn 2008).

    Parameters: ``prior_tokens`` is a_0, the weight of the corpus-wide prior in tokens
    (default: the mean number of tokens per group, so the prior counts as much as one
    group's text); ``min_count``: a word must occur this often in the two sides together.
    ``fit(counts, groups)`` takes a fitted :class:`TermCounts` and doc_id -> group labels
    and learns ``groups_``, ``terms_``, ``group_counts_`` (groups x terms) and ``prior_``.
    """

    def __init__(self, *, prior_tokens: Optional[float] = None, min_count: int = 5) -> None:
        self.prior_tokens = prior_tokens
        self.min_count = min_count

    def fit(self, counts: TermCounts, groups: pd.Series) -> "LogOddsKeyness":
        groups = groups[groups.index.isin(counts.doc_ids_)]
        if groups.empty:
            raise errors.new("no_labelled_words")
        self.groups_ = sorted_groups(groups)
        matrix = counts.rows(list(groups.index))
        codes = np.array([self.groups_.index(g) for g in groups])
        membership = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                                       shape=(len(self.groups_), len(codes)))
        self.group_counts_ = np.asarray((membership @ matrix).todense())
        self.terms_ = np.asarray(counts.terms_)
        total = self.group_counts_.sum(axis=0)
        a0 = self.prior_tokens if self.prior_tokens is not None else total.sum() / len(self.groups_)
        self.prior_ = a0 * total / max(total.sum(), 1)
        return self

    def exclude(self, words: Iterable[str]) -> "LogOddsKeyness":
        """Leave ``words`` out of the tables (their counts stay in the totals and the prior)."""
        self.excluded_ = frozenset(words) | getattr(self, "excluded_", frozenset())
        self._excluded_mask = np.fromiter((t in self.excluded_ for t in self.terms_), bool, len(self.terms_))
        return self

    def compare(self, group, other=None) -> pd.DataFrame:
        """``group`` against ``other`` (a group label) or, by default, all other groups."""
        i = self.groups_.index(group)
        y_i = self.group_counts_[i]
        if other is None:
            y_j, other_label = self.group_counts_.sum(axis=0) - y_i, REST
        else:
            y_j, other_label = self.group_counts_[self.groups_.index(other)], other
        keep = (y_i + y_j) >= self.min_count
        if getattr(self, "excluded_", None):
            keep &= ~self._excluded_mask
        alpha = np.where(self.prior_ > 0, self.prior_, 1e-9)
        delta, z = log_odds_z(y_i, y_j, alpha)
        frame = pd.DataFrame({
            "group": group, "term": self.terms_[keep], "count": y_i[keep].astype(int),
            "count_other": y_j[keep].astype(int), "log_odds": delta[keep], "z": z[keep],
            "other": other_label,
        })
        return frame.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)

    def table(self, pair: Optional[Tuple[object, object]] = None, *, top: Optional[int] = None) -> pd.DataFrame:
        """The keyness table: each group against the rest, or the two groups of ``pair``."""
        if pair is not None:
            a, b = pair
            frames = [self.compare(a, b), self.compare(b, a)]
        else:
            frames = [self.compare(g) for g in self.groups_]
        if top is not None:
            frames = [f.head(top) for f in frames]
        columns = KEYNESS_COLUMNS + ["other"]
        return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def keyness(data: AnalysisLike, by: str, *, pair: Optional[Tuple[object, object]] = None,
            top: Optional[int] = None, min_count: int = 5, prior_tokens: Optional[float] = None,
            texts: Optional[Mapping[str, str]] = None, tokenizer: Optional[Tokenizer] = None,
            counts: Optional[TermCounts] = None, bins: Union[str, Bins, None] = None,
            exclude: Union[Iterable[str], str, None] = None) -> pd.DataFrame:
    """Distinctive words per group: ``group, term, count, count_other, log_odds, z``.

    Each group is set against all others, or, with ``pair=(a, b)``, a against b and b
    against a. Rows run from the most distinctive word (highest z) down; ``top`` keeps
    that many per group. ``bins`` groups a numeric ``by`` into periods (see
    :func:`group_labels`). ``exclude`` leaves words out of the table (they still count in
    the totals): ``"boilerplate"`` for the generic administrative words of
    ``lexicons/boilerplate_words.txt`` (提高, 加强, 进一步 ...), or any list of words.
    """
    groups = group_labels(data, by, bins=bins)
    if pair is not None:
        missing = [g for g in pair if g not in set(groups)]
        if missing:
            raise errors.new("no_such_group", missing=missing, by=by)
        groups = groups[groups.isin(pair)]
    counts = _counts_for(data, texts, tokenizer, counts, list(groups.index))
    model = LogOddsKeyness(prior_tokens=prior_tokens, min_count=min_count).fit(counts, groups)
    if exclude is not None:
        words = boilerplate_words() if isinstance(exclude, str) and exclude == "boilerplate" else exclude
        model.exclude(words)
    return model.table(pair, top=top)


# --- adoption of slogans and campaigns ------------------------------------------------------


def _item_keys(named: pd.DataFrame) -> pd.Series:
    """The name an item is counted under: ``canonical`` (else the text as written), with the
    ``sense`` appended in brackets when the named table tells homonyms apart that way
    (两新 [equipment] vs 两新 [new organisations] are then two items)."""
    canonical = named["canonical"] if "canonical" in named.columns else named["text"]
    canonical = canonical.where(canonical.fillna("").astype(str).str.strip() != "", named["text"]).astype(str)
    if "sense" in named.columns:
        sense = named["sense"].fillna("").astype(str).str.strip()
        canonical = canonical.where(sense == "", canonical + " [" + sense + "]")
    return canonical


def document_dates(data: AnalysisLike) -> pd.DataFrame:
    """doc_id -> ``year`` (numeric) and ``date`` (the ``delivered`` column as a date when the
    documents table has one, else missing): the order in which documents spoke."""
    documents = _documents(data).set_index("doc_id")
    years = pd.to_numeric(documents["year"] if "year" in documents.columns else pd.Series(
        np.nan, index=documents.index), errors="coerce")
    if "delivered" in documents.columns:
        dates = pd.to_datetime(documents["delivered"], errors="coerce")
        years = years.fillna(dates.dt.year)
    else:
        dates = pd.Series(pd.NaT, index=documents.index, dtype="datetime64[ns]")
    frame = pd.DataFrame({"year": years, "date": dates})
    return frame[~frame.index.duplicated()]


def adoption(data: AnalysisLike, by: str, *, named: Optional[pd.DataFrame] = None,
             bins: Union[str, Bins, None] = None) -> pd.DataFrame:
    """Which group took up which named item, how widely and when first.

    Returns ``canonical, category, group, documents, first_year, first_date, first_doc``: for
    each slogan or campaign (by its canonical name, kept apart by sense when the named table
    has a ``sense`` column) and group, the number of documents that name it, the earliest
    document year, its date (documents' ``delivered`` column; missing without one) and that
    document. Documents are ordered by year, then date, then doc_id.
    """
    named = getattr(data, "named", None) if named is None else named
    if named is None or named.empty:
        return pd.DataFrame(columns=ADOPTION_COLUMNS)
    groups = group_labels(data, by, bins=bins).rename("group")
    items = named[["doc_id", "category", "text"]].copy()
    items["canonical"] = _item_keys(named)
    items = items.join(groups, on="doc_id", how="inner").join(document_dates(data), on="doc_id")
    if items.empty:
        return pd.DataFrame(columns=ADOPTION_COLUMNS)
    # One category per name: the one most documents give it.
    category = (items.groupby(["canonical", "category"]).doc_id.nunique()
                .reset_index().sort_values(["canonical", "doc_id"], ascending=[True, False])
                .drop_duplicates("canonical").set_index("canonical")["category"])
    items["category"] = items["canonical"].map(category)
    items = items.sort_values(["year", "date", "doc_id"], na_position="last")
    table = items.groupby(["canonical", "category", "group"], sort=False).agg(
        documents=("doc_id", "nunique"), first_year=("year", "first"), first_date=("date", "first"),
        first_doc=("doc_id", "first"),
    ).reset_index()
    table["first_year"] = table["first_year"].astype("Int64")
    table["_g"] = table["group"].map(_sort_key)
    table = table.sort_values(["canonical", "first_year", "first_date", "_g"], na_position="last")
    return table.drop(columns="_g").reset_index(drop=True)[ADOPTION_COLUMNS]



def sentence_around(text: str, start: int, end: int, *, limit: int = 80) -> str:
    """The sentence of ``text`` that holds ``text[start:end]``: from the last 。！？； or line
    break before it to the next one after it (kept), at most ``limit`` characters each side."""
    if not isinstance(text, str) or not 0 <= start <= end <= len(text):
        return ""
    before = text[max(0, start - limit):start]
    breaks = list(SENTENCE_OR_SEMICOLON.finditer(before))
    left = start - len(before) + (breaks[-1].end() if breaks else 0)
    after = SENTENCE_OR_SEMICOLON.search(text, end, min(len(text), end + limit))
    right = after.end() if after else min(len(text), end + limit)
    return text[left:right].strip()


def diffusion(data: AnalysisLike, by: str, *, named: Optional[pd.DataFrame] = None,
              texts: Optional[Mapping[str, str]] = None, adoption_table: Optional[pd.DataFrame] = None,
              min_groups: int = 1, sentence: bool = True, bins: Union[str, Bins, None] = None) -> pd.DataFrame:
    """Which items spread to how many groups, first where and when: one row per item.

    Columns: ``canonical, category, groups`` (groups that name it), ``share`` (of the groups
    in ``by``), ``documents``, ``first_year``, ``first_date`` (from the documents'
    ``delivered`` column when there is one), ``first_adopters`` (every group tied at the
    first year, or at the first date when dates are known; joined by "、"),
    ``n_first_adopters``, ``first_doc``, ``first_start``/``first_end`` (the first mention's
    offsets in that document), ``first_sentence`` (the sentence around it), ``censored``
    (the first year is the corpus's first year, so the item may be older than the corpus:
    left-censored), ``last_year`` (last mention), ``half_reached`` and ``all_reached`` (the
    years by which half, and all, of the groups that name it had done so: how fast it
    spread). Rows run from the most widely adopted item down.
    ``texts`` (doc_id -> text) gives the sentences; by default the Analysis's texts, else
    the files are read again. ``sentence=False`` skips them.
    """
    named = getattr(data, "named", None) if named is None else named
    table = adoption(data, by, named=named, bins=bins) if adoption_table is None else adoption_table
    if named is None or table.empty:
        return pd.DataFrame(columns=DIFFUSION_COLUMNS)
    groups = group_labels(data, by, bins=bins)
    dates = document_dates(data)
    corpus_first = dates.loc[dates.index.isin(groups.index), "year"].min()
    by_item = table.groupby("canonical", sort=False)
    out = pd.DataFrame({"category": by_item["category"].first(), "groups": by_item["group"].nunique(),
                        "documents": by_item["documents"].sum().astype(int)})
    known = table.dropna(subset=["first_year"])
    first_year = known.groupby("canonical")["first_year"].min()
    tied = known[known["first_year"] == known["canonical"].map(first_year)]
    # Within the first year, the first date decides when the tied documents have dates.
    first_date = tied.groupby("canonical")["first_date"].min()
    date = tied["canonical"].map(first_date)
    tied = tied[date.isna() | (tied["first_date"] == date)]
    tied = tied.assign(_g=tied["group"].map(_sort_key)).sort_values(["canonical", "_g"])
    per_item = tied.groupby("canonical", sort=False)
    joined = known.groupby("canonical")["first_year"]
    out = out.join(pd.DataFrame({
        "first_year": first_year, "first_date": first_date,
        "first_adopters": per_item["group"].agg(lambda g: "、".join(map(str, g))),
        "n_first_adopters": per_item["group"].nunique(), "first_doc": per_item["first_doc"].min(),
        "half_reached": joined.quantile(0.5, interpolation="lower"), "all_reached": joined.max(),
    }))
    out["n_first_adopters"] = out["n_first_adopters"].fillna(0).astype(int)
    out["censored"] = out["first_year"].notna() & (out["first_year"] == corpus_first)
    out = out.rename_axis("canonical").reset_index()
    out["share"] = out["groups"] / max(groups.nunique(), 1)
    last = named[["doc_id"]].assign(canonical=_item_keys(named)).join(dates["year"], on="doc_id")
    out["last_year"] = out["canonical"].map(last.groupby("canonical")["year"].max()).astype("Int64")
    out = out[out["groups"] >= min_groups]
    out = out.join(_first_mentions(named, out), on=["canonical", "first_doc"])
    if sentence:
        texts = _texts_for(data, texts, out["first_doc"].dropna().unique())
        out["first_sentence"] = [
            sentence_around(texts.get(d, ""), int(a), int(b)) if pd.notna(a) and d in texts else ""
            for d, a, b in zip(out["first_doc"], out["first_start"], out["first_end"])]
    else:
        out["first_sentence"] = ""
    for column in ("first_year", "half_reached", "all_reached"):
        out[column] = out[column].astype("Int64")
    out = out.sort_values(["groups", "documents", "first_year", "canonical"],
                          ascending=[False, False, True, True], ignore_index=True)
    return out[DIFFUSION_COLUMNS]


def _first_mentions(named: pd.DataFrame, wanted: pd.DataFrame) -> pd.DataFrame:
    """(canonical, doc_id) -> the offsets of the item's first mention in that document."""
    rows = named[["doc_id", "start", "end"]].assign(canonical=_item_keys(named))
    rows = rows[rows["doc_id"].isin(set(wanted["first_doc"].dropna()))]
    rows = rows.sort_values(["doc_id", "start"]).drop_duplicates(["canonical", "doc_id"])
    return (rows.rename(columns={"doc_id": "first_doc", "start": "first_start", "end": "first_end"})
            .set_index(["canonical", "first_doc"])[["first_start", "first_end"]].astype("Int64"))


def adoption_curve(adoption_table: pd.DataFrame, *, total_groups: Optional[int] = None,
                   items: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Cumulative number (and share) of groups that have named each item by each year.

    Returns ``canonical, year, groups, share``; ``share`` is out of ``total_groups``
    (default: every group in the adoption table). ``items`` limits it to those names.
    """
    table = adoption_table.dropna(subset=["first_year"])
    columns = ["canonical", "year", "groups", "share"]
    if items is not None:
        table = table[table["canonical"].isin(set(items))]
    if table.empty:
        return pd.DataFrame(columns=columns)
    total = total_groups or adoption_table["group"].nunique()
    firsts = table.groupby(["canonical", "group"])["first_year"].min().astype(int).reset_index()
    years = np.arange(firsts["first_year"].min(), firsts["first_year"].max() + 1)
    new = firsts.groupby(["canonical", "first_year"]).size().unstack(fill_value=0)
    cumulative = new.reindex(columns=years, fill_value=0).cumsum(axis=1)
    cumulative.columns.name = "year"
    curve = cumulative.stack().rename("groups").reset_index()
    curve["year"] = curve["year"].astype(int)
    curve["groups"] = curve["groups"].astype(int)
    curve["share"] = curve["groups"] / total
    return curve.sort_values(["canonical", "year"], ignore_index=True)[columns]


# --- claim panels ----------------------------------------------------------------------

_NOT_INDICATOR = re.compile(r"[\s\d０-９.,，、。；;：:（）()“”\"'《》【】\[\]%％+\-—~～·]+")


def default_modifiers() -> Tuple[str, ...]:
    """Entries of ``lexicons/indicator_modifiers.txt``: word, ^prefix or suffix$."""
    return read_words("indicator_modifiers.txt")


@lru_cache(maxsize=64)
def _modifier_pattern(modifiers: Tuple[str, ...]) -> "re.Pattern[str]":
    anywhere = sorted({m for m in modifiers if not m.startswith("^") and not m.endswith("$")}, key=len, reverse=True)
    prefixes = sorted({m[1:] for m in modifiers if m.startswith("^") and len(m) > 1}, key=len, reverse=True)
    suffixes = sorted({m[:-1] for m in modifiers if m.endswith("$") and len(m) > 1}, key=len, reverse=True)
    parts = []
    if anywhere:
        parts.append("(?:" + "|".join(map(re.escape, anywhere)) + ")")
    if prefixes:
        parts.append("^(?:" + "|".join(map(re.escape, prefixes)) + ")+")
    if suffixes:
        parts.append("(?:" + "|".join(map(re.escape, suffixes)) + ")+$")
    return re.compile("|".join(parts) if parts else r"(?!)")


def normalize_indicator(subject: str, modifiers: Optional[Sequence[str]] = None) -> str:
    """The indicator a claim subject measures: modifiers (贫困, 累计, 全年...), clause
    openers and closers, digits and punctuation removed, so 培训贫困妇女 and 累计培训妇女
    meet as 培训妇女. ``modifiers`` replaces the lexicon (same ^prefix / suffix$ syntax)."""
    if not isinstance(subject, str):
        return ""
    pattern = _modifier_pattern(default_modifiers() if modifiers is None else tuple(modifiers))
    text = _NOT_INDICATOR.sub("", unicodedata.normalize("NFKC", subject))
    text = pattern.sub("", text)
    return pattern.sub("", text)  # an opener may sit behind a removed modifier


def last_written_digit(claim_text: str) -> Optional[int]:
    """Last digit of the number as written (1.2万 -> 2, 350 -> 0); None for one-digit
    integers and Chinese numerals, whose rounding says nothing."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", unicodedata.normalize("NFKC", claim_text or ""))
    if not match:
        return None
    digits = match.group().replace(",", "")
    if "." not in digits and len(digits.lstrip("0")) < 2:
        return None
    return int(digits[-1])


def panel(data: AnalysisLike, by: str, *, claims: Optional[pd.DataFrame] = None,
          texts: Optional[Mapping[str, str]] = None, modifiers: Optional[Sequence[str]] = None,
          include_placeholders: bool = False) -> pd.DataFrame:
    """Indicator x group x year panel from the claims table.

    Returns ``indicator, unit, group, year, value, value_high, qualifier, target, doc_id``
    plus ``subject``, ``text``, ``start``, ``report_year``, ``round`` (written number ends
    in 0 or 5; NA when it cannot tell) and ``repeated`` (the same value for the same
    indicator and group in another year). ``indicator`` is the claim's indicator id
    (lexicons/indicators.tsv) when it has one, else its subject without modifiers; claims
    without a subject take the words before them in the text when ``texts`` is given.
    Cumulative and average figures (claims.scope) are left out, and ``year`` is the year a
    figure is about (claims.period) when known, else the report's year (``report_year``).
    """
    claims = getattr(data, "claims", None) if claims is None else claims
    columns = PANEL_COLUMNS + ["subject", "text", "start", "report_year", "round", "repeated"]
    if claims is None or claims.empty:
        return pd.DataFrame(columns=columns)
    groups = group_labels(data, by).rename("group")
    years = pd.to_numeric(_documents(data).set_index("doc_id")["year"], errors="coerce").rename("year")
    rows = claims.join(groups, on="doc_id", how="inner").join(years, on="doc_id")
    if not include_placeholders and "placeholder" in rows.columns:
        rows = rows[~rows["placeholder"].fillna(False).astype(bool)]
    rows = rows[rows["value"].notna()].copy()
    subject = rows.get("subject", pd.Series("", index=rows.index)).fillna("").astype(str)
    if texts is not None:
        empty = subject.str.strip() == ""
        # the words before the number since the last clause break: a subject when none was extracted
        subject[empty] = [clause_before(texts.get(d, ""), int(s), reach=24, breaks=SUBJECT_BREAK)
                          for d, s in zip(rows.loc[empty, "doc_id"], rows.loc[empty, "start"])]
    rows["subject"] = subject
    rows = annual_indicator_rows(rows, [normalize_indicator(s, modifiers) for s in subject])
    rows["unit"] = rows["unit"].fillna("").astype(str)
    rows["target"] = rows["target"].fillna(False).astype(bool)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    digit = [last_written_digit(t) for t in rows["text"].fillna("")]
    rows["round"] = pd.array([None if d is None else d in (0, 5) for d in digit], dtype="boolean")
    rows = rows.sort_values(["indicator", "unit", "year", "doc_id", "start"], key=None)
    rows["repeated"] = _repeated_across_years(rows)
    return rows[columns].reset_index(drop=True)


def _repeated_across_years(rows: pd.DataFrame) -> pd.Series:
    named = rows[rows["indicator"] != ""]
    years = named.groupby(["indicator", "unit", "group", "value"])["year"].transform("nunique")
    return (years.reindex(rows.index).fillna(0) > 1)


def heaping(panel_table: pd.DataFrame, by: str = "group", *, expected: float = 0.2,
            include_targets: bool = False) -> pd.DataFrame:
    """Round-number heaping: share of written numbers ending in 0 or 5 against ``expected``
    (0.2 when last digits are uniform). Returns ``<by>, values, round, share, expected,
    excess, z``; a z above 2-3 says the numbers were rounded or made up more than chance
    allows. Targets are round by nature and are left out unless ``include_targets``."""
    known = panel_table[panel_table["round"].notna()]
    if not include_targets:
        known = known[~known["target"].astype(bool)]
    if known.empty:
        return pd.DataFrame(columns=[by, "values", "round", "share", "expected", "excess", "z"])
    table = known.groupby(by)["round"].agg(values="size", round="sum").reset_index()
    table["round"] = table["round"].astype(int)
    table["share"] = table["round"] / table["values"]
    table["expected"] = expected
    table["excess"] = table["share"] - expected
    table["z"] = table["excess"] / np.sqrt(expected * (1 - expected) / table["values"])
    return table.sort_values("z", ascending=False, ignore_index=True)


def annual_indicator_rows(rows: pd.DataFrame, subject_indicators: Sequence[str]) -> pd.DataFrame:
    """Panel rows on indicator ids: see :func:`reportnlp.targets.annual_rows`."""
    from .targets import annual_rows

    return annual_rows(rows, subject_indicators)


def target_vs_result(panel_table: pd.DataFrame) -> pd.DataFrame:
    """Each target of a :func:`panel` next to the result reported for its year, with a
    direction- and qualifier-aware ``met`` and ``margin`` (:func:`reportnlp.targets.attainment`);
    only the pairs that have both. Returns the attainment columns plus ``unit``."""
    from .targets import attainment_from_panel

    table = attainment_from_panel(panel_table)
    return table[table["target"].notna() & table["result"].notna()].reset_index(drop=True)


# --- similarity ------------------------------------------------------------------------


def similarity_matrix(counts: TermCounts, *, sublinear_tf: bool = True) -> pd.DataFrame:
    """Square doc x doc TF-IDF cosine similarity (symmetric, 1 on the diagonal)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    memo = getattr(counts, "_cosine", {})
    if sublinear_tf in memo:  # similarity and group_similarity share one fit
        return memo[sublinear_tf]
    tfidf = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(counts.counts_)
    cosine = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(cosine, [1.0 if tfidf[i].nnz else 0.0 for i in range(tfidf.shape[0])])
    matrix = pd.DataFrame(cosine.clip(0.0, 1.0), index=counts.doc_ids_, columns=counts.doc_ids_)
    counts._cosine = {**memo, sublinear_tf: matrix}
    return matrix


def similarity(data: AnalysisLike, by: Optional[str] = None, *, top_k: Optional[int] = None,
               min_cosine: float = 0.0, texts: Optional[Mapping[str, str]] = None,
               tokenizer: Optional[Tokenizer] = None, counts: Optional[TermCounts] = None,
               bins: Union[str, Bins, None] = None) -> pd.DataFrame:
    """TF-IDF cosine between documents: ``doc_a, doc_b, cosine`` (each pair once, a before b).

    With ``by``, also ``group_a, group_b, same_group``. ``top_k`` keeps each document's k
    nearest neighbours, which keeps the table small for big corpora.
    """
    documents = _documents(data)
    doc_ids = list(documents["doc_id"])
    counts = _counts_for(data, texts, tokenizer, counts, doc_ids)
    matrix = similarity_matrix(counts)
    values = matrix.to_numpy()
    n = len(values)
    a, b = np.triu_indices(n, k=1)
    keep = values[a, b] >= min_cosine
    if top_k is not None and n > 1:
        masked = values.copy()
        np.fill_diagonal(masked, -np.inf)
        k = min(top_k, n - 1)
        nearest = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        chosen = np.zeros_like(masked, dtype=bool)
        chosen[np.repeat(np.arange(n), k), nearest.ravel()] = True
        keep &= (chosen | chosen.T)[a, b]
    ids = np.asarray(counts.doc_ids_, dtype=object)
    table = pd.DataFrame({"doc_a": ids[a[keep]], "doc_b": ids[b[keep]], "cosine": values[a, b][keep]})
    if by is not None:
        groups = group_labels(data, by, bins=bins)
        table["group_a"] = table["doc_a"].map(groups)
        table["group_b"] = table["doc_b"].map(groups)
        table["same_group"] = table["group_a"] == table["group_b"]
    return table.sort_values("cosine", ascending=False, ignore_index=True)


def group_similarity(data, by: Optional[str] = None, *, counts: Optional[TermCounts] = None,
                     texts: Optional[Mapping[str, str]] = None, tokenizer: Optional[Tokenizer] = None,
                     bins: Union[str, Bins, None] = None) -> pd.DataFrame:
    """Mean TF-IDF cosine within and between groups: ``group_a, group_b, mean_cosine, pairs``.

    ``data`` is an Analysis (then every pair of documents counts, from the full matrix) or a
    :func:`similarity` table made with ``by`` (then only the pairs the table kept count).
    """
    if isinstance(data, pd.DataFrame) and {"doc_a", "doc_b", "cosine"} <= set(data.columns):
        return _group_similarity_from_pairs(data)
    if by is None:
        raise errors.new("no_grouping_column")
    groups = group_labels(data, by, bins=bins)
    counts = _counts_for(data, texts, tokenizer, counts, list(groups.index))
    matrix = similarity_matrix(counts)
    ids = [d for d in matrix.index if d in groups.index]
    values = matrix.loc[ids, ids].to_numpy()
    labels = groups.loc[ids].to_numpy(dtype=object)
    order = sorted_groups(labels)
    rows = []
    for i, a in enumerate(order):
        in_a = labels == a
        for b in order[i:]:
            in_b = labels == b
            block = values[np.ix_(in_a, in_b)]
            if a == b:
                n = int(in_a.sum())
                pairs = n * (n - 1) // 2
                total = (block.sum() - np.trace(block)) / 2
            else:
                pairs = block.size
                total = block.sum()
            rows.append({"group_a": a, "group_b": b, "mean_cosine": total / pairs if pairs else np.nan,
                         "pairs": pairs})
    return pd.DataFrame(rows, columns=["group_a", "group_b", "mean_cosine", "pairs"])


def _group_similarity_from_pairs(similarity_table: pd.DataFrame) -> pd.DataFrame:
    table = similarity_table.dropna(subset=["group_a", "group_b"])
    ordered = [tuple(sorted_groups([x, y])) if x != y else (x, y)
               for x, y in zip(table["group_a"], table["group_b"])]
    frame = pd.DataFrame(ordered, columns=["group_a", "group_b"], index=table.index)
    frame["cosine"] = table["cosine"]
    return (frame.groupby(["group_a", "group_b"], sort=False)["cosine"]
            .agg(mean_cosine="mean", pairs="size").reset_index())


# --- everything at once --------------------------------------------------------------------


def compare(data: AnalysisLike, by: str, *, top: int = 100, min_count: int = 5,
            similarity_top_k: Optional[int] = 20, texts: Optional[Mapping[str, str]] = None,
            tokenizer: Optional[Tokenizer] = None, userdict: Union[str, Path, None] = None,
            backend: str = "jieba", n_jobs: int = 1, bins: Union[str, Bins, None] = None,
            extra_stopwords: Iterable[str] = (), boilerplate: bool = True,
            cache: Union[SegmentCache, str, Path, bool, None] = None,
            progress: bool = False) -> Dict[str, pd.DataFrame]:
    """keyness, adoption, diffusion, panel (with heaping) and similarity tables for ``by``,
    segmenting each text once (in ``n_jobs`` processes).

    ``bins`` groups a numeric ``by`` into periods ("2013-2017,2018-2022"). ``extra_stopwords``
    are dropped on top of the default stop list; ``boilerplate`` leaves the generic
    administrative words of ``lexicons/boilerplate_words.txt`` out of keyness.
    ``cache``: a :class:`~reportnlp.tokenize.SegmentCache`, a folder for one, True for the
    default folder (:func:`~reportnlp.tokenize.default_cache_dir`), None/False for none.
    """
    groups = group_labels(data, by, bins=bins)
    if groups.empty:
        raise errors.new("no_group_values", by=by)
    texts = document_texts(data) if texts is None else dict(texts)
    if not texts:
        raise errors.new("no_texts_to_count")
    if tokenizer is None:
        tokenizer = corpus_tokenizer(data, userdict=userdict, backend=backend,
                                     extra_stopwords=tuple(extra_stopwords))
    if cache is True:
        cache = SegmentCache()
    elif isinstance(cache, (str, Path)):
        cache = SegmentCache(cache)
    elif cache is False:
        cache = None
    counts = TermCounts(tokenizer, n_jobs=n_jobs, cache=cache, progress=progress).fit(texts)
    adoption_table = adoption(data, by, bins=bins)
    tables = {
        "keyness": keyness(data, by, top=top, min_count=min_count, counts=counts, bins=bins,
                           exclude="boilerplate" if boilerplate else None),
        "adoption": adoption_table,
        "diffusion": diffusion(data, by, texts=texts, adoption_table=adoption_table, bins=bins),
        "panel": panel(data, by, texts=texts),
        "similarity": similarity(data, by, top_k=similarity_top_k, counts=counts, bins=bins),
        "group_similarity": group_similarity(data, by, counts=counts, bins=bins),
    }
    tables["heaping"] = heaping(tables["panel"])
    tables.update(target_tables(data))
    return tables


def target_tables(data: AnalysisLike) -> Dict[str, pd.DataFrame]:
    """attainment, attainment_coverage and amplification from the headline table
    (:mod:`reportnlp.targets`); empty tables when ``data`` has no headline table."""
    from . import targets

    return targets.compare_tables(data)


def write_comparison(tables: Mapping[str, pd.DataFrame], out: Union[str, Path]) -> List[Path]:
    """Write the tables as CSV into ``out`` (safe for spreadsheets); their figures are
    :func:`reportnlp.plot.write_comparison_figures`'s."""
    from .writer import write_csv

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return [write_csv(frame, out / f"{name}.csv") for name, frame in tables.items()]
