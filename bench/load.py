"""50 concurrent shoppers chatting through real HTTP; throughput, latency and server memory.

Run: .venv/bin/python bench/load.py [--users 50] [--rounds 3]
Each user runs the scripted sale of bench/chat_turns.py; prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

from chat_turns import SCRIPT, free_port, prepare, start_server


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn master + workers)."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def reset_schema(url: str) -> None:
    from sqlalchemy import create_engine, text
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="e.g. a PostgreSQL URL (its tables are dropped and recreated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            reset_schema(args.database_url)
        env = prepare(Path(tmp), None, args.database_url)
        port = free_port()
        server = start_server(env, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            latencies: list[float] = []
            errors = []
            lock = threading.Lock()
            start = threading.Barrier(args.users)

            def shopper() -> None:
                session = requests.Session()
                start.wait()
                for _ in range(args.rounds):
                    chat_id = None
                    for message in SCRIPT:
                        t = time.perf_counter()
                        response = session.post(base + "/chat/texto", json={"mensaje": message, "chat_id": chat_id}, timeout=60)
                        elapsed = (time.perf_counter() - t) * 1000
                        with lock:
                            latencies.append(elapsed)
                            if response.status_code != 200:
                                errors.append(response.status_code)
                        chat_id = response.json().get("chat_id") if response.status_code == 200 else None

            threads = [threading.Thread(target=shopper) for _ in range(args.users)]
            began = time.perf_counter()
            for t in threads:
                t.start()
            peak = 0.0
            while any(t.is_alive() for t in threads):
                peak = max(peak, rss_mb(server.pid))
                time.sleep(0.2)
            wall = time.perf_counter() - began
            latencies.sort()
            engine = "PostgreSQL" if args.database_url else "SQLite"
            print(f"{args.users} concurrent users x {args.rounds} scripted sales ({len(SCRIPT)} turns each), "
                  f"gunicorn gevent x{args.workers}, {engine}")
            print(f"turns={len(latencies)} errors={len(errors)} wall={wall:.1f} s throughput={len(latencies) / wall:.0f} turns/s "
                  f"sales/s={args.users * args.rounds / wall:.1f}")
            print(f"latency p50={statistics.median(latencies):.0f} ms p95={latencies[int(len(latencies) * .95) - 1]:.0f} ms "
                  f"max={latencies[-1]:.0f} ms; server memory peak (all processes) {peak:.0f} MB")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
