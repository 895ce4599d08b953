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

from .lexicon import read_words
from .tokenize import Tokenizer

KEYNESS_COLUMNS = ["group", "term", "count", "count_other", "log_odds", "z"]
ADOPTION_COLUMNS = ["canonical", "category", "group", "documents", "first_year", "first_doc"]
PANEL_COLUMNS = ["indicator", "unit", "group", "year", "value", "value_high", "qualifier", "target", "doc_id"]
SIMILARITY_COLUMNS = ["doc_a", "doc_b", "cosine"]
REST = "(rest)"

AnalysisLike = Union["Analysis", pd.DataFrame]  # noqa: F821 - pipeline.Analysis, imported lazily


# --- documents, groups and texts ------------------------------------------------------


def _documents(data) -> pd.DataFrame:
    documents = getattr(data, "documents", data)
    if not isinstance(documents, pd.DataFrame) or "doc_id" not in documents.columns:
        raise TypeError("expected an Analysis or a documents DataFrame with a doc_id column")
    if "status" in documents.columns:
        documents = documents[documents["status"].fillna("ok") == "ok"]
    return documents


def _sort_key(label) -> Tuple[int, object]:
    return (0, float(label)) if isinstance(label, (int, float, np.integer, np.floating)) else (1, str(label))


def sorted_groups(labels: Iterable) -> List:
    """Group labels in natural order: numbers by value, then text."""
    return sorted(set(labels), key=_sort_key)


def group_labels(data: AnalysisLike, by: str) -> pd.Series:
    """doc_id -> group label for column ``by``; documents without a value are left out.

    ``decade`` is derived from ``year`` (1987 -> "1980s"); whole-number columns such as
    ``year`` give int labels.
    """
    documents = _documents(data)
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
        raise KeyError(f"cannot group by {by!r}: the documents table has no such column "
                       f"(choose one of: {known})")
    labels = pd.Series(labels.to_numpy(dtype=object), index=documents["doc_id"].to_numpy(), name=by)
    keep = labels.notna() & (labels.astype(str).str.strip() != "") & (labels.astype(str) != "<NA>")
    return labels[keep]


def document_texts(data: AnalysisLike, doc_ids: Optional[Iterable[str]] = None) -> Dict[str, str]:
    """doc_id -> original text, read again from the ``path`` column."""
    from .io import read_report

    documents = _documents(data).set_index("doc_id")
    wanted = documents.index if doc_ids is None else [d for d in doc_ids if d in documents.index]
    texts = {}
    for doc_id in wanted:
        path = documents.at[doc_id, "path"]
        texts[doc_id] = read_report(path, doc_id=doc_id).text
    return texts


def corpus_tokenizer(data=None, *, userdict: Union[str, Path, None] = None,
                     backend: str = "jieba", **options) -> Tokenizer:
    """A Tokenizer that keeps whole every slogan and campaign named in ``data``'s named table."""
    named = getattr(data, "named", None)
    words: List[str] = []
    if isinstance(named, pd.DataFrame) and len(named):
        for column in ("canonical", "text"):
            if column in named.columns:
                words.extend(named[column].dropna().astype(str))
    return Tokenizer(words, userdict=userdict, backend=backend, **options)


# --- word counts --------------------------------------------------------------------


def _pretokenized(tokens: List[str]) -> List[str]:
    return tokens


def _tokenize_chunk(args) -> List[List[str]]:
    tokenizer, texts = args
    return [tokenizer(text) for text in texts]


class TermCounts:
    """Document-term counts with the reportnlp Tokenizer (scikit-learn CountVectorizer).

    ``fit(texts)`` with texts a doc_id -> text mapping learns ``doc_ids_``, ``terms_``,
    ``counts_`` (sparse documents x terms) and ``vectorizer_``. Keyness and similarity
    both start from one fit, so each document is segmented once. With ``n_jobs`` > 1 the
    texts are segmented in that many processes and ``vectorizer_`` takes token lists.
    """

    def __init__(self, tokenizer: Optional[Tokenizer] = None, *, min_df: int = 1,
                 max_df: float = 1.0, n_jobs: int = 1) -> None:
        self.tokenizer = tokenizer
        self.min_df = min_df
        self.max_df = max_df
        self.n_jobs = n_jobs

    def fit(self, texts: Mapping[str, str]) -> "TermCounts":
        from sklearn.feature_extraction.text import CountVectorizer

        if not len(texts):
            raise ValueError("no documents to count words in")
        tokenizer = self.tokenizer if self.tokenizer is not None else Tokenizer()
        min_df = self.min_df if len(texts) >= self.min_df else 1
        self.doc_ids_ = list(texts)
        documents = [texts[d] for d in self.doc_ids_]
        if self.n_jobs > 1 and len(documents) > self.n_jobs:
            documents = self._tokenize_parallel(tokenizer, documents)
            options = {"analyzer": _pretokenized}
        else:
            options = {"tokenizer": tokenizer, "lowercase": False, "token_pattern": None}
        self.vectorizer_ = CountVectorizer(min_df=min_df, max_df=self.max_df, **options)
        self.counts_ = self.vectorizer_.fit_transform(documents).tocsr()
        self.terms_ = self.vectorizer_.get_feature_names_out()
        return self

    def _tokenize_parallel(self, tokenizer, documents: List[str]) -> List[List[str]]:
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, -(-len(documents) // (self.n_jobs * 4)))
        chunks = [(tokenizer, documents[i:i + size]) for i in range(0, len(documents), size)]
        with ProcessPoolExecutor(max_workers=self.n_jobs) as pool:
            return [tokens for part in pool.map(_tokenize_chunk, chunks) for tokens in part]

    def rows(self, doc_ids: Sequence[str]) -> sparse.csr_matrix:
        position = {d: i for i, d in enumerate(self.doc_ids_)}
        return self.counts_[[position[d] for d in doc_ids]]


def _counts_for(data, texts, tokenizer, counts, doc_ids, n_jobs: int = 1) -> TermCounts:
    if counts is not None:
        return counts
    if texts is None:
        texts = document_texts(data, doc_ids)
    else:
        texts = {d: texts[d] for d in doc_ids if d in texts}
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
            raise ValueError("no document has both words and a group label")
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

    def compare(self, group, other=None) -> pd.DataFrame:
        """``group`` against ``other`` (a group label) or, by default, all other groups."""
        i = self.groups_.index(group)
        y_i = self.group_counts_[i]
        if other is None:
            y_j, other_label = self.group_counts_.sum(axis=0) - y_i, REST
        else:
            y_j, other_label = self.group_counts_[self.groups_.index(other)], other
        keep = (y_i + y_j) >= self.min_count
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
            counts: Optional[TermCounts] = None) -> pd.DataFrame:
    """Distinctive words per group: ``group, term, count, count_other, log_odds, z``.

    Each group is set against all others, or, with ``pair=(a, b)``, a against b and b
    against a. Rows run from the most distinctive word (highest z) down; ``top`` keeps
    that many per group.
    """
    groups = group_labels(data, by)
    if pair is not None:
        missing = [g for g in pair if g not in set(groups)]
        if missing:
            raise KeyError(f"no documents in group(s) {missing!r} of {by!r}")
        groups = groups[groups.isin(pair)]
    counts = _counts_for(data, texts, tokenizer, counts, list(groups.index))
    model = LogOddsKeyness(prior_tokens=prior_tokens, min_count=min_count).fit(counts, groups)
    return model.table(pair, top=top)


# --- adoption of slogans and campaigns ------------------------------------------------------


def adoption(data: AnalysisLike, by: str, *, named: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Which group took up which named item, how widely and when first.

    Returns ``canonical, category, group, documents, first_year, first_doc``: for each
    slogan or campaign (by its canonical name) and group, the number of documents that
    name it, the earliest document year and that document.
    """
    named = getattr(data, "named", None) if named is None else named
    if named is None or named.empty:
        return pd.DataFrame(columns=ADOPTION_COLUMNS)
    groups = group_labels(data, by).rename("group")
    years = pd.to_numeric(_documents(data).set_index("doc_id")["year"], errors="coerce").rename("year")
    items = named[["doc_id", "canonical", "category", "text"]].copy()
    items["canonical"] = items["canonical"].where(items["canonical"].fillna("").astype(str) != "", items["text"])
    items = items.join(groups, on="doc_id", how="inner").join(years, on="doc_id")
    if items.empty:
        return pd.DataFrame(columns=ADOPTION_COLUMNS)
    # One category per name: the one most documents give it.
    category = (items.groupby(["canonical", "category"]).doc_id.nunique()
                .reset_index().sort_values(["canonical", "doc_id"], ascending=[True, False])
                .drop_duplicates("canonical").set_index("canonical")["category"])
    items["category"] = items["canonical"].map(category)
    items = items.sort_values(["year", "doc_id"], na_position="last")
    table = items.groupby(["canonical", "category", "group"], sort=False).agg(
        documents=("doc_id", "nunique"), first_year=("year", "min"), first_doc=("doc_id", "first"),
    ).reset_index()
    table["first_year"] = table["first_year"].astype("Int64")
    table["_g"] = table["group"].map(_sort_key)
    table = table.sort_values(["canonical", "first_year", "_g"], na_position="last")
    return table.drop(columns="_g").reset_index(drop=True)[ADOPTION_COLUMNS]


def adoption_curve(adoption_table: pd.DataFrame, *, total_groups: Optional[int] = None) -> pd.DataFrame:
    """Cumulative number (and share) of groups that have named each item by each year.

    Returns ``canonical, year, groups, share``; ``share`` is out of ``total_groups``
    (default: every group in the adoption table).
    """
    table = adoption_table.dropna(subset=["first_year"])
    if table.empty:
        return pd.DataFrame(columns=["canonical", "year", "groups", "share"])
    total = total_groups or adoption_table["group"].nunique()
    years = np.arange(int(table["first_year"].min()), int(table["first_year"].max()) + 1)
    rows = []
    for canonical, part in table.groupby("canonical", sort=True):
        firsts = np.sort(part.groupby("group")["first_year"].min().astype(int).to_numpy())
        adopted = np.searchsorted(firsts, years, side="right")
        rows.append(pd.DataFrame({"canonical": canonical, "year": years, "groups": adopted}))
    curve = pd.concat(rows, ignore_index=True)
    curve["share"] = curve["groups"] / total
    return curve


# --- claim panels ----------------------------------------------------------------------

_NOT_INDICATOR = re.compile(r"[\s\d０-９.,，、。；;：:（）()“”\"'《》【】\[\]%％+\-—~～·]+")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?、\n（(]")


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


def clause_before(text: str, start: int, *, limit: int = 24) -> str:
    """The words between the last clause break and ``start``: a subject when none was extracted."""
    window = text[max(0, start - limit):start]
    breaks = list(_CLAUSE_END.finditer(window))
    return window[breaks[-1].end():] if breaks else window


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
        subject[empty] = [clause_before(texts.get(d, ""), int(s))
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

    tfidf = TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(counts.counts_)
    cosine = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(cosine, [1.0 if tfidf[i].nnz else 0.0 for i in range(tfidf.shape[0])])
    return pd.DataFrame(cosine.clip(0.0, 1.0), index=counts.doc_ids_, columns=counts.doc_ids_)


def similarity(data: AnalysisLike, by: Optional[str] = None, *, top_k: Optional[int] = None,
               min_cosine: float = 0.0, texts: Optional[Mapping[str, str]] = None,
               tokenizer: Optional[Tokenizer] = None, counts: Optional[TermCounts] = None) -> pd.DataFrame:
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
        groups = group_labels(data, by)
        table["group_a"] = table["doc_a"].map(groups)
        table["group_b"] = table["doc_b"].map(groups)
        table["same_group"] = table["group_a"] == table["group_b"]
    return table.sort_values("cosine", ascending=False, ignore_index=True)


def group_similarity(similarity_table: pd.DataFrame) -> pd.DataFrame:
    """Mean cosine within and between groups, from a :func:`similarity` table made with ``by``."""
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
            backend: str = "jieba", n_jobs: int = 1) -> Dict[str, pd.DataFrame]:
    """keyness, adoption, panel (with heaping) and similarity tables for ``by``,
    segmenting each text once (in ``n_jobs`` processes)."""
    groups = group_labels(data, by)
    if groups.empty:
        raise ValueError(f"no document has a value in {by!r}; nothing to compare")
    if texts is None:
        texts = document_texts(data)
    if tokenizer is None:
        tokenizer = corpus_tokenizer(data, userdict=userdict, backend=backend)
    counts = _counts_for(data, texts, tokenizer, None, list(texts), n_jobs=n_jobs)
    tables = {
        "keyness": keyness(data, by, top=top, min_count=min_count, counts=counts),
        "adoption": adoption(data, by),
        "panel": panel(data, by, texts=texts),
        "similarity": similarity(data, by, top_k=similarity_top_k, counts=counts),
    }
    tables["heaping"] = heaping(tables["panel"])
    tables.update(target_tables(data))
    return tables


def target_tables(data: AnalysisLike) -> Dict[str, pd.DataFrame]:
    """attainment, attainment_coverage and amplification from the headline table
    (:mod:`reportnlp.targets`); empty tables when ``data`` has no headline table."""
    from . import targets

    return targets.compare_tables(data)


def comparison_figures(tables: Mapping[str, pd.DataFrame], by: str) -> Dict[str, object]:
    """name -> matplotlib Figure/Axes for each non-empty comparison table."""
    from . import plot

    figures: Dict[str, object] = {}
    if len(tables.get("keyness", ())):
        figures["keyness"] = plot.plot_keyness(tables["keyness"], title=f"Distinctive words by {by}")
    if len(tables.get("adoption", ())):
        figures["adoption"] = plot.plot_adoption_heatmap(tables["adoption"])
        figures["adoption_timeline"] = plot.plot_adoption_timeline(adoption_curve(tables["adoption"]))
    panel_table = tables.get("panel")
    if panel_table is not None and len(panel_table) and (panel_table["indicator"] != "").any():
        figures["panel"] = plot.plot_panel(panel_table)
    if len(tables.get("similarity", ())):
        figures["similarity"] = plot.plot_similarity(tables["similarity"])
    figures.update(target_figures(tables))
    return figures


def target_figures(tables: Mapping[str, pd.DataFrame], indicator: str = "gdp_growth") -> Dict[str, object]:
    """The target-vs-result panel and the targets-by-level figure of ``indicator``, when there are rows."""
    from . import plot

    figures: Dict[str, object] = {}
    attained = tables.get("attainment")
    if attained is not None and (attained["indicator"] == indicator).any():
        figures["attainment"] = plot.plot_attainment(attained, indicator)
    amplified = tables.get("amplification")
    if amplified is not None and (amplified["indicator"] == indicator).any():
        figures["amplification"] = plot.plot_target_levels(amplified, indicator)
    return figures


def write_comparison(tables: Mapping[str, pd.DataFrame], out: Union[str, Path], *, by: str,
                     figures: bool = True) -> List[Path]:
    """Write the tables as CSV into ``out`` and their figures as PNG into ``out/figures``."""
    from . import plot

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        target = out / f"{name}.csv"
        frame.to_csv(target, index=False)
        written.append(target)
    if figures:
        (out / "figures").mkdir(exist_ok=True)
        for name, figure in comparison_figures(tables, by).items():
            target = out / "figures" / f"{name}.png"
            plot.save(figure, target)
            written.append(target)
    return written
