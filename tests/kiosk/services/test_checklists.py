"""Checklists: save, read back by code, QR code of the phone URL, phone page."""

from __future__ import annotations

import re
from typing import Any

import png
import pytest
import qrcode
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.core.config import Settings
from kiosk.services.identity import CODE_ALPHABET

pytestmark = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

CHECKLISTS = "/api/v1/checklists"
DRAFT = {
    "procedure_id": "ho-tich.khai-sinh",
    "have": ["Giấy chứng sinh do cơ sở y tế cấp", "Thẻ căn cước của người đi đăng ký"],
    "missing": ["Giấy chứng nhận kết hôn của cha mẹ"],
    "forms": ["Tờ khai đăng ký khai sinh"],
}


PUBLIC_URL = "https://motcua.example.vn"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The kiosk's public address is configured: checklists get a link for phones."""
    return settings.model_copy(update={"public_url": PUBLIC_URL})


def save(client: TestClient, **changes: Any) -> dict[str, Any]:
    response = client.post(CHECKLISTS, json={**DRAFT, **changes})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def qr_text_matrix(data: bytes, box: int = 8, border: int = 4) -> list[list[bool]]:
    """Dark modules read back from the PNG (one sample per box)."""
    width, height, rows, _ = png.Reader(bytes=data).read()
    pixels = [list(row) for row in rows]
    size = width // box - 2 * border
    return [
        [
            pixels[(border + r) * box + box // 2][(border + c) * box + box // 2] == 0
            for c in range(size)
        ]
        for r in range(size)
    ]


def test_save_and_read_back(client: TestClient) -> None:
    saved = save(client)
    assert re.fullmatch(f"DS-[{CODE_ALPHABET}]{{5}}", saved["code"])
    assert saved["procedure_name"] == "Đăng ký khai sinh"
    assert saved["url"] == f"{PUBLIC_URL}/api/v1/checklists/{saved['code']}/view"
    read = client.get(f"{CHECKLISTS}/{saved['code'].lower()}")
    assert read.status_code == 200
    assert read.json() == saved
    assert read.json()["missing"] == DRAFT["missing"]


def test_qr_png_encodes_the_phone_url(client: TestClient) -> None:
    saved = save(client)
    response = client.get(f"{CHECKLISTS}/{saved['code']}/qr.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    expected = qrcode.QRCode(border=0)
    expected.add_data(saved["url"])
    expected.make(fit=True)
    assert qr_text_matrix(response.content) == expected.get_matrix()


def test_phone_page(client: TestClient) -> None:
    saved = save(client, missing=["<script>alert(1)</script>"])
    page = client.get(f"{CHECKLISTS}/{saved['code']}/view")
    assert page.status_code == 200 and "charset=utf-8" in page.headers["content-type"]
    assert "Đăng ký khai sinh" in page.text and "Tờ khai đăng ký khai sinh" in page.text
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text


def test_unknown_procedure_and_code(client: TestClient) -> None:
    unknown = client.post(CHECKLISTS, json={**DRAFT, "procedure_id": "ho-tich.khong-co"})
    assert unknown.status_code == 404 and "ho-tich.khong-co" in unknown.json()["detail"]
    for path in ("", "/qr.png", "/view"):
        missing = client.get(f"{CHECKLISTS}/DS-22222{path}")
        assert missing.status_code == 404 and missing.json()["error"] == "checklist_not_found"


def test_items_are_bounded(client: TestClient) -> None:
    response = client.post(CHECKLISTS, json={**DRAFT, "have": ["giấy"] * 51})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "have"


def test_no_public_address_no_link_and_no_qr_code(app: FastAPI) -> None:
    """Without MOTCUA_PUBLIC_URL there is no link a phone could open: no url, no QR code
    (never http://localhost:8000/...)."""
    app.state.settings = app.state.settings.model_copy(update={"public_url": None})
    with TestClient(app) as client:
        saved = save(client)
        assert saved["url"] is None and saved["qr_png"] is None
        assert saved["telegram_link"] is None
        qr = client.get(f"{CHECKLISTS}/{saved['code']}/qr.png")
        assert qr.status_code == 404 and qr.json()["error"] == "public_link_missing"
        assert "MOTCUA_PUBLIC_URL" in qr.json()["detail"]


def test_telegram_deep_link_when_the_bot_is_configured(app: FastAPI) -> None:
    update = {"telegram_bot_username": "@motcua_demo_bot"}
    app.state.settings = Settings.model_validate(app.state.settings.model_dump() | update)
    with TestClient(app) as client:
        saved = save(client)
        assert saved["telegram_link"] == f"https://t.me/motcua_demo_bot?start={saved['code']}"
        assert saved["url"].startswith(PUBLIC_URL)
