"""`python -m connectors.telegram --polling`: the bot by long polling, for development
(no public HTTPS URL needed). Production runs the webhook inside the kiosk app.

Reads the same MOTCUA_* settings as the kiosk (token, database, Rasa URL) and serves from
the same runtime (kiosk/runtime.py): the same chat relay (transcripts and questions
recorded), the same knowledge handle, the same reminders (attempts bounded by
MOTCUA_REMINDER_MAX_ATTEMPTS) and the same masked logs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from connectors import hub
from connectors.settings import ConnectorSettings
from connectors.telegram.bot import UPDATES
from kiosk.core.config import Settings
from kiosk.core.logs import configure_logging
from kiosk.runtime import open_runtime

log = logging.getLogger("connectors.telegram")


async def poll(settings: Settings, channel_settings: ConnectorSettings) -> None:
    """Until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    async with open_runtime(settings, speech=False) as runtime:
        channels = hub.Channels()
        channel = hub.telegram_channel(
            channel_settings, hub.conversations_of(runtime), polling=True
        )
        channels.telegram = channel
        connecting = asyncio.create_task(channel.connect())
        try:
            await asyncio.wait(
                [connecting, asyncio.create_task(stop.wait())], return_when="FIRST_COMPLETED"
            )
            updater = channel.application.updater
            if channel.available and updater is not None:
                await updater.start_polling(allowed_updates=UPDATES)
                hub.start_reminders(channels, runtime, channel_settings)
                log.info("telegram: polling; Ctrl-C to stop")
                await stop.wait()
                await updater.stop()
        finally:
            connecting.cancel()
            await channels.close()


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
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    channel_settings = ConnectorSettings()
    if not channel_settings.telegram_enabled:
        log.error("MOTCUA_TELEGRAM_TOKEN is not set")
        return 2
    asyncio.run(poll(settings, channel_settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
