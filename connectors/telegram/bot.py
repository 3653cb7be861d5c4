"""The Telegram bot (python-telegram-bot 22): handlers, sending, and the connection that
survives Telegram being down.

Webhook mode lives inside the kiosk app: the Application is built without an Updater
and the route in connectors.telegram.webhook puts each update on its queue. Polling
mode (`python -m connectors.telegram --polling`) builds it with an Updater instead.
Dialogue state lives in Rasa (sender id `telegram-<chat id>`), not in handlers.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from connectors.conversation import Conversations
from connectors.delivery import ChannelUnavailable, RecipientUnreachable
from connectors.messages import Outgoing
from connectors.notices import HELP_FOLLOW, WELCOME
from connectors.settings import ConnectorSettings
from connectors.telegram.render import Payloads, html_pieces, keyboard

log = logging.getLogger(__name__)

NAME = "telegram"
CHANNEL_KEY = "motcua_channel"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
UPDATES = ["message", "callback_query"]


def build_application(settings: ConnectorSettings, *, polling: bool = False) -> Application:
    """Timeouts bound every call, so a slow Telegram never holds the kiosk up."""
    token = settings.telegram_token
    if token is None:
        raise ValueError("telegram: MOTCUA_TELEGRAM_TOKEN is not set")
    timeout = settings.channel_timeout_seconds
    builder = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .concurrent_updates(16)  # chats in parallel; Conversations keeps each chat in order
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
    )
    if not polling:
        builder = builder.updater(None)
    else:
        builder = builder.get_updates_read_timeout(timeout + 30)
    return builder.build()


class TelegramChannel:
    """One bot: its Application, the chats' conversations and how to send to a chat."""

    name = NAME

    def __init__(self, application: Application, conversations: Conversations) -> None:
        self.application, self.conversations = application, conversations
        self.payloads = Payloads()
        self.ready = asyncio.Event()
        application.bot_data[CHANNEL_KEY] = self
        application.add_handler(CommandHandler("start", on_start))
        application.add_handler(CommandHandler("theodoi", on_follow))
        application.add_handler(CallbackQueryHandler(on_button))
        application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
        application.add_handler(MessageHandler(filters.COMMAND, on_other_command))
        application.add_error_handler(on_error)

    async def connect(self, webhook_url: str | None = None, secret: str | None = None) -> None:
        """Initialize (getMe) and start, retrying while Telegram cannot be reached."""
        delay = 1.0
        while True:
            try:
                await self.application.initialize()
                if webhook_url:
                    await self.application.bot.set_webhook(
                        webhook_url, secret_token=secret, allowed_updates=UPDATES
                    )
                break
            except InvalidToken:
                log.error("telegram: the bot token was refused; channel stays off")
                return
            except TelegramError as error:
                log.warning("telegram: cannot connect (%s), retrying in %.0fs", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
        await self.application.start()
        self.ready.set()
        log.info("telegram: connected as @%s", self.application.bot.username)

    @property
    def available(self) -> bool:
        return self.ready.is_set()

    async def close(self) -> None:
        self.ready.clear()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        """Each message as HTML, split at 4096 characters; buttons under the last piece."""
        if not self.ready.is_set():
            raise ChannelUnavailable("telegram not connected")
        chat: int | str = int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id
        for message in messages:
            pieces = html_pieces(message)
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                markup = keyboard(message.buttons, self.payloads) if last else None
                await self._send(chat, piece, markup)

    async def _send(self, chat: int | str, html: str, markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self.application.bot.send_message(
                chat,
                html,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        except (Forbidden, BadRequest) as error:  # blocked by the user, chat gone
            raise RecipientUnreachable(str(error)) from error
        except TelegramError as error:
            raise ChannelUnavailable(str(error)) from error

    async def answer(self, chat_id: str, text: str) -> None:
        """Relay one message (or command) and send the reply, in order within the chat."""
        async with self.conversations.lock(NAME, chat_id):
            await self.send(chat_id, await self.conversations.handle(NAME, chat_id, text))


def _channel(context: ContextTypes.DEFAULT_TYPE) -> TelegramChannel:
    channel: TelegramChannel = context.application.bot_data[CHANNEL_KEY]
    return channel


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message goes to the assistant."""
    if update.effective_chat and update.effective_message and update.effective_message.text:
        chat_id = str(update.effective_chat.id)
        await _channel(context).answer(chat_id, update.effective_message.text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed inline button sends its payload, as the kiosk does."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    await query.answer()  # callback queries must be answered, or the button keeps spinning
    channel = _channel(context)
    payload = channel.payloads.payload(query.data or "") or _title_of(query.data, query.message)
    if payload:
        await channel.answer(str(update.effective_chat.id), payload)


def _title_of(data: str | None, message: object) -> str | None:
    """The pressed button's title, when its payload was forgotten (after a restart)."""
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()):
        for button in row:
            if button.callback_data == data:
                return str(button.text)
    return None


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, or /start <code> from a deep link shown at the kiosk."""
    if update.effective_chat is not None:
        code = context.args[0] if context.args else ""
        await _channel(context).answer(str(update.effective_chat.id), f"/start {code}")


async def on_follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/theodoi <dossier code> <last 4 digits>: notices of the dossier's status changes."""
    if update.effective_chat is not None:
        arguments = " ".join(context.args or [])
        await _channel(context).answer(str(update.effective_chat.id), f"/theodoi {arguments}")


async def on_other_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: what the bot can do."""
    if update.effective_chat is not None:
        await _channel(context).send(
            str(update.effective_chat.id), [Outgoing(text=f"{WELCOME}\n\n{HELP_FOLLOW}")]
        )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A failed update is logged (without its content: it may hold personal data)."""
    error = context.error
    log.warning("telegram: update not handled: %s: %s", type(error).__name__, error)
