"""Dependencies: the objects lifespan created, and services built from them per request.

Tests replace any of these through `app.dependency_overrides` (e.g. get_clock,
get_knowledge).
"""

from __future__ import annotations

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


def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


def get_db(resources: ResourcesDep) -> Database:
    return resources.db


def get_desk(resources: ResourcesDep) -> DeskConfig:
    return resources.desk


def get_clock(resources: ResourcesDep) -> Clock:
    return resources.clock


def get_knowledge(resources: ResourcesDep) -> ProcedureCatalog | None:
    """The retriever, or None when the knowledge layer could not be opened."""
    return resources.retriever


KnowledgeDep = Annotated[ProcedureCatalog | None, Depends(get_knowledge)]


def get_retriever(knowledge: KnowledgeDep) -> ProcedureCatalog:
    if knowledge is None:
        raise KnowledgeUnavailable()
    return knowledge


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
DeskDep = Annotated[DeskConfig, Depends(get_desk)]
ClockDep = Annotated[Clock, Depends(get_clock)]
RetrieverDep = Annotated[ProcedureCatalog, Depends(get_retriever)]


def rate_limited(request: Request, resources: ResourcesDep) -> None:
    """Token bucket per client IP; put on public POST routes."""
    if not resources.settings.rate_limit_enabled:
        return
    client = request.client.host if request.client else "unknown"
    wait = resources.limiter.take(client)
    if wait > 0:
        raise RateLimited(max(1, math.ceil(wait)))


RateLimit = Depends(rate_limited)


def get_appointments(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> AppointmentService:
    policy = AppointmentPolicy(
        settings.booking_horizon_days, settings.max_slot_range_days, settings.alternatives
    )
    return AppointmentService(db, desk, clock, catalog, policy)


def get_queue(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, settings: SettingsDep
) -> QueueService:
    return QueueService(
        db, desk, clock, QueuePolicy(settings.queue_history, settings.default_service_minutes)
    )


def get_dossiers(db: DatabaseDep, clock: ClockDep) -> DossierService:
    return DossierService(db, clock)


def get_checklists(
    db: DatabaseDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> ChecklistService:
    return ChecklistService(db, clock, catalog, settings.checklist_link)


def get_feedback(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, catalog: RetrieverDep, settings: SettingsDep
) -> FeedbackService:
    due = DuePolicy(settings.complaint_due_days, settings.complaint_due_working_days)
    return FeedbackService(db, desk, clock, catalog, due)


def get_speech(resources: ResourcesDep) -> SpeechService:
    return resources.speech


AppointmentsDep = Annotated[AppointmentService, Depends(get_appointments)]
QueueDep = Annotated[QueueService, Depends(get_queue)]
DossiersDep = Annotated[DossierService, Depends(get_dossiers)]
ChecklistsDep = Annotated[ChecklistService, Depends(get_checklists)]
FeedbackDep = Annotated[FeedbackService, Depends(get_feedback)]
SpeechDep = Annotated[SpeechService, Depends(get_speech)]


def get_handoffs(db: DatabaseDep, clock: ClockDep) -> HandoffService:
    return HandoffService(db, clock)


def get_chat(resources: ResourcesDep, knowledge: KnowledgeDep) -> ChatRelay:
    """Chat works without the knowledge layer too (Rasa answers, or a plain apology)."""
    assert resources.http is not None, "lifespan opens the HTTP client"
    config = ChatConfig(resources.settings.rasa_url, resources.settings.rasa_timeout_seconds)
    return ChatRelay(resources.http, config, knowledge, resources.desk)


HandoffsDep = Annotated[HandoffService, Depends(get_handoffs)]
ChatDep = Annotated[ChatRelay, Depends(get_chat)]
