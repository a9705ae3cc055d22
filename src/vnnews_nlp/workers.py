"""Worker processes for `analyze_many`, `Pool` and batch jobs.

Workers are started with `fork` on Linux, so they inherit what the parent imported and
loaded and a script needs no `if __name__ == "__main__":` guard. Elsewhere (macOS,
Windows) the platform's start method is used, `spawn`, which runs the calling script again
in every worker: there a script without the guard is stopped with one line saying what to
do, instead of multiprocessing's long bootstrapping error. `VNNEWS_START_METHOD` picks
another method (`fork`, `spawn`, `forkserver`).
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from .memory import tune_allocator
from .pipeline import load

START_METHOD_ENV = "VNNEWS_START_METHOD"
GUARD_HINT = ('worker processes start with the "{method}" method, which runs your script again in each of them: '
              'put the code that calls vnnews_nlp under `if __name__ == "__main__":`, or use workers=1')

# The worker processes are replaced by fresh ones after this many documents each: the only
# way to hand back all of a worker's heap (spaCy's string store and fragmented arenas only
# grow). Forking a new pool costs about a second against some 5 minutes of work.
RECYCLE_WORKERS_AFTER_DOCS = 10_000


def start_method() -> str:
    """`VNNEWS_START_METHOD` when set, `fork` on Linux, else the platform's default (`spawn`)."""
    chosen = os.environ.get(START_METHOD_ENV, "").strip()
    available = multiprocessing.get_all_start_methods()
    if chosen:
        if chosen not in available:
            raise ValueError(f"{START_METHOD_ENV}={chosen!r}: not one of {', '.join(available)}")
        return chosen
    if sys.platform.startswith("linux") and "fork" in available:
        return "fork"
    return multiprocessing.get_start_method(allow_none=False)


def _stop_if_starting_a_worker(method: str) -> None:
    """Called before a pool starts: in a worker that is still importing the user's script (spawn,
    forkserver) a pool here would recurse; say what to do in one line and leave."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        sys.stderr.write(f"vnnews_nlp: {GUARD_HINT.format(method=method)}\n")
        sys.stderr.flush()
        raise SystemExit(1)


class InlineExecutor(Executor):
    """Runs each task at submit time, in this process: the one-worker case without a pool."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


class RecyclingPool(Executor):
    """A process pool that hands new tasks to a fresh pool after `tasks_per_worker` tasks per
    worker; the old pool finishes what it was given, then its processes exit.

    Unlike `ProcessPoolExecutor(max_tasks_per_child=...)` this works with the `fork` start
    method, so workers inherit what the parent imported and loaded.
    """

    def __init__(self, workers: int, tasks_per_worker: int, method: str | None = None):
        self.workers = workers
        self.limit = max(1, tasks_per_worker) * workers
        self.method = method or start_method()
        self.pools_started = 0
        self._pool: ProcessPoolExecutor | None = None
        self._submitted = 0

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        if self._pool is None or self._submitted >= self.limit:
            if self._pool is not None:
                self._pool.shutdown(wait=False)  # queued tasks still run; then its workers exit
            _stop_if_starting_a_worker(self.method)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_warm_up,
                                             mp_context=multiprocessing.get_context(self.method))
            self.pools_started += 1
            self._submitted = 0
        self._submitted += 1
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
            self._pool = None


def make_executor(workers: int, chunk_size: int = 1) -> Executor:
    """This process for one worker, else a pool of `workers` processes that each load the pipeline once
    and are replaced after `RECYCLE_WORKERS_AFTER_DOCS` documents each (tasks of `chunk_size` records)."""
    if workers <= 1:
        return InlineExecutor()
    return RecyclingPool(workers, RECYCLE_WORKERS_AFTER_DOCS // max(chunk_size, 1))


@contextmanager
def local_executor(workers: int, chunk_size: int = 1) -> Iterator[Executor]:
    """`make_executor` for the length of a `with` block."""
    executor = make_executor(workers, chunk_size)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """In each worker: build the pipeline once, and exit if the parent dies (a killed job leaves no orphans)."""
    import threading

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    tune_allocator()
    load()


def _exit_with_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def ordered_map(submit: Callable[[list], Future], chunks: Iterable[list], window: int) -> Iterator[tuple[list, Any]]:
    """(chunk, result) in input order, with at most `window` chunks submitted ahead of the one being read."""
    pending: deque[tuple[list, Future]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            done_chunk, future = pending.popleft()
            yield done_chunk, future.result()
    while pending:
        done_chunk, future = pending.popleft()
        yield done_chunk, future.result()


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
