"""A real encoder whose query encodings can be held open, to fill encoding slots."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from knowledge.encoders import BoundedEncoder, Encoder, Vectors


@dataclass
class HeldEncoder:
    """Delegates to a real encoder; while `held`, each query encoding waits first."""

    encoder: Encoder
    started: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.name, self.dim = self.encoder.name, self.encoder.dim
        self.release.set()

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        self.started.set()
        assert self.release.wait(30), "held encoding never released"
        return self.encoder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.encode_passages(texts)


@contextmanager
def busy(encoder: Encoder) -> Iterator[BoundedEncoder]:
    """A one-slot BoundedEncoder around `encoder`, its slot taken until the block ends."""
    held = HeldEncoder(encoder)
    bounded = BoundedEncoder(held, slots=1)
    held.release.clear()
    holder = threading.Thread(target=bounded.encode_queries, args=(["giữ chỗ"],))
    holder.start()
    assert held.started.wait(30)
    try:
        yield bounded
    finally:
        held.release.set()
        holder.join(30)
