"""Telegram through python-telegram-bot against a Bot API server on loopback: webhook
secret, retried updates, HTML cards and escaping, long messages, buttons, deep links."""

from __future__ import annotations

from html import unescape

from fastapi.testclient import TestClient
from loopback import wait_for

from connectors.telegram.render import units
from kiosk.store.models import Checklist
from tests.connectors.channel_harness import (
    NOW,
    AppFactory,
    MovableClock,
    Remote,
    book,
    channel_settings,
    post_update,
)
from tests.connectors.telegram_api import button_update, text_update

CHAT = 5551234


def connected(telegram: Remote) -> bool:
    return bool(telegram.api.called("setWebhook"))


def test_webhook_is_registered_with_the_secret(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    with TestClient(make_app(channel_settings(telegram.url), rasa.url)):
        wait_for(lambda: connected(telegram), what="setWebhook")
    [call] = telegram.api.called("setWebhook")
    assert call["url"] == "https://motcua.example/webhooks/telegram"
    assert call["secret_token"] == "motcua-webhook_secret"
    assert telegram.api.called("getMe")


def test_missing_or_wrong_secret_is_refused(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    with TestClient(make_app(channel_settings(telegram.url), rasa.url)) as client:
        wait_for(lambda: connected(telegram))
        assert post_update(client, text_update(1, CHAT, "xin chào"), secret=None) == 401
        assert post_update(client, text_update(2, CHAT, "xin chào"), secret="wrong") == 401
        assert post_update(client, {"update_id": "x"}, secret="wrong") == 401
        assert post_update(client, text_update(3, CHAT, "xin chào")) == 200
        wait_for(lambda: telegram.api.sent(CHAT), what="the reply")
    assert rasa.api.turns == [(f"telegram-{CHAT}", "xin chào")]


def test_a_retried_update_is_answered_once(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    with TestClient(make_app(channel_settings(telegram.url), rasa.url)) as client:
        wait_for(lambda: connected(telegram))
        update = text_update(10, CHAT, "tra cứu hồ sơ")
        assert post_update(client, update) == 200
        assert post_update(client, update) == 200  # Telegram resends: same update_id
        wait_for(lambda: telegram.api.sent(CHAT))
        assert post_update(client, text_update(11, CHAT, "cảm ơn")) == 200
        wait_for(lambda: len(telegram.api.sent(CHAT)) == 2, what="the second reply")
    assert [m for _, m in rasa.api.turns] == ["tra cứu hồ sơ", "cảm ơn"]


def test_cards_are_html_escaped_and_long_messages_split(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    long_text = "\n".join(f"Dòng {i}: giấy tờ <bản sao> & bản chính" for i in range(200))
    booking = {
        "type": "booking",
        "code": "LH-7K2Q9",
        "field": "Hộ tịch",
        "starts_at": "2026-11-24T09:00:00",
        "counters": ["Quầy 1 <Hộ tịch>"],
    }
    rasa.api.script["dài"] = [
        {"custom": booking},
        {"text": "Đã đặt lịch hẹn <b>thành công</b> & nhớ mang giấy tờ."},
        {"text": long_text, "buttons": [{"title": "Có", "payload": "/affirm"}]},
    ]
    with TestClient(make_app(channel_settings(telegram.url), rasa.url)) as client:
        wait_for(lambda: connected(telegram))
        post_update(client, text_update(20, CHAT, "dài"))
        sent = wait_for(  # the buttons come with the last piece
            lambda: (sent := telegram.api.sent(CHAT)) and "reply_markup" in sent[-1] and sent
        )
    card, *pieces = sent
    assert card["parse_mode"] == "HTML"
    assert card["text"].startswith("<b>📅 Lịch hẹn LH-7K2Q9</b>\n")
    assert "&lt;b&gt;thành công&lt;/b&gt; &amp; nhớ" in card["text"]
    assert "<b>thành công</b>" not in card["text"]
    assert len(pieces) >= 2
    assert all(units(p["text"]) <= 4096 for p in pieces)
    assert unescape("\n".join(p["text"] for p in pieces)) == long_text
    assert "reply_markup" not in pieces[0]
    assert pieces[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Có"


def test_buttons_answer_the_callback_and_send_the_payload(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    long_payload = '/book_appointment{"procedure": "Đăng ký khai sinh cho trẻ em sinh ra"}'
    rasa.api.script["nút"] = [
        {
            "text": "Bạn chọn một việc:",
            "buttons": [
                {"title": "Đồng ý", "payload": "/affirm"},
                {"title": "Đặt lịch", "payload": long_payload},
            ],
        }
    ]
    with TestClient(make_app(channel_settings(telegram.url), rasa.url)) as client:
        wait_for(lambda: connected(telegram))
        post_update(client, text_update(30, CHAT, "nút"))
        [message] = wait_for(lambda: telegram.api.sent(CHAT))
        markup = message["reply_markup"]
        short, long = markup["inline_keyboard"][0]
        assert len(long["callback_data"].encode()) <= 64
        post_update(client, button_update(31, CHAT, long["callback_data"], markup))
        post_update(client, button_update(32, CHAT, short["callback_data"], markup))
        wait_for(lambda: len(rasa.api.turns) == 3, what="both presses relayed")
        wait_for(lambda: len(telegram.api.called("answerCallbackQuery")) == 2)
    assert [m for _, m in rasa.api.turns] == ["nút", long_payload, "/affirm"]
    answered = {c["callback_query_id"] for c in telegram.api.called("answerCallbackQuery")}
    assert answered == {"cb31", "cb32"}


def test_start_with_a_booking_code_links_the_chat_and_reminds_it(
    make_app: AppFactory, telegram: Remote, rasa: Remote, clock: MovableClock
) -> None:
    app = make_app(channel_settings(telegram.url), rasa.url)
    with TestClient(app) as client:
        wait_for(lambda: connected(telegram))
        code = book(app, NOW.replace(day=24, hour=8), clock)
        post_update(client, text_update(40, CHAT, f"/start {code}"))
        [linked] = wait_for(lambda: telegram.api.sent(CHAT))
        assert f"<b>📅 Lịch hẹn {code}</b>" in linked["text"]
        assert "08:00 Thứ Ba 24/11/2026" in linked["text"]
        clock.now = NOW.replace(hour=18, minute=1)
        [_, reminder] = wait_for(
            lambda: len(telegram.api.sent(CHAT)) == 2 and telegram.api.sent(CHAT)
        )
    assert f"Nhắc lịch hẹn {code}" in reminder["text"]
    assert rasa.api.turns == []  # deep links are answered by the connector itself


def test_start_with_a_checklist_code_continues_it(
    make_app: AppFactory, telegram: Remote, rasa: Remote
) -> None:
    app = make_app(channel_settings(telegram.url), rasa.url)
    with TestClient(app) as client:
        wait_for(lambda: connected(telegram))
        with app.state.runtime.db.write() as session:
            session.add(
                Checklist(
                    code="DS-4Q7RT",
                    procedure_id="ho-tich.khai-sinh",
                    have=["Giấy chứng sinh"],
                    missing=["Giấy tờ tùy thân của người đi đăng ký"],
                    forms=["Tờ khai đăng ký khai sinh"],
                    created_at=NOW,
                )
            )
        post_update(client, text_update(50, CHAT, "/start DS-4Q7RT"))
        post_update(client, text_update(51, CHAT, "/start LH-ZZZZZ"))
        checklist, unknown = wait_for(
            lambda: len(telegram.api.sent(CHAT)) == 2 and telegram.api.sent(CHAT)
        )
    assert "<b>📋 Danh sách hồ sơ DS-4Q7RT</b>" in checklist["text"]
    assert "<i>Còn thiếu</i>: Giấy tờ tùy thân của người đi đăng ký" in checklist["text"]
    book_button = checklist["reply_markup"]["inline_keyboard"][0][0]
    assert book_button["text"] == "Đặt lịch hẹn"
    assert "LH-ZZZZZ" in unknown["text"]
