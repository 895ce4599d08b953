"""Word segmentation for the comparison tools; the only module that imports jieba.

    >>> from reportnlp.tokenize import Tokenizer
    >>> tok = Tokenizer(words=["巾帼心向党·奋进新征程"])
    >>> tok("开展巾帼心向党·奋进新征程主题活动")
    ['开展', '巾帼心向党·奋进新征程', '主题', '活动']

The extraction pipeline never segments words; only ``compare`` (keyness, similarity)
does. A :class:`Tokenizer` owns its own segmenter (never jieba's global one), knows
the names of slogans and campaigns so that a formula or a slogan joined by “·” stays
one token, drops punctuation, numbers and stop words, and is a plain callable that
scikit-learn takes as ``CountVectorizer(tokenizer=...)``. Backends are pluggable:
``jieba`` is the default; ``rjieba`` (the Rust port, optional extra ``fast``) gives
nearly the same tokens many times faster.
"""
from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from .lexicon import read_wordlist, read_words
from .wordpatterns import trie

# A token is kept only when it holds a letter of some script: Han, kana, Latin.
_HAS_WORD_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z]")
# Numbers and dates written in Chinese numerals (十四, 三千, 一九五八年) say nothing about topics.
_CHINESE_NUMBER = re.compile(r"^[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+[年月日号]?$")
_SPACE_RUN = re.compile(r"\s+")


# --- stop words and user words -------------------------------------------------------


def default_keep_words() -> Tuple[str, ...]:
    """Words always kept whole (plan periods such as 十四五), from ``lexicons/compare_words.txt``."""
    return read_words("compare_words.txt")


@lru_cache(maxsize=None)
def default_stopwords() -> FrozenSet[str]:
    """The stop list shipped in ``lexicons/stopwords.txt``."""
    return frozenset(read_words("stopwords.txt"))


@lru_cache(maxsize=None)
def boilerplate_words() -> FrozenSet[str]:
    """Generic words of administrative prose (提高, 加强, 进一步 ...) from
    ``lexicons/boilerplate_words.txt``: every period and place uses them, so they crowd the
    top of a keyness table without telling periods apart. Off by default; pass them as
    ``extra_stopwords`` or use ``compare.keyness(..., exclude=...)``."""
    return frozenset(read_words("boilerplate_words.txt"))


def named_words() -> List[str]:
    """Canonical names of known slogans and campaigns, when the named extractor offers them."""
    try:
        from .extract.named import named_userdict
    except ImportError:  # the extractor's lexicon is optional
        return []
    try:
        return [w for w in named_userdict() if isinstance(w, str)]
    except Exception:  # a lexicon problem must not stop a comparison
        return []


class WordFinder:
    """Finds ``words`` in a text leftmost first, the longest at each place, without overlaps:
    ``spans(text)`` gives ``(start, end)`` character offsets in order.

    An Aho-Corasick automaton (``ahocorasick_rs``) scans in time that does not grow with the
    number of words; the prefix-tree regex it replaced tried the words that share a first
    character at nearly every position (0.3 MB/s with 9k slogans of 373 provincial reports).
    Without ``ahocorasick_rs`` the regex is used; both find the same spans.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(w for w in words if w))
        self._automaton = None
        self._pattern = None
        if not self.words:
            return
        try:
            import ahocorasick_rs
        except ImportError:
            self._pattern = re.compile(trie(self.words))
        else:
            self._automaton = ahocorasick_rs.AhoCorasick(
                self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def __bool__(self) -> bool:
        return bool(self.words)

    def spans(self, text: str) -> List[Tuple[int, int]]:
        if self._automaton is not None:
            return [(start, end) for _, start, end in self._automaton.find_matches_as_indexes(text)]
        if self._pattern is not None:
            return [m.span() for m in self._pattern.finditer(text)]
        return []


# --- backends ---------------------------------------------------------------------


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Hold one library's logger at WARNING, then put its level back (no global setup)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@lru_cache(maxsize=1)
def _jieba_dictionary():
    """One loaded jieba dictionary, never given user words; each backend copies it."""
    import jieba

    with _quiet("jieba"):
        base = jieba.Tokenizer()
        base.initialize()
    return base


class JiebaBackend:
    """jieba with an instance of its own, so user words never leak into ``jieba.cut``."""

    name = "jieba"

    def __init__(self, *, hmm: bool = True) -> None:
        import jieba

        self.hmm = hmm
        base = _jieba_dictionary()
        self._tk = jieba.Tokenizer()
        # Copying the loaded dictionary is ten times faster than loading it again.
        self._tk.FREQ = dict(base.FREQ)
        self._tk.total = base.total
        self._tk.initialized = True

    def add_words(self, words: Iterable[str]) -> None:
        with _quiet("jieba"):
            for word in words:
                self._tk.add_word(word)

    def cut(self, text: str) -> Iterable[str]:
        return self._tk.cut(text, HMM=self.hmm)


class RjiebaBackend:
    """jieba-rs through ``rjieba``: about 19 times faster than jieba, the same dictionary.

    On the real-report corpus 99.98% of jieba's tokens come out identical (same span),
    enough for keyness and similarity; install with ``pip install "reportnlp[fast]"``.
    """

    name = "rjieba"

    def __init__(self, *, hmm: bool = True) -> None:
        try:
            import rjieba
        except ImportError as exc:
            raise ImportError(
                "the rjieba backend needs the rjieba package: pip install \"reportnlp[fast]\"") from exc
        self.hmm = hmm
        self._tk = rjieba.Jieba()

    def add_words(self, words: Iterable[str]) -> None:
        for word in words:
            self._tk.add_word(word, None, None)

    def cut(self, text: str) -> Iterable[str]:
        return self._tk.cut(text, self.hmm)


#: Backend name -> factory taking ``hmm=``; another segmenter registers itself here.
BACKENDS: Dict[str, Callable[..., object]] = {"jieba": JiebaBackend, "rjieba": RjiebaBackend}


# --- the tokenizer -----------------------------------------------------------------


class Tokenizer:
    """Callable that turns a text into content words, for scikit-learn's ``tokenizer=``.

    Parameters (stored as given; the segmenter is built on first use):
      words: extra words that must stay whole (names of slogans, campaigns, formulas).
      userdict: a file of such words, one a line.
      use_named: also load ``named_userdict()`` from the named-item extractor.
      stopwords: words to drop; default the shipped ``lexicons/stopwords.txt``. Giving a
        list REPLACES the default; to add words to it, use ``extra_stopwords``.
      extra_stopwords: words to drop on top of ``stopwords`` (e.g. :func:`boilerplate_words`).
      min_chars: shortest token kept (2 drops single characters such as 的, 年).
      backend: segmenter name in :data:`BACKENDS`.
      hmm: let jieba guess unknown words.
    """

    def __init__(self, words: Iterable[str] = (), *, userdict: Union[str, Path, None] = None,
                 use_named: bool = True, stopwords: Optional[Iterable[str]] = None,
                 extra_stopwords: Iterable[str] = (), min_chars: int = 2, backend: str = "jieba",
                 hmm: bool = True) -> None:
        self.words = tuple(words)
        self.userdict = userdict
        self.use_named = use_named
        self.stopwords = stopwords
        self.extra_stopwords = tuple(extra_stopwords)
        self.min_chars = min_chars
        self.backend = backend
        self.hmm = hmm
        self._segmenter = None

    # The jieba instance holds a lock and is rebuilt after pickling (joblib, Dask).
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_segmenter"] = None
        state["_protected"] = None
        state.pop("_verdicts", None)
        return state

    def __repr__(self) -> str:
        return (f"Tokenizer(words=<{len(self.words)}>, userdict={self.userdict!r}, "
                f"backend={self.backend!r}, min_chars={self.min_chars})")

    def user_words(self) -> List[str]:
        """Every word that must stay whole, normalised, duplicates removed (worked out once:
        the signature and the segmenter both need them)."""
        known = self.__dict__.get("_user_words")
        if known is None:
            known = self._user_words = self._collect_user_words()
        return list(known)

    def _collect_user_words(self) -> List[str]:
        words = list(default_keep_words()) + list(self.words)
        if self.userdict is not None:
            words.extend(read_wordlist(self.userdict))
        if self.use_named:
            words.extend(named_words())
        seen = {}
        for word in words:
            word = _SPACE_RUN.sub("", unicodedata.normalize("NFKC", str(word)))
            # A name made only of digits (“198”政策, “12345”热线) would cut years and
            # amounts apart (1985 → 198 + 5); numbers are dropped from tokens anyway.
            if len(word) >= 2 and _HAS_WORD_CHAR.search(word):
                seen.setdefault(word, None)
        return list(seen)

    def _setup(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown tokenizer backend {self.backend!r}; "
                             f"choose one of {', '.join(sorted(BACKENDS))}")
        segmenter = BACKENDS[self.backend](hmm=self.hmm)
        words = self.user_words()
        segmenter.add_words(words)
        # A segmenter splits at “·” and may split long names anyway: such words are
        # cut out before segmentation and passed through whole.
        self._protected = WordFinder(w for w in words if len(w) >= 3 or not w.isalnum())
        self._setup_filter()
        self._segmenter = segmenter

    def _setup_filter(self) -> None:
        """What :meth:`keep` needs (the words kept whole, the stop words), without the
        segmenter: counting segments read from the cache loads no dictionary."""
        self._user = frozenset(self.user_words())
        self._stop = frozenset(default_stopwords() if self.stopwords is None else self.stopwords) | frozenset(
            _SPACE_RUN.sub("", unicodedata.normalize("NFKC", str(w))) for w in self.extra_stopwords)
        self._verdicts: Dict[str, str] = {}

    def segment(self, text: str) -> List[str]:
        """Every segment of ``text`` (after NFKC folding), nothing dropped."""
        if self._segmenter is None:
            self._setup()
        text = unicodedata.normalize("NFKC", text)
        out: List[str] = []
        pos = 0
        for start, end in self._protected.spans(text):
            out.extend(self._segmenter.cut(text[pos:start]))
            out.append(text[start:end])
            pos = end
        out.extend(self._segmenter.cut(text[pos:]))
        return out

    def keep(self, token: str) -> bool:
        """Whether a segment is a content word worth counting."""
        if token in self._stop:
            return False
        if token in self._user:
            return True
        return (len(token) >= self.min_chars
                and _HAS_WORD_CHAR.search(token) is not None
                and _CHINESE_NUMBER.match(token) is None)

    def __call__(self, text: str) -> List[str]:
        return self.filter(self.segment(text))

    def tokenize_many(self, texts: Sequence[str]) -> List[List[str]]:
        return [self(text) for text in texts]

    def signature(self) -> str:
        """A hash of everything that decides the segments (backend and its version, HMM, the
        words kept whole): two tokenizers with the same signature cut every text alike."""
        import hashlib

        from importlib import metadata

        try:
            version = metadata.version(self.backend)
        except metadata.PackageNotFoundError:
            version = "?"
        digest = hashlib.sha256(f"{self.backend} {version} hmm={self.hmm}\n".encode())
        for word in sorted(self.user_words()):
            digest.update(word.encode("utf-8") + b"\n")
        return digest.hexdigest()[:20]

    def filter_each(self, segments: Iterable[str]) -> List[str]:
        """For each segment, the token it counts as ("" when it is dropped)."""
        if "_stop" not in self.__dict__:
            self._setup_filter()
        out = []
        for segment in segments:
            token = segment.strip()
            out.append(token if token and self.keep(token) else "")
        return out

    def filter(self, segments: Iterable[str]) -> List[str]:
        """The content words among ``segments`` (what calling the tokenizer keeps); each
        distinct segment is judged once (a report repeats most of its words)."""
        if "_stop" not in self.__dict__:
            self._setup_filter()
        verdict = self.__dict__.setdefault("_verdicts", {})
        out = []
        for segment in segments:
            kept = verdict.get(segment)
            if kept is None:
                token = segment.strip()
                kept = verdict[segment] = token if token and self.keep(token) else ""
            if kept:
                out.append(kept)
        return out


# --- a cache of segmentations on disk -------------------------------------------------------


def default_cache_dir() -> Path:
    """Where segmentations are cached: ``$REPORTNLP_CACHE``, else the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
    ``%LOCALAPPDATA%`` on Windows) + ``reportnlp/segments``."""
    import os
    import sys

    if os.environ.get("REPORTNLP_CACHE"):
        return Path(os.environ["REPORTNLP_CACHE"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "reportnlp" / "segments"


class SegmentCache:
    """Segmentations kept on disk, keyed on a hash of the text and the tokenizer's
    :meth:`Tokenizer.signature` (segmenter, its version, the words kept whole).

    A segmentation is stored as the lengths of its segments (they tile the NFKC-folded
    text), about two bytes a word, one ``.npy`` file per text under
    ``folder/<signature>/``. Anything unreadable or not matching its text is a miss;
    deleting the folder at any time is safe. Stop words are applied after the cache, so
    changing them (``extra_stopwords``, boilerplate) reuses it.
    """

    def __init__(self, folder: Union[str, Path, None] = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    def _path(self, signature: str, text: str) -> Path:
        import hashlib

        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / signature / key[:2] / f"{key}.npy"

    def get(self, signature: str, text: str) -> Optional[List[str]]:
        import numpy as np

        path = self._path(signature, text)
        try:
            lengths = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            self.misses += 1
            return None
        folded = unicodedata.normalize("NFKC", text)
        if lengths.ndim != 1 or int(lengths.sum()) != len(folded) or (lengths <= 0).any():
            self.misses += 1
            return None
        ends = lengths.cumsum().tolist()
        self.hits += 1
        return [folded[a:b] for a, b in zip([0] + ends[:-1], ends)]

    def put(self, signature: str, text: str, segments: Sequence[str]) -> None:
        import os

        import numpy as np

        lengths = [len(s) for s in segments if s]
        if sum(lengths) != len(unicodedata.normalize("NFKC", text)):
            return  # a segmenter that drops characters cannot be stored as lengths
        path = self._path(signature, text)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npy")
            np.save(tmp, np.asarray(lengths, dtype=np.uint32), allow_pickle=False)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only or full disk only costs the cache
