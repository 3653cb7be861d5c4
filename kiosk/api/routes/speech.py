"""Read-aloud: WAV audio of a text, and whether the UI should offer it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from kiosk.api.deps import RateLimitReads, SpeechDep
from kiosk.services.speech import SpeechTextInvalid, SpeechUnavailable

UNAVAILABLE = "Chức năng đọc to tạm thời không khả dụng"
TEXT_MESSAGES = {
    "empty": "Văn bản cần đọc không được để trống.",
    "too_long": "Văn bản cần đọc dài tối đa {limit} ký tự.",
    "invalid": "Văn bản cần đọc chứa ký tự không hợp lệ.",
}


def _error(status: int, code: str, message: str) -> dict[int | str, dict[str, Any]]:
    example = {"detail": message, "error": code}
    return {status: {"description": message, "content": {"application/json": {"example": example}}}}


router = APIRouter(prefix="/speech", tags=["Đọc to"])


class SpeechStatusOut(BaseModel):
    available: bool = Field(description="Hiện nút «Đọc to» khi true")


@router.get(
    "",
    dependencies=[RateLimitReads],
    response_class=Response,
    responses={
        200: {"content": {"audio/wav": {}}, "description": "Âm thanh WAV (giọng tiếng Việt)"},
        **_error(422, "speech_text_invalid", TEXT_MESSAGES["empty"]),
        **_error(503, "speech_unavailable", UNAVAILABLE),
    },
)
def speak(
    speech: SpeechDep,
    text: Annotated[str | None, Query(description="Văn bản cần đọc (tiếng Việt)")] = None,
) -> Response:
    """The text read aloud in Vietnamese as WAV; the same text is served from a cache."""
    try:
        audio = speech.read(text or "")
    except SpeechTextInvalid as error:
        message = TEXT_MESSAGES[error.reason].format(limit=error.limit)
        return JSONResponse({"detail": message, "error": "speech_text_invalid"}, 422)
    except SpeechUnavailable:
        return JSONResponse({"detail": UNAVAILABLE, "error": "speech_unavailable"}, 503)
    # The audio depends only on the text and the server's voice settings.
    return Response(audio, media_type="audio/wav", headers={"Cache-Control": "max-age=86400"})


@router.get("/status")
def status(speech: SpeechDep) -> SpeechStatusOut:
    """Whether read-aloud works now; the UI hides its button when it does not."""
    return SpeechStatusOut(available=speech.available)
