"""Read the cells of one flattened table row into task fields.

A "top" row lists its cells one after another, so a small state machine walks
its lines: content, then the lead unit, the cooperating units, the time, the
result (and notes). In a "mid" row the columns are interleaved line by line
and cannot be cut apart reliably; there the lead and cooperating units are
recognised by name (and given their proper names), the time by its pattern,
and the content is what stands in front of the first other column on each line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.documents import markers as mk
from knowledge.documents.tables import is_lone_number, starts_time, starts_unit

# Units of the interleaved tables, as OCR spells them, with their proper names.
_LEADS = (
    (re.compile(r"v\w{0,2}n ?ph\w{0,2}ng ?s\S{0,2}(?!\w)"), "Văn phòng Sở"),
    (re.compile(r"ph\S{0,2}ng \w{0,2}h\w{0,2}t\b"), "Phòng Phát triển Công nghệ và Chuyển đổi số"),
    (re.compile(r"thanh tra s"), "Thanh tra Sở"),
)
_COOPERATE = re.compile(r"c\w{0,2}c ph\w{0,2}ng\b")
COOPERATE_NAME = "Các phòng và đơn vị trực thuộc"
_TIMES = re.compile(
    r"\b(?:th\w{0,3}ng ?xu\w{0,3}n|(?:trong )?qu[yi] [ivxl1|]{1,3}\b(?: n\w{0,2}m)?(?: 20\d\d)?"
    r"|(?:tr\w{0,3}c|trong) (?:ng\w{0,2}y )?\d{1,2}/\d{1,2}/20\d\d"
    r"|tr\w{0,3}c ng\w{0,2}y \d{1,2}(?: th\w{0,2}ng \d{1,2})?(?: n\w{0,2}m)?(?: 20\d\d)?"
    r"|(?:trong )?th\w{0,2}ng \d{1,2} ?/ ?20\d\d|trong th\w{0,2}ng \d{1,2} n\w{0,2}m 20\d\d"
    r"|h\w?t n\w{0,2}m 20\d\d|h\w{0,2}ng (?:th\w{0,2}ng|qu\w|tu\w{0,2}n|n\w{0,2}m)\b"
    r"|theo y\w{0,2}u c\w{0,2}u|[bdđ]\w?nh k\w{0,2}\b(?:/\w{0,3}t xu\w{0,3}t)?)"
)
_YEAR = re.compile(r"\bn\w{0,2}m 20\d\d")
_DEBRIS = re.compile(r"[^\w%]+|[A-Z]|\S*[\\<>{}\[\]^~¢£©]\S*")
_ROW_NUMBER = re.compile(r"\s*[1-9]\d?(?:\s*\|?\s*\d{1,2})?(?:\s*\|\s*|\s+)")
_CONNECTIVES = frozenset({"cua", "cria", "cta", "va", "vd", "vir", "khi", "sau", "hoac", "hoic"})
# Share of words that look like Vietnamese syllables, below which a row is OCR debris.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+"
    r"(ch|ng|nh|[cmnpt])?"
)
MIN_WORDLIKE = 0.6


@dataclass(frozen=True)
class RowTask:
    """Task fields read from (part of) a table row, with the line range they came from."""

    start: int
    end: int
    content: str
    lead: str
    cooperate: str | None
    deadline: str | None
    product: str | None


@dataclass
class _Draft:
    lines: list[int] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)

    def add(self, cell: str, number: int, text: str) -> None:
        self.cells.setdefault(cell, []).append(text)
        self.lines.append(number)

    def get(self, cell: str) -> str | None:
        parts = self.cells.get(cell)
        return " ".join(parts) if parts else None

    def task(self) -> RowTask | None:
        content, lead = self.get("content"), self.get("lead")
        if not (content and lead):
            return None
        return RowTask(
            min(self.lines),
            max(self.lines),
            content,
            lead,
            self.get("cooperate"),
            self.get("deadline"),
            self.get("product"),
        )


def read_row(
    lines: list[tuple[int, str]], layout: str, notes: bool, columns: tuple[str, ...] = ()
) -> list[RowTask]:
    """The tasks one table row holds (a "top" row may hide rows whose number OCR lost)."""
    if layout == "pipe":
        return _pipe_row(lines, columns)
    if layout == "mid":
        task = _interleaved_row(lines)
        return [task] if task else []
    return _stacked_row(lines, notes, carried=layout == "loose")


def _pipe_row(lines: list[tuple[int, str]], columns: tuple[str, ...]) -> list[RowTask]:
    cells = mk.pipe_cells(lines[0][1])
    draft = _Draft()
    for kind, cell in zip(columns, cells, strict=False):
        if cell and kind in {"content", "lead", "cooperate", "deadline", "product"}:
            draft.add(kind, lines[0][0], cell)
    task = draft.task()
    return [task] if task else []


def _stacked_row(lines: list[tuple[int, str]], notes: bool, carried: bool) -> list[RowTask]:
    """Cells one after another; a `carried` row may open with the tail of the row above."""
    drafts = [_Draft()]
    state = "content"
    previous, last_number = "", 0
    for number, text in lines:
        if is_lone_number(text) and not drafts[-1].cells:
            drafts[-1].lines.append(number)  # the row's number: the record starts there
            continue
        if is_lone_number(text) or mk.is_noise(text):
            continue
        # Blank lines and page furniture leave a jump in the line numbers.
        gap = number > last_number + 1
        state = _next_state(state, drafts[-1], text, previous, gap and notes)
        if state == "new":
            drafts.append(_Draft())
            state = "content"
        if carried and state == "content" and not drafts[-1].cells and text[0].islower():
            continue  # the tail of the row above, carried over a page break
        drafts[-1].add(state, number, text)
        previous, last_number = text, number
    return [task for task in (d.task() for d in drafts) if task]


def _next_state(state: str, draft: _Draft, text: str, previous: str, cell_break: bool) -> str:
    """Which cell this line belongs to, given the cell of the line before; `cell_break`
    says a blank line closed the cell above (in tables with a notes column)."""
    if state == "content":
        return "lead" if draft.cells and starts_unit(text) else "content"
    if state in {"lead", "cooperate"}:
        if starts_time(text):
            return "deadline"
        if state == "lead" and starts_unit(text):
            return "cooperate"
        return "notes" if cell_break and state == "cooperate" else state
    if cell_break and _starts_next_row(text):
        return "new"
    if state == "deadline":
        last = mk.plain(previous).split()[-1:] or [""]
        opens = text.startswith("-") or (text[0].isupper() and last[0] not in _CONNECTIVES)
        return "product" if opens or cell_break else "deadline"
    if state == "product" and cell_break:
        return "notes"
    return state


def _starts_next_row(text: str) -> bool:
    """A long content line after the result cell: a row whose number was lost."""
    return len(text) >= 40 and text[0].isupper() and not starts_unit(text)


def _interleaved_row(lines: list[tuple[int, str]]) -> RowTask | None:
    joined = " ".join(text for _, text in lines)
    flat = mk.plain(joined)
    found = [(m.start(), name) for pattern, name in _LEADS if (m := pattern.search(flat))]
    if not found:
        return None
    where, lead = min(found)
    content = _front_text(lines)
    if not content or _wordlike(content) < MIN_WORDLIKE:
        return None
    cooperate = COOPERATE_NAME if _COOPERATE.search(flat) else None
    return RowTask(
        lines[0][0], lines[-1][0], content, lead, cooperate, _time_in(joined, flat, where), None
    )


def _front_text(lines: list[tuple[int, str]]) -> str:
    """Per line, the text before the first other column, without the row number."""
    parts = []
    for _, text in lines:
        flat = mk.plain(text)
        cuts = [text.find("|")] + [m.start() for p, _ in _LEADS if (m := p.search(flat))]
        cuts += [m.start() for m in (_COOPERATE.search(flat), _TIMES.search(flat)) if m]
        cut = min((c for c in cuts if c >= 0), default=len(text))
        front = _ROW_NUMBER.sub("", text[:cut], count=1) if _ROW_NUMBER.match(text) else text[:cut]
        words = [w for w in front.split() if not _DEBRIS.fullmatch(w)]
        if words:
            parts.append(" ".join(words))
    return " ".join(parts)


def _time_in(joined: str, flat: str, after: int) -> str | None:
    """The first time expression after the lead column, else anywhere in the row."""
    for pattern, start in ((_TIMES, after), (_TIMES, 0), (_YEAR, after)):
        match = pattern.search(flat, start)
        if match:
            return joined[match.start() : match.end()].strip()
    return None


def _wordlike(text: str) -> float:
    words = mk.plain(text).split()
    return sum(bool(_SYLLABLE.fullmatch(w.strip(".,;:()"))) for w in words) / max(len(words), 1)
