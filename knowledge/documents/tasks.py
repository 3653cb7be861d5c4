"""Task assignments in a plan: what is to be done, who leads, who helps, by when.

Plans state them in three ways, and the corpus has all of them:
- task tables, flattened by OCR (columns TT, Nội dung, Đơn vị chủ trì, Đơn vị
  phối hợp, Thời gian hoàn thành, Sản phẩm), read by `cells.read_row`;
- item blocks with labels ("c) Phân công trách nhiệm - Cơ quan phụ trách: ...
  - Cơ quan phối hợp/thực hiện: ... d) Thời gian thực hiện/hoàn thành: ...");
- the "Tổ chức thực hiện" section, one numbered item per unit ("2. Văn phòng
  UBND tỉnh") with its duties as bullets or lettered items below, and items
  such as "Sở X chủ trì, phối hợp với Y ..." elsewhere in the text.
Every record keeps the line range it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.documents import markers as mk
from knowledge.documents.cells import read_row
from knowledge.documents.outline import Section, Unit, outline

_LEAD_LABEL = re.compile(r"c\w{0,2} quan (ph\w{0,2} tr\w{0,3}ch|ch\w{0,2} tr\w)\s*:")
_COOPERATE_LABEL = re.compile(r"c\w{0,2} quan (ph\w{0,2}i h\w{1,2}p|th\w{0,3}c h)[^:]{0,25}:")
_TIME_LABEL = re.compile(r"th\w{0,2} gian[^:]{0,40}:")
_GOAL_LABEL = re.compile(r"m\S{0,2}c ti\S{0,2}u,? y\S{0,2}u c\S{0,2}u\s*:?")
_TASK_LABEL = re.compile(r"nhi\S{0,2}m v\S{0,2}, gi\S{0,2}i ph\S{0,3}p\s*:?")
_DUTIES = re.compile(r"(t\w{0,2}|1\w) ch\w{0,3}c \w?h\w{0,3}c h\w{0,3}n\b")
_LEADS_VERB = re.compile(r"\s(ch\w{0,2} tr\w|ph\w{0,3}i \w{0,3}p v\w{0,2}i)\b")
_COOPERATE_WITH = re.compile(r"ph\w{0,3}i \w{0,3}p v\w{0,2}i\b")
_UNIT_NAME = re.compile(
    r"(v\w{0,2}n ph\w{0,2}ng|s\S{0,2} |c\w{0,2}c s\S{0,2}\b|ubnd|\w{0,2}y ban|ph\w{0,2}ng |"
    r"thanh tra|trung t\w{0,2}m|b\w{0,2}o |b\w{0,2}u \w{0,3}i\w{0,2}n)"
)
# Where the units named after "phối hợp với" end: at "có liên quan", a verb, or a stop.
_COOPERATE_END = re.compile(
    r"c\w? li\w{0,2}n quan\b|li\w{0,2}n quan\b|[.;:]|\s(d\w |t\w{0,2}ch c|tri\w{0,2}n kh"
    r"|th\w{0,3}c h|tham m|nghi\w{0,2}n c|x\w{0,2}y d|h\w{0,2}\w?ng d|ti\w{0,2}p t|b\w{0,2}o c"
    r"|ki\w{0,2}m tra|c\w{0,2}p nh|\w{0,2}m b\w{0,2}o|t\w{0,2}ng h|y\w{0,2}u c\w{0,2}u)"
)
_TIME_PHRASES = re.compile(
    r"\b(?:ho\w{0,2}n th\w{0,3}nh |ch\w{0,2}m nh\w{0,2}t )?(?:trong|tr\w[o6ed]\w?c) "
    r"(?:qu\S{0,3} [ivxl1|y]{1,4}(?:\b|(?=n))(?: ?n[a-z]{0,4} ?[0-9lI]{4})?|th\w{0,2}ng \S{1,7}"
    r"|ng\w{0,3} \S{4,10}|n\w{0,2}m \d{4})"
    r"|\bh\w{0,2}ng (?:tu\w{0,2}n|th\w{0,2}ng|qu\w|n\w{0,2}m)\b(?:[, ]+(?:qu\w|n\w{0,2}m)\b)?"
    r"|\b[bdđe]\w?nh k\S{0,2}"
)
SUBJECT_CHARS = 70
LABEL_CHARS = 80


@dataclass(frozen=True)
class TaskRecord:
    """One assigned task, read from lines `start_line`..`end_line` (1-based) of `source`."""

    source: str
    start_line: int
    end_line: int
    content: str  # nội dung / nhiệm vụ
    lead: str  # đơn vị, cơ quan chủ trì / phụ trách
    cooperate: str | None  # đơn vị phối hợp
    deadline: str | None  # thời gian thực hiện / hoàn thành
    product: str | None  # sản phẩm / kết quả


def extract_tasks(source: str, lines: list[str]) -> list[TaskRecord]:
    """The task records of one document, in line order."""
    root = outline(lines)
    labelled = _labelled_tasks(source, root)
    duties = _duty_tasks(source, root)
    covered = {line for t in [*labelled, *duties] for line in range(t.start_line, t.end_line + 1)}
    inline = _inline_tasks(source, root, covered)
    records = [*_table_tasks(source, root), *labelled, *duties, *inline]
    unique = {(r.start_line, r.end_line, r.content): r for r in records}
    return sorted(unique.values(), key=lambda r: (r.start_line, r.end_line))


# Task tables -------------------------------------------------------------------------


def _table_tasks(source: str, root: Section) -> list[TaskRecord]:
    records = []
    for section in root.walk():
        for unit in section.body:
            if unit.kind != "row":
                continue
            for row in read_row(unit.lines, unit.layout, section.notes, section.columns):
                records.append(
                    TaskRecord(
                        source,
                        row.start,
                        row.end,
                        row.content,
                        row.lead,
                        row.cooperate,
                        row.deadline,
                        row.product,
                    )
                )
    return records


# Item blocks with labels -------------------------------------------------------------


def _labelled_tasks(source: str, root: Section) -> list[TaskRecord]:
    records = []
    for section in root.walk():
        if section.heading is None or section.level >= mk.LETTER_LEVEL:
            continue
        fields = _labels(section)
        if "lead" not in fields:
            continue
        title = mk.strip_marker(section.heading.text).rstrip(" :")
        content = f"{title}: {fields['task']}" if fields.get("task") else title
        records.append(
            TaskRecord(
                source,
                section.heading.start,
                _last_line(section),
                content,
                fields["lead"],
                fields.get("cooperate"),
                fields.get("deadline"),
                fields.get("product"),
            )
        )
    return records


def _labels(section: Section) -> dict[str, str]:
    """Labelled values in a section's own text and in its lettered items."""
    units = list(section.body)
    for child in section.children:
        if child.level == mk.LETTER_LEVEL and child.heading:
            units += [child.heading, *child.body]
    fields: dict[str, str] = {}
    for index, unit in enumerate(units):
        text = mk.strip_marker(unit.text)
        for name, pattern in (
            ("lead", _LEAD_LABEL),
            ("cooperate", _COOPERATE_LABEL),
            ("deadline", _TIME_LABEL),
            ("product", _GOAL_LABEL),
        ):
            value = _after_label(pattern, text)
            if value and name not in fields:
                fields[name] = value
        label = _TASK_LABEL.match(mk.plain(text)) if unit.kind == "heading" else None
        if label and "task" not in fields:
            fields["task"] = _task_text(text[label.end() :], units[index + 1 :])
    return fields


def _after_label(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.match(mk.plain(text))
    if not match:
        return None
    return text[match.end() :].strip(" .;:") or None


def _task_text(first: str, following: list[Unit]) -> str:
    """The text after "b) Nhiệm vụ, giải pháp:" and the units under it."""
    parts = [first.strip()] if first.strip() else []
    for unit in following:
        if unit.kind == "heading":
            break
        parts.append(unit.text)
    return " ".join(parts)


def _last_line(section: Section) -> int:
    return max(unit.end for unit in section.units())


# "Tổ chức thực hiện" -------------------------------------------------------------------


def _duty_tasks(source: str, root: Section) -> list[TaskRecord]:
    records = []
    for section in root.children:
        title = mk.strip_marker(section.title).replace("'", "").replace("’", "")
        if section.heading is None or not _DUTIES.search(mk.plain(title)):
            continue
        for unit_section in section.children:
            records += _unit_duties(source, unit_section)
    return records


def _unit_duties(source: str, section: Section) -> list[TaskRecord]:
    """Tasks under "2. Văn phòng UBND tỉnh" (or "1. Văn phòng: Chủ trì ...")."""
    if section.heading is None:  # a unit is a numbered heading; text before one has none
        return []
    heading = mk.strip_marker(section.heading.text)
    name, _, rest = heading.partition(":")
    if rest.strip() and len(name) <= LABEL_CHARS:
        lead, first = name.strip(), [(section.heading, rest.strip())]
    elif section.body or section.children:
        lead, first = heading, []
    else:  # one sentence: "Văn phòng chủ trì theo dõi, đôn đốc ..."
        subject = _subject(heading)
        return [_duty(source, subject, section.heading, heading)] if subject else []
    items = first + [(unit, unit.text) for unit in _duty_units(section)]
    return [_duty(source, lead, unit, text) for unit, text in items]


def _duty_units(section: Section) -> list[Unit]:
    """Bullets ("+" items and stray wrapped lines joined to the bullet above), paragraphs
    and lettered items under a unit's heading; not the plan's closing words."""
    items: list[Unit] = []
    for unit in section.body:
        if mk.is_closing(unit.text):
            break
        joins = unit.kind == "para" and items and items[-1].kind == "bullet"
        if items and (joins or (unit.marker and unit.marker.label == "+")):
            items[-1] = Unit(items[-1].kind, items[-1].lines + unit.lines, items[-1].marker)
        else:
            items.append(unit)
    for child in section.children:
        units = [u for u in child.units() if not mk.is_closing(u.text)]
        if units:  # a lettered duty with everything under it, as one item
            lines = [line for unit in units for line in unit.lines]
            items.append(Unit("heading", lines, units[0].marker))
    return items


def _duty(source: str, lead: str, unit: Unit, text: str) -> TaskRecord:
    """A duty of `lead`, unless the text names its own leading unit ("Văn phòng Sở phối
    hợp với ..."); the partners follow "phối hợp với"."""
    content = mk.strip_marker(text)
    lead = _subject(content) or lead
    return TaskRecord(
        source,
        unit.start,
        unit.end,
        content,
        lead.strip(" ,.;:"),
        _partners(content),
        find_time(content),
        None,
    )


def _subject(text: str) -> str | None:
    """The unit a sentence starts with, before "chủ trì" or "phối hợp với"."""
    match = _LEADS_VERB.search(mk.plain(text))
    if not match or match.start() > SUBJECT_CHARS:
        return None
    subject = text[: match.start()].strip(" ,")
    return subject if subject and _UNIT_NAME.match(mk.plain(subject)) else None


def _partners(text: str) -> str | None:
    flat = mk.plain(text)
    match = _COOPERATE_WITH.search(flat)
    if not match:
        return None
    end = _COOPERATE_END.search(flat, match.end())
    stop = end.end() if end and "quan" in end.group() else end.start() if end else len(text)
    partners = text[match.end() : min(stop, match.end() + 2 * SUBJECT_CHARS)].strip(" ,")
    return partners or None


def find_time(text: str) -> str | None:
    """The first time expression of a sentence ("hoàn thành trong quý IV năm 2021",
    "trước ngày 30/8/2021", "hằng tuần"), adjacent ones joined."""
    flat = mk.plain(text)
    spans = [m.span() for m in _TIME_PHRASES.finditer(flat)]
    if not spans:
        return None
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start - end > 3:
            break
        end = next_end
    return text[start:end].strip(" ,.;)") or None


# "X chủ trì, phối hợp với Y" anywhere else ----------------------------------------------


def _inline_tasks(source: str, root: Section, covered: set[int]) -> list[TaskRecord]:
    records = []
    for unit in root.units():
        if unit.kind == "row" or unit.start in covered:
            continue
        text = mk.strip_marker(unit.text)
        subject = _subject(text)
        if subject and re.search(r"ch\w{0,2} tr\w", mk.plain(text)[: SUBJECT_CHARS + 10]):
            records.append(
                TaskRecord(
                    source,
                    unit.start,
                    unit.end,
                    text,
                    subject,
                    _partners(text),
                    find_time(text),
                    None,
                )
            )
    return records
