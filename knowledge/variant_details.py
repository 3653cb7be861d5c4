"""The details that separate variants of one procedure, and how to ask about them.

Catalogs repeat a procedure with one detail changed: "có yếu tố nước ngoài", "lưu
động", "đăng ký lại", "cấp lại"/"cấp đổi", "dưới"/"từ đủ 14 tuổi", the level. Which
procedures are variants of which is found in the names themselves (knowledge/variants.py);
this table only says, for the kinds of detail met in the national database, how a
citizen is asked and what words in a question already give the answer. A detail not
listed here is still asked, with the differing words of the names as the choices.

Phrases are folded (no marks, lower case), matched as whole words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from knowledge.lexical import canonical


@dataclass(frozen=True)
class Value:
    """One side of a detail: how a name says it, how a citizen says it, how it is offered."""

    key: str
    ask: str  # in the question: "... hay <ask>?"
    label: str  # on the button
    markers: tuple[str, ...] = ()  # in a procedure's name; none: the plain procedure
    cues: tuple[str, ...] = ()  # in a question, besides the markers
    brief: tuple[str, str] | None = None  # (ask, label) when offered against the plain value only

    @cached_property
    def marker_words(self) -> frozenset[str]:
        return frozenset(canonical(word) for marker in self.markers for word in marker.split())

    def named_in(self, folded_name: str) -> bool:
        return any(_phrase(marker).search(folded_name) for marker in self.markers)

    def said_in(self, folded_question: str) -> bool:
        return any(_phrase(cue).search(folded_question) for cue in (*self.markers, *self.cues))


@dataclass(frozen=True)
class Detail:
    """A kind of detail: its values, the plain one (no marker) first when there is one."""

    key: str
    values: tuple[Value, ...]
    lead: str = ""  # words before the choices: "Người làm" từ đủ 14 tuổi hay dưới 14 tuổi?
    plain: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain", not self.values[0].markers)

    def value_of(self, folded_name: str) -> Value | None:
        """The value a name says; the plain value when it says none (None if there is none)."""
        for value in self.values:
            if value.markers and value.named_in(folded_name):
                return value
        return self.values[0] if self.plain else None

    def question(self, asks: list[str]) -> str:
        """ "<lead> a, b hay c?" from what each offered value asks."""
        choices = ", ".join(asks[:-1]) + " hay " + asks[-1]
        text = f"{self.lead} {choices}?" if self.lead else f"{choices}?"
        return text[0].upper() + text[1:]


@cache
def _phrase(folded: str) -> re.Pattern[str]:
    """A folded phrase as whole words, spelt as names and questions are compared (ky/ki)."""
    return re.compile(rf"(?<!\w){re.escape(canonical(folded))}(?!\w)")


DETAILS: tuple[Detail, ...] = (
    Detail(
        "nuoc-ngoai",
        (
            Value("trong-nuoc", "trong nước", "Trong nước", cues=("trong nuoc", "tinh khac")),
            Value(
                "nuoc-ngoai",
                "có yếu tố nước ngoài (có người nước ngoài hoặc ở nước ngoài)",
                "Có yếu tố nước ngoài",
                markers=("co yeu to nuoc ngoai",),
                cues=("nuoc ngoai", "viet kieu", "ngoai quoc", "quoc tich"),
            ),
        ),
    ),
    Detail(
        "luu-dong",
        (
            Value("tai-co-quan", "tại cơ quan", "Làm tại cơ quan", cues=("tai co quan",)),
            Value(
                "luu-dong",
                "lưu động (cán bộ đến tận nơi)",
                "Lưu động (cán bộ đến tận nơi)",
                markers=("luu dong",),
                cues=("tai nha", "den nha", "tan noi"),
            ),
        ),
        lead="Làm",
    ),
    Detail(
        "dang-ky-lai",
        (
            Value("lan-dau", "lần đầu", "Lần đầu", cues=("lan dau", "moi sinh")),
            Value(
                "dang-ky-lai",
                "đăng ký lại (đã đăng ký trước đây)",
                "Đăng ký lại",
                markers=("dang ky lai",),
                cues=("dang ki lai", "da dang ky"),
            ),
        ),
    ),
    Detail(
        "cap-lai-doi",
        (
            Value("lan-dau", "làm lần đầu", "Làm lần đầu", cues=("lan dau",)),
            Value(
                "cap-lai",
                "bị mất",
                "Bị mất (cấp lại)",
                markers=("cap lai",),
                cues=("bi mat", "mat the", "danh mat", "lam mat", "that lac", "mat giay"),
                brief=("cấp lại", "Cấp lại"),  # a licence is "cấp lại" for more than a loss
            ),
            Value(
                "cap-doi",
                "bị hỏng/hết hạn/đổi thông tin",
                "Bị hỏng, hết hạn, đổi thông tin (cấp đổi)",
                markers=("cap doi",),
                cues=("bi hong", "hu hong", "het han", "doi the", "doi thong tin", "rach"),
                brief=("cấp đổi", "Cấp đổi"),
            ),
        ),
    ),
    Detail(
        "tuoi-14",
        (
            Value(
                "tu-du-14",
                "từ đủ 14 tuổi",
                "Từ đủ 14 tuổi trở lên",
                markers=("tu du 14 tuoi tro len", "tu du 14 tuoi"),
                cues=("tu du 14", "tren 14", "du 14 tuoi", "nguoi lon"),
            ),
            Value(
                "duoi-14",
                "dưới 14 tuổi",
                "Dưới 14 tuổi",
                markers=("duoi 14 tuoi",),
                cues=("duoi 14", "chua du 14", "tre em", "tre so sinh"),
            ),
        ),
        lead="Người làm",
    ),
)

# The level is read from the name's "(thực hiện tại cấp ...)" or the procedure's level.
LEVEL = Detail(
    "cap",
    (
        Value("xã", "cấp xã", "Cấp xã (UBND xã, phường)", cues=("cap xa", "ubnd xa", "cap phuong")),
        Value("tỉnh", "cấp tỉnh", "Cấp tỉnh", markers=("cap tinh",), cues=("ubnd tinh",)),
        Value(
            "trung ương",
            "cấp trung ương",
            "Cấp trung ương (bộ, cơ quan trung ương)",
            markers=("trung uong",),
            cues=("cap bo", "bo cong an"),
        ),
    ),
    lead="Làm ở",
)
