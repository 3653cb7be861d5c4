"""Opening the short forms: which one by the intent, keeping what the message said."""

from __future__ import annotations

from typing import Any

from actions.short_forms import ActionStartService
from harness import form_reset_events as reset
from harness import run, tracker
from rasa_sdk.events import SlotSet


def test_start_service_picks_up_what_the_message_said(kiosk_api: str, domain: Any) -> None:
    request = tracker("tra cứu hồ sơ 000.00.12.H25-261120-0201", "check_dossier_status")
    events, _ = run(ActionStartService(), request, domain)
    assert events == reset("dossier_code", "phone_last4", "complaint_lookup") + [
        SlotSet("dossier_code", "000.00.12.H25-261120-0201")
    ]
    events, _ = run(ActionStartService(), tracker("tôi rất hài lòng", "rate_service"), domain)
    assert events == reset("rating", "rating_comment") + [SlotSet("rating", "rất hài lòng")]
    events, _ = run(ActionStartService(), tracker("lấy số chứng thực", "get_queue_ticket"), domain)
    assert events[:3] == reset("priority")
    assert {e["name"]: e["value"] for e in events}["procedure_field"] == "Chứng thực"
