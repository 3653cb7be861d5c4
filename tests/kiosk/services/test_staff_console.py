"""Staff console API: the day's appointments, deadlines, dossier statuses, ratings, FAQ."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from knowledge.retriever import Retriever
from tests.kiosk.conftest import MovableClock
from tests.kiosk.plans import PLAN, with_plans
from tests.kiosk.plans import plan_dir as plan_dir  # the fixture

STAFF = "/api/v1/staff"


@pytest.fixture
def client(client: TestClient, staff_login: Any) -> TestClient:
    """Every test here works as desk staff."""
    staff_login(client, "staff")
    return client


def book(client: TestClient, at: str, phone: str = "0912345678") -> str:
    body = {"field": "Hộ tịch", "starts_at": at, "name": "Trần Thị Bình", "phone": phone}
    response = client.post("/api/v1/appointments", json=body)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def test_check_in_and_no_show(client: TestClient, clock: MovableClock) -> None:
    early, late = book(client, "2026-11-23T09:30:00"), book(client, "2026-11-23T10:00:00")
    tomorrow = book(client, "2026-11-24T09:00:00")
    day = client.get(f"{STAFF}/appointments").json()
    assert [a["code"] for a in day] == [early, late]
    assert day[0]["name"] == "Trần Thị Bình" and day[0]["phone"] == "09•••••678"
    assert "0912345678" not in str(day)
    checked = client.post(f"{STAFF}/appointments/{early.lower()}/check-in")
    assert checked.status_code == 200 and checked.json()["status"] == "đã đến"
    again = client.post(f"{STAFF}/appointments/{early}/check-in")
    assert again.status_code == 409 and "«đã đến»" in again.json()["detail"]
    too_soon = client.post(f"{STAFF}/appointments/{late}/no-show")
    assert too_soon.status_code == 409 and "10:00" in too_soon.json()["detail"]
    not_today = client.post(f"{STAFF}/appointments/{tomorrow}/check-in")
    assert not_today.status_code == 409 and "24/11/2026" in not_today.json()["detail"]
    clock.advance(65)
    assert client.post(f"{STAFF}/appointments/{late}/no-show").json()["status"] == "vắng mặt"
    unknown = client.post(f"{STAFF}/appointments/LH-ZZZZZ/check-in")
    assert unknown.status_code == 404 and unknown.json()["detail"] == (
        "Không có lịch hẹn mã «LH-ZZZZZ»."
    )
    # The citizen can no longer cancel a visit that took place.
    cancel = client.post(f"/api/v1/appointments/{early}/cancel", json={"phone": "0912345678"})
    assert cancel.status_code == 409
    assert [a["status"] for a in client.get(f"{STAFF}/appointments").json()] == [
        "đã đến",
        "vắng mặt",
    ]
    assert len(client.get(f"{STAFF}/appointments", params={"day": "2026-11-24"}).json()) == 1


def complain(client: TestClient, content: str) -> str:
    response = client.post("/api/v1/complaints", json={"content": content})
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


def test_complaints_flag_overdue_and_due_tomorrow(
    client: TestClient, clock: MovableClock, staff_login: Any
) -> None:
    first = complain(client, "Chờ quá lâu ở quầy hộ tịch")  # due 03/12
    clock.now = dt.datetime(2026, 11, 25, 9, 0)
    second = complain(client, "Máy lấy số bị hỏng")  # due 05/12
    clock.now = dt.datetime(2026, 12, 2, 9, 0)
    staff_login(client, "staff")  # a new shift
    rows = client.get(f"{STAFF}/complaints").json()
    assert [r["code"] for r in rows] == [first, second]
    assert rows[0]["deadline"] == {
        "due_on": "2026-12-03",
        "days_left": 1,
        "overdue": False,
        "due_tomorrow": True,
    }
    clock.now = dt.datetime(2026, 12, 4, 9, 0)
    rows = client.get(f"{STAFF}/complaints").json()
    assert rows[0]["deadline"]["overdue"] and rows[0]["deadline"]["days_left"] == -1
    assert rows[1]["deadline"]["due_tomorrow"]
    answered = client.post(
        f"/api/v1/complaints/{first}/status",
        json={"status": "đã trả lời", "answer": "Đã bố trí thêm cán bộ."},
    )
    assert answered.status_code == 200
    assert [r["code"] for r in client.get(f"{STAFF}/complaints").json()] == [second]
    everything = client.get(f"{STAFF}/complaints", params={"open": "false"}).json()
    assert [r["code"] for r in everything] == [second, first]
    assert everything[1]["deadline"]["overdue"] is False  # answered: nothing to chase


HEADER = "Mã hồ sơ,Tên thủ tục,Người nộp,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái"


def test_dossiers_due_tomorrow_and_status_updates(client: TestClient) -> None:
    rows = [
        "H-LATE,Đăng ký kết hôn,Lê Văn A,0912345678,10/11/2026,20/11/2026,Đang xử lý",
        "H-TOMORROW,Đăng ký khai sinh,Lê Văn B,0912345679,20/11/2026,24/11/2026,Đang xử lý",
        "H-LATER,Chứng thực bản sao,Lê Văn C,0912345670,20/11/2026,30/11/2026,Đã tiếp nhận",
        "H-DONE,Đăng ký khai tử,Lê Văn D,0912345671,20/11/2026,24/11/2026,Đã trả kết quả",
    ]
    files = {"file": ("x.csv", "\n".join([HEADER, *rows]).encode(), "text/csv")}
    assert client.post("/api/v1/dossiers/import", files=files).status_code == 200
    listed = client.get(f"{STAFF}/dossiers").json()
    assert [d["code"] for d in listed] == ["H-LATE", "H-TOMORROW", "H-LATER"]
    late, tomorrow, later = (d["deadline"] for d in listed)
    assert late["overdue"] and late["days_left"] == -3
    assert tomorrow["due_tomorrow"] and not tomorrow["overdue"]
    assert not later["overdue"] and not later["due_tomorrow"]
    moved = client.post(f"{STAFF}/dossiers/h-tomorrow/status", json={"status": " Đã có  kết quả "})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["status"] == "Đã có kết quả" and body["deadline"]["due_tomorrow"] is False
    assert [e["status"] for e in body["history"]] == ["Đang xử lý", "Đã có kết quả"]
    seen = client.post(
        "/api/v1/dossiers/lookup", json={"code": "H-TOMORROW", "phone_last4": "5679"}
    )
    assert seen.json()["status"] == "Đã có kết quả"
    assert [d["code"] for d in client.get(f"{STAFF}/dossiers").json()] == ["H-LATE", "H-LATER"]
    assert [d["code"] for d in client.get(f"{STAFF}/dossiers", params={"q": "done"}).json()] == [
        "H-DONE"
    ]
    missing = client.post(f"{STAFF}/dossiers/H-NONE/status", json={"status": "Đang xử lý"})
    assert missing.status_code == 404 and "H-NONE" in missing.json()["detail"]
    empty = client.post(f"{STAFF}/dossiers/H-LATE/status", json={"status": "  "})
    assert empty.status_code == 422
    assert "Đã trả kết quả" in client.get(f"{STAFF}/dossier-statuses").json()


def test_ratings_newest_first(client: TestClient, clock: MovableClock) -> None:
    client.post("/api/v1/ratings", json={"score": "hài lòng"})
    clock.advance(5)
    client.post("/api/v1/ratings", json={"score": "không hài lòng", "comment": "Chờ lâu"})
    rows = client.get(f"{STAFF}/ratings").json()
    assert [r["score"] for r in rows] == ["không hài lòng", "hài lòng"]
    assert rows[0]["comment"] == "Chờ lâu"


def test_faq_cites_plan_passages_and_task_table(
    plan_dir: Path, app: FastAPI, client: TestClient, kiosk_retriever: Retriever
) -> None:
    # plan_dir first: MOTCUA_DOCUMENT_DIRS is set before the app starts and reads it.
    app.state.runtime.knowledge.replace(with_plans(kiosk_retriever, plan_dir))

    answer = client.get(f"{STAFF}/faq", params={"q": "Sở Khoa học và Công nghệ chủ trì việc gì?"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    top = body["tasks"][0]
    assert "Khoa hoc" in top["lead"] and top["cooperate"]
    assert top["citation"] == f"{PLAN}:{top['start_line']}-{top['end_line']}"
    assert any(s["mark"] for s in top["content"])
    lines = (plan_dir / PLAN).read_text(encoding="utf-8").splitlines()
    cited = " ".join(lines[top["start_line"] - 1 : top["end_line"]])
    assert "".join(s["text"] for s in top["content"]).split()[0] in cited
    passage = body["passages"][0]
    assert passage["source"] == PLAN and passage["citation"].startswith(f"{PLAN}:")
    marked = [s["text"] for s in passage["segments"] if s["mark"]]
    assert marked and all(m.strip() for m in marked)

    procedure = client.get(f"{STAFF}/faq", params={"q": "đăng ký khai sinh cho con"}).json()
    assert procedure["procedures"]["hits"][0]["id"] == "ho-tich.khai-sinh"
    nothing = client.get(f"{STAFF}/faq", params={"q": "   "})
    assert nothing.status_code == 422
