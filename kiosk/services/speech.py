"""Read-aloud: Vietnamese speech from pyttsx3 and espeak-ng, cached on disk as WAV.

pyttsx3 is not thread-safe and libespeak-ng is one instance per process, so one
worker thread owns the engine: requests put jobs on a queue and wait with a timeout.
With the espeak driver, `runAndWait` returns as soon as espeak has the text; espeak
synthesises on its own thread and the driver writes the WAV when the utterance ends.
The worker therefore waits for the end of the utterance and for a complete, stable
WAV before it renames the file into the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import re
import threading
import time
import uuid
import wave
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.services.desk import canonical_text

log = logging.getLogger(__name__)

WARM_UP_TEXT = "Xin chào."
POLL_SECONDS = 0.02
ATTEMPTS = 3  # an utterance the driver cancels at once is tried again
PART_SUFFIX = ".part"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# libespeak-ng is initialised once per process and its synthesis callback is global:
# a pyttsx3 engine that gets garbage-collected unregisters the callback of the engine
# that replaced it. So engines are created once per driver and kept, and every use of
# one (by the worker of whichever app is running) holds this lock.
_NATIVE_LOCK = threading.Lock()
_ENGINES: dict[str, Any] = {}


class SpeechUnavailable(Exception):
    """Read-aloud is disabled, could not start, failed or timed out."""


@dataclass
class SpeechTextInvalid(Exception):
    """The text to read is empty, too long or not encodable."""

    reason: Literal["empty", "too_long", "invalid"]
    limit: int


class SynthesisFailed(Exception):
    """The engine reported an error or produced no complete WAV in time."""


@dataclass(frozen=True)
class SpeechConfig:
    voice: str
    rate: int
    cache_dir: Path
    timeout: float
    max_chars: int
    driver: str = "espeak"
    max_cached: int = 500
    queue_size: int = 32


def clean_text(text: str, max_chars: int) -> str:
    """NFC text with single spaces; raises SpeechTextInvalid for what cannot be read."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:  # lone surrogates from "%ED%A0%80"-style input
        raise SpeechTextInvalid("invalid", max_chars) from error
    text = canonical_text(_CONTROL.sub(" ", text))
    if not text:
        raise SpeechTextInvalid("empty", max_chars)
    if len(text) > max_chars:
        raise SpeechTextInvalid("too_long", max_chars)
    return text


def cache_key(voice: str, rate: int, text: str) -> str:
    """The cache file name: the same voice, rate and text always give the same audio."""
    return hashlib.sha256(f"{voice}\n{rate}\n{text}".encode()).hexdigest()


def wav_complete(path: Path) -> bool:
    """True when the file parses as a WAV and holds every frame its header announces."""
    try:
        with wave.open(str(path), "rb") as wav:
            frames = wav.getnframes()
            expected = frames * wav.getsampwidth() * wav.getnchannels()
            return len(wav.readframes(frames)) == expected
    except (wave.Error, EOFError, OSError):
        return False


def wait_for_wav(path: Path, deadline: float) -> None:
    """Wait until the file exists, its size is stable and it is a complete WAV."""
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last and wav_complete(path):
            return
        last = size
        time.sleep(POLL_SECONDS)
    raise SynthesisFailed(f"no complete WAV at {path.name}")


def wait_until_idle(driver: str, deadline: float) -> None:
    """Wait until espeak's own thread has no command left (see `_utter` for why)."""
    if driver != "espeak":
        return
    from pyttsx3.drivers import _espeak  # the driver's own ctypes binding (pyttsx3 pinned)

    while _espeak.IsPlaying():
        if time.monotonic() >= deadline:
            raise SynthesisFailed("espeak stayed busy after the utterance")
        time.sleep(POLL_SECONDS / 4)


def _shared_engine(driver: str, deadline: float) -> Any:
    """pyttsx3's engine for a driver, created once per process; call with _NATIVE_LOCK held."""
    engine = _ENGINES.get(driver)
    if engine is None:
        import pyttsx3  # imported here: a missing package only disables read-aloud

        engine = pyttsx3.init(driver)
        # A new engine queues commands until its first loop and then runs them together
        # with that loop's stop(); an empty first loop makes later commands apply at once.
        wait_until_idle(driver, deadline)
        engine.runAndWait()
        _ENGINES[driver] = engine
    return engine


class _Listener:
    """The engine's notifications about one job."""

    def __init__(self, engine: Any) -> None:
        self.finished = threading.Event()
        self.completed = True
        self.errors: list[object] = []
        self._engine = engine
        self._tokens = [
            engine.connect("finished-utterance", self._on_finished),
            engine.connect("error", self._on_error),
        ]

    def _on_finished(self, completed: bool = True, **_: object) -> None:
        self.completed = completed
        self.finished.set()

    def _on_error(self, exception: object = None, **_: object) -> None:
        self.errors.append(exception)

    def close(self) -> None:
        for token in self._tokens:
            self._engine.disconnect(token)


def render(engine: Any, config: SpeechConfig, text: str, path: Path, deadline: float) -> None:
    """Synthesise `text` into a complete WAV at `path`; call with _NATIVE_LOCK held."""
    listener = _Listener(engine)
    try:
        # Set on every job: the engine is shared by every app in the process (tests).
        engine.setProperty("voice", config.voice)
        engine.setProperty("rate", config.rate)
        if listener.errors:
            raise SynthesisFailed(f"engine error: {listener.errors[0]}")
        for attempt in range(1, ATTEMPTS + 1):
            # espeak applies the rate on its own thread and counts as "playing" meanwhile.
            wait_until_idle(config.driver, deadline)
            if _utter(engine, listener, text, path, deadline):
                break
            log.debug("espeak cancelled the utterance at once (attempt %d)", attempt)
        else:
            raise SynthesisFailed("espeak cancelled the utterance")
        wait_for_wav(path, deadline)
        wait_until_idle(config.driver, deadline)
    finally:
        listener.close()


def _utter(engine: Any, listener: _Listener, text: str, path: Path, deadline: float) -> bool:
    """One save_to_file + runAndWait; False when the driver cancelled the utterance.

    runAndWait ends its loop with the driver's stop(), which flags a cancel when espeak
    reports itself busy at that moment (its thread does so for an instant when it
    closes an idle stream). The flag cancels this utterance or, if this one ends
    first, the next one; a cancelled utterance is simply tried again.
    """
    listener.finished.clear()
    listener.completed = True
    engine.save_to_file(text, str(path))
    engine.runAndWait()  # returns before espeak has finished: wait for the utterance
    if not listener.finished.wait(max(0.0, deadline - time.monotonic())):
        engine.stop()
        raise SynthesisFailed("espeak did not finish the utterance in time")
    if listener.errors:
        raise SynthesisFailed(f"engine error: {listener.errors[0]}")
    return listener.completed


@dataclass
class _Job:
    text: str
    target: Path
    future: Future[bytes]


class SpeechService:
    """Owns the worker thread that owns the engine; `read` is safe from any thread."""

    def __init__(self, config: SpeechConfig) -> None:
        self.config = config
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=config.queue_size)
        self._started = threading.Event()
        self._ready = False
        self._failed = False
        self._busy_since: float | None = None
        self._thread: threading.Thread | None = None

    @property
    def available(self) -> bool:
        """Whether the UI should show the read-aloud button."""
        if not self._ready or self._failed or self._thread is None:
            return False
        busy_since = self._busy_since
        stuck = busy_since is not None and time.monotonic() - busy_since > self.config.timeout
        return self._thread.is_alive() and not stuck

    def start(self) -> bool:
        """Start the worker and wait for its warm-up synthesis; False if it cannot speak."""
        self.config.cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.config.cache_dir.glob(f".*{PART_SUFFIX}"):
            stale.unlink(missing_ok=True)
        self._thread = threading.Thread(target=self._run, name="speech-worker", daemon=True)
        self._thread.start()
        self._started.wait(self.config.timeout)
        return self.available

    def stop(self) -> None:
        """Stop the worker; jobs still queued fail as unavailable."""
        self._failed = True
        if self._thread is None:
            return
        self._drain()
        with contextlib.suppress(queue.Full):  # full: the worker stops after its current job
            self._jobs.put_nowait(None)
        self._thread.join(self.config.timeout)

    def read(self, text: str) -> bytes:
        """WAV bytes for `text`, from the cache or synthesised by the worker."""
        text = clean_text(text, self.config.max_chars)
        if not self.available:
            raise SpeechUnavailable()
        target = self.cache_path(text)
        cached = _read_cached(target)
        if cached is not None:
            return cached
        job = _Job(text, target, Future())
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            raise SpeechUnavailable() from None
        try:
            return job.future.result(timeout=self.config.timeout)
        except TimeoutError:
            job.future.cancel()
            raise SpeechUnavailable() from None
        except SynthesisFailed as error:
            raise SpeechUnavailable() from error

    def cache_path(self, text: str) -> Path:
        """Where the WAV of a cleaned text is cached."""
        key = cache_key(self.config.voice, self.config.rate, text)
        return self.config.cache_dir / f"{key}.wav"

    def _run(self) -> None:
        try:
            with _NATIVE_LOCK:
                engine = _shared_engine(self.config.driver, self._deadline())
                self._warm_up(engine)
        except Exception as error:  # a native engine fails in many ways; each means no speech
            log.warning(
                "read-aloud unavailable (engine %r, voice %r): %s",
                self.config.driver,
                self.config.voice,
                error,
            )
            log.debug("read-aloud start failure", exc_info=True)
            self._started.set()
            return
        self._ready = True
        self._started.set()
        log.info("read-aloud ready: voice %s, %d wpm", self.config.voice, self.config.rate)
        while (job := self._jobs.get()) is not None:
            if job.future.set_running_or_notify_cancel():
                self._serve(engine, job)
            if self._failed:
                break
        self._drain()

    def _serve(self, engine: Any, job: _Job) -> None:
        self._busy_since = time.monotonic()
        try:
            job.future.set_result(self._produce(engine, job))
        except Exception as error:  # the requester turns every failure into a 503
            log.error("read-aloud failed, worker stops: %s", error)
            self._failed = True  # espeak's state is unknown after a failure
            job.future.set_exception(SynthesisFailed(str(error)))
        finally:
            self._busy_since = None

    def _produce(self, engine: Any, job: _Job) -> bytes:
        cached = _read_cached(job.target)  # queued twice by concurrent requests
        if cached is not None:
            return cached
        part = job.target.with_name(f".{job.target.stem}.{uuid.uuid4().hex}{PART_SUFFIX}")
        part.parent.mkdir(parents=True, exist_ok=True)  # the cache may have been cleared
        try:
            with _NATIVE_LOCK:
                render(engine, self.config, job.text, part, self._deadline())
            os.replace(part, job.target)  # atomic: readers see no file or a whole one
        finally:
            part.unlink(missing_ok=True)
        audio = job.target.read_bytes()
        self._prune()
        return audio

    def _warm_up(self, engine: Any) -> None:
        part = self.config.cache_dir / f".warm-up.{uuid.uuid4().hex}{PART_SUFFIX}"
        try:
            render(engine, self.config, WARM_UP_TEXT, part, self._deadline())
        finally:
            part.unlink(missing_ok=True)

    def _deadline(self) -> float:
        return time.monotonic() + self.config.timeout

    def _prune(self) -> None:
        """Keep the newest `max_cached` WAVs (a hit refreshes a file's time)."""
        files = list(self.config.cache_dir.glob("*.wav"))
        if len(files) <= self.config.max_cached:
            return
        files.sort(key=lambda path: path.stat().st_mtime)
        for path in files[: len(files) - self.config.max_cached]:
            path.unlink(missing_ok=True)

    def _drain(self) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None and job.future.set_running_or_notify_cancel():
                job.future.set_exception(SynthesisFailed("read-aloud stopped"))


def _read_cached(target: Path) -> bytes | None:
    try:
        audio = target.read_bytes()
    except FileNotFoundError:
        return None
    with contextlib.suppress(FileNotFoundError):
        os.utime(target)  # recently heard texts survive pruning
    return audio
