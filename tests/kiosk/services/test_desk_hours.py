"""Opening hours as the citizen needs them now: open at this moment, numbers still given
out today, and when the desk opens next (lunch, evening, weekend, holiday)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core.config import DEFAULT_DESK, Settings, check_public_link
from kiosk.services.desk import load_desk
from kiosk.services.public_links import PublicLinks

DESK = load_desk(DEFAULT_DESK)


@pytest.mark.parametrize(
    ("moment", "open_now", "tickets", "next_open"),
    [
        (dt.datetime(2026, 11, 23, 7, 0), False, True, dt.datetime(2026, 11, 23, 7, 30)),
        (dt.datetime(2026, 11, 23, 9, 0), True, True, dt.datetime(2026, 11, 23, 13, 30)),
        (dt.datetime(2026, 11, 23, 12, 0), False, True, dt.datetime(2026, 11, 23, 13, 30)),
        (dt.datetime(2026, 11, 23, 17, 0), False, False, dt.datetime(2026, 11, 24, 7, 30)),
        (dt.datetime(2026, 11, 28, 12, 0), False, False, dt.datetime(2026, 11, 30, 7, 30)),
        # Thursday 31 December: Tết Dương lịch on Friday, closed; opens Saturday morning.
        (dt.datetime(2026, 12, 31, 18, 0), False, False, dt.datetime(2027, 1, 2, 7, 30)),
    ],
)
def test_open_now_tickets_and_next_opening(
    moment: dt.datetime, open_now: bool, tickets: bool, next_open: dt.datetime
) -> None:
    assert DESK.is_open(moment) is open_now
    assert DESK.takes_tickets(moment) is tickets
    assert DESK.next_opening(moment) == next_open


@pytest.mark.parametrize(
    "link",
    ["http://localhost:8000", "http://127.0.0.1:8000/x", "https://kiosk.localhost", "ftp://x.vn"],
)
def test_a_phone_cannot_open_a_loopback_link(link: str) -> None:
    with pytest.raises(ValueError):
        check_public_link(link)


def test_public_links_from_settings() -> None:
    settings = Settings(
        public_url="https://motcua.example.vn/", telegram_bot_username="@motcua_bot"
    )
    links = PublicLinks.of(settings)
    assert (
        links.checklist("DS-4Q7RT") == "https://motcua.example.vn/api/v1/checklists/DS-4Q7RT/view"
    )
    assert links.telegram_start("LH-7K2Q9") == "https://t.me/motcua_bot?start=LH-7K2Q9"
    assert links.phone() == "https://t.me/motcua_bot"
    assert PublicLinks.of(Settings(public_url="")).checklist("DS-4Q7RT") is None
    with pytest.raises(ValueError, match="điện thoại của công dân không mở được"):
        Settings(public_url="http://localhost:8000")
