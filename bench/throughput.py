"""Storefront throughput with wrk: the shop's pages beside a Flask hello-world, in the same run.

    .venv/bin/python bench/throughput.py [--sizes demo,100000] [--duration 10] [--connections 20]
                                         [--database-url postgresql+psycopg://…] [--workdir DIR]

Each server is gunicorn with one gevent worker (as `make run` serves), the shop with its own
gunicorn.conf.py. For each catalogue size it prints
- the time from starting gunicorn to the first answered `/` and the first search page,
- wrk's requests/s, p50 and p99 per page, and each rate as a share of the hello-world rate
  measured right before it (the machine is shared: each page is paired with its own baseline),
- the worker's resident memory (RSS) after the load.
Needs `wrk` (Debian package `wrk`). Figures only, no assertions. With --database-url the
database's public schema is dropped and rebuilt (give it a scratch database); without it a
temporary SQLite file is used. --workdir keeps the prepared SQLite databases between runs.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

from generated_catalog import SEED, generate_catalog  # noqa: E402

PAGES = [  # (label, path); sizes are filled in where a page depends on the catalogue
    ("/  (catalogue)", "/"),
    ("/?pagina=40", "/?pagina=40"),
    ("/?categoria=EPP", "/?categoria=EPP"),
    ("/?q=extintor", "/?q=extintor"),
    ("/?q=extintr  (typo)", "/?q=extintr"),
    ("/?q=guantes nitrilo talla m", "/?q=guantes+nitrilo+talla+m"),
    ("/productos/?q=extintor (JSON)", "/productos/?q=extintor"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until_up(url: str, budget: float = 300) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < budget:
        try:
            if fetch(url, timeout=budget) == 200:
                return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.02)
    raise SystemExit(f"{url} did not answer within {budget:.0f} s")


def gunicorn(module: str, cwd: Path, env: dict, port: int) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
                             "--access-logfile", "-", module], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def worker_rss_mb(master_pid: int) -> float:
    """Resident memory of the master's worker processes, MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.M):
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(found.group(1)) if found else 0
    return total / 1024


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout

    def ms(label):
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rate": float(rate.group(1)) if rate else 0.0, "p50": ms("50%"), "p99": ms("99%"),
            "bad": int(bad.group(1)) if bad else 0, "errors": sum(map(int, errors.groups())) if errors else 0}


def start_hello() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = gunicorn("hello_app:app", BENCH, {**os.environ}, port)
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url)
    return server, url


def shop_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "METRICS_TOKEN")}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "LLM_PROVIDER": "offline"})
    return env


def prepare(size: str, database_url: str, env: dict, fresh: bool) -> None:
    """Migrate and load the catalogue through the CLI (`db upgrade`, `seed`, `catalog import`)."""
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    if fresh and database_url.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        engine = create_engine(database_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    started = time.perf_counter()
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    if not fresh:
        print(f"  (reusing the prepared database; migrations applied in {time.perf_counter() - started:.1f} s)")
        return
    if size != "demo":
        n = int(size)
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write(generate_catalog(n, random.Random(SEED + n)))
        try:
            subprocess.run(flask + ["catalog", "import", f.name], cwd=ROOT, env=env, check=True, capture_output=True)
        finally:
            os.unlink(f.name)
    subprocess.run(flask + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"  prepared in {time.perf_counter() - started:.1f} s (migrations, catalogue, seed)")


def run_size(size: str, args, workdir: Path, hello_url: str) -> list[float]:
    folder = workdir / f"size-{size}"
    fresh = args.database_url is not None or not (folder / "bench.db").exists()
    folder.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    env = shop_env(database_url)
    label = "demo catalogue" if size == "demo" else f"{int(size):,} products"
    print(f"\n## {label} · {'PostgreSQL' if database_url.startswith('postgresql') else 'SQLite'}")
    prepare(size, database_url, env, fresh)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-k", "gevent", "-w", "1",
                               "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first_page = wait_until_up(base + "/")
        started = time.perf_counter()
        fetch(base + "/?q=extintor")
        first_search = time.perf_counter() - started
        print(f"  start → first `/` answered {first_page:.2f} s; then first search page {first_search * 1000:.0f} ms")
        print(f"  {'page':<32} {'req/s':>8} {'hello':>7} {'% hello':>8} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'non-2xx':>8} {'errors':>7}")
        hellos = []
        for name, path in PAGES:
            wrk(hello_url, 1, args.connections)  # warm-up
            hello = wrk(hello_url, args.duration, args.connections)["rate"]
            hellos.append(hello)
            wrk(base + path, 2, args.connections)  # warm-up
            result = wrk(base + path, args.duration, args.connections)
            print(f"  {name:<32} {result['rate']:>8.1f} {hello:>7.0f} {100 * result['rate'] / hello:>7.1f}% "
                  f"{result['p50']:>8.1f} {result['p99']:>8.1f} {result['bad']:>8} {result['errors']:>7}")
        print(f"  worker RSS after the load: {worker_rss_mb(server.pid):.0f} MB")
        return hellos
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="demo,100000", help="comma-separated: demo and/or product counts")
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--database-url", help="a scratch PostgreSQL database (its schema is dropped)")
    parser.add_argument("--workdir", help="keep the prepared SQLite databases here between runs")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found (Debian: apt-get install wrk)")

    print(f"Vendedor throughput · gunicorn gevent, 1 worker · wrk -t1 -c{args.connections} -d{args.duration}s · "
          f"{os.cpu_count()} cores (shared machine: each page beside a hello-world run just before it)")
    hello_server, hello_url = start_hello()
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="vendedor-throughput-"))
    hellos: list[float] = []
    try:
        for size in args.sizes.split(","):
            hellos += run_size(size.strip(), args, workdir, hello_url)
    finally:
        stop(hello_server)
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nhello-world (Flask, same gunicorn settings): median {statistics.median(hellos):.0f} req/s, "
          f"from {min(hellos):.0f} to {max(hellos):.0f} over the run")


if __name__ == "__main__":
    main()
