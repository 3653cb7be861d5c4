"""Dependencies: the runtime lifespan opened (kiosk/runtime.py), and services built from
it per request.

Tests do not replace these: they give create_app a RuntimeOverrides (a clock, a
retriever), which the runtime serves like what it would have opened itself.

The dependencies that only hand out an object are `async def`: FastAPI runs a plain `def`
dependency in the thread pool, one hop per dependency per request, which cost more than
the work of a cheap endpoint (bench/kiosk.md).
"""

from __future__ import annotations

import hmac
import math
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from kiosk.api.kiosk_devices import bucket_key
from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.core.clock import Clock
from kiosk.core.config import Settings
from kiosk.core.errors import RateLimited
from kiosk.runtime import Runtime
from kiosk.services.appointments import AppointmentPolicy, AppointmentService
from kiosk.services.chat import ChatRelay
from kiosk.services.checklists import ChecklistService
from kiosk.services.desk import DeskConfig
from kiosk.services.dossiers import DossierService
from kiosk.services.feedback import DuePolicy, FeedbackService
from kiosk.services.handoffs import HandoffService
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.lookup_guard import GuardPolicy
from kiosk.services.public_links import PublicLinks
from kiosk.services.question_log import QuestionRecorder
from kiosk.services.queue import QueuePolicy, QueueService
from kiosk.services.speech import SpeechService
from kiosk.services.staff_faq import StaffFaq
from kiosk.store.db import Database


@dataclass
class Resources:
    """What the API serves from: the process's runtime, and its own per-client limiters."""

    runtime: Runtime
    limiter: TokenBucketLimiter
    read_limiter: TokenBucketLimiter | None = None  # costly public GETs (search, speech, QR)

    @property
    def settings(self) -> Settings:
        return self.runtime.settings


async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.runtime.settings


async def get_db(resources: ResourcesDep) -> Database:
    return resources.runtime.db


async def get_desk(resources: ResourcesDep) -> DeskConfig:
    return resources.runtime.desk


async def get_clock(resources: ResourcesDep) -> Clock:
    return resources.runtime.clock


async def get_knowledge(resources: ResourcesDep) -> KnowledgeHandle:
    """The knowledge handle (its reads raise KnowledgeUnavailable when it is empty)."""
    return resources.runtime.knowledge


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
DeskDep = Annotated[DeskConfig, Depends(get_desk)]
ClockDep = Annotated[Clock, Depends(get_clock)]
KnowledgeDep = Annotated[KnowledgeHandle, Depends(get_knowledge)]


SERVICE_HEADER = "X-Motcua-Service"


def _limit(request: Request, resources: Resources, limiter: TokenBucketLimiter | None) -> None:
    """Spend a token of the client's bucket, or refuse with 429.

    The assistant's action server speaks for every chat user from one address; its
    calls carry the shared service token and are not limited here. The desk's kiosks
    are limited per citizen session (kiosk/api/kiosk_devices.py), others per address.
    """
    if not resources.settings.rate_limit_enabled or limiter is None:
        return
    token = resources.settings.service_token
    if token is not None and hmac.compare_digest(
        request.headers.get(SERVICE_HEADER, "").encode(), token.get_secret_value().encode()
    ):
        return
    wait = limiter.take(bucket_key(request, resources.settings))
    if wait > 0:
        raise RateLimited(max(1, math.ceil(wait)))


async def rate_limited(request: Request, resources: ResourcesDep) -> None:
    """Token bucket per client (kiosk session or address); put on public POST routes."""
    _limit(request, resources, resources.limiter)


async def rate_limited_reads(request: Request, resources: ResourcesDep) -> None:
    """A roomier bucket per client IP for the GETs that cost CPU (search, read-aloud, QR):
    enough for a kiosk's live search, not for a flood."""
    _limit(request, resources, resources.read_limiter)


RateLimit = Depends(rate_limited)
RateLimitReads = Depends(rate_limited_reads)


async def get_appointments(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> AppointmentService:
    policy = AppointmentPolicy(
        settings.booking_horizon_days,
        settings.max_slot_range_days,
        settings.alternatives,
        settings.bookings_per_phone_per_day,
    )
    return AppointmentService(db, desk, clock, knowledge, policy)


async def get_queue(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, settings: SettingsDep
) -> QueueService:
    return QueueService(
        db, desk, clock, QueuePolicy(settings.queue_history, settings.default_service_minutes)
    )


async def get_dossiers(db: DatabaseDep, clock: ClockDep, settings: SettingsDep) -> DossierService:
    policy = GuardPolicy(settings.dossier_lookup_failures, settings.dossier_lookup_minutes)
    return DossierService(db, clock, policy)


async def get_checklists(
    db: DatabaseDep, clock: ClockDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> ChecklistService:
    return ChecklistService(db, clock, knowledge, PublicLinks.of(settings))


async def get_feedback(
    db: DatabaseDep, desk: DeskDep, clock: ClockDep, knowledge: KnowledgeDep, settings: SettingsDep
) -> FeedbackService:
    due = DuePolicy(settings.complaint_due_days, settings.complaint_due_working_days)
    return FeedbackService(db, desk, clock, knowledge, due)


async def get_speech(resources: ResourcesDep) -> SpeechService:
    return resources.runtime.speech


AppointmentsDep = Annotated[AppointmentService, Depends(get_appointments)]
QueueDep = Annotated[QueueService, Depends(get_queue)]
DossiersDep = Annotated[DossierService, Depends(get_dossiers)]
ChecklistsDep = Annotated[ChecklistService, Depends(get_checklists)]
FeedbackDep = Annotated[FeedbackService, Depends(get_feedback)]
SpeechDep = Annotated[SpeechService, Depends(get_speech)]


async def get_handoffs(db: DatabaseDep, clock: ClockDep, desk: DeskDep) -> HandoffService:
    return HandoffService(db, clock, desk)


async def get_recorder(resources: ResourcesDep) -> QuestionRecorder:
    """Records questions and chat transcripts."""
    return resources.runtime.recorder()


RecorderDep = Annotated[QuestionRecorder, Depends(get_recorder)]


async def get_chat(resources: ResourcesDep) -> ChatRelay:
    """Chat works without the knowledge layer too (Rasa answers, or a plain apology)."""
    return resources.runtime.chat_relay()


async def get_faq(resources: ResourcesDep) -> StaffFaq:
    return resources.runtime.faq


HandoffsDep = Annotated[HandoffService, Depends(get_handoffs)]
ChatDep = Annotated[ChatRelay, Depends(get_chat)]
FaqDep = Annotated[StaffFaq, Depends(get_faq)]
