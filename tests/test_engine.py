"""engine.py: one function over many inputs, results in input order whatever the jobs."""
from __future__ import annotations

import pytest

from reportnlp import engine


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_input_order(jobs):
    items = [(i,) for i in range(9)]
    assert list(engine.run_ordered(_square, items, jobs=jobs)) == [i * i for i in range(9)]


def test_a_scheduler_address_needs_the_dask_engine():
    with pytest.raises(ValueError, match="dask"):
        list(engine.run_ordered(_square, [(1,)], scheduler="tcp://127.0.0.1:1"))
