"""Messaging channels: the assistant on Telegram and Zalo OA, with reminders and notices.

Served by the kiosk app's process (connectors.hub); nothing runs at import.
"""
