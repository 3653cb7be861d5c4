"""English in the chat: what the assistant says to a question written in English.

The catalog's facts stay Vietnamese (names, papers, fees, places: that is what the
desk's staff and forms use); the assistant frames them in English and says so. The
question is searched in the catalog's Vietnamese words when it names a procedure it
knows in English (vntext.english.vietnamese_question), otherwise as typed (the
encoder is multilingual); as for Vietnamese, nothing is answered when the search
abstains: the citizen is told so in English, with the hotline and a person.
"""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.messages import Button, button

MESSAGES: dict[str, str] = {
    "frame": "Here is what the procedure catalog says (official details are in Vietnamese): "
    "{name}.",
    "not_found": "Sorry, I could not find a procedure matching this question in the catalog, "
    "so I would rather not guess. I can help with the administrative procedures of the "
    "One-Stop Desk: papers, fees, processing times and where to apply.",
    "out_of_scope": "Sorry, this is outside what the One-Stop Desk handles. Where to go "
    "(in Vietnamese): {where}",
    "hotline": "You can call the hotline {hotline}, or talk to a staff member.",
    "no_hotline": "You can ask a staff member at the desk.",
}
CARD_BUTTONS = [
    button("Prepare my papers", "/prepare_dossier"),
    button("Book an appointment", "/book_appointment"),
    button("Forms", '/ask_procedure{"aspect": "forms"}'),
]
HUMAN_BUTTON = button("Talk to staff", "/request_human")


def say(
    dispatcher: CollectingDispatcher, key: str, buttons: list[Button] | None = None, **values: str
) -> None:
    """Send the English message `key` (with buttons, if any)."""
    dispatcher.utter_message(text=MESSAGES[key].format(**values), buttons=buttons or [])


def say_hotline(dispatcher: CollectingDispatcher, hotline: str | None) -> None:
    if hotline:
        say(dispatcher, "hotline", buttons=[HUMAN_BUTTON], hotline=hotline)
    else:
        say(dispatcher, "no_hotline", buttons=[HUMAN_BUTTON])
