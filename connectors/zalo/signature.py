"""Zalo OA webhook signatures: X-ZEvent-Signature = "mac=" + sha256 hex of
app_id + raw body + timestamp + OA secret key, over the exact bytes received."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "mac="


def signature(app_id: str, body: bytes, timestamp: str, oa_secret: str) -> str:
    digest = hashlib.sha256(app_id.encode() + body + timestamp.encode() + oa_secret.encode())
    return PREFIX + digest.hexdigest()


def verify(app_id: str, body: bytes, timestamp: str, oa_secret: str, given: str | None) -> bool:
    """Constant-time check; a missing header is a wrong one, and nothing verifies against
    an empty secret (anyone could compute that signature)."""
    if not given or not oa_secret:
        return False
    expected = signature(app_id, body, timestamp, oa_secret)
    return hmac.compare_digest(given.strip().lower().encode(), expected.encode())
