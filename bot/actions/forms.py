"""What every form shares: leaving it ("hủy", "thôi"), counting failed answers, the
procedure question, and opening and clearing a form.

A validation method that reads "thôi" returns `stop()`: the form's required
slots become empty, Rasa deactivates the loop and the rule after the form runs
the submit action (actions.submit), which sees `form_stopped` and says so
instead of submitting. After three unreadable answers in a row the citizen is
offered a person.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import messages
from actions.catalog import find_procedure, procedure_from_message, procedure_slots
from actions.conversation import latest_text, said_now
from actions.kiosk_client import KioskError
from actions.messages import HUMAN_BUTTON, PRIORITY_BUTTONS, STOP_BUTTON, Button, button, say
from actions.validators import is_stop, parse_priority

MAX_FAILURES = 3
FAILURES = "form_failures"
# Slots every form resets when it starts and ends.
COMMON_SLOTS = ("form_stopped", FAILURES)
SKIPPED = "-"  # an optional answer left out (a slot must hold something to be done)
Values = dict[str, Any]


class MotcuaFormValidation(FormValidationAction, ABC):
    """Base of the form validators: stop handling and failure counting."""

    @abstractmethod
    def name(self) -> str:
        """validate_<form>; abstract, so the SDK registers only the concrete forms."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate the answers; slots a start action just cleared are no answers."""
        cleared = {k for k, v in tracker.slots_to_validate().items() if v is None}
        if cleared:
            filtered = copy.copy(tracker)  # shares `slots`, which validation updates
            filtered.events = [e for e in tracker.events if not _clears(e, cleared)]
            tracker = filtered
        events: list[EventType] = await super().get_validation_events(dispatcher, tracker, domain)
        counts = [e for e in events if e.get("event") == "slot" and e.get("name") == FAILURES]
        if counts and (counts[-1].get("value") or 0) >= MAX_FAILURES:
            say(dispatcher, "offer_human", buttons=[HUMAN_BUTTON, STOP_BUTTON])
            for event in counts:
                event["value"] = 0.0
        return events

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("form_stopped"):
            return []
        return domain_slots

    @staticmethod
    def wants_stop(value: Any, tracker: Tracker) -> bool:
        """The answer is "hủy", "thôi", "dừng lại" (typed, or the slot's text value).

        Not while the form starts: the message that opened it is no answer.
        """
        if tracker.get_slot("requested_slot") is None:
            return False
        return is_stop(latest_text(tracker)) or (isinstance(value, str) and is_stop(value))

    @staticmethod
    def stop(slot: str) -> Values:
        return {slot: None, "form_stopped": True}

    @staticmethod
    def invalid(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: str,
        key: str,
        buttons: list[Button] | None = None,
        **values: Any,
    ) -> Values:
        """Explain why the answer was refused; the form then asks again."""
        say(dispatcher, key, buttons=buttons, **values)
        return MotcuaFormValidation.failed(dispatcher, tracker, slot)

    @staticmethod
    def failed(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str) -> Values:
        """Count one more failed message (once per message, however many slots it filled);
        at the third in a row `get_validation_events` offers a person."""
        return {slot: None, FAILURES: float(failures_before(tracker) + 1)}

    @staticmethod
    def unanswered(
        dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, error: KioskError
    ) -> Values:
        """The kiosk could not check the answer: say why (in Vietnamese); asked again."""
        dispatcher.utter_message(text=error.message)
        return MotcuaFormValidation.failed(dispatcher, tracker, slot)

    @staticmethod
    def accepted(tracker: Tracker, values: Values) -> Values:
        """A valid answer; the failure count restarts."""
        if tracker.get_slot(FAILURES):
            return {**values, FAILURES: 0.0}
        return values

    def parsed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: str,
        parse: Callable[[str], Any],
        refusal: str,
        buttons: list[Button] | None = None,
        **values: Any,
    ) -> Values:
        """The usual validator: "hủy" leaves the form; what `parse` reads (not None) fills
        `slot`; otherwise the `refusal` message is said and the slot asked again."""
        if self.wants_stop(value, tracker):
            return self.stop(slot)
        answer = parse(str(value))
        if answer is None:
            return self.invalid(dispatcher, tracker, slot, refusal, buttons, **values)
        return self.accepted(tracker, {slot: answer})

    async def validate_priority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        """A priority group (booking, queue ticket) or "không"."""
        buttons = PRIORITY_BUTTONS + [STOP_BUTTON]
        return self.parsed(
            value, dispatcher, tracker, "priority", parse_priority, "invalid_priority", buttons
        )

    async def validate_procedure_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        """The procedure the form is about, checked against the catalog."""
        if self.wants_stop(value, tracker):
            return self.stop("procedure_id")
        text = str(value).strip()
        try:
            procedure, hits = await find_procedure(text)
        except KioskError as error:
            return self.unanswered(dispatcher, tracker, "procedure_id", error)
        if procedure is None:
            buttons = [button(hit["name"]) for hit in hits] + [STOP_BUTTON]
            return self.invalid(
                dispatcher, tracker, "procedure_id", "procedure_not_found", buttons, text=text
            )
        return self.accepted(tracker, procedure_slots(procedure))


def form_reset(slots: list[str]) -> list[EventType]:
    """Events that clear a form's slots and the shared form state."""
    return [SlotSet(slot, None) for slot in [*slots, *COMMON_SLOTS]]


def stopped(tracker: Tracker, dispatcher: CollectingDispatcher, form: str) -> bool:
    """In a submit action: the form was left; say so."""
    if not tracker.get_slot("form_stopped"):
        return False
    say(dispatcher, "form_stopped", what=messages.LABELS[form])
    return True


async def start_form(tracker: Tracker, slots: list[str]) -> list[EventType]:
    """Events that open a form afresh: its slots cleared, the procedure named now kept.

    A procedure named in the opening message replaces the one in context; without
    one, the procedure being discussed stays and the form does not ask for it.
    """
    events = form_reset(slots) + said_now(tracker, slots)
    try:
        procedure = await procedure_from_message(tracker)
    except KioskError:  # the search is a courtesy: the form asks for the procedure
        procedure = None
    if procedure is not None:
        events += [SlotSet(k, v) for k, v in procedure_slots(procedure).items()]
    return events


def failures_before(tracker: Tracker) -> int:
    """Failed answers in a row before the message being validated (from the events)."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == FAILURES:
            return int(event.get("value") or 0)
    return 0


def _clears(event: dict[str, Any], slots: set[str]) -> bool:
    return (
        event.get("event") == "slot" and event.get("name") in slots and event.get("value") is None
    )
