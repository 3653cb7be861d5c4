"""Staff FAQ lookup: procedures from the catalog, cited plan passages, task-table answers.

Staff see the whole catalog, drafts included (the knowledge handle's staff view).
Passages come from the knowledge layer's document search (file and line range);
the words of the question are marked in them here. Task records (who leads, who
cooperates, by when, what output) are read from the same plan folders the index
covers and ranked with BM25 on OCR-repaired folded text.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.procedures import SearchAnswer, rank
from knowledge.documents import DocumentInfo, TaskRecord, load_tasks
from knowledge.index import MANIFEST, catalog_lexicon
from knowledge.lexical import BM25, STOPWORDS, canonical, word_terms
from knowledge.ocr import SyllableRepair
from knowledge.retriever import Retriever
from knowledge.settings import KnowledgeSettings
from knowledge.text import expand_abbreviations, fold, normalize_query

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    text: str
    mark: bool
    ocr: str | None = None  # what the scan said, when `text` is a confident OCR repair


@dataclass(frozen=True)
class PassageAnswer:
    source: str
    start_line: int
    end_line: int
    heading: str
    segments: list[Segment]
    score: float
    document: DocumentInfo | None = None  # "Kế hoạch 68/KH-SCT, ...", read from the header


@dataclass(frozen=True)
class TaskAnswer:
    task: TaskRecord
    segments: list[Segment]
    score: float
    document: DocumentInfo | None = None


@dataclass(frozen=True)
class FaqAnswer:
    query: str
    procedures: SearchAnswer
    passages_abstain: bool
    passages: list[PassageAnswer]
    tasks: list[TaskAnswer]


def query_terms(query: str) -> set[str]:
    """Folded syllables of the question that carry meaning (stop words dropped)."""
    folded = canonical(expand_abbreviations(normalize_query(query)))
    return {t for t in folded.split() if t not in STOPWORDS and len(t) > 1}


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _cased(repaired: str, like: str) -> str:
    return repaired.capitalize() if like[:1].isupper() else repaired


def highlight(
    text: str, terms: set[str], repair: SyllableRepair | None = None, fix: bool = False
) -> list[Segment]:
    """The text cut into plain and marked pieces: a word is marked when its folded
    (and, for OCR text, repaired) syllable is one of the question's terms. With `fix`,
    a garbled word is shown repaired where the repair is confident ("c6ng" -> "cong"),
    keeping what the scan said in `ocr`."""
    segments: list[Segment] = []
    cursor = 0
    for match in _WORD.finditer(text):
        word = match.group()
        folded = canonical(fold(word))
        repaired = repair.text(folded) if repair and folded else folded
        fixed = (
            repair.confident(folded) if fix and repair and folded and not _acronym(word) else None
        )
        mark = folded in terms or repaired in terms or fixed in terms
        if mark or fixed:
            if match.start() > cursor:
                segments.append(Segment(text[cursor : match.start()], False))
            shown = _cased(fixed, word) if fixed else word
            segments.append(Segment(shown, mark, word if fixed else None))
            cursor = match.end()
    if cursor < len(text):
        segments.append(Segment(text[cursor:], False))
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring marked words separated only by spaces into one mark."""
    merged: list[Segment] = []
    for segment in segments:
        if (
            merged
            and len(merged) >= 2
            and segment.mark
            and segment.ocr is None
            and not merged[-1].mark
            and merged[-1].text.isspace()
            and merged[-2].mark
            and merged[-2].ocr is None
        ):
            gap = merged.pop()
            merged[-1] = Segment(merged[-1].text + gap.text + segment.text, True)
        else:
            merged.append(segment)
    return merged


class TaskIndex:
    """BM25 over the task records of the plan documents."""

    def __init__(self, tasks: Sequence[TaskRecord], repair: SyllableRepair | None = None) -> None:
        self.tasks = list(tasks)
        self.repair = repair
        texts = [self._text(t) for t in self.tasks]
        self._bm25 = BM25([word_terms(t) for t in texts])

    @classmethod
    def load(cls, folders: Sequence[Path], repair: SyllableRepair | None = None) -> TaskIndex:
        existing = [f for f in folders if f.is_dir()]
        return cls(load_tasks(existing) if existing else [], repair)

    def _text(self, task: TaskRecord) -> str:
        parts = [task.content, task.lead, task.cooperate or "", task.product or ""]
        folded = expand_abbreviations(fold(" ".join(parts)))
        return self.repair.text(folded) if self.repair else folded

    def search(self, query: str, k: int = 5) -> list[tuple[TaskRecord, float]]:
        terms = sorted(query_terms(query))
        if not terms or not self.tasks:
            return []
        scores = self._bm25.scores(word_terms(" ".join(terms)))
        best = float(scores.max()) if scores.size else 0.0
        order = [int(i) for i in np.argsort(-scores, kind="stable")[:k]]
        # Keep answers within half of the best: one shared word is not an answer.
        return [(self.tasks[i], float(scores[i])) for i in order if scores[i] >= best * 0.5 > 0]


def plan_folders(settings: KnowledgeSettings) -> list[Path]:
    """The plan folders of the index: MOTCUA_DOCUMENT_DIRS, else those the index was built on."""
    if settings.document_dirs:
        return list(settings.document_dirs)
    try:
        manifest = json.loads((settings.index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted({Path(name).parent for name in manifest.get("documents") or {}})


def answer(
    view: Retriever,
    tasks: TaskIndex,
    query: str,
    k: int = 5,
    repair: SyllableRepair | None = None,
) -> FaqAnswer:
    """Procedures, plan passages and task records for one staff question."""
    terms = query_terms(query)
    procedures = rank(view, query, k)
    result = view.search_documents(query, k=k)
    passages = [
        PassageAnswer(
            hit.source,
            hit.lines[0],
            hit.lines[1],
            hit.heading,
            highlight(hit.text, terms, repair, fix=True),
            hit.score,
            view.document_info(hit.source),
        )
        for hit in result.hits
    ]
    found = [
        TaskAnswer(
            task,
            highlight(task.content, terms, repair),  # quoted as OCR read it, like the cells
            score,
            view.document_info(task.source),
        )
        for task, score in tasks.search(query, k)
    ]
    return FaqAnswer(query, procedures, result.abstain, passages, found)


class StaffFaq:
    """The console's FAQ lookup. The plan documents' task records and the OCR repair
    lexicon (the catalog's syllables) are read once, on the first question."""

    def __init__(self, knowledge: KnowledgeHandle) -> None:
        self.knowledge = knowledge
        self._prepared: tuple[TaskIndex, SyllableRepair] | None = None
        self._lock = threading.Lock()

    def _tasks(self, view: Retriever) -> tuple[TaskIndex, SyllableRepair]:
        with self._lock:
            if self._prepared is None:
                repair = catalog_lexicon(view.catalog)
                tasks = TaskIndex.load(plan_folders(self.knowledge.settings), repair)
                self._prepared = tasks, repair
            return self._prepared

    def answer(self, query: str, k: int = 5) -> FaqAnswer:
        view = self.knowledge.staff()
        tasks, repair = self._tasks(view)
        return answer(view, tasks, query, k, repair)
