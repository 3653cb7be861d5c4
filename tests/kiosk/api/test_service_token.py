"""The assistant's action server and the per-client rate limits.

Every chat user's booking, search and checklist reaches the kiosk from the one
address of the action server; with the shared service token (MOTCUA_SERVICE_TOKEN,
header X-Motcua-Service) those calls are not limited. Anyone else still is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from kiosk.api.deps import SERVICE_HEADER
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.retriever import Retriever

TOKEN = "t0ken-of-the-action-server-42"


def test_the_service_token_skips_the_rate_limits(
    tmp_path: Path, kiosk_retriever: Retriever
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        rate_limit_enabled=True,
        rate_limit_burst=2,
        rate_limit_per_minute=1,
        rate_limit_reads_burst=2,
        rate_limit_reads_per_minute=1,
        service_token=TOKEN,
        speech_enabled=False,
    )
    app = create_app(settings, overrides=RuntimeOverrides(knowledge=kiosk_retriever))
    rating = {"score": "hài lòng"}
    search = ("/api/v1/procedures/search", {"q": "khai sinh"})
    with TestClient(app) as client:
        service = {SERVICE_HEADER: TOKEN}
        assert {
            client.post("/api/v1/ratings", json=rating, headers=service).status_code
            for _ in range(5)
        } == {201}
        assert {
            client.get(search[0], params=search[1], headers=service).status_code for _ in range(5)
        } == {200}

        forged = {SERVICE_HEADER: "not-the-token-at-all-000"}
        statuses = [
            client.post("/api/v1/ratings", json=rating, headers=forged).status_code
            for _ in range(3)
        ]
        assert statuses == [201, 201, 429]
        assert client.post("/api/v1/ratings", json=rating).status_code == 429
        assert client.post("/api/v1/ratings", json=rating, headers=service).status_code == 201


def test_a_short_token_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="service_token"):
        Settings(data_dir=tmp_path, service_token="short")
