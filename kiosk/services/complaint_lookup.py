"""A citizen follows a complaint (phản ánh, kiến nghị) with its tracking code.

The tracking code alone is not enough when the complaint left a phone number: its
last four digits must match too, as for dossiers. Failed lookups are counted per
code (kiosk/services/lookup_guard.py). The kiosk, the chat, Telegram and Zalo all
call the same endpoint (POST /api/v1/complaints/lookup).
"""

from __future__ import annotations

import hmac
import logging

from sqlalchemy import select

from kiosk.core.clock import Clock
from kiosk.core.errors import ComplaintLookupNotFound
from kiosk.services.identity import clean_code
from kiosk.services.lookup_guard import LookupGuard
from kiosk.store.db import Database
from kiosk.store.models import Complaint

log = logging.getLogger(__name__)
KIND = "complaint"


def digits_match(phone: str | None, last4: str | None) -> bool:
    """No phone left: the code is enough. Else the last four digits must be given and match."""
    if phone is None:
        return True
    return last4 is not None and hmac.compare_digest(phone[-4:], last4)


class ComplaintTracker:
    def __init__(self, db: Database, clock: Clock, guard: LookupGuard | None = None) -> None:
        self.db, self.clock = db, clock
        self.guard = guard or LookupGuard(db, KIND)

    def lookup(self, code: str, phone_last4: str | None) -> Complaint:
        """The complaint, or ComplaintLookupNotFound (unknown code or wrong digits alike);
        LookupLocked after too many failures for this code."""
        code = clean_code(code)
        now = self.clock()
        with self.db.write() as session:
            self.guard.check(session, code, now)
            complaint = session.scalars(
                select(Complaint).where(Complaint.code == code)
            ).one_or_none()
            found = complaint is not None and digits_match(complaint.contact_phone, phone_last4)
            if not found:
                self.guard.fail(session, code, now)
        if complaint is None or not found:  # raised after the failure is committed
            log.info("complaint lookup: wrong code or digits")
            raise ComplaintLookupNotFound()
        return complaint
