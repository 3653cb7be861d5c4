"""The kiosk's FastAPI application: `create_app(settings)`; nothing runs at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import httpx
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from connectors import hub
from kiosk.api import errors, observability
from kiosk.api.deps import Resources, get_knowledge
from kiosk.api.middleware import BodySizeLimit
from kiosk.api.observability import RequestContext
from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.api.routes import (
    analytics,
    appointments,
    catalog_audit,
    chat,
    checklists,
    console,
    desk,
    display,
    dossiers,
    feedback,
    handoffs,
    privacy,
    procedures,
    queue,
    speech,
    staff,
    staff_pages,
    ui,
)
from kiosk.core.clock import Clock, desk_zone, fixed_clock, system_clock
from kiosk.core.config import Settings
from kiosk.core.metrics import Metrics
from kiosk.services.desk import DeskConfig, load_desk
from kiosk.services.procedures import ProcedureCatalog
from kiosk.services.question_log import QuestionLog
from kiosk.services.retention import RetentionJob, run_periodically
from kiosk.services.search_cache import CachedRetriever
from kiosk.services.speech import SpeechConfig, SpeechService
from kiosk.store.db import Database
from kiosk.store.migrate import upgrade
from knowledge.encoders import BoundedEncoder, Encoder, create_encoder
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings

log = logging.getLogger(__name__)
API = "/api/v1"


def open_knowledge(settings: Settings) -> ProcedureCatalog:
    """The knowledge layer's retriever over the same data folder, index built if needed."""
    knowledge = KnowledgeSettings(data_dir=settings.data_dir)
    encoder: Encoder = create_encoder(knowledge.encoder, shared=True)  # many request threads
    if settings.encoder_slots:
        encoder = BoundedEncoder(encoder, settings.encoder_slots)
    retriever = open_retriever(knowledge, encoder=encoder, update=settings.build_index)
    return CachedRetriever.around(retriever, settings.search_cache_size)


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


def open_speech(settings: Settings) -> SpeechService:
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
    if settings.speech_enabled:
        service.start()  # never raises: a failure only makes read-aloud unavailable
    return service


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the desk config, database and retriever once; close them at shutdown.

    A test that overrides `get_knowledge` skips loading the real one.
    """
    settings: Settings = app.state.settings
    desk_config = load_desk(settings.desk_config)
    db = await run_in_threadpool(open_database, settings)
    retriever = None
    if settings.open_retriever and get_knowledge not in app.dependency_overrides:
        retriever = await run_in_threadpool(open_knowledge, settings)
    limiter = TokenBucketLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    reads = TokenBucketLimiter(
        settings.rate_limit_reads_per_minute, settings.rate_limit_reads_burst
    )
    speech_service = await run_in_threadpool(open_speech, settings)
    http = httpx.AsyncClient()  # one connection pool for every call to Rasa
    clock = make_clock(settings, desk_config)
    questions = QuestionLog(db, app.state.metrics, settings.question_log_queue)
    questions.start()
    app.state.resources = Resources(
        settings,
        db,
        desk_config,
        clock,
        limiter,
        retriever,
        speech=speech_service,
        http=http,
        questions=questions,
        read_limiter=reads,
    )
    retention = start_retention(db, clock, settings)
    app.state.channels = await hub.open_channels(app, app.state.resources)  # Telegram, Zalo
    log.info("kiosk ready: %s, %d counters", desk_config.name, len(desk_config.counters))
    try:
        yield
    finally:
        await app.state.channels.close()
        retention.cancel()
        with suppress(asyncio.CancelledError):
            await retention
        await run_in_threadpool(questions.stop)
        await http.aclose()
        await run_in_threadpool(speech_service.stop)
        db.dispose()


def start_retention(db: Database, clock: Clock, settings: Settings) -> asyncio.Task[None]:
    """The retention job, now and every `retention_interval_minutes`, until shutdown."""
    job = RetentionJob(db, clock, settings.transcript_retention_days)
    return asyncio.create_task(run_periodically(job, settings.retention_interval_minutes))


def create_app(settings: Settings | None = None) -> FastAPI:
    """The kiosk API under /api/v1, documented at /docs."""
    app = FastAPI(
        title="motcua kiosk",
        description="Dịch vụ công dân tại Bộ phận Một cửa: lịch hẹn, số thứ tự, tra cứu hồ sơ, "
        "danh sách giấy tờ, đánh giá và phản ánh, tra cứu thủ tục. "
        "Mọi thời điểm là giờ địa phương của Bộ phận Một cửa.",
        version="1",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url=f"{API}/openapi.json",
    )
    app.state.settings = settings or Settings()
    limits = app.state.settings
    app.add_middleware(
        BodySizeLimit,
        limit=limits.max_body_bytes,
        overrides={"/dossiers/import": limits.max_import_bytes},
    )
    app.state.metrics = Metrics()
    app.add_middleware(RequestContext, metrics=app.state.metrics)  # outermost: sees every answer
    errors.install(app)
    for module in (
        desk,
        procedures,
        appointments,
        queue,
        dossiers,
        checklists,
        feedback,
        handoffs,
        chat,
        speech,
        staff,
        console,
        display,
        analytics,
        catalog_audit,
        privacy,
        ui,
    ):
        app.include_router(module.router, prefix=API)
    app.include_router(observability.router)  # /metrics, where Prometheus looks by default
    hub.install(app)  # /webhooks/telegram, /webhooks/zalo
    ui.mount(app)
    staff_pages.mount(app)
    return app
