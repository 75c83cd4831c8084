"""Worker processes that end when the process that started them dies.

A parser worker blocked on its task pipe would wait forever if the ingest that
started it were killed with ``kill -9`` (no pipe EOF reaches a worker whose
sibling or fork server still holds the pipe open). :func:`watch_parent` is run
first in each worker (``ProcessPoolExecutor(initializer=watch_parent,
initargs=(os.getpid(),))``) and makes two independent checks:

1. **Linux**: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` through ``ctypes``: the kernel
   kills the worker the moment its parent process ends;
2. **everywhere**: a daemon thread polls every :data:`POLL_SECONDS` whether the
   worker has been re-parented (``os.getppid()`` changed) or the starting
   process ``owner`` no longer exists, and then ends the worker with
   ``os._exit``.

So workers are gone within about a second of their owner's death, whichever
start method (fork, fork server, spawn) made them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

__all__ = ["POLL_SECONDS", "owner_alive", "watch_parent"]

POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1
_ORPHANED_EXIT = 70  # EX_SOFTWARE: the owner died; nothing to report to


def owner_alive(pid: int) -> bool:
    """True while a process with ``pid`` exists (signal 0 only checks)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _kernel_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the polling thread below still ends the worker


def _poll(owner: int, parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent or not owner_alive(owner):
            os._exit(_ORPHANED_EXIT)


def watch_parent(owner: int) -> None:
    """End this process when ``owner`` (the process that started it) or its parent dies."""
    parent = os.getppid()
    _kernel_death_signal()
    if os.getppid() != parent or not owner_alive(owner):  # died before the signal was set
        os._exit(_ORPHANED_EXIT)
    threading.Thread(target=_poll, args=(owner, parent), daemon=True, name="parent-watch").start()
