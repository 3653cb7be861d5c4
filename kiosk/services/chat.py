"""Chat relay: the kiosk's conversation goes to Rasa; when Rasa cannot answer, to retrieval.

One Rasa sender id per kiosk session, so the dialogue state (forms, the procedure
being discussed) lives in Rasa's tracker store, not here. Rasa's REST channel
answers with a list of messages ({"text", "buttons", "custom", ...}); the
recognised intent is read from the tracker afterwards (`--enable-api`), with the token
of Rasa's HTTP API (`?token=`; the REST channel needs none).

When Rasa is down, slow or broken the kiosk keeps working: the question is
answered from the procedure catalog alone (the top procedure as a card, or the
retriever's abstention) and the reply says so in a visible notice.

Several Rasa replicas (MOTCUA_RASA_URL="http://a:5005,http://b:5005"): each
conversation goes to one of them, picked from its sender id, and to the next when
that one refuses the connection (stopped, killed, restarting). A replica that took
the message and then failed is not asked again: it may have handled the message,
and the tracker store and Redis lock make any replica correct for any conversation.

Rasa's REST channel answers 200 with no message when it could not handle one (its lock
store or tracker store unreachable): that too is answered from retrieval.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from starlette.concurrency import run_in_threadpool

from kiosk.services.desk import DeskConfig
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.procedure_text import summary
from kiosk.services.procedures import detail_view, refusal_text
from kiosk.services.question_log import QuestionRecorder

log = logging.getLogger(__name__)

DEGRADED_NOTICE = (
    "Trợ lý hội thoại đang tạm gián đoạn. Kết quả dưới đây được tra trực tiếp trong "
    "danh mục thủ tục; đặt lịch, lấy số và các chức năng khác vẫn dùng bình thường."
)
ABSTAIN_TEXT = (
    "Xin lỗi, mình chưa tìm thấy thủ tục phù hợp với câu hỏi này trong danh mục. "
    "Bạn thử diễn đạt khác, hoặc hỏi cán bộ tại quầy."
)
OUTSIDE_TEXT = "Xin lỗi, mình chỉ hỗ trợ các thủ tục và dịch vụ của Bộ phận Một cửa."
UNAVAILABLE_TEXT = "Tra cứu thủ tục tạm thời chưa sẵn sàng. Bạn vui lòng hỏi cán bộ tại quầy."
COMMAND_TEXT = (
    "Việc này cần trợ lý hội thoại, đang tạm gián đoạn. Bạn dùng các ô trên màn hình chính "
    "(Chuẩn bị hồ sơ, Đặt lịch hẹn, Lấy số thứ tự, ...) hoặc hỏi cán bộ tại quầy."
)


@dataclass(frozen=True)
class ChatConfig:
    rasa_url: str  # one URL, or several separated by commas (replicas)
    timeout: float
    rasa_token: str | None = None  # Rasa's --auth-token: its HTTP API answers 401 without

    @property
    def urls(self) -> list[str]:
        return [url.strip().rstrip("/") for url in self.rasa_url.split(",") if url.strip()]

    def order(self, sender: str) -> list[str]:
        """The replicas in the order a conversation tries them: its own first."""
        urls = self.urls or ["http://127.0.0.1:5005"]
        start = int.from_bytes(hashlib.blake2b(sender.encode(), digest_size=4).digest(), "big")
        first = start % len(urls)
        return urls[first:] + urls[:first]


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class ChatMessage:
    text: str | None = None
    buttons: list[Button] = field(default_factory=list)
    custom: dict[str, Any] | None = None


@dataclass(frozen=True)
class Intent:
    name: str
    confidence: float


@dataclass(frozen=True)
class ChatReply:
    session_id: str
    messages: list[ChatMessage]
    intent: Intent | None = None
    degraded: bool = False
    notice: str | None = None


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


def sender_id(session_id: str, channel: str = "kiosk") -> str:
    """The Rasa conversation id: kiosk-<session>, telegram-<chat id>, zalo-<user id>."""
    return f"{channel}-{session_id}"


def parse_messages(payload: Any) -> list[ChatMessage]:
    """Rasa REST channel messages as text, buttons and custom payloads."""
    if not isinstance(payload, list):
        raise RasaUnavailable("REST channel answered with something other than a list")
    messages = []
    for item in payload:
        if not isinstance(item, dict):
            continue
        buttons = [
            Button(str(b.get("title", "")), str(b.get("payload", "")))
            for b in item.get("buttons") or []
            if isinstance(b, dict)
        ]
        custom = item.get("custom")
        text = item.get("text")
        if text is None and not buttons and not isinstance(custom, dict):
            continue  # images, attachments: nothing the kiosk shows
        messages.append(
            ChatMessage(
                text=str(text) if text is not None else None,
                buttons=buttons,
                custom=custom if isinstance(custom, dict) else None,
            )
        )
    return messages


def parse_intent(tracker: Any) -> Intent | None:
    """latest_message.intent of a tracker, if there is one (None for anything malformed)."""
    latest = tracker.get("latest_message") if isinstance(tracker, dict) else None
    intent = latest.get("intent") if isinstance(latest, dict) else None
    if not isinstance(intent, dict) or not intent.get("name"):
        return None
    confidence = intent.get("confidence")
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        confidence = 0.0
    return Intent(str(intent["name"]), float(confidence))


class ChatRelay:
    """Relays one kiosk chat turn to Rasa, or answers from retrieval when it cannot."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        config: ChatConfig,
        knowledge: KnowledgeHandle,
        desk: DeskConfig,
        recorder: QuestionRecorder | None = None,
    ) -> None:
        self.http, self.config, self.knowledge, self.desk = http, config, knowledge, desk
        self.recorder = recorder

    async def send(
        self, session_id: str, message: str, *, channel: str = "kiosk", language: str = "vi"
    ) -> ChatReply:
        """One turn, answered, then recorded (transcript, masked question) off the request path.

        `language` is the kiosk screen's; "en" reaches Rasa as the message's metadata (the
        assistant then reads a short English message as English, bot/components/english.py).
        """
        reply = await self._answer(session_id, message, channel, language)
        if self.recorder is not None:
            self.recorder.chat_turn(channel, sender_id(session_id, channel), message, reply)
        return reply

    async def _answer(
        self, session_id: str, message: str, channel: str = "kiosk", language: str = "vi"
    ) -> ChatReply:
        try:
            messages, intent = await self._ask_rasa(
                sender_id(session_id, channel), message, language
            )
        except RasaUnavailable as error:
            log.warning("chat answered from retrieval: Rasa unavailable (%s)", error)
            return ChatReply(
                session_id,
                await run_in_threadpool(self.from_retrieval, message),
                degraded=True,
                notice=DEGRADED_NOTICE,
            )
        return ChatReply(session_id, messages, intent)

    async def _ask_rasa(
        self, sender: str, message: str, language: str = "vi"
    ) -> tuple[list[ChatMessage], Intent | None]:
        replicas = self.config.order(sender)
        body: dict[str, Any] = {"sender": sender, "message": message}
        if language != "vi":  # Rasa's REST channel hands `metadata` to NLU and the tracker
            body["metadata"] = {"language": language}
        for number, base in enumerate(replicas, start=1):
            try:
                response = await self.http.post(
                    f"{base}/webhooks/rest/webhook",
                    json=body,
                    timeout=self.config.timeout,
                )
                response.raise_for_status()
                messages = parse_messages(response.json())
                if not messages:  # the REST channel answers [] when handling failed
                    raise RasaUnavailable("no message (lock or tracker store unavailable?)")
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:  # not sent: the next one
                if number == len(replicas):
                    raise RasaUnavailable(type(error).__name__) from error
                log.warning(
                    "chat: Rasa replica %d/%d unreachable, trying the next", number, len(replicas)
                )
                continue
            except (httpx.HTTPError, ValueError) as error:
                raise RasaUnavailable(type(error).__name__) from error
            return messages, await self._intent(base, sender)
        raise RasaUnavailable("no Rasa URL configured")

    async def _intent(self, base: str, sender: str) -> Intent | None:
        """The intent Rasa recognised; None when the tracker cannot be read."""
        try:
            params = {"include_events": "NONE"}
            if self.config.rasa_token:
                params["token"] = self.config.rasa_token
            response = await self.http.get(
                f"{base}/conversations/{quote(sender, safe='')}/tracker",
                params=params,
                timeout=self.config.timeout,
            )
            response.raise_for_status()
            return parse_intent(response.json())
        except (httpx.HTTPError, ValueError) as error:
            log.info("chat: tracker not readable (%s)", type(error).__name__)
            return None

    def from_retrieval(self, message: str) -> list[ChatMessage]:
        """The catalog's answer alone: the top published procedure as a card, or the
        retriever's abstention."""
        if message.startswith("/"):  # a button payload: an intent only Rasa can act on
            return [ChatMessage(text=COMMAND_TEXT)]
        if not self.knowledge.available:
            return [ChatMessage(text=UNAVAILABLE_TEXT)]
        published = self.knowledge.public()
        result = published.search_procedures(message, k=3)
        if result.referral is not None:  # a matter the desk does not handle: where it goes
            refusal = refusal_text(result.referral, self.desk.hotline)
            return [ChatMessage(text=f"{OUTSIDE_TEXT} {refusal}")]
        top = published.get_procedure(result.hits[0].id) if result.hits else None
        if result.abstain or top is None:
            return [ChatMessage(text=self._abstain_text())]
        procedure = detail_view(top, self.desk)  # what GET /procedures/{id} answers
        card = {"type": "procedure_card", "procedure": procedure}
        return [ChatMessage(text=summary(procedure), custom=card)]

    def _abstain_text(self) -> str:
        if self.desk.hotline:
            return f"{ABSTAIN_TEXT} Đường dây nóng: {self.desk.hotline}."
        return ABSTAIN_TEXT
