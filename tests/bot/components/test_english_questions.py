"""The pipeline's EnglishQuestions (bot/components/english.py): English questions become
procedure questions; no Vietnamese training example, and no small talk the model was
taught in English, is re-labelled (so the cross-validated numbers cannot move).

Runs in .venv-rasa only (it needs rasa itself; tests/bot/conftest.py skips it elsewhere).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[3] / "bot"
if str(BOT) not in sys.path:
    sys.path.insert(0, str(BOT))

with warnings.catch_warnings():  # rasa's own imports warn (tensorflow, jax)
    warnings.simplefilter("ignore")
    from components.english import EnglishQuestions
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, METADATA, TEXT
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.message import Message


def classified(
    text: str, intent: str, confidence: float = 0.9, language: str | None = None
) -> Message:
    """A message as the classifiers before EnglishQuestions leave it (`language`: what the
    kiosk's screen said in the message's metadata)."""
    message = Message(data={TEXT: text, METADATA: {"language": language} if language else None})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    ranking = [{"name": intent, "confidence": confidence}, {"name": "greet", "confidence": 0.1}]
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def intent_after(text: str, intent: str) -> str:
    message = EnglishQuestions().process([classified(text, intent)])[0]
    return str(message.get(INTENT)["name"])


@pytest.mark.parametrize(
    ("text", "model_read"),
    [
        ("passport for my son", "inform"),  # what the Vietnamese model reads
        ("how much is a birth certificate", "out_of_scope"),
        ("where do I register my marriage", "out_of_scope"),
        ("what is the price of gold", "goodbye"),
        ("I want to talk to a person", "prepare_dossier"),
        ("hi, where do I get a passport", "nlu_fallback"),
    ],
)
def test_english_questions_are_procedure_questions(text: str, model_read: str) -> None:
    message = EnglishQuestions().process([classified(text, model_read)])[0]
    assert message.get(INTENT) == {"name": "ask_procedure", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0] == {"name": "ask_procedure", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)].count("ask_procedure") == 1
    assert message.as_dict(only_output_properties=True)["language"] == "en"


def test_the_english_screen_makes_one_english_word_enough() -> None:
    on_screen = EnglishQuestions().process([classified("passport", "inform", language="en")])[0]
    assert on_screen.get(INTENT)["name"] == "ask_procedure"
    assert on_screen.get("language") == "en"
    plain = EnglishQuestions().process([classified("passport", "inform")])[0]
    assert plain.get(INTENT)["name"] == "inform" and plain.get("language") is None
    digits = EnglishQuestions().process([classified("0888", "inform", language="en")])[0]
    assert digits.get(INTENT)["name"] == "inform"  # a form's answer on the English screen


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("thank you very much", "thank"),
        ("hello there", "greet"),
        ("John Smith", "inform"),  # a name answering a form
        ("/request_human", "request_human"),
        ("làm hộ chiếu cho con", "ask_procedure"),
        ("ho chieu cho con", "book_appointment"),
    ],
)
def test_small_talk_names_and_vietnamese_are_kept(text: str, intent: str) -> None:
    assert intent_after(text, intent) == intent


def test_no_training_example_is_relabelled() -> None:
    """Every NLU example, read as its own intent, keeps it: Vietnamese ones are not English,
    the English small talk has its small-talk words."""
    with warnings.catch_warnings():  # the YAML reader imports pkg_resources
        warnings.simplefilter("ignore")
        data = load_data(str(BOT / "data" / "nlu"))
    examples = [m for m in data.intent_examples if m.get(TEXT)]
    assert len(examples) > 1000
    changed = [
        (m.get(TEXT), m.get(INTENT))
        for m in examples
        if intent_after(m.get(TEXT), m.get(INTENT)) != m.get(INTENT)
    ]
    assert changed == []
