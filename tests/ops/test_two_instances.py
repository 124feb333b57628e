"""Two instances behind one address, as in production: two gunicorn servers (gevent worker)
on loopback sharing PostgreSQL and a real redis-server.

- A person writes to a customer through instance A's admin (takes the chat, writes, adds to
  the cart): the customer's sockets on instance B get the message and the new cart badge.
- A chat's rate limit is one budget whichever instance a message reaches.
"""
from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from support import PG_URL, make_app, need
from webapp.extensions import db

from tests.security.conftest import STAFF_EMAIL, STAFF_PASSWORD, Gunicorn, _seeded, cookie_header, ws_connect

BUDGET = 6
WAIT = 30  # seconds: generous, for a busy machine; every wait ends as soon as its condition holds


@pytest.fixture
def instances(tmp_path, redis_server):
    need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
    app = make_app(tmp_path, "postgresql")
    with app.app_context():
        _seeded(app)
        db.session.remove()
        db.engine.dispose()
    database = make_url(PG_URL).render_as_string(hide_password=False)
    servers = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        servers.append(Gunicorn(folder, database, workers=1, REDIS_URL=redis_server.url,
                                RATE_LIMIT_CHAT=f"{BUDGET}/minute"))
    with ThreadPoolExecutor(2) as pool:  # both boot at once
        list(pool.map(lambda server: server.start(), servers))
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def _frames(ws, until, timeout: float = WAIT) -> list:
    """Frames from a socket until `until(frame)` holds (or the time runs out)."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            frame = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            break
        seen.append(frame)
        if until(frame):
            return seen
    raise AssertionError(f"condition never met; frames: {seen}")


def _staff_login(base: str) -> tuple[requests.Session, str]:
    staff = requests.Session()
    page = staff.get(base + "/login", timeout=WAIT).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = staff.post(base + "/login", data={"email": STAFF_EMAIL, "password": STAFF_PASSWORD,
                                                 "csrf_token": token}, allow_redirects=False, timeout=WAIT)
    assert response.status_code == 302, response.text[:300]
    return staff, token


def _conversation_id(chat_id: str) -> int:
    engine = create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT id FROM conversations WHERE chat_id = :c"), {"c": chat_id}).scalar_one()
    finally:
        engine.dispose()


def _session_chat_id(session: requests.Session) -> str:
    from flask.sessions import SecureCookieSessionInterface
    from webapp import create_app
    app = create_app({"SECRET_KEY": "clave-de-prueba-gunicorn", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(session.cookies["session"])["chat_id"]


def test_staff_on_one_instance_reach_the_customer_on_the_other(instances):
    a, b = instances
    shopper = requests.Session()
    assert shopper.get(b.url + "/", timeout=WAIT).status_code == 200  # the storefront on B issues the chat
    with ws_connect(f"ws://{b.host}/ws/sidebar", Cookie=cookie_header(shopper)) as sidebar:
        sidebar.send(json.dumps({"mensaje": "hola, busco extintores"}))
        _frames(sidebar, lambda html: 'id="cart-count"' in html)  # the reply ended (with its badge)
        chat_id = _session_chat_id(shopper)
        with ws_connect(f"ws://{b.host}/ws/chat/{chat_id}") as app_socket:  # the same chat from an app
            assert json.loads(app_socket.recv(timeout=WAIT))["type"] == "connection_status"
            staff, token = _staff_login(a.url)
            conversation = _conversation_id(chat_id)
            written = staff.post(f"{a.url}/admin/conversaciones/{conversation}/mensaje",
                                 data={"texto": "Hola, soy Sofía; te ayudo con los extintores.", "csrf_token": token},
                                 allow_redirects=False, timeout=WAIT)
            assert written.status_code == 302
            html = "".join(_frames(sidebar, lambda h: "te ayudo con los extintores" in h))
            assert "Te atiende Sofía" in html and 'class="msg msg-staff"' in html
            frames = [json.loads(f) for f in _frames(app_socket, lambda f: json.loads(f)["type"] == "staff_message")]
            assert [f["type"] for f in frames] == ["takeover", "staff_message"]
            assert frames[-1]["content"] == "Hola, soy Sofía; te ayudo con los extintores." and frames[-1]["asesor"] == "Sofía"

            added = staff.post(f"{a.url}/admin/conversaciones/{conversation}/carrito",
                               data={"producto": "EXT-10", "cantidad": "2", "csrf_token": token},
                               allow_redirects=False, timeout=WAIT)
            assert added.status_code == 302
            html = "".join(_frames(sidebar, lambda h: 'id="cart-count"' in h))
            assert re.search(r'<span id="cart-count"[^>]*hx-swap-oob="true">2</span>', html)
            assert "Agregué a tu pedido 2" in html
            frame = json.loads(_frames(app_socket, lambda f: "unidades" in json.loads(f))[-1])
            assert frame["type"] == "staff_message" and frame["unidades"] == 2 and frame["content"].startswith("Agregué")
    cart = shopper.get(b.url + "/carrito", timeout=WAIT).text  # and the cart page on B says so too
    assert re.search(r'id="cart-count"[^>]*>2<', cart)
    served = {server.url: {r["ruta"] for r in server.app_log() if r.get("evento") == "http"} for server in instances}
    assert any(path.startswith("/admin/conversaciones/") for path in served[a.url])
    assert not any(path.startswith("/admin/") for path in served[b.url])


def test_a_chats_budget_is_shared_by_both_instances(instances):
    a, b = instances
    codes, chat_id = [], None
    for n in range(BUDGET + 2):
        server = (a, b)[n % 2]
        response = requests.post(server.url + "/chat/texto", json={"mensaje": f"hola {n}", "chat_id": chat_id},
                                 timeout=WAIT)
        codes.append(response.status_code)
        chat_id = chat_id or response.json()["chat_id"]
    assert codes == [200] * BUDGET + [429, 429]
    assert int(response.headers["Retry-After"]) > 0 and response.json()["error"] == "demasiadas_solicitudes"
    with ws_connect(f"ws://{a.host}/ws/chat/{chat_id}") as ws:  # and a socket on either is refused too
        assert json.loads(ws.recv(timeout=WAIT))["type"] == "connection_status"
        ws.send(json.dumps({"type": "message", "mensaje": "¿sigues ahí?"}))
        frame = json.loads(ws.recv(timeout=WAIT))
    assert frame["type"] == "error" and frame["error"] == "demasiadas_solicitudes" and frame["retry_after"] > 0
