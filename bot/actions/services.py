"""The other desk services: dossier status, queue ticket, rating, complaint, contacts,
and handing the conversation to a person.

Each form here is short (two questions); its submit action calls the kiosk API
once and reads the answer back. Nothing is answered from memory: opening
hours, the hotline and counters come from GET /desk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import WEEKDAY_NAMES
from actions.forms import (
    MotcuaFormValidation,
    channel_of,
    form_reset,
    latest_text,
    start_form,
    stopped,
)
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import HUMAN_BUTTON, LABELS, button, say, text
from actions.questions import RATING_BUTTONS
from actions.validators import (
    clean_text,
    desk_moment,
    is_skip,
    normalize_phone,
    parse_dossier_code,
    parse_rating,
    phone_last4,
)

STATUS_SLOTS = ["dossier_code", "phone_last4"]
TICKET_SLOTS = ["priority"]
RATING_SLOTS = ["rating", "rating_comment"]
COMPLAINT_SLOTS = ["complaint_content", "contact_phone"]
SKIPPED = "-"  # an optional answer left out (a slot must hold something to be done)
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def day_text(iso: Optional[str]) -> str:
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else "chưa có"


def moment_text(iso: str) -> str:
    return desk_moment(iso).strftime("%H:%M %d/%m/%Y")


class ValidateServiceForms(MotcuaFormValidation):
    """The short forms' answers (each validator is used by one form only)."""

    async def validate_dossier_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.parsed(
            value, dispatcher, tracker, "dossier_code", parse_dossier_code, "invalid_dossier_code"
        )

    async def validate_phone_last4(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.parsed(value, dispatcher, tracker, "phone_last4", phone_last4, "invalid_last4")

    async def validate_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return self.parsed(
            value,
            dispatcher,
            tracker,
            "rating",
            parse_rating,
            "invalid_rating",
            buttons=RATING_BUTTONS,
        )

    async def validate_rating_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("rating_comment")
        comment = SKIPPED if is_skip(str(value)) else clean_text(str(value), limit=1000)
        return {"rating_comment": comment or SKIPPED}

    async def validate_complaint_content(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("complaint_content")
        content = clean_text(str(value))
        if content is None or len(content.split()) < 3:
            return self.invalid(dispatcher, tracker, "complaint_content", "invalid_complaint")
        return self.accepted(tracker, {"complaint_content": content})

    async def validate_contact_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("contact_phone")
        if is_skip(str(value)):
            return self.accepted(tracker, {"contact_phone": SKIPPED})
        phone = normalize_phone(str(value))
        if phone is None:
            return self.invalid(dispatcher, tracker, "contact_phone", "invalid_phone", text=value)
        return self.accepted(tracker, {"contact_phone": phone})


class ValidateStatusForm(ValidateServiceForms):
    def name(self) -> Text:
        return "validate_status_form"


class ValidateTicketForm(ValidateServiceForms):
    def name(self) -> Text:
        return "validate_ticket_form"


class ValidateRatingForm(ValidateServiceForms):
    def name(self) -> Text:
        return "validate_rating_form"


class ValidateComplaintForm(ValidateServiceForms):
    def name(self) -> Text:
        return "validate_complaint_form"


class ActionStartService(Action):
    """Open one of the short forms afresh (which one: the intent that opened it)."""

    SLOTS = {
        "check_dossier_status": STATUS_SLOTS,
        "get_queue_ticket": TICKET_SLOTS,
        "rate_service": RATING_SLOTS,
        "file_complaint": COMPLAINT_SLOTS,
    }

    def name(self) -> Text:
        return "action_start_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        slots = self.SLOTS.get(intent, [])
        if intent == "get_queue_ticket":
            return await start_form(tracker, slots)
        events = form_reset(slots)
        message = latest_text(tracker)
        code = parse_dossier_code(message) if intent == "check_dossier_status" else None
        score = parse_rating(message) if intent == "rate_service" else None
        if code:
            events.append(SlotSet("dossier_code", code))
        if score:
            events.append(SlotSet("rating", score))
        return events


class ActionCheckStatus(Action):
    def name(self) -> Text:
        return "action_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stopped(tracker, dispatcher, "status_form"):
            return form_reset(STATUS_SLOTS)
        async with KioskClient.from_env() as kiosk:
            try:
                found = await kiosk.dossier_status(
                    tracker.get_slot("dossier_code"), tracker.get_slot("phone_last4")
                )
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return form_reset(STATUS_SLOTS)
        say(
            dispatcher,
            "dossier_status",
            code=found["code"],
            procedure=found["procedure_name"],
            status=found["status"],
            received=day_text(found["received_on"]),
            due=day_text(found["due_on"]),
            updated=moment_text(found["updated_at"]),
        )
        return form_reset(STATUS_SLOTS)


class ActionTakeTicket(Action):
    def name(self) -> Text:
        return "action_take_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stopped(tracker, dispatcher, "ticket_form"):
            return form_reset(TICKET_SLOTS)
        async with KioskClient.from_env() as kiosk:
            try:
                ticket = await kiosk.take_ticket(
                    tracker.get_slot("procedure_field"), tracker.get_slot("priority")
                )
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return form_reset(TICKET_SLOTS)
        dispatcher.utter_message(json_message={"type": "ticket", **ticket})
        say(
            dispatcher,
            "ticket" if ticket["people_ahead"] else "ticket_next",
            label=ticket["label"],
            field=ticket["field"],
            ahead=ticket["people_ahead"],
            wait=ticket["estimated_wait_minutes"],
        )
        return form_reset(TICKET_SLOTS)


class ActionSubmitRating(Action):
    def name(self) -> Text:
        return "action_submit_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stopped(tracker, dispatcher, "rating_form"):
            return form_reset(RATING_SLOTS)
        comment = tracker.get_slot("rating_comment")
        score = tracker.get_slot("rating")
        async with KioskClient.from_env() as kiosk:
            try:
                await kiosk.rate(
                    score, None if comment == SKIPPED else comment, tracker.get_slot("procedure_id")
                )
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return form_reset(RATING_SLOTS)
        say(dispatcher, "rated", score=score)
        return form_reset(RATING_SLOTS)


class ActionSubmitComplaint(Action):
    def name(self) -> Text:
        return "action_submit_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stopped(tracker, dispatcher, "complaint_form"):
            return form_reset(COMPLAINT_SLOTS)
        phone = tracker.get_slot("contact_phone")
        async with KioskClient.from_env() as kiosk:
            try:
                filed = await kiosk.complain(
                    tracker.get_slot("complaint_content"),
                    None if phone == SKIPPED else phone,
                    tracker.get_slot("procedure_id"),
                )
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return form_reset(COMPLAINT_SLOTS)
        say(dispatcher, "complaint_filed", code=filed["code"], due=day_text(filed["due_on"]))
        return form_reset(COMPLAINT_SLOTS)


def hours_text(hours: Dict[str, List[str]]) -> str:
    """ "Thứ Hai–Thứ Sáu: 07:30-11:30, 13:30-17:00; Thứ Bảy: 07:30-11:30"."""
    groups: List[List[Any]] = []
    for index, key in enumerate(WEEKDAY_KEYS):
        spans = ", ".join(hours.get(key, []))
        if spans and groups and groups[-1][1] == spans and groups[-1][0][-1] == index - 1:
            groups[-1][0].append(index)
        elif spans:
            groups.append([[index], spans])
    parts = []
    for days, spans in groups:
        first, last = WEEKDAY_NAMES[days[0]], WEEKDAY_NAMES[days[-1]]
        parts.append(f"{first}–{last}: {spans}" if len(days) > 1 else f"{first}: {spans}")
    return "; ".join(parts)


class ActionContact(Action):
    """Where the desk is, its hours, hotline and counters (from GET /desk)."""

    def name(self) -> Text:
        return "action_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        async with KioskClient.from_env() as kiosk:
            try:
                desk = await kiosk.desk()
            except KioskError as error:
                dispatcher.utter_message(text=error.message)
                return []
        counters = "; ".join(f"{c['name']}: {', '.join(c['fields'])}" for c in desk["counters"])
        say(
            dispatcher,
            "contacts",
            name=desk["name"],
            address=f", {desk['address']}" if desk.get("address") else "",
            hours=hours_text(desk["hours"]),
            hotline=desk.get("hotline") or "chưa cấu hình",
            counters=counters,
        )
        return []


def transcript(tracker: Tracker, count: int = 6) -> List[str]:
    """The citizen's last messages, for the person who takes over."""
    said = [e.get("text") for e in tracker.events if e.get("event") == "user"]
    return [str(t)[:500] for t in said if t][-count:]


class ActionHandoff(Action):
    """Hand the conversation to desk staff: a request row, and a payload channels act on."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        form = tracker.active_loop_name  # a form left for a person says which
        reason = "Công dân yêu cầu gặp cán bộ" + (
            f" (đang {LABELS[form]})" if form in LABELS else ""
        )
        request = {
            "channel": channel_of(tracker.sender_id),
            "sender_id": tracker.sender_id[:64],
            "reason": reason,
            "procedure_id": tracker.get_slot("procedure_id"),
            "transcript": transcript(tracker),
        }
        async with KioskClient.from_env() as kiosk:
            try:
                handoff = await kiosk.handoff(request)
            except KioskError:
                try:
                    hotline = (await kiosk.desk()).get("hotline") or "tại quầy"
                except KioskError:
                    hotline = "tại quầy"
                say(dispatcher, "handoff_failed", hotline=hotline)
                return []
        payload = {key: handoff[key] for key in ("code", "channel", "sender_id", "reason")}
        payload.update(
            procedure_id=handoff["procedure_id"], waiting_before=handoff["waiting_before"]
        )
        dispatcher.utter_message(json_message={"type": "handoff", **payload})
        ahead = handoff["waiting_before"]
        position = text("handoff_position", count=ahead) if ahead else ""
        say(dispatcher, "handoff", code=handoff["code"], position=position)
        return []


FALLBACK_BUTTONS = [
    button("Hỏi thủ tục", "/ask_procedure"),
    button("Đặt lịch hẹn", "/book_appointment"),
    button("Lấy số thứ tự", "/get_queue_ticket"),
    HUMAN_BUTTON,
]


class ActionDefaultFallback(Action):
    """A turn no rule covers: say so, show what the assistant does, forget the turn."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        say(dispatcher, "fallback", buttons=FALLBACK_BUTTONS)
        return [UserUtteranceReverted()]
