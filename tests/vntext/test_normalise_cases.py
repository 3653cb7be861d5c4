"""The shared table of citizens' spellings (tests/data/normalise-cases.tsv).

Runs in both virtualenvs on the same rows: in the main suite (Python 3.11, the
knowledge layer's interpreter) and in `make bot` (.venv-rasa, Python 3.10, where
tests/bot/components/test_tokenizer.py also reads the table through the real Rasa
tokenizer). One meaning of a citizen's words on both sides.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

import vntext

TABLE = Path(__file__).resolve().parents[1] / "data" / "normalise-cases.tsv"
KINDS = {"marks", "plain", "teencode", "abbrev", "southern", "central", "context", "typo", "codes"}


class Case(NamedTuple):
    kind: str
    typed: str
    read: str


def read_cases() -> list[Case]:
    lines = [line for line in TABLE.read_text("utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(row["kind"], row["typed"], row["read"]) for row in rows]


CASES = read_cases()


def test_table_covers_every_kind_with_a_hundred_rows() -> None:
    assert len(CASES) >= 100
    assert {case.kind for case in CASES} == KINDS
    assert len({case.typed for case in CASES}) == len(CASES), "a row is repeated"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}:{c.typed}" for c in CASES])
def test_normalize_query_reads_each_row(case: Case) -> None:
    assert vntext.normalize_query(case.typed) == case.read, sys.version


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}:{c.typed}" for c in CASES])
def test_whitespace_tokens_read_the_same(case: Case) -> None:
    """Token by token (the Rasa tokenizer's view) gives the same words once folded."""
    assert vntext.fold(vntext.normalize_text(case.typed)) == case.read
