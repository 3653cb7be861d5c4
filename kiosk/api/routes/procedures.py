"""Procedure search and detail for citizens: published procedures only (drafts stay with
the staff until a supervisor publishes them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from kiosk.api.deps import DeskDep, KnowledgeDep, RateLimitReads, RecorderDep
from kiosk.api.questions import record_search
from kiosk.api.schemas.common import ShortText
from kiosk.api.schemas.procedures import FormOut, SearchOut
from kiosk.services import procedures
from knowledge.catalog.models import Procedure

router = APIRouter(prefix="/procedures", tags=["Thủ tục"])


@router.get("/search", dependencies=[RateLimitReads])
def search(
    q: Annotated[ShortText, Query(description="Câu hỏi hoặc tên thủ tục")],
    knowledge: KnowledgeDep,
    recorder: RecorderDep,
    desk: DeskDep,
    request: Request,
    k: Annotated[int, Query(ge=1, le=20, description="Số kết quả")] = 5,
) -> SearchOut:
    """Ranked procedures; `abstain` is true when none covers the question well, and
    `referral` says where a matter outside the catalog goes (then no hits)."""
    answer = procedures.search(knowledge, q, k, desk.hotline)
    record_search(recorder, request.headers, request.cookies, q, answer)
    return SearchOut.of(answer)


@router.get("/{procedure_id}")
def detail(
    procedure_id: Annotated[str, Path(max_length=120, description="Ví dụ ho-tich.khai-sinh")],
    knowledge: KnowledgeDep,
) -> Procedure:
    """Every catalog field of a procedure, with sources, verification and update date."""
    return procedures.require_procedure(knowledge, procedure_id)


@router.get("/{procedure_id}/forms")
def procedure_forms(
    procedure_id: Annotated[str, Path(max_length=120, description="Ví dụ ho-tich.khai-sinh")],
    knowledge: KnowledgeDep,
) -> list[FormOut]:
    """The forms (mẫu đơn, tờ khai) to fill in for a procedure, with the dossier item each
    belongs to; an empty list when the procedure needs none."""
    return [FormOut.of(need) for need in procedures.forms(knowledge, procedure_id)]
