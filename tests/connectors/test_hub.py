"""Channels without configuration are off, with one log line each; the kiosk still starts."""

from __future__ import annotations

import logging

import pytest
from channel_harness import AppFactory, Remote
from fastapi.testclient import TestClient

from connectors.settings import ConnectorSettings


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
