"""The kiosk's FastAPI application: `create_app(settings)`; nothing runs at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from kiosk.api import errors
from kiosk.api.deps import Resources, get_retriever
from kiosk.api.middleware import BodySizeLimit
from kiosk.api.ratelimit import TokenBucketLimiter
from kiosk.api.routes import (
    appointments,
    checklists,
    desk,
    dossiers,
    feedback,
    procedures,
    queue,
    ui,
)
from kiosk.core.clock import Clock, desk_zone, fixed_clock, system_clock
from kiosk.core.config import Settings
from kiosk.services.desk import DeskConfig, load_desk
from kiosk.services.procedures import ProcedureCatalog
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


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the desk config, database and retriever once; close them at shutdown.

    A test that overrides `get_retriever` skips loading the real one.
    """
    settings: Settings = app.state.settings
    desk_config = load_desk(settings.desk_config)
    db = await run_in_threadpool(open_database, settings)
    retriever = None
    if settings.open_retriever and get_retriever not in app.dependency_overrides:
        retriever = await run_in_threadpool(open_knowledge, settings)
    limiter = TokenBucketLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.resources = Resources(
        settings, db, desk_config, make_clock(settings, desk_config), limiter, retriever
    )
    log.info("kiosk ready: %s, %d counters", desk_config.name, len(desk_config.counters))
    try:
        yield
    finally:
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
    for module in (desk, procedures, appointments, queue, dossiers, checklists, feedback, ui):
        app.include_router(module.router, prefix=API)
    ui.mount(app)
    return app
