"""Analytics for supervisors: figures, unanswered questions and their fixes (an alias, a
draft entry, publishing a draft), demand forecast."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from kiosk.api.auth import SupervisorDep, require_role
from kiosk.api.deps import ClockDep, DatabaseDep, DeskDep, KnowledgeDep
from kiosk.api.schemas.analytics import (
    AliasIn,
    DraftIn,
    EditOut,
    PublishedOut,
    SummaryOut,
    UnansweredOut,
)
from kiosk.services.analytics import SATISFACTION_NOTE, AnalyticsService, DayRange
from kiosk.services.catalog_edits import CatalogEditor, Edit, gaps
from kiosk.services.demand import DemandForecast, DemandService
from knowledge.catalog.models import Procedure

router = APIRouter(
    prefix="/analytics", tags=["Cán bộ: thống kê"], dependencies=[require_role("supervisor")]
)


def get_analytics(db: DatabaseDep, clock: ClockDep, knowledge: KnowledgeDep) -> AnalyticsService:
    return AnalyticsService(db, clock, knowledge)


AnalyticsDep = Annotated[AnalyticsService, Depends(get_analytics)]


def day_range(
    clock: ClockDep,
    start: Annotated[dt.date | None, Query(description="Từ ngày (YYYY-MM-DD)")] = None,
    end: Annotated[dt.date | None, Query(description="Đến ngày, tính cả ngày này")] = None,
    days: Annotated[int, Query(ge=1, le=366, description="Số ngày, khi không cho từ ngày")] = 30,
) -> DayRange:
    """Default: the `days` days ending today (desk time)."""
    last = end or clock().date()
    return DayRange(start or last - dt.timedelta(days=days - 1), last).check()


RangeDep = Annotated[DayRange, Depends(day_range)]


@router.get("/summary")
def summary(span: RangeDep, service: AnalyticsDep) -> SummaryOut:
    """Questions per day, top procedures, satisfaction (Decision 766), bookings and
    no-shows, queue waiting times against the 15-minute target."""
    return SummaryOut(
        first=span.first,
        last=span.last,
        questions=service.questions_per_day(span),
        top_procedures=service.top_procedures(span),
        unanswered_total=service.unanswered_count(span),
        satisfaction=service.satisfaction(span),
        satisfaction_note=SATISFACTION_NOTE,
        bookings=service.bookings(span),
        waits=service.waits(span),
    )


@router.get("/unanswered")
def unanswered(
    span: RangeDep,
    service: AnalyticsDep,
    knowledge: KnowledgeDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 15,
) -> list[UnansweredOut]:
    """Questions no procedure answered, grouped, with the nearest procedures."""
    return [UnansweredOut.of(gap) for gap in gaps(knowledge, service.unanswered(span, limit))]


@router.get("/forecast")
def demand_forecast(
    db: DatabaseDep,
    desk: DeskDep,
    clock: ClockDep,
    fields: Annotated[int, Query(ge=1, le=30, description="Số lĩnh vực đông nhất")] = 6,
) -> DemandForecast:
    """14-day demand per field (Holt-Winters, weekly season), with its rolling-origin
    back-test against the seasonal-naive baseline."""
    return DemandService(db, desk, clock).forecast(fields=fields)


def get_editor(knowledge: KnowledgeDep, clock: ClockDep) -> CatalogEditor:
    return CatalogEditor(knowledge, clock)


EditorDep = Annotated[CatalogEditor, Depends(get_editor)]
DraftId = Annotated[str, PathParam(max_length=120, description="Mã mục nháp")]


def _applied(edit: Edit) -> EditOut:
    return EditOut(
        procedure_id=edit.procedure.id,
        name=edit.procedure.name,
        aliases=edit.procedure.aliases,
        encoded_chunks=edit.report.encoded,
        seconds=edit.report.seconds,
    )


@router.post("/aliases", status_code=201)
async def add_alias(body: AliasIn, editor: EditorDep) -> EditOut:
    """Add an alias to a catalog entry (overlay file in the data folder), re-index it."""
    return _applied(await run_in_threadpool(editor.add_alias, body.procedure_id, body.alias))


@router.post("/drafts", status_code=201)
async def create_draft(body: DraftIn, editor: EditorDep, user: SupervisorDep) -> EditOut:
    """Create a draft catalog entry (every fact unverified) and index it; staff see it at
    once, citizens only once it is published."""
    edit = await run_in_threadpool(editor.create_draft, body.entry(), user.display_name)
    return _applied(edit)


@router.get("/drafts")
def drafts(knowledge: KnowledgeDep) -> list[Procedure]:
    """Draft entries waiting to be published, as staff see them."""
    return knowledge.drafts()


@router.post("/drafts/{procedure_id}/publish")
async def publish_draft(
    procedure_id: DraftId, editor: EditorDep, user: SupervisorDep
) -> PublishedOut:
    """Let citizens see a draft (kiosk search, chat, Telegram, Zalo, booking); who published
    it and when are recorded."""
    by = f"{user.display_name} ({user.username})"
    publication = await run_in_threadpool(editor.publish, procedure_id, by)
    return PublishedOut.of(publication)
