"""Catalog audit for supervisors: differences with the national records, and decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from kiosk.api.auth import SupervisorDep, require_role
from kiosk.api.deps import ClockDep, KnowledgeDep
from kiosk.api.schemas.catalog_audit import DecidedOut, DecisionIn, DifferenceOut
from kiosk.core.errors import KnowledgeUnavailable
from kiosk.services.catalog_audit import CatalogAudit

router = APIRouter(
    prefix="/catalog-audit",
    tags=["Cán bộ: đối chiếu danh mục"],
    dependencies=[require_role("supervisor")],
)
DifferenceId = Annotated[
    str, PathParam(min_length=1, max_length=32, description="Mã khác biệt, ví dụ 3f2a9c1b7d0e")
]


def get_audit(knowledge: KnowledgeDep) -> CatalogAudit:
    if not knowledge.available:
        raise KnowledgeUnavailable()
    return CatalogAudit(knowledge)


AuditDep = Annotated[CatalogAudit, Depends(get_audit)]


@router.get("/differences")
def differences(
    audit: AuditDep,
    resolved: Annotated[
        bool, Query(description="Cả khác biệt đã hết (đã quyết định trước)")
    ] = False,
) -> list[DifferenceOut]:
    """Where a curated entry and the official record of its code disagree on a verified
    fact, newest first, with the official page and the decision taken, if any."""
    return [DifferenceOut.of(d) for d in audit.differences(include_resolved=resolved)]


@router.post("/differences/{difference_id}/decision")
async def decide(
    difference_id: DifferenceId,
    body: DecisionIn,
    audit: AuditDep,
    user: SupervisorDep,
    clock: ClockDep,
) -> DecidedOut:
    """Accept the official value or keep the curated one; recorded with who and when, and
    applied at once to the catalog this kiosk serves."""
    at = clock().isoformat(timespec="seconds")
    decided = await run_in_threadpool(
        audit.decide, difference_id, body.choice, user.display_name, at
    )
    return DecidedOut(
        difference=DifferenceOut.of(decided.difference),
        encoded_chunks=decided.report.encoded,
        seconds=decided.report.seconds,
    )
