"""Rating the service (rating_form): how satisfied, an optional comment."""

from __future__ import annotations

from typing import Any

from actions.rating import ActionSubmitRating, ValidateRatingForm
from harness import buttons, db_rows, form_tracker, run, texts, tracker
from harness import form_reset_events as reset
from rasa_sdk.events import SlotSet


def test_rating(kiosk: Any, kiosk_api: str, domain: Any) -> None:
    request = form_tracker("rating_form", "rating", "5 sao", {"rating": "5 sao"})
    events, _ = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating", "rất hài lòng")]
    request = form_tracker("rating_form", "rating", "hmm", {"rating": "hmm"})
    events, messages = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating", None), SlotSet("form_failures", 1.0)]
    assert [t for t, _ in buttons(messages[0])] == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    request = form_tracker("rating_form", "rating_comment", "bo qua", {"rating_comment": "bo qua"})
    events, _ = run(ValidateRatingForm(), request, domain)
    assert events == [SlotSet("rating_comment", "-")]

    comment = "Chờ lâu quá ở quầy số 5"
    slots = {"rating": "không hài lòng", "rating_comment": comment, "procedure_id": None}
    events, messages = run(ActionSubmitRating(), tracker(comment, "inform", slots=slots), domain)
    assert events == reset("rating", "rating_comment")
    assert texts(messages)[0].startswith("Cảm ơn bạn đã đánh giá «không hài lòng».")
    stored = db_rows(kiosk, "SELECT score FROM ratings WHERE comment = ?", comment)
    assert stored == [("không hài lòng",)]
