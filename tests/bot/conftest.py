"""tests/bot: the bot's pure code (any venv), its actions and components (.venv-rasa only),
the chat stack.

The action unit tests under tests/bot/actions import rasa_sdk and the component tests
under tests/bot/components import rasa, which live only in the Rasa venv (Python
3.10); `make test` runs them there (`make bot`). In the main venv they are not collected.
"""

from __future__ import annotations

import importlib.util

collect_ignore = [] if importlib.util.find_spec("rasa_sdk") else ["actions"]
if importlib.util.find_spec("rasa") is None:
    collect_ignore.append("components")
