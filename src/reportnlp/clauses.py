"""Clause boundaries in report text, in one place: the marks that end a clause, and the words
of the clause before an offset (the neighbourhood claims, periods, indicators and compare read
around a number). Sentences are periods.py's (``SENTENCE_END``, ``sentence_ends``).

The patterns hold both widths: extractors read the width-folded text (，→ , after
normalize.fold), compare reads the original.
"""
from __future__ import annotations

import re

# The characters that end a clause.
CLAUSE_MARKS = "，。；：！？,;:!?\n"
# The clause marks below a sentence: commas, semicolons and colons.
COMMA_MARKS = "，；：,;:"


def _any_of(chars: str) -> str:
    return "[" + "".join("\\n" if ch == "\n" else re.escape(ch) for ch in chars) + "]"


# Where a sentence or a semicolon clause ends: the reach of the words around a name or a
# first mention (named's speech and sense context, compare's sentence of first use).
SENTENCE_OR_SEMICOLON = re.compile(r"[。！？!?；;\n]")
# Where the words of a clause before a number begin: a clause mark, 、, a bracket or a quote …
CLAUSE_BREAK = re.compile(_any_of(CLAUSE_MARKS + "、（）()“”\""))
# … the same keeping a 、 list whole (内官、首阳、王家河三座) …
LIST_CLAUSE_BREAK = re.compile(_any_of(CLAUSE_MARKS + "（）()“”\""))
# … or only a clause mark, 、 or an opening bracket (the subject before a number, compare.py).
SUBJECT_BREAK = re.compile(_any_of(CLAUSE_MARKS + "、（("))
# Greedy up to the last comma-level mark of the text it is matched on: the last clause is
# text[m.end():] (one backward step in C, where a search for "mark, no mark, end" would restart
# at every comma).
TO_LAST_CLAUSE_MARK = re.compile(f".*{_any_of(COMMA_MARKS)}", re.S)
# One comma-level clause (the pieces between the marks).
CLAUSE_PIECE = re.compile(f"[^{_any_of(COMMA_MARKS)[1:-1]}]+")


def clause_before(text: str, start: int, *, reach: int = 40, breaks: "re.Pattern[str]" = CLAUSE_BREAK) -> str:
    """The words of ``text`` between the last of ``breaks`` in the ``reach`` characters before
    ``start`` and ``start`` (all ``reach`` characters when there is none)."""
    window = text[max(0, start - reach):start]
    cut = 0
    for m in breaks.finditer(window):
        cut = m.end()
    return window[cut:]
