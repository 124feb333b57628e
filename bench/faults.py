"""Faults under load, on the production shape (two gunicorn instances, PostgreSQL, Redis).

    .venv/bin/python bench/faults.py [--only db,redis,llm] [--database-url URL]

- db: PostgreSQL unreachable mid-load (the TCP proxy in front of it stops for `--outage`
  seconds, then comes back). Requests should fail fast with 503 and succeed again without
  a restart; afterwards the database is checked for half-written orders (a sale without
  lines, a total that is not the sum of its lines, stock that does not match the sales).
- redis: redis-server stopped mid-load. The chat should keep answering, a chat's limit
  should hold per process (instead of across instances), and be shared again once Redis is
  back; live staff messages reach sockets on the sender's instance meanwhile.
- llm: the OpenAI and Gemini APIs answered by local stubs that hang, fail with 500 or send
  garbage: every turn should get the offline answer within LLM_TIMEOUT_SECONDS.

Prints figures per phase; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

from chat_turns import SCRIPT
from cluster import BENCH_EMAIL, BENCH_PASSWORD, ROOT, cluster, database_url, summary

CUSTOMER = {"nombre": "Cliente Falla", "telefono": "3001234567", "email": "falla@correo.co",
            "direccion": "Calle 1 # 2-3", "ciudad": "Cali"}


class Load:
    """Threads sending a mix of requests to alternating instances, each result timestamped."""

    def __init__(self, bases: list[str], token: str, products: list[dict], threads: int = 12):
        self.bases, self.auth, self.products = bases, {"Authorization": f"Bearer {token}"}, products
        self.results: list[tuple[float, str, object, float]] = []  # (time, kind, status, ms)
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._user, args=(n,), daemon=True) for n in range(threads)]

    def _call(self, kind: str, method, url: str, **kw):
        started = time.perf_counter()
        try:
            response = method(url, timeout=30, **kw)
            status = response.status_code
        except requests.RequestException as exc:
            response, status = None, type(exc).__name__
        with self.lock:
            self.results.append((time.monotonic(), kind, status, (time.perf_counter() - started) * 1000))
        return response

    def _user(self, n: int) -> None:
        hop, chat_id, step, sale = n, None, 0, 0
        while not self.stop.is_set():
            hop += 1
            base = self.bases[hop % len(self.bases)]
            kind = ("page", "chat", "chat", "api", "sale")[hop % 5]
            if kind == "page":
                self._call(kind, requests.get, base + "/?q=extintor")
            elif kind == "api":
                self._call(kind, requests.get, base + "/productos/?por_pagina=5")
            elif kind == "chat":
                response = self._call(kind, requests.post, base + "/chat/texto",
                                      json={"mensaje": SCRIPT[step % len(SCRIPT)], "chat_id": chat_id})
                step += 1
                chat_id = response.json()["chat_id"] if response is not None and response.status_code == 200 \
                    and step % len(SCRIPT) else None
            else:
                sale += 1
                product = self.products[(n + sale) % len(self.products)]
                self._call(kind, requests.post, base + "/ventas/", headers=self.auth, json={
                    "cliente": {**CUSTOMER, "cedula": str(20_000_000 + n * 1000 + sale)},
                    "lineas": [{"sku": product["sku"], "cantidad": 1}]})
            time.sleep(0.02)

    def start(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def report(self, phases: list[tuple[str, float, float]]) -> None:
        for label, begin, end in phases:
            rows = [r for r in self.results if begin <= r[0] < end]
            statuses = Counter(str(r[2]) for r in rows)
            failed = [r[3] for r in rows if str(r[2]) not in ("200", "201", "409", "422")]
            print(f"  {label:<34} {len(rows):>5} requests  statuses {dict(sorted(statuses.items()))}")
            print(f"  {'':<34} all: {summary([r[3] for r in rows])}"
                  + (f"; failed ones: {summary(failed)}" if failed else ""))


def _products(base: str) -> list[dict]:
    return requests.get(base + "/productos/?por_pagina=40", timeout=30).json()["productos"]


def _first_ok(bases: list[str], since: float, timeout: float = 60) -> list[float]:
    """Seconds from `since` until each instance serves a page that needs the database."""
    waits = []
    for base in bases:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/productos/?por_pagina=1", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.05)
        waits.append(time.monotonic() - since)
    return waits


def _integrity(url: str, stock_before: dict[str, int]) -> str:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as connection:
        placed = connection.execute(text("SELECT count(*) FROM orders WHERE placed_at IS NOT NULL")).scalar()
        broken = connection.execute(text(
            "SELECT count(*) FROM orders o WHERE o.placed_at IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM order_lines "
            "l WHERE l.order_id = o.id) OR o.total <> (SELECT coalesce(sum(l.unit_price * l.quantity), 0) "
            "FROM order_lines l WHERE l.order_id = o.id))")).scalar()
        sold = dict(connection.execute(text(
            "SELECT l.sku, sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "WHERE o.placed_at IS NOT NULL AND o.status <> 'cancelada' GROUP BY l.sku")).all())
        stock = dict(connection.execute(text("SELECT sku, stock FROM products")).all())
    engine.dispose()
    mismatched = [sku for sku, before in stock_before.items() if before - stock[sku] != sold.get(sku, 0)]
    return (f"{placed} sales placed; {broken} without lines or with a wrong total; "
            f"{len(mismatched)} products whose stock does not match their sales")


def database_outage(url: str, folder: Path, outage: float) -> None:
    print(f"== PostgreSQL unreachable for {outage:.0f} s under load (2 instances)")
    with cluster(folder, url) as (servers, _, proxy, env):
        bases = [s.url for s in servers]
        products = _products(bases[0])
        from sqlalchemy import create_engine, text
        engine = create_engine(url)
        with engine.connect() as connection:
            stock_before = dict(connection.execute(text("SELECT sku, stock FROM products")).all())
        engine.dispose()
        load = Load(bases, env["BENCH_TOKEN"], products).start()
        t0 = time.monotonic()
        time.sleep(10)
        t1 = time.monotonic()
        proxy.stop()
        time.sleep(outage)
        t2 = time.monotonic()
        proxy.start()
        recovery = _first_ok(bases, t2)
        time.sleep(10)
        load.finish()
        t3 = time.monotonic()
        load.report([("before", t0, t1), ("database unreachable", t1, t2), ("after it is back", t2, t3)])
        print(f"  back to serving after the database returned: " + ", ".join(
            f"{s.name} {w:.2f} s" for s, w in zip(servers, recovery)) + " (no restart)")
        print("  readiness now: " + ", ".join(
            f"{s.name} {requests.get(s.url + '/health/ready', timeout=10).status_code}" for s in servers))
        print("  " + _integrity(url, stock_before))
        print("  errors logged (500s): " + ", ".join(f"{s.name} {s.errors_logged()}" for s in servers))


def redis_outage(url: str, folder: Path) -> None:
    budget = 10
    print(f"== Redis stopped under load (2 instances, RATE_LIMIT_CHAT={budget}/minute)")
    with cluster(folder, url, RATE_LIMIT_CHAT=f"{budget}/minute") as (servers, redis_server, _, env):
        bases = [s.url for s in servers]

        def one_chat(label: str, messages: int = 3 * budget) -> None:
            codes, latencies, chat_id = Counter(), [], None
            for n in range(messages):
                started = time.perf_counter()
                response = requests.post(bases[n % 2] + "/chat/texto", json={"mensaje": "hola", "chat_id": chat_id},
                                         timeout=30)
                latencies.append((time.perf_counter() - started) * 1000)
                codes[response.status_code] += 1
                chat_id = chat_id or response.json().get("chat_id")
            print(f"  {label:<34} one chat, {messages} messages alternating instances: {dict(codes)}; "
                  f"{summary(latencies)}")

        staff = [_staff_session(base) for base in bases]

        def staff_messages(label: str) -> None:
            from websockets.sync.client import connect
            chat_id = requests.post(bases[1] + "/chat/texto", json={"mensaje": "hola"}, timeout=30).json()["chat_id"]
            conversation = _conversation_id(url, chat_id)
            got = {}
            with connect(f"ws://{servers[1].host}/ws/chat/{chat_id}", open_timeout=30) as ws:
                json.loads(ws.recv(timeout=30))
                for (session, token), server in zip(staff, servers):  # staff writing on a, then on b
                    session.post(f"{server.url}/admin/conversaciones/{conversation}/mensaje",
                                 data={"texto": f"Hola desde {server.name}", "csrf_token": token}, timeout=30)
                    got[server.name] = False
                    try:
                        while not got[server.name]:
                            frame = json.loads(ws.recv(timeout=5))
                            got[server.name] = frame["type"] == "staff_message" and server.name in frame["content"]
                    except TimeoutError:
                        pass
            print(f"  {label:<34} staff message to a socket on {servers[1].name}, written on: "
                  + ", ".join(f"{name} {'delivered' if ok else 'not delivered'}" for name, ok in got.items()))

        one_chat("Redis up")
        staff_messages("Redis up")
        redis_server.stop()
        one_chat("Redis stopped")
        staff_messages("Redis stopped")
        print("  readiness while stopped: " + ", ".join(
            f"{s.name} {requests.get(s.url + '/health/ready', timeout=10).status_code}" for s in servers))
        redis_server.start()
        time.sleep(6)  # limits try Redis again after 5 s
        one_chat("Redis back")
        staff_messages("Redis back")
        print("  errors logged (500s): " + ", ".join(f"{s.name} {s.errors_logged()}" for s in servers))


def _staff_session(base: str) -> tuple[requests.Session, str]:
    """A staff login through the form (the bench's admin user); the session and its CSRF token."""
    import re
    session = requests.Session()
    page = session.get(base + "/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    session.post(base + "/login", data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD, "csrf_token": token},
                 timeout=30)
    page = session.get(base + "/admin/", timeout=30).text
    return session, re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _conversation_id(url: str, chat_id: str) -> int:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM conversations WHERE chat_id = :c"), {"c": chat_id}).scalar_one()
    engine.dispose()
    return found


def llm_faults(url: str, folder: Path, timeout: float) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from llm import stubs
    print(f"== LLM provider failing (LLM_TIMEOUT_SECONDS={timeout:g}); 1 instance, 8 turns per case, 4 at once")
    modes = {"500": lambda stub: stubs.error(500), "garbage": lambda stub: stubs.garbage(),
             "hangs": lambda stub: stubs.hang(lambda: stub)}  # the clients are warm before the hang
    for provider in ("openai", "gemini"):
        stub = stubs.openai_server() if provider == "openai" else stubs.gemini_server()
        settings = {"LLM_PROVIDER": provider, "LLM_TIMEOUT_SECONDS": timeout}
        if provider == "openai":
            settings.update(OPENAI_BASE_URL=f"http://127.0.0.1:{stub.port}/v1", OPENAI_API_KEY="sk-bench")
        else:
            settings.update(GEMINI_BASE_URL=f"http://127.0.0.1:{stub.port}", GOOGLE_API_KEY="bench")
        try:
            with cluster(folder / provider, url, instances=1, **settings) as (servers, _, _, _):
                base = servers[0].url
                for _ in range(2):  # the worker's first turns load the catalogue, locale data, the agent
                    requests.post(base + "/chat/texto", json={"mensaje": "precio del extintor"}, timeout=120)
                for mode, reply in modes.items():
                    for route in stub.scripts:
                        stub.scripts[route].clear()
                        stub.always(route, reply(stub))
                    results, lock = [], threading.Lock()

                    def turn() -> None:
                        started = time.perf_counter()
                        response = requests.post(base + "/chat/texto", json={"mensaje": "precio del extintor de 10 libras"},
                                                 timeout=120)
                        body = response.json() if response.status_code == 200 else {}
                        with lock:
                            results.append(((time.perf_counter() - started) * 1000, response.status_code,
                                            body.get("metadatos", {}).get("fallback"), bool(body.get("respuesta"))))
                    health = []
                    for _ in range(2):
                        threads = [threading.Thread(target=turn) for _ in range(4)]
                        for thread in threads:
                            thread.start()
                        time.sleep(0.3)
                        started = time.perf_counter()
                        requests.get(base + "/health", timeout=60)
                        health.append((time.perf_counter() - started) * 1000)
                        for thread in threads:
                            thread.join()
                    statuses = Counter(r[1] for r in results)
                    print(f"  {provider:<7} {mode:<8} statuses {dict(statuses)}, offline answer (fallback) in "
                          f"{sum(1 for r in results if r[2] and r[3])}/{len(results)}; turn {summary([r[0] for r in results])}; "
                          f"/health meanwhile {summary(health)}")
                stub.release.set()
        finally:
            stub.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="db,redis,llm")
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument("--llm-timeout", type=float, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = database_url(args.database_url)
    wanted = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("db", "redis", "llm/openai", "llm/gemini"):
            (folder / name).mkdir(parents=True)
        if "db" in wanted:
            database_outage(url, folder / "db", args.outage)
        if "redis" in wanted:
            redis_outage(url, folder / "redis")
        if "llm" in wanted:
            llm_faults(url, folder / "llm", args.llm_timeout)


if __name__ == "__main__":
    main()
