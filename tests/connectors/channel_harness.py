"""Connector fixtures: the Telegram Bot API, the Zalo OA API and (for mechanics) a scripted
Rasa REST channel, each a real HTTP server on loopback; a kiosk app with the channels
configured against them; a clock the tests move."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import serve

from connectors.settings import ConnectorSettings
from connectors.zalo.signature import signature
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.core.vocab import Channel
from kiosk.runtime import RuntimeOverrides
from kiosk.services.appointments import AppointmentPolicy, AppointmentService, BookingRequest
from tests.connectors.rasa_rest import RasaRest
from tests.connectors.telegram_api import TelegramApi
from tests.connectors.zalo_api import APP_ID, APP_SECRET, ZaloApi

TOKEN = "4242:test-token"
WEBHOOK_SECRET = "motcua-webhook_secret"
OA_SECRET = "oa-secret-key"
# Monday 23 November 2026, 09:00 at the desk (the stack's pinned time too).
NOW = dt.datetime(2026, 11, 23, 9, 0)


class MovableClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Remote:
    """A fake remote API and where it listens."""

    api: Any
    url: str


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def telegram() -> Iterator[Remote]:
    api = TelegramApi(TOKEN)
    with serve(api.app(), lifespan="off") as url:
        yield Remote(api, url)


@pytest.fixture
def zalo() -> Iterator[Remote]:
    api = ZaloApi()
    with serve(api.app(), lifespan="off") as url:
        yield Remote(api, url)


@pytest.fixture
def rasa() -> Iterator[Remote]:
    api = RasaRest()
    with serve(api.app(), lifespan="off") as url:
        yield Remote(api, url)


def channel_settings(
    telegram_url: str | None = None, zalo_url: str | None = None, **overrides: Any
) -> ConnectorSettings:
    values: dict[str, Any] = {"reminder_interval_seconds": 0.1, "channel_timeout_seconds": 3}
    if telegram_url is not None:
        values |= {
            "telegram_token": TOKEN,
            "telegram_webhook_secret": WEBHOOK_SECRET,
            "telegram_webhook_url": "https://motcua.example/webhooks/telegram",
            "telegram_api_url": f"{telegram_url}/bot",
        }
    if zalo_url is not None:
        values |= {
            "zalo_app_id": APP_ID,
            "zalo_oa_secret": OA_SECRET,
            "zalo_app_secret": APP_SECRET,
            "zalo_access_token": "access-0",
            "zalo_refresh_token": "refresh-0",
            "zalo_api_url": zalo_url,
            "zalo_oauth_url": f"{zalo_url}/v4/oa/access_token",
        }
    return ConnectorSettings(**(values | overrides))


AppFactory = Callable[..., FastAPI]


@pytest.fixture
def make_app(tmp_path: Path, clock: MovableClock) -> AppFactory:
    """A kiosk app with the given channels; the same database every call of a test."""

    def make(
        connectors: ConnectorSettings, rasa_url: str, database_url: str | None = None
    ) -> FastAPI:
        settings = Settings(
            data_dir=tmp_path,
            database_url=database_url or f"sqlite:///{tmp_path / 'motcua.db'}",
            rate_limit_enabled=False,
            open_retriever=False,
            build_index=False,
            speech_enabled=False,
            rasa_url=rasa_url,
            rasa_timeout_seconds=30,
        )
        return create_app(settings, channels=connectors, overrides=RuntimeOverrides(clock=clock))

    return make


def post_update(
    client: TestClient, update: dict[str, Any], secret: str | None = WEBHOOK_SECRET
) -> int:
    """Deliver a Telegram update as Telegram does (the secret token in its header)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/webhooks/telegram", json=update, headers=headers).status_code


def zalo_event(
    name: str, user: str, text: str | None = None, msg_id: str | None = None, age: float = 0
) -> dict[str, Any]:
    """An OA webhook event as Zalo sends it (timestamp in milliseconds, as a string)."""
    event: dict[str, Any] = {
        "app_id": APP_ID,
        "event_name": name,
        "timestamp": str(int((time.time() - age) * 1000)),
        "user_id_by_app": f"app-{user}",
    }
    if name == "follow":
        event |= {"oa_id": "oa-1", "follower": {"id": user}, "source": "oa_profile"}
    else:
        event |= {"sender": {"id": user}, "recipient": {"id": "oa-1"}}
        event["message"] = {"msg_id": msg_id or f"msg-{time.monotonic_ns()}", "text": text or ""}
    return event


def post_event(
    client: TestClient, event: dict[str, Any], mac: str | None = "sign", secret: str = OA_SECRET
) -> int:
    """Deliver an event with X-ZEvent-Signature over the exact bytes sent ("sign"), a given
    header value, or none (None)."""
    raw = json.dumps(event, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if mac == "sign":
        mac = signature(APP_ID, raw, str(event["timestamp"]), secret)
    if mac is not None:
        headers["X-ZEvent-Signature"] = mac
    return client.post("/webhooks/zalo", content=raw, headers=headers).status_code


def book(
    app: FastAPI,
    starts_at: dt.datetime,
    clock: MovableClock,
    channel: Channel = Channel.KIOSK,
    chat_id: str | None = None,
    phone: str = "0912345678",
) -> str:
    """Book an appointment through the kiosk's service (as the kiosk screen or a channel
    conversation would); its code. One phone holds one seat per slot: pass another
    `phone` for a second citizen in the same slot."""
    runtime = app.state.runtime
    service = AppointmentService(
        runtime.db, runtime.desk, clock, runtime.knowledge, AppointmentPolicy()
    )
    request = BookingRequest(
        field="Hộ tịch",
        starts_at=starts_at,
        name="Nguyễn Văn An",
        phone=phone,
        channel=channel,
        channel_user_id=f"{channel}-{chat_id}" if chat_id else None,
    )
    code: str = service.book(request).code
    return code
