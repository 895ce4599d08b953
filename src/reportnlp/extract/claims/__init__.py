"""Quantitative claims (ANNOTATION.md §2): qualifier + number + scale + unit as one span.

One compiled regex finds every candidate on the width-folded text; each candidate is then
read with a few characters around it to decide whether it is a quantity (not a year, an
ordinal, a name, a time frame) and to read its value, unit and qualifier. Word lists (units,
qualifiers, cues, names with numerals) live in ``lexicons/claim_*``; the rules here are about
classes of context, not words. The modules, in the order a claim passes through them:

- ``words``: the lexicon word lists (units, qualifiers, cues);
- ``patterns``: the candidate regex and its companions, built from the lexicons;
- ``records``: ``Part`` (one number of a candidate) and ``Found`` (a claim on the folded text);
- ``context``: the rules about the characters around a number (codes, years, ranks, names…);
- ``reading``: one candidate read as zero or more claims (value, unit, qualifier, sign);
- ``targets``: target or result, from the section tree and the sentence's cues;
- ``subjects`` and ``subject_clean``: the subject of each claim, clause by clause;
- ``assemble``: ``extract_claims``, from a report to ``Claim`` records in document order.
"""
from .assemble import extract_claims

__all__ = ["extract_claims"]
