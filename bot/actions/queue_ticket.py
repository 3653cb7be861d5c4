"""Queue ticket (ticket_form): the procedure's field and a priority group, then a
numbered ticket from the kiosk's queue."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import MotcuaFormValidation
from actions.kiosk_client import KioskClient
from actions.messages import say
from actions.submit import FormSubmit

TICKET_SLOTS = ["priority"]


class ValidateTicketForm(MotcuaFormValidation):
    """The procedure and the priority (both validators are the base's)."""

    def name(self) -> str:
        return "validate_ticket_form"


class ActionTakeTicket(FormSubmit):
    form, slots = "ticket_form", TICKET_SLOTS

    def name(self) -> str:
        return "action_take_ticket"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        ticket = await kiosk.take_ticket(
            tracker.get_slot("procedure_field"), tracker.get_slot("priority")
        )
        dispatcher.utter_message(json_message={"type": "ticket", **ticket})
        say(
            dispatcher,
            "ticket" if ticket["people_ahead"] else "ticket_next",
            label=ticket["label"],
            field=ticket["field"],
            ahead=ticket["people_ahead"],
            wait=ticket["estimated_wait_minutes"],
        )
