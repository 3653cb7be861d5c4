"""The waiting-room display (/display): numbers just called, polled by the page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from kiosk.api.deps import ClockDep, DatabaseDep, DeskDep
from kiosk.api.schemas.common import DeskDateTime
from kiosk.services.queue_display import Call, QueueDisplay

router = APIRouter(prefix="/queue", tags=["Số thứ tự"])


def get_display(db: DatabaseDep, desk: DeskDep, clock: ClockDep) -> QueueDisplay:
    return QueueDisplay(db, desk, clock)


class CallOut(BaseModel):
    label: str = Field(description="Số được gọi, ví dụ HT-007")
    field: str
    counter_id: str
    counter_name: str
    called_at: DeskDateTime
    serving: bool

    @classmethod
    def of(cls, call: Call) -> CallOut:
        return cls(
            label=call.label,
            field=call.field,
            counter_id=call.counter_id,
            counter_name=call.counter_name,
            called_at=call.called_at,
            serving=call.serving,
        )


@router.get("/calls")
def recent_calls(display: Annotated[QueueDisplay, Depends(get_display)]) -> list[CallOut]:
    """Today's calls, newest first (the display announces the first)."""
    return [CallOut.of(c) for c in display.recent_calls()]
