"""`rasa run` whose HTTP API needs the token in MOTCUA_RASA_TOKEN.

    python scripts/rasa_run.py --model models/motcua.tar.gz --enable-api ...

Rasa takes the token only as `--auth-token`; given on the command line it would show
in `ps` to every user of the machine. This adds it to Rasa's own argument list inside
the process instead, and refuses to start without one (an HTTP API without a token lets
anyone who reaches the port read conversations and replace the model). Clients pass it
as `?token=` (Rasa 3.6 server.requires_auth: /status, /conversations/..., /model, ...);
the REST channel (/webhooks/rest/webhook) and / need none.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    token = os.environ.get("MOTCUA_RASA_TOKEN", "").strip()
    if not token:
        sys.exit("rasa_run: MOTCUA_RASA_TOKEN is not set; Rasa's HTTP API needs a token")
    if any(arg.split("=")[0] in ("--auth-token", "-t") for arg in sys.argv[1:]):
        sys.exit("rasa_run: the token comes from MOTCUA_RASA_TOKEN, not --auth-token")
    from rasa.__main__ import main as rasa_main

    # "--auth-token=<token>": a token may begin with "-" (token_urlsafe makes one in 64),
    # which as a separate argument argparse would read as an option.
    sys.argv = ["rasa", "run", *sys.argv[1:], f"--auth-token={token}"]
    rasa_main()


if __name__ == "__main__":
    main()
