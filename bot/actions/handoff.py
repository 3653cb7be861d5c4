"""Handing the conversation to desk staff: a handoff request through the kiosk API, and a
payload the channels act on; when that fails, the hotline."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import channel_of
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import LABELS, say, text
from actions.submit import KioskAction


def transcript(tracker: Tracker, count: int = 6) -> list[str]:
    """The citizen's last messages, for the person who takes over."""
    said = [e.get("text") for e in tracker.events if e.get("event") == "user"]
    return [str(t)[:500] for t in said if t][-count:]


class ActionHandoff(KioskAction):
    """Hand the conversation to desk staff: a request row, and a payload channels act on."""

    def name(self) -> str:
        return "action_handoff"

    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        form = tracker.active_loop_name  # a form left for a person says which
        reason = "Công dân yêu cầu gặp cán bộ" + (
            f" (đang {LABELS[form]})" if form in LABELS else ""
        )
        handoff = await kiosk.handoff(
            {
                "channel": channel_of(tracker.sender_id),
                "sender_id": tracker.sender_id[:64],
                "reason": reason,
                "procedure_id": tracker.get_slot("procedure_id"),
                "transcript": transcript(tracker),
            }
        )
        payload = {key: handoff[key] for key in ("code", "channel", "sender_id", "reason")}
        payload.update(
            procedure_id=handoff["procedure_id"], waiting_before=handoff["waiting_before"]
        )
        dispatcher.utter_message(json_message={"type": "handoff", **payload})
        ahead = handoff["waiting_before"]
        position = text("handoff_position", count=ahead) if ahead else ""
        say(dispatcher, "handoff", code=handoff["code"], position=position)
        return []

    async def kiosk_failed(
        self,
        kiosk: KioskClient,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        error: KioskError,
    ) -> list[EventType]:
        """No request was recorded: give the hotline (or the counter) instead."""
        try:
            hotline = (await kiosk.desk()).get("hotline") or "tại quầy"
        except KioskError:
            hotline = "tại quầy"
        say(dispatcher, "handoff_failed", hotline=hotline)
        return []
