"""The kiosk's notion of "now": desk local time, naive, pinnable for tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], dt.datetime]

# Viet Nam has used UTC+7 without daylight saving since 1975.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")


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
