import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from knowledge.lexical import BM25, canonical, char_terms, content_terms, word_terms
from knowledge.text import fold

DOCS = [
    "Đăng ký khai sinh cho trẻ em",
    "Đăng ký kết hôn giữa công dân Việt Nam",
    "Cấp hộ chiếu phổ thông ở trong nước",
    "Đăng ký thường trú thường trú",
]


def test_scores_match_reference_bm25() -> None:
    # rank_bm25's Okapi with the same k1/b and idf floor behaves like ours on positive idf.
    tokens = [fold(d).split() for d in DOCS]
    ours = BM25(tokens, k1=1.2, b=0.75)
    query = ["thuong", "tru"]
    ref = BM25Okapi(tokens, k1=1.2, b=0.75)
    ranking_ours = np.argsort(-ours.scores(query))
    ranking_ref = np.argsort(-ref.get_scores(query))
    assert ranking_ours[0] == ranking_ref[0] == 3
    assert ours.scores(query)[0] == 0.0


def test_repeated_terms_saturate() -> None:
    index = BM25([["a"], ["a", "a", "a", "a"], ["b"]])
    one, four, _ = index.scores(["a"])
    assert four > one
    assert four < 2 * one


def test_unknown_terms_score_nothing_and_are_rare() -> None:
    index = BM25([fold(d).split() for d in DOCS])
    assert not index.scores(["tiet", "troi"]).any()
    assert index.idf_of("tiet") >= index.idf_of("dang")


@pytest.mark.parametrize(("left", "right"), [("dang ky", "dang ki"), ("ly lich", "li lich")])
def test_i_and_y_spellings_meet(left: str, right: str) -> None:
    assert canonical(left) == canonical(right)
    assert canonical("quy dinh") == "quy dinh"


def test_terms() -> None:
    assert word_terms("so do") == ["so", "do", "so_do"]
    assert content_terms("lam so do o dau vay") == ["so", "do", "dau"]
    assert "#kh" in char_terms("khai sinh")
