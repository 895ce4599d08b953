"""The claim word lists, read once from the lexicon files (lexicons/claim_*.tsv).

Units with their class, qualifiers with their position, and the cue words every other
module of the package asks for by role (``cues()["frame_before"]``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, NamedTuple, Tuple

from ...lexicon import read_rows


@dataclass(frozen=True)
class Unit:
    canonical: str
    kind: str


@lru_cache(maxsize=1)
def units() -> Dict[str, Unit]:
    """Surface → unit record, from lexicons/claim_units.tsv."""
    return {row[0]: Unit(row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else "count")
            for row in read_rows("claim_units.tsv")}


@lru_cache(maxsize=1)
def qualifiers() -> Dict[Tuple[str, str], str]:
    """(word, position) → qualifier, from lexicons/claim_qualifiers.tsv."""
    return {(row[0], row[2]): row[1] for row in read_rows("claim_qualifiers.tsv")}


@lru_cache(maxsize=1)
def cues() -> Dict[str, Tuple[str, ...]]:
    """Role → cue words (longest first), from lexicons/claim_cues.tsv."""
    out: Dict[str, List[str]] = {}
    for word, role in read_rows("claim_cues.tsv"):
        out.setdefault(role, []).append(word)
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in out.items()}


class NameCues(NamedTuple):
    classifiers: frozenset
    suffixes: frozenset
    admin: frozenset


@lru_cache(maxsize=1)
def name_cues() -> NameCues:
    """Classifiers that begin place names, the place-name endings after them (三道沟) and
    the administrative words after a name (三棵树村), from lexicons/claim_cues.tsv."""
    c = cues()
    return NameCues(frozenset(c.get("name_classifier", ())), frozenset(c.get("name_suffix", ())),
                     frozenset(c.get("name_admin", ())))


@lru_cache(maxsize=1)
def bound_words() -> frozenset:
    return frozenset(cues().get("subject_bound", ()))
