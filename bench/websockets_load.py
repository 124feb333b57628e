"""1,000 websockets over two instances (PostgreSQL + Redis): idle customers, a few active
chats, and staff messages fanned out through Redis to sockets on both instances.

    .venv/bin/python bench/websockets_load.py [--sockets 1000] [--active 20] [--seconds 30] [--database-url URL]

Prints: time to open the sockets, message → `response_end` latency of the active chats
while the rest stay open (p50/p95), staff message → socket latency across instances, each
instance's RSS with the sockets open. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from pathlib import Path

from chat_turns import SCRIPT
from cluster import cluster, database_url, summary


async def open_socket(host: str):
    from websockets.asyncio.client import connect
    ws = await connect(f"ws://{host}/ws/chat", open_timeout=60, ping_interval=None, max_queue=None)
    status = json.loads(await asyncio.wait_for(ws.recv(), 60))
    return ws, status["chat_id"]


async def until(ws, kind: str, timeout: float = 60) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame["type"] == kind:
            return frame


async def run(servers, args, redis_url: str) -> None:
    import redis.asyncio as aioredis
    hosts = [s.host for s in servers]
    began = time.perf_counter()
    sockets = []
    for batch in range(0, args.sockets, 50):
        sockets += await asyncio.gather(*(open_socket(hosts[n % 2]) for n in range(batch, min(batch + 50, args.sockets))))
    opened = time.perf_counter() - began
    rss_open = [s.rss_mb() for s in servers]
    print(f"{len(sockets)} sockets open over 2 instances in {opened:.1f} s; RSS with them open: "
          + ", ".join(f"{s.name} {r:.0f} MB" for s, r in zip(servers, rss_open)))

    active, latencies, stop_at = sockets[:args.active], [], time.monotonic() + args.seconds

    async def chat(ws) -> None:
        while time.monotonic() < stop_at:
            for message in SCRIPT:
                started = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "mensaje": message}))
                await until(ws, "response_end")
                latencies.append((time.perf_counter() - started) * 1000)
                if time.monotonic() >= stop_at:
                    return

    began = time.perf_counter()
    await asyncio.gather(*(chat(ws) for ws, _ in active))
    wall = time.perf_counter() - began
    print(f"{args.active} active chats for {wall:.0f} s beside {len(sockets) - args.active} idle sockets: "
          f"{len(latencies)} turns ({len(latencies) / wall:.1f}/s), message → response_end {summary(latencies)}")

    publisher = aioredis.Redis.from_url(redis_url)
    targets = random.Random(7).sample(sockets[args.active:], min(args.fanout, len(sockets) - args.active))
    delivered = []

    async def receive(ws, sent: float) -> None:
        await until(ws, "staff_message", 60)
        delivered.append((time.perf_counter() - sent) * 1000)

    sent = time.perf_counter()
    waits = [asyncio.create_task(receive(ws, sent)) for ws, _ in targets]
    for _, chat_id in targets:  # what staff's worker on either instance does
        await publisher.publish("vendedor:chat:" + chat_id, json.dumps(
            {"kind": "message", "texto": "Hola, te escribe una asesora.", "asesor": "Bench",
             "fecha": "2026-01-01T00:00:00+00:00"}))
    await asyncio.wait(waits, timeout=60)
    await publisher.aclose()
    print(f"staff messages to {len(targets)} sockets on both instances: {len(delivered)} delivered, "
          f"publish → socket {summary(delivered)}")
    print("RSS after: " + ", ".join(f"{s.name} {s.rss_mb():.0f} MB" for s in servers))
    await asyncio.gather(*(ws.close() for ws, _ in sockets), return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--active", type=int, default=20)
    parser.add_argument("--fanout", type=int, default=200, help="idle sockets that get a staff message")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = database_url(args.database_url)
    with tempfile.TemporaryDirectory() as tmp, cluster(Path(tmp), url) as (servers, redis_server, _, _):
        print("2 instances x 1 gevent worker, PostgreSQL + Redis; RSS before: "
              + ", ".join(f"{s.name} {s.rss_mb():.0f} MB" for s in servers))
        asyncio.run(run(servers, args, redis_server.url))


if __name__ == "__main__":
    main()
