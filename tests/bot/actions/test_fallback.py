"""A turn no rule covers: say so, offer what the assistant does, forget the turn."""

from __future__ import annotations

from typing import Any

from actions.fallback import ActionDefaultFallback
from harness import buttons, run, texts, tracker
from rasa_sdk.events import UserUtteranceReverted


def test_fallback_says_what_it_can_do_and_forgets_the_turn(domain: Any) -> None:
    events, messages = run(ActionDefaultFallback(), tracker("ừm", "nlu_fallback"), domain)
    assert events == [UserUtteranceReverted()]
    assert texts(messages)[0].startswith("Xin lỗi, mình chưa hiểu ý bạn.")
    assert ("Gặp cán bộ", "/request_human") in buttons(messages[0])
