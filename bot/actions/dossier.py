"""Dossier preparation (dossier_form): situation questions, then component by component.

For the chosen procedure the form first asks about each situation that decides a
conditional component ("Trường hợp của bạn có phải: trẻ sinh tại cơ sở y tế?"),
then whether the citizen already has each component that applies. The answers
live in the `dossier_state` slot as a plain dict (the plan); `dossier_answer` is
asked again and again until the plan has no question left. The end is a list of
what is there, what is missing and which forms to fill, saved through the kiosk
API under a short code (with a QR code on the kiosk).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cards import answer_aspect
from actions.conversation import channel_of
from actions.forms import MotcuaFormValidation, start_form
from actions.kiosk_client import KioskClient, KioskError
from actions.messages import SITUATION_BUTTONS, STOP_BUTTON, YES_NO_BUTTONS, say, text
from actions.official import PAPERLESS, nothing_to_prepare
from actions.submit import FormSubmit
from actions.validators import parse_yes_no

FORM_SLOTS = ["dossier_answer", "dossier_state"]
Plan = dict[str, Any]


# -- the plan: pure functions over plain dicts (they travel in a slot) -----------------


def new_plan(procedure: dict[str, Any]) -> Plan:
    """The questions for a procedure: its distinct conditions, then its components."""
    conditions: list[str] = []
    for item in procedure["dossier"]:
        condition = item.get("condition") if item["kind"] != PAPERLESS else None
        if condition and condition not in conditions:
            conditions.append(condition)
    items = [
        {
            "name": item["name"],
            "kind": item["kind"],
            "count": item.get("count", 1),
            "form": item.get("form"),
            "condition": item.get("condition"),
        }
        for item in procedure["dossier"]
        if item["kind"] != PAPERLESS  # an explanation of the page: nothing to bring
    ]
    return {
        "procedure_id": procedure["id"],
        "name": procedure["name"],
        "situations": [{"condition": c, "answer": None} for c in conditions],
        "items": items,
        "have": [],
        "missing": [],
    }


def applicable(plan: Plan) -> list[dict[str, Any]]:
    """Components that apply: unconditional ones and those whose situation was confirmed."""
    confirmed = {s["condition"] for s in plan["situations"] if s["answer"]}
    return [i for i in plan["items"] if not i["condition"] or i["condition"] in confirmed]


def next_question(plan: Plan) -> dict[str, Any] | None:
    """{"kind": "situation", "condition": ...} or {"kind": "item", "item": ...}; None at the end."""
    for situation in plan["situations"]:
        if situation["answer"] is None:
            return {"kind": "situation", "condition": situation["condition"]}
    answered = set(plan["have"]) | set(plan["missing"])
    for item in applicable(plan):
        if item["name"] not in answered:
            return {"kind": "item", "item": item}
    return None


def record(plan: Plan, answer: bool) -> Plan:
    """The plan with the current question answered (a new dict; slots are values)."""
    question = next_question(plan)
    updated = {
        **plan,
        "situations": [dict(s) for s in plan["situations"]],
        "have": list(plan["have"]),
        "missing": list(plan["missing"]),
    }
    if question is None:
        return updated
    if question["kind"] == "situation":
        situation = next(
            s for s in updated["situations"] if s["condition"] == question["condition"]
        )
        situation["answer"] = answer
    else:
        updated["have" if answer else "missing"].append(question["item"]["name"])
    return updated


def forms_to_fill(plan: Plan) -> list[str]:
    """The forms (tờ khai, mẫu đơn) of the components still missing."""
    return [i["form"] for i in applicable(plan) if i["form"] and i["name"] in plan["missing"]]


def clip(lines: list[str], limit: int = 200) -> list[str]:
    """Entries as the checklist API takes them (at most `limit` characters each)."""
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def question_text(question: dict[str, Any]) -> str:
    if question["kind"] == "situation":
        condition = question["condition"]
        if condition.lower().startswith("khi "):
            condition = condition[4:]
        return text("dossier_situation", condition=condition[:1].lower() + condition[1:])
    item = question["item"]
    count = f", {item['count']} bộ" if item["count"] > 1 else ""
    return text("dossier_item", item=item["name"], kind=item["kind"], count=count)


# -- Rasa actions ------------------------------------------------------------------------


class ActionStartDossier(Action):
    """Open the dossier form afresh, keeping the procedure in context or the one named."""

    def name(self) -> str:
        return "action_start_dossier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Also list the components at once: the form then goes through them one by one."""
        events = await start_form(tracker, FORM_SLOTS)
        named = [e["value"] for e in events if e.get("name") == "procedure_id" and e["value"]]
        procedure_id = named[0] if named else tracker.get_slot("procedure_id")
        if procedure_id:
            async with KioskClient.from_env() as kiosk:
                try:
                    answer_aspect(dispatcher, await kiosk.procedure(procedure_id), "dossier")
                except KioskError as error:
                    dispatcher.utter_message(text=error.message)
        return events


class ValidateDossierForm(MotcuaFormValidation):
    def name(self) -> str:
        return "validate_dossier_form"

    async def validate_procedure_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        result = await super().validate_procedure_id(value, dispatcher, tracker, domain)
        if not result.get("procedure_id"):
            return result
        state = tracker.get_slot("dossier_state")
        if state and state.get("procedure_id") == result["procedure_id"]:
            return result
        async with KioskClient.from_env() as kiosk:
            try:
                procedure = await kiosk.procedure(result["procedure_id"])
            except KioskError as error:
                return self.unanswered(dispatcher, tracker, "procedure_id", error)
        instead = nothing_to_prepare(procedure)
        if instead is not None:  # a list-only entry: no checklist that says "đủ"
            dispatcher.utter_message(text=instead)
            return self.stop("procedure_id")
        return {**result, "dossier_state": new_plan(procedure)}

    async def validate_dossier_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if self.wants_stop(value, tracker):
            return self.stop("dossier_answer")
        answer = value if isinstance(value, bool) else parse_yes_no(str(value))
        plan = tracker.get_slot("dossier_state")
        if answer is None or not plan:
            question = next_question(plan) if plan else None
            situation = question is not None and question["kind"] == "situation"
            key = "situation_yes_no" if situation else "dossier_yes_no"
            buttons = (SITUATION_BUTTONS if situation else YES_NO_BUTTONS) + [STOP_BUTTON]
            return self.invalid(dispatcher, tracker, "dossier_answer", key, buttons)
        plan = record(plan, answer)
        done = next_question(plan) is None
        return self.accepted(
            tracker, {"dossier_state": plan, "dossier_answer": True if done else None}
        )


class ActionAskDossierAnswer(Action):
    """Ask the plan's next question (the intro first)."""

    def name(self) -> str:
        return "action_ask_dossier_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        plan = tracker.get_slot("dossier_state")
        question = next_question(plan) if plan else None
        if question is None:
            return []
        started = (
            plan["have"]
            or plan["missing"]
            or any(s["answer"] is not None for s in plan["situations"])
        )
        if not started:
            say(dispatcher, "dossier_intro", name=plan["name"])
        buttons = SITUATION_BUTTONS if question["kind"] == "situation" else YES_NO_BUTTONS
        dispatcher.utter_message(text=question_text(question), buttons=buttons + [STOP_BUTTON])
        return []


class ActionSaveChecklist(FormSubmit):
    """Sum up the checklist and save it through the kiosk API (code and QR)."""

    form, slots = "dossier_form", FORM_SLOTS

    def name(self) -> str:
        return "action_save_checklist"

    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        plan = tracker.get_slot("dossier_state")
        forms = forms_to_fill(plan)
        none = text("none")
        say(
            dispatcher,
            "checklist_done",
            name=plan["name"],
            have="; ".join(plan["have"]) or none,
            missing="; ".join(plan["missing"]) or text("nothing_missing"),
            forms="; ".join(forms) or none,
        )
        saved = await kiosk.save_checklist(
            plan["procedure_id"], clip(plan["have"]), clip(plan["missing"]), clip(forms)
        )
        dispatcher.utter_message(json_message={"type": "checklist", **saved})
        on_kiosk = channel_of(tracker.sender_id) == "kiosk"  # the kiosk shows the QR code
        key = "checklist_saved" if on_kiosk else "checklist_saved_link"
        say(dispatcher, key, code=saved["code"], url=saved["url"])
