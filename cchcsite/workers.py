"""Run a pure function over chunks of items, here or across worker processes.

Each worker builds its state once (`setup(*setup_args)`: a prepared theme, a
Markdown renderer) and then handles chunk after chunk. Results come back in
the order of the items, so the output never depends on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .stopping import as_worker

CHUNK = 64  # items per task: big enough to amortise the hand-off, small enough to balance
MIN_PARALLEL = 400  # below this, starting workers costs more than it saves

_state: Any = None  # the worker process's own prepared state, set once by `_start`


def default_jobs() -> int:
    return os.cpu_count() or 1


def _start(setup: Callable, setup_args: tuple, parent: int) -> None:
    global _state
    as_worker(parent)
    _state = setup(*setup_args)


def _run(task: tuple[Callable, list]) -> Any:
    function, chunk = task
    return function(_state, chunk)


def _context():
    # fork shares the parent's memory (the site model) without pickling it; spawn elsewhere.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


def map_chunks(
    function: Callable[[Any, list], Any],
    items: Sequence,
    jobs: int,
    setup: Callable,
    setup_args: tuple = (),
    chunk: int = CHUNK,
    min_parallel: int = MIN_PARALLEL,
) -> Iterator[tuple[int, Any]]:
    """Yield (items handled so far, result of `function(state, chunk)`) chunk by chunk, in order.
    Heavy items (a photo to encode) go one per task (`chunk=1`) and to workers from two on."""
    chunks = [list(items[i : i + chunk]) for i in range(0, len(items), chunk)]
    done = 0
    if jobs <= 1 or len(items) < min_parallel:
        state = setup(*setup_args)
        for part in chunks:
            done += len(part)
            yield done, function(state, part)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_start, initargs=(setup, setup_args, os.getpid()))
    finished = False
    try:
        for part, result in zip(chunks, pool.map(_run, [(function, part) for part in chunks])):
            done += len(part)
            yield done, result
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:  # stopped (signal, error, consumer gave up): don't let workers finish the queue
            _stop_workers(pool)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    workers = list((getattr(pool, "_processes", None) or {}).values())  # public terminate_workers() is 3.14+
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
