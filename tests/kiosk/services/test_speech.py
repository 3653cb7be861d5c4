"""Read-aloud: real pyttsx3 + espeak-ng audio, the disk cache, concurrency, failures."""

from __future__ import annotations

import io
import shutil
import threading
import time
import unicodedata
import wave
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.services.speech import (
    SpeechConfig,
    SpeechService,
    SpeechUnavailable,
    SynthesisFailed,
    wait_for_wav,
    wav_complete,
)

SPEECH = "/api/v1/speech"
UNAVAILABLE = {"detail": "Chức năng đọc to tạm thời không khả dụng", "error": "speech_unavailable"}
SENTENCE = "Hồ sơ đăng ký khai sinh gồm tờ khai và giấy chứng sinh."
MAX_CHARS = 200


def speech_settings(data_dir: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "open_retriever": False,
        "rate_limit_enabled": False,
        "speech_max_chars": MAX_CHARS,
    }
    return Settings(**{**values, **changes})  # type: ignore[arg-type]


def samples(audio: bytes) -> tuple[np.ndarray, float]:
    """Mono 16-bit samples and the duration in seconds; fails on anything else."""
    with wave.open(io.BytesIO(audio), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        frames = wav.readframes(wav.getnframes())
        return np.frombuffer(frames, dtype="<i2"), wav.getnframes() / wav.getframerate()


def assert_speech(audio: bytes) -> float:
    """A valid WAV holding more than half a second of audible sound; returns its duration."""
    pcm, seconds = samples(audio)
    assert seconds > 0.5
    rms = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)))
    assert rms > 300, f"near-silent audio (RMS {rms:.0f})"
    return seconds


def cached_files(settings: Settings) -> list[Path]:
    return sorted(settings.speech_cache_path.glob("*.wav"))


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One app for the module; read-aloud needs no retriever, so none is opened."""
    return speech_settings(tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="module")
def speech_client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as client:
        yield client


def test_reads_vietnamese_as_wav(speech_client: TestClient) -> None:
    assert speech_client.get(f"{SPEECH}/status").json() == {"available": True}
    response = speech_client.get(SPEECH, params={"text": SENTENCE})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "audio/wav"
    long = assert_speech(response.content)
    short = assert_speech(speech_client.get(SPEECH, params={"text": "Xin chào các bạn."}).content)
    assert long > short * 1.5  # the audio follows the text


def test_second_request_is_served_from_cache(
    speech_client: TestClient, app_settings: Settings
) -> None:
    text = "Lệ phí chứng thực bản sao là hai nghìn đồng một trang."
    before = len(cached_files(app_settings))
    first = speech_client.get(SPEECH, params={"text": text})
    assert first.status_code == 200
    files = cached_files(app_settings)
    assert len(files) == before + 1
    inodes = {path: path.stat().st_ino for path in files}

    # Decomposed diacritics and extra spaces are the same text.
    same = "  " + unicodedata.normalize("NFD", text).replace(" ", "   ") + " "
    for variant in (text, same):
        again = speech_client.get(SPEECH, params={"text": variant})
        assert again.status_code == 200 and again.content == first.content
    # Nothing was synthesised again: a new synthesis would rename a new file in.
    assert {path: path.stat().st_ino for path in cached_files(app_settings)} == inodes
    assert not list(app_settings.speech_cache_path.glob(".*"))  # no temp file left behind


def test_concurrent_requests_all_succeed(
    tmp_path: Path, serve: Callable[[FastAPI], AbstractContextManager[str]]
) -> None:
    settings = speech_settings(tmp_path)
    texts = [f"Quầy số {n} đang phục vụ công dân có số thứ tự {n * 7}." for n in range(1, 5)]
    requests = texts * 3  # the same text from several clients at once, too

    def fetch(text: str) -> httpx.Response:
        with httpx.Client(base_url=base, timeout=60) as http:
            return http.get(SPEECH, params={"text": text})

    with serve(create_app(settings)) as base, ThreadPoolExecutor(len(requests)) as pool:
        responses = list(pool.map(fetch, requests))
    assert [r.status_code for r in responses] == [200] * len(requests)
    for text, response in zip(requests, responses, strict=True):
        assert_speech(response.content)
        assert response.content == responses[texts.index(text)].content
    assert len(cached_files(settings)) == len(texts)


def test_cleared_cache_is_rebuilt(speech_client: TestClient, app_settings: Settings) -> None:
    text = "Bộ phận Một cửa làm việc từ thứ Hai đến thứ Sáu."
    first = speech_client.get(SPEECH, params={"text": text})
    shutil.rmtree(app_settings.speech_cache_path)  # e.g. staff freeing disk space
    again = speech_client.get(SPEECH, params={"text": text})
    assert again.status_code == 200
    # Synthesised anew: espeak's output is not bit-identical from run to run.
    assert assert_speech(again.content) == pytest.approx(assert_speech(first.content), rel=0.05)
    assert len(cached_files(app_settings)) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Văn bản cần đọc không được để trống."),
        ({"text": ""}, "Văn bản cần đọc không được để trống."),
        ({"text": " \t\n "}, "Văn bản cần đọc không được để trống."),
        ({"text": "\x00\x07"}, "Văn bản cần đọc không được để trống."),
        ({"text": "a" * (MAX_CHARS + 1)}, f"Văn bản cần đọc dài tối đa {MAX_CHARS} ký tự."),
    ],
)
def test_bad_text_is_422(speech_client: TestClient, params: dict[str, str], message: str) -> None:
    response = speech_client.get(SPEECH, params=params)
    assert response.status_code == 422
    assert response.json() == {"detail": message, "error": "speech_text_invalid"}


def test_longest_allowed_text_is_read(speech_client: TestClient) -> None:
    text = ("Một cửa " * MAX_CHARS)[:MAX_CHARS]
    assert_speech(speech_client.get(SPEECH, params={"text": text}).content)


@pytest.mark.parametrize(
    "changes",
    [{"speech_voice": "xx/khong-co-giong-nay"}, {"speech_enabled": False}],
    ids=["unknown-voice", "disabled"],
)
def test_unavailable_is_503_and_status_false(tmp_path: Path, changes: dict[str, object]) -> None:
    settings = speech_settings(tmp_path, **changes)
    with TestClient(create_app(settings)) as client:
        assert client.get(f"{SPEECH}/status").json() == {"available": False}
        response = client.get(SPEECH, params={"text": SENTENCE})
        assert response.status_code == 503
        assert response.json() == UNAVAILABLE
        # Bad input is still the caller's error, whatever the engine's state.
        assert client.get(SPEECH, params={"text": ""}).status_code == 422
    assert cached_files(settings) == []


def test_unknown_driver_cannot_start(tmp_path: Path) -> None:
    service = SpeechService(
        SpeechConfig("aav/vi", 150, tmp_path, timeout=10, max_chars=100, driver="khong_co")
    )
    assert service.start() is False and service.available is False
    with pytest.raises(SpeechUnavailable):
        service.read(SENTENCE)
    service.stop()


def test_worker_thread_lives_with_the_app(tmp_path: Path) -> None:
    def workers() -> int:
        return sum(t.name == "speech-worker" and t.is_alive() for t in threading.enumerate())

    before = workers()
    with TestClient(create_app(speech_settings(tmp_path))) as client:
        assert workers() == before + 1
        assert client.get(SPEECH, params={"text": SENTENCE}).status_code == 200
    assert workers() == before


def test_incomplete_wav_is_not_accepted(speech_client: TestClient, tmp_path: Path) -> None:
    audio = speech_client.get(SPEECH, params={"text": SENTENCE}).content
    whole, cut = tmp_path / "whole.wav", tmp_path / "cut.wav"
    whole.write_bytes(audio)
    cut.write_bytes(audio[: len(audio) // 2])  # header announces more frames than present
    assert wav_complete(whole) and not wav_complete(cut)
    wait_for_wav(whole, time.monotonic() + 5)
    with pytest.raises(SynthesisFailed):
        wait_for_wav(cut, time.monotonic() + 0.2)
    with pytest.raises(SynthesisFailed):
        wait_for_wav(tmp_path / "missing.wav", time.monotonic() + 0.2)
