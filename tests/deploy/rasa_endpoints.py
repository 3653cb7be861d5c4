"""Run by tests/deploy/test_compose.py in Rasa's venv (.venv-rasa, Python 3.10).

Loads an endpoints file the way `rasa run --endpoints` does, builds its lock store and
tracker store, and writes a conversation to the tracker store and reads it back.
Prints one JSON line: the store classes, the dialect and the events read back.

    python rasa_endpoints.py ENDPOINTS_FILE SENDER_ID
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


async def round_trip(store: TrackerStore, sender: str) -> list[str]:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("xin chào, tôi muốn làm căn cước", {"name": "greet", "confidence": 1.0}),
        BotUttered("Chào anh/chị, tôi giúp được gì ạ?"),
    ]
    await store.save(DialogueStateTracker.from_events(sender, events))
    tracker = await store.retrieve(sender)
    assert tracker is not None, "tracker not found after save"
    return [
        getattr(event, "text", None) or type(event).__name__
        for event in tracker.events
        if isinstance(event, (UserUttered, BotUttered))
    ]


def main() -> None:
    endpoints_file, sender = sys.argv[1], sys.argv[2]
    sys.path.insert(1, os.getcwd())  # as `rasa run` does: bot/ modules (lock_store) import
    endpoints = AvailableEndpoints.read_endpoints(endpoints_file)
    lock_store = LockStore.create(endpoints.lock_store)
    tracker_store = TrackerStore.create(endpoints.tracker_store, domain=Domain.empty())
    texts = asyncio.run(round_trip(tracker_store, sender))
    inner = getattr(tracker_store, "_tracker_store", tracker_store)  # AwaitableTrackerStore
    engine = getattr(inner, "engine", None)
    report = {
        "lock_store": type(lock_store).__name__,
        "lock_key_prefix": getattr(lock_store, "key_prefix", None),
        "tracker_store": type(inner).__name__,
        "dialect": engine.dialect.name if engine is not None else None,
        "texts": texts,
    }
    print(json.dumps(report, ensure_ascii=False))  # noqa: T201


if __name__ == "__main__":
    main()
