"""A chat on any channel: turns go through the kiosk's chat relay to Rasa (same brain, same
degraded mode as the kiosk), one at a time per chat; the connectors answer two commands
themselves: `/start <code>` continues what began at the kiosk (an appointment LH-…, a
checklist DS-…) and `/theodoi <dossier code> <last 4 digits>` follows a dossier."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from connectors import notices
from connectors.links import LinkStore
from connectors.messages import Outgoing, reply_messages
from kiosk.core.clock import Clock
from kiosk.core.errors import DossierNotFound
from kiosk.core.vocab import AppointmentStatus
from kiosk.services.chat import ChatRelay
from kiosk.services.desk import DeskConfig
from kiosk.services.identity import clean_code
from kiosk.services.knowledge_handle import KnowledgeHandle

log = logging.getLogger(__name__)


class Conversations:
    def __init__(
        self,
        relay: Callable[[], ChatRelay],
        links: LinkStore,
        desk: DeskConfig,
        clock: Clock,
        knowledge: KnowledgeHandle,
    ) -> None:
        self.relay, self.links, self.desk, self.clock = relay, links, desk, clock
        self.knowledge = knowledge
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    def lock(self, channel: str, chat_id: str) -> asyncio.Lock:
        """Held by a channel from a message to its reply: each chat is answered in order."""
        lock = self._locks.get((channel, chat_id))
        if lock is None:
            lock = asyncio.Lock()
            self._locks[(channel, chat_id)] = lock
        return lock

    async def handle(self, channel: str, chat_id: str, text: str) -> list[Outgoing]:
        """A message as typed (Zalo has no commands of its own: they arrive as text)."""
        command, _, rest = text.strip().partition(" ")
        name = command.split("@", 1)[0].lower()
        if name == "/start":
            return await self.start(channel, chat_id, rest.strip())
        if name == "/theodoi":
            return await self.follow(channel, chat_id, rest)
        return await self.turn(channel, chat_id, text)

    async def turn(self, channel: str, chat_id: str, text: str) -> list[Outgoing]:
        """One turn with the assistant."""
        reply = await self.relay().send(chat_id, text[:1000], channel=channel)
        return reply_messages(reply)

    async def greet(self, channel: str, chat_id: str) -> list[Outgoing]:
        """The assistant's greeting; a fixed one while it is unavailable."""
        reply = await self.relay().send(chat_id, "/greet", channel=channel)
        if reply.degraded or not reply.messages:
            return [Outgoing(text=notices.WELCOME)]
        return reply_messages(reply)

    async def start(self, channel: str, chat_id: str, code: str) -> list[Outgoing]:
        """`/start` from a deep link: continue an appointment or a checklist."""
        if not code:
            return await self.greet(channel, chat_id)
        cleaned = clean_code(code)[:20]
        if cleaned.startswith("LH-"):
            return await run_in_threadpool(self._continue_appointment, channel, chat_id, cleaned)
        if cleaned.startswith("DS-"):
            checklist = await run_in_threadpool(self.links.checklist, cleaned)
            if checklist is not None:
                return [notices.checklist_continued(checklist, self._name(checklist.procedure_id))]
        return [Outgoing(text=notices.UNKNOWN_CODE.format(code=cleaned))]

    def _continue_appointment(self, channel: str, chat_id: str, code: str) -> list[Outgoing]:
        appointment = self.links.appointment(code)
        if appointment is None:
            return [Outgoing(text=notices.UNKNOWN_CODE.format(code=code))]
        now = self.clock()
        if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
            return [notices.appointment_closed(appointment, now)]
        self.links.link_appointment(channel, chat_id, appointment.id)
        log.info("%s chat linked to appointment %s", channel, appointment.code)
        return [notices.appointment_linked(appointment, self.desk)]

    def _name(self, procedure_id: str) -> str:
        published = self.knowledge.public() if self.knowledge.available else None
        procedure = published.get_procedure(procedure_id) if published else None
        return procedure.name if procedure is not None else procedure_id

    async def follow(self, channel: str, chat_id: str, arguments: str) -> list[Outgoing]:
        """`/theodoi <code> <last4>`: status changes of the dossier are sent to this chat."""
        parts = arguments.split()
        if len(parts) != 2 or not (parts[1].isdigit() and len(parts[1]) == 4):
            return [Outgoing(text=notices.HELP_FOLLOW)]
        try:
            dossier = await run_in_threadpool(
                self.links.follow_dossier, channel, chat_id, parts[0], parts[1]
            )
        except DossierNotFound:
            return [Outgoing(text=notices.DOSSIER_NOT_FOUND)]
        log.info("%s chat follows dossier %s", channel, dossier.code)
        return [notices.dossier_followed(dossier)]
