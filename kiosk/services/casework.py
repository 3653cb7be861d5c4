"""Work with a deadline, for the staff console: complaints, dossiers; recent ratings.

Complaints must be answered within 10 days; a dossier that will be late needs an
apology letter (thư xin lỗi) sent one day before its due date, so both lists flag
what is overdue and what is due tomorrow.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from kiosk.core.clock import Clock
from kiosk.core.errors import UnknownCode
from kiosk.core.vocab import ComplaintStatus
from kiosk.services.desk import canonical_text
from kiosk.services.dossiers import clean_dossier_code
from kiosk.store.db import Database
from kiosk.store.models import Complaint, Dossier, DossierEvent, Rating
from knowledge.text import fold

log = logging.getLogger(__name__)
T = TypeVar("T")

# Statuses staff pick from when they move a dossier on (free text is accepted too).
DOSSIER_STATUSES = (
    "Đã tiếp nhận",
    "Đang xử lý",
    "Chờ bổ sung hồ sơ",
    "Đã có kết quả",
    "Đã trả kết quả",
)
# Folded fragments of statuses that end a dossier (no more deadline to watch).
_FINISHED = ("da tra", "hoan thanh", "da giai quyet", "tu choi", "rut ho so", "da co ket qua")


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    due_tomorrow: bool

    @classmethod
    def of(cls, due_on: dt.date | None, today: dt.date, closed: bool) -> Deadline:
        if due_on is None or closed:
            return cls(due_on, None, False, False)
        days = (due_on - today).days
        return cls(due_on, days, days < 0, days == 1)


@dataclass(frozen=True)
class Tracked(Generic[T]):
    item: T
    deadline: Deadline


def dossier_finished(status: str) -> bool:
    folded = fold(status)
    return any(fragment in folded for fragment in _FINISHED)


class CaseworkService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def complaints(self, open_only: bool = True, limit: int = 200) -> list[Tracked[Complaint]]:
        """Complaints, earliest deadline first; answered ones last (or left out)."""
        answered = Complaint.status == ComplaintStatus.ANSWERED
        query = select(Complaint).order_by(case((answered, 1), else_=0), Complaint.due_on)
        if open_only:
            query = query.where(~answered)
        with self.db.read() as session:
            rows = list(session.scalars(query.limit(limit)))
        today = self.clock().date()
        return [
            Tracked(c, Deadline.of(c.due_on, today, c.status == ComplaintStatus.ANSWERED))
            for c in rows
        ]

    def dossiers(self, query: str | None = None, limit: int = 200) -> list[Tracked[Dossier]]:
        """Unfinished dossiers by due date (overdue first), or those whose code matches."""
        statement = select(Dossier).options(selectinload(Dossier.events))
        if query:
            statement = statement.where(Dossier.code.contains(clean_dossier_code(query)))
        with self.db.read() as session:
            rows = list(session.scalars(statement.order_by(Dossier.updated_at.desc())))
        today = self.clock().date()
        tracked = [
            Tracked(d, Deadline.of(d.due_on, today, dossier_finished(d.status))) for d in rows
        ]
        if not query:
            tracked = [t for t in tracked if not dossier_finished(t.item.status)]
        far = dt.date.max
        tracked.sort(key=lambda t: (t.deadline.due_on or far, t.item.code))
        return tracked[:limit]

    def set_dossier_status(self, code: str, status: str) -> Tracked[Dossier]:
        """A new status, recorded in the dossier's history (unchanged status: nothing new)."""
        status = canonical_text(status)
        now = self.clock()
        with self.db.write() as session:
            dossier = session.scalars(
                select(Dossier)
                .options(selectinload(Dossier.events))
                .where(Dossier.code == clean_dossier_code(code))
            ).one_or_none()
            if dossier is None:
                raise UnknownCode("hồ sơ", clean_dossier_code(code))
            if dossier.status != status:
                dossier.status, dossier.updated_at = status, now
                dossier.events.append(DossierEvent(status=status, recorded_at=now))
        log.info("dossier %s moved to a new status by staff", dossier.code)
        return Tracked(dossier, Deadline.of(dossier.due_on, now.date(), dossier_finished(status)))

    def ratings(self, limit: int = 100) -> list[Rating]:
        with self.db.read() as session:
            return list(
                session.scalars(
                    select(Rating).order_by(Rating.created_at.desc(), Rating.id.desc()).limit(limit)
                )
            )
