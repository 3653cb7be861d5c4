"""The OA access token and its refresh token, kept in the database.

A Zalo refresh token works once: each refresh returns a new access token and a new
refresh token. The latest pair is stored, so a restart does not fall back on the
spent token from the environment. Stored pairs remember (as a hash) which
configured tokens they descend from: when an operator configures new tokens
(after authorising the app again) those win over the stored chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from kiosk.core.clock import Clock
from kiosk.store.channels import ChannelCredential
from kiosk.store.db import Database

CHANNEL = "zalo"


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str | None


def _seed(configured: Tokens) -> str:
    return hashlib.sha256(f"{configured.access}\0{configured.refresh or ''}".encode()).hexdigest()


class TokenStore:
    def __init__(self, db: Database, clock: Clock, configured: Tokens) -> None:
        self.db, self.clock, self.configured = db, clock, configured
        self.seed = _seed(configured)

    def load(self) -> Tokens:
        """The newest tokens descending from the configured ones."""
        with self.db.read() as session:
            rows = {
                row.name: row
                for row in session.scalars(
                    select(ChannelCredential).where(ChannelCredential.channel == CHANNEL)
                )
                if row.seed == self.seed
            }
        if "access_token" not in rows:
            return self.configured
        refresh = rows.get("refresh_token")
        return Tokens(rows["access_token"].value, refresh.value if refresh else None)

    def save(self, tokens: Tokens) -> None:
        now = self.clock()
        with self.db.write() as session:
            for name, value in (("access_token", tokens.access), ("refresh_token", tokens.refresh)):
                row = session.get(ChannelCredential, (CHANNEL, name))
                if value is None:
                    if row is not None:
                        session.delete(row)
                    continue
                if row is None:
                    row = ChannelCredential(channel=CHANNEL, name=name)
                    session.add(row)
                row.value, row.seed, row.updated_at = value, self.seed, now
