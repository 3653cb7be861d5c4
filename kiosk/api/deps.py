"""Dependencies: the objects lifespan created, and services built from them per request.

Tests replace any of these through `app.dependency_overrides` (e.g. get_clock,
get_knowledge).

The dependencies that only hand out an object are `async def`: FastAPI runs a plain `def`
dependency in the thread pool, one hop per dependency per request, which cost more than
the work of a cheap endpoint (bench/kiosk.md). get_recorder and get_chat stay plain
functions: the connectors call them directly.
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import Depends, Request

from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.core.clock import Clock
from kiosk.core.config import Settings
from kiosk.core.errors import KnowledgeUnavailable, RateLimited
from kiosk.services.appointments import AppointmentPolicy, AppointmentService
from kiosk.services.chat import ChatConfig, ChatRelay
from kiosk.services.checklists import ChecklistService
from kiosk.services.desk import DeskConfig
from kiosk.services.dossiers import DossierService
from kiosk.services.feedback import DuePolicy, FeedbackService
from kiosk.services.handoffs import HandoffService
from kiosk.services.procedures import ProcedureCatalog
from kiosk.services.public_links import PublicLinks
from kiosk.services.question_log import QuestionLog, QuestionRecorder
from kiosk.services.queue import QueuePolicy, QueueService
from kiosk.services.speech import SpeechService
from kiosk.store.db import Database


@dataclass
class Resources:
    """What lifespan opens once per app and closes at shutdown."""

    settings: Settings
    db: Database
    desk: DeskConfig
    clock: Clock
    limiter: TokenBucketLimiter
    retriever: ProcedureCatalog | None
    speech: SpeechService
    http: httpx.AsyncClient | None = None  # outgoing calls (Rasa)
    questions: QuestionLog | None = None  # questions and transcripts, written off the request
    read_limiter: TokenBucketLimiter | None = None  # costly public GETs (search, speech, QR)


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


async def get_db(resources: ResourcesDep) -> Database:
    return resources.db


async def get_desk(resources: ResourcesDep) -> DeskConfig:
    return resources.desk


async def get_clock(resources: ResourcesDep) -> Clock:
    return resources.clock


async def get_knowledge(resources: ResourcesDep) -> ProcedureCatalog | None:
    """The retriever, or None when the knowledge layer could not be opened."""
    return resources.retriever


KnowledgeDep = Annotated[ProcedureCatalog | None, Depends(get_knowledge)]


async def get_retriever(knowledge: KnowledgeDep) -> ProcedureCatalog:
    if knowledge is None:
        raise KnowledgeUnavailable()
    return knowledge


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
DeskDep = Annotated[DeskConfig, Depends(get_desk)]
ClockDep = Annotated[Clock, Depends(get_clock)]
RetrieverDep = Annotated[ProcedureCatalog, Depends(get_retriever)]


SERVICE_HEADER = "X-Motcua-Service"


def _limit(request: Request, resources: Resources, limiter: TokenBucketLimiter | None) -> None:
    """Spend a token of the client's bucket, or refuse with 429.

    The assistant's action server speaks for every chat user from one address; its
    calls carry the shared service token and are not limited here.
    """
    if not resources.settings.rate_limit_enabled or limiter is None:
        return
    token = resources.settings.service_token
    if token is not None and hmac.compare_digest(
        request.headers.get(SERVICE_HEADER, "").encode(), token.get_secret_value().encode()
    ):
        return
    client = request.client.host if request.client else "unknown"
    wait = limiter.take(client)
    if wait > 0:
        raise RateLimited(max(1, math.ceil(wait)))


async def rate_limited(request: Request, resources: ResourcesDep) -> None:
    """Token bucket per client IP; put on public POST routes."""
    _limit(request, resources, resources.limiter)


async def rate_limited_reads(request: Request, resources: ResourcesDep) -> None:
    """A roomier bucket per client IP for the GETs that cost CPU (search, read-aloud, QR):
    enough for a kiosk's live search, not for a flood."""
    _limit(request, resources, resources.read_limiter)


RateLimit = Depends(rate_limited)
RateLimitReads = Depends(rate_limited_reads)


async def get_appointments(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> AppointmentService:
    policy = AppointmentPolicy(
        settings.booking_horizon_days, settings.max_slot_range_days, settings.alternatives
    )
    return AppointmentService(db, desk, clock, catalog, policy)


async def get_queue(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, settings: SettingsDep
) -> QueueService:
    return QueueService(
        db, desk, clock, QueuePolicy(settings.queue_history, settings.default_service_minutes)
    )


async def get_dossiers(db: DatabaseDep, clock: ClockDep) -> DossierService:
    return DossierService(db, clock)


async def get_checklists(
    db: DatabaseDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> ChecklistService:
    return ChecklistService(db, clock, catalog, PublicLinks.of(settings))


async def get_feedback(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> FeedbackService:
    due = DuePolicy(settings.complaint_due_days, settings.complaint_due_working_days)
    return FeedbackService(db, desk, clock, catalog, due)


async def get_speech(resources: ResourcesDep) -> SpeechService:
    return resources.speech


AppointmentsDep = Annotated[AppointmentService, Depends(get_appointments)]
QueueDep = Annotated[QueueService, Depends(get_queue)]
DossiersDep = Annotated[DossierService, Depends(get_dossiers)]
ChecklistsDep = Annotated[ChecklistService, Depends(get_checklists)]
FeedbackDep = Annotated[FeedbackService, Depends(get_feedback)]
SpeechDep = Annotated[SpeechService, Depends(get_speech)]


async def get_handoffs(db: DatabaseDep, clock: ClockDep, desk: DeskDep) -> HandoffService:
    return HandoffService(db, clock, desk)


def get_recorder(resources: ResourcesDep, clock: ClockDep) -> QuestionRecorder | None:
    """Records questions and chat transcripts (None when the app runs without the log)."""
    return QuestionRecorder(resources.questions, clock) if resources.questions else None


RecorderDep = Annotated[QuestionRecorder | None, Depends(get_recorder)]


def get_chat(resources: ResourcesDep, knowledge: KnowledgeDep, recorder: RecorderDep) -> ChatRelay:
    """Chat works without the knowledge layer too (Rasa answers, or a plain apology)."""
    assert resources.http is not None, "lifespan opens the HTTP client"
    config = ChatConfig(resources.settings.rasa_url, resources.settings.rasa_timeout_seconds)
    return ChatRelay(resources.http, config, knowledge, resources.desk, recorder)


HandoffsDep = Annotated[HandoffService, Depends(get_handoffs)]
ChatDep = Annotated[ChatRelay, Depends(get_chat)]
