"""POST /webhooks/zalo: Zalo OA events, verified, answered at once, handled in the background.

Zalo expects a 200 within seconds and resends otherwise, so the route only checks
the event (signature over the raw bytes, timestamp not stale), records its id
(message id, or event name + user + timestamp) so a resent event is answered
without being handled twice, and leaves the conversation to a background task.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from connectors.conversation import Conversations
from connectors.delivery import ChannelUnavailable, RecipientUnreachable
from connectors.links import EventLog
from connectors.messages import Outgoing
from connectors.zalo.client import ZaloClient
from connectors.zalo.signature import verify

log = logging.getLogger(__name__)

NAME = "zalo"
SIGNATURE_HEADER = "X-ZEvent-Signature"
HANDLED = {"user_send_text", "follow"}

Spawn = Callable[[Coroutine[Any, Any, None]], None]


class ZaloChannel:
    name = NAME

    def __init__(
        self,
        app_id: str,
        oa_secret: str,
        max_age_seconds: int,
        client: ZaloClient,
        conversations: Conversations,
        events: EventLog,
        spawn: Spawn,
    ) -> None:
        if not oa_secret.strip():
            raise ValueError("zalo: the OA secret key is empty, events could not be verified")
        self.app_id, self.oa_secret, self.max_age = app_id, oa_secret, max_age_seconds
        self.client, self.conversations, self.events, self.spawn = (
            client,
            conversations,
            events,
            spawn,
        )

    @property
    def available(self) -> bool:
        return True  # stateless HTTP: a call that fails is retried later

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        await self.client.send(chat_id, messages)

    async def accept(self, request: Request) -> Response:
        raw = await request.body()
        try:
            event = json.loads(raw)
        except ValueError:
            event = None
        if not isinstance(event, dict):
            return Response(status_code=400)
        timestamp = str(event.get("timestamp", ""))
        if not verify(
            self.app_id, raw, timestamp, self.oa_secret, request.headers.get(SIGNATURE_HEADER)
        ):
            log.warning("zalo webhook: missing or wrong signature")
            return Response(status_code=401)
        if not self._fresh(timestamp):
            log.warning("zalo webhook: stale or unreadable timestamp")
            return Response(status_code=401)
        name = event.get("event_name")
        if name not in HANDLED:
            return Response(status_code=200)  # delivery receipts, stickers, ...: not ours
        user = _user(event)
        if user is None:
            return Response(status_code=200)
        if not await run_in_threadpool(self.events.first_time, NAME, _event_id(event, user)):
            log.info("zalo webhook: %s delivered again, ignored", name)
            return Response(status_code=200)
        self.spawn(self._handle(str(name), user, event))
        return Response(status_code=200)

    def _fresh(self, timestamp: str) -> bool:
        try:
            sent = int(timestamp) / 1000  # milliseconds since the epoch
        except ValueError:
            return False
        return abs(time.time() - sent) <= self.max_age

    async def _handle(self, name: str, user: str, event: dict[str, Any]) -> None:
        try:
            async with self.conversations.lock(NAME, user):
                if name == "follow":
                    messages = await self.conversations.greet(NAME, user)
                else:
                    text = str((event.get("message") or {}).get("text") or "").strip()
                    if not text:
                        return
                    messages = await self.conversations.handle(NAME, user, text)
                await self.client.send(user, messages)
        except RecipientUnreachable as error:
            log.info("zalo: reply not sent: %s", error)
        except ChannelUnavailable as error:
            log.warning("zalo: reply not sent, API unavailable: %s", error)
        except Exception:
            log.exception("zalo: %s event not handled", name)


def _user(event: dict[str, Any]) -> str | None:
    """The OA-scoped id of the user the event is about."""
    holder = event.get("follower") if event.get("event_name") == "follow" else event.get("sender")
    user = holder.get("id") if isinstance(holder, dict) else None
    return str(user)[:64] if user else None


def _event_id(event: dict[str, Any], user: str) -> str:
    message = event.get("message")
    if isinstance(message, dict) and message.get("msg_id"):
        return f"msg:{message['msg_id']}"
    return f"{event.get('event_name')}:{user}:{event.get('timestamp')}"
