"""Kiosk settings, read from MOTCUA_* environment variables."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DESK = Path(__file__).resolve().parents[1] / "config" / "desk.yaml"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: object) -> object:
    """Addresses or CIDRs as a JSON list or separated by commas/spaces ("10.0.0.1, ::1")."""
    if isinstance(value, str):
        text = value.strip()
        items = json.loads(text) if text.startswith("[") else text.replace(",", " ").split()
    else:
        items = value
    if not isinstance(items, list | tuple):
        return value
    try:
        return [ipaddress.ip_network(str(item).strip(), strict=False) for item in items]
    except ValueError as error:
        raise ValueError(f"không phải địa chỉ IP hoặc dải CIDR: {error}") from error


LOOPBACK_HOSTS = frozenset({"localhost", "0.0.0.0", "::1", "::"})


def check_public_link(link: str) -> None:
    """ValueError unless `link` is an http(s) address another device could open."""
    parts = urlsplit(link.replace("{code}", "CODE"))
    if parts.scheme not in ("http", "https", "tg") or not (parts.hostname or parts.scheme == "tg"):
        raise ValueError(f"«{link}» không phải địa chỉ http(s) đầy đủ")
    host = (parts.hostname or "").lower()
    if host in LOOPBACK_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        raise ValueError(
            f"«{link}» là địa chỉ của chính máy này: điện thoại của công dân không mở được. "
            "Dùng địa chỉ công khai hoặc địa chỉ IP trong mạng nội bộ"
        )


class Settings(BaseSettings):
    """Everything the kiosk reads from its environment; one instance per app. The channels
    (Telegram, Zalo OA, reminders) read theirs beside it: connectors/settings.py."""

    # MOTCUA_* is shared with the knowledge layer (MOTCUA_ENCODER, ...): ignore its keys.
    # A variable set but empty (an empty line in .env) counts as unset.
    model_config = SettingsConfigDict(env_prefix="MOTCUA_", extra="ignore", env_ignore_empty=True)

    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite:///<data_dir>/motcua.db"
    )
    sqlite_busy_timeout_ms: int = Field(default=15_000, ge=0)
    desk_config: Path = DEFAULT_DESK
    fixed_now: dt.datetime | None = Field(
        default=None, description="Pin the clock (desk local time), for demos and tests"
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    max_import_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    rate_limit_enabled: bool = True
    rate_limit_per_minute: float = Field(default=30.0, gt=0)
    rate_limit_burst: int = Field(default=10, ge=1)
    rate_limit_reads_per_minute: float = Field(
        default=600.0, gt=0, description="Searches, read-aloud and QR codes per client and minute"
    )
    rate_limit_reads_burst: int = Field(default=120, ge=1)
    service_token: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="Shared secret of the assistant's action server: its calls carry it in "
        "X-Motcua-Service and skip the per-IP rate limit (they all come from one address)",
    )
    kiosk_device_tokens: Annotated[list[SecretStr], NoDecode] = Field(
        default=[],
        description="Secrets of the desk's kiosk devices (comma-separated, 16+ characters "
        "each); a kiosk opened once at /?kiosk=<token> sends it in X-Motcua-Kiosk and is "
        "rate-limited per citizen session (X-Motcua-Session), not per address",
    )
    kiosk_addresses: Annotated[list[Network], NoDecode] = Field(
        default=[],
        description="Addresses (IPs or CIDRs, comma-separated) of the desk's kiosk devices: "
        "rate-limited per citizen session, not per address, like a device token",
    )
    trusted_proxies: Annotated[list[Network], NoDecode] = Field(
        default=[],
        description="Reverse proxies (IP addresses or CIDRs, comma-separated or a JSON list) "
        "whose X-Forwarded-For/-Proto/-Host are believed; the client is the right-most address "
        "of X-Forwarded-For that is not one of them. Default none: the socket's peer",
    )

    booking_horizon_days: int = Field(default=30, ge=1, le=365)
    bookings_per_phone_per_day: int = Field(
        default=2,
        ge=1,
        le=50,
        description="Active appointments one phone number may hold on one day (cancelled ones "
        "do not count), so nobody can take every seat of a slot",
    )
    dossier_lookup_failures: int = Field(
        default=5, ge=1, le=100, description="Wrong phone digits for one dossier code that lock it"
    )
    dossier_lookup_minutes: int = Field(
        default=15,
        ge=1,
        le=24 * 60,
        description="Window in which wrong digits count, and lock time",
    )
    max_slot_range_days: int = Field(default=31, ge=1, le=366)
    alternatives: int = Field(default=3, ge=0, le=20)
    queue_history: int = Field(
        default=20, ge=1, description="Served tickets averaged for wait estimates"
    )
    default_service_minutes: float = Field(default=10.0, gt=0)
    complaint_due_days: int = Field(default=10, ge=1)
    complaint_due_working_days: bool = Field(
        default=False, description="Count complaint due days as working days, not calendar days"
    )
    public_url: str | None = Field(
        default=None,
        max_length=200,
        description="The kiosk's address as citizens' phones reach it (https://motcua.example.vn); "
        "QR codes that lead to a page are shown only when it is set",
    )
    checklist_link: str | None = Field(
        default=None,
        max_length=300,
        description="URL put in the checklist QR code, {code} replaced; default "
        "<public_url>/api/v1/checklists/{code}/view",
    )
    telegram_bot_username: str | None = Field(
        default=None,
        pattern=r"^@?[A-Za-z][A-Za-z0-9_]{3,31}$",
        description="The Telegram bot's user name: QR codes then carry t.me/<bot>?start=<code>",
    )
    ui_idle_seconds: int = Field(
        default=90, ge=1, le=3600, description="Kiosk screen returns home after this idle time"
    )
    ui_phone_link: str | None = Field(
        default=None,
        max_length=300,
        description="Telegram/Zalo deep link or web link shown as a QR code to continue on a phone",
    )
    rasa_url: str = Field(
        default="http://127.0.0.1:5005", description="Rasa server (REST channel, --enable-api)"
    )
    rasa_token: SecretStr | None = Field(
        default=None,
        description="Token of Rasa's HTTP API (rasa run --auth-token), sent as ?token= when "
        "the chat relay reads a conversation's tracker; the REST channel needs none",
    )
    rasa_timeout_seconds: float = Field(
        default=3.0, gt=0, le=60, description="Longest wait for Rasa, then retrieval answers"
    )
    open_retriever: bool = Field(
        default=True, description="Open the knowledge retriever at startup"
    )
    build_index: bool = Field(default=True, description="Build or refresh a stale index at startup")
    search_cache_size: int = Field(
        default=4096, ge=0, description="Procedure searches remembered per question (0: none)"
    )
    encoder_slots: int = Field(
        default_factory=lambda: 2 * (os.cpu_count() or 1),
        ge=0,
        description="Questions encoded at once (default two per core); a new question "
        "beyond them is ranked by words alone instead of waiting (0: no limit)",
    )

    speech_enabled: bool = Field(default=True, description="Offer read-aloud (pyttsx3 + espeak-ng)")
    speech_voice: str = Field(
        default="aav/vi",
        max_length=100,
        description="espeak-ng voice id: aav/vi (Bắc), aav/vi-vn-x-central (Trung), "
        "aav/vi-vn-x-south (Nam)",
    )
    speech_rate: int = Field(default=150, ge=80, le=450, description="Words per minute")
    speech_cache_dir: Path | None = Field(
        default=None, description="Cached WAV files; default <data_dir>/speech"
    )
    speech_timeout_seconds: float = Field(
        default=15.0, gt=0, le=300, description="Longest wait for one synthesis, queue included"
    )
    speech_max_chars: int = Field(default=1000, ge=1, le=10_000)
    speech_cache_max_files: int = Field(default=500, ge=1)

    # Staff console (/staff): sessions, cookies, lockout.
    staff_session_hours: float = Field(
        default=10.0, gt=0, le=24 * 7, description="A staff login lasts this long (one shift)"
    )
    staff_cookie_secure: bool | None = Field(
        default=None,
        description="Secure flag of the staff session cookie; default: set when the request "
        "came over HTTPS (directly or through a proxy's X-Forwarded-Proto)",
    )
    staff_lockout_failures: int = Field(
        default=5, ge=1, le=100, description="Failed logins that lock a user name"
    )
    staff_lockout_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="Window in which failures count, and lock time"
    )
    staff_password_min_length: int = Field(default=10, ge=8, le=128)

    # Observability and privacy (analytics, logs, retention).
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto",
        description="json (one object per line) or text; auto: text on a terminal, else json",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    transcript_retention_days: int = Field(
        default=30, ge=1, le=3650, description="Chat transcripts older than this are deleted"
    )
    retention_interval_minutes: float = Field(
        default=60.0, gt=0, le=7 * 24 * 60, description="How often the app runs the retention job"
    )
    question_log_queue: int = Field(
        default=10_000, ge=10, description="Questions waiting to be written before new ones drop"
    )

    @field_validator("trusted_proxies", "kiosk_addresses", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        return parse_networks(value)

    @field_validator("kiosk_device_tokens", mode="before")
    @classmethod
    def _device_tokens(cls, value: object) -> object:
        if isinstance(value, str):
            value = [item for item in value.replace(",", " ").split() if item]
        if isinstance(value, list) and any(len(str(item)) < 16 for item in value):
            raise ValueError("mỗi mã thiết bị kiosk cần ít nhất 16 ký tự")
        return value

    @field_validator("public_url", "checklist_link", "ui_phone_link", mode="before")
    @classmethod
    def _reachable_link(cls, value: object) -> object:
        """Empty means unset; a phone can never open a loopback address."""
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str):
            check_public_link(value.strip())
            return value.strip().rstrip("/") if "{code}" not in value else value.strip()
        return value

    @field_validator("telegram_bot_username", mode="before")
    @classmethod
    def _bot_name(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().removeprefix("@") or None
        return value

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'motcua.db'}"

    @property
    def speech_cache_path(self) -> Path:
        return self.speech_cache_dir or self.data_dir / "speech"
