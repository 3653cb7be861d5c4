"""Analytics for supervisors: figures, unanswered questions and their fixes, demand forecast."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from kiosk.api.auth import SupervisorDep, require_role
from kiosk.api.deps import ClockDep, DatabaseDep, DeskDep, KnowledgeDep, ResourcesDep
from kiosk.api.schemas.analytics import AliasIn, DraftIn, EditOut, SummaryOut, UnansweredOut
from kiosk.core.errors import KnowledgeUnavailable
from kiosk.services.analytics import SATISFACTION_NOTE, AnalyticsService, DayRange
from kiosk.services.catalog_edits import CatalogEditor, Edit
from kiosk.services.demand import DemandForecast, DemandService
from knowledge.retriever import Retriever

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
    out = []
    for group in service.unanswered(span, limit):
        result = knowledge.search_procedures(group.text, k=3) if knowledge else None
        suggestions = []
        for hit in result.hits if result else []:
            procedure = knowledge.get_procedure(hit.id) if knowledge else None
            field = procedure.field if procedure else ""
            suggestions.append({"id": hit.id, "name": hit.name, "field": field})
        answered = bool(result and not result.abstain)
        out.append(UnansweredOut(group=group, suggestions=suggestions, answered_now=answered))
    return out


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


def editor(resources: ResourcesDep, knowledge: KnowledgeDep, clock: ClockDep) -> CatalogEditor:
    if not isinstance(knowledge, Retriever):
        raise KnowledgeUnavailable()
    return CatalogEditor(resources.settings.data_dir, knowledge, clock().date())


EditorDep = Annotated[CatalogEditor, Depends(editor)]


def _applied(edit: Edit, resources: ResourcesDep) -> EditOut:
    resources.retriever = edit.retriever  # this process answers with the new index at once
    return EditOut(
        procedure_id=edit.procedure.id,
        name=edit.procedure.name,
        aliases=edit.procedure.aliases,
        encoded_chunks=edit.report.encoded,
        seconds=edit.report.seconds,
    )


@router.post("/aliases", status_code=201)
async def add_alias(body: AliasIn, catalog: EditorDep, resources: ResourcesDep) -> EditOut:
    """Add an alias to a catalog entry (overlay file in the data folder), re-index it."""
    edit = await run_in_threadpool(catalog.add_alias, body.procedure_id, body.alias)
    return _applied(edit, resources)


@router.post("/drafts", status_code=201)
async def create_draft(
    body: DraftIn, catalog: EditorDep, resources: ResourcesDep, user: SupervisorDep
) -> EditOut:
    """Create a draft catalog entry (every fact unverified) and index it."""
    edit = await run_in_threadpool(catalog.create_draft, body.entry(), user.display_name)
    return _applied(edit, resources)
