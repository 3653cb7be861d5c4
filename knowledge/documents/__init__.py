"""Plan documents: read them, split them into cited passages, pull out task assignments.

    passages = load_passages([Path("../shared/corpus/plans")])
    tasks = load_tasks([Path("../shared/corpus/plans")])

A file that cannot be read is skipped with a warning, so one damaged file
does not stop an index build; `read_lines` raises `DocumentError` for it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from knowledge.documents.metadata import DocumentInfo, read_header
from knowledge.documents.passages import Passage, split_passages
from knowledge.documents.reader import DocumentError, iter_documents, read_lines
from knowledge.documents.tasks import TaskRecord, extract_tasks
from knowledge.ocr import SyllableRepair

__all__ = [
    "DocumentError",
    "DocumentInfo",
    "Passage",
    "TaskRecord",
    "extract_tasks",
    "iter_documents",
    "load_infos",
    "load_passages",
    "load_tasks",
    "read_header",
    "read_lines",
    "split_passages",
]

logger = logging.getLogger(__name__)


def _readable(folders: Sequence[Path]) -> list[tuple[Path, list[str]]]:
    documents = []
    for path in iter_documents(folders):
        try:
            documents.append((path, read_lines(path)))
        except DocumentError as exc:
            logger.warning("Bỏ qua văn bản không đọc được: %s", exc)
    return documents


def load_passages(folders: Sequence[Path], max_chars: int = 900) -> list[Passage]:
    """The passages of every readable document under the folders."""
    return [
        passage
        for path, lines in _readable(folders)
        for passage in split_passages(path.name, lines, max_chars, path=path)
    ]


def load_tasks(folders: Sequence[Path]) -> list[TaskRecord]:
    """The task records of every readable document under the folders."""
    return [task for path, lines in _readable(folders) for task in extract_tasks(path.name, lines)]


def load_infos(
    folders: Sequence[Path], repair: SyllableRepair | None = None
) -> dict[str, DocumentInfo]:
    """Each readable document's identity from its header (kind, number, issuer, date),
    by the file name passages cite."""
    return {path.name: read_header(path.name, lines, repair) for path, lines in _readable(folders)}
