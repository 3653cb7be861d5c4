"""Procedure search and detail for citizens: published procedures only (drafts stay with
the staff until a supervisor publishes them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from kiosk.api.deps import DeskDep, KnowledgeDep, RateLimitReads, RecorderDep
from kiosk.api.questions import record_search
from kiosk.api.schemas.common import LongText, ShortText
from kiosk.api.schemas.procedures import ChecklistPlanOut, FormOut, ProcedureOut, SearchOut
from kiosk.services import procedures
from kiosk.services.checklists import checklist_plan

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


ProcedurePath = Annotated[
    str, Path(max_length=120, description="Ví dụ ho-tich.khai-sinh, hoặc mã thủ tục 1.001193")
]


@router.get("/{procedure_id}")
def detail(procedure_id: ProcedurePath, knowledge: KnowledgeDep, desk: DeskDep) -> ProcedureOut:
    """Every catalog field of a procedure, with sources, verification and update date; then
    channels with their time and fee, levels, agencies, case groups, whether it is known only
    from a list, the portal link, and whether this desk takes it (else where to go)."""
    return ProcedureOut.model_validate(procedures.detail(knowledge, procedure_id, desk))


@router.get("/{procedure_id}/checklist")
def checklist(
    procedure_id: ProcedurePath,
    knowledge: KnowledgeDep,
    case: Annotated[
        list[LongText], Query(max_length=30, description="Trường hợp đã chọn (lặp lại được)")
    ] = [],  # noqa: B006 -- FastAPI copies query defaults
) -> ChecklistPlanOut:
    """The papers to bring for the chosen cases (a case group is a question, not a merged
    list), the explanations with nothing on paper, and the forms to fill in."""
    return ChecklistPlanOut.of(checklist_plan(knowledge, procedure_id, list(case)))


@router.get("/{procedure_id}/forms")
def procedure_forms(procedure_id: ProcedurePath, knowledge: KnowledgeDep) -> list[FormOut]:
    """The forms (mẫu đơn, tờ khai) to fill in for a procedure, with the dossier item each
    belongs to; an empty list when the procedure needs none."""
    return [FormOut.of(need) for need in procedures.forms(knowledge, procedure_id)]
