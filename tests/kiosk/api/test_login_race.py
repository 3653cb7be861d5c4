"""Login lockout under a burst of parallel guesses, through real HTTP on both databases.

An attempt is counted before its password is checked (kiosk/services/staff_auth.py), so
however many guesses arrive at once, at most `lockout_failures` of them get a password
check (401) and the rest are refused as locked (429), even when they run side by side
on PostgreSQL; a right password arriving in the burst after the lock is refused too.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI
from loopback import wait_for
from sqlalchemy import func, select

from kiosk.api.deps import get_clock
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.store.staff import LoginFailure, StaffSession
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, Serve, create_staff

pytestmark = pytest.mark.both_databases

LOGIN = "/api/v1/staff/login"
GUESSES = 40
FAILURES = 5  # MOTCUA_STAFF_LOCKOUT_FAILURES (default)


def counted(app: FastAPI, name: str) -> int:
    with app.state.runtime.db.read() as session:
        query = select(func.count()).select_from(LoginFailure).where(LoginFailure.username == name)
        return int(session.scalar(query) or 0)


def sessions(app: FastAPI) -> int:
    with app.state.runtime.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(StaffSession)) or 0)


def replica(settings: Settings, clock: MovableClock) -> FastAPI:
    """A second kiosk process on the same database (what --scale kiosk=2 runs)."""
    other = create_app(
        settings.model_copy(update={"open_retriever": False, "speech_enabled": False})
    )
    other.dependency_overrides[get_clock] = lambda: clock
    return other


def test_parallel_wrong_guesses_get_at_most_n_password_checks(
    app: FastAPI, settings: Settings, clock: MovableClock, serve: Serve
) -> None:
    """Half the guesses go to a second replica: the count holds across processes too."""
    with (
        serve(app) as url,
        serve(replica(settings, clock)) as other_url,
        httpx.Client(base_url=url, timeout=120) as http,
        httpx.Client(base_url=other_url, timeout=120) as other,
    ):
        name = create_staff(app, clock, "admin")
        # FastAPI builds its routes on first use, from the routers both apps share: let each
        # app do that alone (two processes would not share them).
        for client in (http, other):
            client.post(LOGIN, json={"username": "warm-up", "password": "warm-up"})
        start = threading.Barrier(GUESSES)

        def guess(i: int) -> int:
            start.wait()
            body = {"username": name, "password": f"doan-mo-{i:02d}"}
            return (http if i % 2 else other).post(LOGIN, json=body).status_code

        def right_password() -> int:
            # Sent while the guesses are still being checked: the lock already holds.
            wait_for(lambda: counted(app, name) >= FAILURES, timeout=60, what="counted guesses")
            body = {"username": name, "password": STAFF_PASSWORD}
            return http.post(LOGIN, json=body).status_code

        with ThreadPoolExecutor(max_workers=GUESSES + 1) as pool:
            right = pool.submit(right_password)
            statuses = list(pool.map(guess, range(GUESSES)))
        assert sorted(set(statuses)) == [401, 429]
        assert statuses.count(401) == FAILURES, statuses
        assert statuses.count(429) == GUESSES - FAILURES
        assert right.result() == 429
        assert sessions(app) == 0  # nobody logged in
        clock.advance(15)  # the window passes: the right password works again
        assert http.post(LOGIN, json={"username": name, "password": STAFF_PASSWORD}).is_success


def test_a_success_forgets_only_the_attempts_counted_before_it(
    app: FastAPI, clock: MovableClock, serve: Serve
) -> None:
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        name = create_staff(app, clock, "staff")
        for i in range(FAILURES - 1):
            assert (
                http.post(LOGIN, json={"username": name, "password": f"sai-{i}"}).status_code == 401
            )
        assert counted(app, name) == FAILURES - 1
        ok = http.post(LOGIN, json={"username": name, "password": STAFF_PASSWORD})
        assert ok.status_code == 200 and counted(app, name) == 0
        assert sessions(app) == 1
