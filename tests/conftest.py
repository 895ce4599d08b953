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
