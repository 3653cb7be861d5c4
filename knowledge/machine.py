"""Which machine a measurement came from.

The encoder and the vector search run vectorised floating point whose last bits
depend on the CPU's instruction set (AVX2 or AVX-512 kernels in numpy, OpenBLAS and
faiss). Quality baselines and benchmark tables name the CPU they were measured on.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def _cpuinfo_field(name: str) -> str | None:
    try:
        lines = CPUINFO.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return value.strip()
    return None


def cpu_model() -> str:
    """E.g. 'AMD EPYC 7B13' or 'Intel(R) Xeon(R) Processor'; the architecture if unknown."""
    return _cpuinfo_field("model name") or platform.machine() or "unknown CPU"


def vector_extensions() -> str:
    """The widest vector instruction set the CPU offers: 'AVX-512', 'AVX2' or 'other'."""
    flags = set((_cpuinfo_field("flags") or "").split())
    if "avx512f" in flags:
        return "AVX-512"
    if "avx2" in flags:
        return "AVX2"
    return "other"


def describe() -> str:
    """One line for tables and baselines: model, vector extensions, core count."""
    return f"{cpu_model()} ({vector_extensions()}, {os.cpu_count() or 1} cores)"
