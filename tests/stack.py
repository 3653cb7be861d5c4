"""A real motcua stack for end-to-end tests: kiosk + Rasa action server + Rasa server.

Registered from tests/conftest.py (`pytest_plugins`), so every test package can
ask for these fixtures. All are session-scoped: a process starts on first use,
once per pytest session, on a free loopback port, with its own temporary data
folder, and is stopped when the session ends. Nothing is mocked: the kiosk is
`python -m kiosk serve` (from /work/main/.venv, also when the tests themselves
run in .venv-rasa); the action server and Rasa are started by
bot/scripts/run-all.sh, the script `make run` uses: Rasa serves the trained model
with the REST channel, a SQLite tracker store and `--enable-api` behind a token
(``rasa_token``, which the kiosk is given as MOTCUA_RASA_TOKEN), both on loopback.

Fixtures
--------
``kiosk`` -> :class:`Kiosk`
    The kiosk API alone (the action unit tests need only this). Its clock is
    pinned at ``STACK_NOW`` (Monday 23 November 2026, 09:00, desk time) through
    MOTCUA_FIXED_NOW, so "ngày mai" is always Tuesday 24/11/2026. Rate limits
    are off (every process of the stack calls it from 127.0.0.1); read-aloud is
    off. ``kiosk.url`` (http://127.0.0.1:PORT), ``kiosk.api`` (``url + /api/v1``),
    ``kiosk.data_dir``, ``kiosk.database_url`` (its SQLite file), ``kiosk.now``,
    ``kiosk.rasa_url`` (where its chat relay looks for Rasa; Rasa itself runs
    only when ``stack`` is used), ``kiosk.import_dossiers(csv_text)`` (loads
    dossier records the way desk staff do, for status lookups).
``rasa_model`` -> pathlib.Path
    bot/models/motcua.tar.gz, trained first when missing or older than its data
    (bot/scripts/train-if-needed.sh; a few minutes on 2 cores).
``rasa_token`` -> str
    The token of Rasa's HTTP API for this session (``?token=``).
``assistant`` -> :class:`Assistant`
    bot/scripts/run-all.sh running (``process``, ``rasa_url``, ``actions_url``,
    ``token``); healthy.
``action_server`` -> str
    Base URL of the Rasa action server (``/webhook``, ``/health``), whose
    actions call ``kiosk``.
``rasa_server`` -> str
    Base URL of the Rasa server: REST channel at ``/webhooks/rest/webhook``
    (``{"sender", "message"}`` -> list of messages), HTTP API with the token
    (``/status``, ``/conversations/<sender>/tracker``). Same as ``kiosk.rasa_url``.
``stack`` -> :class:`Stack`
    All three running and wired together. ``stack.chat(session, text)`` sends
    one turn through the kiosk (POST /api/v1/chat) and returns its JSON;
    ``stack.rasa(sender, text)`` talks to Rasa's REST channel directly (what the
    Telegram and Zalo connectors do). ``stack.kiosk``, ``stack.rasa_url``,
    ``stack.actions_url`` for anything else.

Environment: MOTCUA_RASA_VENV (default <repo>/.venv-rasa), MOTCUA_KIOSK_PYTHON
(default <repo>/.venv/bin/python), MOTCUA_STACK_WAIT (seconds to wait for a
process to become healthy, default 300). Process logs are kept in the session's
temporary folder and their tail is shown when a process fails to start.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
BOT = REPO / "bot"
STACK_NOW = dt.datetime(2026, 11, 23, 9, 0)  # a Monday, open, no holiday


def rasa_venv() -> Path:
    return Path(os.environ.get("MOTCUA_RASA_VENV", REPO / ".venv-rasa"))


def kiosk_python() -> Path:
    return Path(os.environ.get("MOTCUA_KIOSK_PYTHON", REPO / ".venv" / "bin" / "python"))


def free_port() -> int:
    """A loopback port free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def post_json(url: str, body: Any, timeout: float = 30.0) -> Any:
    """POST JSON with the standard library (works in both venvs); the decoded answer."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode())


def get_json(url: str, timeout: float = 30.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode())


@dataclass
class Process:
    """A server started by the stack; stopped with its whole process group."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_healthy(self, url: str, deadline: float) -> None:
        while True:
            if self.popen.poll() is not None:
                pytest.fail(f"{self.name} exited ({self.popen.returncode}):\n{self.tail()}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"{self.name} not healthy at {url} in time:\n{self.tail()}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        except ProcessLookupError:
            pass


def start(name: str, command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Process:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        popen = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped together
        )
    return Process(name, popen, log)


def wait_seconds() -> float:
    return float(os.environ.get("MOTCUA_STACK_WAIT", "300"))


def rasa_env() -> dict[str, str]:
    return {
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONWARNINGS": "ignore",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }


@dataclass
class Kiosk:
    url: str
    data_dir: Path
    rasa_url: str
    rasa_token: str = ""
    now: dt.datetime = STACK_NOW
    process: Process | None = field(default=None, repr=False)
    env: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'motcua.db'}"

    def import_dossiers(self, csv_text: str) -> str:
        """Import a one-stop CSV export into this kiosk's database (python -m kiosk
        import-dossiers, the staff's command line); its report."""
        path = self.data_dir / f"import-{time.monotonic_ns()}.csv"
        path.write_text(csv_text, encoding="utf-8")
        done = subprocess.run(
            [str(kiosk_python()), "-m", "kiosk", "import-dossiers", str(path)],
            cwd=REPO,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


@dataclass
class Assistant:
    """bot/scripts/run-all.sh: the action server and Rasa, started together."""

    process: Process
    rasa_url: str
    actions_url: str
    token: str

    def tracker(self, sender: str, token: str | None = None) -> Any:
        """GET /conversations/<sender>/tracker with the token (or another one)."""
        url = f"{self.rasa_url}/conversations/{sender}/tracker?token={token or self.token}"
        return get_json(url)


@dataclass
class Stack:
    kiosk: Kiosk
    rasa_url: str
    actions_url: str

    def chat(self, session_id: str, message: str, language: str = "vi") -> dict[str, Any]:
        """One turn through the kiosk's chat relay (POST /api/v1/chat); `language`: the
        kiosk screen's ("en" on the English screens)."""
        body = {"session_id": session_id, "message": message, "language": language}
        reply: dict[str, Any] = post_json(f"{self.kiosk.api}/chat", body)
        return reply

    def rasa(self, sender: str, message: str) -> list[dict[str, Any]]:
        """One turn straight to Rasa's REST channel (as the Telegram/Zalo connectors do)."""
        body = {"sender": sender, "message": message}
        messages: list[dict[str, Any]] = post_json(f"{self.rasa_url}/webhooks/rest/webhook", body)
        return messages


def kiosk_env(
    data_dir: Path, port: int, rasa_url: str, rasa_timeout: int, rasa_token: str
) -> dict[str, str]:
    """A kiosk on loopback with the stack's clock, no rate limits and no read-aloud."""
    return {
        "MOTCUA_RASA_TOKEN": rasa_token,
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_HOST": "127.0.0.1",
        "MOTCUA_PORT": str(port),
        "MOTCUA_FIXED_NOW": STACK_NOW.isoformat(),
        "MOTCUA_RASA_URL": rasa_url,
        "MOTCUA_RASA_TIMEOUT_SECONDS": str(rasa_timeout),
        "MOTCUA_RATE_LIMIT_ENABLED": "false",
        "MOTCUA_PUBLIC_URL": "https://motcua.example.vn",  # checklists get a phone link
        "MOTCUA_SPEECH_ENABLED": "false",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }


def actions_command(port: int) -> list[str]:
    rasa = str(rasa_venv() / "bin" / "rasa")
    return [rasa, "run", "actions", "--actions", "actions", "--port", str(port)]


def start_actions(port: int, kiosk_url: str, log: Path) -> Process:
    """The Rasa action server on loopback, calling the kiosk at `kiosk_url`."""
    env = {**rasa_env(), "MOTCUA_KIOSK_URL": kiosk_url, "SANIC_HOST": "127.0.0.1"}
    return start("action server", actions_command(port), BOT, env, log)


def tracker_env(tracker_db: Path) -> dict[str, str]:
    """Rasa's SQLite tracker store in `tracker_db` (bot/endpoints.yml)."""
    tracker_db.parent.mkdir(parents=True, exist_ok=True)
    return {
        "MOTCUA_TRACKER_DIALECT": "sqlite",
        "MOTCUA_TRACKER_DB": str(tracker_db),
        "MOTCUA_TRACKER_HOST": "",
        "MOTCUA_TRACKER_USER": "",
        "MOTCUA_TRACKER_PASSWORD": "",
    }


def start_rasa(
    model: Path, port: int, actions_url: str, tracker_db: Path, log: Path, token: str
) -> Process:
    """The Rasa server with its REST API behind `token`, a SQLite tracker store and the
    action server."""
    env = {
        **rasa_env(),
        **tracker_env(tracker_db),
        "MOTCUA_ACTIONS_URL": f"{actions_url}/webhook",
        "MOTCUA_RASA_TOKEN": token,
    }
    return start("Rasa", rasa_command(model, port, "endpoints.yml"), BOT, env, log)


def rasa_command(model: Path, port: int, endpoints: str) -> list[str]:
    """`rasa run` with the REST channel and the HTTP API, on loopback, its token taken from
    MOTCUA_RASA_TOKEN (bot/scripts/rasa_run.py: the token stays off the command line)."""
    return [
        str(rasa_venv() / "bin" / "python"),
        "scripts/rasa_run.py",
        "--model",
        str(model),
        "--endpoints",
        endpoints,
        "--credentials",
        "credentials.yml",
        "--enable-api",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
    ]


@pytest.fixture(scope="session")
def stack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="session")
def rasa_port() -> int:
    """Reserved first so the kiosk knows where Rasa will listen."""
    return free_port()


@pytest.fixture(scope="session")
def rasa_token() -> str:
    # Always with a leading "-": one random token in 64 has one, and Rasa must still start.
    return "-" + secrets.token_urlsafe(24)


@pytest.fixture(scope="session")
def _kiosk_process(
    stack_dir: Path, rasa_port: int, rasa_token: str
) -> Iterator[tuple[Process, Kiosk]]:
    """Started, not yet awaited: the other servers start meanwhile."""
    python = kiosk_python()
    if not python.exists():
        pytest.fail(f"{python} is missing: run `make venv` first")
    port = free_port()
    data_dir = stack_dir / "kiosk"
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    env = kiosk_env(data_dir, port, rasa_url, rasa_timeout=20, rasa_token=rasa_token)
    command = [str(python), "-m", "kiosk", "serve"]
    process = start("kiosk", command, REPO, env, stack_dir / "logs" / "kiosk.log")
    try:
        url = f"http://127.0.0.1:{port}"
        yield process, Kiosk(url, data_dir, rasa_url, rasa_token, process=process, env=env)
    finally:
        process.stop()


@pytest.fixture(scope="session")
def kiosk(_kiosk_process: tuple[Process, Kiosk]) -> Kiosk:
    process, kiosk = _kiosk_process
    process.wait_healthy(f"{kiosk.api}/health", time.monotonic() + wait_seconds())
    return kiosk


@pytest.fixture(scope="session")
def rasa_model() -> Path:
    """The trained model, trained first when missing or stale."""
    venv = rasa_venv()
    if not (venv / "bin" / "rasa").exists():
        pytest.fail(f"{venv} is missing: run bot/setup-venv.sh (or `make test`)")
    env = {**os.environ, **rasa_env(), "RASA": str(venv / "bin" / "rasa")}
    done = subprocess.run(
        [str(BOT / "scripts" / "train-if-needed.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"training failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return BOT / "models" / "motcua.tar.gz"


@pytest.fixture(scope="session")
def assistant(
    stack_dir: Path,
    _kiosk_process: tuple[Process, Kiosk],
    rasa_model: Path,
    rasa_port: int,
    rasa_token: str,
) -> Iterator[Assistant]:
    """bot/scripts/run-all.sh, as `make run` starts it: the action server and Rasa on
    loopback, Rasa's HTTP API behind the session's token. Started while the kiosk is
    still starting; awaited here (the actions answer /health, Rasa /status with the token)."""
    kiosk = _kiosk_process[1]
    actions_port = free_port()
    env = {
        **rasa_env(),
        **tracker_env(stack_dir / "rasa" / "tracker.db"),
        "RASA_VENV": str(rasa_venv()),
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "MOTCUA_KIOSK_URL": kiosk.url,
        "MOTCUA_DATA_DIR": str(stack_dir / "rasa"),
        "MOTCUA_RASA_TOKEN": rasa_token,
        "MOTCUA_RASA_WAIT": str(int(wait_seconds())),
    }
    actions_url = f"http://127.0.0.1:{actions_port}"
    env["MOTCUA_ACTIONS_URL"] = f"{actions_url}/webhook"
    command = [str(BOT / "scripts" / "run-all.sh")]
    log = stack_dir / "logs" / "run-all.log"
    process = start("run-all.sh (actions + Rasa)", command, BOT, env, log)
    try:
        deadline = time.monotonic() + wait_seconds()
        process.wait_healthy(f"{actions_url}/health", deadline)
        process.wait_healthy(f"{kiosk.rasa_url}/status?token={rasa_token}", deadline)
        yield Assistant(process, kiosk.rasa_url, actions_url, rasa_token)
    finally:
        process.stop()


@pytest.fixture(scope="session")
def action_server(assistant: Assistant) -> str:
    return assistant.actions_url


@pytest.fixture(scope="session")
def rasa_server(assistant: Assistant) -> str:
    return assistant.rasa_url


@pytest.fixture(scope="session")
def stack(rasa_server: str, action_server: str, kiosk: Kiosk) -> Stack:
    """Rasa and the actions first: the kiosk starts meanwhile and is awaited last."""
    return Stack(kiosk, rasa_server, action_server)
