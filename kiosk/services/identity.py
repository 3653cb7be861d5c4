"""Phone numbers and short public codes: normalising and generating."""

from __future__ import annotations

import re
import secrets

# Mobile prefixes since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_SEPARATORS = re.compile(r"[\s.\-()]")

# No 0/O and 1/I/L: codes are read aloud, handwritten and typed on touchscreens.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalize_phone(raw: str) -> str | None:
    """A Vietnamese mobile number as 0xxxxxxxxx, or None."""
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None


def new_code(prefix: str, length: int = 5) -> str:
    """A random code such as LH-7K2Q9 (31^5 ≈ 28 million per prefix)."""
    return f"{prefix}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def clean_code(raw: str) -> str:
    """What the citizen typed, as stored: upper case, dash after the prefix."""
    compact = re.sub(r"[\s\-_.]", "", raw).upper()
    if len(compact) > 2 and compact[:2].isalpha():
        return f"{compact[:2]}-{compact[2:]}"
    return compact
