"""The infrastructure of the production topology (tests/topology.py) from Debian packages:
PostgreSQL (kiosk data and the `rasa` database, password over TCP), Redis (Rasa's lock
store, password, nothing persisted) and nginx (deploy/nginx/motcua.conf, the file the
README documents, with the harness's ports written over its addresses).

Everything listens on 127.0.0.1, on free ports, in one temporary folder, as the current
user (PostgreSQL as `postgres` under root, as tests/postgres_server.py does).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from postgres_server import LocalServer
from sqlalchemy import create_engine
from stack import REPO, Process, free_port, start

NGINX_SITE = REPO / "deploy" / "nginx" / "motcua.conf"
RASA_INIT_SQL = REPO / "deploy" / "postgres" / "10-rasa-tracker.sql"
DB_USER = "motcua"


def _binary(name: str, *extra: str) -> str:
    found = shutil.which(name) or next((p for p in extra if Path(p).is_file()), None)
    if found is None:
        raise RuntimeError(f"{name} not found: `make apt` installs the Debian package")
    return found


# -- PostgreSQL -------------------------------------------------------------------------------


@dataclass
class Postgres:
    """The server, the `motcua` role (its password) and the `motcua` and `rasa` databases."""

    server: LocalServer
    password: str
    server_url: str  # the superuser, over the Unix socket

    @classmethod
    def start(cls, password: str) -> Postgres:
        server = LocalServer(tcp_port=free_port(), password=password)
        admin_url = server.start()
        postgres = cls(server, password, admin_url)
        assert password.isalnum(), "a URL-safe password (compose's advice: openssl rand -hex)"
        try:
            engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.exec_driver_sql(f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{password}'")
                connection.exec_driver_sql(f"CREATE DATABASE {DB_USER} OWNER {DB_USER}")
            engine.dispose()
            postgres.init_databases()
        except BaseException:
            server.stop()
            raise
        return postgres

    def init_databases(self) -> None:
        """The compose init script, run as the owner as the postgres image runs it."""
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"ALTER ROLE {DB_USER} CREATEDB")
        admin.dispose()
        init = create_engine(self.url(DB_USER), isolation_level="AUTOCOMMIT")
        with init.connect() as connection:
            for statement in _statements(RASA_INIT_SQL.read_text()):
                connection.exec_driver_sql(statement)
        init.dispose()

    @property
    def port(self) -> int:
        assert self.server.tcp_port is not None
        return self.server.tcp_port

    @property
    def bindir(self) -> Path:
        return self.server.bindir

    def url(self, database: str, driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{DB_USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        self.server.stop()


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# -- Redis --------------------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    password: str
    folder: Path
    process: Process | None = None

    def start(self) -> None:
        """Locks only: nothing saved, as docker-compose.yml runs it."""
        command = [
            _binary("redis-server", "/usr/bin/redis-server"),
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--requirepass", self.password,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.folder),
        ]  # fmt: skip
        self.process = start("redis", command, self.folder, {}, self.folder / "redis.log")
        wait_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()

    def command(self, *args: str) -> str:
        """One redis-cli command (db 1, Rasa's lock store); its answer."""
        cli = [_binary("redis-cli", "/usr/bin/redis-cli"), "-p", str(self.port), "-n", "1"]
        env = {**os.environ, "REDISCLI_AUTH": self.password}
        done = subprocess.run(
            [*cli, *args], env=env, capture_output=True, text=True, timeout=30, check=True
        )
        return done.stdout.strip()


def wait_port(port: int, process: Process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited:\n{process.tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{process.name} not listening on {port}") from None
            time.sleep(0.1)


# -- nginx --------------------------------------------------------------------------------------


def site_config(listen: int, kiosk_ports: list[int]) -> str:
    """deploy/nginx/motcua.conf with this harness's listen port and kiosk replicas."""
    site = NGINX_SITE.read_text()
    site = re.sub(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+ (.*);$", site, flags=re.M)
    assert servers, "deploy/nginx/motcua.conf lists no kiosk server"
    lines = "\n".join(f"    server 127.0.0.1:{port} {servers[0]};" for port in kiosk_ports)
    return re.sub(r"(^\s*server 127\.0\.0\.1:\d+ .*;\n)+", lines + "\n", site, flags=re.M)


def main_config(folder: Path, site: Path) -> str:
    """What the Debian package's /etc/nginx/nginx.conf does, with paths in `folder`."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    user = "user root;\n" if _is_root() else ""
    return f"""{user}daemon off;
worker_processes 2;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    access_log {folder / "access.log"};
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {site};
}}
"""


def _is_root() -> bool:
    return os.geteuid() == 0


@dataclass
class Nginx:
    port: int
    folder: Path
    process: Process | None = None

    def start(self, kiosk_ports: list[int]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        site = self.folder / "motcua.conf"
        site.write_text(site_config(self.port, kiosk_ports))
        conf = self.folder / "nginx.conf"
        conf.write_text(main_config(self.folder, site))
        nginx = _binary("nginx", "/usr/sbin/nginx")
        command = [nginx, "-p", str(self.folder), "-c", str(conf), "-e", str(self.folder / "e.log")]
        self.process = start("nginx", command, self.folder, {}, self.folder / "nginx.log")
        wait_port(self.port, self.process)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
