"""Parse the documents of bulk files in worker processes, in order, in bounded memory.

A reader that can hand out its documents as jobs (:class:`MappedReader`, e.g.
the USPTO XML reader) gets a mapper from :class:`ParsePool`: the main process
splits the file and stores the results, ``workers`` processes parse. At most
``WINDOW_PER_WORKER`` documents per worker (and at least ``MIN_WINDOW``) are
in flight, so memory stays flat however large the file. Results come back in
document order, and a fault met while splitting the file is raised after the
documents before it, exactly where the in-process reader raises it, so the
ingest report is the same either way.

    >>> with ParsePool(workers=4) as pool:  # doctest: +SKIP
    ...     results = reader.read_mapped(FileInput(path=bulk), pool.map)
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, TypeVar, runtime_checkable

from kizuna.adapters.parent_watch import watch_parent
from kizuna.adapters.sources.base import FileInput, ReadResult
from kizuna.errors import SourceError

__all__ = ["MappedReader", "ParsePool", "ReaderCrashError"]

WINDOW_PER_WORKER = 8  # documents queued per worker: enough to keep it busy
#: Documents queued at least, whatever the number of workers: enough for them to
#: go on parsing while the main process writes a batch to the database.
MIN_WINDOW = 64
_PRELOAD = ("kizuna.services.ingest_pool", "kizuna.adapters.sources.uspto_xml.read")
J = TypeVar("J")


@runtime_checkable
class MappedReader(Protocol):
    """A reader whose documents can be parsed by a mapper (see the module docstring)."""

    def read_mapped(
        self,
        source: FileInput,
        mapper: Callable[[Callable[[Any], ReadResult], Iterator[Any]], Iterator[ReadResult]],
        *,
        by_reference: bool = False,
    ) -> Iterator[ReadResult]:
        """Like ``read``, with ``mapper(parse, jobs)`` parsing the documents in order;
        ``by_reference``: jobs name byte ranges of the file instead of carrying bytes."""
        ...


class ReaderCrashError(Exception):
    """An unexpected exception of a reader in a worker; ``kind`` is its type's name."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True)
class _Outcome:
    """What a worker sends back: exceptions travel as names and text (they may not pickle)."""

    result: ReadResult | None = None
    error_type: type[SourceError] | None = None
    path: str = ""
    fault: str = ""
    raised: tuple[str, str] | None = None

    def unwrap(self) -> ReadResult:
        if self.raised is not None:
            raise ReaderCrashError(*self.raised)
        if self.error_type is not None:
            return self.error_type(self.path, self.fault)
        assert self.result is not None
        return self.result


def _run(parse: Callable[[J], ReadResult], job: J) -> _Outcome:
    """Worker side: parse one document."""
    try:
        result = parse(job)
    except Exception as exc:  # a reader bug: reported by the ingest like an in-process one
        return _Outcome(raised=(type(exc).__name__, str(exc)))
    if isinstance(result, SourceError):
        return _Outcome(error_type=type(result), path=result.path, fault=result.fault)
    return _Outcome(result=result)


#: Young-generation threshold while documents are read: a bulk file allocates millions of
#: short-lived objects (XML elements, claims, citations) and no reference cycles worth
#: collecting early; CPython's default (700) spent about 15 % of an ingest in the collector
#: (``benchmarks/ingest.py``). Collections still run, every 50,000 allocations.
GC_YOUNG_THRESHOLD = 50_000


def relax_gc() -> tuple[int, ...]:
    """Raise the young-generation threshold to :data:`GC_YOUNG_THRESHOLD`; the old thresholds."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_YOUNG_THRESHOLD), *before[1:])
    return before


def _start_worker(owner: int) -> None:
    """Worker start: end with the owner (:func:`watch_parent`); collect garbage as an ingest
    does (a forked worker inherits that, a spawned one would not)."""
    watch_parent(owner)
    relax_gc()


def _context() -> multiprocessing.context.BaseContext:
    """How to start the workers.

    A single-threaded process on Linux forks them: they start at once with the
    readers already imported (they never touch the inherited database
    connection, and leave through ``os._exit``). A threaded one (the web server)
    must not fork; it uses a fork server that has imported the readers once, or,
    where there is none, spawns (which re-imports the main module).
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(_PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


class ParsePool:
    """``workers`` processes (started on first use, stopped on exit) that parse documents."""

    def __init__(self, *, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self.window = max(MIN_WINDOW, workers * WINDOW_PER_WORKER)
        self.queued = 0  # documents of the current map submitted and not yet handed out

    def busy(self) -> bool:
        """True while at least half a window of documents is queued for the workers."""
        return self.queued >= self.window // 2

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # Workers end when this process dies, even by kill -9 (issue 12.3).
            self._executor = ProcessPoolExecutor(max_workers=self.workers,
                                                 mp_context=_context(),
                                                 initializer=_start_worker,
                                                 initargs=(os.getpid(),))
        return self._executor

    def map(self, parse: Callable[[J], ReadResult], jobs: Iterator[J]) -> Iterator[ReadResult]:
        """``parse(job)`` for each job, in order, with a bounded number in flight."""
        executor = self._started()
        window = self.window
        pending: deque[Future[_Outcome]] = deque()
        fault: BaseException | None = None
        try:
            while True:
                while fault is None and len(pending) < window:
                    try:
                        job = next(jobs, None)
                    except Exception as exc:  # raised below, after the documents before it
                        fault = exc
                        break
                    if job is None:
                        break
                    pending.append(executor.submit(_run, parse, job))
                self.queued = len(pending)
                if not pending:
                    break
                yield pending.popleft().result().unwrap()
            if fault is not None:
                raise fault
        finally:
            self.queued = 0
            for future in pending:
                future.cancel()
