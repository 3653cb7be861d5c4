"""Fixtures of the channel tests; they and the helpers the tests import live in
channel_harness (a name of its own: `from conftest import` would find whichever
conftest.py comes first on sys.path)."""

from tests.connectors.channel_harness import clock, make_app, rasa, telegram, zalo

__all__ = ["clock", "make_app", "rasa", "telegram", "zalo"]
