"""The linter runs with the tests, so CI fails on an undefined name or an unused import."""
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(find_spec("ruff") is None and shutil.which("ruff") is None,
                    reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_finds_nothing():
    command = [sys.executable, "-m", "ruff"] if find_spec("ruff") else ["ruff"]
    done = subprocess.run([*command, "check", "--no-cache", "src", "tests", "benchmarks", "scripts"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
