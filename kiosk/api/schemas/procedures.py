"""Procedure search bodies; the detail is knowledge.catalog.models.Procedure itself."""

from __future__ import annotations

from pydantic import BaseModel

from kiosk.services.procedures import SearchAnswer


class HitOut(BaseModel):
    id: str
    name: str
    field: str
    score: float
    dense: float
    lexical: float


class SearchOut(BaseModel):
    query: str
    abstain: bool
    confidence: float
    hits: list[HitOut]

    @classmethod
    def of(cls, answer: SearchAnswer) -> SearchOut:
        hits = [
            HitOut(
                id=h.id, name=h.name, field=h.field, score=h.score, dense=h.dense, lexical=h.lexical
            )
            for h in answer.hits
        ]
        return cls(
            query=answer.query, abstain=answer.abstain, confidence=answer.confidence, hits=hits
        )
