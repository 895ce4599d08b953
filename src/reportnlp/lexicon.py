"""Reading the word lists under ``lexicons/``: the one place that knows their format.

Every lexicon is UTF-8 text (a BOM is tolerated), one entry a line, fields separated by
tabs; blank lines and lines whose first non-blank character is ``#`` are comments.
Text after a ``#`` inside a line is a comment only where a file's header says so
(``inline_comments=True``, and always for plain word lists): the regular-expression
lexicons of sections.py need ``#`` as a character. Bundled files are read once.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple, Union

LEXICON_DIR = Path(__file__).parent / "lexicons"

Row = Tuple[str, ...]


def parse_rows(path: Union[str, Path], *, inline_comments: bool = False) -> Tuple[Row, ...]:
    """The tab-separated fields (stripped) of every entry line of any lexicon-format file."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        if inline_comments:
            line = line.split("#", 1)[0]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(rows)


def read_wordlist(path: Union[str, Path]) -> List[str]:
    """Words from a plain list anywhere on disk: the first field of each line, ``#`` comments."""
    return [row[0] for row in parse_rows(path, inline_comments=True) if row[0]]


@lru_cache(maxsize=None)
def read_rows(name: str, *, inline_comments: bool = False) -> Tuple[Row, ...]:
    """The entry rows of the bundled lexicon ``name`` (see :func:`parse_rows`)."""
    return parse_rows(LEXICON_DIR / name, inline_comments=inline_comments)


@lru_cache(maxsize=None)
def read_words(name: str) -> Tuple[str, ...]:
    """The words of the bundled plain list ``name`` (see :func:`read_wordlist`)."""
    return tuple(read_wordlist(LEXICON_DIR / name))


@lru_cache(maxsize=None)
def read_roles(name: str) -> Dict[str, Tuple[str, ...]]:
    """Role -> words of the bundled lexicon ``name`` whose rows are "word<TAB>role", longest
    word first (file order among words of one length). Treat the result as read-only."""
    out: Dict[str, List[str]] = {}
    for row in read_rows(name):
        out.setdefault(row[1], []).append(row[0])
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in out.items()}
