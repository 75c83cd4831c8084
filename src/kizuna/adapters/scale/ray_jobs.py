"""Run a per-item job through Ray Data, locally (default) or on a cluster.

:func:`ray_map` takes a worker class (built once per Ray worker, e.g. to load
a model once), a list of picklable items and yields each item's results as the
workers finish them (Ray Data streaming execution). Local mode starts Ray with
``num_cpus=workers``, no dashboard, no usage statistics and quiet logs;
``address`` (``"auto"`` or ``"ray://host:10001"``) joins an existing cluster
instead. A Ray already started in this process (tests share one) is reused and
left running.

    >>> for result in ray_map(Builder, {"out": "corpus"}, tasks, workers=2):  # doctest: +SKIP
    ...     print(result)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from kizuna.errors import InvalidValueError

__all__ = ["ray_map", "start_ray"]


def start_ray(*, workers: int, address: str | None) -> bool:
    """Start (or join) Ray; True when this call started it (the caller shuts it down)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no network calls home
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    import ray

    if ray.is_initialized():
        return False
    if address is not None and address != "auto" and not address.startswith("ray://"):
        raise InvalidValueError(f"--ray-address: {address!r} is neither 'auto' nor ray://HOST:PORT")
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                               "logging_level": logging.ERROR, "configure_logging": True}
    try:
        if address is None:
            ray.init(num_cpus=workers, **options)
        else:
            ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise InvalidValueError(
            f"--ray-address {address}: cannot start or join Ray: {exc}") from exc
    return True


_WORKERS: dict[str, Any] = {}  # per worker process: built once, reused by later tasks


def _run_item(row: dict[str, Any], *, worker: Callable[..., Any], kwargs: Mapping[str, Any],
              encode: Callable[[Any], dict[str, Any]],
              decode: Callable[[str], Any]) -> list[dict[str, Any]]:
    """One item's results; the worker object is made once per process (a model loads once)."""
    _quiet()
    key = f"{worker.__module__}.{worker.__qualname__}:{sorted(kwargs.items())!r}"
    if key not in _WORKERS:
        _WORKERS.clear()
        _WORKERS[key] = worker(**kwargs)
    return [encode(result) for result in _WORKERS[key](decode(row["item"]))]


def _quiet() -> None:
    """Ray's own loggers to errors only: a build prints its report, not Ray's chatter."""
    for name in ("ray", "ray.data", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.ERROR)


def ray_map(worker: Callable[..., Any], kwargs: Mapping[str, Any], items: Sequence[str], *,
            workers: int, address: str | None = None,
            encode: Callable[[Any], dict[str, Any]] = dict,
            decode: Callable[[str], Any] = str) -> Iterator[dict[str, Any]]:
    """Yield ``encode(result)`` for every result of ``worker(**kwargs)(decode(item))``.

    Items travel as strings (e.g. JSON) so Ray Data stores them as Arrow columns.

    Each item is one Ray Data block, so the items run in parallel as
    ``workers`` tasks at a time (one CPU each); each worker process builds the
    worker object once and reuses it; an item's results come back together
    when it finishes.
    """
    if not items:
        return
    started = start_ray(workers=workers, address=address)
    import ray

    _quiet()
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.execution_options.preserve_order = False
    try:
        dataset: Any = ray.data.from_items([{"item": item} for item in items],
                                      override_num_blocks=len(items))
        dataset = dataset.flat_map(
            _run_item, fn_kwargs={"worker": worker, "kwargs": dict(kwargs), "encode": encode,
                                  "decode": decode},
            compute=ray.data.TaskPoolStrategy(size=workers), num_cpus=1)
        yield from dataset.iter_rows()
    finally:
        if started:
            ray.shutdown()

