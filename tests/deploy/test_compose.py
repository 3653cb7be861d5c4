"""docker-compose.yml and deploy/*.Dockerfile, checked without Docker's registry.

Images cannot be built here, so the file is read as compose reads it (variables
interpolated, `$$` kept as `$`) and checked for what a deployment relies on:
healthchecks, start-up order, secrets only from the environment, environment names
that the code really reads, service URLs that point at services. Rasa's production
endpoints file is loaded by Rasa itself (in .venv-rasa) against a real PostgreSQL
server. `docker compose config` runs too where the compose plugin is installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from postgres_server import PostgresServer
from sqlalchemy.engine import make_url

from connectors.settings import ConnectorSettings
from kiosk.core.config import Settings
from knowledge.settings import KnowledgeSettings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
SECRET = re.compile(r"PASSWORD|TOKEN|SECRET|_KEY$")
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
# Values of the required secrets while checking (each different, URL-safe).
ENV = {
    "MOTCUA_DB_PASSWORD": "db-secret-1",
    "MOTCUA_REDIS_PASSWORD": "redis-secret-2",
    "MOTCUA_SERVICE_TOKEN": "service-secret-3",
    "MOTCUA_RASA_TOKEN": "rasa-secret-4",
}


def interpolate(text: str, env: Mapping[str, str]) -> str:
    """What compose does to the file's text before parsing it."""

    def value(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        present = env.get(name)
        unset = present is None or (present == "" and op is not None and op.startswith(":"))
        if not unset:
            return str(present)
        if op in ("?", ":?"):
            raise KeyError(f"{name}: {arg}")
        return arg if op in ("-", ":-") else ""

    parts = text.split("$$")  # `$$` is a literal dollar, not a variable
    return "$".join(VARIABLE.sub(value, part) for part in parts)


def load_compose(env: Mapping[str, str] = ENV) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(interpolate(COMPOSE.read_text(), env))
    return document


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = load_compose()["services"]
    return found


def environment(service: Mapping[str, Any]) -> dict[str, str | None]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):  # KEY=VALUE form
        return {k: v for k, _, v in (item.partition("=") for item in raw)}
    return {str(k): None if v is None else str(v) for k, v in raw.items()}


def dockerfile(service: Mapping[str, Any]) -> Path:
    build = service["build"]
    return REPO / build.get("context", ".") / build["dockerfile"]


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", path.read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (word.upper(), rest.strip())
        for word, _, rest in (line.partition(" ") for line in lines)
        if word and not word.startswith("#")
    ]


def exposed_ports(service: Mapping[str, Any]) -> set[int]:
    return {
        int(port.split("/")[0])
        for word, args in instructions(dockerfile(service))
        if word == "EXPOSE"
        for port in args.split()
    }


def setting_names(*classes: type) -> set[str]:
    return {f"MOTCUA_{name}".upper() for cls in classes for name in cls.model_fields}


# -- structure -----------------------------------------------------------------------


def test_the_five_services_are_there(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == {"postgres", "redis", "kiosk", "actions", "rasa"}


def test_every_service_has_a_healthcheck(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        check = service.get("healthcheck") or {}
        assert not check.get("disable"), name
        test = check.get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, name
        assert check.get("start_period"), f"{name}: give it time to start"


def test_services_start_once_what_they_need_is_healthy(
    services: dict[str, dict[str, Any]],
) -> None:
    for name, service in services.items():
        needs = service.get("depends_on") or {}
        assert isinstance(needs, dict), f"{name}: depends_on needs conditions"
        for other, rule in needs.items():
            assert other in services, f"{name} depends on unknown {other}"
            assert rule == {"condition": "service_healthy"}, f"{name} -> {other}"
    order: list[str] = []  # a start order exists: no cycle
    while len(order) < len(services):
        ready = [
            n
            for n, s in services.items()
            if n not in order and set(s.get("depends_on") or {}) <= set(order)
        ]
        assert ready, f"depends_on cycle among {set(services) - set(order)}"
        order += ready
    assert order.index("rasa") > order.index("actions") > order.index("kiosk")


def test_data_lives_in_named_volumes(services: dict[str, dict[str, Any]]) -> None:
    declared = set(load_compose().get("volumes") or {})
    assert "postgres-data" in declared
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    for mount in services["postgres"]["volumes"]:
        source = mount.split(":")[0]
        if source.startswith("."):
            assert (REPO / source).exists(), mount


# -- secrets -------------------------------------------------------------------------


def test_secrets_are_required_from_the_environment_without_defaults() -> None:
    text = COMPOSE.read_text()
    used = [m for m in VARIABLE.finditer(text) if SECRET.search(m["name"])]
    assert {m["name"] for m in used} == set(ENV)
    for match in used:
        assert match["op"] == ":?" and match["arg"].strip(), match[0]


def test_no_secret_is_written_in_the_file(services: dict[str, dict[str, Any]]) -> None:
    raw = yaml.safe_load(COMPOSE.read_text())["services"]
    for name, service in raw.items():
        for key, value in environment(service).items():
            if not SECRET.search(key):
                continue
            # Either passed through from the host (no value) or required (${X:?...}).
            assert value is None or re.fullmatch(r"\$\{\w+:\?[^}]+\}", value), (name, key)
    database = make_url(environment(services["kiosk"])["MOTCUA_DATABASE_URL"] or "")
    assert database.password == ENV["MOTCUA_DB_PASSWORD"]


@pytest.mark.parametrize("missing", sorted(ENV))
def test_compose_refuses_to_start_without_a_secret(missing: str) -> None:
    env = {k: v for k, v in ENV.items() if k != missing}
    with pytest.raises(KeyError, match=missing):
        load_compose(env)
    with pytest.raises(KeyError, match=missing):
        load_compose({**env, missing: ""})  # `:?` refuses an empty value too


def test_rasa_http_api_is_behind_the_token_that_the_kiosk_has(
    services: dict[str, dict[str, Any]],
) -> None:
    kiosk, rasa = environment(services["kiosk"]), environment(services["rasa"])
    assert kiosk["MOTCUA_RASA_TOKEN"] == rasa["MOTCUA_RASA_TOKEN"] == ENV["MOTCUA_RASA_TOKEN"]
    assert "--auth-token" not in rasa_command(services)  # kept off the command line
    script = (REPO / "bot" / "scripts" / "rasa_run.py").read_text()
    assert 'os.environ.get("MOTCUA_RASA_TOKEN"' in script and 'f"--auth-token={token}"' in script
    for check in (services["rasa"]["healthcheck"]["test"][-1], dockerfile(services["rasa"])):
        text = check if isinstance(check, str) else check.read_text()
        assert "/status?token=" in text and "MOTCUA_RASA_TOKEN" in text


def test_forwarded_headers_are_trusted_from_configured_proxies_only(
    services: dict[str, dict[str, Any]],
) -> None:
    kiosk = environment(services["kiosk"])
    assert "FORWARDED_ALLOW_IPS" not in kiosk  # uvicorn's "*" believed any client
    assert kiosk["MOTCUA_TRUSTED_PROXIES"] is None  # passed through from the host when set


# -- environment names against the code ------------------------------------------------


def test_kiosk_environment_names_are_settings(services: dict[str, dict[str, Any]]) -> None:
    known = setting_names(Settings, ConnectorSettings, KnowledgeSettings)
    names = set(environment(services["kiosk"]))
    names |= {
        name
        for word, args in instructions(dockerfile(services["kiosk"]))
        if word == "ENV"
        for name in re.findall(r"(\w+)=", args)
    }
    motcua = {n for n in names if n.startswith("MOTCUA_")}
    assert motcua - known == set(), "not read by kiosk.core.config.Settings"
    assert {"MOTCUA_DATABASE_URL", "MOTCUA_RASA_URL", "MOTCUA_SERVICE_TOKEN"} <= motcua
    # Every channel secret the connectors read can be passed through.
    channel_secrets = {n for n in setting_names(ConnectorSettings) if SECRET.search(n)}
    assert channel_secrets <= names


def test_action_server_environment_is_what_the_actions_read(
    services: dict[str, dict[str, Any]],
) -> None:
    source = "\n".join(p.read_text() for p in (REPO / "bot" / "actions").glob("*.py"))
    read = set(re.findall(r"""(?:environ\.get|getenv|environ\[)\(?["'](\w+)["']""", source))
    names = set(environment(services["actions"]))
    assert names <= read
    assert {"MOTCUA_KIOSK_URL", "MOTCUA_SERVICE_TOKEN"} <= names


def rasa_endpoints_file(services: dict[str, dict[str, Any]]) -> Path:
    """The --endpoints file of the rasa image's CMD, relative to its WORKDIR (bot/)."""
    command = rasa_command(services)
    assert "--enable-api" in command  # the kiosk reads the tracker (recognised intent)
    return REPO / "bot" / command[command.index("--endpoints") + 1]


def rasa_command(services: dict[str, dict[str, Any]]) -> list[str]:
    """The rasa image's CMD: `rasa run` through scripts/rasa_run.py (token from the env)."""
    steps = instructions(dockerfile(services["rasa"]))
    command: list[str] = json.loads(next(args for word, args in steps if word == "CMD"))
    workdir = next(args for word, args in steps if word == "WORKDIR")
    assert workdir == "/app/bot" and command[:2] == ["python", "scripts/rasa_run.py"]
    copied = [args.split() for word, args in steps if word == "COPY"]
    assert ["bot/scripts/rasa_run.py", "scripts/rasa_run.py"] in copied
    return command


def test_rasa_environment_fills_exactly_its_endpoints_file(
    services: dict[str, dict[str, Any]],
) -> None:
    path = rasa_endpoints_file(services)
    wanted = {m["name"] for m in VARIABLE.finditer(path.read_text())}
    given = {n for n in environment(services["rasa"]) if n.startswith("MOTCUA_")}
    # Rasa stops at start-up on a ${...} it cannot fill; the token is rasa_run.py's.
    assert given == wanted | {"MOTCUA_RASA_TOKEN"}


def test_production_endpoints_use_postgresql_and_redis_and_the_default_stays_sqlite(
    services: dict[str, dict[str, Any]],
) -> None:
    production = yaml.safe_load(rasa_endpoints_file(services).read_text())
    assert production["tracker_store"]["type"] == "SQL"
    assert production["tracker_store"]["dialect"] == "postgresql"
    # Redis, through a lock store whose ticket queue changes atomically (bot/lock_store.py).
    assert production["lock_store"]["type"] == "lock_store.AtomicRedisLockStore"
    default = yaml.safe_load((REPO / "bot" / "endpoints.yml").read_text())
    assert "lock_store" not in default  # one process: in-memory locks
    run_all = (REPO / "bot" / "scripts" / "run-all.sh").read_text()
    assert 'MOTCUA_TRACKER_DIALECT="${MOTCUA_TRACKER_DIALECT:-sqlite}"' in run_all
    assert default["tracker_store"]["dialect"] == "${MOTCUA_TRACKER_DIALECT}"


def test_service_urls_point_at_services_on_their_ports(
    services: dict[str, dict[str, Any]],
) -> None:
    env = {n: v for s in services.values() for n, v in environment(s).items() if v}
    urls = {n: v for n, v in env.items() if re.match(r"^[a-z+]+://", v) and "PUBLIC" not in n}
    assert urls
    for name, url in urls.items():
        parts = urlsplit(url)
        assert parts.hostname in services, (name, url)
        if parts.scheme == "http":
            assert parts.port in exposed_ports(services[parts.hostname]), (name, url)
    database = make_url(env["MOTCUA_DATABASE_URL"])
    assert (database.get_backend_name(), database.get_driver_name()) == ("postgresql", "psycopg")
    assert database.database == environment(services["postgres"])["POSTGRES_DB"]
    rasa = environment(services["rasa"])
    assert rasa["MOTCUA_TRACKER_HOST"] == "postgres" and rasa["MOTCUA_REDIS_HOST"] == "redis"
    assert rasa["MOTCUA_TRACKER_USER"] == environment(services["postgres"])["POSTGRES_USER"]
    init = (REPO / "deploy" / "postgres").glob("*.sql")
    assert any(f"CREATE DATABASE {rasa['MOTCUA_TRACKER_DB']};" in p.read_text() for p in init)


# -- Dockerfiles ------------------------------------------------------------------------


def test_images_use_the_right_python(services: dict[str, dict[str, Any]]) -> None:
    expected = {"kiosk": "python:3.11", "rasa": "python:3.10", "actions": "python:3.10"}
    for name, python in expected.items():
        base = next(
            args for word, args in instructions(dockerfile(services[name])) if word == "FROM"
        )
        assert base.startswith(python), (name, base)
    for name in ("postgres", "redis"):
        assert "build" not in services[name]


def test_dockerfiles_copy_only_what_exists_and_is_not_ignored(
    services: dict[str, dict[str, Any]],
) -> None:
    ignored = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ".env" in ignored and ".venv" in ignored
    for name in ("kiosk", "rasa", "actions"):
        for word, args in instructions(dockerfile(services[name])):
            if word != "COPY":
                continue
            for source in args.split()[:-1]:
                assert (REPO / source).exists(), (name, source)
                assert not any(fnmatch(source, pattern) for pattern in ignored), (name, source)


def test_kiosk_image_has_the_postgresql_driver(services: dict[str, dict[str, Any]]) -> None:
    steps = instructions(dockerfile(services["kiosk"]))
    assert any(word == "RUN" and "pip install '.[postgres]'" in args for word, args in steps)
    pyproject = (REPO / "pyproject.toml").read_text()
    assert re.search(r'^postgres = \["psycopg\[binary\]', pyproject, re.M)


# -- real tools --------------------------------------------------------------------------


def compose_cli() -> list[str] | None:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return command
    return None


def test_docker_compose_config_accepts_the_file() -> None:
    command = compose_cli()
    assert command is not None, "docker-compose is missing: `make apt` installs it"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    config = [*command, "-f", str(COMPOSE), "config", "--quiet"]
    missing = subprocess.run(config, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "MOTCUA_DB_PASSWORD" in missing.stderr
    done = subprocess.run(config, env={**env, **ENV}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def rasa_python() -> Path:
    venv = Path(os.environ.get("MOTCUA_RASA_VENV", REPO / ".venv-rasa"))
    python = venv / "bin" / "python"
    if not python.exists():
        pytest.fail(f"{python} is missing: run bot/setup-venv.sh (or `make test`)")
    return python


def run_rasa_endpoints(endpoints: Path, env: Mapping[str, str]) -> dict[str, Any]:
    sender = f"deploy-{uuid.uuid4().hex[:8]}"
    script = Path(__file__).with_name("rasa_endpoints.py")
    done = subprocess.run(
        [str(rasa_python()), str(script), str(endpoints), sender],
        cwd=REPO / "bot",
        env={"PATH": os.environ.get("PATH", ""), "RASA_TELEMETRY_ENABLED": "false", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.fixture
def tracker_database(postgres_server: PostgresServer) -> Iterator[dict[str, str]]:
    """A new database for Rasa's tracker store; host, name, user and password of it."""
    name = f"rasa_{uuid.uuid4().hex[:10]}"
    with postgres_server.admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    url = make_url(postgres_server.url)
    host = url.query.get("host") or url.host or ""
    if url.port:
        host = f"{host}:{url.port}"
    try:
        yield {
            "host": str(host),
            "db": name,
            "user": url.username or "",
            "password": url.password or "",
        }
    finally:
        with postgres_server.admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")


def test_rasa_runs_the_production_endpoints_on_postgresql(
    services: dict[str, dict[str, Any]], tracker_database: dict[str, str]
) -> None:
    env = {n: v or "" for n, v in environment(services["rasa"]).items() if n.startswith("MOTCUA_")}
    env |= {
        "MOTCUA_TRACKER_HOST": tracker_database["host"],
        "MOTCUA_TRACKER_DB": tracker_database["db"],
        "MOTCUA_TRACKER_USER": tracker_database["user"],
        "MOTCUA_TRACKER_PASSWORD": tracker_database["password"],
    }
    report = run_rasa_endpoints(rasa_endpoints_file(services), env)
    assert report["lock_store"] == "AtomicRedisLockStore" and report["lock_key_prefix"].startswith(
        "motcua"
    )
    assert (report["tracker_store"], report["dialect"]) == ("SQLTrackerStore", "postgresql")
    assert report["texts"] == [
        "xin chào, tôi muốn làm căn cước",
        "Chào anh/chị, tôi giúp được gì ạ?",
    ]


def test_rasa_default_endpoints_stay_on_sqlite_with_memory_locks(tmp_path: Path) -> None:
    env = {  # the defaults of bot/scripts/run-all.sh
        "MOTCUA_ACTIONS_URL": "http://127.0.0.1:5055/webhook",
        "MOTCUA_TRACKER_DIALECT": "sqlite",
        "MOTCUA_TRACKER_DB": str(tmp_path / "tracker.db"),
        "MOTCUA_TRACKER_HOST": "",
        "MOTCUA_TRACKER_USER": "",
        "MOTCUA_TRACKER_PASSWORD": "",
    }
    report = run_rasa_endpoints(REPO / "bot" / "endpoints.yml", env)
    assert report["lock_store"] == "InMemoryLockStore"
    assert (report["tracker_store"], report["dialect"]) == ("SQLTrackerStore", "sqlite")
    assert len(report["texts"]) == 2 and (tmp_path / "tracker.db").exists()
