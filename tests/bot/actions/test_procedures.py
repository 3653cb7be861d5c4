"""action_answer_procedure: the catalog card, follow-ups in context, corrections, abstention."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from actions.cards import CARD_BUTTONS
from actions.kiosk_client import UNREACHABLE
from actions.procedures import ActionAnswerProcedure
from harness import buttons, customs, free_port_url, get_json, run, texts, tracker
from rasa_sdk.events import SlotSet

ACTION = ActionAnswerProcedure()
KHAI_SINH = {
    "procedure_id": "ho-tich.khai-sinh",
    "procedure_name": "Đăng ký khai sinh",
    "procedure_field": "Hộ tịch",
}


def context(procedure_id: str, kiosk_api: str) -> dict[str, Any]:
    procedure = get_json(f"{kiosk_api}/procedures/{procedure_id}")
    return {
        "procedure_id": procedure["id"],
        "procedure_name": procedure["name"],
        "procedure_field": procedure["field"],
    }


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def search(kiosk_api: str, question: str) -> dict[str, Any]:
    return dict(get_json(f"{kiosk_api}/procedures/search?{urlencode({'q': question})}"))


def test_variants_are_asked_then_the_chosen_one_answers(kiosk_api: str, domain: Any) -> None:
    """ "khai sinh" alone fits the birth in Vietnam and the one abroad: the search's question
    with a button per variant; a button continues with the chosen one."""
    question = "làm giấy khai sinh cho con thế nào"
    events, messages = run(ACTION, tracker(question, "ask_procedure"), domain)
    clarify = search(kiosk_api, question)["clarify"]
    assert clarify and len(clarify["options"]) >= 2
    assert events == [] and customs(messages) == []
    assert texts(messages) == [clarify["question"]]
    assert buttons(messages[0]) == [
        (o["label"], f'/ask_procedure{{"variant":"{o["id"]}"}}') for o in clarify["options"]
    ]
    assert clarify["options"][0]["id"] == "ho-tich.khai-sinh"


def test_question_gets_a_card_from_catalog_fields(kiosk_api: str, domain: Any) -> None:
    payload = '/ask_procedure{"variant":"ho-tich.khai-sinh"}'
    entities = [{"entity": "variant", "value": "ho-tich.khai-sinh"}]
    events, messages = run(ACTION, tracker(payload, "ask_procedure", entities=entities), domain)
    assert events == [SlotSet(k, v) for k, v in KHAI_SINH.items()]
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    assert customs(messages) == [{"type": "procedure_card", "procedure": procedure}]
    card = messages[1]
    assert buttons(card) == [(b["title"], b["payload"]) for b in CARD_BUTTONS]
    assert [t for t, _ in buttons(card)] == ["Chuẩn bị hồ sơ", "Đặt lịch hẹn", "Biểu mẫu"]
    facts = [
        procedure["name"],
        procedure["agency"]["name"],
        procedure["agency"]["submit_at"],
        procedure["processing_time"]["text"],
        procedure["online_url"],
        *[item["name"] for item in procedure["dossier"]],
        *[law["number"] for law in procedure["legal_basis"]],
        *[source["title"] for source in procedure["sources"]],
        *[fee["name"] for fee in procedure["fees"]],
        "cập nhật 23/11/2026",
    ]
    missing = [fact for fact in facts if fact not in card["text"]]
    assert not missing, card["text"]
    assert len(messages) == 2


def test_no_diacritics_question(kiosk_api: str, domain: Any) -> None:
    events, messages = run(ACTION, tracker("thu tuc lam ho chieu", "ask_procedure"), domain)
    assert events == [
        SlotSet(k, v) for k, v in context("xuat-nhap-canh.ho-chieu", kiosk_api).items()
    ]
    passport = get_json(f"{kiosk_api}/procedures/xuat-nhap-canh.ho-chieu")
    fees = [vnd(fee["amount_vnd"]) for fee in passport["fees"] if fee["amount_vnd"]]
    assert fees and all(fee in messages[1]["text"] for fee in fees)


def test_follow_up_on_fees_uses_the_procedure_in_context(kiosk_api: str, domain: Any) -> None:
    slots = context("xuat-nhap-canh.ho-chieu", kiosk_api)
    events, messages = run(
        ACTION, tracker("lệ phí bao nhiêu?", "ask_procedure", slots=slots), domain
    )
    assert events == []  # the context stays
    passport = get_json(f"{kiosk_api}/procedures/xuat-nhap-canh.ho-chieu")
    answer = texts(messages)[0]
    assert answer.startswith(f"Lệ phí của thủ tục {passport['name']}:")
    assert all(vnd(f["amount_vnd"]) in answer for f in passport["fees"] if f["amount_vnd"])
    assert texts(messages)[1].startswith("Nguồn: ")
    assert customs(messages) == []


def test_follow_up_on_time_without_diacritics(kiosk_api: str, domain: Any) -> None:
    events, messages = run(
        ACTION, tracker("mat may ngay vay", "ask_procedure", slots=KHAI_SINH), domain
    )
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    assert events == []
    assert texts(messages)[0] == (
        f"Thời hạn giải quyết thủ tục Đăng ký khai sinh: {procedure['processing_time']['text']}."
    )


def test_forms_button_lists_the_forms(kiosk_api: str, domain: Any) -> None:
    payload = '/ask_procedure{"aspect": "forms"}'
    entities = [{"entity": "aspect", "value": "forms"}]
    events, messages = run(
        ACTION, tracker(payload, "ask_procedure", slots=KHAI_SINH, entities=entities), domain
    )
    procedure = get_json(f"{kiosk_api}/procedures/ho-tich.khai-sinh")
    forms = [item["form"] for item in procedure["dossier"] if item.get("form")]
    assert events == []
    assert texts(messages)[0].startswith("Biểu mẫu của thủ tục Đăng ký khai sinh:")
    assert forms and all(form in texts(messages)[0] for form in forms)


def test_a_new_procedure_replaces_the_context(kiosk_api: str, domain: Any) -> None:
    """A fee question about another procedure with variants: the variant question keeps the
    aspect in its buttons; the chosen variant replaces the context and answers the fees."""
    question = "lệ phí đăng ký kết hôn bao nhiêu"
    events, messages = run(ACTION, tracker(question, "ask_procedure", slots=KHAI_SINH), domain)
    clarify = search(kiosk_api, question)["clarify"]
    assert events == [] and texts(messages) == [clarify["question"]]
    first = clarify["options"][0]["id"]
    assert first == "ho-tich.ket-hon"
    assert buttons(messages[0])[0][1] == f'/ask_procedure{{"variant":"{first}","aspect":"fees"}}'
    entities = [{"entity": "variant", "value": first}, {"entity": "aspect", "value": "fees"}]
    events, messages = run(
        ACTION,
        tracker(buttons(messages[0])[0][1], "ask_procedure", slots=KHAI_SINH, entities=entities),
        domain,
    )
    assert events == [SlotSet(k, v) for k, v in context(first, kiosk_api).items()]
    assert customs(messages)[0]["procedure"]["id"] == first


def test_correction_searches_again(kiosk_api: str, domain: Any) -> None:
    message = "không phải, ý tôi là làm hộ chiếu"
    events, messages = run(ACTION, tracker(message, "deny", slots=KHAI_SINH), domain)
    passport = "xuat-nhap-canh.ho-chieu"
    assert events == [SlotSet(k, v) for k, v in context(passport, kiosk_api).items()]
    assert customs(messages)[0]["procedure"]["id"] == passport


def test_bare_correction_asks_which_procedure(kiosk_api: str, domain: Any) -> None:
    events, messages = run(ACTION, tracker("không phải", "deny", slots=KHAI_SINH), domain)
    assert events == [SlotSet("procedure_id", None), SlotSet("procedure_name", None)]
    assert texts(messages) == ["Dạ, bạn muốn hỏi thủ tục nào ạ? Bạn gõ tên thủ tục giúp mình nhé."]


def test_abstention_offers_hotline_and_a_person(kiosk_api: str, domain: Any) -> None:
    question = "xin cấp phép bay khinh khí cầu trên sao Hỏa"
    events, messages = run(ACTION, tracker(question, "ask_procedure"), domain)
    assert events == []
    assert customs(messages) == []
    said = texts(messages)
    assert said[0].startswith("Xin lỗi, mình chưa tìm thấy thủ tục phù hợp")
    hotline = get_json(f"{kiosk_api}/desk")["hotline"]
    assert hotline in said[-1]
    assert buttons(messages[-1]) == [("Gặp cán bộ", "/request_human")]


def test_kiosk_down_is_said_plainly(monkeypatch: Any, domain: Any) -> None:
    monkeypatch.setenv("MOTCUA_KIOSK_URL", free_port_url())
    events, messages = run(ACTION, tracker("làm giấy khai sinh", "ask_procedure"), domain)
    assert events == []
    assert texts(messages) == [UNREACHABLE]


def test_a_bare_button_asks_which_procedure(kiosk_api: str, domain: Any) -> None:
    events, messages = run(ACTION, tracker("/ask_procedure", "ask_procedure"), domain)
    assert events == []
    assert texts(messages) == ["Dạ, bạn muốn hỏi thủ tục nào ạ? Bạn gõ tên thủ tục giúp mình nhé."]
