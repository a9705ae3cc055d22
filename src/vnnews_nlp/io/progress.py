"""Progress of a batch job: a bar with docs/s and ETA on a terminal, plain log lines otherwise."""
from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import Callable, TextIO


class Progress:
    """Shows records done; the total (for the ETA) is counted in the background so work starts at once."""

    def __init__(self, count_total: Callable[[], int | None], initial: int = 0, *, bar: bool | None = None,
                 stream: TextIO | None = None, interval: float = 10.0, label: str = "vnnews batch"):
        self.stream = stream or sys.stderr
        self.initial = initial
        self.interval = interval
        self.label = label
        self.total: int | None = None
        self._started = time.monotonic()
        self._last_log = self._started
        self._done = initial
        self._bar = None
        use_bar = self.stream.isatty() if bar is None else bar
        if use_bar:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
            # A terminal that reports no size (some CI ptys) would get no bar at all.
            width, height = shutil.get_terminal_size((100, 24))
            self._bar = tqdm(total=None, initial=initial, unit="doc", file=self.stream, ncols=width, nrows=height,
                             desc=label, smoothing=0.1)
        self._counter = threading.Thread(target=self._count, args=(count_total,), daemon=True)
        self._counter.start()

    def _count(self, count_total: Callable[[], int | None]) -> None:
        try:
            self.total = count_total()
        except Exception:  # an ETA is a nicety; the job itself reports bad inputs
            self.total = None

    def update(self, done: int, ok: int, errors: int) -> None:
        """`done` records accounted for so far (including those of a resumed run)."""
        if self._bar is not None:
            if self.total is not None and self._bar.total != self.total:
                self._bar.total = self.total
            self._bar.set_postfix(ok=ok, errors=errors, refresh=False)
            self._bar.update(done - self._done)
        else:
            now = time.monotonic()
            if now - self._last_log >= self.interval:
                self._last_log = now
                self.stream.write(f"{self.label}: {self._status(done, ok, errors, now)}\n")
                self.stream.flush()
        self._done = done

    def _status(self, done: int, ok: int, errors: int, now: float) -> str:
        rate = (done - self.initial) / max(now - self._started, 1e-9)
        of = f" of {self.total:,}" if self.total is not None else ""
        text = f"{done:,}{of} records ({ok:,} ok, {errors:,} errors), {rate:.1f} docs/s"
        if self.total is not None and rate > 0 and self.total >= done:
            text += f", ETA {_clock((self.total - done) / rate)}"
        return text

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
