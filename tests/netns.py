"""Another host on this machine: a network namespace joined to ours by a veth pair.

For tests that check what a server exposes beyond loopback. `with other_host() as host:`
creates namespace and link, gives our end `host.server_address` and the namespace's end
its own address (a random /30 in 169.254.0.0/16, link-local: never routed anywhere),
and removes both afterwards. `host.connect(port)` tries a TCP connection from inside the
namespace to `server_address:port`, as a machine on the local network would, and says
"open", "refused" or "timeout". Needs root and iproute2 (`ip netns`), as CI has.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

PROBE = """
import json, socket, sys
host, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
result = {}
for port in ports:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(3)
    try:
        sock.connect((host, port))
        result[port] = "open"
    except ConnectionRefusedError:
        result[port] = "refused"
    except OSError as error:
        result[port] = "timeout" if isinstance(error, TimeoutError) else str(error)
    finally:
        sock.close()
print(json.dumps(result))
"""


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {done.stderr.strip()}")


@dataclass(frozen=True)
class OtherHost:
    namespace: str
    server_address: str  # ours, on the veth link
    address: str  # the namespace's

    def connect(self, *ports: int) -> dict[int, str]:
        """From inside the namespace: each port of `server_address`, open or not."""
        done = subprocess.run(
            ["ip", "netns", "exec", self.namespace, sys.executable, "-c", PROBE]
            + [self.server_address, *map(str, ports)],
            capture_output=True,
            text=True,
            timeout=30 + 5 * len(ports),
        )
        if done.returncode != 0:
            raise RuntimeError(f"probe from {self.namespace} failed: {done.stderr}")
        return {int(port): state for port, state in json.loads(done.stdout).items()}


@contextmanager
def other_host() -> Iterator[OtherHost]:
    if shutil.which("ip") is None:
        raise RuntimeError("iproute2 is needed (apt-get install iproute2)")
    tag = secrets.token_hex(3)
    namespace, ours, theirs = f"motcua-{tag}", f"mcv{tag}a", f"mcv{tag}b"
    block = secrets.randbelow(250 * 64)  # a /30 of 169.254.1.0 - 169.254.250.255
    base = f"169.254.{1 + block // 64}.{(block % 64) * 4}"
    server, client = base[: base.rindex(".") + 1], int(base.rsplit(".", 1)[1])
    server_address, address = f"{server}{client + 1}", f"{server}{client + 2}"
    _ip("netns", "add", namespace)
    try:
        _ip("link", "add", ours, "type", "veth", "peer", "name", theirs)
        try:
            _ip("link", "set", theirs, "netns", namespace)
            _ip("addr", "add", f"{server_address}/30", "dev", ours)
            _ip("link", "set", ours, "up")
            _ip("-n", namespace, "addr", "add", f"{address}/30", "dev", theirs)
            _ip("-n", namespace, "link", "set", theirs, "up")
            _ip("-n", namespace, "link", "set", "lo", "up")
            yield OtherHost(namespace, server_address, address)
        finally:
            _ip("link", "del", ours)  # removes its peer too
    finally:
        _ip("netns", "del", namespace)
