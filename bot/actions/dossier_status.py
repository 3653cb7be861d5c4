"""Dossier status (status_form): the receipt's dossier code and the phone's last four
digits, then the status from the kiosk API. A complaint's tracking code (PA-…) goes
through the same form (actions/complaint_status.py): "tra cứu phản ánh PA-…"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint_status import answer_complaint
from actions.forms import SKIPPED, MotcuaFormValidation, Values
from actions.kiosk_client import KioskClient
from actions.labels import day_text, moment_text
from actions.messages import STOP_BUTTON, button, say
from actions.questions import AskQuestion
from actions.submit import FormSubmit
from actions.validators import is_complaint_code, is_skip, parse_tracking_code, phone_last4

STATUS_SLOTS = ["dossier_code", "phone_last4", "complaint_lookup"]
SKIP_COMPLAINT_PHONE = button("Không để lại số", "không có")


class ValidateStatusForm(MotcuaFormValidation):
    def name(self) -> str:
        return "validate_status_form"

    async def validate_dossier_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        complaint = tracker.get_slot("complaint_lookup")  # the slot holds what was typed
        refusal = "invalid_complaint_code" if complaint else "invalid_dossier_code"
        return self.parsed(value, dispatcher, tracker, "dossier_code", parse_tracking_code, refusal)

    async def validate_phone_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        """A complaint may have left no phone: "không có" looks it up by its code alone."""
        complaint = is_complaint_code(tracker.get_slot("dossier_code"))
        if complaint and not self.wants_stop(value, tracker) and is_skip(str(value)):
            return self.accepted(tracker, {"phone_last4": SKIPPED})
        return self.parsed(value, dispatcher, tracker, "phone_last4", phone_last4, "invalid_last4")


def following_complaint(tracker: Tracker) -> bool:
    """The form looks up a complaint: its code says so, or the opening message did."""
    code = tracker.get_slot("dossier_code")
    return is_complaint_code(code) or (not code and bool(tracker.get_slot("complaint_lookup")))


class AskTrackingCode(AskQuestion):
    """The dossier's code on the receipt, or the complaint's tracking code."""

    action, key = "action_ask_dossier_code", "ask_dossier_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not following_complaint(tracker):
            return await super().run(dispatcher, tracker, domain)
        say(dispatcher, "ask_complaint_code", buttons=[STOP_BUTTON])
        return []


class AskLast4(AskQuestion):
    """The phone's last four digits: of the dossier's, or of the complaint's phone if any."""

    action, key = "action_ask_phone_last4", "ask_last4"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not is_complaint_code(tracker.get_slot("dossier_code")):
            return await super().run(dispatcher, tracker, domain)
        say(dispatcher, "ask_complaint_last4", buttons=[SKIP_COMPLAINT_PHONE, STOP_BUTTON])
        return []


class ActionCheckStatus(FormSubmit):
    form, slots = "status_form", STATUS_SLOTS

    def name(self) -> str:
        return "action_check_status"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        code, last4 = tracker.get_slot("dossier_code"), tracker.get_slot("phone_last4")
        if is_complaint_code(code):
            await answer_complaint(kiosk, dispatcher, code, None if last4 == SKIPPED else last4)
            return
        found = await kiosk.dossier_status(code, last4)
        say(
            dispatcher,
            "dossier_status",
            code=found["code"],
            procedure=found["procedure_name"],
            status=found["status"],
            received=day_text(found["received_on"]),
            due=day_text(found["due_on"]),
            updated=moment_text(found["updated_at"]),
        )
