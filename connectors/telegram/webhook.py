"""POST /webhooks/telegram: Telegram's update, checked and put on the bot's queue."""

from __future__ import annotations

import hmac
import json
import logging

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from telegram import Update

from connectors.links import EventLog
from connectors.telegram.bot import NAME, TelegramChannel

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_QUEUED = 1000


class TelegramWebhook:
    def __init__(self, channel: TelegramChannel, secret: str, events: EventLog) -> None:
        if not secret.strip():  # an empty header would match an empty secret
            raise ValueError("telegram: the webhook secret is empty, updates could not be checked")
        self.channel, self.secret, self.events = channel, secret.encode(), events

    async def accept(self, request: Request) -> Response:
        """Telegram sends the secret given to setWebhook in a header; anything else is refused.

        The update is only queued here: Telegram waits for this answer, and a slow answer
        makes it resend. A resent update (same update_id) is answered and dropped.
        """
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("telegram webhook: missing or wrong secret token")
            return Response(status_code=401)
        try:
            payload = json.loads(await request.body())
            update = Update.de_json(payload, self.channel.application.bot)
        except (ValueError, TypeError, KeyError):
            return Response(status_code=400)
        if update is None:
            return Response(status_code=400)
        queue = self.channel.application.update_queue
        if queue.qsize() >= MAX_QUEUED:  # the bot cannot keep up: let Telegram resend later
            return Response(status_code=503)
        if not await run_in_threadpool(self.events.first_time, NAME, str(update.update_id)):
            log.info("telegram webhook: update %d delivered again, ignored", update.update_id)
            return Response(status_code=200)
        await queue.put(update)
        return Response(status_code=200)
