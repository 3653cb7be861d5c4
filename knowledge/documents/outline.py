"""The outline of a plan: nested sections made of units.

A unit is a block of lines read as one piece: a heading with its wrapped
lines, a paragraph, a bullet, or a table row. Page furniture (stamp specks,
page numbers, repeated table headers) belongs to no unit, but every unit keeps
the original numbers of its lines, so a citation points at the file as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from knowledge.documents import markers as mk
from knowledge.documents.tables import SegmentLine, is_row_start, split_rows

WRAP_CHARS = 50  # a heading line at least this long was wrapped, not ended


@dataclass
class Unit:
    """Consecutive lines read as one block; `lines` holds (line number, text)."""

    kind: str  # "heading", "para", "bullet", "row"
    lines: list[tuple[int, str]]
    marker: mk.Marker | None = None
    layout: str = ""  # rows only: "top", "mid", "pipe" or "loose" (see tables.split_rows)

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][0]

    @property
    def text(self) -> str:
        """Wrapped lines joined back into one piece of text."""
        return " ".join(text for _, text in self.lines)


@dataclass
class Section:
    """A heading, the units under it before its first subsection, and its subsections."""

    level: int
    heading: Unit | None = None
    body: list[Unit] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    columns: tuple[str, ...] = ()  # what each cell holds, in a table whose cells are split by "|"
    notes: bool = False  # the table has a notes column ("Ghi chú") after the result column

    @property
    def title(self) -> str:
        """The heading's label ("1.2. Tiêu chí ..."), from its first line (or two, for a
        title in quotes that wraps)."""
        if self.heading is None:
            return ""
        first = self.heading.lines[0][1]
        if first.count("“") > first.count("”") and len(self.heading.lines) > 1:
            first = f"{first} {self.heading.lines[1][1]}"
        return mk.title_of(first)

    def units(self) -> Iterator[Unit]:
        """Every unit of the section (its heading first) and its subsections, in order."""
        if self.heading is not None:
            yield self.heading
        yield from self.body
        for child in self.children:
            yield from child.units()

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


def outline(lines: list[str]) -> Section:
    """Parse a document's lines into its outline; the root section has no heading."""
    builder = _Builder()
    for number, raw in enumerate(lines, start=1):
        builder.feed(number, raw)
    return builder.finish()


class _Builder:
    def __init__(self) -> None:
        self.root = Section(level=0)
        self.stack = [self.root]
        self.unit: Unit | None = None  # the open unit of running text
        self.table = False
        self.segment: list[SegmentLine] = []
        self.caption_open = False  # a table caption may wrap onto the next lines
        self.notes = False  # the open table has a notes column
        self.in_header = False  # the last table line read was (part of) a header row
        self.gap = False  # a blank line came before this one

    def feed(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text:
            self.gap = True
            return
        if self.table:
            self._table_line(number, text)
        else:
            self._text_line(number, text)
        self.gap = False

    def finish(self) -> Section:
        self._flush_rows()
        return self.root

    # Running text ---------------------------------------------------------------

    def _text_line(self, number: int, text: str) -> None:
        line = mk.clean(text)
        if mk.is_noise(line):
            return
        if mk.starts_table(line):
            self._open_table(line)
            return
        marker = self._special(line) or mk.heading(line)
        if marker:
            self._open_section(marker, number, line)
            return
        bullet = mk.bullet(line)
        if bullet or self._new_paragraph(line):
            self._add(Unit("bullet" if bullet else "para", [(number, line)], bullet))
        elif self.unit is not None:
            self.unit.lines.append((number, line))

    def _special(self, line: str) -> mk.Marker | None:
        marker = mk.special(line)
        in_appendix = any(
            s.heading and s.heading.marker and s.heading.marker.label == "appendix"
            for s in self.stack
        )
        if marker and marker.label == "appendix" and in_appendix:
            return None  # the "(Kèm theo ...)" line under a "PHỤ LỤC" title
        return marker

    def _new_paragraph(self, line: str) -> bool:
        """A line starts a new paragraph unless it continues the open unit's sentence."""
        if self.unit is None or mk.is_closing(line):
            return True
        last = self.unit.lines[-1][1]
        if self.unit.kind == "heading":
            # A short title ("1. Mục đích") ends at its line; a long item wraps on.
            short = len(self.unit.lines[0][1]) < WRAP_CHARS
            open_quote = self.unit.text.count("“") > self.unit.text.count("”")
            return mk.ends_clause(last) or (line[0].isupper() and short and not open_quote)
        return mk.ends_sentence(last) and line[0].isupper()

    def _add(self, unit: Unit) -> None:
        self.stack[-1].body.append(unit)
        self.unit = unit

    def _open_section(self, marker: mk.Marker, number: int, line: str) -> None:
        self._flush_rows()
        heading = Unit("heading", [(number, line)], marker)
        section = Section(level=marker.level, heading=heading)
        while self.stack[-1].level >= marker.level:
            self.stack.pop()
        self.stack[-1].children.append(section)
        self.stack.append(section)
        self.unit = heading

    # Tables ----------------------------------------------------------------------

    def _open_table(self, header: str) -> None:
        self.table = True
        self.in_header = True
        self.notes = False
        self.unit = None
        self._read_header(header)

    def _read_header(self, header: str) -> None:
        self.notes = self.notes or "ghi" in mk.header_tokens(header)
        section = self.stack[-1]
        kinds = mk.column_kinds(mk.pipe_cells(header)) if "|" in header else None
        if kinds:
            section.columns = kinds

    def _table_line(self, number: int, text: str) -> None:
        line = mk.clean(text)
        if self.stack[-1].columns and "|" not in text:
            self._close_table()  # a .docx table ended: back to running text
            self._text_line(number, text)
            return
        prose = mk.roman(line) or mk.special(line)
        if prose:
            self._close_table()
            self._open_section(prose, number, line)
            return
        if mk.is_table_header(line) or (self.in_header and mk.is_header_piece(line)):
            self._read_header(line)
            self.caption_open = False
            self.in_header = True
            return
        self.in_header = False
        caption = mk.number(line) or mk.subcaption(line)
        if caption and not self.stack[-1].columns:
            self._open_section(caption, number, line)
            # A numbered caption may wrap onto the next lines; a group row does not.
            self.caption_open = caption.kind == "number" and len(line) >= WRAP_CHARS
            return
        if self.caption_open and not self.gap and self.unit and not is_row_start(text):
            self.unit.lines.append((number, line))
            return
        self.caption_open = False
        self.segment.append(SegmentLine(number, text, self.gap))

    def _close_table(self) -> None:
        self._flush_rows()
        self.table = False
        self.caption_open = False

    def _flush_rows(self) -> None:
        section = self.stack[-1]
        section.notes = section.notes or (self.notes and bool(self.segment))
        for layout, rows in split_rows(self.segment, pipes=bool(section.columns)):
            lines = [(line.number, mk.clean(line.text) or line.text) for line in rows]
            section.body.append(Unit("row", lines, layout=layout))
        self.segment = []
