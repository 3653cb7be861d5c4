"""Ratings and complaints (phản ánh, kiến nghị)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from kiosk.api.auth import require_role
from kiosk.api.deps import ClockDep, DatabaseDep, FeedbackDep, RateLimit
from kiosk.api.idempotency import KeyHeader, mark_replay
from kiosk.api.schemas.common import Code
from kiosk.api.schemas.feedback import (
    ComplaintIn,
    ComplaintLookupIn,
    ComplaintOut,
    ComplaintStatusOut,
    ComplaintUpdateIn,
    RatingIn,
    RatingOut,
)
from kiosk.services.complaint_lookup import ComplaintTracker
from kiosk.store.idempotency import Claim

router = APIRouter(tags=["Đánh giá, phản ánh"])
CodePath = Annotated[Code, Path(description="Mã theo dõi, ví dụ PA-9KX3MT4Q")]


@router.post("/ratings", status_code=201, dependencies=[RateLimit])
def rate(
    body: RatingIn, service: FeedbackDep, response: Response, key: KeyHeader = None
) -> RatingOut:
    """Record how satisfied a citizen was (optionally with a procedure or counter)."""
    claim = Claim.of("ratings", key, body)
    rating = service.rate(body.draft(), claim)
    mark_replay(response, claim)
    return RatingOut.of(rating)


@router.get("/ratings/summary", dependencies=[require_role("staff")])
def rating_summary(
    service: FeedbackDep, since: Annotated[dt.date | None, Query(description="Từ ngày")] = None
) -> dict[str, int]:
    """Count of each satisfaction level."""
    return service.rating_summary(since)


@router.post("/complaints", status_code=201, dependencies=[RateLimit])
def complain(
    body: ComplaintIn, service: FeedbackDep, response: Response, key: KeyHeader = None
) -> ComplaintOut:
    """File a complaint; returns its tracking code and the date it must be answered by."""
    claim = Claim.of("complaints", key, body)
    complaint = service.complain(body.draft(), claim)
    mark_replay(response, claim)
    return ComplaintOut.of(complaint)


@router.post("/complaints/lookup", dependencies=[RateLimit])
def lookup_complaint(
    body: ComplaintLookupIn, db: DatabaseDep, clock: ClockDep
) -> ComplaintStatusOut:
    """Status, deadline and answer by tracking code and the phone's last 4 digits (when the
    complaint left a phone); an unknown code and wrong digits give the same 404, too many
    failures for one code 429."""
    complaint = ComplaintTracker(db, clock).lookup(body.code, body.phone_last4)
    return ComplaintStatusOut.of(complaint, clock().date())


@router.get("/complaints/{code}", dependencies=[require_role("staff")])
def complaint(code: CodePath, service: FeedbackDep) -> ComplaintOut:
    """A complaint, by tracking code (staff; citizens follow theirs with POST
    /complaints/lookup, which asks for the phone's last digits and counts failures)."""
    return ComplaintOut.of(service.get(code))


@router.post("/complaints/{code}/status", dependencies=[require_role("staff")])
def update_complaint(code: CodePath, body: ComplaintUpdateIn, service: FeedbackDep) -> ComplaintOut:
    """Move a complaint to "đang xử lý" or "đã trả lời" (with the answer)."""
    return ComplaintOut.of(service.update(code, body.status, body.answer))
