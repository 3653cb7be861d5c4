"""BM25 over folded Vietnamese text, as a sparse term-by-document weight matrix.

BM25's per-term contribution depends only on the term and the document, so the
whole index is precomputed: a query's scores are the sum of its terms' rows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from knowledge.text import char_ngrams, syllable_bigrams

Analyzer = Callable[[str], list[str]]

_LOOSE_Y = re.compile(r"\b(b|c|d|g|h|k|l|m|n|p|s|t|v|x|ch|gh|kh|ng|ngh|nh|ph|th|tr)y\b")

# Question words that say nothing about which procedure is meant.
STOPWORDS = frozenset(
    [
        "a",
        "ah",
        "a",
        "oi",
        "da",
        "vay",
        "nao",
        "lam",
        "gi",
        "nhung",
        "cac",
        "cho",
        "toi",
        "minh",
        "em",
        "anh",
        "hoi",
        "muon",
        "duoc",
        "khong",
        "co",
        "la",
        "va",
        "voi",
        "thi",
        "o",
        "nhieu",
        "lau",
        "may",
        "ngay",
        "khi",
        "phai",
        "nay",
        "roi",
        "nhe",
        "ha",
        "ta",
        "oi",
        "giup",
        "xin",
        "cam",
        "on",
        "hay",
        "ve",
        "den",
        "de",
        "neu",
        "vi",
        "nen",
        "cung",
    ]
)


def canonical(folded: str) -> str:
    """Make spelling variants meet: "ky"/"ki", "ly"/"li" after a consonant."""
    return _LOOSE_Y.sub(r"\1i", folded)


def word_terms(folded: str) -> list[str]:
    """Syllables and syllable bigrams of folded text."""
    tokens = canonical(folded).split()
    return tokens + syllable_bigrams(tokens)


def content_terms(folded: str) -> list[str]:
    """Syllables that carry meaning (no question words)."""
    return [t for t in canonical(folded).split() if t not in STOPWORDS]


def char_terms(folded: str) -> list[str]:
    """Character trigrams of each syllable, robust to OCR noise and typos."""
    return char_ngrams(canonical(folded).split(), 3)


_INITIALS = (
    "ngh",
    "ng",
    "nh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ph",
    "th",
    "tr",
    "qu",
    "b",
    "c",
    "d",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
)
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")


def split_syllable(syllable: str) -> tuple[str, str, str]:
    """Initial consonant, vowel part, final consonant of a folded syllable."""
    initial = next((i for i in _INITIALS if syllable.startswith(i)), "")
    rest = syllable[len(initial) :]
    final = next((f for f in _FINALS if rest.endswith(f) and len(rest) > len(f)), "")
    return initial, rest[: len(rest) - len(final)], final


def skeleton(syllable: str) -> str:
    """A syllable's initial and final consonants with the vowel in between blanked.

    OCR of Vietnamese scans garbles mostly the vowels and their marks ("c6ng",
    "nh4n", "hiqn", "tgc" for công, nhận, hiện, tục) and keeps the consonants,
    so "c6ng" and "cong" share the skeleton "c-ng".
    """
    initial, vowel, final = split_syllable(syllable)
    return f"{initial}-{final}" if vowel or final else initial


def skeleton_terms(folded: str) -> list[str]:
    """Skeleton bigrams: a single skeleton is too ambiguous, a pair rarely is."""
    shapes = [skeleton(t) for t in folded.split() if not t.isdigit()]
    return syllable_bigrams(shapes)


class BM25:
    """An immutable BM25 index over analysed documents."""

    def __init__(self, docs: Sequence[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.array([len(terms) for terms in docs], dtype=np.float32)
        for doc_id, terms in enumerate(docs):
            for term, tf in Counter(terms).items():
                rows.append(self.vocab.setdefault(term, len(self.vocab)))
                cols.append(doc_id)
                tfs.append(tf)
        self.n_docs = len(docs)
        tf_arr = np.asarray(tfs, dtype=np.float32)
        col_arr = np.asarray(cols, dtype=np.int64)
        df = np.bincount(np.asarray(rows, dtype=np.int64), minlength=len(self.vocab))
        self.idf = np.log1p((self.n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        avgdl = float(lengths.mean()) if self.n_docs else 1.0
        norm = k1 * (1 - b + b * lengths[col_arr] / max(avgdl, 1e-9))
        weights = self.idf[np.asarray(rows, dtype=np.int64)] * tf_arr * (k1 + 1) / (tf_arr + norm)
        shape = (len(self.vocab), self.n_docs)
        self.matrix = sparse.csr_matrix((weights, (rows, cols)), shape=shape, dtype=np.float32)
        self.max_idf = float(math.log1p((self.n_docs + 0.5) / 0.5))

    def scores(self, terms: Sequence[str]) -> NDArray[np.float32]:
        """BM25 score of every document for the query terms."""
        counts = Counter(t for t in terms if t in self.vocab)
        if not counts:
            return np.zeros(self.n_docs, dtype=np.float32)
        ids = np.fromiter((self.vocab[t] for t in counts), dtype=np.int64)
        weights = np.fromiter(counts.values(), dtype=np.float32)
        return np.asarray(weights @ self.matrix[ids], dtype=np.float32).ravel()

    def idf_of(self, term: str) -> float:
        """Inverse document frequency; an unseen term is as rare as can be."""
        index = self.vocab.get(term)
        return self.max_idf if index is None else float(self.idf[index])
