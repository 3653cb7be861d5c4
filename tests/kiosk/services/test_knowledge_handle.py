"""The knowledge handle: opened as start-up opens it, reloaded after a catalog edit with the
same search cache and encoder limit, swapped whole while searches run, drafts hidden from
the public view exactly as if they had never been indexed."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from kiosk.core.config import Settings
from kiosk.core.errors import KnowledgeUnavailable
from kiosk.services.catalog_edits import CatalogEditor
from kiosk.services.knowledge_handle import KnowledgeHandle, open_knowledge
from kiosk.services.search_cache import CachedRetriever
from knowledge.catalog.store import Catalog
from knowledge.encoders import BoundedEncoder
from knowledge.procedure_search import Chunk, ProcedureSearcher
from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings
from tests.kiosk.conftest import NOW

ALIAS = "giấy chào đời cho em bé"  # the catalog abstains until it is an alias of khai sinh
QUESTIONS = ["làm giấy khai sinh cho con", "đăng ký kết hôn", "cấp lại thẻ bảo hiểm y tế bị mất"]


@pytest.fixture
def opened(tmp_path: Path, knowledge_dir: Path, kiosk_retriever: Retriever) -> KnowledgeHandle:
    """The handle start-up opens, over a copy of the session's index."""
    shutil.copytree(KnowledgeSettings(data_dir=knowledge_dir).index_dir, tmp_path / "index")
    settings = Settings(data_dir=tmp_path, encoder_slots=3, search_cache_size=16)
    return open_knowledge(settings)


def test_the_cache_and_the_encoder_limit_survive_a_reload(opened: KnowledgeHandle) -> None:
    before = opened.public()
    assert isinstance(before, CachedRetriever) and before.cache_size == 16
    encoder = before.procedures.encoder
    assert isinstance(encoder, BoundedEncoder)
    assert opened.public().search_procedures(ALIAS).abstain is True

    edit = CatalogEditor(opened, lambda: NOW).add_alias("ho-tich.khai-sinh", ALIAS)

    after = opened.public()
    assert after is not before and 1 <= edit.report.encoded <= 3
    assert isinstance(after, CachedRetriever) and after.cache_size == 16
    assert after.procedures.encoder is encoder  # the same slots, not a fresh encoder
    answer = after.search_procedures(ALIAS)
    assert answer.abstain is False and answer.hits[0].id == "ho-tich.khai-sinh"
    assert after.cached == 1


def test_searches_running_during_swaps_keep_working(
    tmp_path: Path, kiosk_retriever: Retriever
) -> None:
    handle = KnowledgeHandle(KnowledgeSettings(data_dir=tmp_path), 0, kiosk_retriever)
    expected = {q: kiosk_retriever.search_procedures(q).hits[0].id for q in QUESTIONS}
    stop, failures, answers = threading.Event(), [], [0]

    def search() -> None:
        while not stop.is_set():
            try:
                for question, top in expected.items():
                    view = handle.public()
                    hit = view.search_procedures(question).hits[0]
                    assert hit.id == top and view.get_procedure(hit.id) is not None
                    answers[0] += 1
            except Exception as error:  # reported below, with the swap count
                failures.append(error)
                return

    readers = [threading.Thread(target=search) for _ in range(3)]
    for reader in readers:
        reader.start()
    swaps = 0
    while answers[0] < 60 and all(reader.is_alive() for reader in readers):
        handle.replace(kiosk_retriever)
        swaps += 1
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == [] and swaps > 1


def test_an_empty_handle_says_it_is_unavailable(tmp_path: Path) -> None:
    handle = KnowledgeHandle(KnowledgeSettings(data_dir=tmp_path))
    assert handle.available is False and handle.is_draft("ho-tich.khai-sinh") is False
    with pytest.raises(KnowledgeUnavailable):
        handle.public()
    with pytest.raises(KnowledgeUnavailable):
        handle.staff()


def test_a_searcher_without_some_procedures_is_the_one_indexed_without_them(
    knowledge_dir: Path, kiosk_retriever: Retriever
) -> None:
    hidden = {"ho-tich.khai-sinh", "ho-tich.ket-hon"}
    index = KnowledgeSettings(data_dir=knowledge_dir).index_dir
    stored = json.loads((index / "procedures.json").read_text(encoding="utf-8"))
    vectors = np.load(index / "procedures.npy")
    catalog = kiosk_retriever.catalog
    kept = [p for p in catalog if p.id not in hidden]
    position = {p.id: i for i, p in enumerate(kept)}
    ids = catalog.ids()
    rows = [r for r, owner in enumerate(stored["owners"]) if ids[owner] not in hidden]
    chunks = [Chunk(position[ids[stored["owners"][r]]], stored["texts"][r]) for r in rows]
    encoder = kiosk_retriever.procedures.encoder
    expected = ProcedureSearcher(kept, chunks, vectors[rows], encoder)

    without = kiosk_retriever.procedures.without(hidden)
    for question in [*QUESTIONS, "muốn mở quán cà phê nhỏ thì xin giấy gì"]:
        assert without.search(question, k=5) == expected.search(question, k=5)
        assert not hidden & {hit.id for hit in without.search(question, k=20).hits}
    assert len(Catalog(kept)) == len(without.procedures) == len(catalog) - 2
