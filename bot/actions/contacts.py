"""Where the desk is, its opening hours, hotline and counters: all from GET /desk, never
from memory."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.kiosk_client import KioskClient
from actions.labels import WEEKDAY_NAMES
from actions.messages import say
from actions.submit import KioskAction

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hours_text(hours: dict[str, list[str]]) -> str:
    """ "Thứ Hai–Thứ Sáu: 07:30-11:30, 13:30-17:00; Thứ Bảy: 07:30-11:30"."""
    groups: list[list[Any]] = []
    for index, key in enumerate(WEEKDAY_KEYS):
        spans = ", ".join(hours.get(key, []))
        if spans and groups and groups[-1][1] == spans and groups[-1][0][-1] == index - 1:
            groups[-1][0].append(index)
        elif spans:
            groups.append([[index], spans])
    parts = []
    for days, spans in groups:
        first, last = WEEKDAY_NAMES[days[0]], WEEKDAY_NAMES[days[-1]]
        parts.append(f"{first}–{last}: {spans}" if len(days) > 1 else f"{first}: {spans}")
    return "; ".join(parts)


class ActionContact(KioskAction):
    """Where the desk is, its hours, hotline and counters (from GET /desk)."""

    def name(self) -> str:
        return "action_contact"

    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        desk = await kiosk.desk()
        counters = "; ".join(f"{c['name']}: {', '.join(c['fields'])}" for c in desk["counters"])
        say(
            dispatcher,
            "contacts",
            name=desk["name"],
            address=f", {desk['address']}" if desk.get("address") else "",
            hours=hours_text(desk["hours"]),
            hotline=desk.get("hotline") or "chưa cấu hình",
            counters=counters,
        )
        return []
