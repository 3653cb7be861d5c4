"""Splitting a dossier row into the component's name and its form file.

The form cell is a file name run onto the end of the name cell:
"Đơn đề nghị ... Nghị định số 105/2021/NĐ-CP;Mẫu số 01.docx". The file starts at
the nearest junction before its extension: after ";", after ")" or a sentence's
"." that a letter follows ("...ký tên.m01a.pdf"), or where a lower-case letter or
a year runs into a capital ("thống nhấtMẫu TP-LS-02.docx"); failing those, where
an abbreviation runs into a capitalised word ("NĐ-CPMus03a.docx"); failing all,
the last word.
"""

from __future__ import annotations

import re

_EXTENSION = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|rar|zip)", re.IGNORECASE)
_DATE_END = re.compile(r"\d{1,2}/\d{1,2}/\d{4}$")
_SEARCH_WINDOW = 160  # a form's file name is shorter than this


def split_form(text: str) -> tuple[str, str | None]:
    """(name, form files or None) of a row's text; several files are joined with "; "."""
    text = text.strip()
    # An extension ends a file unless a lower-case letter goes on ("...pdfs", ".docxem").
    ends = [m for m in _EXTENSION.finditer(text) if not text[m.end() : m.end() + 1].islower()]
    if not ends or ends[-1].end() != len(text):
        return text, None
    starts = [_form_start(text, ends[-1].start())]
    for previous in reversed(ends[:-1]):  # files run together: "a.docxB.docx"
        if previous.end() != starts[0]:
            break
        starts.insert(0, _form_start(text, previous.start()))
    files = [text[a : m.end()].strip() for a, m in zip(starts, ends[-len(starts) :], strict=True)]
    name = text[: starts[0]].strip()
    if not name or not all(files):
        return text, None
    return name, "; ".join(files)


def _form_start(text: str, extension_at: int) -> int:
    low = max(0, extension_at - _SEARCH_WINDOW)
    found = [f(text, low, extension_at) for f in (_punctuation_junction, _case_junction)]
    nearest = max((at for at in found if at is not None), default=None)
    if nearest is None:
        nearest = _acronym_junction(text, low, extension_at)
    if nearest is not None:
        return nearest
    space = text.rfind(" ", 0, extension_at)
    return space + 1 if space >= 0 else 0


def _punctuation_junction(text: str, low: int, high: int) -> int | None:
    """ ";X", ")X" and a sentence's "." before X, where X is a letter (file names
    have dots of their own: "Mẫu I.1.8.a.docx", "II_36.2025.TT-BNNMT.docx")."""
    for at in range(high - 1, low, -1):
        before, char = text[at - 1], text[at]
        if (before == ";" and not char.isspace()) or (before == ")" and char.isalnum()):
            return at
        if char.isalpha() and before == "." and _sentence_end(text, at - 1):
            return at
    return None


def _sentence_end(text: str, dot: int) -> bool:
    previous = text[dot - 1] if dot > 0 else ""
    return previous.isalpha() or previous == ")" or bool(_DATE_END.search(text, 0, dot))


def _case_junction(text: str, low: int, high: int) -> int | None:
    """A lower-case letter or a year running into a capital: "thống nhấtMẫu", "2026Mau"."""
    for at in range(high - 1, low, -1):
        before = text[at - 1]
        if text[at].isupper() and (before.islower() or before.isdigit()):
            return at
    return None


def _acronym_junction(text: str, low: int, high: int) -> int | None:
    """ "NĐ-CPMus03a": the capital before the first lower-case letter starts the file."""
    for at in range(high - 2, low, -1):
        if text[at - 1].isupper() and text[at].isupper() and text[at + 1].islower():
            return at
    return None
