"""Chat conversations on the production topology (writes bench/topology.md).

The topology of tests/topology.py (nginx, two kiosks, two Rasa with the PostgreSQL
tracker store and the Redis lock store, two action servers, PostgreSQL, Redis), started
the way the tests start it. 200 conversations run at once through nginx, each a fresh
kiosk session of four turns (greeting, procedure question, greeting, procedure question):

- paced: each client waits a think time (uniform 2-6 s) before each turn, as people do;
- back to back: no think time, the saturation point (throughput).

Both with two replicas of each server, then, in the same run, with one replica of each
(the second kiosk, Rasa and action server stopped; nginx and the relay fail over to the
first). A turn's latency is POST /api/v1/chat through nginx, first byte to last; an error
is any answer that is not a 200 with Rasa's answer (degraded, no procedure card for a
procedure question). CPU seconds per turn of each kind of process (psutil, children
included) and each process's share of one core show which one saturates on 2 cores.

Run: .venv/bin/python bench/topology.py [--conversations 200] [--out bench/topology.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import topology as harness  # noqa: E402  (the topology, started as the tests start it)

PLAIN = "xin chào"
QUESTIONS = [
    "làm giấy khai sinh cho con thế nào",
    "thu tuc lam ho chieu o dau",
    "đăng ký kết hôn làm ở đâu",
    "cấp lại căn cước bị mất làm sao",
    "đăng ký tạm trú nộp ở đâu",
    "chứng thực bản sao ở đâu",
    "thủ tục khai tử thế nào",
    "dang ky ho kinh doanh o dau",
]
THINK = (2.0, 6.0)


@dataclass
class Phase:
    name: str
    replicas: int
    think: tuple[float, float] | None
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # seconds, by kind of process
    busiest: tuple[str, float] = ("", 0.0)  # process, share of one core

    @property
    def turns(self) -> int:
        return len(self.latencies) + self.errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values) or [float("nan")]
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def answered(reply: dict[str, object], procedure: bool) -> bool:
    messages = reply.get("messages") or []
    if reply.get("degraded") or not isinstance(messages, list) or not messages:
        return False
    cards = [m for m in messages if ((m or {}).get("custom") or {}).get("type") == "procedure_card"]
    return bool(cards) or not procedure


async def conversation(
    client: httpx.AsyncClient, index: int, phase: Phase, rng: random.Random
) -> None:
    session = f"bench-{uuid.uuid4().hex[:10]}"
    first, second = QUESTIONS[index % len(QUESTIONS)], QUESTIONS[(index + 3) % len(QUESTIONS)]
    for message, procedure in ((PLAIN, False), (first, True), (PLAIN, False), (second, True)):
        if phase.think:
            await asyncio.sleep(rng.uniform(*phase.think))
        start = time.perf_counter()
        try:
            body = {"session_id": session, "message": message}
            response = await client.post("/api/v1/chat", json=body)
            ok = response.status_code == 200 and answered(response.json(), procedure)
        except httpx.HTTPError:
            ok = False
        if ok:
            phase.latencies.append((time.perf_counter() - start) * 1000)
        else:
            phase.errors += 1


def cpu_seconds(services: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds used so far by each process (with its children), by name."""
    used = {}
    for name, pids in services.items():
        total = 0.0
        for pid in pids:
            try:
                root = psutil.Process(pid)
                for proc in [root, *root.children(recursive=True)]:
                    times = proc.cpu_times()
                    total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        used[name] = total
    return used


def processes(topo: harness.Topology) -> dict[str, list[int]]:
    found = {
        s.name: s.pids for s in topo.services() if s.process and s.process.popen.poll() is None
    }
    for name, part in (("nginx", topo.nginx), ("redis", topo.redis)):
        found[name] = [part.process.popen.pid] if part.process else []
    postgres = topo.postgres.server.data / "postmaster.pid"
    found["postgres"] = [int(postgres.read_text().split()[0])] if postgres.exists() else []
    return found


async def run_phase(topo: harness.Topology, phase: Phase, conversations: int) -> Phase:
    rng = random.Random(15)
    running = processes(topo)
    before = cpu_seconds(running)
    limits = httpx.Limits(max_connections=conversations, max_keepalive_connections=conversations)
    async with httpx.AsyncClient(base_url=topo.url, timeout=120, limits=limits) as client:
        began = time.perf_counter()
        await asyncio.gather(*(conversation(client, i, phase, rng) for i in range(conversations)))
        phase.wall = time.perf_counter() - began
    after = cpu_seconds(running)
    used = {name: after[name] - before[name] for name in running}
    phase.busiest = max(((n, s / phase.wall) for n, s in used.items()), key=lambda p: p[1])
    for name, seconds in used.items():
        kind = name.split("-")[0]
        phase.cpu[kind] = phase.cpu.get(kind, 0.0) + seconds
    return phase


def table(phases: list[Phase], load: tuple[float, float, float], started_in: float) -> str:
    kinds = ["kiosk", "rasa", "actions", "postgres", "redis", "nginx"]
    lines = [
        "# Chat on the production topology (bench/topology.py)",
        "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"load average at the start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        f"(other work on the machine counts against these numbers); topology up in "
        f"{started_in:.0f} s.",
        "",
        "| replicas | clients | think | turns | turns/s | p50 ms | p95 ms | errors | "
        + " | ".join(f"CPU ms/turn {k}" for k in kinds)
        + " | busiest process (share of a core) |",
        "|---" * (9 + len(kinds)) + "|",
    ]
    for p in phases:
        per_turn = [1000 * p.cpu.get(k, 0.0) / max(1, p.turns) for k in kinds]
        think = f"{p.think[0]:.0f}-{p.think[1]:.0f} s" if p.think else "none"
        lines.append(
            f"| {p.replicas} | {p.name} | {think} | {p.turns} | {p.turns / p.wall:.1f} | "
            f"{percentile(p.latencies, 0.5):.0f} | {percentile(p.latencies, 0.95):.0f} | "
            f"{p.errors} | "
            + " | ".join(f"{v:.0f}" for v in per_turn)
            + f" | {p.busiest[0]} ({p.busiest[1]:.0%}) |"
        )
    return "\n".join(lines) + "\n\n" + limit(phases[0], kinds) + "\n"


def limit(phase: Phase, kinds: list[str]) -> str:
    """Where the limit is on this machine, from the CPU each turn costs."""
    per_turn = {k: 1000 * phase.cpu.get(k, 0.0) / max(1, phase.turns) for k in kinds}
    total = sum(per_turn.values())
    cores = os.cpu_count() or 1
    return (
        f"Where the limit is: a turn costs {total:.0f} ms of CPU in all ({per_turn['rasa']:.0f} "
        f"in Rasa, {per_turn['kiosk']:.0f} in the kiosk, the rest in the action server, "
        f"PostgreSQL, Redis and nginx), so {cores} cores carry at most about "
        f"{1000 * cores / total:.0f} turns/s with every core free. A Rasa process handles "
        f"its turns on one core (asyncio): one replica tops out near "
        f"{1000 / per_turn['rasa']:.0f} turns/s, so a second one pays off only while the "
        f"cores have room; past that the machine, not a process, is the limit. An error is "
        f"a turn answered from the catalog because Rasa did not answer within the kiosk's "
        f"wait (30 s here), or no answer at all."
    )


async def bench(topo: harness.Topology, conversations: int) -> list[Phase]:
    phases = []
    for replicas in (2, 1):
        if replicas == 1:  # the same run, one of each: the second ones stopped
            for group in (topo.kiosks, topo.rasas, topo.actions):
                group[1].stop()
            await asyncio.sleep(6)  # nginx's fail_timeout: the stopped kiosk is known down
        for think in (THINK, None):
            phase = Phase(str(conversations), replicas, think)
            phases.append(await run_phase(topo, phase, conversations))
            sys.stdout.write(f"{phase.replicas} replicas, think {think}: {phase.turns} turns\n")
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "topology.md")
    args = parser.parse_args()
    model = harness.BOT / "models" / "motcua.tar.gz"
    if not model.is_file():
        raise SystemExit(f"{model} is missing: run bot/scripts/train-if-needed.sh")
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="motcua-bench-topology-") as folder:
        topo = harness.start_topology(Path(folder), model)
        try:
            phases = asyncio.run(bench(topo, args.conversations))
        finally:
            topo.close()
    args.out.write_text(table(phases, load, topo.started_in), encoding="utf-8")
    sys.stdout.write(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
