"""Structure-following passages with exact line numbers, on small inputs and the real plans."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from knowledge.documents import Passage, load_passages, read_lines, split_passages
from knowledge.text import fold, has_diacritics

DATA = Path(__file__).resolve().parents[2] / "data"
MAX_CHARS = 900

# OCR'd the way the corpus is: lost marks, "c¢)" for "c)", a page number, a speck line.
SMALL_PLAN = """UBND TINH X
KE HOACH
Thuc hien co che mot cua

I. MUC DiCH, YEU CAU
1. Mgc tlich
- Nang cao chat luong phuc vu nguoi dan, doanh
nghiep trong giai quyet thu tuc hanh chinh.
- Day manh chuyen doi so.
3
II. NHIEM VU
1.1. Tieu chi “Cong khai TTHC”
a) Muc tieu, yeu cau: Cong khai day du.
c¢) Phan cong trach nhiem
- Co quan phu trach: Van phong.
^ : r i '. !
d) Thoi gian thuc hien/hoan thanh: Trong nam 2023""".splitlines()

SMALL_TABLE = """III. NHIEM VU CU THE
TT Noi dung nhiem vu Don vi chu tri Don vi phoi hop Thoi gian hoan thanh San pham
1

Ban hanh ke hoach trien khai
Van phong So
Cac phong
Nam 2021
Ke hoach
2

So hoa ho so, ket qua giai quyet TTHC
Van phong So
Cac phong chuyen mon
Giai doan 2022-2025
Ho so duoc so hoa""".splitlines()


def tokens_within(text: str, lines: list[str], start: int, end: int) -> bool:
    """Every word of the text occurs, in order, in lines start..end (1-based)."""
    window = iter(fold(" ".join(lines[start - 1 : end])).split())
    return all(token in window for token in fold(text).split())


def by_heading(passages: list[Passage]) -> dict[str, Passage]:
    return {p.heading: p for p in passages}


def test_sections_that_fit_become_one_passage_each() -> None:
    passages = split_passages("nho.txt", SMALL_PLAN)
    assert [(p.start_line, p.end_line, p.heading) for p in passages] == [
        (1, 3, ""),
        (5, 9, "I. MUC DiCH, YEU CAU"),
        (11, 17, "II. NHIEM VU"),
    ]
    first = passages[1]
    assert first.source == "nho.txt" and first.path is None
    # The wrapped bullet is one line of text; the page number "3" (line 10) is left out.
    assert (
        "- Nang cao chat luong phuc vu nguoi dan, doanh nghiep trong giai quyet thu tuc hanh"
        " chinh." in first.text.split("\n")
    )
    assert "\n3" not in passages[1].text and "^ :" not in passages[2].text


def test_heading_chain_reaches_ocr_garbled_letters() -> None:
    passages = by_heading(split_passages("nho.txt", SMALL_PLAN, max_chars=60))
    chain = "II. NHIEM VU > 1.1. Tieu chi “Cong khai TTHC” > c¢) Phan cong trach nhiem"
    assert chain in passages
    assigned = passages[chain]
    assert (assigned.start_line, assigned.end_line) == (14, 15)
    assert assigned.text == "c¢) Phan cong trach nhiem\n- Co quan phu trach: Van phong."
    deadline = passages[
        "II. NHIEM VU > 1.1. Tieu chi “Cong khai TTHC” > d) Thoi gian thuc hien/hoan thanh"
    ]
    assert (deadline.start_line, deadline.end_line) == (17, 17)


def test_passage_is_frozen() -> None:
    passage = split_passages("nho.txt", SMALL_PLAN)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        passage.text = "khác"  # type: ignore[misc]


def test_long_items_are_cut_between_lines_after_sentences() -> None:
    sentence = "Cau so {} noi ve viec thuc hien co che mot cua lien thong."
    lines = ["I. NOI DUNG"] + [sentence.format(i) for i in range(12)]
    passages = split_passages("dai.txt", lines, max_chars=200)
    assert all(len(p.text) <= 200 for p in passages)
    covered = [n for p in passages for n in range(p.start_line, p.end_line + 1)]
    assert covered == list(range(1, 14))
    assert all(p.heading == "I. NOI DUNG" for p in passages)


def test_a_line_longer_than_the_limit_is_cut_between_sentences() -> None:
    sentence = "Van phong So chu tri tong hop bao cao ket qua thuc hien hang quy. "
    passages = split_passages("docx.txt", [sentence * 30], max_chars=300)
    assert len(passages) > 1
    assert all(len(p.text) <= 300 and (p.start_line, p.end_line) == (1, 1) for p in passages)
    assert fold(" ".join(p.text for p in passages)) == fold(sentence * 30)


def test_flattened_table_rows_are_passages_without_the_header() -> None:
    passages = split_passages("bang.txt", SMALL_TABLE, max_chars=120)
    rows = [(p.start_line, p.end_line) for p in passages]
    assert rows == [(1, 9), (10, 16)]  # the title joins the first row; the header is dropped
    assert passages[0].text.startswith("III. NHIEM VU CU THE\n1 Ban hanh ke hoach")
    assert all("Don vi chu tri" not in p.text for p in passages)
    assert passages[1].text.startswith("2 So hoa ho so")
    assert passages[1].heading == "III. NHIEM VU CU THE"


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        split_passages("x.txt", ["a"], max_chars=0)


# The five real plans -------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(plans_dir: Path) -> list[Passage]:
    return load_passages([plans_dir])


def test_every_passage_cites_lines_that_hold_its_text(
    corpus: list[Passage], plans_dir: Path
) -> None:
    assert {p.source for p in corpus} == {p.name for p in plans_dir.glob("*.txt")}
    for passage in corpus:
        lines = read_lines(plans_dir / passage.source)
        assert passage.path == plans_dir / passage.source
        assert 1 <= passage.start_line <= passage.end_line <= len(lines)
        assert 0 < len(passage.text) <= MAX_CHARS
        assert tokens_within(passage.text, lines, passage.start_line, passage.end_line), passage


def test_passages_are_in_order_and_do_not_overlap(corpus: list[Passage]) -> None:
    for source in {p.source for p in corpus}:
        ranges = [(p.start_line, p.end_line) for p in corpus if p.source == source]
        assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False)), source


def test_almost_all_text_lines_are_in_some_passage(corpus: list[Passage], plans_dir: Path) -> None:
    for path in sorted(plans_dir.glob("*.txt")):
        lines = read_lines(path)
        covered = {
            n for p in corpus if p.source == path.name for n in range(p.start_line, p.end_line + 1)
        }
        text_lines = [n for n, line in enumerate(lines, 1) if len(line.strip()) > 3]
        share = sum(n in covered for n in text_lines) / len(text_lines)
        assert share > 0.97, (path.name, share)


@pytest.mark.parametrize(
    ("source", "chain"),
    [
        ("000_70a21745fc2051a6.txt", ["IV. T6 CHITC THTIC HIEN", "1. VIn phdng S&"]),
        (
            "000_70a21745fc2051a6.txt",
            ["II. NQI DUNG TRIEN KHAI", "2. Mgc ti6u cg th6", "b) Ndm 2022"],
        ),
        ("001_8dddb4168cf57781.txt", ["v. 16 cHrIc rHUc HrDN", "3. S& Th6ng tin vi Truydn th6ng"]),
        ("001_8dddb4168cf57781.txt", ["rrr. NQr DUNG Xr UO4,CU", "s. S5 trod h6 so"]),
        ("002_5a9df9d2529f8b91.txt", ["PHU LUC", "9. Giao chi tiéu", "9.1. Chi tiéu giao tai"]),
        ("003_02ff733e959bda6d.txt", ["IV. TO CHUC THU'C HIEN", "2. S& Khoa hoc va Cong nghé"]),
        (
            "004_481bc68ca49afa68.txt",
            [
                "II. NHIEM VU VA GIAI PHAP",
                "1. Thue hién cac nhiém vu",
                "1.9. Tiéu chi thanh phin “Trién khai s6 héa ho so",
            ],
        ),
        (
            "004_481bc68ca49afa68.txt",
            [
                "II. NHIEM VU VA GIAI PHAP",
                "2. Cii thién",
                "2.5. Chi s0 hai long",
                "b) Nhiém vu, giai phap",
            ],
        ),
    ],
)
def test_known_headings_are_found(corpus: list[Passage], source: str, chain: list[str]) -> None:
    def matches(heading: str) -> bool:
        parts = heading.split(" > ")
        return len(parts) == len(chain) and all(
            part.startswith(prefix) for part, prefix in zip(parts, chain, strict=True)
        )

    assert any(matches(p.heading) for p in corpus if p.source == source)


def test_page_furniture_is_left_out(corpus: list[Passage]) -> None:
    texts = {
        p.source[:3]: "\n".join(q.text for q in corpus if q.source == p.source) for p in corpus
    }
    assert "^ : r i" not in texts["000"]  # a speck line of marks torn off their letters
    assert "TT NQi dung nhiQm vg" not in texts["000"]  # the task table's header
    repeated = "Stt Noi dung Co quan chu tri"  # the header repeated on every page
    assert repeated not in texts["002"]
    assert "Ghi chu" not in texts["002"].split("\n")


def test_staff_questions_point_at_passages(corpus: list[Passage], plans_dir: Path) -> None:
    questions = [
        json.loads(line)
        for line in (DATA / "staff-questions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(questions) >= 100
    assert {q["source"] for q in questions} == {p.name for p in plans_dir.glob("*.txt")}
    marked = sum(has_diacritics(q["question"]) for q in questions)
    # Mostly typed with marks; some the way staff type in a hurry, without any.
    assert marked >= 0.8 * len(questions) and len(questions) - marked >= 8
    for q in questions:
        assert set(q) == {"question", "source", "lines"}
        start, end = q["lines"]
        assert 1 <= start <= end <= len(read_lines(plans_dir / q["source"]))
        assert end - start < 15, q
        assert any(
            p.source == q["source"] and p.start_line <= end and start <= p.end_line for p in corpus
        ), q
