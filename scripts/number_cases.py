"""Score the claim extractor on the number-reading cases of tests/data/number_cases.tsv.

    PYTHONPATH=src python scripts/number_cases.py [-v]

prints how many cases are read right (span, value, value_high, unit, qualifier; for a "!X"
row: no claim covers X) and, with -v, every case that is not. The same table is a test
(tests/test_number_cases.py); this script exists to compare two versions of the package.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional, Tuple

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "number_cases.tsv"


def load_cases(path: Path = CASES) -> List[Tuple[str, str, Optional[float], Optional[float], str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 6)[:6]
        sentence, surface, value, high, unit, qualifier = cells
        rows.append((sentence.replace("\\n", "\n"), surface, float(value) if value else None,
                     float(high) if high else None, unit, qualifier))
    return rows


def judge(case, claims) -> str:
    """'' when the claims read ``case`` right, else what is wrong."""
    sentence, surface, value, high, unit, qualifier = case
    if surface.startswith("!"):
        word = surface[1:]
        at = sentence.find(word)
        hit = [c for c in claims if c.start < at + len(word) and at < c.end]
        return "" if not hit else f"claim {hit[0].text!r} found"
    at = sentence.find(surface)
    got = [c for c in claims if (c.start, c.end) == (at, at + len(surface))]
    if not got:
        near = [c.text for c in claims if c.start < at + len(surface) and at < c.end]
        return f"no claim {surface!r} (found {near})"
    c = got[0]
    problems = []
    if value is None and c.value is not None or value is not None and (
            c.value is None or abs(c.value - value) > 1e-6 * max(1.0, abs(value))):
        problems.append(f"value {c.value} != {value}")
    if (high is None) != (c.value_high is None) or high is not None and abs(c.value_high - high) > 1e-6 * high:
        problems.append(f"value_high {c.value_high} != {high}")
    if c.unit != unit:
        problems.append(f"unit {c.unit!r} != {unit!r}")
    if c.qualifier != qualifier:
        problems.append(f"qualifier {c.qualifier} != {qualifier}")
    return "; ".join(problems)


def main(argv: List[str]) -> int:
    from reportnlp.extract.claims import extract_claims
    from reportnlp.model import Report
    cases = load_cases()
    wrong = []
    for case in cases:
        claims = extract_claims(Report(doc_id="case", text=case[0]))
        problem = judge(case, claims)
        if problem:
            wrong.append((case, problem))
    right = len(cases) - len(wrong)
    print(f"{right}/{len(cases)} number-reading cases right ({right / len(cases):.1%})")
    if "-v" in argv:
        for case, problem in wrong:
            print(f"  {case[0]!r}: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
