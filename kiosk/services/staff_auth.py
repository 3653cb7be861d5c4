"""Staff accounts: argon2 password hashes, server-side sessions, lockout after failures.

A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256
and a CSRF token that every state-changing request must echo (kiosk/api/auth.py).

Login attempts are counted per user name, known or not, so a locked name says nothing
about whether the account exists. An attempt is counted before its password is checked,
in one write transaction that also checks the lock (under a lock per user name on
PostgreSQL, BEGIN IMMEDIATE on SQLite): a burst of parallel guesses, in one process or
across replicas, gets at most `lockout_failures` password checks per window, and a right
password arriving after them is refused like a wrong one. A successful login forgets its
own attempt and the ones counted before it, not those counted while it was checked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import AccountLocked, InvalidCredentials, UsernameTaken, WeakPassword
from kiosk.core.vocab import StaffRole
from kiosk.store.db import Database
from kiosk.store.staff import LoginFailure, StaffSession, StaffUser

log = logging.getLogger(__name__)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MAX_PASSWORD_CHARS = 256


@dataclass(frozen=True)
class AuthPolicy:
    session_hours: float = 10.0
    lockout_failures: int = 5
    lockout_minutes: int = 15
    password_min_length: int = 10


@dataclass(frozen=True)
class Principal:
    """Who is logged in on this request."""

    user_id: int
    username: str
    display_name: str
    role: StaffRole
    csrf_token: str

    def has(self, role: StaffRole) -> bool:
        return self.role.rank >= role.rank


@dataclass(frozen=True)
class Login:
    token: str  # goes into the cookie, never stored
    principal: Principal
    expires_at: dt.datetime


def clean_username(raw: str) -> str | None:
    """Lower case letters, digits, dot, dash, underscore; 3 to 64 characters."""
    name = raw.strip().lower()
    return name if _USERNAME.match(name) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against for unknown names, so they take as long as known ones."""
    return hasher.hash(secrets.token_urlsafe(16))


class StaffAuthService:
    def __init__(
        self, db: Database, clock: Clock, policy: AuthPolicy, hasher: PasswordHasher | None = None
    ) -> None:
        self.db, self.clock, self.policy = db, clock, policy
        self.hasher = hasher or _default_hasher()

    # -- accounts ---------------------------------------------------------------

    def check_password(self, password: str) -> None:
        if len(password) < self.policy.password_min_length or len(password) > MAX_PASSWORD_CHARS:
            raise WeakPassword(self.policy.password_min_length)

    def create_user(
        self, username: str, password: str, role: StaffRole, display_name: str | None = None
    ) -> StaffUser:
        """A new account; `username` must already be clean (see clean_username)."""
        self.check_password(password)
        password_hash = self.hasher.hash(password)
        with self.db.write() as session:
            if session.scalars(select(StaffUser.id).where(StaffUser.username == username)).first():
                raise UsernameTaken(username)
            now = self.clock()
            user = StaffUser(
                username=username,
                display_name=display_name or username,
                role=role,
                password_hash=password_hash,
                active=True,
                created_at=now,
                password_changed_at=now,
            )
            session.add(user)
            session.flush()
        log.info("staff account %d created with role %s", user.id, role)
        return user

    def reset_password(self, username: str, password: str) -> StaffUser:
        """New password, failures forgotten, every session of the account ended."""
        self.check_password(password)
        password_hash = self.hasher.hash(password)
        with self.db.write() as session:
            user = self._user(session, username)
            if user is None:
                raise InvalidCredentials()
            user.password_hash = password_hash
            user.password_changed_at = self.clock()
            session.execute(delete(LoginFailure).where(LoginFailure.username == username))
            session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        log.info("staff account %d: password reset", user.id)
        return user

    def users(self) -> list[StaffUser]:
        with self.db.read() as session:
            return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))

    # -- sessions ---------------------------------------------------------------

    def login(self, username: str, password: str) -> Login:
        """A new session, or InvalidCredentials / AccountLocked."""
        name = clean_username(username) or username.strip().lower()[:64]
        attempt = self._count_attempt(name)  # AccountLocked before any password is checked
        with self.db.read() as session:
            user = self._user(session, name)
        known = user is not None and user.active
        stored = user.password_hash if user is not None and known else _dummy_hash(self.hasher)
        if not self._verify(stored, password[:MAX_PASSWORD_CHARS]) or user is None or not known:
            log.warning("failed staff login")
            raise InvalidCredentials()
        return self._open_session(user, password, attempt)

    def resolve(self, token: str) -> Principal | None:
        """The principal of a live session, or None."""
        if not token or len(token) > 128:
            return None
        with self.db.read() as session:
            row = session.execute(
                select(StaffSession, StaffUser)
                .join(StaffUser, StaffUser.id == StaffSession.user_id)
                .where(StaffSession.token_hash == _digest(token))
            ).first()
        if row is None:
            return None
        staff_session, user = row
        if staff_session.expires_at <= self.clock() or not user.active:
            return None
        return _principal(user, staff_session.csrf_token)

    def logout(self, token: str) -> None:
        with self.db.write() as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))

    # -- helpers ----------------------------------------------------------------

    def _user(self, session: Session, username: str) -> StaffUser | None:
        return session.scalars(
            select(StaffUser).where(StaffUser.username == username)
        ).one_or_none()

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def _count_attempt(self, name: str) -> int:
        """Count a login attempt for `name` and return its id, or raise AccountLocked when
        `lockout_failures` attempts already count within the window (a refused attempt is
        not counted: it checks no password and must not keep the name locked longer)."""
        now = self.clock()
        window = dt.timedelta(minutes=self.policy.lockout_minutes)
        with self.db.write() as session:
            self.db.lock(session, f"staff-login:{name}")
            recent = list(
                session.scalars(
                    select(LoginFailure.failed_at)
                    .where(LoginFailure.username == name, LoginFailure.failed_at > now - window)
                    .order_by(LoginFailure.failed_at.desc())
                    .limit(self.policy.lockout_failures)
                )
            )
            if len(recent) >= self.policy.lockout_failures:
                # Locked until the oldest of the last N attempts leaves the window.
                unlocks_at = recent[-1] + window
                raise AccountLocked(max(1, int((unlocks_at - now).total_seconds())))
            session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - window))
            attempt = LoginFailure(username=name, failed_at=now)
            session.add(attempt)
            session.flush()
            return attempt.id

    def _open_session(self, user: StaffUser, password: str, attempt: int) -> Login:
        now = self.clock()
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires_at = now + dt.timedelta(hours=self.policy.session_hours)
        rehash = self.hasher.check_needs_rehash(user.password_hash)
        new_hash = self.hasher.hash(password) if rehash else None
        with self.db.write() as session:
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.username == user.username, LoginFailure.id <= attempt
                )
            )
            session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
            if new_hash is not None:
                stored = session.get(StaffUser, user.id)
                if stored is not None:
                    stored.password_hash = new_hash
            session.add(
                StaffSession(
                    token_hash=_digest(token),
                    csrf_token=csrf,
                    user_id=user.id,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
        log.info("staff account %d logged in", user.id)
        return Login(token, _principal(user, csrf), expires_at)


@cache
def _default_hasher() -> PasswordHasher:
    # argon2id with the library's defaults (RFC 9106 low-memory profile).
    return PasswordHasher()


def _principal(user: StaffUser, csrf_token: str) -> Principal:
    return Principal(user.id, user.username, user.display_name, StaffRole(user.role), csrf_token)
