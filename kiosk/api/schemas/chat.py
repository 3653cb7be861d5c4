"""Chat bodies: one turn in, Rasa's messages (or retrieval's) out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from kiosk.api.schemas.common import RequestModel
from kiosk.services.chat import ChatMessage, ChatReply
from kiosk.services.desk import canonical_text


def _message(text: str) -> str:
    text = canonical_text(text)
    if not text:
        raise ValueError("không được để trống")
    if any(ord(c) < 32 for c in text):
        raise ValueError("chứa ký tự điều khiển không hợp lệ")
    return text


SessionId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[\w.:\-]+$")]
Message = Annotated[str, StringConstraints(max_length=500), AfterValidator(_message)]


class ChatIn(RequestModel):
    session_id: SessionId = Field(description="Mã phiên của kiosk (một hội thoại mỗi phiên)")
    message: Message = Field(description="Tin nhắn của công dân, hoặc payload của một nút")
    language: Literal["vi", "en"] = Field(
        "vi", description="Ngôn ngữ màn hình kiosk; en: trợ lý trả lời tiếng Anh khi có thể"
    )


class ButtonOut(BaseModel):
    title: str
    payload: str


class MessageOut(BaseModel):
    text: str | None
    buttons: list[ButtonOut]
    custom: dict[str, Any] | None = Field(
        description='Thẻ tùy biến, ví dụ {"type": "procedure_card", "procedure": {...}}'
    )

    @classmethod
    def of(cls, message: ChatMessage) -> MessageOut:
        return cls(
            text=message.text,
            buttons=[ButtonOut(title=b.title, payload=b.payload) for b in message.buttons],
            custom=message.custom,
        )


class IntentOut(BaseModel):
    name: str
    confidence: float


class ChatOut(BaseModel):
    session_id: str
    messages: list[MessageOut]
    intent: IntentOut | None = Field(description="Ý định Rasa nhận ra (null khi không có)")
    degraded: bool = Field(description="true: Rasa không trả lời, câu trả lời lấy từ tra cứu")
    notice: str | None = Field(description="Thông báo hiển thị cho công dân khi degraded")

    @classmethod
    def of(cls, reply: ChatReply) -> ChatOut:
        intent = reply.intent
        return cls(
            session_id=reply.session_id,
            messages=[MessageOut.of(m) for m in reply.messages],
            intent=IntentOut(name=intent.name, confidence=intent.confidence) if intent else None,
            degraded=reply.degraded,
            notice=reply.notice,
        )
