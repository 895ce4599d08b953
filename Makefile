# Documentation chores; tests run with `python -m pytest` (see README.md).
PYTHON ?= python

.PHONY: docs readme notebooks

# CLI reference, example tables and docs/adoption.png in README.md
docs:
	$(PYTHON) scripts/cli_reference.py --examples

# CLI reference only (what tests/test_readme.py checks)
readme:
	$(PYTHON) scripts/cli_reference.py

# the notebooks executed, with outputs, into build/notebooks/
notebooks:
	$(PYTHON) scripts/run_notebooks.py
