"""Idempotency keys: a citizen's write sent twice creates one record.

A client (the kiosk screen, the assistant's action server) sends one random
`Idempotency-Key` per attempt of a booking, ticket, rating or complaint and the same
key when it retries: after a timeout, a dropped connection, a replica killed in the
middle. The key is written in the same transaction as the record it created, under a
unique (scope, key) constraint, so on any replica and any database:

- the first request creates the record and the key together, or neither (a crash
  before the commit leaves nothing, and the retry creates it);
- the same key with the same body answers with that same record (`claim.replayed`);
- two requests with one key racing on two replicas: the second waits for the first's
  commit on the unique index, loses, and is retried by `write_retrying`, which then
  finds the key and answers with the first one's record;
- the same key with a different body is refused (409): the client reused a key.

Only the body's fingerprint (SHA-256 of its canonical JSON) is kept, never the body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy import Index, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiosk.core.errors import IdempotencyKeyReused, KioskError
from kiosk.store.db import Database
from kiosk.store.models import Base

KEY_PATTERN = r"^[A-Za-z0-9._:\-]{8,100}$"


class IdempotencyKey(Base):
    """One accepted write: which record its key created (table of revision 0009)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("scope", "key", name="uq_idempotency_keys_key"),
        Index("ix_idempotency_keys_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int]
    created_at: Mapped[dt.datetime]


@dataclass
class Claim:
    """A request's key, what it asks for, and whether it was answered from an earlier one."""

    scope: str
    key: str
    fingerprint: str
    replayed: bool = False

    @classmethod
    def of(cls, scope: str, key: str | None, body: BaseModel) -> Claim | None:
        if key is None:
            return None
        digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        return cls(scope, key, digest)


class Record(Protocol):
    id: int


R = TypeVar("R", bound=Record)


def write_once(
    db: Database,
    claim: Claim | None,
    model: type[R],
    work: Callable[[Session], R],
    now: dt.datetime,
    attempts: int = 5,
) -> R:
    """`work` in a write transaction (retried on lost races), at most once per claim."""
    if claim is None:
        return db.write_retrying(work, attempts=attempts)

    def replay(session: Session) -> R | None:
        earlier = session.scalars(
            select(IdempotencyKey).where(
                IdempotencyKey.scope == claim.scope, IdempotencyKey.key == claim.key
            )
        ).one_or_none()
        if earlier is None:
            return None
        if earlier.fingerprint != claim.fingerprint:
            raise IdempotencyKeyReused()
        record = session.get(model, earlier.record_id)
        if record is None:  # erased since (privacy request): the key cannot answer
            raise IdempotencyKeyReused()
        claim.replayed = True
        return record

    def attempt(session: Session) -> R:
        earlier = replay(session)
        if earlier is not None:
            return earlier
        record = work(session)
        session.add(
            IdempotencyKey(
                scope=claim.scope,
                key=claim.key,
                fingerprint=claim.fingerprint,
                record_id=record.id,
                created_at=now,
            )
        )
        session.flush()  # the unique index decides a race here, inside the transaction
        return record

    try:
        return db.write_retrying(attempt, attempts=attempts)
    except KioskError:
        # A retry racing the first request can be refused by a check the first one's
        # commit made true (the phone's seat in that slot) before it sees the key: the
        # key, committed by now, answers instead.
        with db.read() as session:
            earlier = replay(session)
        if earlier is None:
            raise
        return earlier


def forget_before(db: Database, cutoff: dt.datetime) -> int:
    """Drop keys older than `cutoff` (retention): a retry comes within minutes."""
    with db.write() as session:
        done = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
        return int(getattr(done, "rowcount", 0) or 0)
