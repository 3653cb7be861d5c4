"""The question sets written against the real catalog (tests/data/real-*.README.md).

Cheap: the national records are imported into a temporary data folder (no encoding),
and every label is checked against the merged catalog the real benchmark ranks.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from knowledge.catalog.ingest import import_files
from knowledge.catalog.models import Origin, Procedure
from knowledge.retriever import load_full_catalog
from knowledge.settings import KnowledgeSettings
from knowledge.text import fold, has_diacritics

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "real-questions.jsonl"
VARIANTS = DATA / "real-variant-questions.jsonl"
DEV = DATA / "dev-questions.jsonl"
STYLES = {"no_diacritics", "diacritics", "shorthand", "typo", "southern", "central", "rambling"}
DETAILS = {
    "level",
    "nuoc-ngoai",
    "luu-dong",
    "dang-ky-lai",
    "cap-lai-doi",
    "tuoi-14",
    "toan-trinh",
    "cap-cong-trinh",
    "bien-gioi",
    "trong-nuoc",
    "ket-hop",
    "quy-mo",
    "other",
}


_PREFIX = re.compile(r"^\s*thủ tục\s+", re.IGNORECASE)
_LEVEL = re.compile(r"\s*\((?:thực hiện\s+)?(?:tại\s+)?cấp [^)]*\)\s*$", re.IGNORECASE)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def copies_name(question: str, name: str) -> bool:
    """The official name (without "Thủ tục" and its level) with a few words around it."""
    core = _words(_LEVEL.sub("", _PREFIX.sub("", name)))
    asked = _words(question)
    return core in asked and len(asked.split()) - len(core.split()) <= 4


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def merged(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Procedure]:
    """The bundled catalog joined with the imported national records, by id."""
    settings = KnowledgeSettings(data_dir=tmp_path_factory.mktemp("real-data"))
    import_files([shared / "national-catalog" / "procedures.jsonl"], settings)
    return {p.id: p for p in load_full_catalog(settings)}


def test_copies_name() -> None:
    name = "Cấp lại thẻ giám định viên tư pháp cấp Trung ương"
    assert copies_name("cap lai the giam dinh vien tu phap cap trung uong bi mat", name)
    assert not copies_name("làm mất thẻ giám định viên tư pháp do bộ cấp, xin lại thẻ", name)
    assert copies_name("xin giay mo khoa can cuoc dien tu", "Mở khóa căn cước điện tử (cấp tỉnh)")


@pytest.mark.parametrize("path", [REAL, VARIANTS])
def test_rows_are_well_formed(path: Path) -> None:
    rows = _rows(path)
    questions = [row["question"] for row in rows]
    assert len(set(questions)) == len(questions), "a question is repeated"
    for row in rows:
        assert isinstance(row["question"], str) and row["question"].strip()
        assert row["expected"] is None or isinstance(row["expected"], str)
        assert row["style"] in STYLES, row
        if row["style"] in ("no_diacritics", "diacritics"):
            assert has_diacritics(row["question"]) == (row["style"] == "diacritics"), row


def test_real_set_counts_and_spread(merged: dict[str, Procedure]) -> None:
    rows = _rows(REAL)
    in_scope = [row for row in rows if row["expected"] is not None]
    assert len(in_scope) >= 250
    assert len(rows) - len(in_scope) >= 30, "out-of-scope rows measure abstention"
    procedures = [merged[row["expected"]] for row in in_scope]
    assert len({p.field for p in procedures}) >= 60
    assert {str(p.level) for p in procedures} >= {"xã", "tỉnh", "trung ương"}
    styles = Counter(row["style"] for row in rows)
    assert set(styles) == STYLES and min(styles.values()) >= 5, styles


def test_real_set_asks_for_imported_records_only(merged: dict[str, Procedure]) -> None:
    """Only procedures the national data brings (none of the bundled entries)."""
    for row in _rows(REAL):
        if row["expected"] is not None:
            assert merged[row["expected"]].origin is Origin.NATIONAL, row


@pytest.mark.parametrize("path", [REAL, VARIANTS])
def test_questions_are_not_official_names(path: Path, merged: dict[str, Procedure]) -> None:
    copied = [
        row["question"]
        for row in _rows(path)
        if row["expected"] and copies_name(row["question"], merged[row["expected"]].name)
    ]
    assert not copied


def test_variant_set_labels_real_variant_groups(merged: dict[str, Procedure]) -> None:
    rows = _rows(VARIANTS)
    assert len(rows) >= 100
    assert len({row["expected"] for row in rows}) == len(rows)
    for row in rows:
        assert row["detail"] in DETAILS, row
        assert row["expected"] in merged, row
        siblings = row["variants"]
        assert siblings and row["expected"] not in siblings, row
        assert all(s in merged and merged[s].origin is not Origin.LIST for s in siblings), row
    details = Counter(row["detail"] for row in rows)
    assert all(details[d] for d in ("level", "nuoc-ngoai", "luu-dong", "dang-ky-lai")), details
    assert all(details[d] for d in ("cap-lai-doi", "tuoi-14", "toan-trinh", "cap-cong-trinh"))


def test_dev_set_labels_hold_in_the_merged_catalog(merged: dict[str, Procedure]) -> None:
    """A bundled entry joined with its national record keeps its bundled id."""
    missing = {row["expected"] for row in _rows(DEV) if row["expected"]} - set(merged)
    assert not missing
