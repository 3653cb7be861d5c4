"""Domain errors raised by services; kiosk/api/errors.py maps each to HTTP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class KioskError(Exception):
    """Base of every error a citizen or a caller can cause."""

    def details(self) -> dict[str, object]:
        """Extra JSON fields for the response (never personal data)."""
        return {}


class NotFound(KioskError):
    """Base for lookups that must not reveal whether the code exists."""


class BookingNotFound(NotFound):
    """Unknown code, or the phone does not match (same answer on purpose)."""


class DossierNotFound(NotFound):
    """Unknown dossier code, or wrong phone digits (same answer on purpose)."""


class ChecklistNotFound(NotFound):
    pass


class ComplaintNotFound(NotFound):
    pass


class TicketNotFound(NotFound):
    pass


class HandoffNotFound(NotFound):
    pass


class ComplaintLookupNotFound(ComplaintNotFound):
    """Unknown tracking code, or the phone digits do not match (same answer on purpose)."""


class PublicLinkMissing(NotFound):
    """No public address is configured (MOTCUA_PUBLIC_URL): no link a phone could open."""


@dataclass
class ProcedureNotFound(NotFound):
    procedure_id: str


@dataclass
class UnknownCase(KioskError):
    """A checklist asked for a case the procedure does not have."""

    case: str


@dataclass
class DifferenceUnknown(NotFound):
    """No catalog audit difference with this id."""

    difference_id: str


@dataclass
class CounterNotFound(NotFound):
    counter_id: str


@dataclass
class FieldNotServed(KioskError):
    field: str


@dataclass
class ProcedureFieldMismatch(KioskError):
    procedure_field: str


@dataclass
class SlotUnavailable(KioskError):
    """The time is not a bookable slot: past, closed day, off the grid, too far ahead."""

    reason: str


@dataclass
class SlotFull(KioskError):
    starts_at: dt.datetime
    alternatives: list[dict[str, object]] = field(default_factory=list)

    def details(self) -> dict[str, object]:
        return {"alternatives": self.alternatives}


class BookingNotActive(KioskError):
    """The appointment was cancelled already."""


class DeskClosed(KioskError):
    """No ticket outside opening hours."""


@dataclass
class InvalidDateRange(KioskError):
    reason: str


@dataclass
class ImportRejected(KioskError):
    """A dossier import had bad rows; nothing was written."""

    rows: list[dict[str, object]]

    @property
    def count(self) -> int:
        return len(self.rows)

    def details(self) -> dict[str, object]:
        return {"rows": self.rows}


@dataclass
class VisitNotServed(KioskError):
    """A rating names a ticket not served yet, or an appointment not attended (or unknown)."""

    what: str


class AlreadyRated(KioskError):
    """This ticket or appointment has its rating already."""


class AnswerRequired(KioskError):
    """A complaint cannot be marked answered without an answer."""


@dataclass
class RateLimited(KioskError):
    retry_after: int

    def details(self) -> dict[str, object]:
        return {"retry_after": self.retry_after}


@dataclass
class QrTooLong(KioskError):
    """More text than a QR code holds."""

    max_bytes: int


@dataclass
class LookupLocked(RateLimited):
    """Too many failed lookups of one code (wrong phone digits) within the window."""

    @property
    def minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


@dataclass
class DossierLookupLocked(LookupLocked):
    """Too many wrong phone digits for one dossier code within the window."""


@dataclass
class PhoneBookingLimit(KioskError):
    """The phone number already holds the most appointments allowed on that day."""

    limit: int
    day: dt.date

    @property
    def day_text(self) -> str:
        return f"{self.day:%d/%m/%Y}"


@dataclass
class PhoneSlotTaken(KioskError):
    """The phone number has a seat at this time already: one person, one seat."""

    starts_at: dt.datetime

    @property
    def when(self) -> str:
        return f"{self.starts_at:%H:%M %d/%m/%Y}"


@dataclass
class HandoffClosed(KioskError):
    """The request was handled and closed already."""

    code: str


class KnowledgeUnavailable(KioskError):
    """The knowledge handle is empty: the knowledge layer was not opened (settings)."""


class IdempotencyKeyReused(KioskError):
    """An Idempotency-Key already used for a different request (kiosk/store/idempotency.py)."""


class DatabaseUnavailable(KioskError):
    """The database does not answer (stopped, restarting, unreachable): nothing was written."""


# -- staff console (kiosk/services/staff_auth.py) -------------------------------


class NotAuthenticated(KioskError):
    """No staff session, or it expired."""


@dataclass
class RoleRequired(KioskError):
    """Logged in, but the role is below what the endpoint needs."""

    role_label: str


class CsrfRejected(KioskError):
    """A state-changing staff request without the session's CSRF token (or cross-site)."""


class InvalidCredentials(KioskError):
    """Wrong user name or password (same answer for both on purpose)."""


@dataclass
class AccountLocked(RateLimited):
    """Too many failed logins for this user name within the lockout window."""

    @property
    def minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


@dataclass
class UsernameTaken(KioskError):
    username: str


@dataclass
class WeakPassword(KioskError):
    min_length: int


# -- analytics and privacy (kiosk/services/catalog_edits.py, privacy.py) --------


@dataclass
class CatalogEditRejected(KioskError):
    """An alias or draft entry the catalog schema refuses (duplicate, invalid, unknown id)."""

    reason: str


@dataclass
class UnknownCode(NotFound):
    """A staff lookup by code alone (appointment, dossier) found nothing."""

    what: str
    code: str


@dataclass
class ActionRefused(KioskError):
    """A staff action that the record's state does not allow (check-in twice, ...)."""

    reason: str
