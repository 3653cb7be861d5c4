"""When appointment reminders fall due: "1d@18:00" (the day before, at 18:00), "1h" (an hour
before), "30m", ..."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

_AT_TIME = re.compile(r"^(\d{1,2})d@([01]?\d|2[0-3]):([0-5]\d)$")
_BEFORE = re.compile(r"^(\d{1,4})([hm])$")


@dataclass(frozen=True)
class ReminderRule:
    """One reminder per appointment: `days` before at `at`, or `before` the start."""

    spec: str
    days: int = 0
    at: dt.time | None = None
    before: dt.timedelta = dt.timedelta(0)

    def due(self, starts_at: dt.datetime) -> dt.datetime:
        if self.at is not None:
            return dt.datetime.combine(starts_at.date() - dt.timedelta(days=self.days), self.at)
        return starts_at - self.before


def parse_rule(spec: str) -> ReminderRule:
    text = spec.strip().lower()
    if match := _AT_TIME.match(text):
        days, hour, minute = (int(g) for g in match.groups())
        return ReminderRule(text, days=days, at=dt.time(hour, minute))
    if match := _BEFORE.match(text):
        amount, unit = int(match.group(1)), match.group(2)
        before = dt.timedelta(hours=amount) if unit == "h" else dt.timedelta(minutes=amount)
        if before <= dt.timedelta(0):
            raise ValueError(f"reminder {spec!r}: must be before the appointment")
        return ReminderRule(text, before=before)
    raise ValueError(f'reminder {spec!r}: use "<n>d@HH:MM", "<n>h" or "<n>m"')


def parse_schedule(specs: Iterable[str]) -> list[ReminderRule]:
    rules = [parse_rule(spec) for spec in specs]
    if len({rule.spec for rule in rules}) != len(rules):
        raise ValueError("reminders: the same reminder is listed twice")
    return rules


@dataclass(frozen=True)
class PlannedReminder:
    rule: ReminderRule
    due_at: dt.datetime
    expires_at: dt.datetime


def plan(
    rules: Iterable[ReminderRule], starts_at: dt.datetime, known_since: dt.datetime
) -> list[PlannedReminder]:
    """The reminders of an appointment, each valid until the next one falls due.

    A reminder due before the citizen could have had it (booked, or linked to the
    chat, after its time) is left out: it would arrive at once, out of place.
    """
    timed = sorted(
        ((rule, rule.due(starts_at)) for rule in rules if rule.due(starts_at) < starts_at),
        key=lambda pair: pair[1],
    )
    planned = []
    for index, (rule, due_at) in enumerate(timed):
        expires_at = timed[index + 1][1] if index + 1 < len(timed) else starts_at
        if due_at >= known_since and expires_at > due_at:
            planned.append(PlannedReminder(rule, due_at, expires_at))
    return planned
