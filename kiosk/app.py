"""The kiosk's FastAPI application: `create_app(settings)`; nothing runs at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import partial

from fastapi import FastAPI

from connectors import handoff_replies, hub
from connectors.settings import ConnectorSettings
from kiosk.api import errors, observability, openapi
from kiosk.api.deps import Resources
from kiosk.api.middleware import BodySizeLimit, DeskTimeZone
from kiosk.api.observability import RequestContext
from kiosk.api.proxies import TrustedProxies
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
from kiosk.core.config import Settings
from kiosk.core.metrics import Metrics
from kiosk.runtime import Runtime, RuntimeOverrides, open_runtime
from kiosk.services.retention import RetentionJob, run_periodically

log = logging.getLogger(__name__)
API = "/api/v1"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the runtime once (kiosk/runtime.py), then the channels; close both at shutdown."""
    settings: Settings = app.state.settings
    async with open_runtime(settings, app.state.overrides, metrics=app.state.metrics) as runtime:
        app.state.runtime = runtime
        app.state.resources = Resources(
            runtime,
            TokenBucketLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
            TokenBucketLimiter(
                settings.rate_limit_reads_per_minute, settings.rate_limit_reads_burst
            ),
        )
        retention = start_retention(runtime)
        app.state.channels = await hub.open_channels(runtime, app.state.channel_settings)
        desk_config = runtime.desk
        log.info("kiosk ready: %s, %d counters", desk_config.name, len(desk_config.counters))
        try:
            yield
        finally:
            await app.state.channels.close()
            retention.cancel()
            with suppress(asyncio.CancelledError):
                await retention


def start_retention(runtime: Runtime) -> asyncio.Task[None]:
    """The retention job, now and every `retention_interval_minutes`, until shutdown."""
    settings = runtime.settings
    job = RetentionJob(runtime.db, runtime.clock, settings.transcript_retention_days)
    return asyncio.create_task(run_periodically(job, settings.retention_interval_minutes))


def create_app(
    settings: Settings | None = None,
    *,
    channels: ConnectorSettings | None = None,
    overrides: RuntimeOverrides | None = None,
) -> FastAPI:
    """The kiosk API under /api/v1, documented at /docs; Telegram and Zalo as configured
    by `channels` (default: read from the environment). `overrides`: tests' clock or
    retriever."""
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
    app.state.channel_settings = channels or ConnectorSettings()
    app.state.overrides = overrides or RuntimeOverrides()
    limits = app.state.settings
    app.add_middleware(
        BodySizeLimit,
        limit=limits.max_body_bytes,
        overrides={"/dossiers/import": limits.max_import_bytes},
    )
    app.add_middleware(DeskTimeZone)
    app.state.metrics = Metrics()
    app.add_middleware(RequestContext, metrics=app.state.metrics)  # sees every answer
    app.add_middleware(TrustedProxies, trusted=limits.trusted_proxies)  # outermost: client address
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
    # A staff answer to a Telegram/Zalo handoff is pushed to that chat (routes/handoffs.py).
    app.state.deliver_answer = partial(handoff_replies.deliver_answer, app)
    openapi.install(app)  # the document says what the answers really are
    ui.mount(app)
    staff_pages.mount(app)
    return app
