"""Handoffs to a person: raised by the assistant or the kiosk, followed by the citizen,
handled by desk staff (take, answer or call to a counter, close)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Request

from kiosk.api.auth import StaffDep, require_role
from kiosk.api.deps import ClockDep, DatabaseDep, DeskDep, HandoffsDep, RateLimit, RateLimitReads
from kiosk.api.schemas.common import Code
from kiosk.api.schemas.handoffs import (
    AnswerIn,
    CallbackIn,
    CallIn,
    FollowIn,
    HandoffCaseOut,
    HandoffIn,
    HandoffOut,
    HandoffTicketOut,
)
from kiosk.services.handoff_desk import HandoffDesk
from kiosk.store.models import Handoff

router = APIRouter(prefix="/handoffs", tags=["Chuyển cán bộ"])
CodePath = Annotated[Code, Path(description="Mã yêu cầu, ví dụ YC-7K2Q9")]
STAFF = [require_role("staff")]


def get_handoff_desk(db: DatabaseDep, clock: ClockDep, desk: DeskDep) -> HandoffDesk:
    return HandoffDesk(db, clock, desk)


DeskWorkDep = Annotated[HandoffDesk, Depends(get_handoff_desk)]


# -- the citizen's side ------------------------------------------------------------


@router.post("", status_code=201, dependencies=[RateLimit])
def request_handoff(body: HandoffIn, service: HandoffsDep) -> HandoffTicketOut:
    """Ask for a person; an open request of the same conversation is returned again.
    `next_step` says honestly what happens now (place in line, or a call-back outside
    opening hours)."""
    return HandoffTicketOut.of_state(service.request(body.draft()))


@router.post("/{code}/follow", dependencies=[RateLimitReads])
def follow(code: CodePath, body: FollowIn, service: HandoffsDep) -> HandoffTicketOut:
    """The request as its own conversation sees it: place in line, the staff's answer."""
    return HandoffTicketOut.of_state(service.follow(code, body.sender_id))


@router.post("/{code}/callback", dependencies=[RateLimit])
def callback(code: CodePath, body: CallbackIn, service: HandoffsDep) -> HandoffTicketOut:
    """Leave a phone number, with consent, for staff to call back (outside opening hours)."""
    return HandoffTicketOut.of_state(service.callback(code, body.sender_id, body.phone))


# -- the staff's side ----------------------------------------------------------------


@router.get("", dependencies=STAFF)
def open_requests(desk: DeskWorkDep) -> list[HandoffOut]:
    """Requests waiting or being handled, oldest first (the console polls this)."""
    return [HandoffOut.of(h) for h in desk.open_requests()]


@router.get("/{code}", dependencies=STAFF)
def case(code: CodePath, desk: DeskWorkDep) -> HandoffCaseOut:
    """One request with the conversation so far."""
    return HandoffCaseOut.of_case(desk.case(code))


@router.post("/{code}/take")
def take(code: CodePath, desk: DeskWorkDep, user: StaffDep) -> HandoffOut:
    """ "I'll handle this one": the request leaves the waiting line."""
    return HandoffOut.of(desk.take(code, user.username))


def _answered(
    request: Request, tasks: BackgroundTasks, desk: HandoffDesk, h: Handoff
) -> HandoffOut:
    # Telegram/Zalo: sent after the reply, by the hook kiosk/app.py installs
    tasks.add_task(request.app.state.deliver_answer, desk, h)
    return HandoffOut.of(h)


@router.post("/{code}/answer")
def answer(
    code: CodePath,
    body: AnswerIn,
    desk: DeskWorkDep,
    user: StaffDep,
    request: Request,
    tasks: BackgroundTasks,
) -> HandoffOut:
    """Answer the citizen: shown at the kiosk, sent to a Telegram or Zalo chat."""
    return _answered(request, tasks, desk, desk.answer(code, user.username, body.text))


@router.post("/{code}/call")
def call(
    code: CodePath,
    body: CallIn,
    desk: DeskWorkDep,
    user: StaffDep,
    request: Request,
    tasks: BackgroundTasks,
) -> HandoffOut:
    """Call the citizen to a counter (with an optional note)."""
    handoff = desk.answer(code, user.username, body.text.strip(), body.counter_id)
    return _answered(request, tasks, desk, handoff)


@router.post("/{code}/close", dependencies=STAFF)
def close(code: CodePath, service: HandoffsDep) -> HandoffOut:
    """Mark a request as handled."""
    return HandoffOut.of(service.close(code))
