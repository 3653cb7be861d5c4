"""Procedure search and detail, from the knowledge layer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kiosk.api.deps import RetrieverDep
from kiosk.api.schemas.common import ShortText
from kiosk.api.schemas.procedures import SearchOut
from kiosk.services import procedures
from knowledge.catalog.models import Procedure

router = APIRouter(prefix="/procedures", tags=["Thủ tục"])


@router.get("/search")
def search(
    q: Annotated[ShortText, Query(description="Câu hỏi hoặc tên thủ tục")],
    retriever: RetrieverDep,
    k: Annotated[int, Query(ge=1, le=20, description="Số kết quả")] = 5,
) -> SearchOut:
    """Ranked procedures; `abstain` is true when none covers the question well."""
    return SearchOut.of(procedures.search(retriever, q, k))


@router.get("/{procedure_id}")
def detail(
    procedure_id: Annotated[str, Path(max_length=120, description="Ví dụ ho-tich.khai-sinh")],
    retriever: RetrieverDep,
) -> Procedure:
    """Every catalog field of a procedure, with sources, verification and update date."""
    return procedures.require_procedure(retriever, procedure_id)
