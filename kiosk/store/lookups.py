"""Failed lookups by code (revision 0009): what per-code attempt limits count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base


class LookupFailure(Base):
    """A lookup of a code with wrong phone digits (or of a code that does not exist, so a
    lock tells nothing about whether the code exists). `kind` names what was looked up
    ("complaint", ...): one table serves every lookup by code and phone digits
    (kiosk/services/lookup_guard.py)."""

    __tablename__ = "lookup_failures"
    __table_args__ = (Index("ix_lookup_failures_kind_code_at", "kind", "code", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[dt.datetime]
