"""Cancelling and rescheduling an appointment (change_form), by booking code and phone.

The code and phone are checked together against the kiosk (a wrong phone looks
like an unknown code); then the citizen chooses to cancel or to move, a moved
appointment gets a new day and slot (the questions of actions.timeslots), and
the change is confirmed before it is made.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_text, said_now
from actions.forms import Values, form_reset
from actions.kiosk_client import KioskClient, KioskError
from actions.labels import when_label
from actions.messages import CONFIRM_BUTTONS, STOP_BUTTON, button, say
from actions.submit import FormSubmit
from actions.timeslots import SlotQuestions, booking_moment, retry_slot
from actions.validators import (
    CANCEL,
    desk_moment,
    normalize_phone,
    parse_booking_code,
    parse_change,
)

FORM_SLOTS = ["booking_code", "phone", "change_action", "date", "time", "booking_confirm"]
EXTRA_SLOTS = ["appointment"]
ACTION_BUTTONS = [button("Hủy lịch", "hủy lịch"), button("Đổi giờ", "đổi giờ"), STOP_BUTTON]
ACTIVE = "đã đặt"


async def start_change(tracker: Tracker) -> list[EventType]:
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


def appointment_when(appointment: dict[str, Any]) -> str:
    return when_label(desk_moment(appointment["starts_at"])) if appointment else ""


class ActionStartChange(Action):
    def name(self) -> str:
        return "action_start_change"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await start_change(tracker)


class ValidateChangeForm(SlotQuestions):
    def name(self) -> str:
        return "validate_change_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        if tracker.get_slot("change_action") == CANCEL:
            return [s for s in slots if s not in ("date", "time")]
        return slots

    async def validate_booking_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
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
    ) -> Values:
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
                failed = self.unanswered(dispatcher, tracker, "phone", error)
                return {**failed, "booking_code": None}
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
    ) -> Values:
        choice = parse_change(str(value))  # before the stop check: "hủy" here means cancel
        if choice is None and self.wants_stop(value, tracker):
            return self.stop("change_action")
        if choice is None:
            return self.invalid(
                dispatcher, tracker, "change_action", "invalid_change", ACTION_BUTTONS
            )
        return self.accepted(tracker, {"change_action": choice})


class ActionAskChangeAction(Action):
    def name(self) -> str:
        return "action_ask_change_action"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        appointment = tracker.get_slot("appointment") or {}
        say(
            dispatcher,
            "ask_change",
            buttons=ACTION_BUTTONS,
            code=tracker.get_slot("booking_code"),
            procedure=appointment.get("field", ""),
            when=appointment_when(appointment),
        )
        return []


class ActionAskChangeConfirm(Action):
    """The change form's confirmation (cancel or move). Rasa asks a form's slot with
    action_ask_<form>_<slot> before action_ask_<slot>, so the booking form keeps its own."""

    def name(self) -> str:
        return "action_ask_change_form_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = tracker.get_slot("booking_code")
        if tracker.get_slot("change_action") == CANCEL:
            when = appointment_when(tracker.get_slot("appointment") or {})
            say(dispatcher, "ask_cancel_confirm", buttons=CONFIRM_BUTTONS, code=code, when=when)
        else:
            when = when_label(booking_moment(tracker))
            say(dispatcher, "ask_move_confirm", buttons=CONFIRM_BUTTONS, code=code, when=when)
        return []


class ActionSubmitChange(FormSubmit):
    """Cancel or move the appointment through the kiosk API."""

    form, slots = "change_form", FORM_SLOTS + EXTRA_SLOTS

    def name(self) -> str:
        return "action_submit_change"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        code, phone = tracker.get_slot("booking_code"), tracker.get_slot("phone")
        if tracker.get_slot("change_action") == CANCEL:
            await kiosk.cancel(code, phone)
            say(dispatcher, "cancelled", code=code)
            return
        moved = await kiosk.reschedule(code, phone, booking_moment(tracker))
        when = when_label(desk_moment(moved["starts_at"]))
        say(dispatcher, "moved", code=code, when=when, counters=", ".join(moved["counters"]))

    async def kiosk_failed(
        self,
        kiosk: KioskClient,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        error: KioskError,
    ) -> list[EventType]:
        return retry_slot(dispatcher, error, self.form) or self.reset()
