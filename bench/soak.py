"""Soak: steady mixed traffic on two instances (PostgreSQL + Redis) for a long time, with each
instance's memory sampled, to show it stays flat.

    .venv/bin/python bench/soak.py [--minutes 10] [--users 12] [--sample 30] [--database-url URL]

Each virtual user alternates instances and loops over: catalogue, a search, a product page,
add to the cart, the cart, a chat turn of the scripted sale, and every tenth loop a sale
through the API; a few websockets stay open and chat too. Every `--sample` seconds it prints
each instance's RSS with the requests and errors so far; at the end, the RSS growth from the
first sample after warm-up to the last. Figures only, no assertions.
"""
from __future__ import annotations

import argparse
import json
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
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--sockets", type=int, default=4)
    parser.add_argument("--sample", type=float, default=30, help="seconds between memory samples")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = database_url(args.database_url)
    with tempfile.TemporaryDirectory() as tmp, cluster(Path(tmp), url) as (servers, _, _, env):
        bases = [s.url for s in servers]
        auth = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
        products = requests.get(bases[0] + "/productos/?por_pagina=40", timeout=30).json()["productos"]
        stop = threading.Event()
        lock = threading.Lock()
        statuses, latencies = Counter(), []

        def call(method, url_, **kw):
            started = time.perf_counter()
            try:
                response = method(url_, timeout=60, **kw)
                status = response.status_code
            except requests.RequestException as exc:
                response, status = None, "sin respuesta: " + type(exc).__name__
            with lock:
                statuses[status] += 1
                latencies.append((time.perf_counter() - started) * 1000)
            return response

        def user(n: int) -> None:
            session, hop, loop, chat_id = requests.Session(), n, 0, None
            while not stop.is_set():
                loop += 1
                product = products[(n * 5 + loop) % len(products)]

                def base():
                    nonlocal hop
                    hop += 1
                    return bases[hop % 2]
                page = call(session.get, base() + "/")
                token = CSRF.search(page.text).group(1) if page is not None and page.status_code == 200 else ""
                call(session.get, base() + "/?q=" + ("casco", "extintor", "guantes nitrilo", "senalizacion")[loop % 4])
                call(session.get, f"{base()}/producto/{product['id']}")
                call(session.post, base() + "/carrito/agregar",
                     data={"product_id": product["id"], "cantidad": 1, "csrf_token": token})
                call(session.get, base() + "/carrito")
                step = loop % len(SCRIPT)
                reply = call(session.post, base() + "/chat/texto", headers={"X-CSRFToken": token},  # the page's
                             json={"mensaje": SCRIPT[step], "chat_id": chat_id if step else None})
                chat_id = reply.json().get("chat_id") if reply is not None and reply.status_code == 200 else None
                if loop % 10 == 0:
                    call(requests.post, base() + "/ventas/", headers=auth, json={
                        "cliente": {"nombre": f"Cliente Soak {n}", "cedula": str(30_000_000 + n * 10_000 + loop),
                                    "telefono": "3001234567", "email": f"soak{n}@correo.co",
                                    "direccion": "Calle 1 # 2-3", "ciudad": "Cali"},
                        "lineas": [{"sku": product["sku"], "cantidad": 1}]})
                if loop % 25 == 0:
                    session = requests.Session()  # a new shopper (a new cart and chat) now and then

        def socket_user(n: int) -> None:
            from websockets.sync.client import connect
            while not stop.is_set():
                try:
                    with connect(f"ws://{servers[n % 2].host}/ws/chat", open_timeout=30) as ws:
                        json.loads(ws.recv(timeout=30))
                        for message in SCRIPT:
                            if stop.is_set():
                                return
                            started = time.perf_counter()
                            ws.send(json.dumps({"type": "message", "mensaje": message}))
                            while json.loads(ws.recv(timeout=60))["type"] != "response_end":
                                pass
                            with lock:
                                statuses["ws"] += 1
                                latencies.append((time.perf_counter() - started) * 1000)
                            stop.wait(1.0)
                except Exception:  # noqa: BLE001 - counted, and the customer reconnects
                    with lock:
                        statuses["ws error"] += 1

        threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
        threads += [threading.Thread(target=socket_user, args=(n,), daemon=True) for n in range(args.sockets)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        print(f"soak: 2 instances x 1 gevent worker, PostgreSQL + Redis; {args.users} users + {args.sockets} "
              f"sockets for {args.minutes:g} min")
        print(f"{'min':>5} " + " ".join(f"{s.name + ' MB':>16}" for s in servers) + f" {'requests':>9} {'errors':>6}")
        samples = []
        while time.monotonic() - began < args.minutes * 60:
            time.sleep(min(args.sample, max(0.1, args.minutes * 60 - (time.monotonic() - began))))
            rss = [s.rss_mb() for s in servers]
            with lock:
                done = sum(statuses.values())
                errors = sum(n for k, n in statuses.items() if str(k).startswith(("sin respuesta", "ws error"))
                             or (isinstance(k, int) and k >= 500))
            samples.append(rss)
            print(f"{(time.monotonic() - began) / 60:5.1f} " + " ".join(f"{r:16.0f}" for r in rss)
                  + f" {done:9d} {errors:6d}", flush=True)
        stop.set()
        for thread in threads:
            thread.join(90)
        wall = time.monotonic() - began
        warm = samples[min(1, len(samples) - 1)]
        print(f"requests {sum(statuses.values())} ({sum(statuses.values()) / wall:.1f}/s), {summary(latencies)}; "
              f"statuses {dict(sorted(statuses.items(), key=str))}")
        print("RSS from the second sample to the last: " + ", ".join(
            f"{s.name} {w:.0f} → {last:.0f} MB ({last - w:+.0f})" for s, w, last in zip(servers, warm, samples[-1])))
        print("errors logged (500s): " + ", ".join(f"{s.name} {s.errors_logged()}" for s in servers))


if __name__ == "__main__":
    main()
