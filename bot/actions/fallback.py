"""A turn no rule covers (action_default_fallback, overriding Rasa's): say so, show what
the assistant does, forget the turn."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.messages import HUMAN_BUTTON, button, say

FALLBACK_BUTTONS = [
    button("Hỏi thủ tục", "/ask_procedure"),
    button("Đặt lịch hẹn", "/book_appointment"),
    button("Lấy số thứ tự", "/get_queue_ticket"),
    HUMAN_BUTTON,
]


class ActionDefaultFallback(Action):
    """A turn no rule covers: say so, show what the assistant does, forget the turn."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        say(dispatcher, "fallback", buttons=FALLBACK_BUTTONS)
        return [UserUtteranceReverted()]
