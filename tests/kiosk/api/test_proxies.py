"""Client addresses behind a reverse proxy: X-Forwarded-* believed from trusted proxies only.

Served by uvicorn with the kiosk's own options (kiosk.__main__.UVICORN_OPTIONS) on
loopback, so the socket peer is 127.0.0.1, as nginx on the same host would be.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from loopback import serve

from kiosk.__main__ import UVICORN_OPTIONS
from kiosk.api.proxies import client_from_chain
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.retriever import Retriever
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, create_staff

RATINGS = "/api/v1/ratings"
BURST = 10
LOOPBACK = [ipaddress.ip_network("127.0.0.1")]


def kiosk(
    tmp_path: Path, clock: MovableClock, retriever: Retriever, trusted: str | None
) -> FastAPI:
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'motcua.db'}",
        rate_limit_burst=BURST,
        rate_limit_per_minute=0.1,  # no refill while the test runs
        trusted_proxies=trusted or [],
    )
    return create_app(settings, overrides=RuntimeOverrides(clock=clock, knowledge=retriever))


@pytest.fixture
def served(
    tmp_path: Path, clock: MovableClock, kiosk_retriever: Retriever, request: pytest.FixtureRequest
) -> Iterator[tuple[FastAPI, httpx.Client]]:
    app = kiosk(tmp_path, clock, kiosk_retriever, getattr(request, "param", None))
    with serve(app, **UVICORN_OPTIONS) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield app, http


def rate(http: httpx.Client, forwarded_for: str, proto: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    if proto:
        headers["X-Forwarded-Proto"] = proto
    return http.post(RATINGS, json={"score": "hài lòng"}, headers=headers).status_code


@pytest.mark.parametrize("served", [None], indirect=True)
def test_forwarded_for_from_an_untrusted_peer_is_ignored(
    served: tuple[FastAPI, httpx.Client],
) -> None:
    _app, http = served
    statuses = [rate(http, f"198.51.100.{i}") for i in range(15)]  # 15 made-up addresses
    assert statuses == [201] * BURST + [429] * 5  # all one client: the socket's peer


@pytest.mark.parametrize("served", ["127.0.0.1"], indirect=True)
def test_through_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(
    served: tuple[FastAPI, httpx.Client],
) -> None:
    _app, http = served
    # The client made up the left-most entries; the proxy appended the address it saw.
    statuses = [rate(http, f"198.51.100.{i}, 203.0.113.7") for i in range(15)]
    assert statuses == [201] * BURST + [429] * 5
    assert rate(http, "198.51.100.1, 203.0.113.8") == 201  # another client, its own bucket
    # Two trusted proxies in a row (CIDR-free loopback twice): still the hop before them.
    assert rate(http, "203.0.113.9, 127.0.0.1") == 201
    assert rate(http, "203.0.113.7, 127.0.0.1") == 429


@pytest.mark.parametrize("served", [None, "127.0.0.0/8"], indirect=True)
def test_forwarded_proto_sets_the_secure_cookie_only_from_a_trusted_proxy(
    served: tuple[FastAPI, httpx.Client], clock: MovableClock
) -> None:
    app, http = served
    name = create_staff(app, clock, "staff")
    response = http.post(
        "/api/v1/staff/login",
        json={"username": name, "password": STAFF_PASSWORD},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
    )
    assert response.status_code == 200
    trusted = bool(app.state.settings.trusted_proxies)
    assert ("Secure" in response.headers["set-cookie"]) is trusted


def test_the_client_is_the_right_most_untrusted_hop() -> None:
    proxies = [ipaddress.ip_network("10.1.0.0/16"), ipaddress.ip_network("2001:db8::/32")]
    assert client_from_chain(["1.2.3.4", "5.6.7.8", "10.1.2.3"], proxies) == "5.6.7.8"
    assert client_from_chain(["1.2.3.4", "[2001:db8::7]", "10.1.0.9"], proxies) == "1.2.3.4"
    assert client_from_chain(["10.1.0.1", "10.1.0.2"], proxies) == "10.1.0.1"  # all proxies
    assert client_from_chain(["1.2.3.4", "not-an-address"], proxies) is None
    assert client_from_chain(["not-an-address", "9.9.9.9"], proxies) == "9.9.9.9"
    assert client_from_chain(["2001:db9::1"], LOOPBACK) == "2001:db9::1"
