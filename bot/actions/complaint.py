"""Complaints and petitions (phản ánh kiến nghị, complaint_form): what happened and an
optional phone, filed through the kiosk API with its 10-day deadline."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import SKIPPED, MotcuaFormValidation, Values
from actions.kiosk_client import KioskClient
from actions.labels import day_text
from actions.messages import say
from actions.submit import FormSubmit
from actions.validators import clean_text, is_skip, normalize_phone

COMPLAINT_SLOTS = ["complaint_content", "contact_phone"]


class ValidateComplaintForm(MotcuaFormValidation):
    def name(self) -> str:
        return "validate_complaint_form"

    async def validate_complaint_content(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        if self.wants_stop(value, tracker):
            return self.stop("complaint_content")
        content = clean_text(str(value))
        if content is None or len(content.split()) < 3:
            return self.invalid(dispatcher, tracker, "complaint_content", "invalid_complaint")
        return self.accepted(tracker, {"complaint_content": content})

    async def validate_contact_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        if self.wants_stop(value, tracker):
            return self.stop("contact_phone")
        if is_skip(str(value)):
            return self.accepted(tracker, {"contact_phone": SKIPPED})
        phone = normalize_phone(str(value))
        if phone is None:
            return self.invalid(dispatcher, tracker, "contact_phone", "invalid_phone", text=value)
        return self.accepted(tracker, {"contact_phone": phone})


class ActionSubmitComplaint(FormSubmit):
    form, slots = "complaint_form", COMPLAINT_SLOTS

    def name(self) -> str:
        return "action_submit_complaint"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        phone = tracker.get_slot("contact_phone")
        filed = await kiosk.complain(
            tracker.get_slot("complaint_content"),
            None if phone == SKIPPED else phone,
            tracker.get_slot("procedure_id"),
        )
        say(dispatcher, "complaint_filed", code=filed["code"], due=day_text(filed["due_on"]))
