"""Procedure questions: a card built from catalog fields, follow-ups, corrections, abstention.

"làm giấy khai sinh thế nào" → search → the top procedure as a card (JSON for the
kiosk, text for every channel) with buttons to prepare the dossier, book, or see
the forms; when the best candidates are variants the question does not choose between,
the variant question first (actions/variants.py). "lệ phí bao nhiêu?" afterwards answers
about the same procedure; "không phải, ý tôi là ..." searches again. When the retriever
abstains the assistant says it does not know and offers the hotline and a person. The
card and the answers about one aspect are worded in actions/cards.py.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import english
from actions.aspects import correction, detect_aspect, is_follow_up
from actions.cards import CARD_ASPECTS, answer_aspect, show_card
from actions.catalog import procedure_slots
from actions.conversation import entity, in_english, latest_intent, latest_text
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import HUMAN_BUTTON, button, say
from actions.submit import KioskAction
from actions.variants import ask_variant
from vntext.english import vietnamese_question


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
