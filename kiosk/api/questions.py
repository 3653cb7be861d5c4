"""Which searches are citizens' questions, and where they were asked.

The kiosk's search screen asks for citizens. The dialog's action server
searches while answering a chat turn (it sends `X-Motcua-Source: assistant`):
that turn is already counted, so its search only tells whether the catalog had
an answer. Staff looking something up (signed in to the console) are not
citizens and are not recorded.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.api.auth import COOKIE
from kiosk.services.procedures import SearchAnswer
from kiosk.services.question_log import ASSISTANT, SEARCH, QuestionRecorder

SOURCE_HEADER = "x-motcua-source"


def record_search(
    recorder: QuestionRecorder,
    headers: Mapping[str, str],
    cookies: Mapping[str, str],
    query: str,
    answer: SearchAnswer,
) -> None:
    if answer.lexical_only:
        recorder.lexical_only_search()
    if COOKIE in cookies:
        return
    assistant = headers.get(SOURCE_HEADER, "").lower() == ASSISTANT
    source, channel = (ASSISTANT, ASSISTANT) if assistant else (SEARCH, "kiosk")
    top = answer.hits[0].id if answer.hits and not answer.abstain else None
    recorder.search(source, channel, query, top, answer.abstain)
