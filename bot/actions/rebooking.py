"""Cancelling and rescheduling an appointment (change_form), by booking code and phone.

The code and phone are checked together against the kiosk (a wrong phone looks
like an unknown code); then the citizen chooses to cancel or to move, a moved
appointment gets a new day and slot (the questions of actions.booking), and
the change is confirmed before it is made.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import SlotQuestions, booking_moment, retry_slot, when_label
from actions.forms import form_reset, latest_text, said_now, stopped
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import STOP_BUTTON, button, say
from actions.validators import desk_moment, fold, normalize_phone, parse_booking_code

FORM_SLOTS = ["booking_code", "phone", "change_action", "date", "time", "booking_confirm"]
EXTRA_SLOTS = ["appointment"]
CANCEL, MOVE = "hủy", "đổi"
ACTION_BUTTONS = [button("Hủy lịch", "hủy lịch"), button("Đổi giờ", "đổi giờ"), STOP_BUTTON]
ACTIVE = "đã đặt"


def parse_change(text: str) -> str | None:
    """ "hủy" or "đổi" from what the citizen typed."""
    folded = fold(text)
    if re.search(r"\b(doi|chuyen|dich|hoan)\b", folded):
        return MOVE
    if re.search(r"\b(huy|bo|xoa)\b", folded):
        return CANCEL
    return None


async def start_change(tracker: Tracker) -> List[EventType]:
    """Open the change form afresh, keeping a code or phone said in the opening message."""
    message = latest_text(tracker)
    said = {e["name"]: e["value"] for e in said_now(tracker, FORM_SLOTS)}
    code = parse_booking_code(message) or parse_booking_code(str(said.get("booking_code", "")))
    phone = normalize_phone(message) or normalize_phone(str(said.get("phone", "")))
    events = form_reset(FORM_SLOTS + EXTRA_SLOTS)
    for slot, value in (("booking_code", code), ("phone", phone)):
        if value is not None:
            events.append(SlotSet(slot, value))
    choice = parse_change(message)
    if choice is not None:
        events.append(SlotSet("change_action", choice))
    return events


def appointment_when(appointment: Dict[str, Any]) -> str:
    return when_label(desk_moment(appointment["starts_at"]))


class ActionStartChange(Action):
    def name(self) -> Text:
        return "action_start_change"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        return await start_change(tracker)


class ValidateChangeForm(SlotQuestions):
    def name(self) -> Text:
        return "validate_change_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        if tracker.get_slot("change_action") == CANCEL:
            return [s for s in slots if s not in ("date", "time")]
        return slots

    async def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("booking_code")
        code = parse_booking_code(str(value))
        if code is None:
            return self.invalid(dispatcher, tracker, "booking_code", "invalid_booking_code")
        # Not `accepted`: a code typed again after a wrong code-and-phone pair does not
        # restart the failure count; only a matching phone does.
        return {"booking_code": code}

    async def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The phone must be the one booked with: checked with the code at the kiosk."""
        if self.wants_stop(value, tracker):
            return self.stop("phone")
        phone, code = normalize_phone(str(value)), tracker.get_slot("booking_code")
        if phone is None:
            return self.invalid(dispatcher, tracker, "phone", "invalid_phone", text=value)
        if code is None:
            return {"phone": phone}
        async with KioskClient.from_env() as kiosk:
            try:
                appointment = await kiosk.find_booking(code, phone)
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return {**self.failed(dispatcher, tracker, "phone"), "booking_code": None}
        if appointment["status"] != ACTIVE:
            say(dispatcher, "not_active", code=code, status=appointment["status"])
            return self.stop("phone")
        found = {
            "phone": phone,
            "appointment": appointment,
            "procedure_field": appointment["field"],
        }
        return self.accepted(tracker, found)

    async def validate_change_action(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        choice = parse_change(str(value))  # before the stop check: "hủy" here means cancel
        if choice is None and self.wants_stop(value, tracker):
            return self.stop("change_action")
        if choice is None:
            return self.invalid(
                dispatcher, tracker, "change_action", "invalid_change", ACTION_BUTTONS
            )
        return self.accepted(tracker, {"change_action": choice})


class ActionAskChangeAction(Action):
    def name(self) -> Text:
        return "action_ask_change_action"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        appointment = tracker.get_slot("appointment") or {}
        say(
            dispatcher,
            "ask_change",
            buttons=ACTION_BUTTONS,
            code=tracker.get_slot("booking_code"),
            procedure=appointment.get("field", ""),
            when=appointment_when(appointment) if appointment else "",
        )
        return []


def ask_change_confirm(
    dispatcher: CollectingDispatcher, tracker: Tracker, buttons: List[Dict[str, str]]
) -> None:
    """The confirmation question of the change form (cancel or move)."""
    code = tracker.get_slot("booking_code")
    if tracker.get_slot("change_action") == CANCEL:
        appointment = tracker.get_slot("appointment") or {}
        when = appointment_when(appointment) if appointment else ""
        say(dispatcher, "ask_cancel_confirm", buttons=buttons, code=code, when=when)
    else:
        when = when_label(booking_moment(tracker))
        say(dispatcher, "ask_move_confirm", buttons=buttons, code=code, when=when)


class ActionSubmitChange(Action):
    """Cancel or move the appointment through the kiosk API."""

    def name(self) -> Text:
        return "action_submit_change"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        reset = form_reset(FORM_SLOTS + EXTRA_SLOTS)
        if stopped(tracker, dispatcher, "change_form"):
            return reset
        code, phone = tracker.get_slot("booking_code"), tracker.get_slot("phone")
        async with KioskClient.from_env() as kiosk:
            try:
                if tracker.get_slot("change_action") == CANCEL:
                    await kiosk.cancel(code, phone)
                    say(dispatcher, "cancelled", code=code)
                    return reset
                moved = await kiosk.reschedule(code, phone, booking_moment(tracker))
            except KioskError as error:
                return retry_slot(dispatcher, error, "change_form") or reset
        when = when_label(desk_moment(moved["starts_at"]))
        say(dispatcher, "moved", code=code, when=when, counters=", ".join(moved["counters"]))
        return reset
