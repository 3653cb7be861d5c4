"""Pure Vietnamese text folding for the Rasa pipeline (no Rasa imports).

Citizens type with or without diacritics, stretch words ("khônggg"), and use
chat shorthand ("ko", "đc", "cccd"). The classifier should see one form for all
of these, so every token is *normalised*: lower-cased, repeated letters
collapsed, shorthand expanded, then folded to ASCII (NFD, combining marks
removed, "đ" as "d").

Kept free of Rasa so it runs and is unit-tested on the main Python 3.11 venv as
well as inside the Rasa 3.10 venv. It mirrors the spirit of
``knowledge/text.py`` but is a separate copy on purpose: the bot has its own
interpreter and must not import the knowledge package.

Why per token and not on the whole message: entity annotations and extracted
entity values are character spans of the *original* message. Folding marks is
length-preserving on NFC text, but shorthand expansion ("đc" -> "duoc") and
repeat collapsing ("khônggg" -> "khong") are not, so rewriting the message
text would shift every span after them. The Rasa component therefore leaves
``message.text`` untouched and only replaces each token's text with
:func:`normalize_token`, keeping the token's start/end offsets in the original
message. Featurizers see the folded form; DIET's entity spans (and the values
sliced from them) still point at what the citizen typed.
"""

from __future__ import annotations

import re
import unicodedata

# Letters only: dossier codes such as "000.00.12.H12-251120-0001" keep their zeros.
_REPEATED_LETTERS = re.compile(r"([^\W\d_])\1{2,}")

# Chat shorthand, keyed by the lower-cased token *as typed*. Keying on the typed
# form (not the folded one) keeps "hỏng" (broken) from becoming "khong" while
# "hông"/"hong" (southern "không") do. Values are folded words.
SHORTHAND: dict[str, str] = {
    "ko": "khong", "k": "khong", "kh": "khong", "hok": "khong", "hk": "khong",
    "hông": "khong", "hong": "khong", "hem": "khong", "khum": "khong", "khg": "khong", "kg": "khong",
    "dc": "duoc", "đc": "duoc", "dk": "dang ky", "đk": "dang ky", "dky": "dang ky",
    "đky": "dang ky", "j": "gi", "ji": "gi", "bn": "bao nhieu", "bnhieu": "bao nhieu",
    "ntn": "nhu the nao", "vs": "voi", "r": "roi", "mik": "minh", "mk": "minh",
    "sdt": "so dien thoai", "sđt": "so dien thoai", "dt": "dien thoai", "đt": "dien thoai",
    "hs": "ho so", "stt": "so thu tu",
    "cccd": "can cuoc cong dan", "cmnd": "chung minh nhan dan",
    "gplx": "giay phep lai xe", "tnhh": "trach nhiem huu han",
    "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi",
    "ubnd": "uy ban nhan dan", "hkd": "ho kinh doanh", "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat", "qsdđ": "quyen su dung dat",
}


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, keeping case; "đ" becomes "d"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese mark (used to split evaluations)."""
    return strip_marks(unicodedata.normalize("NFC", text)) != unicodedata.normalize("NFC", text)


def collapse_repeats(text: str) -> str:
    """Collapse a letter typed three or more times in a row to one ("alooo" -> "alo")."""
    return _REPEATED_LETTERS.sub(r"\1", text)


def normalize_token(token: str) -> str:
    """Normalise one whitespace token: lower, collapse repeats, expand shorthand, fold.

    The result may hold several words ("cccd" -> "can cuoc cong dan").
    """
    lowered = unicodedata.normalize("NFC", token).lower()
    # Look up before collapsing too: "cccd" is shorthand, not a stretched "cd".
    for typed in (lowered, collapse_repeats(lowered)):
        if typed in SHORTHAND:
            return SHORTHAND[typed]
    return strip_marks(collapse_repeats(lowered))


def normalize_text(text: str) -> str:
    """Normalise every whitespace-separated token of a text (for tests and reports).

    Punctuation is not stripped here; in Rasa the tokenizer has done that already.
    """
    return " ".join(normalize_token(token) for token in text.split())
