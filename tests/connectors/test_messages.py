"""Rasa's messages as channel messages: cards merged with their text, splitting."""

from __future__ import annotations

from connectors.messages import Outgoing, outgoing, reply_messages, split_text
from kiosk.services.chat import Button, ChatMessage, ChatReply

TICKET = {"type": "ticket", "label": "HT-007", "field": "Hộ tịch", "people_ahead": 2}


def test_a_card_followed_by_its_text_becomes_one_message() -> None:
    messages = [
        ChatMessage(custom=TICKET),
        ChatMessage(text="Số thứ tự của bạn là HT-007.", buttons=[Button("Cảm ơn", "/thank")]),
    ]
    assert outgoing(messages) == [
        Outgoing(
            "Số thứ tự của bạn là HT-007.", "🎫 Số thứ tự HT-007", [], [Button("Cảm ơn", "/thank")]
        )
    ]


def test_a_card_alone_shows_its_rows_and_unknown_payloads_show_nothing() -> None:
    messages = [ChatMessage(custom={"type": "confetti"}), ChatMessage(custom=TICKET)]
    [card] = outgoing(messages)
    assert card.title == "🎫 Số thứ tự HT-007"
    assert card.rows == [("Lĩnh vực", "Hộ tịch"), ("Số người phía trước", "2")]


def test_a_degraded_reply_starts_with_its_notice() -> None:
    reply = ChatReply(
        "1", [ChatMessage(text="Thủ tục phù hợp nhất: ...")], degraded=True, notice="Gián đoạn."
    )
    assert [m.text for m in reply_messages(reply)] == ["ℹ️ Gián đoạn.", "Thủ tục phù hợp nhất: ..."]


def test_split_text_keeps_every_character_within_the_limit() -> None:
    text = "một hai ba\n" + "x" * 25 + "\nbốn năm sáu bảy"
    pieces = split_text(text, 10)
    assert all(len(p) <= 10 for p in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )
    assert split_text("ngắn", 10) == ["ngắn"]
