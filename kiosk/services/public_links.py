"""Links put in QR codes for citizens' phones, built from the configured public address.

A QR code must lead somewhere a phone can open: never the kiosk's own loopback address.
Without MOTCUA_PUBLIC_URL there is no page link (and the kiosk shows no such QR code);
with MOTCUA_TELEGRAM_BOT_USERNAME a code continues in Telegram through the deep link
t.me/<bot>?start=<code> (connectors/telegram handles `/start <code>`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.config import Settings

CHECKLIST_PATH = "/api/v1/checklists/{code}/view"


@dataclass(frozen=True)
class PublicLinks:
    public_url: str | None = None
    checklist_template: str | None = None
    phone_link: str | None = None
    telegram_bot: str | None = None

    @classmethod
    def of(cls, settings: Settings) -> PublicLinks:
        template = settings.checklist_link
        if template is None and settings.public_url:
            template = settings.public_url + CHECKLIST_PATH
        return cls(
            settings.public_url, template, settings.ui_phone_link, settings.telegram_bot_username
        )

    def checklist(self, code: str) -> str | None:
        """The phone page of a checklist, or None without a public address."""
        return self.checklist_template.replace("{code}", code) if self.checklist_template else None

    def telegram_start(self, code: str) -> str | None:
        """The Telegram deep link that continues `code` in a chat with the bot."""
        return f"https://t.me/{self.telegram_bot}?start={code}" if self.telegram_bot else None

    def phone(self) -> str | None:
        """Where "continue on your phone" leads: the configured link, else the bot."""
        if self.phone_link:
            return self.phone_link
        return f"https://t.me/{self.telegram_bot}" if self.telegram_bot else None
