"""How closely a question matches one of a procedure's own names (official name or alias).

BM25 sees a procedure as one bag of words, so a procedure whose aliases repeat the
question's words wins even when its name adds a word the question lacks: "đăng ký
thường trú" ranked "Xóa đăng ký thường trú" first (its aliases say "thường trú" again
and again) and "dang ky ket hon" the variant "có yếu tố nước ngoài". Catalogs are full
of such variants (cấp lại, cấp đổi, lưu động, có yếu tố nước ngoài, cấp xã/tỉnh), so
the remedy is general: every name is scored on its own, as the F1 of two idf-weighted
shares of content syllables:

- precision: how much of the name the question says. A word the name adds and the
  question lacks ("xóa", "lại", "nước ngoài") costs in proportion to how telling it is;
- recall: how much of the question the name explains.

A procedure counts its best name. Two refinements keep words that only look alike apart:

- Syllables are compared folded (no marks), as citizens type; but a question typed
  with marks is compared with marks except tones (which citizens often get wrong):
  "giá vàng" is not "gia hạn tạm vắng", "đi công chứng" is not "di chúc";
- words that frame the question rather than name the procedure ("ở đâu", "bao
  nhiêu", "thủ tục", "hồ sơ", ...) are left out of the question.

Weights are inverse document frequencies over the names themselves: "đăng ký" and
"cấp" are cheap, "xóa" and "nước ngoài" are not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from knowledge.lexical import STOPWORDS, canonical
from knowledge.text import expand_abbreviations, fold, normalize_query, strip_marks

# Folded phrases that ask about a procedure without naming one (longest first).
QUESTION_FRAMES = (
    "can nhung gi",
    "nhu the nao",
    "bao nhieu tien",
    "mat bao lau",
    "giay to gi",
    "bao nhieu",
    "bao lau",
    "duoc khong",
    "giay to",
    "lam sao",
    "le phi",
    "may ngay",
    "nhu nao",
    "phai khong",
    "the nao",
    "thu tuc",
    "can gi",
    "ho so",
    "o dau",
    "ra sao",
)
_FRAMES = re.compile(r"\b(?:" + "|".join(QUESTION_FRAMES) + r")\b")
_WORD = re.compile(r"\w+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_CONSONANT_Y = re.compile(r"^(b|c|d|đ|g|h|k|l|m|n|p|s|t|v|x|ch|gh|kh|ng|ngh|nh|ph|th|tr)y$")


def toneless(word: str) -> str:
    """A marked word without its tone: vowel shapes (ă, â, ê, ô, ơ, ư, đ) stay."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONES)
    return _CONSONANT_Y.sub(r"\1i", unicodedata.normalize("NFC", bare))  # ký/kí, lý/lí


def marked_forms(text: str) -> dict[str, str]:
    """Folded syllable -> its toneless marked form, for the words typed with marks."""
    forms: dict[str, str] = {}
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if strip_marks(word) != word:
            forms.setdefault(canonical(fold(word)), toneless(word))
    return forms


def _content(folded: str) -> list[str]:
    return list(dict.fromkeys(t for t in canonical(folded).split() if t not in STOPWORDS))


def name_syllables(name: str) -> list[tuple[str, str]]:
    """A catalog name's content syllables: (folded, key for questions typed with marks).

    The key is "m:<toneless>" where the name shows the marks, "u:<folded>" where it
    cannot (an abbreviation spelled out: CCCD, GPLX, ...).
    """
    marks = marked_forms(name)
    return [
        (s, f"m:{marks[s]}" if s in marks else f"u:{s}")
        for s in _content(expand_abbreviations(fold(name)))
    ]


def question_syllables(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """A question's content syllables without its frame: (folded, keys it matches by)."""
    folded = _FRAMES.sub(" ", normalize_query(question))
    marks = marked_forms(question)
    return [
        (s, (f"m:{marks[s]}", f"u:{s}") if s in marks else (f"f:{s}",)) for s in _content(folded)
    ]


class NameIndex:
    """Per procedure, the F1 of the question with its closest name, as one sparse product."""

    def __init__(self, names: Sequence[Sequence[str]]) -> None:
        """`names[i]`: procedure i's official name and aliases, as written."""
        parsed = [[name_syllables(text) for text in own] for own in names]
        df = Counter(s for own in parsed for s in {s for syls in own for s, _ in syls})
        n = len(names)
        self._idf = {s: math.log1p((n - c + 0.5) / (c + 0.5)) for s, c in df.items()}
        self._unseen = math.log1p((n + 0.5) / 0.5)  # a word no name has: as rare as can be
        self.n_procedures = n
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        owners: list[int] = []
        masses: list[float] = []
        for owner, own in enumerate(parsed):
            for syllables in filter(None, own):
                for folded, key in syllables:
                    weight = self._idf[folded]
                    for k in (f"f:{folded}", key):  # each question syllable hits one of them
                        rows.append(self.vocab.setdefault(k, len(self.vocab)))
                        cols.append(len(owners))
                        values.append(weight)
                owners.append(owner)
                masses.append(sum(self._idf[s] for s, _ in syllables))
        self._owners = np.asarray(owners, dtype=np.int64)
        self._mass = np.asarray(masses, dtype=np.float32)
        shape = (len(self.vocab), len(owners))
        self.matrix = sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float32)

    def weight(self, folded: str) -> float:
        return self._idf.get(folded, self._unseen)

    def scores(self, question: str) -> NDArray[np.float32]:
        """Per procedure, F1 of the question with its best name (0..1)."""
        best = np.zeros(self.n_procedures, dtype=np.float32)
        syllables = question_syllables(question)
        keys = [self.vocab[k] for _, ks in syllables for k in ks if k in self.vocab]
        if not keys:
            return best
        asked = sum(self.weight(s) for s, _ in syllables)
        hit = sparse.csr_matrix(
            (np.ones(len(keys), dtype=np.float32), (np.zeros(len(keys)), keys)),
            shape=(1, len(self.vocab)),
        )
        # Only names sharing a word with the question come out of the product.
        covered = hit @ self.matrix
        names, mass = covered.indices, covered.data
        precision = mass / self._mass[names]
        recall = mass / asked
        f1 = np.minimum(2 * precision * recall / (precision + recall), 1.0)  # float sums
        np.maximum.at(best, self._owners[names], f1.astype(np.float32))
        return best
