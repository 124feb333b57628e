"""Concurrent shoppers and chats on PostgreSQL with two instances (Redis shared), every
request alternating between the instances as a proxy without affinity would send them.

    .venv/bin/python bench/instances.py [--chats 40] [--shoppers 20] [--seconds 60] [--database-url URL]

- chats: the scripted sale of chat_turns.py over POST /chat/texto, each turn to the other
  instance (the conversation lives in PostgreSQL, not in a worker);
- shoppers: catalogue, search, a product page, add to the cart (with the page's CSRF token),
  the cart page, each request to the other instance; one in five also buys through the API
  (POST /ventas/ with a staff token).

Prints turns/s and requests/s, p50/p95, errors, each instance's peak RSS, and checks in the
database that every sale has its lines and its total. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

from chat_turns import SCRIPT
from cluster import cluster, database_url, summary

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=40)
    parser.add_argument("--shoppers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="gevent workers per instance")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = database_url(args.database_url)
    with tempfile.TemporaryDirectory() as tmp, cluster(Path(tmp), url, workers=args.workers) as (servers, _, _, env):
        bases = [s.url for s in servers]
        auth = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
        products = requests.get(bases[0] + "/productos/?por_pagina=50", timeout=30).json()["productos"]
        lock = threading.Lock()
        turns, pages, sales, statuses, failures = [], [], [], Counter(), Counter()
        stop_at = time.monotonic() + args.seconds
        start = threading.Barrier(args.chats + args.shoppers + 1)

        def record(bucket: list, started: float, response: requests.Response | None) -> None:
            with lock:
                bucket.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code if response is not None else "sin respuesta"] += 1

        def call(bucket, method, url, **kw):
            started = time.perf_counter()
            try:
                response = method(url, timeout=60, **kw)
            except requests.RequestException as exc:
                response = None
                with lock:
                    failures[type(exc).__name__] += 1
            record(bucket, started, response)
            return response

        def chatter(n: int) -> None:
            session = requests.Session()
            start.wait()
            hop = n
            while time.monotonic() < stop_at:
                chat_id = None
                for message in SCRIPT:
                    hop += 1
                    response = call(turns, session.post, bases[hop % 2] + "/chat/texto",
                                    json={"mensaje": message, "chat_id": chat_id})
                    if response is None or response.status_code != 200 or time.monotonic() >= stop_at:
                        break
                    chat_id = response.json()["chat_id"]

        def shopper(n: int) -> None:
            session = requests.Session()
            start.wait()
            hop, round_ = n, 0
            while time.monotonic() < stop_at:
                round_ += 1
                product = products[(n * 7 + round_) % len(products)]
                hop += 1
                page = call(pages, session.get, bases[hop % 2] + "/")
                token = CSRF.search(page.text).group(1) if page is not None and page.status_code == 200 else ""
                hop += 1
                call(pages, session.get, bases[hop % 2] + "/?q=extintor")
                hop += 1
                call(pages, session.get, f"{bases[hop % 2]}/producto/{product['id']}")
                hop += 1
                call(pages, session.post, bases[hop % 2] + "/carrito/agregar",
                     data={"product_id": product["id"], "cantidad": 1, "csrf_token": token})
                hop += 1
                call(pages, session.get, bases[hop % 2] + "/carrito")
                if round_ % 5 == 0:
                    hop += 1
                    call(sales, requests.post, bases[hop % 2] + "/ventas/", headers=auth, json={
                        "cliente": {"nombre": f"Cliente Bench {n}", "cedula": str(10_000_000 + n),
                                    "telefono": "3001234567", "email": f"bench{n}@correo.co",
                                    "direccion": "Calle 1 # 2-3", "ciudad": "Cali"},
                        "lineas": [{"sku": product["sku"], "cantidad": 1}]})

        threads = [threading.Thread(target=chatter, args=(n,)) for n in range(args.chats)]
        threads += [threading.Thread(target=shopper, args=(n,)) for n in range(args.shoppers)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        peaks = [0.0] * len(servers)
        while any(t.is_alive() for t in threads):
            peaks = [max(p, s.rss_mb()) for p, s in zip(peaks, servers)]
            time.sleep(0.5)
        wall = time.perf_counter() - began

        from sqlalchemy import create_engine, text
        engine = create_engine(url)
        with engine.connect() as connection:
            placed = connection.execute(text("SELECT count(*) FROM orders WHERE placed_at IS NOT NULL")).scalar()
            broken = connection.execute(text(
                "SELECT count(*) FROM orders o WHERE o.placed_at IS NOT NULL AND (NOT EXISTS "
                "(SELECT 1 FROM order_lines l WHERE l.order_id = o.id) OR o.total <> (SELECT coalesce(sum("
                "l.unit_price * l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id))")).scalar()
            negative = connection.execute(text("SELECT count(*) FROM products WHERE stock < 0")).scalar()
        engine.dispose()

        errors = sum(n for code, n in statuses.items() if code == "sin respuesta" or int(code) >= 500)
        print(f"2 instances x {args.workers} gevent worker(s), PostgreSQL + Redis; {args.chats} chats and "
              f"{args.shoppers} shoppers for {wall:.0f} s, alternating instances on every request")
        print(f"chat turns: {len(turns)} ({len(turns) / wall:.1f} turns/s), {summary(turns)}")
        print(f"shopper requests: {len(pages)} ({len(pages) / wall:.1f} req/s), {summary(pages)}")
        print(f"API sales: {len(sales)}, {summary(sales)}")
        print(f"statuses: {dict(sorted(statuses.items(), key=str))}; errors (5xx or no answer): {errors}"
              + (f" ({dict(failures)})" if failures else ""))
        print("peak RSS: " + ", ".join(f"{s.name} {p:.0f} MB" for s, p in zip(servers, peaks)))
        print(f"database: {placed} sales placed, {broken} without lines or with a wrong total, "
              f"{negative} products with negative stock; errors logged: "
              + ", ".join(f"{s.name} {s.errors_logged()}" for s in servers))


if __name__ == "__main__":
    main()
