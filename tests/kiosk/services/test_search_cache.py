"""The search cache in front of the retriever: same answers, computed once per question."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pytest

from kiosk.services.search_cache import DEPTH, CachedRetriever
from knowledge.procedure_search import ProcedureResult, ProcedureSearcher
from knowledge.retriever import Retriever

QUESTIONS = [
    "làm giấy khai sinh cho con cần gì",
    "chung thuc ban sao tu ban chinh",
    "đăng ký kết hôn với người nước ngoài",
    "thời tiết hôm nay thế nào",  # abstains
]


@dataclass
class CountingSearcher:
    """The real searcher, counting the searches it runs."""

    searcher: ProcedureSearcher
    queries: list[str] = field(default_factory=list)

    def search(self, query: str, k: int = 5) -> ProcedureResult:
        self.queries.append(query)
        return self.searcher.search(query, k=k)


def cached(retriever: Retriever, size: int = 64) -> tuple[CachedRetriever, CountingSearcher]:
    counting = CountingSearcher(retriever.procedures)
    plain = Retriever(retriever.catalog, counting, retriever.documents)  # type: ignore[arg-type]
    return CachedRetriever.around(plain, size), counting


@pytest.mark.parametrize("k", [1, 3, 5, DEPTH])
def test_answers_are_those_of_the_retriever(kiosk_retriever: Retriever, k: int) -> None:
    cache, counting = cached(kiosk_retriever)
    for question in QUESTIONS:
        expected = kiosk_retriever.search_procedures(question, k=k)
        assert cache.search_procedures(question, k=k) == expected  # computed
        assert cache.search_procedures(question, k=k) == expected  # remembered
    assert len(counting.queries) == len(QUESTIONS)


def test_one_entry_serves_every_k_and_every_spelling_of_a_question(
    kiosk_retriever: Retriever,
) -> None:
    cache, counting = cached(kiosk_retriever)
    question = QUESTIONS[0]
    variants = [
        question,
        f"  {question} ",
        question.replace(" ", "   "),
        unicodedata.normalize("NFD", question),
    ]
    for variant, k in zip(variants, [5, 3, 1, 20], strict=True):
        result = cache.search_procedures(variant, k=k)
        assert result.query == variant  # the answer names the question as asked
        assert result.hits == kiosk_retriever.search_procedures(question, k=k).hits
    assert counting.queries == [question]
    assert cache.cached == 1


def test_least_recently_used_questions_leave_first(kiosk_retriever: Retriever) -> None:
    cache, counting = cached(kiosk_retriever, size=2)
    first, second, third = QUESTIONS[:3]
    for question in (first, second, first, third, first, second):
        cache.search_procedures(question)
    # `second` was the least recently used when `third` came in, so it was asked again.
    assert counting.queries == [first, second, third, second]
    assert cache.cached == 2


def test_size_zero_and_deep_searches_are_not_cached(kiosk_retriever: Retriever) -> None:
    off, counting = cached(kiosk_retriever, size=0)
    off.search_procedures(QUESTIONS[0])
    off.search_procedures(QUESTIONS[0])
    assert len(counting.queries) == 2 and off.cached == 0
    on, counting = cached(kiosk_retriever)
    on.search_procedures(QUESTIONS[0], k=DEPTH + 5)
    assert counting.queries == [QUESTIONS[0]] and on.cached == 0


def test_it_is_still_a_retriever(kiosk_retriever: Retriever) -> None:
    """Code that needs the whole retriever (documents, the encoder) gets it."""
    cache = CachedRetriever.around(kiosk_retriever, 8)
    assert isinstance(cache, Retriever)
    assert cache.procedures is kiosk_retriever.procedures
    assert cache.get_procedure("ho-tich.khai-sinh") == kiosk_retriever.get_procedure(
        "ho-tich.khai-sinh"
    )
    assert cache.search_documents("khai sinh").query == "khai sinh"
