"""Rating the service (rating_form): how satisfied, an optional comment, recorded through
the kiosk API (Decision 766/QĐ-TTg's three answers)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import SKIPPED, MotcuaFormValidation, Values
from actions.kiosk_client import KioskClient
from actions.messages import say
from actions.questions import RATING_BUTTONS
from actions.submit import FormSubmit
from actions.validators import clean_text, is_skip, parse_rating

RATING_SLOTS = ["rating", "rating_comment"]


class ValidateRatingForm(MotcuaFormValidation):
    def name(self) -> str:
        return "validate_rating_form"

    async def validate_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Values:
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
    ) -> Values:
        if self.wants_stop(value, tracker):
            return self.stop("rating_comment")
        comment = SKIPPED if is_skip(str(value)) else clean_text(str(value), limit=1000)
        return {"rating_comment": comment or SKIPPED}


class ActionSubmitRating(FormSubmit):
    form, slots = "rating_form", RATING_SLOTS

    def name(self) -> str:
        return "action_submit_rating"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        comment = tracker.get_slot("rating_comment")
        score = tracker.get_slot("rating")
        await kiosk.rate(
            score, None if comment == SKIPPED else comment, tracker.get_slot("procedure_id")
        )
        say(dispatcher, "rated", score=score)
