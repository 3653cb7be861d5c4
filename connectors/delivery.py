"""How the rest of the app sends to a chat on a channel, whichever channel it is."""

from __future__ import annotations

from typing import Protocol

from connectors.messages import Outgoing


class ChannelUnavailable(Exception):
    """The channel's API is down, slow or not ready yet: try again later."""


class RecipientUnreachable(Exception):
    """This chat cannot be sent to (bot blocked, outside Zalo's customer-service window):
    trying again will not help."""


class Sender(Protocol):
    """A channel that can send to one of its chats."""

    name: str

    @property
    def available(self) -> bool:
        """Connected and able to send now (a channel still connecting is not)."""

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        """Deliver in order; raises ChannelUnavailable or RecipientUnreachable."""
