"""The assistant: one chat turn relayed to Rasa (or answered from retrieval)."""

from __future__ import annotations

from fastapi import APIRouter

from kiosk.api.deps import ChatDep, RateLimit
from kiosk.api.schemas.chat import ChatIn, ChatOut

router = APIRouter(tags=["Trợ lý"])


@router.post("/chat", dependencies=[RateLimit])
async def chat(body: ChatIn, relay: ChatDep) -> ChatOut:
    """Rasa's messages and recognised intent; `degraded` when Rasa could not answer."""
    return ChatOut.of(await relay.send(body.session_id, body.message, language=body.language))
