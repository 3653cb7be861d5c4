"""Staff accounts, their server-side sessions and failed logins (tables of revision 0004)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base


class StaffUser(Base):
    """A desk staff account. Only an argon2 hash of the password is kept."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]
    password_changed_at: Mapped[dt.datetime]


class StaffSession(Base):
    """A login. The cookie holds a random token; only its SHA-256 is stored, so a copy
    of the database does not let anyone in. `csrf_token` is the synchronizer token the
    console sends back in the X-CSRF-Token header."""

    __tablename__ = "staff_sessions"
    __table_args__ = (Index("ix_staff_sessions_expires", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class LoginFailure(Base):
    """One counted login attempt for a user name (known or not: unknown names lock out too).

    Written before the password is checked (kiosk/services/staff_auth.py) and deleted by the
    login it belongs to when that succeeds, so the rows left are the failed attempts and the
    ones still being checked."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_username_at", "username", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[dt.datetime]
