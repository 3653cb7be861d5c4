"""End to end: kiosk POST /api/v1/chat -> Rasa -> action server -> kiosk API -> knowledge.

Everything real (tests/stack.py): the kiosk as `python -m kiosk serve`, the trained
model in `rasa run`, the actions in `rasa run actions`; the kiosk's clock is pinned at
Monday 23/11/2026 09:00 so "ngày mai" is Tuesday 24/11/2026.
"""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from stack import Kiosk, Stack


class Conversation:
    """One kiosk session: say() sends a turn and keeps the reply."""

    def __init__(self, stack: Stack, channel: str = "kiosk", language: str = "vi") -> None:
        self.stack = stack
        self.session = f"e2e-{uuid.uuid4().hex[:12]}"
        self.language = language  # the kiosk screen's
        self.reply: dict[str, Any] = {}

    def say(self, message: str, intent: str | None = None) -> dict[str, Any]:
        self.reply = self.stack.chat(self.session, message, self.language)
        assert self.reply["degraded"] is False, self.reply
        if intent is not None:
            assert self.reply["intent"]["name"] == intent, (message, self.reply)
        return self.reply

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.reply["messages"] if m["text"]]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def custom(self, kind: str) -> dict[str, Any]:
        found = [
            m["custom"] for m in self.reply["messages"] if (m["custom"] or {}).get("type") == kind
        ]
        assert len(found) == 1, (kind, self.reply)
        return found[0]

    def buttons(self) -> list[str]:
        return [b["title"] for m in self.reply["messages"] for b in m["buttons"]]

    def press(self, title: str, intent: str | None = None) -> dict[str, Any]:
        """Send the payload of the reply's button with this title, as a channel does."""
        payloads = [b["payload"] for m in self.reply["messages"] for b in m["buttons"]]
        return self.say(payloads[self.buttons().index(title)], intent)


def procedure(kiosk: Kiosk, procedure_id: str) -> dict[str, Any]:
    detail: dict[str, Any] = httpx.get(f"{kiosk.api}/procedures/{procedure_id}", timeout=30).json()
    return detail


def rows(kiosk: Kiosk, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    path = Path(kiosk.data_dir) / "motcua.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.execute(sql, params))


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


@pytest.fixture
def chat(stack: Stack) -> Conversation:
    return Conversation(stack)


def test_procedure_card_then_fee_follow_up(stack: Stack, chat: Conversation) -> None:
    chat.say("làm hộ chiếu cần gì, ở đâu", "ask_procedure")
    passport = procedure(stack.kiosk, "xuat-nhap-canh.ho-chieu")
    card = chat.custom("procedure_card")["procedure"]
    assert card == passport  # every field from the catalog, untouched
    for fact in (passport["agency"]["submit_at"], passport["processing_time"]["text"]):
        assert fact in chat.text
    assert {"Chuẩn bị hồ sơ", "Đặt lịch hẹn", "Biểu mẫu"} <= set(chat.buttons())

    chat.say("lệ phí bao nhiêu?", "ask_procedure")
    fees = [vnd(fee["amount_vnd"]) for fee in passport["fees"] if fee["amount_vnd"]]
    assert fees and all(fee in chat.texts[0] for fee in fees)
    assert chat.texts[0].startswith(f"Lệ phí của thủ tục {passport['name']}")

    chat.say("mat may ngay", "ask_procedure")  # no diacritics, still the same procedure
    assert passport["processing_time"]["text"] in chat.texts[0]

    # A correction that names the procedure: read as a denial or as the new question,
    # either way the answer is the procedure meant. Marriage has variants the question does
    # not choose between (two Vietnamese, or with a foreigner): asked, not guessed.
    question = "không phải, ý tôi là đăng ký kết hôn"
    reply = chat.say(question)
    assert reply["intent"]["name"] in {"deny", "ask_procedure"}, reply
    clarify = httpx.get(
        f"{stack.kiosk.api}/procedures/search", params={"q": question}, timeout=30
    ).json()["clarify"]
    assert chat.texts == [clarify["question"]]
    assert chat.buttons() == [o["label"] for o in clarify["options"]]
    assert not any(m["custom"] for m in reply["messages"])  # no card before the choice
    chat.press(clarify["options"][0]["label"], "ask_procedure")
    assert chat.custom("procedure_card")["procedure"]["id"] == clarify["options"][0]["id"]
    assert clarify["options"][0]["id"] == "ho-tich.ket-hon"
    chat.say("lệ phí bao nhiêu?", "ask_procedure")  # follow-ups keep the chosen variant
    assert chat.texts[0].startswith("Lệ phí của thủ tục Đăng ký kết hôn")


def test_abstention_offers_hotline_then_a_person(stack: Stack, chat: Conversation) -> None:
    chat.say("thủ tục xin cấp phép bay khinh khí cầu trên sao Hỏa", "ask_procedure")
    assert chat.texts[0].startswith("Xin lỗi, mình chưa tìm thấy thủ tục phù hợp")
    hotline = httpx.get(f"{stack.kiosk.api}/desk", timeout=30).json()["hotline"]
    assert hotline in chat.text and "Gặp cán bộ" in chat.buttons()
    chat.say("/request_human", "request_human")
    handoff = chat.custom("handoff")
    assert rows(
        stack.kiosk, "SELECT channel, sender_id FROM handoffs WHERE code = ?", handoff["code"]
    ) == [("kiosk", f"kiosk-{chat.session}")]


@pytest.mark.parametrize(
    ("question", "place"),
    [("kiện hàng xóm", "hòa giải ở cơ sở"), ("giá vàng", "ngân hàng")],
)
def test_an_outside_matter_is_refused_with_the_hotline_not_made_a_complaint(
    stack: Stack, chat: Conversation, question: str, place: str
) -> None:
    chat.say(question, "out_of_scope")
    hotline = httpx.get(f"{stack.kiosk.api}/desk", timeout=30).json()["hotline"]
    assert chat.texts[0].startswith("Xin lỗi, việc này nằm ngoài phạm vi của Bộ phận Một cửa")
    assert place in chat.text and hotline in chat.text
    assert not any(m["custom"] for m in chat.reply["messages"])  # no procedure card
    chat.say("xin chào", "greet")  # no form is waiting for a complaint's content
    assert chat.texts[0].startswith("Xin chào!")


def test_full_booking_then_cancel(stack: Stack, chat: Conversation) -> None:
    chat.say("tôi muốn đặt lịch hẹn", "book_appointment")
    assert chat.texts[0].startswith("Bạn làm thủ tục gì")
    chat.say("đăng ký khai sinh")
    assert chat.texts[0].startswith("Bạn muốn đến vào ngày nào")
    chat.say("20/11")  # a past day: explained, asked again
    assert "đã qua" in chat.texts[0] and chat.texts[-1].startswith("Bạn muốn đến vào ngày nào")
    chat.say("chủ nhật")  # closed: the nearest open days are offered
    assert "không làm việc" in chat.texts[0] and "Thứ Hai 30/11/2026" in chat.buttons()
    chat.say("ngày mai")
    assert chat.texts[0].startswith("Ngày Thứ Ba 24/11/2026 còn các khung giờ trống")
    chat.say("lệ phí bao nhiêu?", "ask_procedure")  # a question in the middle of the form
    assert chat.texts[0].startswith("Lệ phí của thủ tục Đăng ký khai sinh")
    assert chat.texts[-1].startswith("Ngày Thứ Ba 24/11/2026 còn các khung giờ trống")  # resumed
    chat.say("8h")
    assert chat.texts[0].startswith("Bạn cho mình xin họ và tên")
    chat.say("Nguyễn Văn Bình")
    chat.say("0912 34")  # a wrong phone: explained, asked again
    assert "không phải số di động Việt Nam hợp lệ" in chat.texts[0]
    chat.say("0912 345 678")
    assert chat.texts[0] == "Bạn có thuộc nhóm được ưu tiên không?"
    chat.say("nguoi cao tuoi")
    assert chat.texts[0].startswith("Bạn kiểm tra lại giúp mình:")
    assert "08:00 Thứ Ba 24/11/2026" in chat.texts[0]
    chat.say("có")
    booking = chat.custom("booking")
    code = booking["code"]
    assert f"Mã lịch hẹn của bạn là {code}" in chat.text
    assert rows(
        stack.kiosk,
        "SELECT status, name, phone, priority, starts_at FROM appointments WHERE code = ?",
        code,
    ) == [
        ("đã đặt", "Nguyễn Văn Bình", "0912345678", "người cao tuổi", "2026-11-24 08:00:00.000000")
    ]

    cancel = Conversation(stack)
    cancel.say(f"hủy lịch hẹn {code}", "cancel_appointment")
    assert cancel.texts[0].startswith("Bạn cho mình xin số điện thoại đã dùng khi đặt lịch")
    cancel.say("0912345678")
    assert cancel.texts[0].startswith(f"Bạn chắc chắn muốn hủy lịch hẹn {code}")
    cancel.say("đồng ý")
    assert cancel.texts[0].startswith(f"Đã hủy lịch hẹn {code}.")
    status = rows(stack.kiosk, "SELECT status FROM appointments WHERE code = ?", code)
    assert status and status[0][0] != "đã đặt"


def test_three_wrong_phones_offer_a_person(stack: Stack, chat: Conversation) -> None:
    chat.say("dat lich lam chung thuc ban sao", "book_appointment")
    chat.say("thu sau")
    chat.say("9h")
    chat.say("Tran Thi Cuc")
    for wrong in ("123", "0123 456 789", "abc"):
        chat.say(wrong)
    assert any("gặp cán bộ" in t for t in chat.texts) and "Gặp cán bộ" in chat.buttons()
    chat.say("/request_human", "request_human")
    assert chat.custom("handoff")["reason"] == "Công dân yêu cầu gặp cán bộ (đang đặt lịch hẹn)"
    chat.say("xin chào", "greet")  # the form was left: a plain answer
    assert chat.texts[0].startswith("Xin chào!")


def test_stop_leaves_the_form(stack: Stack, chat: Conversation) -> None:
    chat.say("đặt lịch làm căn cước", "book_appointment")
    chat.say("thôi")
    assert chat.texts == ["Dạ, mình đã dừng đặt lịch hẹn. Bạn cần gì thêm cứ hỏi mình nhé."]
    chat.say("cảm ơn", "thank")


def test_dossier_checklist_is_saved_with_a_code(stack: Stack, chat: Conversation) -> None:
    chat.say("làm giấy khai sinh cho con thế nào", "ask_procedure")
    chat.press(chat.buttons()[0], "ask_procedure")  # the variant question: the plain one
    assert chat.custom("procedure_card")["procedure"]["id"] == "ho-tich.khai-sinh"
    chat.say("/prepare_dossier", "prepare_dossier")
    birth = procedure(stack.kiosk, "ho-tich.khai-sinh")
    assert chat.texts[0].startswith("Hồ sơ thủ tục Đăng ký khai sinh gồm:")
    conditions = list(dict.fromkeys(i["condition"] for i in birth["dossier"] if i["condition"]))
    answers = 0
    while "checklist" not in {(m["custom"] or {}).get("type") for m in chat.reply["messages"]}:
        question = chat.texts[-1]
        if question.startswith("Trường hợp của bạn có phải"):
            # only the first situation (born in a hospital) applies
            chat.say("có" if answers == 0 else "không")
        else:
            chat.say("chưa" if "Tờ khai" in question else "có rồi")
        answers += 1
        assert answers <= len(conditions) + len(birth["dossier"]), chat.reply
    saved = chat.custom("checklist")
    assert saved["missing"] == ["Tờ khai đăng ký khai sinh"]
    assert f"mã {saved['code']}" in chat.text
    stored = httpx.get(f"{stack.kiosk.api}/checklists/{saved['code']}", timeout=30).json()
    assert stored["procedure_id"] == "ho-tich.khai-sinh"
    assert stored["missing"] == ["Tờ khai đăng ký khai sinh"]
    assert stored["forms"] == [
        i["form"] for i in birth["dossier"] if i["name"] == "Tờ khai đăng ký khai sinh"
    ]


def test_rasa_rest_channel_directly(stack: Stack) -> None:
    """What the Telegram and Zalo connectors do: the REST channel, one sender per chat."""
    messages = stack.rasa("telegram-e2e-1", "cho toi gap can bo")
    handoff = [m["custom"] for m in messages if m.get("custom")]
    assert handoff and handoff[0]["channel"] == "telegram"


# -- following a complaint (tra cứu phản ánh) ---------------------------------------------


def file_complaint(kiosk: Kiosk, phone: str | None) -> str:
    body = {"content": "Quầy 2 nhận hồ sơ mà không hẹn ngày trả kết quả", "contact_phone": phone}
    filed = httpx.post(f"{kiosk.api}/complaints", json=body, timeout=30)
    assert filed.status_code == 201, filed.text
    return str(filed.json()["code"])


def answer_complaint(kiosk: Kiosk, code: str, answer: str) -> None:
    """What the staff console does (POST /complaints/{code}/status as staff), in the database."""
    path = Path(kiosk.data_dir) / "motcua.db"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE complaints SET status = 'đã trả lời', answer = ?, answered_at = ? "
            "WHERE code = ?",
            (answer, "2026-11-24 10:00:00.000000", code),
        )


ASK_DIGITS = "Bạn cho mình xin 4 số cuối số điện thoại đã để lại khi gửi phản ánh"


def test_a_complaint_is_looked_up_not_filed_again(stack: Stack, chat: Conversation) -> None:
    code = file_complaint(stack.kiosk, "0912 000 111")
    complaints = rows(stack.kiosk, "SELECT count(*) FROM complaints")
    typed = code.lower().replace("-", " ")  # "pa 9kx3mt4q"
    chat.say(f"tra cứu phản ánh {typed}")
    assert chat.texts == [ASK_DIGITS + " (nếu không để lại số, bạn gõ «không có»)."]
    chat.say("1234")  # wrong digits: the same answer as an unknown code
    assert chat.texts[0].startswith(f"Mình không tìm thấy phản ánh {code} với thông tin bạn đưa")

    chat.say(f"tra cứu phản ánh {code}")
    chat.say("0111")
    assert chat.texts[0] == (
        f"Phản ánh {code}: mới.\nNgày gửi: 23/11/2026. Hạn trả lời: 03/12/2026.\n"
        "Chưa có trả lời; cơ quan sẽ trả lời chậm nhất ngày 03/12/2026."
    )
    answer_complaint(stack.kiosk, code, "Quầy 2 đã được nhắc ghi ngày hẹn trên giấy biên nhận.")
    chat.say(f"phản ánh {code} đã có trả lời chưa")
    chat.say("số của tôi là 0912 000 111")
    assert chat.texts[0].startswith(f"Phản ánh {code}: đã trả lời.")
    assert chat.texts[0].endswith(
        "Trả lời của cơ quan (ngày 24/11/2026): Quầy 2 đã được nhắc ghi ngày hẹn trên giấy "
        "biên nhận."
    )
    assert rows(stack.kiosk, "SELECT count(*) FROM complaints") == complaints  # none filed


def test_complaint_lookup_on_telegram_without_phone_and_locked(stack: Stack) -> None:
    """Through Rasa's REST channel, as the Telegram and Zalo connectors relay it."""
    sender = f"telegram-e2e-{uuid.uuid4().hex[:8]}"
    code = file_complaint(stack.kiosk, None)
    asked = stack.rasa(sender, f"tra cuu phan anh {code.lower()}")
    assert asked[0]["text"].startswith(ASK_DIGITS)
    assert {"title": "Không để lại số", "payload": "không có"} in asked[0]["buttons"]
    found = stack.rasa(sender, "không có")
    assert found[0]["text"].startswith(f"Phản ánh {code}: mới.")

    unknown = "PA-ZZZZ3333"
    for _ in range(5):
        stack.rasa(sender, f"tra cứu phản ánh {unknown}")
        failed = stack.rasa(sender, "4321")
        assert failed[0]["text"].startswith(f"Mình không tìm thấy phản ánh {unknown}")
    stack.rasa(sender, f"tra cứu phản ánh {unknown}")
    locked = stack.rasa(sender, "4321")
    assert locked[0]["text"].startswith("Mã này đã bị nhập sai nhiều lần. Vui lòng thử lại sau")
    assert locked[0]["buttons"] == [{"title": "Gặp cán bộ", "payload": "/request_human"}]


# -- English -------------------------------------------------------------------------------

FRAME = "Here is what the procedure catalog says (official details are in Vietnamese): "


@pytest.mark.parametrize(
    ("question", "procedure_id"),
    [
        ("passport for my son", "xuat-nhap-canh.ho-chieu"),
        ("how much is a birth certificate", "ho-tich.khai-sinh"),
        ("where do I register my marriage", "ho-tich.ket-hon"),
    ],
)
def test_english_question_is_answered_in_english_around_the_catalog(
    stack: Stack, chat: Conversation, question: str, procedure_id: str
) -> None:
    chat.say(question, "ask_procedure")
    found = procedure(stack.kiosk, procedure_id)
    assert chat.texts[0] == f"{FRAME}{found['name']}."
    assert chat.custom("procedure_card")["procedure"] == found
    assert found["agency"]["submit_at"] in chat.text  # the facts, in Vietnamese
    assert {"Prepare my papers", "Book an appointment", "Forms"} <= set(chat.buttons())


def test_english_question_outside_the_catalog_is_declined_in_english(
    stack: Stack, chat: Conversation
) -> None:
    chat.say("what is the price of gold", "ask_procedure")
    hotline = httpx.get(f"{stack.kiosk.api}/desk", timeout=30).json()["hotline"]
    assert chat.texts == [
        "Sorry, I could not find a procedure matching this question in the catalog, so I "
        "would rather not guess. I can help with the administrative procedures of the "
        "One-Stop Desk: papers, fees, processing times and where to apply.",
        f"You can call the hotline {hotline}, or talk to a staff member.",
    ]
    assert chat.buttons() == ["Talk to staff"]
    chat.say("xin chào", "greet")  # Vietnamese again: answered in Vietnamese
    assert chat.texts[0].startswith("Xin chào!")


def test_the_kiosk_in_english_answers_one_word_in_english(stack: Stack) -> None:
    """The English screen tells Rasa (metadata): "passport" alone is English there."""
    chat = Conversation(stack, language="en")
    chat.say("passport", "ask_procedure")
    passport = procedure(stack.kiosk, "xuat-nhap-canh.ho-chieu")
    assert chat.texts[0] == f"{FRAME}{passport['name']}."
    chat.say("làm hộ chiếu ở đâu", "ask_procedure")  # Vietnamese on the English screen
    assert not chat.texts[0].startswith(FRAME)
    assert chat.custom("procedure_card")["procedure"] == passport
