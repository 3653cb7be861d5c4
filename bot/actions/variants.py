"""Variants asked, not guessed: when the catalog's best candidates are variants of one
procedure and the question does not say which (the kiosk's search answers `clarify`), the
assistant asks its one short question with a button per variant, best first. A button
sends /ask_procedure{"variant": id} (with the aspect asked about, if any), and the answer
continues with the chosen variant."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.messages import Button, button


def variant_payload(procedure_id: str, aspect: str | None) -> str:
    """The intent payload of a variant's button: its id and the aspect asked about."""
    entities = {"variant": procedure_id, **({"aspect": aspect} if aspect else {})}
    return "/ask_procedure" + json.dumps(entities, ensure_ascii=False, separators=(",", ":"))


def variant_buttons(clarify: dict[str, Any], aspect: str | None) -> list[Button]:
    return [button(o["label"], variant_payload(o["id"], aspect)) for o in clarify["options"]]


def ask_variant(
    dispatcher: CollectingDispatcher, clarify: dict[str, Any], aspect: str | None
) -> None:
    """The search's question ("Làm lần đầu, bị mất hay bị hỏng/hết hạn/đổi thông tin?")."""
    dispatcher.utter_message(text=clarify["question"], buttons=variant_buttons(clarify, aspect))
