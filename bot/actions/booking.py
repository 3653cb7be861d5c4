"""Appointment booking (booking_form): procedure, day, free slot, name, phone, priority,
confirmation, then the booking code from the kiosk API.

The day and time questions are actions.timeslots'; cancelling and rescheduling
live in actions.rebooking, where "đổi lịch hẹn" said to open a booking goes.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import channel_of, latest_text
from actions.forms import Values, start_form
from actions.kiosk_client import KioskClient, KioskError
from actions.labels import when_label
from actions.messages import CONFIRM_BUTTONS, say
from actions.rebooking import start_change
from actions.submit import FormSubmit
from actions.timeslots import SlotQuestions, booking_moment, retry_slot
from actions.validators import (
    NO_PRIORITY,
    desk_moment,
    is_reschedule,
    normalize_phone,
    parse_name,
)

FORM_SLOTS = ["date", "time", "citizen_name", "phone", "priority", "booking_confirm"]


class ValidateBookingForm(SlotQuestions):
    def name(self) -> str:
        return "validate_booking_form"

    async def validate_citizen_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        return self.parsed(value, dispatcher, tracker, "citizen_name", parse_name, "invalid_name")

    async def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        return self.parsed(
            value, dispatcher, tracker, "phone", normalize_phone, "invalid_phone", text=value
        )


class ActionStartBooking(Action):
    """Open the booking form afresh ("đổi lịch hẹn" goes to the change form instead)."""

    def name(self) -> str:
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if is_reschedule(latest_text(tracker)):
            return await start_change(tracker) + [FollowupAction("change_form")]
        return await start_form(tracker, FORM_SLOTS)


class ActionAskBookingConfirm(Action):
    """Read the booking back before it is made (the change form asks its own question,
    action_ask_change_form_booking_confirm)."""

    def name(self) -> str:
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        priority = tracker.get_slot("priority")
        say(
            dispatcher,
            "ask_confirm",
            buttons=CONFIRM_BUTTONS,
            procedure=tracker.get_slot("procedure_name"),
            when=when_label(booking_moment(tracker)),
            name=tracker.get_slot("citizen_name"),
            phone=tracker.get_slot("phone"),
            priority="không" if priority == NO_PRIORITY else priority,
        )
        return []


class ActionSubmitBooking(FormSubmit):
    """Book through the kiosk API; a slot taken meanwhile offers the nearest free ones."""

    form, slots = "booking_form", FORM_SLOTS

    def name(self) -> str:
        return "action_submit_booking"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        request = {
            "field": tracker.get_slot("procedure_field"),
            "starts_at": booking_moment(tracker).isoformat(),
            "name": tracker.get_slot("citizen_name"),
            "phone": tracker.get_slot("phone"),
            "procedure_id": tracker.get_slot("procedure_id"),
            "priority": tracker.get_slot("priority") or NO_PRIORITY,
            "channel": channel_of(tracker.sender_id),
            "channel_user_id": re.sub(r"[^\w.:@\-]", "_", tracker.sender_id)[:64],
        }
        booked = await kiosk.book(request, key=attempt_key(tracker, request))
        dispatcher.utter_message(json_message={"type": "booking", **booked})
        say(
            dispatcher,
            "booked",
            code=booked["code"],
            procedure=tracker.get_slot("procedure_name"),
            when=when_label(desk_moment(booked["starts_at"])),
            counters=", ".join(booked["counters"]),
        )

    async def kiosk_failed(
        self,
        kiosk: KioskClient,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        error: KioskError,
    ) -> list[EventType]:
        if error.unreachable or (error.status or 0) >= 500:
            # Answers kept: confirming again sends the same key, so a booking the kiosk
            # made before failing is returned, not made twice.
            dispatcher.utter_message(text=error.message)
            return [SlotSet("booking_confirm", None), FollowupAction(self.form)]
        return retry_slot(dispatcher, error, self.form) or self.reset()


def attempt_key(tracker: Tracker, request: dict[str, Any]) -> str:
    """The Idempotency-Key of one booking attempt: this conversation, this opening of the
    form, these answers. Sent again (a retry, the citizen confirming again) it books once."""
    opened = next(
        (
            event.get("timestamp")
            for event in reversed(tracker.events)
            if event.get("event") == "action" and event.get("name") == "action_start_booking"
        ),
        None,
    )
    text = json.dumps([tracker.sender_id, opened, request], sort_keys=True, ensure_ascii=False)
    return "bot-" + hashlib.sha256(text.encode()).hexdigest()[:40]
