"""A retriever that also searches one real plan document (for the staff FAQ tests)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.document_search import DocumentSearcher
from knowledge.documents import load_infos, load_passages
from knowledge.index import catalog_lexicon
from knowledge.retriever import Retriever

PLAN = "003_02ff733e959bda6d.txt"  # a short plan with a task table


@pytest.fixture
def plan_dir(tmp_path: Path, plans_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One real plan (linked, not copied), named in MOTCUA_DOCUMENT_DIRS as in production."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / PLAN).symlink_to(plans_dir / PLAN)
    monkeypatch.setenv("MOTCUA_DOCUMENT_DIRS", f'["{folder}"]')
    return folder


def with_plans(base: Retriever, folder: Path) -> Retriever:
    """`base`'s catalog search plus document search over the plans in `folder`.

    Lexical side only: encoding plan passages costs about a second each on CI, and
    the dense side of document search is tested in tests/knowledge.
    """
    passages = load_passages([folder])
    vectors = np.zeros((0, base.procedures.encoder.dim), dtype=np.float32)
    repair = catalog_lexicon(base.catalog)
    infos = load_infos([folder], repair)  # what build_index keeps in documents.json
    documents = DocumentSearcher(
        passages, vectors, base.procedures.encoder, repair=repair, infos=infos
    )
    return Retriever(base.catalog, base.procedures, documents)
