"""Queue ticket (ticket_form): a priority group, then a numbered ticket."""

from __future__ import annotations

from typing import Any

from actions.queue_ticket import ActionTakeTicket, ValidateTicketForm
from harness import customs, form_tracker, run, texts, tracker
from harness import form_reset_events as reset
from rasa_sdk.events import SlotSet


def test_ticket(kiosk_api: str, domain: Any) -> None:
    request = form_tracker(
        "ticket_form", "priority", "nguoi cao tuoi", {"priority": "nguoi cao tuoi"}
    )
    events, _ = run(ValidateTicketForm(), request, domain)
    assert events == [SlotSet("priority", "người cao tuổi")]
    slots = {"procedure_field": "Lý lịch tư pháp", "priority": "người cao tuổi"}
    events, messages = run(
        ActionTakeTicket(), tracker("người cao tuổi", "inform", slots=slots), domain
    )
    assert events == reset("priority")
    ticket = customs(messages)[0]
    assert ticket["type"] == "ticket" and ticket["label"].startswith("LL-")
    assert ticket["priority"] == "người cao tuổi"
    assert texts(messages)[0].startswith(
        f"Số thứ tự của bạn là {ticket['label']} (lĩnh vực Lý lịch tư pháp)."
    )
