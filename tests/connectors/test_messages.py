"""Rasa's messages as channel messages: cards merged with their text, splitting; the card
of an imported national record (channels, levels, scope, portal page)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from connectors.messages import Outgoing, outgoing, reply_messages, split_text
from connectors.telegram.render import html_pieces
from connectors.zalo.render import plain_text
from kiosk.core.config import DEFAULT_DESK
from kiosk.services.chat import Button, ChatMessage, ChatReply
from kiosk.services.desk import load_desk
from kiosk.services.procedure_text import channel_lines
from kiosk.services.procedures import detail_view
from knowledge.catalog.portal.convert import convert

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


def national_card(shared: Path, code: str) -> dict[str, Any]:
    """A real portal record as the kiosk answers it (GET /procedures/{id}: view and scope)."""
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        record = next(r for r in map(json.loads, handle) if r["ma_thu_tuc"] == code)
    procedure = convert(record, dt.date(2026, 11, 20)).procedure
    return detail_view(procedure, load_desk(DEFAULT_DESK))


def test_an_imported_procedure_card_shows_its_channels_levels_scope_and_page(
    shared: Path,
) -> None:
    procedure = national_card(shared, "1.011325")
    card = ChatMessage(custom={"type": "procedure_card", "procedure": procedure})
    [message] = outgoing([card])
    fee = "5 Ngày làm việc, 2.000.000 đồng/đơn hàng (Phí kiểm tra và cấp giấy chứng nhận"
    expected = [
        ("Lĩnh vực", "Thú y"),
        ("Cơ quan thực hiện", "Chủ tịch ủy ban nhân dân cấp tỉnh"),
        ("Nộp trực tuyến", "có"),
        ("Cấp thực hiện", "tỉnh"),
        ("Cách thức", f"trực tuyến: {fee}"),
        ("Cách thức", f"dịch vụ bưu chính: {fee}"),
        ("Cách thức", f"trực tiếp: {fee}"),
        (
            "Nơi thực hiện",
            "Thủ tục này thực hiện tại Chủ tịch ủy ban nhân dân cấp tỉnh — cấp tỉnh.",
        ),
        ("Trang thủ tục", str(procedure["portal_url"])),
    ]
    assert [label for label, _ in message.rows] == [label for label, _ in expected]
    for (_, value), (_, start) in zip(message.rows, expected, strict=True):
        assert value.startswith(start), (value, start)
    html = "\n".join(html_pieces(message))
    assert f"<i>Cách thức</i>: trực tiếp: {fee}" in html
    zalo = plain_text(message)
    assert "Cấp thực hiện: tỉnh" in zalo and "Trang thủ tục: https://dichvucong.gov.vn/" in zalo
    assert "Thời hạn:" not in zalo  # a national record's time is its channels'


def test_a_time_without_unit_and_a_foreign_currency_fee_are_shown_as_captured(
    shared: Path,
) -> None:
    birth = national_card(shared, "1.000080")  # Hộ tịch: "7", no unit; free with a note
    rows = dict(
        outgoing([ChatMessage(custom={"type": "procedure_card", "procedure": birth})])[0].rows
    )
    assert rows["Cấp thực hiện"] == "xã" and "Nơi thực hiện" not in rows  # served here
    lines = channel_lines(birth)
    assert lines[0].startswith("trực tuyến: 7 (trang thủ tục không ghi đơn vị), miễn phí (Mức")
    resident = national_card(shared, "1.003358")  # fees in USD
    assert any(" USD" in line for line in channel_lines(resident)), channel_lines(resident)
