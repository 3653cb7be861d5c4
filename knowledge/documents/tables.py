"""Flattened tables: where OCR'd rows begin, and what their cells say.

OCR flattens a plan's task table in one of three ways, and the corpus has all:
- "top": the row number alone on a line, then each cell's lines in column
  order (content, lead unit, cooperating units, deadline, result);
- "mid": the cells of one row interleaved line by line, the row number in
  front of the row's middle line ("1 1 thủ tục ... | Văn phòng Sở | ...");
- "pipe": one row per line with cells split by " | " (a .docx table).
Rows without a number ("loose") are read like "top" rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.documents import markers as mk

# "1", "12", and OCR's "l0", "t2", "a"/"J" (for "3").
_LONE = re.compile(r"\d{1,2}|[lIt]\d|\d[lIt]|[aJ]")
_LEADING = re.compile(r"([1-9]\d?)(?:\s*\|?\s*(\d{1,2}))?\s*\|?\s*(?=[^\W\d_])")
MAX_SKIP = 3  # OCR drops a row number now and then, so the next may be up to 3 ahead
# A cell that names a unit ("Văn phòng Sở", "Các phòng chuyên môn", "Phòng Phát triển ...").
_UNIT = re.compile(
    r"v\w{0,2}n ?ph\w{0,2}ng\b|c\w{0,2}c ph\w{0,2}ng\b|ph\S{0,2}ng \w{0,2}h\w{0,2}t\b|thanh tra\b"
    r"|ubnd\b|s\w{0,2} (th|n\w?i|t\w?i|k\w? ho|khoa|c\w{0,2}ng th)|trung t\w{0,2}m"
    r"|b\w{0,2}u \w{0,3}i\w{0,2}n"
)
# A cell that gives a time ("Năm 2021 và các năm tiếp theo", "Thường xuyên", "Quý III năm 2025").
_TIME = re.compile(
    r"n\w{0,2}m\s?20|giai \w{0,2}o|th\w{0,3}ng\s?xu|thu\w{0,3}ng$|khi |theo (\w+ )?k|theo y"
    r"|tr\w{0,3}c (ng|\d)|trong (n\w{0,2}m|th|qu)|qu[yi] [ivxl1]|h\w{0,2}ng (th|qu|tu|n)"
    r"|\d{1,2}/(\d{1,2}/)?\d{4}(?![/\w-])|h\w?t n\w{0,2}m|sau khi|ng\w{0,2}y (sau|\d)|ch\w{0,2}m nh"
    r"|\w{0,2}nh k|th\w{0,2}ng \d"
)
CELL_CHARS = 30  # the unit and time columns are narrow: their lines are short
CELL_WIDTH = 22  # lines of the content column are wider than this (median)
TEXT_COLUMN = 45  # lines of a one-cell-per-line table are mostly shorter than this
LOOKAHEAD = 20


@dataclass(frozen=True)
class SegmentLine:
    """A non-blank line of a table, as read, and whether a blank line preceded it."""

    number: int
    text: str
    gap: bool


def is_lone_number(text: str) -> bool:
    return bool(_LONE.fullmatch(text.strip()))


def leading_number(text: str) -> int | None:
    match = _LEADING.match(text.strip())
    return int(match[1]) if match else None


def is_row_start(text: str) -> bool:
    return is_lone_number(text) or leading_number(text) is not None


def starts_unit(text: str) -> bool:
    """The line opens a unit cell (a short line naming an office)."""
    return len(text) <= CELL_CHARS and bool(_UNIT.match(mk.plain(mk.clean(text))))


def starts_time(text: str) -> bool:
    """The line opens a time cell."""
    return bool(_TIME.match(mk.plain(mk.clean(text))))


def split_rows(
    segment: list[SegmentLine], pipes: bool = False
) -> list[tuple[str, list[SegmentLine]]]:
    """Group a table's lines into rows, each with its layout ("top", "mid", "pipe", "loose")."""
    kept = [line for line in segment if is_lone_number(line.text) or not mk.is_noise(line.text)]
    if pipes:
        return _pipe_rows(kept)
    anchors = _anchors(kept)
    if not anchors:
        return [("loose", kept)] if kept else []
    starts = []
    for k, (index, layout) in enumerate(anchors):
        if k == 0:
            starts.append(0 if layout == "mid" else index)
        elif layout == "top":
            starts.append(index)
        else:  # the number sits in the row's middle: share the lines between two numbers
            previous = anchors[k - 1][0]
            starts.append(max(previous + 1, (previous + index + 1) // 2))
    rows = [("loose", kept[: starts[0]])] if starts[0] > 0 else []
    bounds = [*starts, len(kept)]
    rows += [(anchors[k][1], kept[bounds[k] : bounds[k + 1]]) for k in range(len(anchors))]
    return rows


def _anchors(lines: list[SegmentLine]) -> list[tuple[int, str]]:
    """Indexes of lines that carry a row number, with the row layout they imply."""
    anchors: list[tuple[int, str]] = []
    previous: int | None = None
    for index, line in enumerate(lines):
        if _unnumbered_start(lines, index) and not (anchors and anchors[-1][0] == index - 1):
            anchors.append((index, "top"))
            continue
        if is_lone_number(line.text):
            # "a" then "J" is one garbled "3": a number right after a number adds nothing.
            if not (anchors and anchors[-1] == (index - 1, "top")):
                anchors.append((index, "top"))
            previous = int(line.text) if line.text.strip().isdigit() else None
            continue
        value = leading_number(line.text)
        if value is not None and (previous is None or previous < value <= previous + MAX_SKIP):
            previous = value
            if not _same_row(lines, anchors, index):
                anchors.append((index, "mid"))
    return anchors


def _median(lines: list[SegmentLine]) -> float:
    lengths = sorted(len(line.text) for line in lines)
    return lengths[len(lengths) // 2] if lengths else 0


def _same_row(lines: list[SegmentLine], anchors: list[tuple[int, str]], index: int) -> bool:
    """A number printed beside a row that began unnumbered above it (no unit cell between)."""
    if not anchors or anchors[-1][1] != "top":
        return False
    return not any(starts_unit(line.text) for line in lines[anchors[-1][0] : index])


def _unnumbered_start(lines: list[SegmentLine], index: int) -> bool:
    """A row of a one-cell-per-line table whose number OCR lost: a content line after a
    blank, after a narrow cell, and followed by more content and then a unit cell."""
    line = lines[index]
    text = mk.clean(line.text)
    if not (line.gap and index > 0 and len(text) >= 15 and text[0].isupper()):
        return False
    if starts_unit(text) or starts_time(text) or is_row_start(line.text):
        return False
    before = mk.clean(lines[index - 1].text)
    if is_lone_number(lines[index - 1].text):
        return False
    if len(before) >= CELL_CHARS and not mk.ends_sentence(before):
        return False
    ahead = lines[index + 1 : index + 1 + LOOKAHEAD]
    # The content column is wider than a result column and narrower than a whole row.
    if not (_median([line, *ahead[:3]]) >= CELL_WIDTH and _median(ahead[:8]) < TEXT_COLUMN):
        return False
    for nxt in ahead:
        if starts_unit(nxt.text):
            return True
        if is_row_start(nxt.text):  # the number printed beside this row's middle line
            return bool(_UNIT.search(mk.plain(nxt.text)))
        if starts_time(nxt.text):
            return False
    return False


def _pipe_rows(lines: list[SegmentLine]) -> list[tuple[str, list[SegmentLine]]]:
    rows: list[tuple[str, list[SegmentLine]]] = []
    for line in lines:
        if "|" in line.text or not rows:
            rows.append(("pipe", [line]))
        else:
            rows[-1][1].append(line)
    return rows
