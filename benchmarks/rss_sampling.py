"""A background thread that samples resident memory while a benchmark runs (`throughput.py`, `cluster.py`)."""
from __future__ import annotations

import threading
import time

import psutil


class Sampler:
    """Calls `sample(this process)` every `interval` seconds between `__enter__` and `__exit__`."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.monotonic()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def elapsed(self) -> float:
        """Seconds since the sampler was made."""
        return time.monotonic() - self._start

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.sample(me)
            self._stop.wait(self.interval)

    def sample(self, me: psutil.Process) -> None:
        raise NotImplementedError
