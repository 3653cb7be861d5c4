"""Channels without configuration are off, with one log line each; the kiosk still starts."""

from __future__ import annotations

import logging
from typing import cast

import pytest
from fastapi.testclient import TestClient

from connectors.links import EventLog
from connectors.settings import ConnectorSettings
from connectors.telegram.bot import TelegramChannel
from connectors.telegram.webhook import TelegramWebhook
from connectors.zalo.signature import signature, verify
from tests.connectors.channel_harness import TOKEN, AppFactory, Remote, post_update
from tests.connectors.telegram_api import text_update
from tests.connectors.zalo_api import APP_ID


def test_unconfigured_channels_are_off_and_their_routes_absent(
    make_app: AppFactory, rasa: Remote, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="connectors")
    with TestClient(make_app(ConnectorSettings(), rasa.url)) as client:
        assert client.get("/api/v1/desk").status_code == 200
        assert client.post("/webhooks/telegram", json={}).status_code == 404
        assert client.post("/webhooks/zalo", json={}).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("connectors")]
    assert len([line for line in lines if line.startswith("telegram: off")]) == 1
    assert len([line for line in lines if line.startswith("zalo: off")]) == 1


def test_an_empty_webhook_secret_turns_the_webhook_route_off(
    make_app: AppFactory,
    telegram: Remote,
    rasa: Remote,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`MOTCUA_TELEGRAM_WEBHOOK_SECRET=` (an empty line in .env) is no secret: nothing
    unsigned gets through, however the header is sent."""
    monkeypatch.setenv("MOTCUA_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("MOTCUA_TELEGRAM_WEBHOOK_SECRET", "")
    monkeypatch.setenv("MOTCUA_TELEGRAM_API_URL", f"{telegram.url}/bot")
    caplog.set_level(logging.INFO, logger="connectors")
    settings = ConnectorSettings()
    assert settings.telegram_enabled and settings.telegram_webhook_secret is None
    with TestClient(make_app(settings, rasa.url)) as client:
        update = text_update(1, 777, "xin chào")
        for secret in (None, ""):
            assert post_update(client, update, secret=secret) == 404
    assert rasa.api.turns == []
    assert "telegram: MOTCUA_TELEGRAM_WEBHOOK_SECRET not set, webhook route off" in caplog.text


def test_an_empty_zalo_secret_turns_zalo_off_and_the_kiosk_starts(
    make_app: AppFactory,
    zalo: Remote,
    rasa: Remote,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name, value in {
        "MOTCUA_ZALO_APP_ID": APP_ID,
        "MOTCUA_ZALO_OA_SECRET": "",
        "MOTCUA_ZALO_ACCESS_TOKEN": "access-0",
        "MOTCUA_ZALO_API_URL": zalo.url,
    }.items():
        monkeypatch.setenv(name, value)
    caplog.set_level(logging.INFO, logger="connectors")
    settings = ConnectorSettings()
    assert not settings.zalo_enabled and settings.zalo_missing == ["MOTCUA_ZALO_OA_SECRET"]
    with TestClient(make_app(settings, rasa.url)) as client:
        assert client.get("/api/v1/desk").status_code == 200
        body = b'{"event_name": "user_send_text", "timestamp": "1"}'
        assert client.post("/webhooks/zalo", content=body).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("connectors")]
    assert [line for line in lines if line.startswith("zalo:")] == [
        "zalo: off (MOTCUA_ZALO_OA_SECRET not set)"
    ]


def test_blank_secrets_given_in_code_are_unset_too() -> None:
    settings = ConnectorSettings(
        telegram_token="  ", telegram_webhook_secret="", zalo_oa_secret=" \t"
    )
    assert settings.telegram_token is None and settings.telegram_webhook_secret is None
    assert settings.zalo_oa_secret is None and not settings.telegram_enabled


def test_no_channel_object_accepts_an_empty_secret() -> None:
    with pytest.raises(ValueError, match="empty"):
        TelegramWebhook(cast(TelegramChannel, None), "", cast(EventLog, None))
    assert not verify(APP_ID, b"{}", "1", "", signature(APP_ID, b"{}", "1", ""))
