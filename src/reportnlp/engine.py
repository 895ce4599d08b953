"""Run one function over many inputs, in input order, on local processes or a Dask cluster.

Both engines keep only a bounded window of tasks in flight and hand results back in the
order the inputs came, so memory stays flat over any corpus and ``--jobs 8`` writes the
same rows in the same order as ``--jobs 1``.

The local engine runs tasks in worker processes of its own (even for one job when a
time limit is set), so that a task stuck on one input can be killed: a task calls
:func:`heartbeat` before each input, and when one input takes longer than the time limit
the worker is killed, ``on_timeout`` rewrites the task without that input, and the run
goes on with a fresh worker. Workers die with their parent (``PR_SET_PDEATHSIG`` on
Linux, a watch thread elsewhere), so killing a run never leaves orphans behind.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, TypeVar

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


# --- worker processes ------------------------------------------------------------------

_BEAT = None  # in a worker: (time of the last heartbeat, step) shared with the parent


def heartbeat(step: int) -> None:
    """Tell the parent that the task is starting its input number ``step`` (0-based).

    The time limit counts from the last heartbeat, so it applies per input, not per
    task. Outside a worker process this does nothing.
    """
    if _BEAT is not None:
        _BEAT[1].value = step
        _BEAT[0].value = time.monotonic()


def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:  # where there is no PDEATHSIG, or it was not set
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="reportnlp-parent-watch", daemon=True).start()


def _worker_main(conn, beat, step, parent: int) -> None:
    global _BEAT
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _BEAT = (beat, step)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        func, args = task
        step.value = 0
        beat.value = time.monotonic()
        try:
            reply = (True, func(*args))
        except BaseException as exc:  # handed to the parent, which raises it
            reply = (False, exc)
        beat.value = 0.0
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or exception
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.beat = ctx.Value("d", 0.0, lock=False)
        self.step = ctx.Value("i", 0, lock=False)
        self.proc = ctx.Process(target=_worker_main, args=(child, self.beat, self.step, os.getpid()),
                                daemon=True, name="reportnlp-worker")
        self.proc.start()
        child.close()
        self.task: Optional[Tuple[int, Tuple]] = None

    def send(self, index: int, func, item: Tuple) -> None:
        self.task = (index, item)
        self.beat.value = time.monotonic()
        self.conn.send((func, item))

    def stuck_for(self) -> float:
        started = self.beat.value
        return time.monotonic() - started if started else 0.0

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


OnTimeout = Callable[[Tuple, int, str], Tuple]


def map_local(func: Callable[..., R], items: Sequence[Tuple], *, jobs: int = 1,
              time_limit: Optional[float] = None, on_timeout: Optional[OnTimeout] = None) -> Iterator[R]:
    """``func(*item)`` for each item, in order, over ``jobs`` worker processes.

    With ``time_limit`` (seconds per input, see :func:`heartbeat`), a worker stuck longer
    on one input, or one that dies, is replaced and ``on_timeout(item, step, reason)``
    gives the item to run instead (the input at ``step`` left out). Without a time limit
    and with one job, items run in this process.
    """
    if time_limit is None and (jobs <= 1 or len(items) <= 1):
        for item in items:
            yield func(*item)
        return
    if not items:
        return
    import multiprocessing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context()
    workers: List[_Worker] = []
    todo: deque = deque(enumerate(items))
    done: Dict[int, R] = {}
    window = max(1, jobs) * WINDOW_PER_WORKER
    next_out = 0
    try:
        workers = [_Worker(ctx) for _ in range(min(max(1, jobs), len(items)))]
        while next_out < len(items):
            for i, worker in enumerate(workers):
                if worker.task is None and todo and todo[0][0] < next_out + window:
                    if not worker.proc.is_alive():  # died while idle (the OOM killer, a kill)
                        worker.kill()
                        workers[i] = worker = _Worker(ctx)
                    index, item = todo.popleft()
                    try:
                        worker.send(index, func, item)
                    except (OSError, ValueError):  # died between the check and the send
                        worker.task = None
                        todo.appendleft((index, item))
                        worker.kill()
                        workers[i] = _Worker(ctx)
            busy = [w for w in workers if w.task is not None]
            ready = wait([w.conn for w in busy], timeout=0.25)
            for i, worker in enumerate(workers):
                if worker.task is None:
                    continue
                index, item = worker.task
                reason = None
                if worker.conn in ready:
                    try:
                        ok, value = worker.conn.recv()
                    except (EOFError, OSError):
                        reason = "its worker process died"
                    else:
                        if not ok:
                            raise value
                        done[index] = value
                        worker.task = None
                        continue
                elif time_limit is not None and worker.stuck_for() > time_limit:
                    reason = f"took longer than the {time_limit:g} s time limit"
                elif not worker.proc.is_alive():
                    reason = "its worker process died"
                if reason is None:
                    continue
                if on_timeout is None:
                    raise TimeoutError(f"a task {reason}")
                step = worker.step.value
                worker.kill()
                todo.appendleft((index, on_timeout(item, step, reason)))
                workers[i] = _Worker(ctx)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in workers:
            if worker.task is not None:
                worker.kill()  # interrupted: queued work is dropped, not finished for nothing
            else:
                worker.stop()


def import_distributed():
    """The ``distributed`` module, or an ImportError telling the user what to install."""
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(DASK_MISSING) from exc
    return distributed


SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx", "inproc")
# Seconds to wait for a scheduler: to connect, and for the whole handshake.
SCHEDULER_TIMEOUT = 10


def check_scheduler(address: str, *, probe: bool = True) -> str:
    """``address`` as a Dask scheduler address (``tcp://`` added when no scheme is given),
    or a ValueError saying what is wrong: a malformed address, or (with ``probe``) nothing
    listening there, found out in seconds rather than after a long connect time-out."""
    import socket
    from urllib.parse import urlsplit

    text = address.strip()
    if "://" not in text:
        text = "tcp://" + text
    parts = urlsplit(text)
    if parts.scheme not in SCHEDULER_SCHEMES:
        raise ValueError(f"--scheduler {address!r}: the scheme must be one of "
                         f"{', '.join(s + '://' for s in SCHEDULER_SCHEMES)} (e.g. tcp://10.0.0.5:8786)")
    if parts.scheme == "inproc":
        return text
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host, port = None, None
    if not host or port is None or parts.path not in ("", "/"):
        raise ValueError(f"--scheduler {address!r} is not an address; give host and port, "
                         "e.g. tcp://10.0.0.5:8786")
    if probe and parts.scheme in ("tcp", "tls", "ws", "wss"):
        try:
            with socket.create_connection((host, port), timeout=SCHEDULER_TIMEOUT):
                pass
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ValueError(f"cannot reach a Dask scheduler at {text} ({reason}); check the "
                             "address and that the scheduler is running") from None
    return text


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
        import dask

        address = check_scheduler(scheduler)
        # Something that listens but is not a scheduler (an HTTP port) must fail in
        # seconds too: the comm time-outs bound the handshake, not only the connect.
        with dask.config.set({"distributed.comm.timeouts.connect": f"{SCHEDULER_TIMEOUT}s",
                              "distributed.comm.retry.count": 0}):
            found: dict = {}

            def connect() -> None:
                try:
                    found["client"] = distributed.Client(address, set_as_default=False,
                                                         timeout=f"{SCHEDULER_TIMEOUT}s")
                except BaseException as exc:  # handed to the waiting thread
                    found["error"] = exc

            # Dask's own time-outs do not bound a handshake with a server that accepts the
            # connection and never answers (an HTTP port): wait for it on a thread.
            thread = threading.Thread(target=connect, name="reportnlp-dask-connect", daemon=True)
            thread.start()
            thread.join(2 * SCHEDULER_TIMEOUT)
            if thread.is_alive() or "client" not in found:
                detail = found.get("error")
                raise TimeoutError(
                    f"no Dask scheduler answered at {address} within {2 * SCHEDULER_TIMEOUT} s"
                    + (f" ({type(detail).__name__}: {detail})" if detail else
                       "; something listens there, but it is not a Dask scheduler"))
            client = found["client"]
        with client:
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
                jobs: int = 1, scheduler=None, time_limit: Optional[float] = None,
                on_timeout: Optional[OnTimeout] = None) -> Iterator[R]:
    """Dispatch to ``map_local`` or ``map_dask``; results always in item order.

    The per-input time limit applies to the local engine (a Dask task cannot be killed
    from outside; a Dask cluster has its own worker lifetimes).
    """
    if engine == "local":
        if scheduler is not None:
            raise ValueError("a scheduler address only applies to engine='dask'")
        return map_local(func, items, jobs=jobs, time_limit=time_limit, on_timeout=on_timeout)
    if engine == "dask":
        import_distributed()  # fail now, with the install hint, not at the first result
        return map_dask(func, items, scheduler=scheduler, jobs=jobs)
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
