"""Telegram (python-telegram-bot 22): webhook inside the kiosk app, or polling for development."""
