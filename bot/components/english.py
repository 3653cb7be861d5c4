"""English questions go to the procedure answer, whatever the Vietnamese model read.

The intent model is trained on Vietnamese only (English examples would blur the
Vietnamese intents); on "passport for my son" it guesses: out of scope, a fallback, a
booking. This component runs after the classifiers: when `vntext.english.is_english`
reads the message as English (one English word is enough when the kiosk's screen is in
English: the chat sends {"metadata": {"language": "en"}}), its intent becomes
ask_procedure, the parse data says "language": "en", and
actions/procedures.py answers in English around the catalog's Vietnamese facts (or
says in English that the catalog has no answer). The model's reading is kept only
for small talk it was taught in English ("thank you", "hi there": a small-talk word
and a small-talk intent) and for a name answering a form ("John Smith"). Vietnamese
messages, marked or not, are left untouched, so the cross-validated Vietnamese
numbers do not move (tests/bot/components/test_english_questions.py checks every example).
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message

from vntext.english import is_english

ENGLISH_INTENT = "ask_procedure"
LANGUAGE = "language"  # in the parse data (tracker.latest_message) of an English message
# Small talk the training data has in English too: kept when a small-talk word says so
# (the model also reads "what is the price of gold" as goodbye).
SMALL_TALK_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny"})
SMALL_TALK_WORDS = frozenset({
    "hi", "hello", "hey", "alo", "thank", "thanks", "tks", "bye", "goodbye", "see", "yes",
    "yeah", "ok", "okay", "no", "sorry"
})  # fmt: skip
_NAME = re.compile(r"^([A-Z][a-z]+\s+){1,3}[A-Z][a-z]+$")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EnglishQuestions(GraphComponent):
    """An English question is a procedure question (answered in English by the actions)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EnglishQuestions:
        """Creates the component (no state to load)."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Re-label English questions as ask_procedure."""
        for message in messages:
            relabel(message)
        return messages


def kept(text: str, intent: str | None) -> bool:
    """Whether the model's reading of an English message stands."""
    if intent in SMALL_TALK_INTENTS:
        return bool(SMALL_TALK_WORDS & set(re.findall(r"[a-z]+", text.lower())))
    return intent == "inform" and bool(_NAME.match(text.strip()))  # "John Smith"


def relabel(message: Message) -> None:
    text = message.get(TEXT) or ""
    intent = (message.get(INTENT) or {}).get("name")
    screen = (message.get(METADATA) or {}).get("language") == "en"  # the kiosk in English
    if text.startswith("/") or not is_english(text, screen_english=screen):
        return
    message.set(LANGUAGE, "en", add_to_output=True)  # the actions answer in English
    if kept(text, intent):
        return
    message.set(INTENT, {"name": ENGLISH_INTENT, "confidence": 1.0}, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r["name"] != ENGLISH_INTENT]
    top = {"name": ENGLISH_INTENT, "confidence": 1.0}
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
