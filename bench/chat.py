"""A chat turn end to end (writes bench/chat.md).

kiosk POST /api/v1/chat -> Rasa (REST channel, SQLite tracker store) -> action server
-> kiosk API -> knowledge (retrieval) -> back. The servers are the real ones, each in
its own process, started exactly as the end-to-end tests start them (tests/stack.py):
`python -m kiosk serve`, `rasa run actions`, `rasa run` with the trained model. The
kiosk's clock is pinned; rate limiting is off (every client is on 127.0.0.1).

Two kinds of turn are measured in the same run, interleaved in every conversation:
- plain (the baseline): "xin chào" -> greet -> utter_greet, Rasa alone (NLU, policies,
  tracker store) behind the kiosk's relay, no custom action;
- procedure: a citizen's procedure question -> action_answer_procedure -> the kiosk's
  search and procedure detail -> a card built from catalog fields.
Each conversation is a fresh kiosk session of four turns (plain, procedure, plain,
procedure). Sequentially, conversations run one after another; concurrently, 20
conversations run at once (each of the 20 clients goes through several conversations
back to back). Concurrently means two things, both measured:
- 20 conversations at once as people hold them: each client waits a think time
  (uniform 2-6 s: reading the answer, typing) before each turn. This is the target.
- 20 clients back to back, no think time: the saturation point (throughput), where
  latency is mostly queueing behind the other 19.
A turn's latency is the kiosk chat call, first byte to last; every answer is checked
(not degraded, the right intent, a card for a procedure turn).

Absolute numbers move with the machine's load, so each row is also given as a ratio to
the plain turn measured in the same phase. CPU seconds per turn of each server process
show where the time goes.

Run: .venv/bin/python bench/chat.py [--conversations 30] [--concurrency 20] [--rounds 3]
(needs .venv-rasa and a trained model: `make bot`, or bot/scripts/train-if-needed.sh)
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import secrets
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

from knowledge import machine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import stack  # noqa: E402  (the servers, started as the end-to-end tests start them)

PLAIN = "xin chào"
QUESTIONS = [
    "làm giấy khai sinh cho con thế nào",
    "thu tuc lam ho chieu o dau",
    "đăng ký kết hôn làm ở đâu",
    "cấp lại căn cước bị mất làm sao",
    "lam so do lan dau mat bao lau",
    "đăng ký tạm trú nộp ở đâu",
    "chứng thực bản sao ở đâu",
    "thủ tục khai tử thế nào",
    "thủ tục xin giấy phép xây dựng nhà ở thế nào",
    "dang ky ho kinh doanh o dau",
    "cấp phiếu lý lịch tư pháp mất bao lâu",
    "đăng ký thường trú cho con thế nào",
]
TARGET_SEQUENTIAL_MS = 150.0
TARGET_CONCURRENT_MS = 400.0


@dataclass
class Turn:
    kind: str  # "plain" or "procedure"
    ms: float


@dataclass
class Phase:
    name: str
    concurrency: int
    think: tuple[float, float] | None = None  # seconds before each turn (paced clients)
    turns: list[Turn] = field(default_factory=list)
    wall: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def ms(self, kind: str) -> list[float]:
        return [t.ms for t in self.turns if t.kind == kind]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


class Servers:
    """The three processes of the stack (kiosk, actions, Rasa) for one benchmark run."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: dict[str, stack.Process] = {}

    def start(self) -> tuple[str, str]:
        model = stack.BOT / "models" / "motcua.tar.gz"
        if not model.exists():
            raise SystemExit(
                f"{model} is missing: run `make bot` (or bot/scripts/train-if-needed.sh)"
            )
        kiosk_port, actions_port, rasa_port = (stack.free_port() for _ in range(3))
        kiosk_url = f"http://127.0.0.1:{kiosk_port}"
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        actions_url = f"http://127.0.0.1:{actions_port}"
        logs = self.workdir / "logs"
        token = secrets.token_urlsafe(24)  # Rasa's HTTP API, for the kiosk's tracker reads
        self.processes["kiosk"] = stack.start(
            "kiosk",
            [str(stack.kiosk_python()), "-m", "kiosk", "serve"],
            ROOT,
            stack.kiosk_env(
                self.workdir / "kiosk", kiosk_port, rasa_url, rasa_timeout=30, rasa_token=token
            ),
            logs / "kiosk.log",
        )
        self.processes["actions"] = stack.start_actions(
            actions_port, kiosk_url, logs / "actions.log"
        )
        self.processes["rasa"] = stack.start_rasa(
            model,
            rasa_port,
            actions_url,
            self.workdir / "rasa" / "tracker.db",
            logs / "rasa.log",
            token,
        )
        deadline = time.monotonic() + stack.wait_seconds()
        self.processes["kiosk"].wait_healthy(f"{kiosk_url}/api/v1/health", deadline)
        self.processes["actions"].wait_healthy(f"{actions_url}/health", deadline)
        self.processes["rasa"].wait_healthy(f"{rasa_url}/status?token={token}", deadline)
        return kiosk_url, rasa_url

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by each server (with its children)."""
        used = {}
        for name, process in self.processes.items():
            total = 0.0
            try:
                root = psutil.Process(process.popen.pid)
                for proc in [root, *root.children(recursive=True)]:
                    times = proc.cpu_times()
                    total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
            used[name] = total
        return used

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()


async def turn(client: httpx.AsyncClient, session: str, kind: str, message: str) -> Turn:
    start = time.perf_counter()
    response = await client.post("/api/v1/chat", json={"session_id": session, "message": message})
    ms = (time.perf_counter() - start) * 1000
    response.raise_for_status()
    reply = response.json()
    intent = (reply.get("intent") or {}).get("name")
    if reply["degraded"]:
        raise RuntimeError(f"degraded answer to {message!r}: {reply}")
    if kind == "plain" and intent != "greet":
        raise RuntimeError(f"{message!r} understood as {intent}")
    if kind == "procedure":
        cards = [
            m for m in reply["messages"] if (m["custom"] or {}).get("type") == "procedure_card"
        ]
        if intent != "ask_procedure" or not cards:
            raise RuntimeError(f"no procedure card for {message!r} ({intent}): {reply['messages']}")
    return Turn(kind, ms)


async def conversation(
    client: httpx.AsyncClient, index: int, think: tuple[float, float] | None, rng: random.Random
) -> list[Turn]:
    session = f"bench-{uuid.uuid4().hex[:10]}"
    first, second = (QUESTIONS[(2 * index + i) % len(QUESTIONS)] for i in range(2))
    turns = []
    for kind, message in (
        ("plain", PLAIN),
        ("procedure", first),
        ("plain", PLAIN),
        ("procedure", second),
    ):
        if think:
            await asyncio.sleep(rng.uniform(*think))
        turns.append(await turn(client, session, kind, message))
    return turns


async def run_phase(
    kiosk_url: str,
    servers: Servers,
    name: str,
    concurrency: int,
    conversations: int,
    think: tuple[float, float] | None = None,
) -> Phase:
    phase = Phase(name, concurrency, think)
    rng = random.Random(conversations * 7 + concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=kiosk_url, timeout=60, limits=limits) as client:
        counter = iter(range(conversations))

        async def client_loop() -> None:
            for index in counter:
                phase.turns.extend(await conversation(client, index, think, rng))

        before = servers.cpu()
        start = time.perf_counter()
        await asyncio.gather(*(client_loop() for _ in range(concurrency)))
        phase.wall = time.perf_counter() - start
        after = servers.cpu()
    phase.cpu = {k: after[k] - before[k] for k in after}
    return phase


def merge(phases: list[Phase]) -> Phase:
    merged = Phase(phases[0].name, phases[0].concurrency, phases[0].think)
    for phase in phases:
        merged.turns.extend(phase.turns)
        merged.wall += phase.wall
        for key, value in phase.cpu.items():
            merged.cpu[key] = merged.cpu.get(key, 0.0) + value
    return merged


def table(phases: list[Phase]) -> list[str]:
    lines = [
        "| phase | turn | turns | p50 ms | p95 ms | p95 ratio to plain | target p95 |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for phase in phases:
        plain_p95 = percentile(phase.ms("plain"), 0.95)
        target = TARGET_SEQUENTIAL_MS if phase.concurrency == 1 else TARGET_CONCURRENT_MS
        saturation = phase.concurrency > 1 and phase.think is None
        for kind, label in (
            ("plain", "plain (greet, Rasa only)"),
            ("procedure", "procedure question"),
        ):
            values = phase.ms(kind)
            p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
            verdict = f"≤ {target:.0f} ms: {'met' if p95 <= target else 'missed'}"
            if saturation:
                verdict = "none (saturation)"
            lines.append(
                f"| {phase.name} | {label} | {len(values)} | {p50:.0f} | {p95:.0f} | "
                f"{p95 / plain_p95:.2f} | {verdict if kind == 'procedure' else ''} |"
            )
    return lines


def cpu_table(phases: list[Phase]) -> list[str]:
    lines = [
        "| phase | turns/s | kiosk CPU ms/turn | Rasa CPU ms/turn | actions CPU ms/turn |",
        "|---|---:|---:|---:|---:|",
    ]
    for phase in phases:
        count = len(phase.turns)
        per = {k: 1000 * v / count for k, v in phase.cpu.items()}
        lines.append(
            f"| {phase.name} | {count / phase.wall:.1f} | {per['kiosk']:.0f} | {per['rasa']:.0f} | "
            f"{per['actions']:.0f} |"
        )
    return lines


async def measure(args: argparse.Namespace, kiosk_url: str, servers: Servers) -> list[Phase]:
    await run_phase(kiosk_url, servers, "warm-up", 1, 3)
    sequential: list[Phase] = []
    paced: list[Phase] = []
    saturated: list[Phase] = []
    clients, conversations = args.concurrency, args.concurrency * args.per_client
    think = (args.think_min, args.think_max)
    for _ in range(args.rounds):
        sequential.append(await run_phase(kiosk_url, servers, "sequential", 1, args.conversations))
        name = f"{clients} concurrent conversations"
        paced.append(await run_phase(kiosk_url, servers, name, clients, conversations, think))
        name = f"{clients} clients back to back"
        saturated.append(await run_phase(kiosk_url, servers, name, clients, conversations))
    return [merge(sequential), merge(paced), merge(saturated)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=15, help="per sequential round")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--per-client", type=int, default=2, help="conversations per client")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--think-min", type=float, default=2.0, help="seconds (paced clients)")
    parser.add_argument("--think-max", type=float, default=6.0, help="seconds (paced clients)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "chat.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="motcua-chat-bench-") as workdir:
        servers = Servers(Path(workdir))
        try:
            kiosk_url, _ = servers.start()
            phases = asyncio.run(measure(args, kiosk_url, servers))
        finally:
            servers.stop()

    load = psutil.getloadavg()
    text = "\n".join(
        [
            "# Chat turn: kiosk → Rasa → action server → kiosk API → knowledge",
            "",
            "Written by `bench/chat.py` (see its docstring for the method). A turn is one "
            "`POST /api/v1/chat` to the kiosk, which relays to Rasa's REST channel and reads "
            "the recognised intent; the *procedure* turn runs `action_answer_procedure` "
            "(kiosk search + procedure detail → card), the *plain* turn is `greet → "
            "utter_greet` (Rasa alone), measured in the same conversations as the baseline.",
            "",
            *table(phases),
            "",
            "Where the time goes (CPU of each server process, all turns of the phase):",
            "",
            *cpu_table(phases),
            "",
            f"Machine: {machine.describe()}, Python "
            f"{platform.python_version()}; load average at the end "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (a shared machine: compare the "
            "ratios, not only the absolute numbers). Sequential: "
            f"{args.rounds} rounds × {args.conversations} conversations; concurrent: "
            f"{args.rounds} rounds × {args.concurrency} clients × {args.per_client} "
            f"conversations, first with a think time of {args.think_min:g}–{args.think_max:g} s "
            "before each turn (20 people chatting at once: the target), then back to back "
            "(saturation: every turn waits behind the 19 others, latency ≈ clients ÷ "
            "throughput); 4 turns per conversation (2 plain, 2 procedure).",
            "",
        ]
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
