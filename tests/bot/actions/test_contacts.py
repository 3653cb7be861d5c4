"""Where the desk is, its hours, hotline and counters: from GET /desk."""

from __future__ import annotations

from typing import Any

from actions.contacts import ActionContact, hours_text
from harness import get_json, run, texts, tracker


def test_contacts_come_from_the_desk(kiosk_api: str, domain: Any) -> None:
    desk = get_json(f"{kiosk_api}/desk")
    events, messages = run(ActionContact(), tracker("giờ làm việc", "ask_contact"), domain)
    assert events == []
    said = texts(messages)[0]
    assert said.startswith(desk["name"])
    assert desk["hotline"] in said and hours_text(desk["hours"]) in said
    assert all(counter["name"] in said for counter in desk["counters"])
    assert (
        hours_text({"mon": ["07:30-11:30"], "tue": ["07:30-11:30"], "sat": ["08:00-11:00"]})
        == "Thứ Hai–Thứ Ba: 07:30-11:30; Thứ Bảy: 08:00-11:00"
    )
