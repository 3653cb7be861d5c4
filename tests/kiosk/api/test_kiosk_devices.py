"""The desk's kiosks are rate-limited per citizen session, not per address.

Every citizen at a kiosk shares its address: with a per-address bucket the second citizen
of a busy morning was told "Bạn gửi yêu cầu quá nhanh". A kiosk device is recognised by
its token (MOTCUA_KIOSK_DEVICE_TOKENS, header X-Motcua-Kiosk) or its address
(MOTCUA_KIOSK_ADDRESSES); each visit (X-Motcua-Session) then has its own bucket.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from kiosk.api.kiosk_devices import KIOSK_HEADER, SESSION_HEADER
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.retriever import Retriever

TOKEN = "kiosk-sanh-cho-so-1-2026"
RATING = {"score": "hài lòng"}


def limited_app(tmp_path: Path, retriever: Retriever, **devices: Any) -> Any:
    settings = Settings(
        data_dir=tmp_path,
        rate_limit_enabled=True,
        rate_limit_burst=1,
        rate_limit_per_minute=1,
        speech_enabled=False,
        **devices,
    )
    return create_app(settings, overrides=RuntimeOverrides(knowledge=retriever))


def rate(client: TestClient, headers: dict[str, str]) -> int:
    return client.post("/api/v1/ratings", json=RATING, headers=headers).status_code


def visit(n: int) -> str:
    return f"kiosk-visit{n:04d}abcdef"


def test_a_kiosk_address_gets_a_bucket_per_citizen_session(
    tmp_path: Path, kiosk_retriever: Retriever
) -> None:
    app = limited_app(tmp_path, kiosk_retriever, kiosk_addresses="10.20.0.0/24")
    with TestClient(app, client=("10.20.0.7", 50000)) as kiosk:
        assert [rate(kiosk, {SESSION_HEADER: visit(n)}) for n in range(3)] == [201] * 3
        assert rate(kiosk, {SESSION_HEADER: visit(0)}) == 429  # the same visit, too fast
    with TestClient(app, client=("10.30.0.9", 50000)) as phone:  # not a kiosk: per address
        assert [rate(phone, {SESSION_HEADER: visit(n)}) for n in range(2)] == [201, 429]


def test_a_kiosk_token_gets_a_bucket_per_citizen_session(
    tmp_path: Path, kiosk_retriever: Retriever
) -> None:
    app = limited_app(
        tmp_path, kiosk_retriever, kiosk_device_tokens=f"{TOKEN}, other-kiosk-token-0002"
    )
    with TestClient(app, client=("192.0.2.5", 50000)) as client:
        device = {KIOSK_HEADER: TOKEN}
        statuses = [rate(client, {**device, SESSION_HEADER: visit(n)}) for n in range(3)]
        assert statuses == [201] * 3
        forged = {KIOSK_HEADER: "not-a-kiosk-token-at-all", SESSION_HEADER: visit(7)}
        assert [rate(client, forged), rate(client, {**forged, SESSION_HEADER: visit(8)})] == [
            201,
            429,
        ]


def test_a_short_device_token_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="16 ký tự"):
        Settings(data_dir=tmp_path, kiosk_device_tokens="ngan")
