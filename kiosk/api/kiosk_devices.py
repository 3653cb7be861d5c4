"""Whose rate-limit bucket a request spends from.

Every citizen at a kiosk shares its address, so a per-address limit made one citizen wait
for the previous one. The desk's own kiosk devices are recognised (a device token in
X-Motcua-Kiosk, or one of the configured kiosk addresses) and limited per citizen session
(X-Motcua-Session, the visit's id, new after each visit); anyone else per address.
"""

from __future__ import annotations

import hmac
import ipaddress
import re

from fastapi import Request

from kiosk.core.config import Settings

KIOSK_HEADER = "X-Motcua-Kiosk"
SESSION_HEADER = "X-Motcua-Session"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def kiosk_device(request: Request, settings: Settings) -> str | None:
    """The kiosk device a request comes from (its token's position or its address), or None."""
    token = request.headers.get(KIOSK_HEADER, "").encode()
    if token:
        for index, known in enumerate(settings.kiosk_device_tokens):
            if hmac.compare_digest(token, known.get_secret_value().encode()):
                return f"token-{index}"
    if not settings.kiosk_addresses:
        return None
    try:
        address = ipaddress.ip_address(_address(request))
    except ValueError:
        return None
    if any(address in network for network in settings.kiosk_addresses):
        return str(address)
    return None


def bucket_key(request: Request, settings: Settings) -> str:
    """A kiosk device's citizen session, or the client's address."""
    device = kiosk_device(request, settings)
    if device is None:
        return _address(request)
    session = request.headers.get(SESSION_HEADER, "")
    return f"kiosk:{device}:{session if SESSION_ID.match(session) else '-'}"
