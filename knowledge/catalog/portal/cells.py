"""Small readers shared by the portal section parsers: empty values, balanced notes."""

from __future__ import annotations

import re
import unicodedata

NO_INFO = "Không có thông tin"
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean(text: str | None) -> str:
    """NFC, non-breaking spaces as spaces, runs of spaces as one, trimmed; line breaks kept."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def one_line(text: str | None) -> str:
    """NFC, every run of white space (line breaks too) as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split()) if text else ""


def is_empty(text: str | None) -> bool:
    """Blank, "Không có thông tin" or a lone dash: the page says nothing."""
    if not text or len(text) > 3 * len(NO_INFO):
        return not text
    value = one_line(text).strip(" .-")
    return not value or value.casefold() == NO_INFO.casefold()


def value_or_empty(text: str | None) -> str:
    return "" if is_empty(text) else one_line(text)


def balanced(text: str) -> tuple[str, str]:
    """('inside', 'rest') of a leading "(...)", nested brackets counted.

    An unclosed bracket (damaged capture) takes the rest of the text.
    """
    if not text.startswith("("):
        return "", text
    depth = 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return text[1:index], text[index + 1 :]
    return text[1:], ""


def strip_outer(note: str) -> str:
    """A note without brackets that wrap it whole: "((x))" -> "x"."""
    note = note.strip()
    while note.startswith("(") and balanced(note) == (note[1:-1], ""):
        note = note[1:-1].strip()
    return note
