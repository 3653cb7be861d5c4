"""Variants asked, not guessed: when the best procedures for a question are variants of one
procedure and the question does not say which, one short question with a button each.

Variants are found in the names, not in a list per procedure. Two procedures are variants
when their names, folded and without the level they name ("(thực hiện tại cấp tỉnh)"),
start with the same word (the same act: "Cấp ...", not "Xóa ..." against "Đăng ký ...")
and one adds a few words to the other ("Đăng ký khai sinh" / "... có yếu tố nước ngoài",
"... cho người đã có hồ sơ, giấy tờ cá nhân"), or they swap the words of a known detail
("Cấp lại" / "Cấp đổi thẻ căn cước"), or have the same name at another level.
The differing words say what to ask: a kind of detail the national database uses
(knowledge/variant_details.py: foreign element, lưu động, đăng ký lại, cấp lại/đổi, age 14,
level) gets its own question; any other difference is asked as "Bạn cần thủ tục nào?" with
the differing words as the choices. A detail the question already gives (its words, or a
citizen's words for it: "bị mất", "trẻ em", "tỉnh khác") is never asked.

The ranking is not touched: this only reads the best few procedures of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from knowledge.catalog.models import Procedure
from knowledge.lexical import STOPWORDS, canonical
from knowledge.text import fold, normalize_query
from knowledge.variant_details import DETAILS, LEVEL, Detail, Value

GENERIC_QUESTION = "Bạn cần thủ tục nào?"
CANDIDATES = 5  # the best procedures looked at
SCORE_SHARE = 0.5  # a variant scores at least this share of the best
SHARED_WORDS = 0.7  # share of the shorter name's words both names have
EXTRA_WORDS = 10  # at most this many words of either name the other lacks

_WORD = re.compile(r"\w+")
_PREFIX = re.compile(r"^\s*thủ tục\s+", re.IGNORECASE)
_LEVEL_SUFFIX = re.compile(
    r"\s*\((?:thực hiện\s+)?(?:tại\s+)?cấp\s+(xã|tỉnh|trung ương|bộ)\)\s*\.?\s*$", re.IGNORECASE
)
_LEVELS = {"xã": "xã", "tỉnh": "tỉnh", "trung ương": "trung ương", "bộ": "trung ương"}


@dataclass(frozen=True)
class ClarifyOption:
    id: str
    code: str | None
    label: str


@dataclass(frozen=True)
class Clarify:
    """The question that picks the variant; options best first."""

    question: str
    options: tuple[ClarifyOption, ...]


@dataclass(frozen=True)
class Name:
    """A procedure's name as variants are compared: without "Thủ tục" and the level."""

    text: str
    spans: tuple[tuple[int, int], ...]  # each word's place in text
    words: tuple[str, ...]  # folded
    level: str | None  # xã, tỉnh, trung ương: from the name, else the procedure's level

    @property
    def folded(self) -> str:
        return " ".join(self.words)

    def span(self, positions: Sequence[int]) -> str:
        """The words at these positions and what lies between them, as written."""
        if len(positions) == 1:  # one word says little alone ("đổi"): with the word before it
            positions = [max(positions[0] - 1, 0), positions[0]]
        return self.text[self.spans[min(positions)][0] : self.spans[max(positions)][1]]


@cache
def parse_name(name: str, level: str) -> Name:
    text = _PREFIX.sub("", unicodedata.normalize("NFC", name).strip())
    found = _LEVEL_SUFFIX.search(text)
    named_level = _LEVELS[found.group(1).lower()] if found else None
    text = text[: found.start()] if found else text.rstrip(" .")
    matches = list(_WORD.finditer(text))
    words = tuple(canonical(fold(m.group())) for m in matches)
    spans = tuple((m.start(), m.end()) for m in matches)
    return Name(text, spans, words, named_level or _LEVELS.get(level))


def _name(procedure: Procedure) -> Name:
    return parse_name(procedure.name, str(procedure.level))


@dataclass(frozen=True)
class Difference:
    """How a variant differs from the best procedure."""

    procedure: Procedure
    name: Name
    top_extra: tuple[int, ...]  # positions of the best procedure's words this one lacks
    own_extra: tuple[int, ...]  # positions of its own words the best procedure lacks
    detail: Detail | None  # None: a difference no known detail explains


def difference(top: Name, procedure: Procedure) -> Difference | None:
    """How `procedure` is a variant of the procedure named `top`; None when it is not one."""
    name = _name(procedure)
    if not top.words or not name.words or top.words[0] != name.words[0]:
        return None
    blocks = SequenceMatcher(None, top.words, name.words, autojunk=False).get_matching_blocks()
    top_shared = {b.a + i for b in blocks for i in range(b.size)}
    own_shared = {b.b + i for b in blocks for i in range(b.size)}
    top_extra = tuple(i for i in range(len(top.words)) if i not in top_shared)
    own_extra = tuple(i for i in range(len(name.words)) if i not in own_shared)
    shorter = min(len(top.words), len(name.words))
    if len(top_shared) < min(2, shorter) or len(top_shared) < SHARED_WORDS * shorter:
        return None
    if max(len(top_extra), len(own_extra)) > EXTRA_WORDS:
        return None
    if not top_extra and not own_extra:
        if top.level == name.level or top.level is None or name.level is None:
            return None  # the same name at the same level: a duplicate, not a variant
        return Difference(procedure, name, (), (), LEVEL)
    detail = _detail(top, name, top_extra, own_extra)
    if detail is None and not (
        _tail(top, top_extra, own_extra) or _tail(name, own_extra, top_extra)
    ):
        return None  # words swapped or put inside: "khai tử" is no "khai sinh" variant
    return Difference(procedure, name, top_extra, own_extra, detail)


def _tail(name: Name, extra: tuple[int, ...], other: tuple[int, ...]) -> bool:
    """Whether the name adds its extra words at its end, and the other name adds none."""
    return not other and extra == tuple(range(len(name.words) - len(extra), len(name.words)))


def _detail(
    top: Name, name: Name, top_extra: tuple[int, ...], own_extra: tuple[int, ...]
) -> Detail | None:
    """The known detail whose words are all that differ between the two names."""
    for detail in DETAILS:
        mine, theirs = detail.value_of(top.folded), detail.value_of(name.folded)
        if mine is None or theirs is None or mine is theirs:
            continue
        mine_explained = {top.words[i] for i in top_extra} <= mine.marker_words
        if mine_explained and {name.words[i] for i in own_extra} <= theirs.marker_words:
            return detail
    return None


def _value(detail: Detail, name: Name) -> Value | None:
    if detail is LEVEL:
        return next((v for v in LEVEL.values if v.key == name.level), None)
    return detail.value_of(name.folded)


def _said(asked: str, top: Name, found: Difference) -> bool:
    """Whether the question already gives the detail that separates `found` from the best."""
    if found.detail is not None:
        return any(value.said_in(asked) for value in found.detail.values)
    words = asked.split()
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    for name, extra in ((top, found.top_extra), (found.name, found.own_extra)):
        telling = [name.words[i] for i in extra if name.words[i] not in STOPWORDS]
        if len(telling) == 1 and telling[0] in words:
            return True
        if any(f"{a} {b}" in pairs for a, b in zip(telling, telling[1:], strict=False)):
            return True
    return False


def clarify(question: str, ranked: Sequence[tuple[Procedure, float]]) -> Clarify | None:
    """The question to ask when the best of `ranked` (procedure, score; best first) are
    variants of one procedure and `question` does not say which; else None."""
    if len(ranked) < 2:
        return None
    (top, best), top_name = ranked[0], _name(ranked[0][0])
    found = [
        d
        for procedure, score in ranked[1:CANDIDATES]
        if score >= SCORE_SHARE * best and (d := difference(top_name, procedure)) is not None
    ]
    if not found:
        return None
    asked = canonical(normalize_query(question))  # only now: most searches have no variants
    if any(_said(asked, top_name, d) for d in found):
        return None
    # The level is asked only when nothing else differs: the desk's level is what citizens mean.
    found = [d for d in found if d.detail is not LEVEL] or found
    details = list(dict.fromkeys(d.detail for d in found))
    if len(details) > 1:
        return _ask_among(top, top_name, found)
    if details[0] is None:
        return _ask_which(top, top_name, found)
    return _ask_detail(details[0], top, top_name, found)


def _ask_detail(
    detail: Detail, top: Procedure, top_name: Name, found: list[Difference]
) -> Clarify | None:
    """One button per value of the detail, for its best procedure."""
    chosen: dict[str, tuple[Value, Procedure]] = {}
    for procedure, name in [(top, top_name), *((d.procedure, d.name) for d in found)]:
        value = _value(detail, name)
        if value is not None and value.key not in chosen:
            chosen[value.key] = (value, procedure)
    if len(chosen) < 2:
        return None
    # Against the plain procedure alone a value may be said more plainly ("cấp lại").
    brief = len(chosen) == 2 and detail.plain and detail.values[0].key in chosen
    shown = {
        k: (v.brief or (v.ask, v.label)) if brief else (v.ask, v.label)
        for k, (v, _) in chosen.items()
    }
    asks = [shown[v.key][0] for v in detail.values if v.key in chosen]  # in the detail's order
    options = tuple(ClarifyOption(p.id, p.code, shown[k][1]) for k, (_, p) in chosen.items())
    return Clarify(detail.question(asks), options)


def _ask_which(top: Procedure, top_name: Name, found: list[Difference]) -> Clarify | None:
    """Which procedure, labelled by the words that set each apart."""
    first = found[0]
    top_label = top_name.span(first.top_extra) if first.top_extra else top_name.text
    options = {_capital(top_label): ClarifyOption(top.id, top.code, _capital(top_label))}
    for d in found:
        label = _capital(d.name.span(d.own_extra) if d.own_extra else d.name.text)
        options.setdefault(label, ClarifyOption(d.procedure.id, d.procedure.code, label))
    return Clarify(GENERIC_QUESTION, tuple(options.values())) if len(options) > 1 else None


def _ask_among(top: Procedure, top_name: Name, found: list[Difference]) -> Clarify | None:
    """Variants that differ in several details: which procedure, by its name."""
    named = [(top, top_name), *((d.procedure, d.name) for d in found)]
    levels = len({name.level for _, name in named}) > 1
    options: dict[str, ClarifyOption] = {}
    for p, name in named:  # one button per label: the same name twice says nothing new
        label = _capital(f"{name.text} (cấp {name.level})" if levels else name.text)
        options.setdefault(label, ClarifyOption(p.id, p.code, label))
    return Clarify(GENERIC_QUESTION, tuple(options.values())) if len(options) > 1 else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
