"""The messaging channels of one kiosk process: which are on, their webhook routes and the
notifier that sends reminders and status notices.

`install(app)` adds the routes (in create_app); `open_channels(runtime, settings)` (in
lifespan) starts what is configured, from the process's runtime (kiosk/runtime.py): its
chat relay, clock, database and knowledge handle. Polling mode
(connectors/telegram/__main__.py) builds its conversations, bot and reminders with
the same functions. Nothing here waits for Telegram or Zalo: connecting, handling
webhook events and sending notices run as background tasks with timeouts, so a
channel whose API is down slows neither the others nor the kiosk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request, Response

from connectors.conversation import Conversations
from connectors.delivery import Sender
from connectors.links import EventLog, LinkStore
from connectors.reminders import Notifier
from connectors.schedule import parse_schedule
from connectors.settings import ConnectorSettings
from connectors.telegram.bot import TelegramChannel, build_application
from connectors.telegram.webhook import TelegramWebhook
from connectors.zalo.client import ZaloClient
from connectors.zalo.tokens import Tokens, TokenStore
from connectors.zalo.webhook import ZaloChannel
from kiosk.runtime import Runtime

log = logging.getLogger(__name__)
router = APIRouter(prefix="/webhooks", include_in_schema=False)


class Channels:
    def __init__(self) -> None:
        self.telegram: TelegramChannel | None = None
        self.telegram_webhook: TelegramWebhook | None = None
        self.zalo: ZaloChannel | None = None
        self.notifier: Notifier | None = None
        self.http: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def senders(self) -> dict[str, Sender]:
        found: list[Sender] = [c for c in (self.telegram, self.zalo) if c is not None]
        return {channel.name: channel for channel in found}

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run in the background; kept referenced until done, cancelled at shutdown."""
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.telegram is not None:
            with contextlib.suppress(Exception):
                await self.telegram.close()
        if self.http is not None:
            await self.http.aclose()


def conversations_of(runtime: Runtime) -> Conversations:
    """Chats on any channel, relayed like the kiosk's own chat (same Rasa, same degraded
    mode, same transcripts), answered from the runtime's knowledge handle."""
    return Conversations(
        runtime.chat_relay,
        LinkStore(runtime.db, runtime.clock),
        runtime.desk,
        runtime.clock,
        runtime.knowledge,
    )


def telegram_channel(
    settings: ConnectorSettings, conversations: Conversations, *, polling: bool = False
) -> TelegramChannel:
    # httpx logs every request URL at INFO, and Bot API URLs hold the token.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, logging.getLogger("httpx").level))
    return TelegramChannel(build_application(settings, polling=polling), conversations)


def start_reminders(channels: Channels, runtime: Runtime, settings: ConnectorSettings) -> None:
    """Reminders and status notices on every channel that is on, until shutdown."""
    if not channels.senders:
        return
    channels.notifier = Notifier(
        runtime.db,
        runtime.clock,
        runtime.desk,
        parse_schedule(settings.reminders),
        channels.senders,
        settings.reminder_max_attempts,
    )
    channels.spawn(channels.notifier.run_forever(settings.reminder_interval_seconds))


async def open_channels(runtime: Runtime, settings: ConnectorSettings) -> Channels:
    """Webhook mode, inside the kiosk app."""
    channels = Channels()
    conversations = conversations_of(runtime)
    events = EventLog(runtime.db, runtime.clock)
    if settings.telegram_enabled:
        _open_telegram(channels, settings, conversations, events)
    else:
        log.info("telegram: off (MOTCUA_TELEGRAM_TOKEN is not set)")
    if settings.zalo_enabled:
        _open_zalo(channels, settings, conversations, events, runtime)
    else:
        log.info("zalo: off (%s not set)", ", ".join(settings.zalo_missing))
    start_reminders(channels, runtime, settings)
    return channels


def _open_telegram(
    channels: Channels,
    settings: ConnectorSettings,
    conversations: Conversations,
    events: EventLog,
) -> None:
    channel = telegram_channel(settings, conversations)
    channels.telegram = channel
    secret = settings.telegram_webhook_secret
    if secret is None:
        log.info("telegram: MOTCUA_TELEGRAM_WEBHOOK_SECRET not set, webhook route off")
    else:
        channels.telegram_webhook = TelegramWebhook(channel, secret.get_secret_value(), events)
    url = settings.telegram_webhook_url if secret is not None else None
    channels.spawn(channel.connect(url, secret.get_secret_value() if secret else None))


def _open_zalo(
    channels: Channels,
    settings: ConnectorSettings,
    conversations: Conversations,
    events: EventLog,
    runtime: Runtime,
) -> None:
    app_id, oa_secret, access = (
        settings.zalo_app_id,
        settings.zalo_oa_secret,
        settings.zalo_access_token,
    )
    if app_id is None or oa_secret is None or access is None:  # open_channels checked
        raise ValueError(f"zalo: {', '.join(settings.zalo_missing)} not set")
    refresh = settings.zalo_refresh_token
    configured = Tokens(access.get_secret_value(), refresh.get_secret_value() if refresh else None)
    channels.http = httpx.AsyncClient(timeout=settings.channel_timeout_seconds)
    app_secret = settings.zalo_app_secret
    client = ZaloClient(
        channels.http,
        settings.zalo_api_url,
        settings.zalo_oauth_url,
        app_id,
        app_secret.get_secret_value() if app_secret else None,
        TokenStore(runtime.db, runtime.clock, configured),
    )
    channels.zalo = ZaloChannel(
        app_id,
        oa_secret.get_secret_value(),
        settings.zalo_max_event_age_seconds,
        client,
        conversations,
        events,
        channels.spawn,
    )
    log.info("zalo: on")


def _channels(request: Request) -> Channels | None:
    return getattr(request.app.state, "channels", None)


@router.post("/telegram")
async def telegram_webhook(request: Request) -> Response:
    """Updates from Telegram (setWebhook with a secret token)."""
    channels = _channels(request)
    if channels is None or channels.telegram_webhook is None:
        return Response(status_code=404)
    return await channels.telegram_webhook.accept(request)


@router.post("/zalo")
async def zalo_webhook(request: Request) -> Response:
    """Events from the Zalo Official Account."""
    channels = _channels(request)
    if channels is None or channels.zalo is None:
        return Response(status_code=404)
    return await channels.zalo.accept(request)


def install(app: FastAPI) -> None:
    app.include_router(router)
