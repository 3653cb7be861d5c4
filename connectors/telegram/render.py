"""Outgoing messages as Telegram HTML messages with inline keyboards.

Telegram takes at most 4096 characters of text per message (after entity parsing);
longer messages are split at line ends, and every piece is valid HTML on its own:
text is split first and escaped after, and a tag never spans two lines.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from connectors.messages import Outgoing, split_text
from kiosk.services.chat import Button

LIMIT = 4096
CALLBACK_BYTES = 64  # Telegram's limit for callback_data
ROW_CHARS = 1000  # one card row at most; a row is never split
CHOOSE = "Mời bạn chọn:"  # Telegram refuses a keyboard without text


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): an emoji counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _escaped_units(text: str) -> int:
    return units(escape(text, quote=False))


def _clip(text: str) -> str:
    return text if len(text) <= ROW_CHARS else text[: ROW_CHARS - 1] + "…"


def html_pieces(message: Outgoing, limit: int = LIMIT) -> list[str]:
    """The message as one or more HTML texts of at most `limit` characters each."""
    card: list[str] = []
    if message.title:
        card.append(f"<b>{escape(_clip(message.title), quote=False)}</b>")
    card += [
        f"<i>{escape(_clip(label), quote=False)}</i>: {escape(_clip(value), quote=False)}"
        for label, value in message.rows
    ]
    segments = card + ([""] if card and message.text else [])
    if message.text:
        pieces = split_text(message.text, limit, _escaped_units)
        segments += [escape(piece, quote=False) for piece in pieces]
    return _pack(segments, limit) or ([CHOOSE] if message.buttons else [])


def _pack(segments: list[str], limit: int) -> list[str]:
    """Join segments with line breaks into as few texts of at most `limit` as possible."""
    texts: list[str] = []
    current: str | None = None
    for segment in segments:
        candidate = segment if current is None else f"{current}\n{segment}"
        if units(candidate) <= limit:
            current = candidate
            continue
        if current is not None and current.strip():
            texts.append(current)
        current = segment
    if current is not None and current.strip():
        texts.append(current)
    return texts


class Payloads:
    """Button payloads longer than callback_data allows, kept by a short key.

    Bounded: the oldest are forgotten. A press on a forgotten button is answered with
    the button's title instead, which the assistant understands as typed text.
    """

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._long: OrderedDict[str, str] = OrderedDict()

    def data(self, payload: str) -> str:
        direct = f"p:{payload}"
        if len(direct.encode()) <= CALLBACK_BYTES:
            return direct
        key = "k:" + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.size:
            self._long.popitem(last=False)
        return key

    def payload(self, data: str) -> str | None:
        if data.startswith("p:"):
            return data[2:]
        return self._long.get(data)


def keyboard(buttons: list[Button], payloads: Payloads) -> InlineKeyboardMarkup | None:
    """Short titles three to a row, longer ones one to a row."""
    if not buttons:
        return None
    per_row = 3 if all(len(b.title) <= 12 for b in buttons) else 1
    keys = [
        InlineKeyboardButton(b.title[:100], callback_data=payloads.data(b.payload)) for b in buttons
    ]
    return InlineKeyboardMarkup([keys[i : i + per_row] for i in range(0, len(keys), per_row)])
