"""Robustness: Vietnamese validation errors, body limits, rate limits, no personal data in logs."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from kiosk.__main__ import build_parser
from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from kiosk.services.identity import normalize_phone
from kiosk.store.db import Database
from kiosk.store.migrate import alembic_config
from knowledge.retriever import Retriever

BOOK = "/api/v1/appointments"
GOOD = {
    "field": "Hộ tịch",
    "starts_at": "2026-11-24T08:00:00",
    "name": "Nguyễn Văn An",
    "phone": "0912345678",
}


def errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {e["field"]: e["message"] for e in response.json()["detail"]}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("(+84) 39-123-4567", "0391234567"),
        ("0212345678", None),
        ("091234567", None),
        ("+1 912 345 678", None),
        ("abc", None),
        ("", None),
    ],
)
def test_normalize_phone(raw: str, expected: str | None) -> None:
    assert normalize_phone(raw) == expected


def test_missing_and_malformed_fields_are_named_in_vietnamese(client: TestClient) -> None:
    found = errors(
        client.post(
            BOOK,
            json={
                "field": "Hộ tịch",
                "phone": "12345",
                "starts_at": "sáng mai",
                "priority": "VIP",
                "extra": 1,
            },
        )
    )
    assert found["name"] == "Họ tên: bắt buộc phải có"
    assert found["phone"].startswith("Số điện thoại: không phải số di động Việt Nam hợp lệ")
    assert found["starts_at"] == "Giờ hẹn: phải là thời điểm dạng YYYY-MM-DDTHH:MM"
    assert found["priority"].startswith("Nhóm ưu tiên: phải là một trong các giá trị")
    assert "người cao tuổi" in found["priority"]
    assert found["extra"] == "extra: trường này không được hỗ trợ"


def test_bad_json_and_wrong_shapes_are_422_not_500(client: TestClient) -> None:
    broken = client.post(BOOK, content=b'{"field": ', headers={"content-type": "application/json"})
    assert errors(broken) == {"body": "Dữ liệu gửi lên: dữ liệu JSON không hợp lệ"}
    for body in ([], "chuỗi", 42, None):
        assert client.post(BOOK, json=body).status_code == 422
    assert (
        client.post(
            BOOK, content=b"\xff\xfe", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    too_long = errors(client.post(BOOK, json={**GOOD, "name": "A" * 101}))
    assert too_long["name"] == "Họ tên: tối đa 100 ký tự"


def test_control_characters_and_lone_surrogates_are_refused(client: TestClient) -> None:
    nul = errors(client.post(BOOK, json={**GOOD, "name": "An\u0000"}))
    assert nul["name"] == "Họ tên: chứa ký tự điều khiển không hợp lệ"
    surrogate = client.post(
        BOOK,
        content=b'{"field": "H\\ud800", "starts_at": '
        b'"2026-11-24T08:00:00", "name": "An An", "phone": "0912345678"}',
        headers={"content-type": "application/json"},
    )
    assert errors(surrogate)["field"] == "Lĩnh vực: chứa ký tự không hợp lệ"


def test_unknown_routes_and_methods_answer_in_vietnamese(client: TestClient) -> None:
    assert client.get("/api/v1/khong-co").json() == {"detail": "Không tìm thấy đường dẫn này."}
    wrong = client.delete("/api/v1/appointments/slots")
    assert wrong.status_code == 405 and "phương thức" in wrong.json()["detail"]


def test_oversized_bodies_get_413(client: TestClient) -> None:
    big = {**GOOD, "name": "A" * (70 * 1024)}
    declared = client.post(BOOK, json=big)
    assert declared.status_code == 413 and "quá lớn" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:
        yield b'{"field": "H\xe1\xbb\x99 t\xe1\xbb\x8bch", "name": "'
        for _ in range(80):
            yield b"A" * 1024
        yield b'"}'

    chunked = client.post(BOOK, content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413


def test_dossier_import_has_its_own_larger_limit(staff_client: TestClient) -> None:
    client = staff_client
    header = "Mã hồ sơ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Trạng thái\n"
    rows = "".join(
        f"H-{i:05d},Đăng ký khai sinh,0912345678,20/11/2026,Đang xử lý\n" for i in range(2000)
    )
    data = (header + rows).encode()
    assert len(data) > 64 * 1024
    response = client.post("/api/v1/dossiers/import", files={"file": ("a.csv", data, "text/csv")})
    assert response.status_code == 200 and response.json()["created"] == 2000


def test_rate_limit_on_public_posts(tmp_path: Path, kiosk_retriever: Retriever) -> None:
    settings = Settings(
        data_dir=tmp_path, rate_limit_enabled=True, rate_limit_burst=2, rate_limit_per_minute=1
    )
    app = create_app(settings, overrides=RuntimeOverrides(knowledge=kiosk_retriever))
    with TestClient(app) as client:
        statuses = [
            client.post("/api/v1/ratings", json={"score": "hài lòng"}).status_code for _ in range(3)
        ]
        assert statuses == [201, 201, 429]
        limited = client.post("/api/v1/ratings", json={"score": "hài lòng"})
        assert "thử lại sau" in limited.json()["detail"]
        assert int(limited.headers["retry-after"]) >= 1
        assert client.get("/api/v1/desk").status_code == 200  # reads are not limited


def test_rate_limit_on_costly_reads(tmp_path: Path, kiosk_retriever: Retriever) -> None:
    """Search, read-aloud and QR codes have their own, roomier bucket per client."""
    settings = Settings(
        data_dir=tmp_path,
        rate_limit_enabled=True,
        rate_limit_reads_burst=3,
        rate_limit_reads_per_minute=1,
        speech_enabled=False,
    )
    app = create_app(settings, overrides=RuntimeOverrides(knowledge=kiosk_retriever))
    search = "/api/v1/procedures/search"
    with TestClient(app) as client:
        costly = [
            client.get(search, params={"q": "khai sinh"}).status_code,
            client.get("/api/v1/qr.png", params={"data": "LH-7K2Q9"}).status_code,
            client.get("/api/v1/speech", params={"text": "xin chào"}).status_code,  # 503: off
        ]
        assert costly == [200, 200, 503]
        limited = client.get(search, params={"q": "khai sinh"})
        assert limited.status_code == 429 and "thử lại sau" in limited.json()["detail"]
        assert client.get("/api/v1/qr.png", params={"data": "x"}).status_code == 429
        # Cheap reads and the POST bucket are not touched by it.
        assert client.get("/api/v1/procedures/ho-tich.khai-sinh").status_code == 200
        assert client.get("/api/v1/desk").status_code == 200
        assert client.post("/api/v1/ratings", json={"score": "hài lòng"}).status_code == 201


def test_personal_data_never_reaches_the_logs(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    booked = client.post(BOOK, json={**GOOD, "name": "Hoàng Thị Lan", "phone": "0398765432"})
    code = booked.json()["code"]
    client.post(f"{BOOK}/{code}/cancel", json={"phone": "0398765432"})
    client.post(
        "/api/v1/complaints",
        json={"content": "Góp ý", "contact_name": "Hoàng Thị Lan", "contact_phone": "0398765432"},
    )
    client.post(BOOK, json={**GOOD, "phone": "0398 765 43"})
    assert code in caplog.text  # logging is on, and says what happened
    for secret in ("0398765432", "398765432", "Hoàng Thị Lan", "0398 765 43"):
        assert secret not in caplog.text


def test_schema_is_migrated_once(app: FastAPI, settings: Settings) -> None:
    with TestClient(app):
        pass
    with TestClient(app) as client:  # a second start finds the schema current
        assert client.get("/api/v1/health").status_code == 200
    db = Database(settings.sqlalchemy_url)
    with db.read() as session:
        # Feature branches of the schema (0003, 0004, 0005 all follow 0002) are all applied.
        heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
        applied = set(session.scalars(text("SELECT version_num FROM alembic_version")))
        assert applied == heads
        if db.is_sqlite:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA busy_timeout")).scalar() == 15_000
    tables = set(inspect(db.engine).get_table_names())
    db.dispose()
    assert {
        "appointments",
        "queue_tickets",
        "queue_counters",
        "dossiers",
        "dossier_events",
        "checklists",
        "ratings",
        "complaints",
    } <= tables


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/appointments/slots" in paths and "/api/v1/checklists/{code}/qr.png" in paths


def test_desk_info_uses_the_injected_clock(settings: Settings, kiosk_retriever: Retriever) -> None:
    new_year = RuntimeOverrides(
        clock=lambda: dt.datetime(2027, 1, 1, 9, 0), knowledge=kiosk_retriever
    )
    with TestClient(create_app(settings, overrides=new_year)) as client:
        desk = client.get("/api/v1/desk").json()
    assert desk["open_today"] is False and desk["holiday_today"] == "Tết Dương lịch"
    assert desk["hours"]["sat"] == ["07:30-11:30"] and "sun" not in desk["hours"]


def test_serve_command_line() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000"])
    assert (args.command, args.host, args.port) == ("serve", "0.0.0.0", 9000)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--port", "http"])


ODD_BODIES: list[Any] = [
    None,
    [],
    {},
    "chuỗi",
    10**30,
    {"field": {"a": 1}},
    {"starts_at": "2026-13-45T99:99"},
    {"phone": ["0912345678"]},
    {"code": None, "phone": 1},
    {"score": 1, "content": ""},
    {"procedure_id": "../../etc/passwd"},
    {"have": "not-a-list"},
    {"status": "xong"},
    {"field": "Hộ tịch", "priority": None},
    {"phone_last4": 1234, "code": "x" * 5000},
]
ODD_SEGMENTS = ["0", "-1", "99999999999999999999999", "%00", "LH-%F0%9F%98%80", "x" * 300]


def test_no_input_gives_a_server_error(client: TestClient) -> None:
    """Every route, odd path values and odd bodies: an answer below 500 each time."""
    for path, methods in client.get("/api/v1/openapi.json").json()["paths"].items():
        for segment in ODD_SEGMENTS:
            url = re.sub(r"\{[^}]+\}", segment, path)
            for method in methods:
                if method == "get":
                    response = client.get(
                        url,
                        params={"q": segment, "field": segment, "start": segment, "since": segment},
                    )
                    assert response.status_code < 500, (url, response.text)
                    continue
                for body in ODD_BODIES:
                    response = client.request(method.upper(), url, json=body)
                    assert response.status_code < 500, (method, url, body, response.text)
