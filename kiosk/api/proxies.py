"""The client's address and scheme as the trusted reverse proxies saw them.

Behind nginx the socket's peer is the proxy, and the client is in X-Forwarded-For, which
each proxy extends by the address it was connected from (`$proxy_add_x_forwarded_for`).
Everything to the left of what our own proxies wrote is whatever the client sent, so
the client is the right-most address that is not one of the configured proxies
(MOTCUA_TRUSTED_PROXIES). From any other peer X-Forwarded-* headers are dropped: the
client is the peer. Pure ASGI middleware, outermost, so every per-address limit, log line
and metric sees the same address through `request.client.host`, and the session cookie's
Secure flag follows X-Forwarded-Proto only when a trusted proxy set it. uvicorn's own
proxy_headers is off (kiosk/__main__.py): this is the one place that reads these headers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.core.config import Network

FORWARDED = (b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"forwarded")

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> IpAddress | None:
    """An IP address from a forwarded hop ("203.0.113.7", "[2001:db8::1]"), else None."""
    host = text.strip().strip('"')
    if host.startswith("[") and "]" in host:
        host = host[1 : host.index("]")]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_trusted(host: str | None, trusted: Sequence[Network]) -> bool:
    address = parse_address(host) if host else None
    return address is not None and any(address in network for network in trusted)


def client_from_chain(hops: Sequence[str], trusted: Sequence[Network]) -> str | None:
    """The right-most hop that is not a trusted proxy (the left-most when all are), as
    an address; None when that hop is not an IP address (the chain cannot be believed)."""
    chosen: str | None = None
    for hop in reversed(hops):
        chosen = hop
        if not is_trusted(hop, trusted):
            break
    address = parse_address(chosen) if chosen else None
    return str(address) if address is not None else None


def _header_values(headers: Sequence[tuple[bytes, bytes]], name: bytes) -> list[str]:
    """Every comma-separated item of every `name` header, in order."""
    items: list[str] = []
    for key, value in headers:
        if key == name:
            items += [part.strip() for part in value.decode("latin-1").split(",")]
    return [item for item in items if item]


class TrustedProxies:
    """Rewrite scope["client"] and scope["scheme"] from trusted proxies' headers only."""

    def __init__(self, app: ASGIApp, trusted: Sequence[Network] = ()) -> None:
        self.app, self.trusted = app, list(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = self.resolve(scope)
        await self.app(scope, receive, send)

    def resolve(self, scope: Scope) -> Scope:
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        peer = scope.get("client")
        if not self.trusted or peer is None or not is_trusted(peer[0], self.trusted):
            kept = [(k, v) for k, v in headers if k not in FORWARDED]
            return scope if len(kept) == len(headers) else {**scope, "headers": kept}
        scope = dict(scope)
        hops = _header_values(headers, b"x-forwarded-for")
        client = client_from_chain(hops, self.trusted) if hops else None
        if client is not None:
            scope["client"] = (client, 0)
        protos = _header_values(headers, b"x-forwarded-proto")
        if scope["type"] == "http" and protos and protos[-1].lower() in ("http", "https"):
            scope["scheme"] = protos[-1].lower()  # set by the nearest (trusted) proxy
        return scope
