"""Peak resident memory of this process while a block runs."""

from __future__ import annotations

import threading

import psutil


class PeakMemory:
    """Peak resident memory of this process while a block runs (sampled)."""

    def __enter__(self) -> PeakMemory:
        self._process = psutil.Process()
        self.peak = self._process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
