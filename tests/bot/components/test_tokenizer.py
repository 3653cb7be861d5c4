"""The Rasa pipeline's VietnameseTokenizer (bot/components/normalizer.py) reads the shared
table (tests/data/normalise-cases.tsv) exactly as the knowledge layer does.

Runs in .venv-rasa only (it needs rasa itself; tests/bot/conftest.py skips it elsewhere).
"""

from __future__ import annotations

import csv
import sys
import warnings
from pathlib import Path

import pytest

import vntext

BOT = Path(__file__).resolve().parents[3] / "bot"
if str(BOT) not in sys.path:
    sys.path.insert(0, str(BOT))

with warnings.catch_warnings():  # rasa's own imports warn (tensorflow, jax)
    warnings.simplefilter("ignore")
    from components.normalizer import VietnameseTokenizer
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

TABLE = Path(__file__).resolve().parents[2] / "data" / "normalise-cases.tsv"


def rows() -> list[tuple[str, str]]:
    lines = [line for line in TABLE.read_text("utf-8").splitlines() if not line.startswith("#")]
    return [(r["typed"], r["read"]) for r in csv.DictReader(lines, delimiter="\t")]


@pytest.fixture(scope="module")
def tokenizer() -> VietnameseTokenizer:
    return VietnameseTokenizer(VietnameseTokenizer.get_default_config())


@pytest.mark.parametrize(("typed", "read"), rows())
def test_tokens_read_like_the_knowledge_layer(
    tokenizer: VietnameseTokenizer, typed: str, read: str
) -> None:
    tokens = tokenizer.tokenize(Message(data={TEXT: typed}), TEXT)
    assert vntext.fold(" ".join(token.text for token in tokens)) == read
    assert vntext.normalize_query(typed) == read


def test_tokens_keep_the_offsets_of_what_was_typed(tokenizer: VietnameseTokenizer) -> None:
    typed = "thẻ cccd bị hỏng, làm lại đc hông"
    tokens = tokenizer.tokenize(Message(data={TEXT: typed}), TEXT)
    assert [t.text for t in tokens] == [
        "the", "can cuoc cong dan", "bi", "hong", "lam", "lai", "duoc", "khong",
    ]  # fmt: skip
    assert [typed[t.start : t.end] for t in tokens] == typed.replace(",", "").split()
    assert all(t.lemma == t.text for t in tokens)


def test_the_training_cache_sees_the_normaliser() -> None:
    # Rasa caches a component's output under its class source and this addon only.
    assert VietnameseTokenizer.fingerprint_addon({}) == vntext.fingerprint()
