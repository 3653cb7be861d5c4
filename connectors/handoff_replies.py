"""A staff answer to a handoff, sent to the citizen's Telegram or Zalo chat.

The one hook between the staff console and the channels: kiosk/app.py binds
`deliver_answer` to the app as `app.state.deliver_answer`, and the handoff routes run
it as a background task after an answer is saved. It finds the chat from the
request's sender id ("telegram-12345" -> chat 12345), sends the answer through the
channel's sender (connectors.delivery.Sender) and records the outcome on the request
("sent" or "failed"), which the console shows, with a way to send again. Kiosk
requests need nothing: the kiosk polls for the answer.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from connectors.delivery import Sender
from connectors.links import chat_of
from connectors.messages import Outgoing
from kiosk.services.handoff_desk import FAILED, PUSHED, SENT, HandoffDesk
from kiosk.store.models import Handoff

log = logging.getLogger(__name__)


def answer_message(handoff: Handoff) -> Outgoing:
    return Outgoing(
        title=f"💬 Cán bộ trả lời yêu cầu {handoff.code}",
        text=handoff.answer or "",
    )


def senders_of(app: Any) -> dict[str, Sender]:
    """The running channels' senders (none when no channel is configured)."""
    channels = getattr(app.state, "channels", None)
    return dict(channels.senders) if channels is not None else {}


async def send_answer(senders: dict[str, Sender], handoff: Handoff) -> str | None:
    """Send the answer to the request's chat: "sent", "failed", or None (not a chat)."""
    if handoff.channel not in PUSHED or not handoff.answer:
        return None
    chat_id = chat_of(handoff.channel, handoff.sender_id)
    sender = senders.get(handoff.channel)
    if chat_id is None or sender is None or not sender.available:
        log.warning(
            "handoff %s: %s is not available, answer not sent", handoff.code, handoff.channel
        )
        return FAILED
    try:
        await sender.send(chat_id, [answer_message(handoff)])
    except Exception as error:  # ChannelUnavailable, RecipientUnreachable, anything else
        log.warning("handoff %s: answer not sent on %s (%s)", handoff.code, handoff.channel, error)
        return FAILED
    log.info("handoff %s: answer sent on %s", handoff.code, handoff.channel)
    return SENT


async def deliver_answer(app: Any, desk: HandoffDesk, handoff: Handoff) -> None:
    """Background task after an answer: send it and record how it went."""
    outcome = await send_answer(senders_of(app), handoff)
    if outcome is not None:
        await run_in_threadpool(desk.mark_delivery, handoff.code, outcome)
