"""Browser tests: the real app behind a real WSGI server, driven by Playwright in Debian's Chromium.

- `live_server`: one per session. A temp SQLite file, `flask db upgrade` (Alembic,
  not create_all), the `seed` CLI command, then Werkzeug's threaded server on
  127.0.0.1 and a free port (flask-sock websockets work on it). CSRF is ON (real
  forms, real tokens), rate limits are off.
- `browser`: one headless Chromium per session (/usr/bin/chromium, never a
  Playwright download).
- `page`: a fresh context (cookies, so a fresh cart) and page per test.

Without /usr/bin/chromium the tests skip with a one-line reason; with CI=true they fail.

Pages run under the shop's Content-Security-Policy (no eval): give `wait_for_function`
a function ("() => ..."), never a bare expression, which Playwright would eval in the page.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass

import pytest

from support import _config, need  # tests/conftest.py (this folder is a package: no name clash)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 20_000  # generous: CI machines are busy

try:  # `expect(...)` has its own budget (5 s by default): the same generous one
    from playwright.sync_api import expect as _expect
    _expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
except ImportError:  # without Playwright the browser tests skip (or fail in CI) on their own
    pass


@dataclass
class LiveServer:
    app: object
    url: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path

    def query(self, fn):
        """Run `fn()` inside the app's context (read the database the server writes); what it
        writes is committed, as the request that would have done it commits."""
        from webapp.extensions import db
        with self.app.app_context():
            try:
                result = fn()
                db.session.commit()
                return result
            finally:
                db.session.remove()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.extensions import db

    tmp = tmp_path_factory.mktemp("live")
    app = create_app(_config(
        tmp, f"sqlite:///{tmp / 'live.db'}",
        TESTING=False,            # behave like the real thing (errors as pages, not exceptions)
        WTF_CSRF_ENABLED=True,    # real forms with real tokens
        RATELIMIT_ENABLED=False,
        SERVER_NAME=None,
    ))
    # `seed` writes the demo admin's password into the instance folder: keep it out of the repo.
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance():
    need(os.path.exists(CHROMIUM), f"{CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Factory for extra contexts (JavaScript off, phone viewport...); all closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "es-CO")
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        # the chat's websocket is open (tests send once it is, not while the page is still starting)
        context.add_init_script("document.addEventListener('htmx:wsOpen', () => { window.__wsOpen = true; });")
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
