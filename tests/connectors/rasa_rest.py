"""A Rasa server's REST channel on loopback, answering from a script: for the tests of the
connectors' own mechanics (rendering, splitting, ordering) that the real bot cannot be
made to say. The booking conversations run against the real Rasa stack instead.

POST /webhooks/rest/webhook {"sender", "message"} -> the scripted list of messages
({"text", "buttons", "custom"}); GET /conversations/<sender>/tracker -> the intent.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class RasaRest:
    script: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    turns: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0  # seconds before answering (a slow assistant)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
                Route("/conversations/{sender}/tracker", self._tracker, methods=["GET"]),
            ]
        )

    async def _webhook(self, request: Request) -> JSONResponse:
        body = await request.json()
        sender, message = str(body["sender"]), str(body["message"])
        with self._lock:
            self.turns.append((sender, message))
        await asyncio.sleep(self.delay)
        default = [{"recipient_id": sender, "text": f"Bạn vừa nói: {message}"}]
        return JSONResponse(self.script.get(message, default))

    async def _tracker(self, request: Request) -> JSONResponse:
        return JSONResponse({"latest_message": {"intent": {"name": "inform", "confidence": 0.9}}})
