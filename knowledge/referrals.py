"""Matters outside the catalog that citizens bring to the desk, and where they go.

A neighbour dispute, a theft, the price of gold: no procedure answers them, and
suggesting the nearest licence ("kiện hàng xóm" used to suggest the LPG and karaoke
licences, whose names say "điều kiện" and "cửa hàng") only misleads. The retriever
still decides first; when it abstains and the question names such a matter, the
answer is a referral (hòa giải ở cơ sở, Tòa án, Công an, ...) instead of suggestions.
The matters, their cue phrases and where they go are data
(knowledge/data/referrals.yaml; MOTCUA_REFERRALS for a desk's own file).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from knowledge.procedure_search import ProcedureResult, Referral
from knowledge.text import normalize_query

BUNDLED_REFERRALS = Path(__file__).resolve().parent / "data" / "referrals.yaml"


class ReferralError(ValueError):
    """The referrals file cannot be read or is not valid."""


class Matter(BaseModel):
    """A kind of matter the desk does not handle."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str = Field(min_length=3, description="Loại việc, ví dụ: tranh chấp dân sự")
    where: str = Field(min_length=10, description="Nơi giải quyết, một hai câu")
    cues: list[str] = Field(min_length=1, description="Cụm từ nhận ra loại việc")

    @field_validator("cues")
    @classmethod
    def _folded(cls, cues: list[str]) -> list[str]:
        folded = [normalize_query(cue) for cue in cues]  # as questions are read
        if not all(folded):
            raise ValueError("cụm từ rỗng")
        return folded


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    matters: list[Matter]


class Referrals:
    """Finds the matter a (folded) question is about, by whole-word cue phrases."""

    def __init__(self, matters: list[Matter]) -> None:
        self.matters = matters
        self._patterns = [
            (matter, re.compile(r"\b(?:" + "|".join(map(re.escape, matter.cues)) + r")\b"))
            for matter in matters
        ]

    def match(self, question: str) -> Referral | None:
        """The first matter (in file order) with a cue in the question."""
        folded = normalize_query(question)
        for matter, pattern in self._patterns:
            if pattern.search(folded):
                return Referral(matter.id, matter.label, matter.where)
        return None

    def refer(self, result: ProcedureResult) -> ProcedureResult:
        """An abstention about a known outside matter: where it goes, and no suggestions.

        A confident answer is left alone: the catalog decides first (a real catalog has
        "hòa giải tranh chấp đất đai" at the xã).
        """
        referral = self.match(result.query) if result.abstain else None
        return replace(result, hits=[], referral=referral) if referral else result


@cache
def bundled_referrals() -> Referrals:
    """The referrals shipped with motcua (knowledge/data/referrals.yaml), read once."""
    return load_referrals(BUNDLED_REFERRALS)


def load_referrals(path: Path) -> Referrals:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Referrals(_File.model_validate(raw).matters)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReferralError(f"Không đọc được tệp {path}: {exc.__class__.__name__}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ReferralError(f"{path.name}: {where}: {first['msg']}") from exc
