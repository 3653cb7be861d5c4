"""Dossier status: transactional CSV import with a report, lookup by code and phone digits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.__main__ import main
from kiosk.api.deps import get_clock
from kiosk.app import create_app
from kiosk.core.config import Settings

pytestmark = pytest.mark.both_databases  # store tests: SQLite and PostgreSQL

IMPORT = "/api/v1/dossiers/import"
LOOKUP = "/api/v1/dossiers/lookup"


@pytest.fixture
def client(client: TestClient, staff_login: Callable[..., dict[str, str]]) -> TestClient:
    """Imports are staff work: every test here is logged in as desk staff."""
    staff_login(client, "staff")
    return client


HEADER = "Mã hồ sơ,Tên thủ tục,Người nộp,Số điện thoại,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái"
ROWS = [
    "000.00.12.H25-261120-0001,Đăng ký khai sinh,Trần Thị Bình,0912 345 678,20/11/2026,"
    "20/11/2026,Đã trả kết quả",
    "000.00.12.H25-261120-0002,Chứng thực bản sao từ bản chính,Lê Văn Cường,+84 987.654.321,"
    "20/11/2026 14:05,25/11/2026,Đang xử lý",
]


def upload(client: TestClient, text: str, encoding: str = "utf-8") -> Any:
    files = {"file": ("export.csv", text.encode(encoding), "text/csv")}
    return client.post(IMPORT, files=files)


def lookup(client: TestClient, code: str, last4: str) -> Any:
    return client.post(LOOKUP, json={"code": code, "phone_last4": last4})


def test_import_then_lookup(client: TestClient) -> None:
    report = upload(client, "\n".join([HEADER, *ROWS]))
    assert report.status_code == 200, report.text
    assert report.json() == {"created": 2, "updated": 0, "unchanged": 0}
    found = lookup(client, "000.00.12.h25-261120-0002", "4321")
    assert found.status_code == 200
    body = found.json()
    assert body["procedure_name"] == "Chứng thực bản sao từ bản chính"
    assert body["received_on"] == "2026-11-20" and body["due_on"] == "2026-11-25"
    assert body["status"] == "Đang xử lý"
    assert [e["status"] for e in body["history"]] == ["Đang xử lý"]
    assert "Lê Văn Cường" not in found.text and "phone" not in body


def test_wrong_digits_look_like_an_unknown_code(client: TestClient) -> None:
    upload(client, "\n".join([HEADER, *ROWS]))
    wrong = lookup(client, "000.00.12.H25-261120-0001", "0000")
    unknown = lookup(client, "000.00.12.H25-999999-0001", "5678")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert "4 số cuối" in wrong.json()["detail"]
    assert lookup(client, "000.00.12.H25-261120-0001", "567").status_code == 422


def test_reimport_records_status_history(client: TestClient, clock: Any) -> None:
    upload(client, "\n".join([HEADER, *ROWS]))
    clock.advance(60 * 24)
    changed = ROWS[1].replace("Đang xử lý", "Đã có kết quả")
    report = upload(client, "\n".join([HEADER, ROWS[0], changed]))
    assert report.json() == {"created": 0, "updated": 1, "unchanged": 1}
    history = lookup(client, "000.00.12.H25-261120-0002", "4321").json()["history"]
    assert [e["status"] for e in history] == ["Đang xử lý", "Đã có kết quả"]
    assert history[1]["recorded_at"] == "2026-11-24T09:00:00+07:00"


def test_bad_rows_are_reported_and_nothing_is_written(client: TestClient) -> None:
    bad = [
        ",Đăng ký khai sinh,A,0912345678,20/11/2026,,Đã tiếp nhận",  # no code
        "X-3,Đăng ký khai sinh,A,12345,20/11/2026,,Đã tiếp nhận",  # phone
        "X-4,Đăng ký khai sinh,A,0912345678,31/02/2026,,Đã tiếp nhận",  # date
        "X-5,Đăng ký khai sinh,A,0912345678,20/11/2026,19/11/2026,Đã tiếp nhận",  # due < received
        "000.00.12.H25-261120-0001,Đăng ký khai sinh,A,0912345678,20/11/2026,,",  # dup + status
    ]
    response = upload(client, "\n".join([HEADER, *ROWS, *bad]))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "import_rejected" and "chưa ghi hồ sơ nào" in body["detail"]
    problems = {(r["row"], r["column"]) for r in body["rows"]}
    assert problems == {
        (4, "Mã hồ sơ"),
        (5, "Số điện thoại"),
        (6, "Ngày tiếp nhận"),
        (7, "Ngày hẹn trả"),
        (8, "Mã hồ sơ"),
        (8, "Trạng thái"),
    }
    assert "12345" not in response.text  # the bad phone is not echoed back
    assert lookup(client, "000.00.12.H25-261120-0001", "5678").status_code == 404


def test_missing_columns_and_bad_encoding(client: TestClient) -> None:
    missing = upload(client, "Mã hồ sơ,Trạng thái\nA-1,Đang xử lý\n")
    assert missing.status_code == 422
    columns = {r["column"] for r in missing.json()["rows"]}
    assert columns == {"Tên thủ tục", "Số điện thoại", "Ngày tiếp nhận"}
    latin = upload(client, "\n".join([HEADER, ROWS[0]]), encoding="utf-16")
    assert latin.status_code == 422 and "UTF-8" in latin.json()["rows"][0]["message"]
    assert upload(client, "").status_code == 422


def test_excel_style_export_with_bom_and_semicolons(client: TestClient) -> None:
    text = "\ufeff" + "\n".join(
        line.replace(",", ";")
        for line in [
            "MÃ HỒ SƠ,Tên thủ tục,Số điện thoại,Ngày tiếp nhận,Trạng thái",
            "H1-001,Đăng ký khai sinh,0912345678,2026-11-20,Đã tiếp nhận",
        ]
    )
    assert upload(client, text).json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert lookup(client, "H1-001", "5678").json()["due_on"] is None


def test_cli_import(
    tmp_path: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", settings.sqlalchemy_url)
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *ROWS]), encoding="utf-8")
    assert main(["import-dossiers", str(good)]) == 0
    assert "2 mới" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, "X,Y,Z,1,2,3,"]), encoding="utf-8")
    assert main(["import-dossiers", str(bad)]) == 1
    assert "dòng 2" in capsys.readouterr().err


def test_wrong_digits_lock_the_code_even_for_the_right_ones(client: TestClient, clock: Any) -> None:
    """Four digits are 10,000 guesses: 5 wrong ones per code and 15 minutes, in the database."""
    assert upload(client, "\n".join([HEADER, *ROWS])).status_code == 200
    code = "000.00.12.H25-261120-0001"
    answers = [lookup(client, code, f"{i:04d}").status_code for i in range(30)]
    assert answers == [404] * 5 + [429] * 25  # 5678 is not among 0000-0029
    locked = lookup(client, code, "5678")  # the right digits, too late
    assert locked.status_code == 429 and locked.json()["error"] == "dossier_lookup_locked"
    assert "tra cứu sai" in locked.json()["detail"] and "15 phút" in locked.json()["detail"]
    assert int(locked.headers["Retry-After"]) == 15 * 60
    assert lookup(client, ROWS[1].split(",")[0], "4321").status_code == 200  # other codes work
    unknown = [lookup(client, "KHONG-CO-MA-NAY", "1234").status_code for _ in range(6)]
    assert unknown == [404] * 5 + [429]  # an unknown code locks alike: a lock reveals nothing
    clock.advance(15)
    assert lookup(client, code, "5678").status_code == 200


def test_the_lock_holds_for_another_replica(
    client: TestClient, settings: Settings, clock: Any
) -> None:
    """Failures counted through one app lock the code for a second app on the database."""
    assert upload(client, "\n".join([HEADER, *ROWS])).status_code == 200
    code = "000.00.12.H25-261120-0001"
    for i in range(5):
        assert lookup(client, code, f"{i:04d}").status_code == 404
    other: FastAPI = create_app(settings.model_copy(update={"open_retriever": False}))
    other.dependency_overrides[get_clock] = lambda: clock
    with TestClient(other) as replica:
        assert lookup(replica, code, "5678").status_code == 429
