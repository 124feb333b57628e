"""The production shape on loopback, for the load and fault benchmarks: gunicorn instances
(gevent worker, gunicorn.conf.py) sharing one PostgreSQL database and a redis-server, with
a TCP proxy in front of PostgreSQL (stop it and the database is unreachable for the app).

Not a benchmark itself: `instances.py`, `websockets_load.py`, `faults.py` and `soak.py` use it.
The PostgreSQL database comes from `--database-url` or TEST_DATABASE_URL; WARNING: its
`public` schema is dropped and rebuilt with the migrations (use a scratch database).
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the tests' real helpers: redis-server and the TCP proxy

from ops.ops_helpers import RedisServer, TcpProxy, free_port  # noqa: E402

__all__ = ["Instance", "RedisServer", "TcpProxy", "cluster", "database_url", "free_port", "percentile", "rss_mb",
           "staff_token", "summary"]


def database_url(given: str | None) -> str:
    url = given or os.environ.get("TEST_DATABASE_URL")
    if not url:  # `make bench` runs every script: say why this one did nothing, and go on
        print("skipped: needs PostgreSQL: --database-url postgresql+psycopg://… (or TEST_DATABASE_URL); "
              "its public schema is dropped and rebuilt.", file=sys.stderr)
        sys.exit(0)
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


BENCH_EMAIL, BENCH_PASSWORD = "bench@tienda.co", "clave-de-bench-123"


def staff_token(env: dict) -> str:
    """A staff user and a bearer token for the API (the CLI prints the token last)."""
    flask = [str(BIN / "flask"), "--app", "wsgi", "users"]
    subprocess.run(flask + ["create-admin", BENCH_EMAIL, "--password", BENCH_PASSWORD], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    out = subprocess.run(flask + ["create-token", BENCH_EMAIL], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def prepare(url: str, env: dict, catalog_csv: Path | None = None) -> None:
    """Empty schema, migrations, demo data (and an extra catalogue)."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    if catalog_csv:
        subprocess.run(flask + ["catalog", "import", str(catalog_csv)], cwd=ROOT, env=env, check=True,
                       capture_output=True)


class Instance:
    """One gunicorn server on a free loopback port."""

    def __init__(self, name: str, env: dict, folder: Path, workers: int = 1):
        self.name, self.env, self.workers = name, env, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.host = f"127.0.0.1:{self.port}"
        self.log = folder / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> "Instance":
        self._log = open(self.log, "w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(self.workers),
             "-b", self.host, "--access-logfile", "/dev/null", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                booted = self.log.read_text().count("Booting worker") >= self.workers
                if booted and requests.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start: {self.log.read_text()[-2000:]}")

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid) if self.process else 0.0

    def errors_logged(self) -> int:
        return len(re.findall(r'"nivel": "ERROR"', self.log.read_text()))

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "_log", None):
            self._log.close()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn master + workers), in MB."""
    total = 0
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for p in [pid, *map(int, children)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


@contextmanager
def cluster(folder: Path, url: str, instances: int = 2, workers: int = 1, **settings):
    """Redis, a proxy in front of PostgreSQL, the schema and demo data, `instances` servers.

    Yields (servers, redis_server, db_proxy, env); env["BENCH_TOKEN"] is a staff bearer token. Extra keyword settings become environment
    variables of every instance (e.g. RATE_LIMIT_CHAT, LLM_PROVIDER)."""
    with ExitStack() as stack:
        redis_server = RedisServer(folder)
        redis_server.start()
        stack.callback(redis_server.stop)
        real = make_url(url)
        proxy = TcpProxy((real.host or "127.0.0.1", real.port or 5432))
        proxy.start()
        stack.callback(proxy.stop)
        served_url = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env = {**os.environ, "DATABASE_URL": served_url, "REDIS_URL": redis_server.url, "SECRET_KEY": "bench",
               "GUNICORN_CMD_ARGS": "--keep-alive 75",  # as compose.yaml: idle connections outlive the client's
               "LLM_PROVIDER": "offline", "RATE_LIMIT_CHAT": "1000000/minute", "RATE_LIMIT_CHAT_IP": "1000000/minute",
               **{k: str(v) for k, v in settings.items()}}
        prepare(served_url, env)
        servers = [Instance(f"instancia-{chr(97 + n)}", env, folder, workers) for n in range(instances)]
        env = dict(env)  # the bench's own copy (the token below is not the servers' business)
        for server in servers:
            stack.callback(server.stop)
            server.start()
        env["BENCH_TOKEN"] = staff_token(env)
        yield servers, redis_server, proxy, env


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def summary(latencies_ms: list[float]) -> str:
    if not latencies_ms:
        return "no samples"
    return (f"p50 {statistics.median(latencies_ms):.0f} ms, p95 {percentile(latencies_ms, .95):.0f} ms, "
            f"max {max(latencies_ms):.0f} ms")
