"""The Zalo OA API v3: customer-service messages, and refreshing the access token.

POST {api}/v3.0/oa/message/cs with the token in the `access_token` header answers
{"error": 0, "data": {...}} or {"error": <negative code>, "message": ...}. Codes:
-216 (token invalid) and -220 (token expired): refresh, store the new pair, retry
once. -230 (no interaction in the last 7 days) and -232 (no interaction, or it
expired): the customer-service window is closed, the message cannot be sent.
-213 (not following the OA), -217 / -227 / -244 (blocked, banned, restricted):
the user cannot be reached either. -32 (rate limit) and -200 (send failed) are
worth trying again later.

Refresh: POST the OAuth endpoint (form: refresh_token, app_id,
grant_type=refresh_token; header `secret_key`: the app secret); the answer holds
access_token, refresh_token (single use: the old one is spent) and expires_in.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from starlette.concurrency import run_in_threadpool

from connectors.delivery import ChannelUnavailable, RecipientUnreachable
from connectors.messages import Outgoing
from connectors.zalo.render import bodies
from connectors.zalo.tokens import Tokens, TokenStore

log = logging.getLogger(__name__)

CS_PATH = "/v3.0/oa/message/cs"
TOKEN_ERRORS = {-216, -220}
WINDOW_CLOSED = {-230, -232}
UNREACHABLE = {-213, -217, -227, -244}
TRANSIENT = {-32, -200}


class ZaloError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code


class ZaloClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        api_url: str,
        oauth_url: str,
        app_id: str,
        app_secret: str | None,
        tokens: TokenStore,
    ) -> None:
        self.http, self.api_url, self.oauth_url = http, api_url.rstrip("/"), oauth_url
        self.app_id, self.app_secret, self.tokens = app_id, app_secret, tokens
        self._current: Tokens | None = None
        self._refreshing = asyncio.Lock()

    async def send(self, user_id: str, messages: list[Outgoing]) -> None:
        """Every message in order; raises RecipientUnreachable or ChannelUnavailable."""
        for message in messages:
            for body in bodies(user_id, message):
                await self.post_message(body)

    async def post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        tokens = await self._tokens()
        answer = await self._post(body, tokens.access)
        if answer.get("error") in TOKEN_ERRORS:
            log.info("zalo: access token refused (%s), refreshing", answer.get("error"))
            answer = await self._post(body, (await self._refresh(tokens)).access)
        code = int(answer.get("error") or 0)
        if code == 0:
            return answer
        error = ZaloError(code, str(answer.get("message", "")))
        if code in WINDOW_CLOSED:
            log.info("zalo: outside the customer-service window (%d), message skipped", code)
            raise RecipientUnreachable(str(error)) from error
        if code in UNREACHABLE:
            raise RecipientUnreachable(str(error)) from error
        if code in TRANSIENT or code in TOKEN_ERRORS:
            raise ChannelUnavailable(str(error)) from error
        log.warning("zalo: message refused: %s", error)
        raise RecipientUnreachable(str(error)) from error

    async def _post(self, body: dict[str, Any], access_token: str) -> dict[str, Any]:
        try:
            response = await self.http.post(
                f"{self.api_url}{CS_PATH}", json=body, headers={"access_token": access_token}
            )
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ChannelUnavailable(f"zalo API: {type(error).__name__}") from error
        if not isinstance(answer, dict):
            raise ChannelUnavailable("zalo API: unexpected answer")
        return answer

    async def _tokens(self) -> Tokens:
        if self._current is None:
            self._current = await run_in_threadpool(self.tokens.load)
        return self._current

    async def _refresh(self, used: Tokens) -> Tokens:
        """New tokens, once for all the calls that found the old one refused."""
        async with self._refreshing:
            current = await self._tokens()
            if current.access != used.access:  # refreshed meanwhile by another call
                return current
            if not current.refresh or not self.app_secret:
                raise ChannelUnavailable("zalo: token expired and no refresh token/app secret")
            fresh = await self._request_tokens(current.refresh)
            await run_in_threadpool(self.tokens.save, fresh)  # the old refresh token is spent
            self._current = fresh
            log.info("zalo: access token refreshed")
            return fresh

    async def _request_tokens(self, refresh_token: str) -> Tokens:
        if not self.app_secret:  # _refresh checks it first
            raise ChannelUnavailable("zalo: no app secret to refresh the token with")
        form = {
            "refresh_token": refresh_token,
            "app_id": self.app_id,
            "grant_type": "refresh_token",
        }
        try:
            response = await self.http.post(
                self.oauth_url, data=form, headers={"secret_key": self.app_secret}
            )
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ChannelUnavailable(f"zalo OAuth: {type(error).__name__}") from error
        if not isinstance(answer, dict) or not answer.get("access_token"):
            code = answer.get("error") if isinstance(answer, dict) else None
            log.error("zalo: token refresh refused (%s): authorise the app again", code)
            raise ChannelUnavailable(f"zalo OAuth refused ({code})")
        return Tokens(
            str(answer["access_token"]), str(answer.get("refresh_token") or refresh_token)
        )
