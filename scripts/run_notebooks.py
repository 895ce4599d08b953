"""Execute the notebooks with outputs into build/notebooks/ (the committed ones carry none).

    python scripts/run_notebooks.py [NOTEBOOK ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "notebooks"


def run(path: Path, out: Path = OUT) -> Path:
    """Execute ``path`` in the notebooks folder and write the executed copy to ``out``."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=3600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    out.mkdir(parents=True, exist_ok=True)
    target = out / path.name
    nbformat.write(nb, target)
    return target


def main(argv) -> int:
    paths = [Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        started = time.perf_counter()
        target = run(path)
        print(f"{target.relative_to(ROOT)} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
