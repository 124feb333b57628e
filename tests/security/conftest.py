"""Attack tests: the store as an attacker meets it (HTTP, websockets, real gunicorn workers).

Fixtures and helpers:
- `shop` / `any_shop`: the seeded app with CSRF ON (real tokens), on SQLite (and PostgreSQL).
- `page_token(client, path)`: the CSRF token a page hands its browser.
- `login(client)`: a staff login through the real form (with its token).
- `serve(app)`: the app behind Werkzeug's threaded server (websockets work on it).
- `redis_url`: a real redis-server on a free loopback port.
- `Gunicorn`: the real gunicorn (gevent workers, gunicorn.conf.py) on a free port.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from support import make_app, need
from webapp.extensions import db

ROOT = Path(__file__).resolve().parents[2]
STAFF_EMAIL, STAFF_PASSWORD = "seguridad@tienda.co", "clave-de-prueba-123"
TOKEN_IN_PAGE = re.compile(r'"X-CSRFToken": "([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def _seeded(app):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    from webapp.services import staff
    from webapp.extensions import db
    staff.create_admin(STAFF_EMAIL, STAFF_PASSWORD, "Sofía")
    db.session.commit()
    return app


@pytest.fixture
def shop(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield _seeded(app)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_shop(request, tmp_path):
    app = make_app(tmp_path, request.param, WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield _seeded(app)
        db.session.remove()
        db.engine.dispose()


def page_token(client, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    match = TOKEN_IN_PAGE.search(html)
    assert match, f"no CSRF token on {path}"
    return next(group for group in match.groups() if group)


def login(client, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD):
    token = page_token(client, "/login")
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app):
    """The app behind a real threaded server; yields 'host:port'."""
    from werkzeug.serving import make_server
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(5)
        http.server_close()


def ws_connect(url: str, origin: str | None = None, **headers):
    """A websocket client that reports a refused handshake (InvalidStatus) and a server close."""
    from websockets.sync.client import connect
    return connect(url, origin=origin, additional_headers=headers or None, open_timeout=30, close_timeout=5)


def assert_closed_by_server(ws, timeout: float = 15) -> None:
    """The server sent a Close frame (the TCP close may come later on the dev server)."""
    from websockets.exceptions import ConnectionClosed
    try:
        extra = ws.recv(timeout=timeout)
    except (ConnectionClosed, TimeoutError):
        extra = None
    assert extra is None, f"unexpected frame after the error: {extra}"
    assert ws.protocol.close_rcvd is not None, "the server did not close the socket"


def cookie_header(session) -> str:
    """A requests.Session's cookies as one Cookie header (for websocket handshakes)."""
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    need(shutil.which("redis-server") is not None, "redis-server not installed (apt-get install redis-server)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    try:
        yield url
    finally:
        server.terminate()
        server.wait(10)


class Gunicorn:
    """The real server: `gunicorn -c gunicorn.conf.py` with gevent workers on a free port.

    The app comes from a small module in `folder` (so its instance files stay there);
    settings come from the environment, as in production."""

    def __init__(self, folder: Path, database_url: str, workers: int = 2, **env):
        self.folder = folder
        self.access_log = folder / "access.log"
        self.error_log = folder / "gunicorn.err"
        (folder / "trust_wsgi.py").write_text(
            "from webapp import create_app\n"
            f"app = create_app({{'EXPORT_DIR': {str(folder / 'exports')!r}}})\n")
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "clave-de-prueba-gunicorn",
                    "LLM_PROVIDER": "offline", "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}", **env}
        if "REDIS_URL" not in env:
            self.env.pop("REDIS_URL", None)
        self.workers = workers
        self.process = None
        self.url = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "-w", str(self.workers),
                "-b", "127.0.0.1:0", "--access-logfile", str(self.access_log), "--chdir", str(self.folder),
                "trust_wsgi:app"]

    def start(self, timeout: float = 90) -> "Gunicorn":
        import requests
        self._stderr = open(self.error_log, "w")
        self.process = subprocess.Popen(self.command(), cwd=self.folder, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=self._stderr)
        deadline = time.time() + timeout
        while time.time() < deadline and self.url is None:
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", self.error_log.read_text())
            if match:
                self.url = match.group(1)
            elif self.process.poll() is not None:
                raise AssertionError("gunicorn exited: " + self.error_log.read_text()[-2000:])
            time.sleep(0.1)
        assert self.url, "gunicorn did not start: " + self.error_log.read_text()[-2000:]
        while time.time() < deadline:
            booted = self.error_log.read_text().count("Booting worker")
            try:
                if booted >= self.workers and requests.get(self.url + "/health", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError("gunicorn workers not ready: " + self.error_log.read_text()[-2000:])

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if getattr(self, "_stderr", None):
            self._stderr.close()

    def app_log(self) -> list[dict]:
        """The application's JSON log lines (stderr)."""
        records = []
        for line in self.error_log.read_text().splitlines():
            if line.startswith("{"):
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass
        return records

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
