"""The kiosk's FastAPI application: `create_app(settings)`; nothing runs at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from kiosk.api import errors
from kiosk.api.deps import Resources, get_knowledge
from kiosk.api.middleware import BodySizeLimit
from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.api.routes import (
    appointments,
    chat,
    checklists,
    desk,
    dossiers,
    feedback,
    handoffs,
    procedures,
    queue,
    speech,
    ui,
)
from kiosk.core.clock import Clock, desk_zone, fixed_clock, system_clock
from kiosk.core.config import Settings
from kiosk.services.desk import DeskConfig, load_desk
from kiosk.services.procedures import ProcedureCatalog
from kiosk.services.speech import SpeechConfig, SpeechService
from kiosk.store.db import Database
from kiosk.store.migrate import upgrade
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings

log = logging.getLogger(__name__)
API = "/api/v1"


def open_knowledge(settings: Settings) -> ProcedureCatalog:
    """The knowledge layer's retriever over the same data folder, index built if needed."""
    knowledge = KnowledgeSettings(data_dir=settings.data_dir)
    return open_retriever(knowledge, update=settings.build_index)


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
    speech_service = await run_in_threadpool(open_speech, settings)
    http = httpx.AsyncClient()  # one connection pool for every call to Rasa
    app.state.resources = Resources(
        settings,
        db,
        desk_config,
        make_clock(settings, desk_config),
        limiter,
        retriever,
        speech=speech_service,
        http=http,
    )
    log.info("kiosk ready: %s, %d counters", desk_config.name, len(desk_config.counters))
    try:
        yield
    finally:
        await http.aclose()
        await run_in_threadpool(speech_service.stop)
        db.dispose()


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
        ui,
    ):
        app.include_router(module.router, prefix=API)
    ui.mount(app)
    return app
