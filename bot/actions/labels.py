"""Days and times as the assistant says them ("09:00 Thứ Ba 24/11/2026")."""

from __future__ import annotations

import datetime as dt

from actions.validators import desk_moment

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def day_label(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d/%m/%Y}"


def when_label(starts_at: dt.datetime) -> str:
    return f"{starts_at:%H:%M} {day_label(starts_at.date())}"


def day_text(iso: str | None) -> str:
    """An ISO day (or moment) as dd/mm/yyyy; "chưa có" when there is none."""
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else "chưa có"


def moment_text(iso: str) -> str:
    return desk_moment(iso).strftime("%H:%M %d/%m/%Y")
