"""The day and time questions of the booking and change forms, answered from the kiosk's
free slots; the free times offered as buttons; a slot taken meanwhile.

Days and times are read by actions.validators and checked against the kiosk's
free slots of the procedure's field; a full or closed choice is answered with
the nearest free alternatives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import MotcuaFormValidation, Values
from actions.kiosk_client import KioskClient, KioskError
from actions.labels import day_label, when_label
from actions.messages import CONFIRM_BUTTONS, STOP_BUTTON, Button, button, say
from actions.submit import KioskAction
from actions.validators import desk_moment, parse_date, parse_time, parse_yes_no

SHOWN_SLOTS = 8


def slot_starts(slots: list[dict[str, Any]]) -> list[dt.datetime]:
    return [desk_moment(s["starts_at"]) for s in slots]


def spread(items: list[Any], count: int) -> list[Any]:
    """At most `count` items evenly spread over the list (morning and afternoon both)."""
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def nearest(starts: list[dt.datetime], wanted: dt.datetime, count: int = 3) -> list[dt.datetime]:
    return sorted(sorted(starts, key=lambda s: abs(s - wanted))[:count])


def time_buttons(starts: list[dt.datetime]) -> list[Button]:
    return [button(f"{s:%H:%M}") for s in starts]


def booking_moment(tracker: Tracker) -> dt.datetime:
    day = dt.date.fromisoformat(tracker.get_slot("date"))
    return dt.datetime.combine(day, dt.time.fromisoformat(tracker.get_slot("time")))


async def desk_calendar(kiosk: KioskClient) -> tuple[dt.date, int | None]:
    """Today at the desk (the kiosk's clock, which tests and demos may pin) and how many
    days ahead one can book."""
    desk = await kiosk.desk()
    return desk_moment(desk["now"]).date(), desk.get("booking_horizon_days")


# Refusals that another day or time can fix: the form asks the day again.
RETRY_CODES = ("slot_full", "slot_unavailable", "phone_booking_limit", "phone_slot_taken")


def retry_slot(
    dispatcher: CollectingDispatcher, error: KioskError, form: str
) -> list[EventType] | None:
    """A slot taken or closed meanwhile, or the phone's bookings for that day used up: say
    why (offering the alternatives when there are some) and ask the day again. None when
    another day cannot help (the caller ends the form)."""
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


class SlotQuestions(MotcuaFormValidation):
    """Day and time answers checked against the kiosk's free slots (booking and moving)."""

    async def validate_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
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
                return self.unanswered(dispatcher, tracker, "date", error)
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
    ) -> Values:
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
    ) -> Values:
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
                return self.unanswered(dispatcher, tracker, "time", error)
        if wanted in free:
            return self.accepted(tracker, {"time": f"{moment:%H:%M}"})
        buttons = time_buttons(nearest(free, wanted)) + [STOP_BUTTON]
        label = day_label(wanted.date())
        return self.invalid(
            dispatcher, tracker, "time", "time_full", buttons, time=f"{moment:%H:%M}", date=label
        )

    async def validate_booking_confirm(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
        if self.wants_stop(value, tracker):
            return self.stop("booking_confirm")
        answer = value if isinstance(value, bool) else parse_yes_no(str(value))
        if answer is None:
            buttons = CONFIRM_BUTTONS + [STOP_BUTTON]
            return self.invalid(dispatcher, tracker, "booking_confirm", "confirm_yes_no", buttons)
        if not answer:
            return self.stop("booking_confirm")
        return self.accepted(tracker, {"booking_confirm": True})


class ActionAskTime(KioskAction):
    """Offer the free slots of the chosen day as buttons."""

    def name(self) -> str:
        return "action_ask_time"

    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        day = dt.date.fromisoformat(tracker.get_slot("date"))
        field = tracker.get_slot("procedure_field")
        free = slot_starts(await kiosk.free_slots(field, day, day))
        buttons = time_buttons(spread(free, SHOWN_SLOTS)) + [STOP_BUTTON]
        say(dispatcher, "ask_time", buttons=buttons, date=day_label(day))
        return []
