"""Sections read again from the whole page (`raw_text`) when a field was cut wrongly,
and the free-text sections: steps and conditions.

Some captures split a page at a "(Thành phần hồ sơ)" inside the steps, so the steps
field stops mid-sentence and the dossier field holds the rest of the steps. The
page text still has every section in order; the dossier section is the one after
the "Cách Thức Thực Hiện" table, and the steps run up to that table.
"""

from __future__ import annotations

import re

from knowledge.catalog.portal.cells import clean, is_empty
from knowledge.catalog.portal.dossier import HEADER as DOSSIER_HEADER
from knowledge.text import fold

STEPS_TITLE = "Trình Tự Thực Hiện"
CHANNELS_TITLE = "Cách Thức Thực Hiện"
DOSSIER_TITLE = "Thành phần hồ sơ"
LEGAL_TITLE = "Căn cứ pháp lý"
_STEP = re.compile(r"^\s*(?:[-+•]\s*)?Bước\s*\d+", re.IGNORECASE)
_NONE = {"khong", "khong co", "khong quy dinh", "khong co yeu cau"}


def misplaced_dossier(dossier: str) -> bool:
    """The dossier field holds no table but text (the tail of the steps)."""
    return DOSSIER_HEADER not in dossier and not is_empty(dossier.strip("-"))


def recover(raw: str, channels: str) -> tuple[str, str] | None:
    """(steps, dossier) as the page shows them, or None when the page text lacks them."""
    opened = raw.find(CHANNELS_TITLE)
    steps_at = raw.find(STEPS_TITLE)
    if opened < 0 or steps_at < 0 or steps_at > opened:
        return None
    after_table = opened + len(CHANNELS_TITLE) + len(channels)
    if not raw.startswith(DOSSIER_TITLE, after_table):
        return None
    start = after_table + len(DOSSIER_TITLE)
    end = raw.find(LEGAL_TITLE, start)
    dossier = raw[start : end if end >= 0 else len(raw)]
    steps = raw[steps_at + len(STEPS_TITLE) : opened]
    return steps, dossier


def parse_steps(text: str) -> list[str]:
    """One item per "Bước N" when the text numbers its steps, else one per line."""
    lines = clean(text).splitlines()
    if not any(_STEP.match(line) for line in lines):
        return lines
    steps: list[str] = []
    for line in lines:
        if _STEP.match(line) or not steps:
            steps.append(line)
        else:
            steps[-1] = f"{steps[-1]}\n{line}"
    return steps


def parse_conditions(text: str) -> list[str]:
    """Lines of "Yêu cầu, điều kiện"; "Không", "Không có" and the like are none."""
    if is_empty(text) or (len(text) < 40 and fold(text) in _NONE):
        return []
    return clean(text).splitlines()
