"""The cycle collector paused around work that makes many objects and no garbage (large loads and lints)."""

from __future__ import annotations

import gc


class paused:  # noqa: N801 - used as a function: `with collector.paused(large):`
    """Pause Python's cycle collector for a with-block when large is true and it is running; leave it as found.

    A class, not a generator: re-enabling is the last thing its exit does, so the collection the pause put off
    runs after the block, not inside the context manager's own clean-up."""

    def __init__(self, large: bool) -> None:
        self.pause = large and gc.isenabled()

    def __enter__(self) -> None:
        if self.pause:
            gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.pause:
            gc.enable()
