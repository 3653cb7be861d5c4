"""A throwaway PostgreSQL server for the store tests, started from Debian's binaries.

Registered from tests/conftest.py (`pytest_plugins`). The session fixture
``postgres_server`` starts one server on first use: ``initdb`` into a temporary
folder, then ``pg_ctl start`` listening on a Unix socket in that folder only (no
TCP port, so parallel sessions never collide), durability switched off because
the data is thrown away. PostgreSQL refuses to run as root, so under uid 0 the
binaries run as the ``postgres`` user (created by the Debian package) through
``runuser`` and the folder is handed to that user. The server is stopped and its
folder removed when the session ends, or by a watchdog process when pytest dies
without finishing (killed, timed out).

``postgres_server.fresh_url()`` gives each test an empty schema of its own (an
SQLAlchemy URL whose ``search_path`` points there), dropped afterwards: creating a
schema takes milliseconds where ``CREATE DATABASE`` takes most of a second.

Environment
-----------
MOTCUA_SKIP_POSTGRES=1
    Skip every PostgreSQL test (for a developer without the Debian package).
    Without it a server that cannot be installed or started fails those tests.
MOTCUA_TEST_DATABASE_URL
    Use this PostgreSQL database (``postgresql+psycopg://user:pw@host/db``)
    instead of starting a server; the tests create and drop schemas in it.
MOTCUA_PG_BINDIR
    Folder holding ``initdb`` and ``pg_ctl``; default: the newest
    /usr/lib/postgresql/<version>/bin, else the PATH.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

SKIP_ENV = "MOTCUA_SKIP_POSTGRES"
URL_ENV = "MOTCUA_TEST_DATABASE_URL"
START_TIMEOUT_S = 60

# Settings for a disposable test server: no durability, few resources.
_SERVER_CONF = """
listen_addresses = ''
unix_socket_directories = '{socket_dir}'
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
"""


def postgres_bindir() -> Path:
    """Where initdb and pg_ctl live, or a failure that says how to get them."""
    override = os.environ.get("MOTCUA_PG_BINDIR")
    candidates = [Path(override)] if override else []

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise RuntimeError(
        "PostgreSQL server binaries not found (initdb, pg_ctl): `make apt` installs the Debian "
        f"package postgresql; or set {SKIP_ENV}=1 to skip the PostgreSQL tests"
    )


class PostgresServer:
    """A running server (or the external database of MOTCUA_TEST_DATABASE_URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin: Engine = create_engine(url, isolation_level="AUTOCOMMIT")

    @contextmanager
    def fresh_url(self) -> Iterator[str]:
        """An empty schema of its own for one test; its URL, then the schema is dropped."""
        schema = f"test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = make_url(self.url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with self.admin.connect() as connection:
                # A test that left a transaction open would hang the drop; fail instead.
                connection.exec_driver_sql("SET lock_timeout = '20s'")
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")

    def close(self) -> None:
        self.admin.dispose()


class LocalServer:
    """initdb + pg_ctl in a temporary folder, run as `postgres` when we are root.

    By default the server listens on a Unix socket in its folder only. With `tcp_port`
    it listens on 127.0.0.1:`tcp_port` too, and TCP clients need `password` (the
    superuser's, scram-sha-256), as a production server would (tests/topology.py).
    """

    def __init__(self, tcp_port: int | None = None, password: str | None = None) -> None:
        self.bindir = postgres_bindir()
        self.tcp_port, self.password = tcp_port, password
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as error:
                raise RuntimeError(
                    "PostgreSQL will not run as root and there is no `postgres` user: "
                    "`make apt` installs the Debian package postgresql, which creates it"
                ) from error
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="motcua-pg-", dir=_short_tmp()))
        if self.as_user:
            shutil.chown(self.folder, user="postgres")
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.watchdog: subprocess.Popen[bytes] | None = None

    def _run(self, *args: str) -> None:
        command = [*self.as_user, *args]
        done = subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, timeout=START_TIMEOUT_S
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
                f"\n{log}"
            )

    def start(self) -> str:
        self._run(str(self.bindir / "initdb"), *self._initdb_options())
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(_SERVER_CONF.format(socket_dir=self.folder))
            if self.tcp_port is not None:
                conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.tcp_port}\n")
        self.resume()
        self._watch()
        port = f"&port={self.tcp_port}" if self.tcp_port is not None else ""
        return f"postgresql+psycopg://postgres@/postgres?host={self.folder}{port}"

    def _initdb_options(self) -> list[str]:
        options = [f"--pgdata={self.data}", "--username=postgres", "--encoding=UTF8"]
        options += ["--no-locale", "--no-sync"]
        if self.tcp_port is None:
            return [*options, "--auth=trust"]
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password or "")
        if self.as_user:
            shutil.chown(pwfile, user="postgres")
        return [*options, "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"]

    def pause(self) -> None:
        """Stop the server (fast shutdown: clients are disconnected); `resume` starts it."""
        self._run(str(self.bindir / "pg_ctl"), f"--pgdata={self.data}", "-m", "fast", "stop")

    def resume(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            f"--pgdata={self.data}",
            f"--log={self.log}",
            f"--timeout={START_TIMEOUT_S}",
            "--wait",
            "start",
        )

    def _watch(self) -> None:
        """Stop the server and remove its folder once this process is gone."""
        stop = " ".join(
            [*self.as_user, str(self.bindir / "pg_ctl"), f"--pgdata={self.data}", "-m", "immediate"]
        )
        script = (
            f"while [ -d /proc/{os.getpid()} ]; do sleep 1; done; "
            f"if [ -d {self.data} ]; then {stop} stop; rm -rf {self.folder}; fi"
        )
        self.watchdog = subprocess.Popen(
            ["sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(
                    str(self.bindir / "pg_ctl"), f"--pgdata={self.data}", "-m", "fast", "stop"
                )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self.watchdog is not None:
                self.watchdog.kill()
                self.watchdog.wait()


def _short_tmp() -> str | None:
    """/tmp when it exists: a Unix socket path must stay under 108 bytes."""
    return "/tmp" if Path("/tmp").is_dir() else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session (see the module docstring)."""
    if os.environ.get(SKIP_ENV, "").strip() not in ("", "0"):
        pytest.skip(f"PostgreSQL tests skipped ({SKIP_ENV} is set)")
    external = os.environ.get(URL_ENV)
    if external:
        server = PostgresServer(external)
        yield server
        server.close()
        return
    local = LocalServer()
    try:
        server = PostgresServer(local.start())
        try:
            yield server
        finally:
            server.close()
    finally:
        local.stop()
