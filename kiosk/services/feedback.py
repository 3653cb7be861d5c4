"""Ratings (đánh giá mức độ hài lòng) and complaints (phản ánh, kiến nghị).

A rating may name the visit it rates: a queue ticket that was served, or an appointment
(code and phone) the citizen came to. Such a rating is "served" and each visit is rated
once; any other rating is anonymous. Decision 766's satisfaction figure reports the two
apart (kiosk/services/analytics.py): anonymous ratings cannot be told from ballot stuffing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import AlreadyRated, AnswerRequired, ComplaintNotFound, VisitNotServed
from kiosk.core.vocab import AppointmentStatus, ComplaintStatus, RatingScore, TicketStatus
from kiosk.services.desk import DeskConfig
from kiosk.services.identity import clean_code, new_code
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.procedures import require_procedure
from kiosk.store.db import Database
from kiosk.store.idempotency import Claim, write_once
from kiosk.store.models import Appointment, Complaint, Rating, Ticket

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Visit:
    """What a rating rates: a served ticket, or an attended appointment (code and phone)."""

    ticket_id: int | None = None
    appointment_code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class RatingDraft:
    score: RatingScore
    comment: str | None = None
    procedure_id: str | None = None
    counter_id: str | None = None
    visit: Visit | None = None


@dataclass(frozen=True)
class ComplaintDraft:
    content: str
    contact_name: str | None = None
    contact_phone: str | None = None
    procedure_id: str | None = None


@dataclass(frozen=True)
class DuePolicy:
    days: int = 10
    working_days: bool = False


def due_date(received: dt.date, policy: DuePolicy, desk: DeskConfig) -> dt.date:
    """The answer deadline: N calendar days, or N working days (Mon–Fri, not holidays)."""
    if not policy.working_days:
        return received + dt.timedelta(days=policy.days)
    day, counted = received, 0
    while counted < policy.days:
        day += dt.timedelta(days=1)
        counted += desk.is_working_day(day)
    return day


class FeedbackService:
    def __init__(
        self,
        db: Database,
        desk: DeskConfig,
        clock: Clock,
        knowledge: KnowledgeHandle,
        due: DuePolicy,
    ) -> None:
        self.db, self.desk, self.clock, self.knowledge, self.due = db, desk, clock, knowledge, due

    def rate(self, draft: RatingDraft, claim: Claim | None = None) -> Rating:
        if draft.procedure_id is not None:
            require_procedure(self.knowledge, draft.procedure_id)
        if draft.counter_id is not None:
            self.desk.counter(draft.counter_id)
        now = self.clock()

        def attempt(session: Session) -> Rating:
            served = _served(session, draft.visit) if draft.visit else None
            if served and session.scalar(select(Rating.id).where(Rating.served == served)):
                raise AlreadyRated()
            rating = Rating(
                score=draft.score,
                comment=draft.comment,
                procedure_id=draft.procedure_id,
                counter_id=draft.counter_id,
                served=served,
                created_at=now,
            )
            session.add(rating)
            session.flush()  # PostgreSQL: a visit rated in parallel loses here and is retried
            return rating

        return write_once(self.db, claim, Rating, attempt, now)

    def rating_summary(self, since: dt.date | None = None) -> dict[str, int]:
        query = select(Rating.score, func.count()).group_by(Rating.score)
        if since is not None:
            query = query.where(Rating.created_at >= dt.datetime.combine(since, dt.time.min))
        with self.db.read() as session:
            counts = dict(session.execute(query).all())
        return {score.value: counts.get(score.value, 0) for score in RatingScore}

    def complain(self, draft: ComplaintDraft, claim: Claim | None = None) -> Complaint:
        if draft.procedure_id is not None:
            require_procedure(self.knowledge, draft.procedure_id)
        now = self.clock()

        def attempt(session: Session) -> Complaint:
            complaint = Complaint(
                code=new_code("PA", 8),
                content=draft.content,
                contact_name=draft.contact_name,
                contact_phone=draft.contact_phone,
                procedure_id=draft.procedure_id,
                status=ComplaintStatus.NEW,
                created_at=now,
                due_on=due_date(now.date(), self.due, self.desk),
            )
            session.add(complaint)
            session.flush()
            return complaint

        complaint = write_once(self.db, claim, Complaint, attempt, now)
        log.info("complaint %s received, due %s", complaint.code, complaint.due_on)
        return complaint

    def get(self, code: str) -> Complaint:
        with self.db.read() as session:
            return _complaint(session, code)

    def update(self, code: str, status: ComplaintStatus, answer: str | None) -> Complaint:
        """Staff move a complaint on; answering needs the answer text."""
        if status == ComplaintStatus.ANSWERED and not answer:
            raise AnswerRequired()
        with self.db.write() as session:
            complaint = _complaint(session, code)
            complaint.status = status
            if answer:
                complaint.answer = answer
            if status == ComplaintStatus.ANSWERED:
                complaint.answered_at = self.clock()
        log.info("complaint %s is now %s", complaint.code, status.value)
        return complaint


def _served(session: Session, visit: Visit) -> str:
    """The key of a visit that was served ("ticket:42", "appointment:7"), or VisitNotServed."""
    if visit.ticket_id is not None:
        ticket = session.get(Ticket, visit.ticket_id)
        if ticket is None or ticket.status != TicketStatus.DONE:
            raise VisitNotServed("Số thứ tự này")
        return f"ticket:{ticket.id}"
    appointment = session.scalars(
        select(Appointment).where(
            Appointment.code == clean_code(visit.appointment_code or ""),
            Appointment.phone == visit.phone,
        )
    ).one_or_none()
    if appointment is None or appointment.status != AppointmentStatus.CHECKED_IN:
        raise VisitNotServed("Lịch hẹn này")
    return f"appointment:{appointment.id}"


def _complaint(session: Session, code: str) -> Complaint:
    complaint = session.scalars(
        select(Complaint).where(Complaint.code == clean_code(code))
    ).one_or_none()
    if complaint is None:
        raise ComplaintNotFound()
    return complaint
