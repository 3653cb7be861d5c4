"""Outgoing messages as bodies for the OA API v3 customer-service endpoint.

Zalo shows plain text (no markup): a card is its title and "label: value" lines.
Buttons go in a button template under the text, at most five per message; a
button's payload comes back as the user's text (`oa.query.show` shows it in the
chat, `oa.query.hide` does not: used for payloads such as "/affirm").
"""

from __future__ import annotations

from typing import Any

from connectors.messages import Outgoing, split_text
from kiosk.services.chat import Button

TEXT_LIMIT = 2000
BUTTONS_PER_MESSAGE = 5
TITLE_LIMIT = 100
PAYLOAD_LIMIT = 1000
MORE_CHOICES = "Các lựa chọn khác:"


def plain_text(message: Outgoing) -> str:
    lines = [message.title] if message.title else []
    lines += [f"{label}: {value}" for label, value in message.rows]
    if message.text:
        lines += ([""] if lines else []) + [message.text]
    return "\n".join(lines)


def _button(button: Button) -> dict[str, Any]:
    title = button.title[:TITLE_LIMIT]
    payload = button.payload if len(button.payload) <= PAYLOAD_LIMIT else button.title
    kind = "oa.query.show" if payload == button.title else "oa.query.hide"
    return {"title": title, "type": kind, "payload": payload[:PAYLOAD_LIMIT]}


def _with_buttons(user_id: str, text: str, buttons: list[Button]) -> dict[str, Any]:
    return {
        "recipient": {"user_id": user_id},
        "message": {
            "text": text,
            "attachment": {
                "type": "template",
                "payload": {"buttons": [_button(b) for b in buttons]},
            },
        },
    }


def bodies(user_id: str, message: Outgoing) -> list[dict[str, Any]]:
    """Request bodies for one message: text split at 2000 characters, buttons in fives."""
    pieces = split_text(plain_text(message), TEXT_LIMIT) or [""]
    groups = [
        message.buttons[i : i + BUTTONS_PER_MESSAGE]
        for i in range(0, len(message.buttons), BUTTONS_PER_MESSAGE)
    ]
    result: list[dict[str, Any]] = [
        {"recipient": {"user_id": user_id}, "message": {"text": piece}}
        for piece in pieces[: -1 if groups else None]
        if piece.strip()
    ]
    if groups:
        result.append(_with_buttons(user_id, pieces[-1] or MORE_CHOICES, groups[0]))
        result += [_with_buttons(user_id, MORE_CHOICES, group) for group in groups[1:]]
    return result
