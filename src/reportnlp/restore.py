"""Guess the word behind a web-filter mask (``完善++工作机制`` → 维权).

Two sources of evidence, combined additively:

(a) a lexicon of commonly masked words (``lexicons/masked_words.tsv``) with the left and
    right context cues in which each occurs, and a prior for how often it is the one masked;
(b) corpus statistics learnt by :meth:`MaskRestorer.fit`: the character n-grams around
    each lexicon word where it occurs unmasked, plus (for small corpora such as the
    document itself) open-vocabulary look-ups of any string of the mask's length found
    between the same left and right characters elsewhere.

A mask may swallow part of a longer word (``加++律法规`` is 加大 + 法律法规 with 大法
filtered); the lexicon holds such straddling strings with their cues, and the corpus
counts are taken on raw character strings, so the same evidence works for them. A
filter also cuts across word boundaries where no cue was written down (``平++特`` is
平台 + 独特 with 台独 filtered, ``普++流`` 普法 + 轮流): a lexicon word is tried across the
boundary, and where its pieces complete a dictionary word on each side it is the likely
one (``lexicons/masked_straddle_words.txt``, drawn from jieba's dictionary by
``scripts/build_straddle_words.py``). Two filtered words side by side make one mask (``做好++++工作`` is 信访维稳): pairs of
lexicon words that the lexicon lists together are tried for it.

The class follows scikit-learn's conventions: ``__init__`` only stores parameters,
``fit`` validates and learns attributes ending in ``_``.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from . import errors
from .lexicon import parse_rows, read_rows, read_words
from .normalize import fold
from .wordpatterns import alternation

_CJK = re.compile(r"[\u3400-\u9fff]")
# A number or a number slot right after a mask (矛盾++[X]起, 矛盾□□312起) hides the
# classifier that is the real right-hand cue.
_LEADING_NUMBER = re.compile(r"^(?:\[\s*[Xx×]{1,3}\s*\]|【\s*[Xx×]{1,3}\s*】|[0-9.]+|[Xx×_]{1,4}|余)+")
_MASK_GLYPHS = "+*□■●○×Xx_"
# The right-hand cue of a word that a count follows at once (矛盾纠纷312起, 纠纷[X]件).
NUMBER_CUE = "#"
# A masked word in fitted text: a run of mask glyphs, ×× only between two Chinese characters.
_MASK_RUN = re.compile(r"[+*□■]{2,}|(?<=[\u3400-\u9fff])×{2,}(?=[\u3400-\u9fff])")
_OPEN_QUOTES = "“\"「『‘"
_CLOSE_QUOTES = "”\"」』’"


@dataclass(frozen=True)
class MaskedWord:
    """One lexicon entry: a masked word, its prior and its context cues."""

    word: str
    prior: float
    left: Tuple[str, ...]
    right: Tuple[str, ...]
    topic: Tuple[str, ...] = ()
    both: bool = False          # a piece straddling two words: cues count only on both sides


def _split(cell: str) -> Tuple[str, ...]:
    return tuple(sorted({c.strip() for c in cell.split("|") if c.strip()}, key=len, reverse=True))


@lru_cache(maxsize=4)
def load_masked_words(path: Optional[str] = None) -> Tuple[MaskedWord, ...]:
    """The masked-word lexicon (default: the bundled ``masked_words.tsv``)."""
    rows = parse_rows(path) if path else read_rows("masked_words.tsv")
    entries = []
    for row in rows:
        cells = row + ("", "", "", "", "")
        entries.append(MaskedWord(cells[0], float(cells[1] or 0.5),
                                  _split(cells[2]), _split(cells[3]), _split(cells[4]),
                                  cells[5].strip() == "both"))
    return tuple(entries)


@lru_cache(maxsize=8)
def _topic_density(text: str, words: Tuple[str, ...], min_chars: int = 1) -> Dict[str, float]:
    """Occurrences per 1,000 characters of each topic word in a document; a text shorter
    than ``min_chars`` counts as that long (one mention in a short note is no topic)."""
    if not words or not text:
        return {}
    counts = Counter(re.findall("|".join(map(re.escape, words)), text))
    return {w: 1000 * n / max(len(text), min_chars) for w, n in counts.items()}


@lru_cache(maxsize=8)
def _unmasked(text: str, words: Tuple[str, ...]) -> frozenset:
    """Lexicon words that stand unmasked in a document (longest first, as fit counts them)."""
    if not words or not text:
        return frozenset()
    return frozenset(re.findall(alternation(words), fold(text)))


def _cue_score(context: str, cues: Sequence[str], *, left: bool,
               sharing: Optional[Dict[str, int]] = None, power: float = 0.5) -> float:
    """Weight of the longest cue that touches the mask (cues are sorted longest first).

    A cue that ``sharing`` says several lexicon words list on the same side (、 or 和 after
    信访, 维稳, 群体性事件 ...) tells less about which word it is: its weight is divided by
    the square root of that number, so 民族++、 goes to 宗教 (民族 on its left) rather
    than to the word with the higher prior that merely takes 、 on its right."""
    for cue in cues:
        if (context.endswith(cue) if left else context.startswith(cue)):
            shared = sharing.get(cue, 1) if sharing else 1
            return (1.0 + 0.5 * (len(cue) - 1)) / max(1, shared) ** power
    return 0.0


class MaskRestorer:
    """Rank candidate words for a masked span.

    Parameters
    ----------
    lexicon : path of a masked-words TSV, or None for the bundled one.
    context_chars : how many characters on each side are looked at.
    lexicon_weight, corpus_weight : weights of the two kinds of evidence.
    topic_weight : the most a word gains where its topic words are dense in the document
        (reached at ``topic_density`` occurrences per 1,000 characters; a document shorter
        than ``topic_min_chars`` counts as that long).
    length_penalty : subtracted per character of difference between the mask's
        glyph count and the candidate's length (filters usually mask char by char).
    open_vocabulary : also propose any string found between the same context
        characters in the fitted texts (only when they total at most ``max_open_chars``).
    straddle_weight : evidence for a word whose pieces complete a dictionary word on each
        side of the mask (平++特: 平台 + 独特 -> 台独).
    discourse_weight : the most a word gains for being the one that the other masks of the
        fitted texts are clearly restored to (``mask_share_``, learnt by ``fit``); where no
        cue fits, the mask falls back to the commonest such word of its length.
    discourse_margin : how far ahead of the runner-up a mask's best word must be to count.
    discourse_min : the fewest clearly restored masks that make a ``mask_share_``.
    prior_weight : weight of the lexicon prior (how often a word is the one masked).
    length_weight : evidence for the only lexicon word of a mask's length, where that length
        is three characters or more (+++++ can only be 群体性事件).
    fixed_length_min : the fewest masks, all of one length of three glyphs or more, that show
        a filter masking every word with the same string (*** for any word); the mask's
        length then tells nothing about the word (0: never assumed).
    unmasked_penalty : subtracted from a lexicon word that the document being restored
        shows unmasked elsewhere (a filter masks a string everywhere or nowhere).
    min_score : candidates scoring below this are not returned.
    """

    def __init__(self, *, lexicon: Optional[str] = None, context_chars: int = 6,
                 lexicon_weight: float = 1.0, corpus_weight: float = 1.0,
                 topic_weight: float = 0.5, topic_density: float = 2.0, topic_min_chars: int = 3000,
                 length_penalty: float = 1.0, open_vocabulary: bool = True,
                 max_open_chars: int = 2_000_000, straddle_weight: float = 2.5,
                 discourse_weight: float = 0.25, discourse_margin: float = 1.0,
                 discourse_min: int = 2, prior_weight: float = 0.5, length_weight: float = 1.0,
                 unmasked_penalty: float = 1.0, sharing_power: float = 0.25, fixed_length_min: int = 3,
                 min_score: float = 1.0) -> None:
        self.lexicon = lexicon
        self.context_chars = context_chars
        self.lexicon_weight = lexicon_weight
        self.corpus_weight = corpus_weight
        self.topic_weight = topic_weight
        self.topic_density = topic_density
        self.topic_min_chars = topic_min_chars
        self.length_penalty = length_penalty
        self.open_vocabulary = open_vocabulary
        self.max_open_chars = max_open_chars
        self.straddle_weight = straddle_weight
        self.discourse_weight = discourse_weight
        self.discourse_margin = discourse_margin
        self.discourse_min = discourse_min
        self.prior_weight = prior_weight
        self.length_weight = length_weight
        self.unmasked_penalty = unmasked_penalty
        self.sharing_power = sharing_power
        self.fixed_length_min = fixed_length_min
        self.min_score = min_score

    # --- learning -----------------------------------------------------------------

    def fit(self, texts: Iterable[str]) -> "MaskRestorer":
        """Learn where each lexicon word occurs unmasked in ``texts``."""
        if isinstance(texts, str):
            raise errors.new("one_string")
        if self.context_chars < 1:
            raise errors.new("too_small", name="context_chars", least=1)
        entries = load_masked_words(self.lexicon)
        self.vocabulary_: Dict[str, MaskedWord] = {e.word: e for e in entries}
        self.topic_words_: Tuple[str, ...] = tuple(sorted({t for e in entries for t in e.topic},
                                                         key=len, reverse=True))
        self.left_counts_: Dict[str, Counter] = {w: Counter() for w in self.vocabulary_}
        self.right_counts_: Dict[str, Counter] = {w: Counter() for w in self.vocabulary_}
        self.word_counts_: Counter = Counter()
        # Longest first, so 群体性事件 is not counted as a shorter word inside it.
        finder = re.compile(alternation(self.vocabulary_))
        kept: List[str] = []
        texts_seen: List[str] = []
        total = 0
        for raw in texts:
            text = fold(raw)
            texts_seen.append(text)
            total += len(text)
            if self.open_vocabulary and total <= self.max_open_chars:
                kept.append(text)
            for m in finder.finditer(text):
                self._count(text, m.group(), m.start(), m.end())
        self.open_text_ = "\n".join(kept) if self.open_vocabulary and total <= self.max_open_chars else ""
        self.length_counts_ = Counter(len(e.word) for e in entries)
        self.words_ = tuple(sorted(self.vocabulary_, key=len, reverse=True))
        self.left_sharing_ = Counter(c for e in entries for c in e.left)
        self.right_sharing_ = Counter(c for e in entries for c in e.right)
        self.fixed_length_ = self._fixed_length(texts_seen)
        self.mask_share_ = {}
        self.mask_share_ = self._discourse(texts_seen)
        return self

    def _fixed_length(self, texts: Sequence[str]) -> int:
        """The glyph count of a filter that masks every word with the same string (*** for
        信访, 维稳 and 群体性事件 alike), or 0. Told by at least ``fixed_length_min`` masks in
        the fitted texts, all of one length of three or more (masks that copy a word's length
        are mostly two glyphs long: the filtered words are); runs alone on a line are rules."""
        lengths = Counter()
        for text in texts:
            for m in _MASK_RUN.finditer(text):
                line_start = text.rfind("\n", 0, m.start()) + 1
                line_end = text.find("\n", m.end())
                if text[line_start:m.start()].strip() or text[m.end():line_end if line_end >= 0 else None].strip():
                    lengths[len(m.group())] += 1
        if len(lengths) == 1 and self.fixed_length_min:
            (length, n), = lengths.items()
            if length >= 3 and n >= self.fixed_length_min:
                return length
        return 0

    def _discourse(self, texts: Sequence[str]) -> Dict[str, float]:
        """Share of each word among the masks of the fitted texts that context alone
        restores with a clear margin. One filter masks the same few words throughout a
        document: where 受理++事项 and 化解++积案 are 信访, so is the ++ of 做好++工作; in
        a 妇联 report the same ++ is 维权."""
        votes: Counter = Counter()
        for text in texts:
            if not _MASK_RUN.search(text):
                continue
            density = _topic_density(text, self.topic_words_, self.topic_min_chars)
            for m in _MASK_RUN.finditer(text):
                left, right = self.contexts(text, m.start(), m.end())
                scores = self._lexicon_scores(left, right, self._length(len(m.group())), density,
                                              _counted(text, m.end()))
                ranked = sorted(scores.values(), reverse=True)
                if ranked and ranked[0] >= self.min_score and (
                        len(ranked) == 1 or ranked[0] - ranked[1] >= self.discourse_margin):
                    votes[max(scores, key=scores.get)] += 1
        total = sum(votes.values())
        return {w: n / total for w, n in votes.items()} if total >= self.discourse_min else {}

    def _count(self, text: str, word: str, start: int, end: int) -> None:
        self.word_counts_[word] += 1
        for n in (1, 2):
            left, right = text[max(0, start - n):start], text[end:end + n]
            if len(left) == n:
                self.left_counts_[word][left] += 1
            if len(right) == n:
                self.right_counts_[word][right] += 1

    # --- ranking ------------------------------------------------------------------

    def contexts(self, text: str, start: int, end: int) -> Tuple[str, str]:
        """Folded (left, right) context of a mask, cut at line ends and other masks."""
        k = self.context_chars
        left = fold(text[max(0, start - 2 * k):start]).split("\n")[-1]
        right = fold(text[end:end + 2 * k + 6]).split("\n")[0]
        right = _LEADING_NUMBER.sub("", right)
        left = re.split(r"[+*□■]{2,}", left)[-1]
        right = re.split(r"[+*□■]{2,}", right)[0]
        return left[-k:], right[:k]

    def rank(self, text: str, start: int, end: int, *, top: int = 5,
             backoff: bool = True) -> List[Tuple[str, float]]:
        """Candidate words for ``text[start:end]``, best first, as (word, score).

        ``backoff=False`` leaves out the guess made without any cue (the document's
        commonest masked word), e.g. to ask whether anything fits the context at all."""
        if not hasattr(self, "vocabulary_"):
            raise errors.new("not_fitted")
        left, right = self.contexts(text, start, end)
        length = self._length(len(text[start:end].strip()))
        density = _topic_density(text, self.topic_words_, self.topic_min_chars)
        scores = self._lexicon_scores(left, right, length, density, _counted(text, end))
        # One filter masks a string everywhere: a word this document shows unmasked is not
        # the one its filter hid (its own counts would otherwise argue for it).
        for word in _unmasked(text, self.words_) & scores.keys():
            scores[word] -= self.unmasked_penalty
        for word, share in self.mask_share_.items():
            if word in scores:
                scores[word] += self.discourse_weight * share
        if backoff and not scores and self.mask_share_:
            # cues are silent: back off to the word this document's filter masks most
            word = max(self.mask_share_, key=lambda w: (self.mask_share_[w], w))
            if length is None or len(word) == length:
                scores[word] = self.min_score
        for word, score in self._pairs(left, right, length).items():
            scores.setdefault(word, score)
        for word, score in self._open_candidates(left, right, length).items():
            scores[word] = scores.get(word, 0.0) + self.corpus_weight * score
        ranked = sorted(((w, round(s, 3)) for w, s in scores.items() if s >= self.min_score),
                        key=lambda ws: (-ws[1], ws[0]))
        return ranked[:top]

    def _length(self, glyphs: int) -> Optional[int]:
        """The length of the masked word, or None where the filter masks every word alike."""
        return None if self.fixed_length_ and glyphs == self.fixed_length_ else glyphs

    def _lexicon_scores(self, left: str, right: str, length: Optional[int],
                        density: Dict[str, float], counted: bool = False) -> Dict[str, float]:
        """Score of every lexicon word with some evidence (cues, corpus counts, straddle)."""
        scores: Dict[str, float] = {}
        # a filter masks a word inside its quotes (反对“台独”): cues stand outside them
        bare_left, bare_right = left.rstrip(_OPEN_QUOTES), right.lstrip(_CLOSE_QUOTES)
        quoted = len(bare_left) < len(left) and len(bare_right) < len(right)
        lefts = (left, bare_left)         # 反对“ is a cue of 台独, which is quoted as a rule
        rights = (bare_right,) if quoted else (right, bare_right)   # “++”: its ” tells nothing
        ls, rs, p = self.left_sharing_, self.right_sharing_, self.sharing_power
        for word, entry in self.vocabulary_.items():
            on_left = max(_cue_score(c, entry.left, left=True, sharing=ls, power=p) for c in lefts)
            on_right = max(_cue_score(c, entry.right, left=False, sharing=rs, power=p) for c in rights)
            if counted and NUMBER_CUE in entry.right:   # 各类++186件: a count follows 纠纷, not 信访
                on_right += 1.0 / max(1, rs[NUMBER_CUE]) ** p   # and 件 or 起 after the count
            if entry.both and not (on_left and on_right):
                on_left = on_right = 0.0
            evidence = self.lexicon_weight * (on_left + on_right)
            evidence += self.corpus_weight * self._corpus_score(word, left, right)
            if length is None or len(word) == length:
                evidence += self.straddle_weight * _straddles(word, left, right)
                if length and length >= 3 and self.length_counts_[length] == 1:
                    evidence += self.length_weight   # +++++ : the only five-character word
            if evidence <= 0:
                continue
            topic = sum(density.get(t, 0.0) for t in entry.topic) / self.topic_density
            scores[word] = (evidence + self.prior_weight * entry.prior + self.topic_weight * min(1.0, topic)
                            - self.length_penalty * abs(len(word) - (length or len(word))))
        return scores

    def _pairs(self, left: str, right: str, length: Optional[int]) -> Dict[str, float]:
        """Two lexicon words that the lexicon lists side by side (信访 before 维稳) for a
        mask as long as both: 做好++++工作 -> 信访维稳."""
        if length is None or length < 4:
            return {}
        out: Dict[str, float] = {}
        for first, a in self.vocabulary_.items():
            for second in a.right:
                b = self.vocabulary_.get(second)
                if b is None or second == first or len(first) + len(second) != length:
                    continue
                evidence = self.lexicon_weight * (_cue_score(left, a.left, left=True)
                                                  + _cue_score(right, b.right, left=False))
                out[first + second] = 1.0 + evidence + (a.prior + b.prior) / 2
        return out

    def _corpus_score(self, word: str, left: str, right: str) -> float:
        score = 0.0
        for n, weight in ((2, 1.0), (1, 0.5)):
            if len(left) >= n and self.left_counts_[word][left[-n:]]:
                score += weight * math.log1p(self.left_counts_[word][left[-n:]])
                break
        for n, weight in ((2, 1.0), (1, 0.5)):
            if len(right) >= n and self.right_counts_[word][right[:n]]:
                score += weight * math.log1p(self.right_counts_[word][right[:n]])
                break
        return score

    def _open_candidates(self, left: str, right: str, length: Optional[int]) -> Dict[str, float]:
        """Strings of the mask's length seen between the same context characters.

        Two characters on each side first; failing that, one on one side and two on the
        other (three context characters keep chance matches rare), at a lower weight.
        """
        if not self.open_text_ or length is None or not 1 <= length <= 6:
            return {}
        for n_left, n_right, weight in ((2, 2, 1.0), (1, 2, 0.6), (2, 1, 0.6)):
            l, r = left[-n_left:], right[:n_right]
            if len(l) < n_left or len(r) < n_right or not (_CJK.match(l[-1]) and _CJK.match(r[0])):
                continue
            pattern = re.compile(re.escape(l) + "([\u3400-\u9fff]{%d})" % length + re.escape(r))
            found = Counter(m.group(1) for m in pattern.finditer(self.open_text_))
            if found:
                return {w: weight * math.log1p(c) for w, c in found.items()}
        return {}


def _counted(text: str, end: int) -> bool:
    """A number or a number slot follows the mask at once (纠纷312起, 纠纷[X]起)."""
    m = _LEADING_NUMBER.match(fold(text[end:end + 12]))
    return bool(m and m.group().strip("余"))


@lru_cache(maxsize=1)
def _straddle_words() -> frozenset:
    return frozenset(read_words("masked_straddle_words.txt"))


def _is_word(text: str) -> bool:
    return text in _straddle_words()


def _straddles(word: str, left: str, right: str) -> float:
    """1.0 when ``word`` masked across a word boundary completes a dictionary word on each
    side (平 + 台独 + 特 -> 平台, 独特), 0.0 otherwise; the word itself standing whole
    between its neighbours is no straddle."""
    if not (left and right and _CJK.match(left[-1]) and _CJK.match(right[0])):
        return 0.0
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if any(_is_word(left[-k:] + head) for k in (1, 2) if len(left) >= k) \
                and any(_is_word(tail + right[:k]) for k in (1, 2) if len(right) >= k):
            # 健全++机制: a word ends at the mask and another starts after it, so a whole
            # word fits between them (民主 would also make 全民 + 主机, but nothing is cut)
            return 0.0 if _dictionary_word(left[-2:]) and _dictionary_word(right[:2]) else 1.0
    return 0.0


STRADDLE_MIN_FREQ = 20   # the same threshold as scripts/build_straddle_words.py


def _dictionary_word(text: str) -> bool:
    """``text`` is a word of jieba's dictionary (loaded once, only when a straddle fits)."""
    from .tokenize import _jieba_dictionary
    return len(text) >= 2 and _jieba_dictionary().FREQ.get(text, 0) >= STRADDLE_MIN_FREQ


@lru_cache(maxsize=1)
def _lexicon_only() -> MaskRestorer:
    return MaskRestorer(open_vocabulary=False).fit([])


def restorer_for(text: str) -> MaskRestorer:
    """The default restorer for one document: the lexicon plus that document's own text."""
    return MaskRestorer().fit([text])


def restore(text: str, start: int, end: int, restorer: Optional[MaskRestorer] = None) -> str:
    """Best guess for the masked word at ``text[start:end]`` ('' when nothing fits)."""
    ranked = (restorer or _lexicon_only()).rank(text, start, end, top=1)
    return ranked[0][0] if ranked else ""
