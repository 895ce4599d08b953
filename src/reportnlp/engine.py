"""Run one function over many inputs, in input order, on local processes or a Dask cluster.

Both engines keep only a bounded window of tasks in flight and hand results back in the
order the inputs came, so memory stays flat over any corpus and ``--jobs 8`` writes the
same rows in the same order as ``--jobs 1``.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Optional, Sequence, Tuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
DASK_MISSING = ("--engine dask needs Dask and distributed, which are not installed; "
                "install them with: pip install 'reportnlp[dask]'")
# Tasks in flight per worker: enough to keep every worker busy, few enough to bound memory.
WINDOW_PER_WORKER = 4


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _star(func: Callable[..., R], args: Tuple) -> R:
    return func(*args)


def _ordered(submit: Callable[[Tuple], object], result: Callable[[object], R],
             items: Iterable[Tuple], window: int) -> Iterator[R]:
    """Results of ``submit(item)`` in item order, at most ``window`` submitted and not yet yielded."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def map_local(func: Callable[..., R], items: Sequence[Tuple], *, jobs: int = 1) -> Iterator[R]:
    """``func(*item)`` for each item, in order, over ``jobs`` worker processes."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield func(*item)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)))
    try:
        yield from _ordered(lambda item: pool.submit(func, *item), lambda f: f.result(),
                            items, jobs * WINDOW_PER_WORKER)
    finally:
        # On an interruption, queued documents are dropped rather than computed for nothing.
        pool.shutdown(wait=True, cancel_futures=True)


def import_distributed():
    """The ``distributed`` module, or an ImportError telling the user what to install."""
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(DASK_MISSING) from exc
    return distributed


@contextmanager
def dask_client(scheduler: Optional[str] = None, *, jobs: int = 1):
    """A Dask client on ``scheduler`` (an address such as ``tcp://host:8786`` or a
    ``LocalCluster``), or on a local cluster of ``jobs`` single-threaded worker processes."""
    distributed = import_distributed()
    if scheduler is not None and not isinstance(scheduler, str):
        with distributed.Client(scheduler, set_as_default=False) as client:
            yield client
        return
    if scheduler:
        with distributed.Client(scheduler, set_as_default=False, timeout="30s") as client:
            yield client
        return
    with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        with distributed.Client(cluster, set_as_default=False) as client:
            yield client


def map_dask(func: Callable[..., R], items: Sequence[Tuple], *, scheduler=None,
             jobs: int = 1) -> Iterator[R]:
    """``func(*item)`` for each item, in order, as tasks on a Dask cluster.

    Workers must be able to import reportnlp and to read the input paths (a shared file
    system), since only the paths travel to them.
    """
    with dask_client(scheduler, jobs=jobs) as client:
        threads = sum(client.nthreads().values()) or 1
        yield from _ordered(lambda item: client.submit(_star, func, item, pure=False),
                            lambda f: f.result(), items, threads * WINDOW_PER_WORKER)


def run_ordered(func: Callable[..., R], items: Sequence[Tuple], *, engine: str = "local",
                jobs: int = 1, scheduler=None) -> Iterator[R]:
    """Dispatch to ``map_local`` or ``map_dask``; results always in item order."""
    if engine == "local":
        if scheduler is not None:
            raise ValueError("a scheduler address only applies to engine='dask'")
        return map_local(func, items, jobs=jobs)
    if engine == "dask":
        import_distributed()  # fail now, with the install hint, not at the first result
        return map_dask(func, items, scheduler=scheduler, jobs=jobs)
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
