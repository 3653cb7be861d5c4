"""Opening the short forms (dossier status, queue ticket, rating, complaint): one start
action, which form by the intent that opened it, keeping what the message already said
(a dossier code, a rating)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import COMPLAINT_SLOTS
from actions.conversation import latest_intent, latest_text
from actions.dossier_status import STATUS_SLOTS
from actions.forms import form_reset, start_form
from actions.queue_ticket import TICKET_SLOTS
from actions.rating import RATING_SLOTS
from actions.validators import parse_dossier_code, parse_rating


class ActionStartService(Action):
    """Open one of the short forms afresh (which one: the intent that opened it)."""

    SLOTS = {
        "check_dossier_status": STATUS_SLOTS,
        "get_queue_ticket": TICKET_SLOTS,
        "rate_service": RATING_SLOTS,
        "file_complaint": COMPLAINT_SLOTS,
    }

    def name(self) -> str:
        return "action_start_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = latest_intent(tracker)
        slots = self.SLOTS.get(intent or "", [])
        if intent == "get_queue_ticket":
            return await start_form(tracker, slots)
        events = form_reset(slots)
        message = latest_text(tracker)
        code = parse_dossier_code(message) if intent == "check_dossier_status" else None
        score = parse_rating(message) if intent == "rate_service" else None
        if code:
            events.append(SlotSet("dossier_code", code))
        if score:
            events.append(SlotSet("rating", score))
        return events
