"""Following a complaint in the chat: the tracking code (PA-…) goes through the status
form like a dossier code; the phone's last four digits are asked, and may be left out
when the complaint left no phone. The kiosk answers status, deadline and the answer
(POST /complaints/lookup); an unknown code and wrong digits are the same 404 there, too
many failures for one code a 429 whose message says how long to wait."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.kiosk_client import KioskClient, KioskError
from actions.labels import day_text
from actions.messages import HUMAN_BUTTON, say, text

NOT_FOUND, LOCKED = 404, 429


def status_text(found: dict[str, Any]) -> str:
    """Status and deadline, then the answer (or when it is due)."""
    due = day_text(found["due_on"])
    head = text(
        "complaint_status",
        code=found["code"],
        status=found["status"],
        created=day_text(found["created_at"]),
        due=due,
    )
    if found.get("answer"):
        answered = day_text(found.get("answered_at"))
        tail = text("complaint_answer", answered=answered, answer=found["answer"])
    else:
        tail = text("complaint_overdue" if found.get("overdue") else "complaint_waiting", due=due)
    return f"{head}\n{tail}"


async def answer_complaint(
    kiosk: KioskClient, dispatcher: CollectingDispatcher, code: str, last4: str | None
) -> None:
    """Look the complaint up and say what the kiosk knows, or why it cannot tell."""
    try:
        found = await kiosk.complaint_status(code, last4)
    except KioskError as error:
        if error.status == NOT_FOUND:
            say(dispatcher, "complaint_not_found", code=code)
        elif error.status == LOCKED:
            dispatcher.utter_message(text=error.message, buttons=[HUMAN_BUTTON])
        else:
            raise
        return
    buttons = [HUMAN_BUTTON] if found.get("overdue") and not found.get("answer") else []
    dispatcher.utter_message(text=status_text(found), buttons=buttons)
