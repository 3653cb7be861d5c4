"""Analytics: questions recorded off the request path and masked, the supervisor's
figures, unanswered questions fixed with an alias or a draft entry, demand forecast."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from kiosk.core.config import Settings
from kiosk.core.vocab import AppointmentStatus, RatingScore, TicketStatus
from kiosk.services.chat import ChatMessage, ChatReply, Intent
from kiosk.services.question_log import QuestionRecorder
from kiosk.store.analytics import Question, TranscriptLine
from kiosk.store.models import Appointment, Rating, Ticket
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import NOW, MovableClock
from tests.kiosk.drafts import LIBRARY_CARD as DRAFT
from tests.kiosk.drafts import LIBRARY_CARD_ID
from tests.loopback import closed_port_url

API = "/api/v1"
UNANSWERED = "giấy chào đời cho em bé"  # the catalog abstains; ho-tich.khai-sinh is near


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "speech_enabled": False,
            "fixed_now": NOW,  # the app's retention run must not age the test's transcripts
            "rasa_url": closed_port_url(),  # Rasa is down: chat answers from retrieval
        }
    )


def flush(app: FastAPI) -> None:
    app.state.runtime.questions.flush()


def rows(app: FastAPI, model: Any) -> list[Any]:
    with app.state.runtime.db.read() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def chat(client: TestClient, message: str, session_id: str = "s1") -> dict[str, Any]:
    response = client.post(f"{API}/chat", json={"session_id": session_id, "message": message})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_questions_are_recorded_masked_and_summed(
    app: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    reply = chat(client, "Tôi tên là Nguyễn Văn An, số 0912345678, muốn làm giấy khai sinh")
    assert reply["degraded"] is True
    chat(client, UNANSWERED)
    chat(client, "/greet")  # a button payload: transcript only, not a question
    assert client.get(f"{API}/procedures/search", params={"q": "đăng ký kết hôn"}).is_success
    assistant = {"X-Motcua-Source": "assistant"}
    searched = client.get(f"{API}/procedures/search", params={"q": UNANSWERED}, headers=assistant)
    assert searched.json()["abstain"] is True
    flush(app)

    questions = rows(app, Question)
    assert [(q.source, q.channel) for q in questions] == [
        ("chat", "kiosk"),
        ("chat", "kiosk"),
        ("search", "kiosk"),
        ("assistant", "assistant"),
    ]
    first = questions[0]
    assert first.text == "Tôi tên là [tên], số [sđt], muốn làm giấy khai sinh"
    assert (first.procedure_id, first.abstained, first.degraded) == (
        "ho-tich.khai-sinh",
        False,
        True,
    )
    assert [q.abstained for q in questions[1:]] == [True, False, True]
    transcript = rows(app, TranscriptLine)
    assert len(transcript) == 6 and transcript[0].text.endswith(
        "0912345678, muốn làm giấy khai sinh"
    )
    assert {t.sender_id for t in transcript} == {"kiosk-s1"}

    staff_login(client, "supervisor")
    assert client.get(f"{API}/procedures/search", params={"q": "kết hôn"}).is_success
    flush(app)
    assert len(rows(app, Question)) == 4  # staff looking things up are not citizens asking
    summary = client.get(f"{API}/analytics/summary").json()
    today = [d for d in summary["questions"] if d["day"] == NOW.date().isoformat()]
    assert today[0]["counts"] == {"kiosk": 3}
    assert {p["procedure_id"]: p["count"] for p in summary["top_procedures"]} == {
        "ho-tich.khai-sinh": 1,
        "ho-tich.ket-hon": 1,
    }
    assert summary["unanswered_total"] == 2


def test_a_rasa_turn_records_its_intent_and_card(app: FastAPI, client: TestClient) -> None:
    recorder = QuestionRecorder(app.state.runtime.questions, lambda: NOW)
    card = {"type": "procedure_card", "procedure": {"id": "ho-tich.ket-hon"}}
    answered = ChatReply(
        "42", [ChatMessage("Thủ tục đăng ký kết hôn", custom=card)], Intent("hoi_thu_tuc", 0.9)
    )
    recorder.chat_turn("telegram", "telegram-42", "kết hôn cần gì", answered)
    fallback = ChatReply("42", [ChatMessage("Mình chưa hiểu")], Intent("nlu_fallback", 0.3))
    recorder.chat_turn("telegram", "telegram-42", "abc xyz", fallback)
    flush(app)
    questions = rows(app, Question)
    assert [(q.channel, q.intent, q.procedure_id, q.abstained) for q in questions] == [
        ("telegram", "hoi_thu_tuc", "ho-tich.ket-hon", False),
        ("telegram", "nlu_fallback", None, True),
    ]
    exposition = client.get("/metrics").text
    assert 'motcua_chat_turns_total{channel="telegram",degraded="false"} 2.0' in exposition
    assert 'motcua_retrieval_abstentions_total{source="chat"} 1.0' in exposition


def test_recording_failure_never_fails_the_request(app: FastAPI, client: TestClient) -> None:
    with app.state.runtime.db.write_engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE questions")  # every insert of a batch fails
    assert chat(client, "làm giấy khai sinh")["degraded"] is True
    flush(app)
    assert "motcua_question_log_dropped_total 3.0" in client.get("/metrics").text


@pytest.fixture
def editable(app: FastAPI, client: TestClient, knowledge_dir: Path) -> FastAPI:
    """The app's data folder holds a copy of the session's index, so a catalog edit
    re-encodes only what changed (and the app answers with the result at once)."""
    data_dir = app.state.settings.data_dir
    shutil.copytree(KnowledgeSettings(data_dir=knowledge_dir).index_dir, data_dir / "index")
    return app


def test_unanswered_questions_are_grouped_and_an_alias_answers_them(
    editable: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    chat(client, UNANSWERED, "a")
    chat(client, "Giấy  chào đời cho em bé", "b")
    chat(client, "thời tiết hôm nay thế nào", "c")
    flush(editable)
    staff_login(client, "supervisor")
    groups = client.get(f"{API}/analytics/unanswered").json()
    assert [(g["group"]["count"], g["answered_now"]) for g in groups] == [(2, False), (1, False)]
    assert "ho-tich.khai-sinh" in [s["id"] for s in groups[0]["suggestions"]]

    added = client.post(
        f"{API}/analytics/aliases",
        json={"procedure_id": "ho-tich.khai-sinh", "alias": groups[0]["group"]["text"]},
    )
    assert added.status_code == 201, added.text
    assert 1 <= added.json()["encoded_chunks"] <= 3  # the edited procedure only
    overlay = (editable.state.settings.data_dir / "aliases.yaml").read_text(encoding="utf-8")
    assert overlay == "ho-tich.khai-sinh:\n- Giấy chào đời cho em bé\n"
    answer = client.get(f"{API}/procedures/search", params={"q": UNANSWERED}).json()
    assert answer["abstain"] is False and answer["hits"][0]["id"] == "ho-tich.khai-sinh"
    groups = client.get(f"{API}/analytics/unanswered").json()
    assert groups[0]["answered_now"] is True

    again = client.post(
        f"{API}/analytics/aliases", json={"procedure_id": "ho-tich.khai-sinh", "alias": UNANSWERED}
    )
    assert again.status_code == 422 and again.json()["error"] == "catalog_edit_rejected"
    unknown = client.post(
        f"{API}/analytics/aliases", json={"procedure_id": "khong.co", "alias": "abc def"}
    )
    assert unknown.status_code == 404


def test_a_draft_entry_is_validated_written_and_searchable_once_published(
    editable: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    staff_login(client, "supervisor")
    missing = client.post(f"{API}/analytics/drafts", json={**DRAFT, "steps": []})
    assert missing.status_code == 422
    created = client.post(f"{API}/analytics/drafts", json=DRAFT)
    assert created.status_code == 201, created.text
    procedure_id = created.json()["procedure_id"]
    assert procedure_id == LIBRARY_CARD_ID
    [entry] = client.get(f"{API}/analytics/drafts").json()  # staff see the draft at once
    assert entry["id"] == procedure_id
    assert entry["verified"]["verified"] == [] and "fees" in entry["verified"]["unverified"]
    assert (editable.state.settings.data_dir / "catalog" / "drafts.yaml").is_file()
    published = client.post(f"{API}/analytics/drafts/{procedure_id}/publish")
    assert published.status_code == 200, published.text
    answer = client.get(f"{API}/procedures/search", params={"q": "làm thẻ thư viện"}).json()
    assert answer["hits"][0]["id"] == procedure_id and answer["abstain"] is False
    second = client.post(f"{API}/analytics/drafts", json=DRAFT)
    assert second.json()["procedure_id"] == f"{procedure_id}-2"


def seed(app: FastAPI, items: list[Any]) -> None:
    with app.state.runtime.db.write() as session:
        session.add_all(items)


def ticket(
    day: dt.date, number: int, issued: dt.datetime, wait: float | None, field: str = "Hộ tịch"
) -> Ticket:
    called = issued + dt.timedelta(minutes=wait) if wait is not None else None
    return Ticket(
        day=day,
        field=field,
        number=number,
        label=f"HT-{number:03d}",
        priority="không",
        status=TicketStatus.DONE if called else TicketStatus.WAITING,
        issued_at=issued,
        called_at=called,
    )


def appointment(n: int, starts_at: dt.datetime, status: str) -> Appointment:
    return Appointment(
        code=f"LH-TEST{n}",
        field="Hộ tịch",
        starts_at=starts_at,
        seat=None if status == AppointmentStatus.CANCELLED else n,
        status=status,
        name="Nguyễn Văn An",
        phone="0912345678",
        priority="không",
        channel="kiosk",
        created_at=NOW - dt.timedelta(days=3),
        updated_at=NOW - dt.timedelta(days=3),
    )


def test_satisfaction_bookings_and_waiting_times(
    app: FastAPI,
    client: TestClient,
    clock: MovableClock,
    staff_login: Callable[..., dict[str, str]],
) -> None:
    yesterday = NOW - dt.timedelta(days=1)
    scores = [RatingScore.VERY_SATISFIED] * 3 + [RatingScore.SATISFIED] * 5
    scores += [RatingScore.DISSATISFIED] * 2
    seed(app, [Rating(score=s, created_at=yesterday) for s in scores])
    seed(
        app,
        [
            appointment(1, yesterday, AppointmentStatus.CHECKED_IN),
            appointment(2, yesterday, AppointmentStatus.BOOKED),  # never came: a no-show
            appointment(3, yesterday, AppointmentStatus.CANCELLED),
            appointment(4, NOW - dt.timedelta(hours=1), AppointmentStatus.NO_SHOW),
            appointment(5, NOW + dt.timedelta(hours=1), AppointmentStatus.BOOKED),  # pending
        ],
    )
    day = yesterday.date()
    waits = [2, 5, 8, 12, 14, 16, 20, 30]
    seed(app, [ticket(day, i, yesterday, w) for i, w in enumerate(waits, 1)])
    seed(app, [ticket(day, 9, yesterday, None)])  # never called: over the target
    seed(app, [ticket(NOW.date(), 1, NOW - dt.timedelta(minutes=5), None)])  # still waiting
    clock.advance(0)
    staff_login(client, "supervisor")
    summary = client.get(f"{API}/analytics/summary").json()

    satisfaction = summary["satisfaction"]
    assert satisfaction["total"] == 10 and satisfaction["satisfied"] == 8
    assert satisfaction["rate"] == 0.8 and satisfaction["target"] == 0.9
    assert "766/QĐ-TTg" in summary["satisfaction_note"]
    bookings = summary["bookings"]
    assert (bookings["booked"], bookings["no_shows"]) == (4, 2)
    assert bookings["no_show_rate"] == pytest.approx(2 / 3, abs=1e-3)
    by_day = {d["day"]: d["counts"] for d in bookings["by_day"]}
    assert by_day[day.isoformat()] == {"booked": 2, "checked_in": 1, "no_show": 1, "cancelled": 1}
    queue = summary["waits"]
    assert (queue["tickets"], queue["within_target"]) == (9, 5)
    assert queue["share"] == pytest.approx(5 / 9, abs=1e-3)
    assert (queue["p50"], queue["p90"]) == (13.0, 23.0)

    bad = client.get(
        f"{API}/analytics/summary", params={"start": "2026-12-01", "end": "2026-11-01"}
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_date_range"


def test_demand_forecast_per_field_with_its_backtest(
    app: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    start = NOW.date() - dt.timedelta(weeks=10)  # a Monday
    per_weekday = {"Hộ tịch": [9, 6, 5, 6, 8, 3], "Chứng thực": [4, 3, 3, 3, 4, 1]}
    tickets = []
    for offset in range(70):
        day = start + dt.timedelta(days=offset)
        if day.weekday() == 6:
            continue  # closed on Sundays (desk.yaml)
        for field, counts in per_weekday.items():
            extra = offset // 14  # demand grows a little every fortnight
            for n in range(1, counts[day.weekday()] + extra + 1):
                issued = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(minutes=n)
                tickets.append(ticket(day, n, issued, 5.0, field))
    seed(app, tickets)
    staff_login(client, "supervisor")
    result = client.get(f"{API}/analytics/forecast").json()

    assert result["horizon"] == 14 and result["history_days"] == 70
    names = [f["field"] for f in result["fields"]]
    assert names == ["Tất cả lĩnh vực", "Hộ tịch", "Chứng thực"]
    overall = result["fields"][0]
    assert overall["method"] == "holt-winters" and len(overall["forecast"]) == 14
    sundays = [v for d, v in overall["forecast"] if dt.date.fromisoformat(d).weekday() == 6]
    assert sundays == [0.0, 0.0]
    monday = overall["forecast"][0][1]  # NOW is a Monday: the busiest weekday
    assert monday > overall["forecast"][2][1]
    backtest = overall["backtest"]
    assert backtest["origins"] >= 1 and backtest["model"]["mae"] >= 0
    assert backtest["baseline"]["mape"] is not None


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("staff", 403), ("supervisor", 200), ("admin", 200)]
)
def test_analytics_needs_a_supervisor(
    client: TestClient, staff_login: Callable[..., dict[str, str]], role: str | None, status: int
) -> None:
    if role:
        staff_login(client, role)
    assert client.get(f"{API}/analytics/summary").status_code == status


def test_anonymous_ratings_are_reported_apart_from_ratings_of_a_visit(
    app: FastAPI, client: TestClient, staff_login: Callable[..., dict[str, str]]
) -> None:
    """Anyone at the kiosk can add anonymous ratings; Decision 766's figure counts the ones
    tied to a served ticket or an attended appointment apart."""
    yesterday = NOW - dt.timedelta(days=1)
    served = [RatingScore.SATISFIED] * 9 + [RatingScore.DISSATISFIED]
    seed(
        app,
        [Rating(score=s, served=f"ticket:{i}", created_at=yesterday) for i, s in enumerate(served)],
    )
    seed(app, [Rating(score=RatingScore.DISSATISFIED, created_at=yesterday) for _ in range(10)])
    staff_login(client, "supervisor")
    satisfaction = client.get(f"{API}/analytics/summary").json()["satisfaction"]
    assert satisfaction["served"] == {
        "counts": {"rất hài lòng": 0, "hài lòng": 9, "không hài lòng": 1},
        "total": 10,
        "satisfied": 9,
        "rate": 0.9,
    }
    assert satisfaction["anonymous"]["total"] == 10 and satisfaction["anonymous"]["rate"] == 0.0
    assert (satisfaction["total"], satisfaction["rate"]) == (20, 0.45)  # both, as before
