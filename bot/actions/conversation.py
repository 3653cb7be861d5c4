"""What the tracker says about the conversation: its channel, the latest message, what
it named. No kiosk calls; every action module reads the tracker through these."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from vntext.english import is_english

CHANNELS = ("kiosk", "telegram", "zalo", "web")


def channel_of(sender_id: str) -> str:
    """kiosk-…, telegram-…, zalo-…: the channel is the sender id's prefix."""
    prefix = sender_id.split("-", 1)[0].lower()
    return prefix if prefix in CHANNELS else "kiosk"


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def in_english(tracker: Tracker) -> bool:
    """The latest message is English: NLU said so (components/english.py, which also reads
    the kiosk's English screen), or its text reads so."""
    if tracker.latest_message.get("language") == "en":
        return True
    text = latest_text(tracker)
    return not text.startswith("/") and is_english(text)  # a button's payload is no English


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity in the latest message."""
    return next(tracker.get_latest_entity_values(name), None)


def said_now(tracker: Tracker, slots: list[str]) -> list[EventType]:
    """Slots named like an entity of the opening message keep what it said ("mai 9h")."""
    events: list[EventType] = []
    for slot in slots:
        value = entity(tracker, slot)
        if value is not None:
            events.append(SlotSet(slot, value))
    return events
