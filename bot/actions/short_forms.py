"""Opening the short forms (dossier status, queue ticket, rating, complaint): one start
action, which form by the intent that opened it, keeping what the message already said
(a dossier code, a rating).

"tra cứu phản ánh PA-9KX3MT4Q", "phản ánh của tôi đã có trả lời chưa": the citizen
follows a complaint, not files one. Whether the model read it as a status question or
as a complaint, the status form opens (with the code, if the message gave it)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import COMPLAINT_SLOTS
from actions.conversation import latest_intent, latest_text
from actions.dossier_status import STATUS_SLOTS
from actions.forms import form_reset, start_form
from actions.queue_ticket import TICKET_SLOTS
from actions.rating import RATING_SLOTS
from actions.validators import asks_complaint_status, parse_rating, parse_tracking_code


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
        message = latest_text(tracker)
        if intent == "file_complaint" and asks_complaint_status(message):
            return [*self._status(message), FollowupAction("status_form")]
        if intent == "check_dossier_status":
            return self._status(message)
        events = form_reset(slots)
        score = parse_rating(message) if intent == "rate_service" else None
        if score:
            events.append(SlotSet("rating", score))
        return events

    @staticmethod
    def _status(message: str) -> list[EventType]:
        """The status form afresh, with the code the message gave (a dossier's or a
        complaint's)."""
        events = form_reset(STATUS_SLOTS)
        if asks_complaint_status(message):
            events.append(SlotSet("complaint_lookup", True))
        code = parse_tracking_code(message)
        return [*events, SlotSet("dossier_code", code)] if code else events
