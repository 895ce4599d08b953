# Documentation chores; tests run with `python -m pytest` (see README.md).
PYTHON ?= python

.PHONY: docs readme notebooks golden

# README.md's CLI reference and example tables, docs/TABLES.md, and docs/adoption.png
docs:
	$(PYTHON) scripts/cli_reference.py --figure

# the same without the figure (what tests/test_readme.py and tests/test_tabledocs.py check)
readme:
	$(PYTHON) scripts/cli_reference.py

# the notebooks executed, with outputs, into build/notebooks/ (needs pip install "reportnlp[notebooks]")
notebooks:
	$(PYTHON) scripts/run_notebooks.py

# tests/golden/*.csv rewritten from the bundled corpus (after an intended change in extraction)
golden:
	$(PYTHON) scripts/update_golden.py
