"""Reminders and status notices from the persisted schedule: exactly once across restarts,
on the channel the citizen used, skipped outside Zalo's window, not held up by a
channel that is down."""

from __future__ import annotations

import datetime as dt
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from loopback import closed_port_url, wait_for
from sqlalchemy import select

from kiosk.core.vocab import Channel
from kiosk.services.dossiers import DossierService
from kiosk.store.channels import ChannelNotification
from tests.connectors.channel_harness import (
    NOW,
    AppFactory,
    MovableClock,
    Remote,
    book,
    channel_settings,
    post_event,
    post_update,
    zalo_event,
)
from tests.connectors.telegram_api import text_update

CHAT = 777001
USER = "9000000000000001"
TOMORROW_8 = NOW.replace(day=24, hour=8)


def statuses(app: FastAPI) -> list[tuple[str, str, int]]:
    with app.state.runtime.db.read() as session:
        rows = session.scalars(select(ChannelNotification).order_by(ChannelNotification.id))
        return [(n.kind, n.status, n.attempts) for n in rows]


def test_reminders_are_sent_exactly_once_across_restarts(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    settings = channel_settings(telegram.url)
    first = make_app(settings, rasa.url)
    with TestClient(first):
        code = book(first, TOMORROW_8, clock, Channel.TELEGRAM, str(CHAT))
        clock.now = NOW.replace(hour=17, minute=59)
        time.sleep(0.5)  # several cycles: nothing is due yet
        assert telegram.api.sent(CHAT) == []
    # Down at 18:00, when the day-before reminder fell due; back at 18:30.
    clock.now = NOW.replace(hour=18, minute=30)
    second = make_app(settings, rasa.url)
    with TestClient(second):
        [reminder] = wait_for(lambda: telegram.api.sent(CHAT), what="the late reminder")
        time.sleep(0.5)
    assert f"Nhắc lịch hẹn {code}" in reminder["text"]
    assert "08:00 Thứ Ba 24/11/2026" in reminder["text"]
    assert reminder["reply_markup"]["inline_keyboard"][0][0]["text"] == "Đổi hoặc hủy lịch hẹn"
    clock.now = NOW.replace(hour=18, minute=40)
    with TestClient(make_app(settings, rasa.url)):
        time.sleep(0.5)  # a restart repeats nothing
        assert len(telegram.api.sent(CHAT)) == 1
        clock.now = TOMORROW_8.replace(hour=7, minute=1)
        sent = wait_for(lambda: len(telegram.api.sent(CHAT)) == 2 and telegram.api.sent(CHAT))
        time.sleep(0.5)
    assert len(telegram.api.sent(CHAT)) == 2
    assert f"Nhắc lịch hẹn {code}" in sent[1]["text"]
    assert statuses(second) == [("1d@18:00", "sent", 1), ("1h", "sent", 1)]


def test_a_day_before_reminder_is_not_sent_once_the_next_one_is_due(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    app = make_app(channel_settings(telegram.url), rasa.url)
    with TestClient(app):
        book(app, TOMORROW_8, clock, Channel.TELEGRAM, str(CHAT))
        clock.now = TOMORROW_8.replace(hour=7, minute=30)  # the kiosk was off all evening
        wait_for(lambda: telegram.api.sent(CHAT))
        time.sleep(0.3)
    assert len(telegram.api.sent(CHAT)) == 1
    assert statuses(app) == [("1d@18:00", "skipped", 1), ("1h", "sent", 1)]


def test_outside_the_customer_service_window_the_reminder_is_skipped(
    make_app: AppFactory, zalo: Remote, rasa: Remote, clock: MovableClock
) -> None:
    zalo.api.outside_window.add(USER)
    app = make_app(channel_settings(zalo_url=zalo.url), rasa.url)
    with TestClient(app):
        book(app, TOMORROW_8, clock, Channel.ZALO, USER)
        clock.now = NOW.replace(hour=18)
        wait_for(lambda: statuses(app) and statuses(app)[0][1] != "pending")
        time.sleep(0.3)
    assert statuses(app)[0] == ("1d@18:00", "skipped", 1)  # logged and skipped, not retried
    assert zalo.api.messages == []


def test_dossier_status_changes_reach_the_chat_that_follows_it(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    header = "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
    row = "000.00.12.H25-261120-0001,Đăng ký khai sinh,0912345678,20/11/2026,27/11/2026,{}\n"
    app = make_app(channel_settings(telegram.url), rasa.url)
    with TestClient(app) as client:
        dossiers = DossierService(app.state.runtime.db, clock)
        dossiers.import_export((header + row.format("Đã tiếp nhận")).encode())
        wait_for(lambda: telegram.api.called("setWebhook"))
        post_update(client, text_update(1, CHAT, "/theodoi 000.00.12.H25-261120-0001 9999"))
        post_update(client, text_update(2, CHAT, "/theodoi 000.00.12.H25-261120-0001 5678"))
        wait_for(lambda: len(telegram.api.sent(CHAT)) == 2)
        dossiers.import_export((header + row.format("Đã có kết quả")).encode())
        sent = wait_for(lambda: len(telegram.api.sent(CHAT)) == 3 and telegram.api.sent(CHAT))
    refused, followed, notice = (m["text"] for m in sent)
    assert refused.startswith("Không tìm thấy hồ sơ")
    assert "<i>Trạng thái hiện tại</i>: Đã tiếp nhận" in followed
    assert "<b>📂 Hồ sơ 000.00.12.H25-261120-0001</b>" in notice
    assert "<i>Trạng thái</i>: Đã có kết quả" in notice
    assert rasa.api.turns == []


def test_a_channel_that_is_down_holds_up_neither_the_kiosk_nor_the_other(
    make_app: AppFactory, zalo: Remote, rasa: Remote, clock: MovableClock
) -> None:
    settings = channel_settings(closed_port_url(), zalo.url)
    app = make_app(settings, rasa.url)
    started = time.monotonic()
    with TestClient(app) as client:
        assert time.monotonic() - started < 5
        assert client.get("/api/v1/desk").status_code == 200
        book(app, TOMORROW_8, clock, Channel.TELEGRAM, str(CHAT))
        book(app, TOMORROW_8, clock, Channel.ZALO, USER, phone="0987654321")
        post_event(client, zalo_event("user_send_text", USER, "chào"))
        clock.now = NOW.replace(hour=18)
        wait_for(lambda: len(zalo.api.to(USER)) == 2, what="the reply and the reminder")
    # Telegram's reminder waits for Telegram; Zalo's went out.
    day_before = [
        (status, attempts) for kind, status, attempts in statuses(app) if kind == "1d@18:00"
    ]
    assert sorted(day_before) == [("pending", 0), ("sent", 1)]


def test_a_shutdown_finishes_the_reminder_being_sent_and_hands_back_the_rest(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    """A rolling restart while reminders go out: the one on the wire is marked sent, the
    others claimed by this process go back to pending for another replica. The old
    notifier was cancelled mid-send and left them all `sending`, to be sent (again) only
    after the ten-minute lease."""
    telegram.api.delay = 0.5
    app = make_app(channel_settings(telegram.url), rasa.url)
    with TestClient(app):
        for chat in range(3):
            starts_at = TOMORROW_8 + dt.timedelta(minutes=15 * chat)
            book(
                app, starts_at, clock, Channel.TELEGRAM, str(CHAT + chat), phone=f"091234560{chat}"
            )
        clock.now = NOW.replace(hour=18)
        wait_for(lambda: telegram.api.called("sendMessage"), what="the first reminder")
    day_before = sorted(status for kind, status, _ in statuses(app) if kind == "1d@18:00")
    assert day_before == ["pending", "pending", "sent"]
    assert len(telegram.api.called("sendMessage")) == 1
