"""Reminder rules: parsing the configuration and planning an appointment's reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.schedule import parse_schedule, plan
from connectors.settings import ConnectorSettings

STARTS = dt.datetime(2026, 11, 24, 8, 0)
BOOKED = dt.datetime(2026, 11, 23, 9, 0)


def test_the_default_is_the_day_before_at_18_and_an_hour_before() -> None:
    planned = plan(parse_schedule(ConnectorSettings().reminders), STARTS, BOOKED)
    assert [(p.rule.spec, p.due_at, p.expires_at) for p in planned] == [
        ("1d@18:00", dt.datetime(2026, 11, 23, 18, 0), dt.datetime(2026, 11, 24, 7, 0)),
        ("1h", dt.datetime(2026, 11, 24, 7, 0), STARTS),
    ]


def test_reminders_due_before_the_booking_are_left_out() -> None:
    late = dt.datetime(2026, 11, 23, 19, 30)
    assert [p.rule.spec for p in plan(parse_schedule(["1d@18:00", "1h"]), STARTS, late)] == ["1h"]


def test_other_schedules() -> None:
    rules = parse_schedule(["2d@08:30", "30m", "3h"])
    due = [p.due_at for p in plan(rules, STARTS, BOOKED - dt.timedelta(days=3))]
    assert due == [
        dt.datetime(2026, 11, 22, 8, 30),
        dt.datetime(2026, 11, 24, 5, 0),
        dt.datetime(2026, 11, 24, 7, 30),
    ]


@pytest.mark.parametrize("bad", ["18:00", "1d", "1d@25:00", "0m", "soon", "1h,1h"])
def test_a_bad_schedule_is_refused_at_startup(bad: str) -> None:
    with pytest.raises(ValueError, match="reminder"):
        ConnectorSettings(reminders=bad.split(","))
