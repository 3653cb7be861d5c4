"""bot/scripts/run-all.sh, what `make run` starts beside the kiosk: Rasa and its action
server are reachable on loopback only, and Rasa's HTTP API answers only with the token.

The servers are the session's stack (tests/stack.py starts them through run-all.sh), so
this costs no extra Rasa start. "Another machine" is a network namespace joined by a
veth pair (tests/netns.py): it reaches a port this machine opens to the network, but
not Rasa's nor the actions'.
"""

from __future__ import annotations

import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from netns import other_host
from stack import BOT, Assistant, Stack, rasa_venv

SENDER = "telegram-424242"


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def status(url: str, method: str = "GET") -> int:
    request = urllib.request.Request(url, method=method, data=b"" if method != "GET" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def listening(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port` (this network namespace)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = [raw[i : i + 4][::-1] for i in range(0, len(raw), 4)]  # little endian
                found.add(
                    socket.inet_ntop(
                        socket.AF_INET if width == 8 else socket.AF_INET6, b"".join(words)
                    )
                )
    return found


def test_rasa_and_the_actions_listen_on_loopback_only(assistant: Assistant) -> None:
    assert listening(port_of(assistant.rasa_url)) == {"127.0.0.1"}
    assert listening(port_of(assistant.actions_url)) == {"127.0.0.1"}


def test_another_host_cannot_reach_rasa_or_the_actions(assistant: Assistant) -> None:
    rasa, actions = port_of(assistant.rasa_url), port_of(assistant.actions_url)
    with socket.create_server(("0.0.0.0", 0)) as control, other_host() as host:
        opened = control.getsockname()[1]  # what a port open to the network looks like
        reached = host.connect(opened, rasa, actions)
    assert reached == {opened: "open", rasa: "refused", actions: "refused"}


def test_the_http_api_answers_only_with_the_token(stack: Stack, assistant: Assistant) -> None:
    replies = stack.rasa(SENDER, "xin chào")  # the REST channel needs no token
    assert replies and all(m["recipient_id"] == SENDER for m in replies)
    tracker = f"{assistant.rasa_url}/conversations/{SENDER}/tracker"
    assert status(tracker) == 401
    assert status(f"{tracker}?token=not-the-token") == 401
    assert status(f"{tracker}?token={assistant.token}") == 200
    assert assistant.tracker(SENDER)["sender_id"] == SENDER
    assert status(f"{assistant.rasa_url}/model", "PUT") == 401
    assert status(f"{tracker}/events", "POST") == 401
    assert status(f"{assistant.rasa_url}/status") == 401


def test_the_kiosk_reads_the_intent_with_the_token(stack: Stack) -> None:
    reply = stack.chat("token-check", "xin chào")
    assert not reply["degraded"] and reply["intent"]["name"] == "greet"


def test_the_token_is_on_no_command_line(assistant: Assistant) -> None:
    """`ps` shows command lines to every user of the machine."""
    shown = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended meanwhile
            continue
        if assistant.token in text:
            shown.append(cmdline.parent.name)
    assert shown == []


@pytest.mark.parametrize("token", ["", "  "])
def test_rasa_does_not_start_without_a_token(token: str) -> None:
    done = subprocess.run(
        [str(rasa_venv() / "bin" / "python"), "scripts/rasa_run.py", "--enable-api"],
        cwd=BOT,
        env={"MOTCUA_RASA_TOKEN": token, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "MOTCUA_RASA_TOKEN is not set" in done.stderr
