"""Channel settings (MOTCUA_TELEGRAM_*, MOTCUA_ZALO_*, MOTCUA_REMINDERS, ...).

Read beside the kiosk's Settings, from the same environment, by whoever opens the
channels (kiosk/app.py, connectors/telegram/__main__.py). A channel whose required
values are missing is disabled.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from connectors.schedule import parse_schedule

# The values that turn a channel on; each is either a non-blank value or None.
OPTIONAL = (
    "telegram_token",
    "telegram_webhook_secret",
    "telegram_webhook_url",
    "zalo_app_id",
    "zalo_oa_secret",
    "zalo_app_secret",
    "zalo_access_token",
    "zalo_refresh_token",
)
ZALO_REQUIRED = {
    "zalo_app_id": "MOTCUA_ZALO_APP_ID",
    "zalo_oa_secret": "MOTCUA_ZALO_OA_SECRET",
    "zalo_access_token": "MOTCUA_ZALO_ACCESS_TOKEN",
}


class ConnectorSettings(BaseSettings):
    """Tokens and secrets come only from the environment, never from a file in the repo."""

    # A variable set but empty (an empty line in .env) counts as unset: no channel runs with
    # an empty secret.
    model_config = SettingsConfigDict(env_prefix="MOTCUA_", extra="ignore", env_ignore_empty=True)

    telegram_token: SecretStr | None = Field(default=None, description="Bot token (@BotFather)")
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        description="Checked against X-Telegram-Bot-Api-Secret-Token; required for webhook mode",
    )
    telegram_webhook_url: str | None = Field(
        default=None,
        description="Public HTTPS URL of POST /webhooks/telegram; registered with setWebhook "
        "at start when set",
    )
    telegram_api_url: str = Field(
        default="https://api.telegram.org/bot",
        description="Bot API base; the token is appended (a local Bot API server, tests)",
    )

    zalo_app_id: str | None = Field(default=None, description="Zalo app id")
    zalo_oa_secret: SecretStr | None = Field(
        default=None, description="OA secret key: verifies X-ZEvent-Signature"
    )
    zalo_app_secret: SecretStr | None = Field(
        default=None, description="App secret key: sent when refreshing the access token"
    )
    zalo_access_token: SecretStr | None = Field(default=None, description="OA access token")
    zalo_refresh_token: SecretStr | None = Field(
        default=None, description="OA refresh token (single use; each refresh stores the next)"
    )
    zalo_api_url: str = Field(
        default="https://openapi.zalo.me", description="OA API base (/v3.0/oa/message/cs)"
    )
    zalo_oauth_url: str = Field(
        default="https://oauth.zaloapp.com/v4/oa/access_token",
        description="Where access tokens are refreshed",
    )
    zalo_max_event_age_seconds: int = Field(
        default=900, ge=10, description="Older webhook events (by their timestamp) are refused"
    )

    channel_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Longest wait for one call to a channel API"
    )
    reminders: list[str] = Field(
        default=["1d@18:00", "1h"],
        description='Appointment reminders: "<n>d@HH:MM" (n days before, at that time) or '
        '"<n>h" / "<n>m" (that long before); JSON list in the environment',
    )
    reminder_interval_seconds: float = Field(
        default=30.0, gt=0, description="How often due reminders and status changes are sent"
    )
    reminder_max_attempts: int = Field(default=5, ge=1, le=50)

    @field_validator(*OPTIONAL, mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """Blank values given in code or a file are unset too, as empty ones from the env."""
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        return None if isinstance(raw, str) and not raw.strip() else value

    @field_validator("reminders")
    @classmethod
    def _valid_schedule(cls, value: list[str]) -> list[str]:
        parse_schedule(value)  # raises ValueError with the offending entry
        return value

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None

    @property
    def zalo_missing(self) -> list[str]:
        """The environment names of the Zalo values that are not set (empty means unset)."""
        return [env for name, env in ZALO_REQUIRED.items() if getattr(self, name) is None]

    @property
    def zalo_enabled(self) -> bool:
        return not self.zalo_missing
