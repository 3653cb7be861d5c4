"""What every form shares: leaving it ("hủy", "thôi"), counting failed answers, the
procedure question, and the submit step's reset.

A validation method that reads "thôi" returns `stop()`: the form's required
slots become empty, Rasa deactivates the loop and the rule after the form runs
the submit action, which sees `form_stopped` and says so instead of submitting.
After three unreadable answers in a row the citizen is offered a person.
"""

from __future__ import annotations

import copy
import re
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import messages
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import HUMAN_BUTTON, PRIORITY_BUTTONS, STOP_BUTTON, button, say
from actions.validators import is_follow_up, is_stop, parse_priority

MAX_FAILURES = 3
FAILURES = "form_failures"
PROCEDURE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$")
# Slots every form resets when it starts and ends.
COMMON_SLOTS = ("form_stopped", "form_failures")


CHANNELS = ("kiosk", "telegram", "zalo", "web")


def channel_of(sender_id: str) -> str:
    """kiosk-…, telegram-…, zalo-…: the channel is the sender id's prefix."""
    prefix = sender_id.split("-", 1)[0].lower()
    return prefix if prefix in CHANNELS else "kiosk"


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


class MotcuaFormValidation(FormValidationAction, ABC):
    """Base of the form validators: stop handling and failure counting."""

    @abstractmethod
    def name(self) -> Text:
        """validate_<form>; abstract, so the SDK registers only the concrete forms."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """Validate the answers; slots a start action just cleared are no answers."""
        cleared = {k for k, v in tracker.slots_to_validate().items() if v is None}
        if cleared:
            filtered = copy.copy(tracker)  # shares `slots`, which validation updates
            filtered.events = [e for e in tracker.events if not _clears(e, cleared)]
            tracker = filtered
        events = await super().get_validation_events(dispatcher, tracker, domain)
        counts = [e for e in events if e.get("event") == "slot" and e.get("name") == FAILURES]
        if counts and (counts[-1].get("value") or 0) >= MAX_FAILURES:
            say(dispatcher, "offer_human", buttons=[HUMAN_BUTTON, STOP_BUTTON])
            for event in counts:
                event["value"] = 0.0
        return events

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
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
    def stop(slot: Text) -> Dict[Text, Any]:
        return {slot: None, "form_stopped": True}

    @staticmethod
    def invalid(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: Text,
        key: str,
        buttons: Optional[List[Dict[str, str]]] = None,
        **values: Any,
    ) -> Dict[Text, Any]:
        """Explain why the answer was refused; the form then asks again."""
        say(dispatcher, key, buttons=buttons, **values)
        return MotcuaFormValidation.failed(dispatcher, tracker, slot)

    @staticmethod
    def failed(dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text) -> Dict[Text, Any]:
        """Count one more failed message (once per message, however many slots it filled);
        at the third in a row `get_validation_events` offers a person."""
        return {slot: None, FAILURES: float(failures_before(tracker) + 1)}

    @staticmethod
    def accepted(tracker: Tracker, values: Dict[Text, Any]) -> Dict[Text, Any]:
        """A valid answer; the failure count restarts."""
        if tracker.get_slot(FAILURES):
            return {**values, FAILURES: 0.0}
        return values

    def parsed(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        slot: Text,
        parse: Callable[[str], Any],
        refusal: str,
        buttons: Optional[List[Dict[str, str]]] = None,
        **values: Any,
    ) -> Dict[Text, Any]:
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
    ) -> Dict[Text, Any]:
        """A priority group (booking, queue ticket) or "không"."""
        buttons = PRIORITY_BUTTONS + [STOP_BUTTON]
        return self.parsed(
            value, dispatcher, tracker, "priority", parse_priority, "invalid_priority", buttons
        )

    async def validate_procedure_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The procedure the form is about, checked against the catalog."""
        if self.wants_stop(value, tracker):
            return self.stop("procedure_id")
        text = str(value).strip()
        try:
            procedure, hits = await find_procedure(text)
        except KioskError as error:
            dispatcher.utter_message(text=error.message)
            return self.failed(dispatcher, tracker, "procedure_id")
        if procedure is None:
            buttons = [button(hit["name"]) for hit in hits] + [STOP_BUTTON]
            return self.invalid(
                dispatcher, tracker, "procedure_id", "procedure_not_found", buttons, text=text
            )
        return self.accepted(tracker, procedure_slots(procedure))


async def find_procedure(
    text: str,
) -> Tuple[Optional[Dict[str, Any]], List[Dict[str, Any]]]:
    """The catalog procedure the citizen named (a known id, or the top search hit), and
    the closest hits when the search abstains. Raises KioskError."""
    async with KioskClient.from_env() as kiosk:
        if PROCEDURE_ID.match(text):  # the id kept in context, validated again at form start
            return await kiosk.procedure(text), []
        answer = await kiosk.search(text, k=3)
        if answer["hits"] and not answer["abstain"]:
            return await kiosk.procedure(answer["hits"][0]["id"]), []
        return None, answer["hits"]


def procedure_slots(procedure: Dict[str, Any]) -> Dict[Text, Any]:
    """The slots that keep a procedure in context."""
    return {
        "procedure_id": procedure["id"],
        "procedure_name": procedure["name"],
        "procedure_field": procedure["field"],
    }


def form_reset(slots: List[Text]) -> List[EventType]:
    """Events that clear a form's slots and the shared form state."""
    return [SlotSet(slot, None) for slot in slots] + [
        SlotSet("form_stopped", None),
        SlotSet("form_failures", None),
    ]


def stopped(tracker: Tracker, dispatcher: CollectingDispatcher, form: Text) -> bool:
    """In a submit action: the form was left; say so."""
    if not tracker.get_slot("form_stopped"):
        return False
    say(dispatcher, "form_stopped", what=messages.LABELS[form])
    return True


async def procedure_from_message(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The procedure a form-opening message names ("đặt lịch làm khai sinh"), if any."""
    mention = next(tracker.get_latest_entity_values("procedure"), None)
    message = latest_text(tracker)
    query = mention or ("" if message.startswith("/") or is_follow_up(message) else message)
    if not query:
        return None
    async with KioskClient.from_env() as kiosk:
        answer = await kiosk.search(query, k=1)
        if answer["hits"] and not answer["abstain"]:
            return await kiosk.procedure(answer["hits"][0]["id"])
    return None


async def start_form(tracker: Tracker, slots: List[Text]) -> List[EventType]:
    """Events that open a form afresh: its slots cleared, the procedure named now kept.

    A procedure named in the opening message replaces the one in context; without
    one, the procedure being discussed stays and the form does not ask for it.
    """
    events = form_reset(slots) + said_now(tracker, slots)
    try:
        procedure = await procedure_from_message(tracker)
    except KioskError:
        procedure = None
    if procedure is not None:
        events += [SlotSet(k, v) for k, v in procedure_slots(procedure).items()]
    return events


def said_now(tracker: Tracker, slots: List[Text]) -> List[EventType]:
    """Slots named like an entity of the opening message keep what it said ("mai 9h")."""
    events: List[EventType] = []
    for slot in slots:
        value = next(tracker.get_latest_entity_values(slot), None)
        if value is not None:
            events.append(SlotSet(slot, value))
    return events


def failures_before(tracker: Tracker) -> int:
    """Failed answers in a row before the message being validated (from the events)."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == FAILURES:
            return int(event.get("value") or 0)
    return 0


def _clears(event: Dict[str, Any], slots: set) -> bool:
    return (
        event.get("event") == "slot" and event.get("name") in slots and event.get("value") is None
    )
