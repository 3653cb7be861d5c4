"""The kiosk's notion of "now": desk local time, naive, pinnable for tests.

The store keeps desk local time without a zone; what leaves through the API carries the
desk's UTC offset (RFC 3339), added by `with_offset` for the zone of the request's desk
(set per request by kiosk/api/middleware.py; Viet Nam's UTC+7 when none is set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], dt.datetime]

# Viet Nam has used UTC+7 without daylight saving since 1975.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
_zone: ContextVar[dt.tzinfo] = ContextVar("motcua_desk_zone", default=VIETNAM)


def desk_zone(name: str) -> dt.tzinfo:
    """The named zone, or UTC+7 when the machine has no tz database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return VIETNAM


def system_clock(zone: dt.tzinfo) -> Clock:
    """Wall-clock time at the desk, without tzinfo (the store keeps desk local time)."""

    def now() -> dt.datetime:
        return dt.datetime.now(zone).replace(tzinfo=None, microsecond=0)

    return now


def fixed_clock(moment: dt.datetime) -> Clock:
    """Always the same moment (a demo, or a test that must not depend on today)."""
    frozen = moment.replace(tzinfo=None)
    return lambda: frozen


def to_local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Desk local naive time for a datetime that may carry a zone."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None)


@contextmanager
def desk_time_zone(zone: dt.tzinfo) -> Iterator[None]:
    """`with_offset` uses `zone` inside this block (one request)."""
    token = _zone.set(zone)
    try:
        yield
    finally:
        _zone.reset(token)


def with_offset(moment: dt.datetime) -> dt.datetime:
    """A desk local time with the desk's UTC offset attached (an aware one converted)."""
    zone = _zone.get()
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def desk_isoformat(moment: dt.datetime) -> str:
    """RFC 3339 with the desk's offset: "2026-11-24T08:00:00+07:00"."""
    return with_offset(moment).isoformat()
