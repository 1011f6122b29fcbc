"""Stopping a build cleanly, whatever stops it.

CI runners, `timeout` and systemd send SIGTERM; a killed terminal sends
SIGHUP; Ctrl-C sends SIGINT. All of them unwind the build like Ctrl-C does
(workers stopped, staging removed, last output untouched). SIGKILL cannot be
caught, so every child we start asks the kernel to kill it when its parent
dies: otherwise orphaned workers would keep the caller's pipes open and a CI
step would wait on them until its time limit.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_CATCHABLE = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(BaseException):
    """The process was asked to stop by a signal; unwinds like KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # the shell's convention: SIGTERM → 143


def _raise_stopped(signum, frame) -> None:
    raise Stopped(signum)


def stop_on_signals() -> None:
    """In the main process: SIGTERM and SIGHUP raise `Stopped` in the main thread."""
    for signum in _CATCHABLE:
        signal.signal(signum, _raise_stopped)


def outcome_decided() -> None:
    """The command has finished: a stop signal now (while the interpreter exits) must not turn
    its exit status into a crash (-2) or print a traceback."""
    for signum in (signal.SIGINT, *_CATCHABLE):
        signal.signal(signum, signal.SIG_IGN)


def as_worker(parent: int) -> None:
    """In a child process of `parent` (its pid, taken before the fork): die with it; leave SIGINT
    and SIGTERM handling to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent stops us
    for signum in _CATCHABLE:
        signal.signal(signum, signal.SIG_DFL)
    die_with_parent(parent)


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """Have the kernel send `signum` when `parent` exits; elsewhere a thread watches it.

    `parent` comes from before the fork: read here, it could already be init's pid if the
    parent died in between (a worker started just as the build was stopped), and that
    orphan would live on, holding the caller's pipes."""
    watched_by_kernel = _kernel_signals_on_parent_death(signum)
    if os.getppid() != parent:  # the parent died before we asked
        os._exit(1)
    if not watched_by_kernel:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


def child_preexec():
    """`preexec_fn` for a program we run (Pagefind): killed with us on Linux; None where unsupported."""
    if not sys.platform.startswith("linux"):
        return None
    return lambda: _kernel_signals_on_parent_death(signal.SIGKILL)


def _kernel_signals_on_parent_death(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
