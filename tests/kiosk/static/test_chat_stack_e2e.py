"""The kiosk's chat in Debian's Chromium against the real stack (tests/stack.py: kiosk,
Rasa, action server): every message Rasa sends is drawn as readable text or a card, the
chat booking shows its QR code, and "ở đâu?" after a procedure answers the place only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from stack import Stack

KIOSK_SCREEN = {"width": 1080, "height": 1920}


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = browser.new_context(viewport=KIOSK_SCREEN, base_url=stack.kiosk.url, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    page.wait_for_selector("body[data-ready]")
    page.click("[data-testid=tile-chat]")
    yield page
    context.close()
    assert not errors, errors


def say(page: Page, message: str) -> str:
    """Send a message; the text of the assistant's bubbles of this turn."""
    bubbles = page.locator("[data-testid=bot-message]")
    before = bubbles.count()
    page.fill("#f-message", message)
    page.click("[data-testid=chat-send]")
    expect(page.locator(".msg.typing")).to_have_count(0)
    expect(bubbles).not_to_have_count(before)
    return "\n".join(bubbles.nth(i).inner_text() for i in range(before, bubbles.count()))


def assert_no_empty_bubble(page: Page) -> None:
    bubbles = page.locator("[data-testid=bot-message]")
    for i in range(bubbles.count()):
        assert bubbles.nth(i).inner_text().strip(), f"bubble {i} is empty"


def test_where_follow_up_answers_the_place_only(page: Page) -> None:
    first = say(page, "làm hộ chiếu cần gì, ở đâu")
    cards = page.locator("[data-testid=procedure-card]")
    assert cards.count() == 1, first
    for question in ("ở đâu?", "nộp ở đâu"):
        answer = say(page, question)
        assert "nộp tại:" in answer and "Cơ quan thực hiện:" in answer, answer
        assert "Lệ phí" not in answer and "Thành phần hồ sơ" not in answer, answer
        expect(cards).to_have_count(1)  # no second card, no wall of text


def test_chat_booking_ticket_and_handoff_are_cards_with_the_booking_qr(page: Page) -> None:
    say(page, "tôi muốn đặt lịch hẹn")
    for answer in ("đăng ký khai sinh", "ngày mai", "10h", "Lê Thị Hoa", "0912 555 111", "không"):
        say(page, answer)
    say(page, "có")
    card = page.locator("[data-testid=booking-card]")
    expect(card).to_be_visible()
    code = card.locator(".code").inner_text()
    assert code.startswith("LH-")
    qr = card.locator("figure.qr img").first
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=qr.element_handle())
    asked = say(page, "cho tôi lấy số thứ tự")
    tickets = page.locator("[data-testid=ticket-card] .ticket-number")
    for _ in range(3):  # the form asks what it does not know yet
        if tickets.count():
            break
        asked = say(page, "đăng ký khai sinh" if "thủ tục gì" in asked else "không")
    expect(tickets).to_have_count(1)
    say(page, "cho tôi gặp cán bộ")
    expect(page.locator("[data-testid=handoff-card]")).to_be_visible()
    assert_no_empty_bubble(page)
