"""Dossier status (status_form): the receipt's dossier code and the phone's last four
digits, then the status from the kiosk API."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import MotcuaFormValidation, Values
from actions.kiosk_client import KioskClient
from actions.labels import day_text, moment_text
from actions.messages import say
from actions.submit import FormSubmit
from actions.validators import parse_dossier_code, phone_last4

STATUS_SLOTS = ["dossier_code", "phone_last4"]


class ValidateStatusForm(MotcuaFormValidation):
    def name(self) -> str:
        return "validate_status_form"

    async def validate_dossier_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        return self.parsed(
            value, dispatcher, tracker, "dossier_code", parse_dossier_code, "invalid_dossier_code"
        )

    async def validate_phone_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        return self.parsed(value, dispatcher, tracker, "phone_last4", phone_last4, "invalid_last4")


class ActionCheckStatus(FormSubmit):
    form, slots = "status_form", STATUS_SLOTS

    def name(self) -> str:
        return "action_check_status"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        found = await kiosk.dossier_status(
            tracker.get_slot("dossier_code"), tracker.get_slot("phone_last4")
        )
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
