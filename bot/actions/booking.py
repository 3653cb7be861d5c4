"""Appointment booking (booking_form): procedure, day, free slot, name, phone, priority,
confirmation, then the booking code from the kiosk API.

Days and times are read by actions.validators and checked against the kiosk's
free slots of the procedure's field; a full or closed choice is answered with
the nearest free alternatives. Cancelling and rescheduling live in
actions.rebooking and share the day and slot questions defined here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import (
    MotcuaFormValidation,
    channel_of,
    form_reset,
    latest_text,
    start_form,
    stopped,
)
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import CONFIRM_BUTTONS, STOP_BUTTON, button, say
from actions.validators import (
    NO_PRIORITY,
    desk_moment,
    fold,
    normalize_phone,
    parse_date,
    parse_name,
    parse_time,
    parse_yes_no,
)

FORM_SLOTS = ["date", "time", "citizen_name", "phone", "priority", "booking_confirm"]
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
SHOWN_SLOTS = 8


def day_label(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d/%m/%Y}"


def when_label(starts_at: dt.datetime) -> str:
    return f"{starts_at:%H:%M} {day_label(starts_at.date())}"


def slot_starts(slots: List[Dict[str, Any]]) -> List[dt.datetime]:
    return [desk_moment(s["starts_at"]) for s in slots]


def spread(items: List[Any], count: int) -> List[Any]:
    """At most `count` items evenly spread over the list (morning and afternoon both)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def nearest(starts: List[dt.datetime], wanted: dt.datetime, count: int = 3) -> List[dt.datetime]:
    return sorted(sorted(starts, key=lambda s: abs(s - wanted))[:count])


def time_buttons(starts: List[dt.datetime]) -> List[Dict[str, str]]:
    return [button(f"{s:%H:%M}") for s in starts]


def is_reschedule(message: str) -> bool:
    return bool(re.search(r"\b(doi|chuyen) (lich|hen|gio|ngay|sang|qua)\b", fold(message)))


async def desk_calendar(kiosk: KioskClient) -> Tuple[dt.date, Optional[int]]:
    """Today at the desk (the kiosk's clock, which tests and demos may pin) and how many
    days ahead one can book."""
    desk = await kiosk.desk()
    return desk_moment(desk["now"]).date(), desk.get("booking_horizon_days")


class SlotQuestions(MotcuaFormValidation):
    """Day and time answers checked against the kiosk's free slots (booking and moving)."""

    async def validate_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """A day from today on with free slots; a time said with it ("mai 9h") is kept."""
        if self.wants_stop(value, tracker):
            return self.stop("date")
        field = tracker.get_slot("procedure_field")
        async with KioskClient.from_env() as kiosk:
            try:
                today, horizon = await desk_calendar(kiosk)
                day = parse_date(str(value), today)
                if day is None:
                    return self.invalid(dispatcher, tracker, "date", "invalid_date", text=value)
                if day < today:
                    return self.invalid(
                        dispatcher, tracker, "date", "past_date", date=day_label(day)
                    )
                if horizon is not None and (day - today).days > horizon:
                    return self.invalid(dispatcher, tracker, "date", "too_far", days=horizon)
                free = slot_starts(await kiosk.free_slots(field, day, day)) if field else []
                if field and not free:
                    return await self._closed(dispatcher, tracker, kiosk, field, day)
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return self.failed(dispatcher, tracker, "date")
        moment = parse_time(str(value))
        said = dt.datetime.combine(day, moment) if moment else None
        time = f"{moment:%H:%M}" if said in free else None
        return self.accepted(tracker, {"date": day.isoformat(), "time": time})

    async def _closed(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        kiosk: KioskClient,
        field: str,
        day: dt.date,
    ) -> Dict[Text, Any]:
        later = await kiosk.free_slots(
            field, day + dt.timedelta(days=1), day + dt.timedelta(days=14)
        )
        days = sorted({start.date() for start in slot_starts(later)})[:3]
        say(dispatcher, "closed_day", date=day_label(day))
        if not days:
            return self.failed(dispatcher, tracker, "date")
        buttons = [button(day_label(d), f"{d:%d/%m/%Y}") for d in days]
        labels = ", ".join(day_label(d) for d in days)
        return self.invalid(dispatcher, tracker, "date", "nearest_days", buttons, days=labels)

    async def validate_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("time")
        moment = parse_time(str(value))
        day, field = tracker.get_slot("date"), tracker.get_slot("procedure_field")
        if moment is None:
            return self.invalid(dispatcher, tracker, "time", "invalid_time", text=value)
        if not day or not field:
            return {"time": None}  # asked again once the day is known
        wanted = dt.datetime.combine(dt.date.fromisoformat(day), moment)
        async with KioskClient.from_env() as kiosk:
            try:
                free = slot_starts(await kiosk.free_slots(field, wanted.date(), wanted.date()))
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return self.failed(dispatcher, tracker, "time")
        if wanted in free:
            return self.accepted(tracker, {"time": f"{moment:%H:%M}"})
        buttons = time_buttons(nearest(free, wanted)) + [STOP_BUTTON]
        label = day_label(wanted.date())
        return self.invalid(
            dispatcher, tracker, "time", "time_full", buttons, time=f"{moment:%H:%M}", date=label
        )

    async def validate_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("booking_confirm")
        answer = value if isinstance(value, bool) else parse_yes_no(str(value))
        if answer is None:
            buttons = CONFIRM_BUTTONS + [STOP_BUTTON]
            return self.invalid(dispatcher, tracker, "booking_confirm", "confirm_yes_no", buttons)
        if not answer:
            return self.stop("booking_confirm")
        return self.accepted(tracker, {"booking_confirm": True})


class ValidateBookingForm(SlotQuestions):
    def name(self) -> Text:
        return "validate_booking_form"

    async def validate_citizen_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.parsed(value, dispatcher, tracker, "citizen_name", parse_name, "invalid_name")

    async def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.parsed(
            value, dispatcher, tracker, "phone", normalize_phone, "invalid_phone", text=value
        )


class ActionStartBooking(Action):
    """Open the booking form afresh ("đổi lịch hẹn" goes to the change form instead)."""

    def name(self) -> Text:
        return "action_start_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if is_reschedule(latest_text(tracker)):
            from actions.rebooking import start_change  # the other half of appointments

            return await start_change(tracker) + [FollowupAction("change_form")]
        return await start_form(tracker, FORM_SLOTS)


class ActionAskTime(Action):
    """Offer the free slots of the chosen day as buttons."""

    def name(self) -> Text:
        return "action_ask_time"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        day = dt.date.fromisoformat(tracker.get_slot("date"))
        field = tracker.get_slot("procedure_field")
        async with KioskClient.from_env() as kiosk:
            try:
                free = slot_starts(await kiosk.free_slots(field, day, day))
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return []
        buttons = time_buttons(spread(free, SHOWN_SLOTS)) + [STOP_BUTTON]
        say(dispatcher, "ask_time", buttons=buttons, date=day_label(day))
        return []


def booking_moment(tracker: Tracker) -> dt.datetime:
    day = dt.date.fromisoformat(tracker.get_slot("date"))
    return dt.datetime.combine(day, dt.time.fromisoformat(tracker.get_slot("time")))


class ActionAskBookingConfirm(Action):
    """Read the booking back before it is made (or the change, in the change form)."""

    def name(self) -> Text:
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        buttons = CONFIRM_BUTTONS
        if tracker.active_loop_name == "change_form":
            from actions.rebooking import ask_change_confirm

            ask_change_confirm(dispatcher, tracker, buttons)
            return []
        priority = tracker.get_slot("priority")
        say(
            dispatcher,
            "ask_confirm",
            buttons=buttons,
            procedure=tracker.get_slot("procedure_name"),
            when=when_label(booking_moment(tracker)),
            name=tracker.get_slot("citizen_name"),
            phone=tracker.get_slot("phone"),
            priority="không" if priority == NO_PRIORITY else priority,
        )
        return []


class ActionSubmitBooking(Action):
    """Book through the kiosk API; a slot taken meanwhile offers the nearest free ones."""

    def name(self) -> Text:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stopped(tracker, dispatcher, "booking_form"):
            return form_reset(FORM_SLOTS)
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
        async with KioskClient.from_env() as kiosk:
            try:
                booked = await kiosk.book(request, key=attempt_key(tracker, request))
            except KioskError as error:
                if error.unreachable or (error.status or 0) >= 500:
                    # Answers kept: confirming again sends the same key, so a booking the
                    # kiosk made before failing is returned, not made twice.
                    dispatcher.utter_message(text=error.message)
                    return [SlotSet("booking_confirm", None), FollowupAction("booking_form")]
                return retry_slot(dispatcher, error, "booking_form") or form_reset(FORM_SLOTS)
        dispatcher.utter_message(json_message={"type": "booking", **booked})
        say(
            dispatcher,
            "booked",
            code=booked["code"],
            procedure=tracker.get_slot("procedure_name"),
            when=when_label(desk_moment(booked["starts_at"])),
            counters=", ".join(booked["counters"]),
        )
        return form_reset(FORM_SLOTS)


# Refusals that another day or time can fix: the form asks the day again.
RETRY_CODES = ("slot_full", "slot_unavailable", "phone_booking_limit", "phone_slot_taken")


def attempt_key(tracker: Tracker, request: Dict[str, Any]) -> str:
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


def retry_slot(
    dispatcher: CollectingDispatcher, error: KioskError, form: Text
) -> Optional[List[EventType]]:
    """A slot taken or closed meanwhile, or the phone's bookings for that day used up: say
    why (offering the alternatives when there are some) and ask the day again."""
    if error.code not in RETRY_CODES:
        dispatcher.utter_message(text=error.message)
        return None
    alternatives = [desk_moment(a["starts_at"]) for a in error.body.get("alternatives", [])]
    if alternatives:
        buttons = [button(when_label(s), f"{s:%H:%M} {s:%d/%m/%Y}") for s in alternatives]
        say(dispatcher, "slot_taken", buttons=buttons + [STOP_BUTTON])
    else:
        dispatcher.utter_message(text=error.message)
    reset = ("date", "time", "booking_confirm")
    return [SlotSet(slot, None) for slot in reset] + [FollowupAction(form)]
