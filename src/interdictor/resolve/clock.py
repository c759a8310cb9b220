"""Wall and CPU seconds per step of a run, so a slow step shows whether it computed or waited.

On a shared machine wall time depends on what else runs; CPU time (every thread of this process,
and worker processes once they have ended) is what the step itself cost.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

__all__ = ["StepClock", "cpu_seconds"]


def cpu_seconds() -> float:
    """CPU seconds of this process (all threads) and of its ended child processes."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


class StepClock:
    """Laps of wall and CPU time, one per named step (a step named twice adds up)."""

    def __init__(self, on_step: Callable[[str], None] | None = None) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.on_step = on_step
        self._last = (time.perf_counter(), cpu_seconds())

    def mark(self, name: str) -> None:
        """End the step `name` now."""
        wall, cpu = time.perf_counter(), cpu_seconds()
        self.wall[name] = round(self.wall.get(name, 0.0) + wall - self._last[0], 3)
        self.cpu[name] = round(self.cpu.get(name, 0.0) + cpu - self._last[1], 3)
        self._last = (wall, cpu)
        if self.on_step is not None:
            self.on_step(name)
