"""Write tests/golden/*.csv: every table of the bundled sample corpus, as the code produces it now.

tests/test_golden.py fails when the tables differ from these files, so that any change in
behaviour shows up as a reviewable diff. After a deliberate change, run

    python scripts/update_golden.py

and commit the new files with the change that explains them.
"""
from __future__ import annotations

import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"
# Columns that depend on where the package is installed, not on what it extracts.
VOLATILE = ("path",)


def golden_text(frame) -> str:
    """One table as the CSV text kept in tests/golden (plain UTF-8, LF, no escaping)."""
    frame = frame.drop(columns=[c for c in VOLATILE if c in frame.columns])
    return frame.to_csv(index=False, lineterminator="\n")


def golden_tables() -> dict:
    """table name -> golden CSV text, from a fresh analysis of the bundled corpus."""
    import reportnlp

    analysis = reportnlp.analyze()
    return {name: golden_text(frame) for name, frame in analysis.tables().items()}


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, text in golden_tables().items():
        target = GOLDEN / f"{name}.csv"
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"{target.relative_to(GOLDEN.parents[1])} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
