"""The production topology of docker-compose.yml, run for real on one machine.

PostgreSQL, Redis and nginx from Debian (tests/topology_parts.py); two kiosk processes
(`python -m kiosk serve`, as deploy/kiosk.Dockerfile runs it) behind nginx with
deploy/nginx/motcua.conf; two Rasa processes with bot/endpoints.production.yml
(PostgreSQL tracker store, Redis lock store), each with its own action server, whose
actions call the kiosk through nginx (compose: `http://kiosk:8000`, spread by Docker's
DNS). The kiosk's chat relay gets both Rasa URLs and fails over between them
(MOTCUA_RASA_URL, a comma-separated list; compose gives the service name, which Docker's
DNS resolves to every replica). The Telegram Bot API and the Zalo OA API are the
loopback servers of tests/connectors, so reminders can be counted where they arrive.

Everything on 127.0.0.1, free ports, one temporary folder, the current user.

One implementation, three users:
- the session fixture ``topology`` (tests marked ``topology``: tests/deploy/test_topology*.py),
- ``make topology``: ``python tests/topology.py`` starts it in the foreground, prints the
  addresses and stops everything on Ctrl-C,
- bench/topology.py.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import stack
from stack import BOT, REPO, STACK_NOW, Process, free_port, get_json, post_json
from topology_parts import Nginx, Postgres, Redis

TESTS = Path(__file__).resolve().parent

TELEGRAM_TOKEN = "4242:topology-token"
ZALO_OA_SECRET = "topology-oa-secret"
REPLICAS = 2


@dataclass
class Service:
    """One server process of the topology; killed, stopped and started again at will."""

    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    log: Path
    health: str
    port: int
    process: Process | None = None

    def start(self) -> None:
        self.process = stack.start(self.name, self.command, self.cwd, self.env, self.log)

    def wait(self, deadline: float) -> None:
        assert self.process is not None
        self.process.wait_healthy(self.health, deadline)

    def restart(self) -> None:
        self.start()
        self.wait(time.monotonic() + stack.wait_seconds())

    def kill(self) -> None:
        """kill -9, the whole process group: no shutdown code runs."""
        if self.process is not None and self.process.popen.poll() is None:
            os.killpg(self.process.popen.pid, signal.SIGKILL)
            self.process.popen.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM and wait: a graceful shutdown."""
        if self.process is not None:
            self.process.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        """The process and its children (CPU accounting)."""
        return [self.process.popen.pid] if self.process is not None else []


@dataclass
class Remote:
    api: Any
    url: str


@dataclass
class Topology:
    folder: Path
    postgres: Postgres
    redis: Redis
    nginx: Nginx
    kiosks: list[Service]
    rasas: list[Service]
    actions: list[Service]
    rasa_token: str
    service_token: str
    telegram: Remote = field(init=False)  # the loopback Telegram Bot API (its calls)
    zalo: Remote = field(init=False)  # the loopback Zalo OA API (its messages)
    exits: ExitStack = field(default_factory=ExitStack, repr=False)
    started_in: float = 0.0  # seconds from nothing to every server healthy

    @property
    def url(self) -> str:
        """The public address: nginx in front of the kiosk replicas."""
        return self.nginx.url

    @property
    def database_url(self) -> str:
        return self.postgres.url("motcua")

    @property
    def tracker_url(self) -> str:
        return self.postgres.url("rasa")

    def services(self) -> list[Service]:
        return [*self.kiosks, *self.rasas, *self.actions]

    def chat(self, base: str, session_id: str, message: str, timeout: float = 60) -> Any:
        """One turn through a kiosk's chat relay (`base`: nginx or one replica)."""
        body = {"session_id": session_id, "message": message}
        return post_json(f"{base}/api/v1/chat", body, timeout=timeout)

    def rasa_say(self, replica: int, sender: str, message: str, timeout: float = 60) -> Any:
        """One turn straight to a Rasa replica's REST channel (the phone channels' way)."""
        url = f"{self.rasas[replica].url}/webhooks/rest/webhook"
        return post_json(url, {"sender": sender, "message": message}, timeout=timeout)

    def tracker(self, sender: str, replica: int = 0) -> Any:
        url = f"{self.rasas[replica].url}/conversations/{sender}/tracker?token={self.rasa_token}"
        return get_json(url)

    def stop_servers(self) -> None:
        """Every server stopped at once (each SIGTERM, then its wait)."""
        with ThreadPoolExecutor(len(self.services()) + 1) as pool:
            list(
                pool.map(lambda stop: stop(), [s.stop for s in self.services()] + [self.nginx.stop])
            )

    def close(self) -> None:
        """Stop everything: servers, nginx, Redis, PostgreSQL, the loopback channel APIs."""
        self.exits.close()


def kiosk_service(
    topo_folder: Path, data_dir: Path, rasa_urls: str, env: dict[str, str]
) -> Service:
    port = free_port()
    token = env["MOTCUA_RASA_TOKEN"]
    kiosk_env = stack.kiosk_env(data_dir, port, rasa_urls, rasa_timeout=30, rasa_token=token) | env
    python = str(stack.kiosk_python())
    name = f"kiosk-{port}"
    return Service(
        name,
        [python, "-m", "kiosk", "serve"],
        REPO,
        kiosk_env,
        topo_folder / "logs" / f"{name}.log",
        f"http://127.0.0.1:{port}/api/v1/health",
        port,
    )


def kiosk_environment(topo: dict[str, Any]) -> dict[str, str]:
    """What compose gives every kiosk replica, with the harness's addresses."""
    from zalo_api import APP_ID, APP_SECRET

    return {
        "MOTCUA_DATABASE_URL": topo["database_url"],
        "MOTCUA_BUILD_INDEX": "false",  # built once, before (the image's `knowledge build`)
        "MOTCUA_SERVICE_TOKEN": topo["service_token"],
        "MOTCUA_RASA_TOKEN": topo["rasa_token"],
        "MOTCUA_LOG_FORMAT": "json",
        # The proxy's X-Forwarded-* are trusted from nginx's address only.
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "MOTCUA_TRUSTED_PROXIES": "127.0.0.1",
        "MOTCUA_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "MOTCUA_TELEGRAM_WEBHOOK_SECRET": "topology-webhook-secret",
        "MOTCUA_TELEGRAM_WEBHOOK_URL": "https://motcua.example/webhooks/telegram",
        "MOTCUA_TELEGRAM_API_URL": f"{topo['telegram_url']}/bot",
        "MOTCUA_ZALO_APP_ID": APP_ID,
        "MOTCUA_ZALO_OA_SECRET": ZALO_OA_SECRET,
        "MOTCUA_ZALO_APP_SECRET": APP_SECRET,
        "MOTCUA_ZALO_ACCESS_TOKEN": "access-0",
        "MOTCUA_ZALO_REFRESH_TOKEN": "refresh-0",
        "MOTCUA_ZALO_API_URL": topo["zalo_url"],
        "MOTCUA_ZALO_OAUTH_URL": f"{topo['zalo_url']}/v4/oa/access_token",
        "MOTCUA_REMINDER_INTERVAL_SECONDS": "0.5",
        "MOTCUA_CHANNEL_TIMEOUT_SECONDS": "5",
    }


def rasa_service(folder: Path, model: Path, actions_url: str, env: dict[str, str]) -> Service:
    port = free_port()
    # Rasa's HTTP API needs the token (the kiosk sends MOTCUA_RASA_TOKEN); its REST
    # channel does not.
    token = env["MOTCUA_RASA_TOKEN"]  # read by bot/scripts/rasa_run.py, off the command line
    command = stack.rasa_command(model, port, "endpoints.production.yml")
    health = f"http://127.0.0.1:{port}/status?token={token}"
    rasa_env = stack.rasa_env() | env | {"MOTCUA_ACTIONS_URL": f"{actions_url}/webhook"}
    name = f"rasa-{port}"
    return Service(name, command, BOT, rasa_env, folder / "logs" / f"{name}.log", health, port)


def actions_service(folder: Path, kiosk_url: str, service_token: str) -> Service:
    port = free_port()
    env = stack.rasa_env() | {
        "MOTCUA_KIOSK_URL": kiosk_url,
        "MOTCUA_SERVICE_TOKEN": service_token,
        # Compose keeps the 5 s default; on a machine shared with other test suites a
        # starved kiosk must not turn a fault test into a timeout test.
        "MOTCUA_KIOSK_TIMEOUT": "30",
        "SANIC_HOST": "127.0.0.1",  # as bot/scripts/run-all.sh binds it
    }
    name = f"actions-{port}"
    log = folder / "logs" / f"{name}.log"
    command = stack.actions_command(port)
    return Service(name, command, BOT, env, log, f"http://127.0.0.1:{port}/health", port)


def build_index(data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """The kiosk image's `python -m knowledge build`: one index every replica opens."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(stack.kiosk_python()), "-m", "knowledge", "build"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def start_topology(folder: Path, model: Path, replicas: int = REPLICAS) -> Topology:
    """Start everything (slow parts side by side) and wait until every server is healthy."""
    started = time.monotonic()
    # Imported here: this module is a pytest plugin in the Rasa venv too, which has no
    # uvicorn or starlette (the loopback channel APIs need them).
    if str(TESTS / "connectors") not in sys.path:  # last: never before another's modules
        sys.path.append(str(TESTS / "connectors"))
    from loopback import serve
    from telegram_api import TelegramApi
    from zalo_api import ZaloApi

    with ExitStack() as undo:  # stops what was started if a later step fails
        telegram, zalo = TelegramApi(TELEGRAM_TOKEN), ZaloApi()
        telegram_url = undo.enter_context(serve(telegram.app(), lifespan="off"))
        zalo_url = undo.enter_context(serve(zalo.app(), lifespan="off"))
        index = build_index(folder / "kiosk-data", folder / "logs" / "index.log")
        undo.callback(index.kill)
        postgres, redis = start_stores(folder, undo)
        topology = plan(folder, model, replicas, postgres, redis, (telegram_url, zalo_url))
        topology.telegram, topology.zalo = Remote(telegram, telegram_url), Remote(zalo, zalo_url)
        undo.callback(topology.stop_servers)
        for service in [*topology.rasas, *topology.actions]:
            service.start()
        topology.nginx.start([k.port for k in topology.kiosks])
        if index.wait(timeout=stack.wait_seconds()) != 0:
            raise RuntimeError(f"index build failed: see {folder / 'logs' / 'index.log'}")
        for kiosk in topology.kiosks:
            kiosk.start()
        deadline = time.monotonic() + stack.wait_seconds()
        for service in topology.services():
            service.wait(deadline)
        for kiosk in topology.kiosks:  # the encoder's first question is slow: ask it now
            get_json(f"{kiosk.url}/api/v1/procedures/search?q=khai%20sinh", timeout=120)
        topology.exits = undo.pop_all()
    topology.started_in = time.monotonic() - started
    return topology


def start_stores(folder: Path, undo: ExitStack) -> tuple[Postgres, Redis]:
    """PostgreSQL and Redis, side by side."""
    redis = Redis(free_port(), secrets.token_hex(12), folder / "redis")
    redis.folder.mkdir(parents=True)
    with ThreadPoolExecutor(2) as pool:
        postgres_future = pool.submit(Postgres.start, secrets.token_hex(12))
        redis_future = pool.submit(redis.start)
        try:
            postgres = postgres_future.result()
            undo.callback(postgres.stop)
        finally:
            undo.callback(redis.stop)
        redis_future.result()
    return postgres, redis


def plan(
    folder: Path,
    model: Path,
    replicas: int,
    postgres: Postgres,
    redis: Redis,
    channels: tuple[str, str],
) -> Topology:
    """Every server's command and environment, wired together; nothing started yet."""
    tokens = {"rasa_token": secrets.token_hex(16), "service_token": secrets.token_hex(16)}
    nginx = Nginx(free_port(), folder / "nginx")
    actions = [actions_service(folder, nginx.url, tokens["service_token"]) for _ in range(replicas)]
    rasa_env = {
        "MOTCUA_TRACKER_HOST": "127.0.0.1",
        "MOTCUA_TRACKER_PORT": str(postgres.port),
        "MOTCUA_TRACKER_DB": "rasa",
        "MOTCUA_TRACKER_USER": "motcua",
        "MOTCUA_TRACKER_PASSWORD": postgres.password,
        "MOTCUA_REDIS_HOST": "127.0.0.1",
        "MOTCUA_REDIS_PORT": str(redis.port),
        "MOTCUA_REDIS_PASSWORD": redis.password,
        "MOTCUA_RASA_TOKEN": tokens["rasa_token"],
    }
    rasas = [rasa_service(folder, model, a.url, rasa_env) for a in actions]
    wiring = {
        **tokens,
        "database_url": postgres.url("motcua"),
        "telegram_url": channels[0],
        "zalo_url": channels[1],
    }
    rasa_urls = ",".join(r.url for r in rasas)
    env = kiosk_environment(wiring)
    kiosks = [kiosk_service(folder, folder / "kiosk-data", rasa_urls, env) for _ in range(replicas)]
    return Topology(folder, postgres, redis, nginx, kiosks, rasas, actions, **tokens)


@pytest.fixture(scope="session")
def topology(tmp_path_factory: pytest.TempPathFactory, rasa_model: Path) -> Iterator[Topology]:
    """The whole production topology, once per session (see the module docstring)."""
    topo = start_topology(tmp_path_factory.mktemp("topology"), rasa_model)
    try:
        yield topo
    finally:
        topo.close()


def main() -> int:
    """`make topology`: start it, print where everything is, stop on Ctrl-C."""
    import tempfile

    model = BOT / "models" / "motcua.tar.gz"
    if not model.is_file():
        sys.stderr.write("Chưa có mô hình: chạy bot/scripts/train-if-needed.sh trước\n")
        return 1
    with tempfile.TemporaryDirectory(prefix="motcua-topology-") as folder:
        sys.stdout.write(f"Đang khởi động (thư mục {folder})...\n")
        topo = start_topology(Path(folder), model)
        try:
            lines = [
                f"nginx (công khai)  {topo.url}",
                *(f"kiosk             {k.url}" for k in topo.kiosks),
                *(f"rasa              {r.url}" for r in topo.rasas),
                *(f"actions           {a.url}" for a in topo.actions),
                f"postgresql        {topo.database_url}",
                f"redis             127.0.0.1:{topo.redis.port}",
                f"nhật ký           {Path(folder) / 'logs'}",
                f"đồng hồ kiosk     {STACK_NOW:%d/%m/%Y %H:%M}",
                "Ctrl-C để dừng.",
            ]
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
            stop = threading.Event()
            for number in (signal.SIGINT, signal.SIGTERM):
                signal.signal(number, lambda *_: stop.set())
            while not stop.wait(1):
                pass
        finally:
            topo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
