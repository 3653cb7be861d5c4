"""The plain form questions: one `action_ask_<slot>` per slot, wording from messages.

Questions that need data (free time slots, the dossier plan, a confirmation
summary) live beside their forms.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import PRIORITY_BUTTONS, STOP_BUTTON, button, say

SKIP_BUTTON = button("Bỏ qua", "bỏ qua")
RATING_BUTTONS = [button("Rất hài lòng"), button("Hài lòng"), button("Không hài lòng")]
DATE_BUTTONS = [button("Hôm nay", "hôm nay"), button("Ngày mai", "ngày mai")]


class AskQuestion(Action, ABC):
    """Ask for `slot` with the message `key` and its buttons (always with "Dừng lại")."""

    buttons: list[dict[str, str]] = []

    # Abstract until a subclass sets both, so the SDK registers only the concrete ones.
    @property
    @abstractmethod
    def action(self) -> str:
        """action_ask_<slot> (or action_ask_<form>_<slot>)."""

    @property
    @abstractmethod
    def key(self) -> str:
        """The message asked (actions.messages)."""

    def name(self) -> str:
        return self.action

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        say(dispatcher, self.key, buttons=self.buttons + [STOP_BUTTON])
        return []


class AskProcedure(AskQuestion):
    action, key = "action_ask_procedure_id", "ask_procedure"


class AskDate(AskQuestion):
    action, key, buttons = "action_ask_date", "ask_date", DATE_BUTTONS


class AskName(AskQuestion):
    action, key = "action_ask_citizen_name", "ask_name"


class AskPhone(AskQuestion):
    action, key = "action_ask_phone", "ask_phone"


class AskBookingPhone(AskQuestion):
    action, key = "action_ask_change_form_phone", "ask_booking_phone"


class AskPriority(AskQuestion):
    action, key, buttons = "action_ask_priority", "ask_priority", PRIORITY_BUTTONS


class AskBookingCode(AskQuestion):
    action, key = "action_ask_booking_code", "ask_booking_code"


class AskRating(AskQuestion):
    action, key, buttons = "action_ask_rating", "ask_rating", RATING_BUTTONS


class AskRatingComment(AskQuestion):
    action, key, buttons = "action_ask_rating_comment", "ask_rating_comment", [SKIP_BUTTON]


class AskComplaint(AskQuestion):
    action, key = "action_ask_complaint_content", "ask_complaint"


class AskContactPhone(AskQuestion):
    action, key, buttons = "action_ask_contact_phone", "ask_contact_phone", [SKIP_BUTTON]
