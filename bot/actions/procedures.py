"""Procedure questions: a card built from catalog fields, follow-ups, corrections, abstention.

"làm giấy khai sinh thế nào" → search → the top procedure as a card (JSON for the
kiosk, text for every channel) with buttons to prepare the dossier, book, or see
the forms; when the best candidates are variants the question does not choose between,
the variant question first (actions/variants.py). "lệ phí bao nhiêu?" afterwards answers
about the same procedure; "không phải, ý tôi là ..." searches again. When the retriever abstains the
assistant says it does not know and offers the hotline and a person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import english
from actions.aspects import correction, detect_aspect, is_follow_up
from actions.catalog import procedure_slots
from actions.conversation import entity, in_english, latest_intent, latest_text
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import HUMAN_BUTTON, button, say, text
from actions.official import channel_lines, closing_lines, components_text, official_aspect
from actions.submit import KioskAction
from actions.variants import ask_variant
from vntext.english import vietnamese_question
from vntext.procedure_facts import NO_INFO, levels_text

CARD_BUTTONS = [
    button("Chuẩn bị hồ sơ", "/prepare_dossier"),
    button("Đặt lịch hẹn", "/book_appointment"),
    button("Biểu mẫu", '/ask_procedure{"aspect": "forms"}'),
]
FIELD_LABELS = {
    "code": "mã thủ tục",
    "agency": "cơ quan thực hiện",
    "dossier": "thành phần hồ sơ",
    "steps": "các bước",
    "processing_time": "thời hạn",
    "fees": "lệ phí",
    "online": "nộp trực tuyến",
    "location_independent": "nộp không phụ thuộc địa giới",
    "postal": "bưu chính",
    "conditions": "điều kiện",
    "result": "kết quả",
    "legal_basis": "căn cứ pháp lý",
}


def money(amount: int | None) -> str:
    if amount is None:
        return "tùy trường hợp"
    if amount == 0:
        return "miễn phí"
    return f"{amount:,}".replace(",", ".") + " đồng"


def fees_text(procedure: dict[str, Any]) -> str:
    parts = []
    for fee in procedure["fees"]:
        note = f" ({fee['note']})" if fee.get("note") else ""
        parts.append(f"{fee['name']}: {money(fee.get('amount_vnd'))}{note}")
    return "; ".join(parts)


def day_text(iso: str) -> str:
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y")


def online_text(procedure: dict[str, Any]) -> str:
    url = procedure.get("online_url")
    return f"{procedure['online']}" + (
        f" ({url})" if url and procedure["online"] != "không" else ""
    )


def sources_text(procedure: dict[str, Any]) -> str:
    return "; ".join(source["title"] for source in procedure["sources"])


def law_text(law: dict[str, Any]) -> str:
    return " ".join(filter(None, [law["title"], law.get("number"), law.get("articles")]))


def card_text(procedure: dict[str, Any]) -> str:
    """The card as text, every fact from a catalog field; an official record's structure
    (levels, channels, scope, notices, page) as actions/official.py says it."""
    if procedure.get("list_only"):
        agency = procedure["agency"]["name"] or NO_INFO
        head = text(
            "procedure_card_list", **_names(procedure), code=procedure["code"], agency=agency
        )
        return "\n".join([head, *closing_lines(procedure)])
    if procedure.get("origin") == "national":
        return "\n".join([official_card(procedure), *closing_lines(procedure)])
    extra = ["Cách thức thực hiện:", *channel_lines(procedure)] if procedure.get("channels") else []
    if len(procedure.get("levels") or []) > 1:
        extra.append(f"Cấp thực hiện: {levels_text(procedure)}.")
    return "\n".join([curated_card(procedure), *extra, *closing_lines(procedure)])


def _names(procedure: dict[str, Any]) -> dict[str, str]:
    return {"name": procedure["name"], "field": procedure["field"]}


def official_card(procedure: dict[str, Any]) -> str:
    """A national record: its channels carry the time and fees."""
    return text(
        "procedure_card_official",
        **_names(procedure),
        levels=levels_text(procedure),
        agency=procedure["agency"]["name"] or NO_INFO,
        channels="\n".join(channel_lines(procedure)) or NO_INFO,
        components=components_text(procedure),
        online=online_text(procedure),
        laws="; ".join(law_text(law) for law in procedure["legal_basis"]) or "không ghi",
        sources=sources_text(procedure),
        updated=day_text(procedure["updated"]),
    )


def curated_card(procedure: dict[str, Any]) -> str:
    return text(
        "procedure_card",
        name=procedure["name"],
        field=procedure["field"],
        agency=procedure["agency"]["name"],
        submit_at=procedure["agency"]["submit_at"],
        count=len(procedure["dossier"]),
        components="; ".join(item["name"] for item in procedure["dossier"]),
        time=procedure["processing_time"]["text"],
        fees=fees_text(procedure),
        online=online_text(procedure),
        laws="; ".join(law_text(law) for law in procedure["legal_basis"]) or "không ghi",
        sources=sources_text(procedure),
        updated=day_text(procedure["updated"]),
    )


def unverified_text(procedure: dict[str, Any], fields: list[str]) -> str | None:
    """A warning when some of the given fields were not checked against the legal text."""
    unchecked = [f for f in fields if f in procedure["verified"]["unverified"]]
    if not unchecked:
        return None
    return text("unverified", fields=", ".join(FIELD_LABELS.get(f, f) for f in unchecked))


def bullet(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def dossier_lines(procedure: dict[str, Any]) -> list[str]:
    lines = []
    for item in procedure["dossier"]:
        when = f" — {item['condition']}" if item.get("condition") else ""
        lines.append(f"{item['name']} ({item['kind']}, {item.get('count', 1)} bộ){when}")
    return lines


def form_names(procedure: dict[str, Any]) -> list[str]:
    return [f"{item['name']}: {item['form']}" for item in procedure["dossier"] if item.get("form")]


ASPECT_FIELDS = {
    "fees": ["fees"],
    "time": ["processing_time"],
    "place": ["agency"],
    "dossier": ["dossier"],
    "forms": ["dossier"],
    "online": ["online"],
    "legal": ["legal_basis"],
    "steps": ["steps"],
}


def aspect_text(procedure: dict[str, Any], aspect: str) -> str:
    """The answer to one part of a procedure, from its catalog fields."""
    official = official_aspect(procedure, aspect)
    if official is not None:
        return official
    name = procedure["name"]
    if aspect == "fees":
        return text("aspect_fees", name=name, fees=fees_text(procedure))
    if aspect == "time":
        return text("aspect_time", name=name, time=procedure["processing_time"]["text"])
    if aspect == "place":
        agency = procedure["agency"]
        return text("aspect_place", name=name, submit_at=agency["submit_at"], agency=agency["name"])
    if aspect == "dossier":
        return text("aspect_dossier", name=name, items=bullet(dossier_lines(procedure)))
    if aspect == "forms":
        forms = form_names(procedure)
        if not forms:
            return text("aspect_no_forms", name=name)
        return text("aspect_forms", name=name, forms=bullet(forms))
    if aspect == "online":
        url = procedure.get("online_url")
        link = f" Địa chỉ: {url}" if url and procedure["online"] != "không" else ""
        return text("aspect_online", name=name, online=procedure["online"], url=link)
    if aspect == "legal":
        laws = [law_text(law) for law in procedure["legal_basis"]]
        return text("aspect_legal", name=name, laws=bullet(laws))
    return text("aspect_steps", name=name, steps=bullet(procedure["steps"]))


def answer_aspect(dispatcher: CollectingDispatcher, procedure: dict[str, Any], aspect: str) -> None:
    dispatcher.utter_message(text=aspect_text(procedure, aspect))
    warning = unverified_text(procedure, ASPECT_FIELDS[aspect])
    source = text("source", sources=sources_text(procedure), updated=day_text(procedure["updated"]))
    dispatcher.utter_message(text=f"{source} {warning}" if warning else source)


# What the card already says; a question about anything else is answered after it.
CARD_ASPECTS = ("fees", "time", "place", "online", "legal", "forms")
CARD_FIELDS = ["agency", "dossier", "processing_time", "fees", "online", "legal_basis"]


def show_card(
    dispatcher: CollectingDispatcher,
    procedure: dict[str, Any],
    buttons: list[dict[str, str]] | None = None,
) -> None:
    dispatcher.utter_message(json_message={"type": "procedure_card", "procedure": procedure})
    warning = unverified_text(procedure, CARD_FIELDS)
    body = card_text(procedure) + (f"\n{warning}" if warning else "")
    dispatcher.utter_message(text=body, buttons=buttons or CARD_BUTTONS)


async def say_abstain(
    dispatcher: CollectingDispatcher, kiosk: KioskClient, hits: list[dict[str, Any]]
) -> None:
    """Say the catalog has no answer; suggest near names, the hotline and a person."""
    say(dispatcher, "procedure_abstain")
    if hits:
        say(dispatcher, "procedure_maybe", buttons=[button(hit["name"]) for hit in hits])
    try:
        hotline = (await kiosk.desk()).get("hotline")
    except KioskError:
        hotline = None
    key, values = ("hotline", {"hotline": hotline}) if hotline else ("no_hotline", {})
    say(dispatcher, key, buttons=[HUMAN_BUTTON], **values)


class ActionAnswerProcedure(KioskAction):
    """Answer a procedure question from the catalog, with context and corrections."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        message = latest_text(tracker)
        variant = entity(tracker, "variant")
        if variant:  # a button of the variant question: continue with the chosen one
            return await self._show(dispatcher, kiosk, variant, entity(tracker, "aspect"))
        if in_english(tracker):
            return await self._answer_english(dispatcher, kiosk, message)
        aspect = entity(tracker, "aspect") or detect_aspect(message)
        context = tracker.get_slot("procedure_id")
        corrected = correction(message)
        if corrected == "":
            say(dispatcher, "ask_which_procedure")
            return [SlotSet(slot, None) for slot in ("procedure_id", "procedure_name")]
        if corrected is None and latest_intent(tracker) == "deny":
            say(dispatcher, "anything_else")
            return []
        return await self._answer(dispatcher, kiosk, message, corrected, aspect, context)

    async def _answer_english(
        self, dispatcher: CollectingDispatcher, kiosk: KioskClient, message: str
    ) -> list[EventType]:
        """An English question: the catalog's answer in an English frame, or in English
        that it has none (actions/english.py)."""
        query = vietnamese_question(message) or message
        found = await kiosk.search(query, k=3)
        if found["hits"] and not found["abstain"]:
            procedure = await kiosk.procedure(found["hits"][0]["id"])
            english.say(dispatcher, "frame", name=procedure["name"])
            show_card(dispatcher, procedure, english.CARD_BUTTONS)
            aspect = detect_aspect(query)
            if aspect and aspect not in CARD_ASPECTS:
                answer_aspect(dispatcher, procedure, aspect)
            return [SlotSet(k, v) for k, v in procedure_slots(procedure).items()]
        referral = found.get("referral")
        if referral:
            english.say(dispatcher, "out_of_scope", where=referral["message"])
        else:
            english.say(dispatcher, "not_found")
        try:
            hotline = (await kiosk.desk()).get("hotline")
        except KioskError:
            hotline = None
        english.say_hotline(dispatcher, hotline)
        return []

    async def _show(
        self,
        dispatcher: CollectingDispatcher,
        kiosk: KioskClient,
        procedure_id: str,
        aspect: str | None,
    ) -> list[EventType]:
        """The procedure's card, then what was asked that the card does not say."""
        procedure = await kiosk.procedure(procedure_id)
        show_card(dispatcher, procedure)
        if aspect and aspect not in CARD_ASPECTS:
            answer_aspect(dispatcher, procedure, aspect)
        return [SlotSet(k, v) for k, v in procedure_slots(procedure).items()]

    async def _answer(
        self,
        dispatcher: CollectingDispatcher,
        kiosk: KioskClient,
        message: str,
        corrected: str | None,
        aspect: str | None,
        context: str | None,
    ) -> list[EventType]:
        # A question about the procedure in context ("lệ phí bao nhiêu?").
        about = (context, aspect) if corrected is None and context and aspect else None
        if about and (message.startswith("/") or is_follow_up(message)):
            answer_aspect(dispatcher, await kiosk.procedure(about[0]), about[1])
            return []
        query = corrected or message
        if query.startswith("/"):  # a button with nothing to look up ("Hỏi thủ tục")
            say(dispatcher, "ask_which_procedure")
            return []
        found = await kiosk.search(query, k=3)
        if found["hits"] and not found["abstain"]:
            if found.get("clarify"):
                ask_variant(dispatcher, found["clarify"], aspect)
                return []
            return await self._show(dispatcher, kiosk, found["hits"][0]["id"], aspect)
        if about:
            answer_aspect(dispatcher, await kiosk.procedure(about[0]), about[1])
            return []
        await say_abstain(dispatcher, kiosk, found["hits"])
        return []
