"""Rasa's REST channel and tracker API on loopback, answering from a script.

For the kiosk chat relay's own contract (what it sends, what it makes of every kind of
message, which intent it reports) and for the ways a Rasa server fails (slow, broken,
nonsense). What the real bot says is tested against a real Rasa server (tests/stack.py).

The protocol is Rasa 3.6's:
- POST /webhooks/rest/webhook {"sender", "message", "metadata"?} -> the bot's messages,
  each {"recipient_id", "text"?, "buttons"?, "custom"?, "image"?}, in order;
- GET /conversations/{conversation_id}/tracker?include_events=NONE -> the conversation's
  tracker; `latest_message.intent` is what NLU made of the sender's last message (an
  unknown conversation has an empty one).
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response


@dataclass(frozen=True)
class Turn:
    """What NLU makes of a message, and what the bot answers."""

    intent: str
    confidence: float
    messages: list[dict[str, Any]]


FALLBACK = Turn("nlu_fallback", 0.41, [{"text": "Xin lỗi, mình chưa hiểu ý bạn."}])


class Failure(Enum):
    NONE = "none"
    SLOW = "slow"  # the webhook answers only when released (after the relay gave up)
    BROKEN = "broken"  # 500 from the webhook
    NONSENSE = "nonsense"  # 200 with JSON that is not a list of messages
    EMPTY = "empty"  # 200 with no message: how the REST channel hides a failed turn
    TRACKER_BROKEN = "tracker_broken"  # the webhook works, the tracker answers 500
    TRACKER_NONSENSE = "tracker_nonsense"  # the tracker answers malformed JSON shapes


@dataclass
class RasaChannel:
    script: dict[str, Turn]
    failure: Failure = Failure.NONE
    received: list[dict[str, Any]] = field(default_factory=list)
    tracker_requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _latest: dict[str, tuple[str, Turn]] = field(default_factory=dict)
    _released: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def release(self) -> None:
        """Let slow answers go (at teardown, so the server stops at once)."""
        self._released.set()

    @property
    def senders(self) -> list[str]:
        return [body["sender"] for body in self.received]

    def app(self) -> FastAPI:
        app = FastAPI(openapi_url=None)
        app.add_api_route("/webhooks/rest/webhook", self._webhook, methods=["POST"])
        app.add_api_route(
            "/conversations/{conversation_id}/tracker", self._tracker, methods=["GET"]
        )
        return app

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        sender, message = str(body["sender"]), str(body["message"])
        turn = self.script.get(message, FALLBACK)
        with self._lock:
            self.received.append(body)
            self._latest[sender] = (message, turn)
        if self.failure is Failure.SLOW:
            deadline = time.monotonic() + 30
            while not self._released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        if self.failure is Failure.BROKEN:
            return JSONResponse({"error": "Internal Server Error"}, status_code=500)
        if self.failure is Failure.NONSENSE:
            return JSONResponse({"text": "không phải một danh sách"})
        if self.failure is Failure.EMPTY:
            return JSONResponse([])
        return JSONResponse([{"recipient_id": sender, **m} for m in turn.messages])

    async def _tracker(self, conversation_id: str, request: Request) -> Response:
        with self._lock:
            self.tracker_requests.append((conversation_id, dict(request.query_params)))
            latest = self._latest.get(conversation_id)
        if self.failure is Failure.TRACKER_BROKEN:
            return JSONResponse({"error": "Internal Server Error"}, status_code=500)
        if self.failure is Failure.TRACKER_NONSENSE:
            return JSONResponse({"sender_id": conversation_id, "latest_message": ["intent"]})
        message, turn = latest if latest else (None, None)
        intent = {"name": turn.intent, "confidence": turn.confidence} if turn else {}
        return JSONResponse(
            {
                "sender_id": conversation_id,
                "slots": {},
                "latest_message": {
                    "intent": intent,
                    "entities": [],
                    "text": message,
                    "intent_ranking": [intent] if intent else [],
                },
                "latest_event_time": time.time(),
                "followup_action": None,
                "paused": False,
                "events": [],
                "latest_input_channel": "rest" if turn else None,
                "active_loop": {},
                "latest_action": {"action_name": "action_listen"},
                "latest_action_name": "action_listen",
            }
        )
