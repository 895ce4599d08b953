"""Fixtures shared by the test modules."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout: real reports and gold; tests that need it skip without it.
SHARED = ROOT.parent / "shared"


def load_script(name: str):
    """A module of scripts/ (they are not a package), e.g. load_script("update_golden")."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or a clean skip where it is absent (a user's checkout, a bare CI)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not here")
    return SHARED


@pytest.fixture(scope="session")
def sample_analysis():
    """The bundled sample corpus analysed once per test session."""
    import reportnlp

    return reportnlp.analyze()


# --- gold scoring: every accuracy floor scores through evaluate.score_document ----------


def gold_tally(kind: str, predict):
    """evaluate.score_document over ../shared/gold/dev for one kind (a clean skip without it).

    ``predict(txt_path)`` gives the rows found in one gold DOC.txt (dicts with start, end,
    text and the fields). Returns the evaluate.Tally; see f1 and accuracy below.
    """
    import json

    from reportnlp.evaluate import Tally, score_document

    gold = SHARED / "gold" / "dev"
    if not gold.is_dir():
        pytest.skip("../shared/gold/dev is not available")
    tally, scored = Tally(), 0
    for js in sorted(gold.glob("*.json")):
        data = json.loads(js.read_text(encoding="utf-8"))
        txt = js.with_suffix(".txt")
        if kind in data.get("scope", []) and txt.exists():
            score_document(kind, data.get(kind, []), list(predict(txt)), tally, js.stem)
            scored += 1
    assert scored, f"no gold document in {gold} scores {kind}"
    return tally


def f1(tally) -> float:
    """Detection F1 of a Tally (records matched as evaluate matches them)."""
    return 2 * tally.tp / max(1, 2 * tally.tp + tally.fp + tally.fn)


def accuracy(tally, field: str) -> float:
    """Share of matched records whose ``field`` is right."""
    assert tally.scored.get(field), f"no matched record scored {field}"
    return tally.right[field] / tally.scored[field]
