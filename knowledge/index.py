"""The on-disk index: a folder with vectors, chunk metadata and a manifest.

A build reuses the vectors of every chunk whose text did not change, so editing
one procedure re-encodes only that procedure. Opening an index refuses one that
was built with another encoder, from another catalog or other documents, and
says how to rebuild it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from knowledge.catalog.store import Catalog, catalog_hash
from knowledge.document_search import DocumentSearcher, StoredPassage, passage_text
from knowledge.documents import DocumentInfo, iter_documents, load_infos, load_passages
from knowledge.encoders import Encoder
from knowledge.ocr import SyllableRepair
from knowledge.procedure_search import Chunk, ProcedureSearcher, procedure_chunks
from knowledge.text import fold

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"  # each plan's kind, number, issuer and date, from its header
REBUILD_HINT = "Hãy xây lại chỉ mục: python -m knowledge build"


class IndexStaleError(RuntimeError):
    """The index on disk does not match the catalog, documents or encoder."""


@dataclass(frozen=True)
class BuildReport:
    procedures: int
    chunks: int
    passages: int
    encoded: int
    reused: int
    seconds: float


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def file_digests(folders: Sequence[Path]) -> dict[str, str]:
    """Content digest of every supported document under the folders."""
    return {
        str(path.resolve()): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in iter_documents(folders)
    }


def _read_manifest(directory: Path) -> dict[str, object] | None:
    try:
        return dict(json.loads((directory / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _cached_vectors(directory: Path, name: str, encoder: Encoder) -> dict[str, NDArray[np.float32]]:
    """Vectors of a previous build keyed by text digest, if it used this encoder."""
    manifest = _read_manifest(directory)
    if not manifest or manifest.get("encoder") != encoder.name:
        return {}
    try:
        texts = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))["texts"]
        vectors = np.load(directory / f"{name}.npy")
    except (OSError, ValueError, KeyError):
        return {}
    return {_digest(text): vectors[i] for i, text in enumerate(texts)}


def _encode(
    texts: list[str], cache: dict[str, NDArray[np.float32]], encoder: Encoder, label: str
) -> tuple[NDArray[np.float32], int]:
    """Vectors for texts, encoding only those not in the cache."""
    missing = [t for t in dict.fromkeys(texts) if _digest(t) not in cache]
    batches = range(0, len(missing), 64)
    show = sys.stderr.isatty() and len(missing) > 64
    for start in tqdm(batches, desc=label, unit="lô", disable=not show):
        batch = missing[start : start + 64]
        for text, vector in zip(batch, encoder.encode_passages(batch), strict=True):
            cache[_digest(text)] = vector
    matrix = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for row, text in enumerate(texts):
        matrix[row] = cache[_digest(text)]
    return matrix, len(missing)


def stored_passages(folders: Sequence[Path]) -> list[StoredPassage]:
    return [
        StoredPassage(p.source, p.start_line, p.end_line, p.heading, p.text)
        for p in load_passages(folders)
    ]


def _write(directory: Path, files: dict[str, object]) -> None:
    """Write all files to a fresh folder, then swap it in: never a half-written index."""
    staging = directory.with_name(f".{directory.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, content in files.items():
        if isinstance(content, np.ndarray):
            np.save(staging / name, content)
        else:
            (staging / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    retired = directory.with_name(f".{directory.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if directory.exists():
        directory.rename(retired)
    staging.rename(directory)
    shutil.rmtree(retired, ignore_errors=True)


def build_index(
    directory: Path, catalog: Catalog, encoder: Encoder, document_folders: Sequence[Path] = ()
) -> BuildReport:
    """Build or update the index folder for a catalog and document folders."""
    started = time.perf_counter()
    ids = catalog.ids()
    owner = {pid: i for i, pid in enumerate(ids)}
    chunks = [(p.id, text) for p in catalog for text in procedure_chunks(p)]
    chunk_texts = [text for _, text in chunks]
    proc_vectors, proc_new = _encode(
        chunk_texts, _cached_vectors(directory, "procedures", encoder), encoder, "Thủ tục"
    )
    passages = stored_passages(document_folders)
    infos = load_infos(document_folders, catalog_lexicon(catalog)) if document_folders else {}
    doc_texts = [passage_text(p) for p in passages]
    doc_vectors, doc_new = _encode(
        doc_texts, _cached_vectors(directory, "passages", encoder), encoder, "Văn bản"
    )
    manifest = {
        "format": FORMAT_VERSION,
        "encoder": encoder.name,
        "dim": encoder.dim,
        "catalog_hash": catalog_hash(catalog),
        "procedures": len(ids),
        "documents": file_digests(document_folders),
        "built_at": time.time(),
    }
    _write(
        directory,
        {
            "procedures.json": {"owners": [owner[pid] for pid, _ in chunks], "texts": chunk_texts},
            "procedures.npy": proc_vectors,
            "passages.json": {"items": [asdict(p) for p in passages], "texts": doc_texts},
            "passages.npy": doc_vectors,
            DOCUMENTS: {"items": [asdict(info) for info in infos.values()]},
            MANIFEST: manifest,
        },
    )
    return BuildReport(
        len(ids),
        len(chunks),
        len(passages),
        proc_new + doc_new,
        len(chunks) + len(passages) - proc_new - doc_new,
        round(time.perf_counter() - started, 3),
    )


def _check(
    manifest: dict[str, object] | None,
    catalog: Catalog,
    encoder: Encoder,
    folders: Sequence[Path] | None,
) -> None:
    if manifest is None:
        raise IndexStaleError(f"Chưa có chỉ mục. {REBUILD_HINT}")
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexStaleError(f"Chỉ mục thuộc phiên bản định dạng khác. {REBUILD_HINT}")
    if manifest.get("encoder") != encoder.name or manifest.get("dim") != encoder.dim:
        raise IndexStaleError(
            f"Chỉ mục được xây bằng bộ mã hóa '{manifest.get('encoder')}', "
            f"khác với '{encoder.name}' đang dùng. {REBUILD_HINT}"
        )
    if manifest.get("catalog_hash") != catalog_hash(catalog):
        raise IndexStaleError(f"Danh mục thủ tục đã thay đổi sau lần xây chỉ mục. {REBUILD_HINT}")
    if folders is not None and manifest.get("documents") != file_digests(folders):
        hint = " ".join(f"--documents {f}" for f in folders)
        raise IndexStaleError(
            f"Chỉ mục không khớp với các thư mục văn bản đã cho. {REBUILD_HINT} {hint}"
        )


def catalog_lexicon(catalog: Catalog) -> SyllableRepair:
    """Real Vietnamese syllables, with counts, from every text of the catalog."""
    return SyllableRepair.from_texts(
        fold(json.dumps(p.model_dump(mode="json"), ensure_ascii=False)) for p in catalog
    )


def open_index(
    directory: Path,
    catalog: Catalog,
    encoder: Encoder,
    document_folders: Sequence[Path] | None = None,
) -> tuple[ProcedureSearcher, DocumentSearcher]:
    """Load searchers from an index folder, refusing one that does not match."""
    _check(_read_manifest(directory), catalog, encoder, document_folders)
    procs = json.loads((directory / "procedures.json").read_text(encoding="utf-8"))
    docs = json.loads((directory / "passages.json").read_text(encoding="utf-8"))
    chunks = [Chunk(o, t) for o, t in zip(procs["owners"], procs["texts"], strict=True)]
    passages = [StoredPassage(**item) for item in docs["items"]]
    repair = catalog_lexicon(catalog)
    return (
        ProcedureSearcher(list(catalog), chunks, np.load(directory / "procedures.npy"), encoder),
        DocumentSearcher(
            passages,
            np.load(directory / "passages.npy"),
            encoder,
            repair=repair,
            infos=_document_infos(directory, repair),
        ),
    )


def _document_infos(directory: Path, repair: SyllableRepair) -> dict[str, DocumentInfo]:
    """The headers read at build time; an index built before they were kept reads them now
    from the files its manifest lists (those still there)."""
    try:
        items = json.loads((directory / DOCUMENTS).read_text(encoding="utf-8"))["items"]
        return {item["source"]: DocumentInfo(**item) for item in items}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    documents = (_read_manifest(directory) or {}).get("documents")
    listed = [Path(name) for name in documents] if isinstance(documents, dict) else []
    folders = sorted({path.parent for path in listed if path.is_file()})
    return load_infos(folders, repair) if folders else {}


def refresh_procedures(
    directory: Path, catalog: Catalog, encoder: Encoder
) -> tuple[ProcedureSearcher, BuildReport]:
    """Re-index the procedures of an existing index, keeping its plan passages as built.

    Only chunks whose text changed are encoded (an added alias: one or two chunks),
    and the plan documents are not read again, so a catalog edit takes effect in
    about the time of one query. Refuses an index built with another encoder.
    """
    started = time.perf_counter()
    manifest = _read_manifest(directory)
    if manifest is None or manifest.get("encoder") != encoder.name:
        raise IndexStaleError(f"Chưa có chỉ mục dùng bộ mã hóa '{encoder.name}'. {REBUILD_HINT}")
    owner = {pid: i for i, pid in enumerate(catalog.ids())}
    chunks = [(p.id, text) for p in catalog for text in procedure_chunks(p)]
    texts = [text for _, text in chunks]
    vectors, encoded = _encode(
        texts, _cached_vectors(directory, "procedures", encoder), encoder, "Thủ tục"
    )
    passages = json.loads((directory / "passages.json").read_text(encoding="utf-8"))
    owners = [owner[pid] for pid, _ in chunks]
    _write(
        directory,
        {
            "procedures.json": {"owners": owners, "texts": texts},
            "procedures.npy": vectors,
            "passages.json": passages,
            "passages.npy": np.load(directory / "passages.npy"),
            MANIFEST: {
                **manifest,
                "catalog_hash": catalog_hash(catalog),
                "procedures": len(owner),
                "built_at": time.time(),
            },
        },
    )
    searcher = ProcedureSearcher(
        list(catalog), [Chunk(o, t) for o, t in zip(owners, texts, strict=True)], vectors, encoder
    )
    report = BuildReport(
        len(owner),
        len(chunks),
        len(passages["items"]),
        encoded,
        len(chunks) - encoded,
        round(time.perf_counter() - started, 3),
    )
    return searcher, report
