"""Processes that end with the one that started them (Linux), so no build leaves orphans."""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def die_with_parent(sig: signal.Signals = signal.SIGKILL) -> None:
    """Ask the kernel to send `sig` to this process when its parent ends (prctl PR_SET_PDEATHSIG).
    A no-op where there is no prctl."""
    parent = os.getppid()
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the call took effect
        os.kill(os.getpid(), sig)


def worker_start() -> None:
    """For a worker process forked from a build: ends with the build, and a TERM ends it quietly
    (the build's own TERM handler is not for it)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which stops its workers
    die_with_parent()


def stop_on_term() -> None:
    """A TERM (from `kill`, or from make when make is stopped) ends the program as Ctrl-C does, so
    its clean-up runs."""
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def exchange(a: str, b: str) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE), e.g. a folder and a link.
    False where the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0
