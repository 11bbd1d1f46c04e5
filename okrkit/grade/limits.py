"""Per-submission limits (file size, seconds, worker memory) and the alarm and memory cap that enforce them."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_MAX_MB = 5.0  # a notebook over this size is refused without being read
DEFAULT_TIME_LIMIT = 10.0  # seconds to read and check one submission
DEFAULT_MEMORY_MB = 2048  # address-space limit of a grading worker (POSIX)


class TimeLimitExceeded(BaseException):
    """Raised inside a worker when one submission takes too long (BaseException: no `except Exception` eats it)."""


@dataclass(frozen=True)
class Limits:
    """Per-submission limits: file size, seconds to read and check, worker memory."""

    max_bytes: int = int(DEFAULT_MAX_MB * 1_000_000)
    seconds: float = DEFAULT_TIME_LIMIT
    memory_mb: int | None = DEFAULT_MEMORY_MB


@contextlib.contextmanager
def alarm(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in this (main) thread after seconds, where POSIX signals allow it."""
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TimeLimitExceeded()

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def limit_memory(mb: int | None) -> None:
    """Let this process grow by at most mb of address space (POSIX), so a runaway answer fails with MemoryError."""
    if not mb:
        return
    try:
        import resource

        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = current + mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass
