"""Helpers of the action unit tests: inline trackers, one action run, its messages.

Rasa-sdk style: build the Tracker the action server would receive, run the action,
compare the events it returns exactly.
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

BOT = Path(__file__).resolve().parents[3] / "bot"
if str(BOT) not in sys.path:
    sys.path.insert(0, str(BOT))

from actions.kiosk_client import close_pools  # noqa: E402
from rasa_sdk import Action, Tracker  # noqa: E402
from rasa_sdk.events import ActiveLoop, SlotSet  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

Events = list[dict[str, Any]]
Messages = list[dict[str, Any]]


def user_event(text: str, intent: str | None, entities: list[dict[str, Any]]) -> dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities,
    }
    return {"event": "user", "timestamp": None, "text": text, "parse_data": parse}


def tracker(
    text: str = "",
    intent: str | None = None,
    *,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    history: Events | None = None,
    sender_id: str = "kiosk-test",
) -> Tracker:
    """A tracker whose latest message is `text` (an action that runs after it)."""
    user = user_event(text, intent, entities or [])
    return Tracker(
        sender_id,
        dict(slots or {}),
        user["parse_data"],
        [*(history or []), user],
        False,
        None,
        {},
        "action_listen",
    )


def form_tracker(
    form: str,
    requested: str | None,
    text: str,
    extracted: dict[str, Any],
    *,
    intent: str | None = "inform",
    slots: dict[str, Any] | None = None,
    history: Events | None = None,
    sender_id: str = "kiosk-test",
) -> Tracker:
    """What a form's validation action sees: the form active, `requested` asked, the
    citizen's message, then the slots Rasa extracted from it (to be validated)."""
    user = user_event(text, intent, [])
    events = [
        *(history or []),
        ActiveLoop(form),
        SlotSet("requested_slot", requested),
        user,
        *[SlotSet(name, value) for name, value in extracted.items()],
    ]
    values = {**(slots or {}), "requested_slot": requested, **extracted}
    return Tracker(
        sender_id,
        values,
        user["parse_data"],
        events,
        False,
        None,
        {"name": form},
        "action_listen",
    )


def run(action: Action, tracker: Tracker, domain: dict[str, Any]) -> tuple[Events, Messages]:
    """Run one action as the action server would; its events and messages."""
    dispatcher = CollectingDispatcher()

    async def go() -> Events:
        try:
            return list(await action.run(dispatcher, tracker, domain))
        finally:
            await close_pools()

    return asyncio.run(go()), dispatcher.messages


def texts(messages: Messages) -> list[str]:
    return [m["text"] for m in messages if m.get("text")]


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b["title"], b["payload"]) for b in message.get("buttons") or []]


def customs(messages: Messages) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if m.get("custom")]


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode())


def post_json(url: str, body: Any) -> tuple[int, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode())


def free_port_url() -> str:
    """A loopback URL where nothing listens (a port the OS just handed out and freed)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def slot_events(**values: Any) -> Events:
    """Earlier SlotSet events (e.g. a failure count from previous answers)."""
    return [SlotSet(name, value) for name, value in values.items()]


def db_rows(kiosk: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows straight from the kiosk's SQLite file (what staff-only endpoints would show)."""
    import sqlite3

    path = Path(kiosk.data_dir) / "motcua.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.execute(sql, params))


def form_reset_events(*slots: str) -> Events:
    """What a form's start or submit action returns to clear its slots and the form state."""
    return [SlotSet(s, None) for s in [*slots, "form_stopped", "form_failures"]]
