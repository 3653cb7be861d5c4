"""Split a plan into passages that follow its structure and cite exact lines.

A section (a heading and everything under it) becomes one passage when it is
short enough; a longer one gives its own units, packed up to `max_chars`, and
then its subsections in turn. A unit longer than `max_chars` is cut between
lines, preferably after a line that ends a sentence. Page furniture is left
out of the text, but line numbers always refer to the original file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.documents.markers import ends_clause
from knowledge.documents.outline import Section, Unit, outline

HEADING_SEPARATOR = " > "
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


@dataclass(frozen=True)
class Passage:
    """A piece of a plan: `start_line`..`end_line` (1-based, inclusive) of `source`."""

    source: str
    path: Path | None
    start_line: int
    end_line: int
    heading: str  # the chain of headings above the text, "II. NHIỆM VỤ > 1. ... > a) ..."
    text: str


def split_passages(
    source: str, lines: list[str], max_chars: int = 900, *, path: Path | None = None
) -> list[Passage]:
    """The passages of one document, given its lines (as `read_lines` returns them)."""
    if max_chars < 1:
        raise ValueError("max_chars phải là số nguyên dương")
    passages = []
    for chain, units in _section_pieces(outline(lines), [], max_chars):
        text = "\n".join(unit.text for unit in units)
        start, end = units[0].start, max(unit.end for unit in units)
        passages.append(Passage(source, path, start, end, HEADING_SEPARATOR.join(chain), text))
    return passages


def _section_pieces(
    section: Section, chain: list[str], max_chars: int
) -> list[tuple[list[str], list[Unit]]]:
    """(heading chain, units) of each passage of a section, in document order."""
    here = [*chain, section.title] if section.heading else chain
    units = list(section.units())
    if section.heading and _size(units) <= max_chars:
        return [(here, units)]
    own = [section.heading, *section.body] if section.heading else list(section.body)
    pieces = [(here, group) for group in _pack(own, max_chars)]
    children: list[tuple[list[str], list[Unit]]] = []
    groups = (
        _sibling_groups(section.children, max_chars)
        if section.heading
        else [
            [child]
            for child in section.children  # top-level sections always stand apart
        ]
    )
    for group in groups:
        if len(group) > 1:  # short subsections ("c) Phân công", "d) Thời gian") read together
            children.append((here, [unit for child in group for unit in child.units()]))
        else:
            children += _section_pieces(group[0], here, max_chars)
    if pieces and children and not section.body:
        # A lone title joins its first subsection when there is room, else its chain says it.
        _, title = pieces.pop()
        first_chain, first = children[0]
        opens = first[0] is section.children[0].heading  # titles stay in document order
        if opens and _size([*title, *first]) <= max_chars:
            children[0] = (first_chain, [*title, *first])
    return pieces + children


def _sibling_groups(children: list[Section], max_chars: int) -> list[list[Section]]:
    """Consecutive subsections that fit together in max_chars; a long one stands alone."""
    groups: list[list[Section]] = []
    size = 0
    for child in children:
        child_size = _size(list(child.units()))
        fits = child_size <= max_chars
        if groups and fits and size + 1 + child_size <= max_chars:
            groups[-1].append(child)
            size += 1 + child_size
        else:
            groups.append([child])
            size = child_size if fits else max_chars + 1
    return groups


def _size(units: Sequence[Unit]) -> int:
    return sum(len(unit.text) + 1 for unit in units) - 1


def _pack(units: Sequence[Unit | None], max_chars: int) -> list[list[Unit]]:
    """Greedy groups of consecutive units, each within max_chars."""
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    for unit in units:
        if unit is None:
            continue
        for piece in _cut(unit, max_chars):
            if current and _size([*current, piece]) > max_chars:
                groups.append(current)
                current = []
            current.append(piece)
    if current:
        groups.append(current)
    return groups


def _cut(unit: Unit, max_chars: int) -> list[Unit]:
    """A unit in pieces of at most max_chars, cut between lines (after a sentence if
    possible); a single line that is too long is cut between sentences, then words."""
    if len(unit.text) <= max_chars:
        return [unit]
    lines = [piece for line in unit.lines for piece in _cut_line(line, max_chars)]
    pieces: list[Unit] = []
    current: list[tuple[int, str]] = []
    for line in lines:
        while current and len(" ".join(t for _, t in [*current, line])) > max_chars:
            keep = _last_sentence_end(current)
            pieces.append(Unit(unit.kind, current[:keep], unit.marker, unit.layout))
            current = current[keep:]
        current.append(line)
    if current:
        pieces.append(Unit(unit.kind, current, unit.marker, unit.layout))
    return pieces


def _last_sentence_end(lines: list[tuple[int, str]]) -> int:
    """How many leading lines to keep: up to the last one ending a clause, else all."""
    for index in range(len(lines), 0, -1):
        if ends_clause(lines[index - 1][1]):
            return index
    return len(lines)


def _cut_line(line: tuple[int, str], max_chars: int) -> list[tuple[int, str]]:
    number, text = line
    if len(text) <= max_chars:
        return [line]
    pieces: list[str] = []
    for part in _SENTENCE_END.split(text):
        while len(part) > max_chars:
            cut = part.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            pieces.append(part[:cut])
            part = part[cut:].strip()
        if pieces and len(pieces[-1]) + 1 + len(part) <= max_chars:
            pieces[-1] = f"{pieces[-1]} {part}"
        elif part:
            pieces.append(part)
    return [(number, piece) for piece in pieces]
