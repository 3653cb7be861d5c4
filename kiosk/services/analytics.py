"""Statistics for supervisors: questions, procedures asked about, unanswered
questions, satisfaction, bookings and no-shows, queue waiting times.

Every figure is over a range of desk-local days, both ends included. Rows are
read with the few columns needed and counted here, the same way on SQLite and
PostgreSQL (their date functions differ).

Satisfaction follows the measure of Decision 766/QĐ-TTg (Bộ chỉ số chỉ đạo,
điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp), as the
province's plans state the target: the share of evaluations "hài lòng" or
"rất hài lòng" in receiving and handling procedures, at least 90%. Our three
levels map onto it: "rất hài lòng" and "hài lòng" count as satisfied,
"không hài lòng" as not satisfied. Ratings tied to a visit (a served queue ticket,
an attended appointment; one each) are reported apart from anonymous ones, which
anyone at the kiosk can add as often as the rate limit allows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select

from kiosk.core.clock import Clock
from kiosk.core.errors import InvalidDateRange
from kiosk.core.vocab import AppointmentStatus, RatingScore
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.question_log import CHAT, SEARCH
from kiosk.store.analytics import Question
from kiosk.store.db import Database
from kiosk.store.models import Appointment, Rating, Ticket

SATISFACTION_TARGET = 0.90  # Decision 766/QĐ-TTg as set in the plans: at least 90%
WAIT_TARGET_MINUTES = 15
SATISFIED = (RatingScore.VERY_SATISFIED, RatingScore.SATISFIED)
SATISFACTION_NOTE = (
    "Tỷ lệ hài lòng theo Bộ chỉ số ban hành kèm Quyết định 766/QĐ-TTg: số đánh giá "
    "«rất hài lòng» và «hài lòng» chia cho tổng số đánh giá; «không hài lòng» là chưa hài "
    "lòng. Chỉ tiêu của tỉnh: tối thiểu 90%. Đánh giá gắn với một lượt phục vụ (số thứ tự "
    "đã xong, lịch hẹn đã đến; mỗi lượt một lần) được báo riêng với đánh giá ẩn danh, "
    "vốn không kiểm chứng được người đánh giá."
)
MAX_DAYS = 366


@dataclass(frozen=True)
class DayRange:
    first: dt.date
    last: dt.date

    @classmethod
    def ending(cls, last: dt.date, days: int) -> DayRange:
        return cls(last - dt.timedelta(days=days - 1), last)

    def check(self) -> DayRange:
        if self.last < self.first:
            raise InvalidDateRange("ngày cuối trước ngày đầu")
        if (self.last - self.first).days >= MAX_DAYS:
            raise InvalidDateRange(f"tối đa {MAX_DAYS} ngày")
        return self

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min)

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ProcedureCount:
    procedure_id: str
    name: str
    field: str
    count: int


@dataclass(frozen=True)
class UnansweredGroup:
    text: str  # masked, as one citizen asked it
    key: str  # the folded form the group shares
    count: int
    last_asked: dt.datetime


@dataclass(frozen=True)
class RatingShare:
    """Ratings of one kind: counts per level, how many were satisfied, and their share."""

    counts: dict[str, int]
    total: int
    satisfied: int
    rate: float | None

    @classmethod
    def of(cls, scores: Iterable[str]) -> RatingShare:
        counts = Counter(scores)
        levels = [score.value for score in RatingScore]
        total = sum(counts[level] for level in levels)
        satisfied = sum(counts[level.value] for level in SATISFIED)
        return cls(
            {level: counts[level] for level in levels}, total, satisfied, share(satisfied, total)
        )


@dataclass(frozen=True)
class Satisfaction:
    """Every rating (counts, total, satisfied, rate), and apart: `served`, the ratings tied
    to a served ticket or an attended appointment, and `anonymous`, the others."""

    counts: dict[str, int]
    total: int
    satisfied: int
    rate: float | None
    target: float
    by_day: list[DayCount]
    served: RatingShare
    anonymous: RatingShare


@dataclass(frozen=True)
class Bookings:
    by_day: list[DayCount]  # booked, checked_in, no_show, cancelled per appointment day
    booked: int
    no_shows: int
    no_show_rate: float | None


@dataclass(frozen=True)
class WaitDay:
    day: dt.date
    tickets: int
    within_target: int
    share: float | None
    p50: float | None
    p90: float | None


@dataclass(frozen=True)
class Waits:
    target_minutes: int
    tickets: int
    within_target: int
    share: float | None
    p50: float | None
    p90: float | None
    by_day: list[WaitDay]


def per_day(
    rows: Iterable[tuple[dt.date, str]], days: list[dt.date], keys: Iterable[str]
) -> list[DayCount]:
    counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for day, key in rows:
        counts[day][key] += 1
    names = list(keys)
    return [DayCount(d, {k: counts[d][k] for k in names}) for d in days]


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class AnalyticsService:
    def __init__(self, db: Database, clock: Clock, knowledge: KnowledgeHandle) -> None:
        self.db, self.clock, self.knowledge = db, clock, knowledge

    def questions_per_day(self, span: DayRange) -> list[DayCount]:
        """Citizens' questions (chat turns and searches) per day and channel."""
        query = select(Question.asked_at, Question.channel).where(
            Question.asked_at >= span.start,
            Question.asked_at < span.end,
            Question.source.in_((CHAT, SEARCH)),
        )
        with self.db.read() as session:
            rows = [(at.date(), channel) for at, channel in session.execute(query)]
        channels = sorted({channel for _, channel in rows}) or ["kiosk"]
        return per_day(rows, span.days(), channels)

    def top_procedures(self, span: DayRange, limit: int = 10) -> list[ProcedureCount]:
        """The procedures citizens were answered with most often."""
        count = func.count().label("n")
        query = (
            select(Question.procedure_id, count)
            .where(
                Question.asked_at >= span.start,
                Question.asked_at < span.end,
                Question.source.in_((CHAT, SEARCH)),
                Question.procedure_id.is_not(None),
            )
            .group_by(Question.procedure_id)
            .order_by(count.desc(), Question.procedure_id)
            .limit(limit)
        )
        with self.db.read() as session:
            rows = session.execute(query).all()
        view = self.knowledge.staff() if self.knowledge.available else None
        out = []
        for procedure_id, n in rows:
            if procedure_id is None:  # filtered in the query already
                continue
            procedure = view.get_procedure(procedure_id) if view else None
            name = procedure.name if procedure else procedure_id
            out.append(ProcedureCount(procedure_id, name, procedure.field if procedure else "", n))
        return out

    def unanswered(self, span: DayRange, limit: int = 20) -> list[UnansweredGroup]:
        """Questions no procedure answered, grouped by their folded text, most asked first."""
        count = func.count().label("n")
        query = (
            select(Question.folded, count, func.max(Question.asked_at), func.min(Question.text))
            .where(
                Question.asked_at >= span.start,
                Question.asked_at < span.end,
                Question.abstained.is_(True),
            )
            .group_by(Question.folded)
            .order_by(count.desc(), func.max(Question.asked_at).desc())
            .limit(limit)
        )
        with self.db.read() as session:
            rows = session.execute(query).all()
        return [UnansweredGroup(text, key, n, last) for key, n, last, text in rows]

    def unanswered_count(self, span: DayRange) -> int:
        query = select(func.count()).where(
            Question.asked_at >= span.start,
            Question.asked_at < span.end,
            Question.abstained.is_(True),
        )
        with self.db.read() as session:
            return int(session.scalar(query) or 0)

    def satisfaction(self, span: DayRange) -> Satisfaction:
        query = select(Rating.created_at, Rating.score, Rating.served.is_not(None)).where(
            Rating.created_at >= span.start, Rating.created_at < span.end
        )
        with self.db.read() as session:
            rows = [(at.date(), score, bool(tied)) for at, score, tied in session.execute(query)]
        every = RatingShare.of(score for _, score, _ in rows)
        levels = [score.value for score in RatingScore]
        return Satisfaction(
            every.counts,
            every.total,
            every.satisfied,
            every.rate,
            SATISFACTION_TARGET,
            per_day([(day, score) for day, score, _ in rows], span.days(), levels),
            RatingShare.of(score for _, score, tied in rows if tied),
            RatingShare.of(score for _, score, tied in rows if not tied),
        )

    def bookings(self, span: DayRange) -> Bookings:
        """Appointments per appointment day: booked (not cancelled), checked in, cancelled,
        and no-shows: marked "vắng mặt" by staff, or still "đã đặt" once their day is over."""
        query = select(Appointment.starts_at, Appointment.status).where(
            Appointment.starts_at >= span.start, Appointment.starts_at < span.end
        )
        today = self.clock().date()
        rows: list[tuple[dt.date, str]] = []
        with self.db.read() as session:
            for starts_at, status in session.execute(query):
                day = starts_at.date()
                if status == AppointmentStatus.CANCELLED:
                    rows.append((day, "cancelled"))
                    continue
                rows.append((day, "booked"))
                if status == AppointmentStatus.CHECKED_IN:
                    rows.append((day, "checked_in"))
                elif status == AppointmentStatus.NO_SHOW or (
                    status == AppointmentStatus.BOOKED and day < today
                ):
                    rows.append((day, "no_show"))
        by_day = per_day(rows, span.days(), ["booked", "checked_in", "no_show", "cancelled"])
        booked = sum(d.counts["booked"] for d in by_day)
        settled = sum(d.counts["checked_in"] + d.counts["no_show"] for d in by_day)
        no_shows = sum(d.counts["no_show"] for d in by_day)
        return Bookings(by_day, booked, no_shows, share(no_shows, settled))

    def waits(self, span: DayRange) -> Waits:
        """Waiting time from number issued to number called, against the 15-minute target.

        A ticket never called counts as over the target once 15 minutes have passed.
        """
        query = select(Ticket.day, Ticket.issued_at, Ticket.called_at).where(
            Ticket.day >= span.first, Ticket.day <= span.last
        )
        now = self.clock()
        target = dt.timedelta(minutes=WAIT_TARGET_MINUTES)
        waits: dict[dt.date, list[float]] = defaultdict(list)
        decided: Counter[dt.date] = Counter()
        within: Counter[dt.date] = Counter()
        with self.db.read() as session:
            for day, issued, called in session.execute(query):
                if called is not None:
                    waits[day].append((called - issued).total_seconds() / 60)
                if called is None and now - issued < target:
                    continue  # still waiting, not yet late
                decided[day] += 1
                within[day] += called is not None and called - issued <= target
        by_day = [
            WaitDay(
                d,
                decided[d],
                within[d],
                share(within[d], decided[d]),
                percentile(waits[d], 50),
                percentile(waits[d], 90),
            )
            for d in span.days()
        ]
        every = [w for d in span.days() for w in waits[d]]
        tickets, ok = sum(decided.values()), sum(within.values())
        return Waits(
            WAIT_TARGET_MINUTES,
            tickets,
            ok,
            share(ok, tickets),
            percentile(every, 50),
            percentile(every, 90),
            by_day,
        )
