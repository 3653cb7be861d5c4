"""Per-code attempt limits for lookups by code and phone digits.

Four digits are 10,000 guesses, so a lookup that fails (wrong digits, or a code that
does not exist) is counted per code in the database, where every kiosk replica sees
it. After `failures` within `minutes` the code answers LookupLocked, even to the
right digits, until the oldest counted failure leaves the window. Unknown codes are
counted the same way, so a lock tells nothing about whether a code exists.

One guard per kind of code ("complaint", "dossier"); every kind shares the table
`lookup_failures` (kiosk/store/lookups.py). Use it inside the lookup's write
transaction:

    guard = LookupGuard(db, "complaint")
    with db.write() as session:
        guard.check(session, code, now)       # raises LookupLocked
        found = ...
        if not found:
            guard.fail(session, code, now)    # committed with the transaction
    if not found:
        raise ComplaintLookupNotFound()
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.core.errors import LookupLocked
from kiosk.store.db import Database
from kiosk.store.lookups import LookupFailure

KIND_LENGTH = 16
CODE_LENGTH = 64


@dataclass(frozen=True)
class GuardPolicy:
    failures: int = 5  # failed lookups of one code ...
    minutes: int = 15  # ... within this window lock it for the rest of the window


class LookupGuard:
    def __init__(
        self,
        db: Database,
        kind: str,
        policy: GuardPolicy | None = None,
        locked: type[LookupLocked] = LookupLocked,
    ) -> None:
        self.db, self.kind, self.policy = db, kind[:KIND_LENGTH], policy or GuardPolicy()
        self.locked = locked  # the error a locked code raises (its kind's own message)

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.policy.minutes)

    def check(self, session: Session, code: str, now: dt.datetime) -> None:
        """Take the code's lock for this transaction; `locked` if it is locked out."""
        code = code[:CODE_LENGTH]
        self.db.lock(session, f"lookup:{self.kind}:{code}")  # checked and counted in turn
        recent = list(
            session.scalars(
                select(LookupFailure.failed_at)
                .where(
                    LookupFailure.kind == self.kind,
                    LookupFailure.code == code,
                    LookupFailure.failed_at > now - self.window,
                )
                .order_by(LookupFailure.failed_at.desc())
                .limit(self.policy.failures)
            )
        )
        if len(recent) >= self.policy.failures:
            unlocks_at = recent[-1] + self.window
            raise self.locked(max(1, int((unlocks_at - now).total_seconds())))

    def fail(self, session: Session, code: str, now: dt.datetime) -> None:
        """Count a failed lookup (and forget this kind's failures older than the window)."""
        session.execute(
            delete(LookupFailure).where(
                LookupFailure.kind == self.kind, LookupFailure.failed_at <= now - self.window
            )
        )
        session.add(LookupFailure(kind=self.kind, code=code[:CODE_LENGTH], failed_at=now))
