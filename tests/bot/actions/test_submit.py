"""bot/actions/submit.py: the one place a kiosk failure and a left form are handled."""

from __future__ import annotations

from typing import Any

from actions.dossier import ValidateDossierForm
from actions.handoff import ActionHandoff
from actions.kiosk_client import UNREACHABLE
from actions.rating import ActionSubmitRating
from actions.submit import FormSubmit, KioskAction
from harness import form_reset_events as reset
from harness import form_tracker, free_port_url, run, texts, tracker
from rasa_sdk.events import SlotSet

RATED = {"rating": "hài lòng", "rating_comment": "-", "procedure_id": None}


def test_bases_are_abstract_so_the_sdk_registers_only_actions() -> None:
    assert KioskAction.__abstractmethods__ == {"act"}
    assert FormSubmit.__abstractmethods__ == {"submit"}


def test_a_left_form_submits_nothing_and_is_cleared(monkeypatch: Any, domain: Any) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())  # never reached
    slots = {**RATED, "form_stopped": True}
    events, messages = run(ActionSubmitRating(), tracker("thôi", slots=slots), domain)
    assert events == reset("rating", "rating_comment")
    assert texts(messages) == ["Dạ, mình đã dừng đánh giá. Bạn cần gì thêm cứ hỏi mình nhé."]


def test_kiosk_down_at_submit_is_said_and_the_form_cleared(monkeypatch: Any, domain: Any) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    events, messages = run(ActionSubmitRating(), tracker("ok", slots=RATED), domain)
    assert events == reset("rating", "rating_comment")
    assert texts(messages) == [UNREACHABLE]


def test_handoff_without_the_kiosk_gives_the_counter(monkeypatch: Any, domain: Any) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    events, messages = run(ActionHandoff(), tracker("gặp cán bộ", "request_human"), domain)
    assert events == []
    assert "tại quầy" in texts(messages)[0]


def test_kiosk_down_while_a_form_checks_an_answer_counts_a_failure(
    monkeypatch: Any, domain: Any
) -> None:
    # MotcuaFormValidation.unanswered: the kiosk's message, one more failure, asked again.
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    request = form_tracker(
        "dossier_form", "procedure_id", "ho-tich.khai-sinh", {"procedure_id": "ho-tich.khai-sinh"}
    )
    events, messages = run(ValidateDossierForm(), request, domain)
    assert events == [SlotSet("procedure_id", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == [UNREACHABLE]
