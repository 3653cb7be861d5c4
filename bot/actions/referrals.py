"""Questions the desk does not handle: say where they go, and give the hotline.

The refusal itself is the domain response utter_out_of_scope. This action adds, from
the kiosk, where such a matter goes (for a dispute, a theft, the price of gold... the
kiosk's search answers with a referral: knowledge/data/referrals.yaml) and the desk's
hotline (kiosk/config/desk.yaml). It never starts a form and never suggests a
procedure: "kiện hàng xóm" is not a complaint about the desk, nor an LPG licence.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import latest_text
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import say

# Same wording as the kiosk's own answer (kiosk/services/procedures.py HOTLINE_TEXT).
HOTLINE = "Cần hỏi thêm, bạn gọi đường dây nóng {hotline}."


class ActionReferOutOfScope(Action):
    """Where an out-of-scope matter goes, and the hotline; the kiosk says both."""

    def name(self) -> str:
        return "action_refer_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = latest_text(tracker)
        async with KioskClient.from_env() as kiosk:
            try:
                found = await kiosk.search(message, k=1) if message.strip() else {}
                referral = found.get("referral")
                hotline = None if referral else (await kiosk.desk()).get("hotline")
            except KioskError:
                say(dispatcher, "no_hotline")
                return []
        if referral:
            dispatcher.utter_message(text=referral["message"])
        elif hotline:
            dispatcher.utter_message(text=HOTLINE.format(hotline=hotline))
        else:
            say(dispatcher, "no_hotline")
        return []
