"""What a channel sends, before it is formatted for Telegram (HTML) or Zalo (plain text).

Rasa's custom payloads (`json_message` in bot/actions) become cards: a heading and
labelled rows. An action sends its card and then the same facts as text, so a card
followed by a text is merged into one message under the card's heading; a card
alone (or inside a degraded reply) shows its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.services.chat import Button, ChatMessage, ChatReply
from kiosk.services.procedure_text import extra_rows
from vntext.procedure_facts import money

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class Outgoing:
    """One message to a chat: an optional card (title, rows), text and buttons."""

    text: str = ""
    title: str | None = None
    rows: Rows = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)


def _when(value: Any) -> str:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def _items(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "không có"
    return str(value)


def _amount(amount: Any) -> str:
    if amount is None:
        return "tùy trường hợp"
    return "miễn phí" if amount == 0 else money(float(amount), None)


def _procedure(card: dict[str, Any]) -> tuple[str, Rows]:
    """A procedure's card; an official record adds its levels, channels (each with its
    time and fee, which then replace the summary time and fees), scope, notices and page."""
    procedure = card.get("procedure") or {}
    agency = procedure.get("agency") or {}
    by_channel = procedure.get("origin") == "national" and bool(procedure.get("channels"))
    fees = "; ".join(
        f"{fee.get('name', '')}: {_amount(fee.get('amount_vnd'))}"
        for fee in procedure.get("fees") or []
        if isinstance(fee, dict)
    )
    rows = [
        ("Lĩnh vực", procedure.get("field")),
        ("Nơi nộp", agency.get("submit_at") or None),
        ("Cơ quan thực hiện", None if agency.get("submit_at") else agency.get("name")),
        ("Thời hạn", None if by_channel else (procedure.get("processing_time") or {}).get("text")),
        ("Lệ phí", None if by_channel else fees or None),
        ("Nộp trực tuyến", procedure.get("online")),
        ("Địa chỉ nộp trực tuyến", procedure.get("online_url")),
    ]
    found = [(k, str(v)) for k, v in rows if v] + extra_rows(procedure)
    return f"📄 {procedure.get('name', 'Thủ tục')}", found


def _booking(card: dict[str, Any]) -> tuple[str, Rows]:
    rows = [("Thời gian", _when(card.get("starts_at"))), ("Lĩnh vực", str(card.get("field")))]
    if card.get("counters"):
        rows.append(("Nơi tiếp nhận", _items(card["counters"])))
    return f"📅 Lịch hẹn {card.get('code', '')}", rows


def _checklist(card: dict[str, Any]) -> tuple[str, Rows]:
    rows = [
        ("Thủ tục", str(card.get("procedure_name") or card.get("procedure_id") or "")),
        ("Đã có", _items(card.get("have", []))),
        ("Còn thiếu", _items(card.get("missing", []))),
        ("Biểu mẫu", _items(card.get("forms", []))),
    ]
    if card.get("url"):
        rows.append(("Xem lại", str(card["url"])))
    return f"📋 Danh sách hồ sơ {card.get('code', '')}", rows


def _ticket(card: dict[str, Any]) -> tuple[str, Rows]:
    rows = [("Lĩnh vực", str(card.get("field", "")))]
    if card.get("people_ahead") is not None:
        rows.append(("Số người phía trước", str(card["people_ahead"])))
    return f"🎫 Số thứ tự {card.get('label', '')}", rows


def _handoff(card: dict[str, Any]) -> tuple[str, Rows]:
    return f"👤 Yêu cầu gặp cán bộ {card.get('code', '')}", []


CARDS: dict[str, Callable[[dict[str, Any]], tuple[str, Rows]]] = {
    "procedure_card": _procedure,
    "booking": _booking,
    "checklist": _checklist,
    "ticket": _ticket,
    "handoff": _handoff,
}


def card(custom: dict[str, Any] | None) -> tuple[str, Rows] | None:
    """Heading and rows of a known card; None for anything else (shown as nothing)."""
    if not custom or custom.get("type") not in CARDS:
        return None
    try:
        return CARDS[str(custom["type"])](custom)
    except (AttributeError, TypeError):  # a card of an unexpected shape: heading only
        return f"{custom['type']}", []


def outgoing(messages: list[ChatMessage]) -> list[Outgoing]:
    """Rasa's messages as channel messages, each card merged with the text after it."""
    result: list[Outgoing] = []
    pending: tuple[str, Rows] | None = None
    for message in messages:
        heading = card(message.custom)
        if heading is not None and not message.text and not message.buttons:
            if pending is not None:
                result.append(Outgoing(title=pending[0], rows=pending[1]))
            pending = heading
            continue
        title: str | None = None
        rows: Rows = []
        if pending is not None:  # the text after a card says what its rows would
            title, pending = pending[0], None
        elif heading is not None:
            title, rows = heading
        if message.text or message.buttons or title:
            result.append(Outgoing(message.text or "", title, rows, list(message.buttons)))
    if pending is not None:
        result.append(Outgoing(title=pending[0], rows=pending[1]))
    return result


def reply_messages(reply: ChatReply) -> list[Outgoing]:
    """A whole chat turn; a degraded one starts with its notice."""
    notice = [Outgoing(text=f"ℹ️ {reply.notice}")] if reply.degraded and reply.notice else []
    return notice + outgoing(reply.messages)


def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Pieces of at most `limit` (as measured), cut at line ends, then spaces, then anywhere."""
    if measure(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        for word in _words(line, limit, measure):
            candidate = f"{current} {word}" if current else word
            if measure(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = word
    if current:
        pieces.append(current)
    return pieces


def _words(line: str, limit: int, measure: Callable[[str], int]) -> list[str]:
    """The line's words, a word longer than the limit cut into pieces."""
    words: list[str] = []
    for word in line.split(" "):
        while measure(word) > limit:
            cut = limit
            while cut > 1 and measure(word[:cut]) > limit:
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    return words
