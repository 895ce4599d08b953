"""Regular-expression source that matches any word of a list, the longest first.

Lexicon words become patterns in several modules; building them here keeps one rule for
the order of alternatives (longest first, so 万元 wins over 万) and for escaping.
"""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """``a|b|…`` over the distinct ``words``, escaped, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` as a prefix tree (万元|万吨 → 万(?:元|吨)): the engine
    tries each first character once instead of every word; longest match first.
    Matches what :func:`alternation` matches; the better choice for hundreds of words."""
    root: dict = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")
    return emit(root)
