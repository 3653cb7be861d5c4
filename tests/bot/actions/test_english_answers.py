"""action_answer_procedure on English questions (actions/english.py): the catalog's card in
an English frame, or in English that the catalog has no answer, with the hotline."""

from __future__ import annotations

from typing import Any

import pytest
from actions import english
from actions.procedures import ActionAnswerProcedure
from harness import buttons, customs, get_json, run, texts, tracker
from rasa_sdk.events import SlotSet

ACTION = ActionAnswerProcedure()
FRAME = "Here is what the procedure catalog says (official details are in Vietnamese): "


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        ("passport for my son", "xuat-nhap-canh.ho-chieu"),
        ("how much is a birth certificate", "ho-tich.khai-sinh"),
        ("where do I register my marriage", "ho-tich.ket-hon"),
    ],
)
def test_english_question_gets_the_card_in_an_english_frame(
    kiosk_api: str, domain: Any, question: str, procedure_id: str
) -> None:
    events, messages = run(ACTION, tracker(question, "ask_procedure"), domain)
    procedure = get_json(f"{kiosk_api}/procedures/{procedure_id}")
    assert customs(messages) == [{"type": "procedure_card", "procedure": procedure}]
    said = texts(messages)
    assert said[0] == f"{FRAME}{procedure['name']}."
    assert said[1].startswith(f"{procedure['name']} ({procedure['field']}).")  # Vietnamese facts
    assert buttons(messages[-1]) == [(b["title"], b["payload"]) for b in english.CARD_BUTTONS]
    assert SlotSet("procedure_id", procedure_id) in events


def test_english_question_outside_the_catalog_is_declined_in_english(
    kiosk_api: str, domain: Any
) -> None:
    events, messages = run(ACTION, tracker("what is the price of gold", "ask_procedure"), domain)
    hotline = get_json(f"{kiosk_api}/desk")["hotline"]
    assert events == [] and customs(messages) == []
    assert texts(messages) == [
        english.MESSAGES["not_found"],
        f"You can call the hotline {hotline}, or talk to a staff member.",
    ]
    assert buttons(messages[-1]) == [("Talk to staff", "/request_human")]


def test_the_english_screen_answers_one_word_in_english(kiosk_api: str, domain: Any) -> None:
    """NLU marked the message English (components/english.py, the kiosk's English screen)."""
    request = tracker("passport", "ask_procedure")
    request.latest_message["language"] = "en"
    _, messages = run(ACTION, request, domain)
    procedure = get_json(f"{kiosk_api}/procedures/xuat-nhap-canh.ho-chieu")
    assert texts(messages)[0] == f"{FRAME}{procedure['name']}."
