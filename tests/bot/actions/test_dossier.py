"""Dossier preparation: situation questions, components one by one, the saved checklist."""

from __future__ import annotations

from typing import Any

from actions.dossier import (
    ActionAskDossierAnswer,
    ActionSaveChecklist,
    ActionStartDossier,
    ValidateDossierForm,
    applicable,
    forms_to_fill,
    new_plan,
    next_question,
    record,
)
from harness import buttons, customs, form_tracker, get_json, run, texts, tracker
from rasa_sdk.events import SlotSet

VALIDATE = ValidateDossierForm()
KHAI_SINH = {
    "procedure_id": "ho-tich.khai-sinh",
    "procedure_name": "Đăng ký khai sinh",
    "procedure_field": "Hộ tịch",
}
RESET = [
    SlotSet("dossier_answer", None),
    SlotSet("dossier_state", None),
    SlotSet("form_stopped", None),
    SlotSet("form_failures", None),
]


def plan_of(kiosk_api: str, procedure_id: str = "ho-tich.khai-sinh") -> dict[str, Any]:
    return new_plan(get_json(f"{kiosk_api}/procedures/{procedure_id}"))


def test_plan_asks_situations_then_the_components_that_apply(kiosk_api: str) -> None:
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    plan = new_plan(procedure)
    conditions = [s["condition"] for s in plan["situations"]]
    assert conditions == list(
        dict.fromkeys(i["condition"] for i in procedure["dossier"] if i.get("condition"))
    )
    for _ in conditions:  # only the first situation applies
        plan = record(plan, next_question(plan)["condition"] == conditions[0])
    names = [i["name"] for i in applicable(plan)]
    expected = [
        i["name"]
        for i in procedure["dossier"]
        if not i.get("condition") or i["condition"] == conditions[0]
    ]
    assert names == expected
    answers = {}
    while (question := next_question(plan)) is not None:
        has = question["item"]["form"] is None  # forms still to fill are missing
        answers[question["item"]["name"]] = has
        plan = record(plan, has)
    assert plan["have"] == [n for n in expected if answers[n]]
    assert plan["missing"] == [n for n in expected if not answers[n]]
    assert forms_to_fill(plan) == [
        i["form"] for i in procedure["dossier"] if i["name"] in plan["missing"] and i.get("form")
    ]


def test_start_lists_the_components_of_the_procedure_named(kiosk_api: str, domain: Any) -> None:
    request = tracker("hồ sơ đăng ký khai sinh gồm những gì", "prepare_dossier")
    events, messages = run(ActionStartDossier(), request, domain)
    assert events == RESET + [SlotSet(k, v) for k, v in KHAI_SINH.items()]
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    listing = texts(messages)[0]
    assert listing.startswith("Hồ sơ thủ tục Đăng ký khai sinh gồm:")
    assert all(item["name"] in listing for item in procedure["dossier"])


def test_procedure_answer_builds_the_plan(kiosk_api: str, domain: Any) -> None:
    request = form_tracker(
        "dossier_form",
        "procedure_id",
        "khai sinh",
        {"procedure_id": "khai sinh"},
        intent="ask_procedure",
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("procedure_id", "ho-tich.khai-sinh"),
        SlotSet("procedure_name", "Đăng ký khai sinh"),
        SlotSet("procedure_field", "Hộ tịch"),
        SlotSet("dossier_state", plan_of(kiosk_api)),
    ]
    assert messages == []


def test_unknown_procedure_is_asked_again(kiosk_api: str, domain: Any) -> None:
    text = "thủ tục nuôi rồng"
    request = form_tracker("dossier_form", "procedure_id", text, {"procedure_id": text})
    events, messages = run(VALIDATE, request, domain)
    assert events == [SlotSet("procedure_id", None), SlotSet("form_failures", 1.0)]
    assert texts(messages)[0].startswith("Mình chưa tìm thấy thủ tục «thủ tục nuôi rồng»")
    assert buttons(messages[0])[-1] == ("Dừng lại", "thôi")


def test_first_question_is_a_situation(kiosk_api: str, domain: Any) -> None:
    plan = plan_of(kiosk_api)
    slots = {**KHAI_SINH, "dossier_state": plan}
    events, messages = run(
        ActionAskDossierAnswer(), tracker("khai sinh", "inform", slots=slots), domain
    )
    assert events == []
    first = plan["situations"][0]["condition"]
    assert texts(messages)[0].startswith("Mình cùng kiểm tra hồ sơ thủ tục Đăng ký khai sinh.")
    assert texts(messages)[1].startswith("Trường hợp của bạn có phải: ")
    assert first[4:].lower()[:20] in texts(messages)[1].lower()
    assert buttons(messages[1]) == [("Có", "/affirm"), ("Không", "/deny"), ("Dừng lại", "thôi")]


def test_answers_are_recorded_until_the_plan_is_done(kiosk_api: str, domain: Any) -> None:
    plan = plan_of(kiosk_api)
    request = form_tracker(
        "dossier_form",
        "dossier_answer",
        "có",
        {"dossier_answer": True},
        intent="affirm",
        slots={**KHAI_SINH, "dossier_state": plan},
    )
    events, _ = run(VALIDATE, request, domain)
    assert events == [SlotSet("dossier_answer", None), SlotSet("dossier_state", record(plan, True))]

    while (question := next_question(plan)) is not None and question["kind"] == "situation":
        plan = record(plan, False)
    while next_question(record(plan, True)) is not None:
        plan = record(plan, True)
    request = form_tracker(
        "dossier_form",
        "dossier_answer",
        "chưa",
        {"dossier_answer": "chưa"},
        intent="deny",
        slots={**KHAI_SINH, "dossier_state": plan},
    )
    events, _ = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("dossier_answer", True),
        SlotSet("dossier_state", record(plan, False)),
    ]


def test_unclear_answer_and_stop(kiosk_api: str, domain: Any) -> None:
    plan = plan_of(kiosk_api)
    slots = {**KHAI_SINH, "dossier_state": plan}
    request = form_tracker(
        "dossier_form", "dossier_answer", "để xem", {"dossier_answer": "để xem"}, slots=slots
    )
    events, messages = run(VALIDATE, request, domain)
    assert events == [SlotSet("dossier_answer", None), SlotSet("form_failures", 1.0)]
    assert texts(messages) == ["Bạn trả lời giúp mình «Có» hoặc «Không» nhé."]

    request = form_tracker(
        "dossier_form", "dossier_answer", "thôi", {"dossier_answer": "thôi"}, slots=slots
    )
    events, _ = run(VALIDATE, request, domain)
    assert events == [
        SlotSet("dossier_answer", None),
        SlotSet("form_stopped", True),
        SlotSet("requested_slot", None),
    ]


def test_save_checklist(kiosk_api: str, domain: Any) -> None:
    plan = plan_of(kiosk_api)
    while (question := next_question(plan)) is not None:
        has = (
            question["kind"] == "situation"
            and question["condition"] == plan["situations"][0]["condition"]
        )
        plan = record(plan, has or (question["kind"] == "item" and not question["item"]["form"]))
    slots = {**KHAI_SINH, "dossier_state": plan, "dossier_answer": True}
    events, messages = run(ActionSaveChecklist(), tracker("có", "affirm", slots=slots), domain)
    assert events == RESET
    summary = texts(messages)[0]
    assert summary.startswith("Hồ sơ thủ tục Đăng ký khai sinh:\nĐã có: ")
    assert all(name in summary for name in plan["have"] + plan["missing"])
    saved = customs(messages)[0]
    assert saved["type"] == "checklist"
    code = saved["code"]
    assert texts(messages)[1] == (
        f"Mình đã lưu danh sách với mã {code}. Bạn quét mã QR trên màn hình hoặc mở "
        f"{saved['url']} để xem lại trên điện thoại."
    )
    stored = get_json(f"{kiosk_api}/checklists/{code}")
    assert stored["procedure_id"] == "ho-tich.khai-sinh"
    assert stored["have"] == plan["have"] and stored["missing"] == plan["missing"]
    assert stored["forms"] == forms_to_fill(plan)


def test_save_checklist_on_telegram_gives_a_link(kiosk_api: str, domain: Any) -> None:
    plan = plan_of(kiosk_api, "ho-tich.ket-hon")
    while next_question(plan) is not None:
        plan = record(plan, False)
    slots = {"dossier_state": plan, "dossier_answer": True}
    _, messages = run(
        ActionSaveChecklist(), tracker("chưa", "deny", slots=slots, sender_id="telegram-42"), domain
    )
    code = customs(messages)[0]["code"]
    assert texts(messages)[-1].startswith(f"Mình đã lưu danh sách với mã {code}. Bạn mở ")
    assert "QR" not in texts(messages)[-1]
