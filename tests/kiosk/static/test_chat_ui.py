"""The chat panel with Rasa down, in Debian's Chromium: the notice is visible, retrieval's
answers are rendered, and booking from the answer still works (uvicorn on loopback,
SQLite in tmp_path, the real retriever, a fixed clock)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Response, expect

from kiosk.core.config import Settings
from kiosk.services.chat import ABSTAIN_TEXT, DEGRADED_NOTICE
from tests.kiosk.conftest import Serve
from tests.kiosk.kiosk_ui import kiosk_page
from tests.loopback import closed_port_url

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "ui"
MIN_BODY_PX = 20 * 96 / 72  # 20 pt


@pytest.fixture
def settings(tmp_path: Path, database_url: str, now: dt.datetime) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        rate_limit_enabled=False,
        fixed_now=now,
        speech_enabled=False,
        rasa_url=closed_port_url(),  # Rasa is down
    )


@pytest.fixture
def base_url(app: FastAPI, serve: Serve) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    with kiosk_page(browser, base_url) as page:
        yield page


def is_chat(response: Response) -> bool:
    return response.url.endswith("/api/v1/chat") and response.request.method == "POST"


def ask(page: Page, question: str) -> dict[str, Any]:
    page.fill("#f-message", question)
    with page.expect_response(is_chat) as answered:
        page.click("[data-testid=chat-send]")
    reply: dict[str, Any] = answered.value.json()
    return reply


def test_chat_panel_shows_the_notice_and_booking_still_works(page: Page, base_url: str) -> None:
    page.click("[data-testid=tile-chat]")
    reply = ask(page, "làm giấy khai sinh cần gì")
    assert reply["degraded"] is True
    notice = page.locator(".chat-log .notice.info")
    expect(notice).to_have_count(1)
    expect(notice).to_have_text(DEGRADED_NOTICE)
    expect(notice).to_be_visible()
    size = notice.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= MIN_BODY_PX - 0.01
    card = page.locator("[data-testid=bot-message] [data-testid=procedure-card]")
    expect(card.locator("h3")).to_have_text("Đăng ký khai sinh")
    expect(page.locator("[data-testid=bot-message] .msg-text").first).to_contain_text(
        "Thủ tục phù hợp nhất: Đăng ký khai sinh"
    )

    hotline = httpx.get(f"{base_url}/api/v1/desk", timeout=30).json()["hotline"]
    reply = ask(page, "thời tiết Hà Nội ngày mai thế nào")
    assert reply["degraded"] is True
    expect(notice).to_have_count(2)  # each answer from retrieval says so
    expect(page.locator("[data-testid=bot-message] .msg-text").last).to_have_text(
        f"{ABSTAIN_TEXT} Đường dây nóng: {hotline}."
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "19-chat-rasa-down.png"))

    page.click("[data-testid=language]")  # in English the notice is in English
    with page.expect_request(lambda r: r.url.endswith("/api/v1/chat")) as sent:
        ask(page, "chứng thực bản sao")
    assert sent.value.post_data_json["language"] == "en"  # Rasa is told the screen's language
    expect(notice).to_have_count(3)
    expect(notice.last).to_contain_text("The conversation assistant is temporarily unavailable")
    page.click("[data-testid=language]")

    # From the card to the procedure, then a booking: the rest of the kiosk works as usual.
    card.locator("button").first.click()
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    page.click("[data-testid=to-booking]")
    page.locator(".day.free").nth(1).click()
    slot = page.locator(".time").first
    starts_at = slot.get_attribute("data-starts-at")
    slot.click()
    page.fill("#f-name", "Lê Thị Hoa")
    page.fill("#f-phone", "0912 345 678")
    page.click(".booking-form button[type=submit]")
    code = page.locator("[data-testid=booking-code]")
    expect(code).to_have_text(re.compile(r"^LH-\w{4,}$"))
    booked = httpx.post(
        f"{base_url}/api/v1/appointments/lookup",
        json={"code": code.inner_text(), "phone": "0912345678"},
        timeout=30,
    ).json()
    assert booked["starts_at"] == starts_at and booked["procedure_id"] == "ho-tich.khai-sinh"
