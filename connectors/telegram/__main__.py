"""`python -m connectors.telegram --polling`: the bot by long polling, for development
(no public HTTPS URL needed). Production runs the webhook inside the kiosk app.

Reads the same MOTCUA_* settings as the kiosk (token, database, Rasa URL), relays to
Rasa through the same chat relay and sends Telegram reminders from the same schedule.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

import httpx

from connectors.conversation import Conversations
from connectors.links import LinkStore
from connectors.reminders import Notifier
from connectors.schedule import parse_schedule
from connectors.telegram.bot import UPDATES, TelegramChannel, build_application
from kiosk.app import make_clock, open_database, open_knowledge
from kiosk.core.config import Settings
from kiosk.services.chat import ChatConfig, ChatRelay
from kiosk.services.desk import load_desk

log = logging.getLogger("connectors.telegram")


async def poll(settings: Settings) -> None:
    """Until SIGINT or SIGTERM."""
    desk = load_desk(settings.desk_config)
    db = await asyncio.to_thread(open_database, settings)
    clock = make_clock(settings, desk)
    catalog = await asyncio.to_thread(open_knowledge, settings) if settings.open_retriever else None
    token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
    config = ChatConfig(settings.rasa_url, settings.rasa_timeout_seconds, token)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with httpx.AsyncClient() as http:
        conversations = Conversations(
            lambda: ChatRelay(http, config, catalog, desk),
            LinkStore(db, clock),
            desk,
            clock,
            catalog,
        )
        application = build_application(settings.connectors, polling=True)
        channel = TelegramChannel(application, conversations)
        connecting = asyncio.create_task(channel.connect())
        await asyncio.wait(
            [connecting, asyncio.create_task(stop.wait())], return_when="FIRST_COMPLETED"
        )
        if channel.available and application.updater is not None:
            await application.updater.start_polling(allowed_updates=UPDATES)
            rules = parse_schedule(settings.connectors.reminders)
            notifier = Notifier(db, clock, desk, rules, {channel.name: channel})
            reminders = asyncio.create_task(
                notifier.run_forever(settings.connectors.reminder_interval_seconds)
            )
            log.info("telegram: polling; Ctrl-C to stop")
            await stop.wait()
            reminders.cancel()
            await application.updater.stop()
        connecting.cancel()
        await channel.close()
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m connectors.telegram",
        description="Trợ lý Một cửa trên Telegram, chế độ polling (phát triển).",
    )
    parser.add_argument("--polling", action="store_true", help="lấy tin bằng getUpdates")
    args = parser.parse_args(argv)
    if not args.polling:
        parser.error(
            "webhook mode runs inside the kiosk app (python -m kiosk serve); use --polling"
        )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its lines would carry the token
    settings = Settings()
    if not settings.connectors.telegram_enabled:
        log.error("MOTCUA_TELEGRAM_TOKEN is not set")
        return 2
    asyncio.run(poll(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
