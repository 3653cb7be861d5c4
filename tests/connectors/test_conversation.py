"""A whole booking on each channel, with the real assistant: Rasa, its action server and the
kiosk API (the shared stack of tests/stack.py). The connectors run in a kiosk app of
their own on the stack's database, so the booking the actions make is the one they
then remind the citizen of."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from loopback import wait_for
from sqlalchemy import create_engine, select
from stack import STACK_NOW, Stack

from kiosk.store.models import Appointment
from tests.connectors.channel_harness import (
    AppFactory,
    MovableClock,
    Remote,
    channel_settings,
    post_event,
    post_update,
    zalo_event,
)
from tests.connectors.telegram_api import button_update, text_update

TURN_SECONDS = 60


def replies(read: Callable[[], list[Any]], before: int) -> list[Any]:
    """The messages after the first `before`, once they stop coming."""
    wait_for(lambda: len(read()) > before, timeout=TURN_SECONDS, what="the assistant's reply")
    count = -1
    while count != len(read()):
        count = len(read())
        time.sleep(0.4)
    return read()[before:]


def booked(database_url: str, sender: str) -> Appointment:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                select(Appointment).where(Appointment.channel_user_id == sender)
            ).one()
    finally:
        engine.dispose()
    return row  # type: ignore[return-value]


class TelegramChat:
    def __init__(self, client: TestClient, telegram: Remote, chat: int) -> None:
        self.client, self.telegram, self.chat, self.update_id = client, telegram, chat, 1000

    def _read(self) -> list[dict[str, Any]]:
        return self.telegram.api.sent(self.chat)

    def say(self, text: str) -> list[dict[str, Any]]:
        before = len(self._read())
        self.update_id += 1
        assert post_update(self.client, text_update(self.update_id, self.chat, text)) == 200
        return replies(self._read, before)

    def press(self, messages: list[dict[str, Any]], title: str | None = None) -> list[Any]:
        """Press the button with this title (or the first one) under the last keyboard."""
        markup = next(m["reply_markup"] for m in reversed(messages) if "reply_markup" in m)
        buttons = [b for row in markup["inline_keyboard"] for b in row]
        button = next(b for b in buttons if title is None or b["text"] == title)
        before = len(self._read())
        self.update_id += 1
        update = button_update(self.update_id, self.chat, button["callback_data"], markup)
        assert post_update(self.client, update) == 200
        return replies(self._read, before)


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


def test_a_whole_booking_on_telegram_then_its_reminder(
    stack: Stack, make_app: AppFactory, telegram: Remote, clock: MovableClock
) -> None:
    clock.now = STACK_NOW
    settings = channel_settings(telegram.url)
    app = make_app(settings, stack.rasa_url, database_url=stack.kiosk.database_url)
    with TestClient(app) as client:
        wait_for(lambda: telegram.api.called("setWebhook"))
        chat = TelegramChat(client, telegram, 660001)
        assert "thủ tục" in text_of(chat.say("tôi muốn đặt lịch hẹn"))
        assert "ngày nào" in text_of(chat.say("đăng ký khai sinh"))
        times = chat.say("ngày mai")
        assert "khung giờ trống" in text_of(times)
        assert "họ và tên" in text_of(chat.press(times))
        assert "điện thoại" in text_of(chat.say("Nguyễn Văn An"))
        priority = chat.say("0912 345 678")
        confirm = chat.press(priority, "Không")
        assert "Đặt lịch này nhé?" in text_of(confirm)
        done = chat.press(confirm, "Đồng ý")
        assert done[0]["text"].startswith("<b>📅 Lịch hẹn LH-")
        assert "Đã đặt lịch hẹn thành công" in text_of(done)
        appointment = booked(stack.kiosk.database_url, "telegram-660001")
        assert appointment.channel == "telegram"
        assert appointment.code in done[0]["text"]
        clock.now = STACK_NOW.replace(hour=18)
        reminder = replies(chat._read, len(chat._read()))
    assert f"Nhắc lịch hẹn {appointment.code}" in text_of(reminder)


class ZaloChat:
    def __init__(self, client: TestClient, zalo: Remote, user: str) -> None:
        self.client, self.zalo, self.user = client, zalo, user

    def _read(self) -> list[dict[str, Any]]:
        return self.zalo.api.to(self.user)

    def say(self, text: str) -> list[dict[str, Any]]:
        """A typed message, or a button's payload (Zalo sends it back as the user's text)."""
        before = len(self._read())
        assert post_event(self.client, zalo_event("user_send_text", self.user, text)) == 200
        return replies(self._read, before)

    def press(self, messages: list[dict[str, Any]], title: str | None = None) -> list[Any]:
        buttons = [
            b for m in messages if "attachment" in m for b in m["attachment"]["payload"]["buttons"]
        ]
        button = next(b for b in buttons if title is None or b["title"] == title)
        return self.say(button["payload"])


def zalo_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_a_whole_booking_on_zalo(
    stack: Stack, make_app: AppFactory, zalo: Remote, clock: MovableClock
) -> None:
    clock.now = STACK_NOW
    app = make_app(
        channel_settings(zalo_url=zalo.url), stack.rasa_url, database_url=stack.kiosk.database_url
    )
    with TestClient(app) as client:
        chat = ZaloChat(client, zalo, "7700000000000001")
        assert "thủ tục" in zalo_text(chat.say("tôi muốn đặt lịch hẹn"))
        assert "ngày nào" in zalo_text(chat.say("đăng ký khai sinh"))
        times = chat.say("ngày mai")
        assert times[-1]["attachment"]["payload"]["buttons"][0]["type"] == "oa.query.show"
        chat.press(times)
        chat.say("Nguyễn Văn An")
        confirm = chat.press(chat.say("0912 345 677"), "Không")
        done = chat.press(confirm, "Đồng ý")
    assert done[0]["text"].startswith("📅 Lịch hẹn LH-")
    assert "Đã đặt lịch hẹn thành công" in zalo_text(done)
    appointment = booked(stack.kiosk.database_url, "zalo-7700000000000001")
    assert appointment.code in done[0]["text"]
