"""The real-scale data folder the real benchmark runs on: bundled + all national data.

`prepare` imports the shared national folder (procedures.jsonl and lists/*.xlsx)
into a data folder once, and builds its index once; later runs reuse both. A full
build encodes every chunk with the configured encoder, which takes minutes on a
shared machine, so what the build cost is measured when it happens and kept beside
the index (build.json), to be reported by every later run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from knowledge import machine
from knowledge.catalog.ingest import import_files
from knowledge.catalog.loading import national_entries
from knowledge.catalog.national import STORE_FILE
from knowledge.catalog.store import Catalog
from knowledge.encoders import Encoder
from knowledge.evaluation import Question
from knowledge.index import MANIFEST, IndexStaleError, build_index, open_index
from knowledge.peak_memory import PeakMemory
from knowledge.retriever import load_full_catalog
from knowledge.settings import KnowledgeSettings
from knowledge.text import fold, strip_marks

BUILD_RECORD = "build.json"


@dataclass(frozen=True)
class BuildRecord:
    """What building the real-scale index cost, measured when it was built."""

    date: str
    machine: str
    procedures: int
    chunks: int
    encoded: int
    reused: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    load_before: float
    load_after: float
    import_seconds: float | None
    # Vectors of an earlier index seeded the build (only texts it lacked were encoded);
    # `reused` also counts chunks whose text another chunk of the catalog has.
    seeded: bool = False

    @property
    def full(self) -> bool:
        """Every distinct chunk text was encoded by this build."""
        return not self.seeded


def national_files(shared: Path) -> list[Path]:
    folder = shared / "national-catalog"
    records = folder / "procedures.jsonl"
    if not records.is_file():
        raise FileNotFoundError(f"Không có dữ liệu quốc gia: {records}")
    return [records, *sorted((folder / "lists").glob("*.xlsx"))]


def _import(settings: KnowledgeSettings, shared: Path) -> float | None:
    """Import the national folder unless the data folder already holds it; its seconds."""
    if (settings.imported_catalog_dir / STORE_FILE).is_file():
        return None
    started = time.perf_counter()
    import_files(national_files(shared), settings)
    return round(time.perf_counter() - started, 1)


def _index_current(settings: KnowledgeSettings, encoder: Encoder) -> bool:
    if not (settings.index_dir / MANIFEST).is_file():
        return False
    try:
        open_index(settings.index_dir, load_full_catalog(settings), encoder)
    except IndexStaleError:
        return False
    return True


def read_record(data_dir: Path) -> BuildRecord | None:
    try:
        return BuildRecord(**json.loads((data_dir / BUILD_RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def prepare(
    shared: Path, data_dir: Path, encoder: Encoder, reuse_vectors: Path | None = None
) -> BuildRecord:
    """Import and build what is missing or stale in data_dir; the cost of its last build.

    reuse_vectors: an index folder built with the same encoder whose vectors seed the
    build (only texts it lacks are encoded), for iterating without a full encode.
    """
    settings = KnowledgeSettings(data_dir=data_dir)
    imported = _import(settings, shared)
    record = read_record(data_dir)
    if record is not None and _index_current(settings, encoder):
        return record
    if reuse_vectors is not None and reuse_vectors.resolve() != settings.index_dir.resolve():
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        shutil.copytree(reuse_vectors, settings.index_dir)
    seeded = (settings.index_dir / MANIFEST).is_file()
    catalog = load_full_catalog(settings)
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    with PeakMemory() as memory:
        report = build_index(settings.index_dir, catalog, encoder)
    record = BuildRecord(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine.describe(),
        procedures=report.procedures,
        chunks=report.chunks,
        encoded=report.encoded,
        reused=report.reused,
        seconds=report.seconds,
        cpu_seconds=round(time.process_time() - cpu_before, 1),
        peak_mb=round(memory.peak / 2**20),
        load_before=round(load_before, 1),
        load_after=round(os.getloadavg()[0], 1),
        import_seconds=imported,
        seeded=seeded,
    )
    (data_dir / BUILD_RECORD).write_text(json.dumps(asdict(record), indent=2), encoding="utf-8")
    return record


def typed_names(
    settings: KnowledgeSettings, catalog: Catalog
) -> tuple[list[Question], dict[str, set[str]]]:
    """Every imported official name as a question, as written and without marks, expecting
    the catalog entry with its code (a joined bundled entry keeps its own id); and, for
    each question, every catalog id whose name folds alike (the same name under other
    codes, which no question can tell apart)."""
    ids = set(catalog.ids())
    by_code = {p.code: p.id for p in catalog if p.code}
    named: dict[str, set[str]] = {}
    for procedure in catalog:
        named.setdefault(fold(procedure.name), set()).add(procedure.id)
    questions: list[Question] = []
    same: dict[str, set[str]] = {}
    for record in national_entries(settings):
        expected = record.id if record.id in ids else by_code.get(record.code or "")
        if expected is None or not record.name.strip():
            continue
        for text in dict.fromkeys((record.name, strip_marks(record.name))):
            questions.append(Question(text, expected))
            same[text] = named.get(fold(record.name), set()) | {expected}
    return questions, same
