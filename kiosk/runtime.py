"""The one runtime builder: what a motcua process opens, for every entry point.

- `open_runtime(settings)`: the desk configuration, the database (migrated), the desk
  clock, the knowledge handle, the question log, read-aloud and the HTTP client to
  Rasa, closed again on exit. The ASGI lifespan (kiosk/app.py) and
  `python -m connectors.telegram --polling` serve from it.
- `open_essentials(settings)`: the desk configuration, the database and the clock, for
  the commands of `python -m kiosk` (retention, create-admin, import-dossiers).

Channels (Telegram, Zalo) get what they need from the runtime through their
constructors: the chat relay factory, the clock, the knowledge handle. Tests hand a
`RuntimeOverrides` (a clock they move, a retriever built once per session) instead of
replacing dependencies.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass

import httpx

from kiosk.core.clock import Clock, desk_zone, fixed_clock, system_clock
from kiosk.core.config import Settings
from kiosk.core.metrics import Metrics
from kiosk.services.chat import ChatConfig, ChatRelay
from kiosk.services.desk import DeskConfig, load_desk
from kiosk.services.knowledge_handle import KnowledgeHandle, open_knowledge
from kiosk.services.question_log import QuestionLog, QuestionRecorder
from kiosk.services.speech import SpeechConfig, SpeechService
from kiosk.services.staff_faq import StaffFaq
from kiosk.store.db import Database
from kiosk.store.migrate import upgrade
from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings


@dataclass(frozen=True)
class RuntimeOverrides:
    """What a test puts in place of what the settings would open."""

    clock: Clock | None = None
    knowledge: Retriever | None = None  # served as is, through the knowledge handle


@dataclass
class Essentials:
    """What every entry point needs."""

    settings: Settings
    desk: DeskConfig
    db: Database
    clock: Clock


@dataclass
class Runtime(Essentials):
    """What a process serving citizens needs besides."""

    knowledge: KnowledgeHandle
    metrics: Metrics
    questions: QuestionLog  # questions and transcripts, written off the request path
    speech: SpeechService
    http: httpx.AsyncClient  # one connection pool for every call to Rasa
    faq: StaffFaq

    def recorder(self) -> QuestionRecorder:
        """Records questions and chat transcripts, stamped by the desk clock."""
        return QuestionRecorder(self.questions, self.clock)

    def chat_relay(self) -> ChatRelay:
        """The chat relay of the kiosk and of every channel: same Rasa, same degraded
        mode, same transcripts."""
        token = self.settings.rasa_token
        config = ChatConfig(
            self.settings.rasa_url,
            self.settings.rasa_timeout_seconds,
            token.get_secret_value() if token else None,
        )
        return ChatRelay(self.http, config, self.knowledge, self.desk, self.recorder())


def make_clock(settings: Settings, desk_config: DeskConfig) -> Clock:
    if settings.fixed_now is not None:
        return fixed_clock(settings.fixed_now)
    return system_clock(desk_zone(desk_config.timezone))


def open_database(settings: Settings) -> Database:
    """Open the database and migrate it to the latest schema."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.sqlalchemy_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    upgrade(db.write_engine)  # IMMEDIATE: two workers starting together migrate in turn
    return db


def open_essentials(settings: Settings, overrides: RuntimeOverrides | None = None) -> Essentials:
    """Desk configuration, database (migrated) and clock; close with `db.dispose()`."""
    desk = load_desk(settings.desk_config)
    clock = overrides.clock if overrides and overrides.clock else make_clock(settings, desk)
    return Essentials(settings, desk, open_database(settings), clock)


@contextmanager
def essentials(settings: Settings) -> Iterator[Essentials]:
    """`with essentials(settings) as base:` for a command line."""
    opened = open_essentials(settings)
    try:
        yield opened
    finally:
        opened.db.dispose()


def open_speech(settings: Settings, start: bool = True) -> SpeechService:
    """The read-aloud service; its worker starts (and warms up) unless disabled."""
    service = SpeechService(
        SpeechConfig(
            voice=settings.speech_voice,
            rate=settings.speech_rate,
            cache_dir=settings.speech_cache_path,
            timeout=settings.speech_timeout_seconds,
            max_chars=settings.speech_max_chars,
            max_cached=settings.speech_cache_max_files,
        )
    )
    if start and settings.speech_enabled:
        service.start()  # never raises: a failure only makes read-aloud unavailable
    return service


def open_knowledge_handle(settings: Settings, overrides: RuntimeOverrides) -> KnowledgeHandle:
    """The given retriever, else the data folder's (unless turned off): an empty handle."""
    if overrides.knowledge is not None:
        knowledge = KnowledgeSettings(data_dir=settings.data_dir)
        return KnowledgeHandle(knowledge, settings.search_cache_size, overrides.knowledge)
    if settings.open_retriever:
        return open_knowledge(settings)
    return KnowledgeHandle(KnowledgeSettings(data_dir=settings.data_dir))


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    overrides: RuntimeOverrides | None = None,
    *,
    metrics: Metrics | None = None,
    speech: bool = True,
) -> AsyncIterator[Runtime]:
    """`async with open_runtime(settings) as runtime:`; what was opened is closed in reverse
    order on exit, also when opening a later part fails. `speech=False`: read-aloud is
    not started (a process that never reads aloud)."""
    overrides = overrides or RuntimeOverrides()
    async with AsyncExitStack() as stack:
        base = await asyncio.to_thread(open_essentials, settings, overrides)
        stack.callback(base.db.dispose)
        knowledge = await asyncio.to_thread(open_knowledge_handle, settings, overrides)
        metrics = metrics or Metrics()
        questions = QuestionLog(base.db, metrics, settings.question_log_queue)
        questions.start()
        stack.push_async_callback(asyncio.to_thread, questions.stop)
        reader = await asyncio.to_thread(open_speech, settings, speech)
        stack.push_async_callback(asyncio.to_thread, reader.stop)
        http = await stack.enter_async_context(httpx.AsyncClient())
        yield Runtime(
            settings,
            base.desk,
            base.db,
            base.clock,
            knowledge=knowledge,
            metrics=metrics,
            questions=questions,
            speech=reader,
            http=http,
            faq=StaffFaq(knowledge),
        )
