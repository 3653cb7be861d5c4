"""The procedure a conversation is about: finding the one a citizen names in the catalog
(through the kiosk's search) and the slots that keep it in context."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from actions.aspects import is_follow_up
from actions.conversation import entity, latest_text
from actions.kiosk_client import KioskClient

PROCEDURE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")


def procedure_slots(procedure: dict[str, Any]) -> dict[str, Any]:
    """The slots that keep a procedure in context."""
    return {
        "procedure_id": procedure["id"],
        "procedure_name": procedure["name"],
        "procedure_field": procedure["field"],
    }


async def find_procedure(text: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The catalog procedure the citizen named (a known id, or the top search hit), and
    the closest hits when the search abstains. Raises KioskError."""
    async with KioskClient.from_env() as kiosk:
        if PROCEDURE_ID.match(text):  # the id kept in context, validated again at form start
            return await kiosk.procedure(text), []
        answer = await kiosk.search(text, k=3)
        if answer["hits"] and not answer["abstain"]:
            return await kiosk.procedure(answer["hits"][0]["id"]), []
        return None, answer["hits"]


async def procedure_from_message(tracker: Tracker) -> dict[str, Any] | None:
    """The procedure a form-opening message names ("đặt lịch làm khai sinh"), if any.
    Raises KioskError."""
    mention = entity(tracker, "procedure")
    message = latest_text(tracker)
    query = mention or ("" if message.startswith("/") or is_follow_up(message) else message)
    if not query:
        return None
    async with KioskClient.from_env() as kiosk:
        answer = await kiosk.search(query, k=1)
        if answer["hits"] and not answer["abstain"]:
            return await kiosk.procedure(answer["hits"][0]["id"])
    return None
