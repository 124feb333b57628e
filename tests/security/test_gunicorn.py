"""Points 7, 9 and 10 on the real server: gunicorn with gevent workers and gunicorn.conf.py.

- Several workers without REDIS_URL refuse to start, with a clear message.
- The access log keeps no query string and masks cédulas, chat ids, order and quote codes;
  the application log is JSON with the request id, latency and each chat turn's type and
  provider (references masked the same way).
- Two workers share one chat budget (HTTP and websocket) and live staff messages through Redis.
"""
import json
import re
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from sqlalchemy.engine import make_url

from support import CUSTOMER, PG_URL, make_app, need
from webapp.extensions import db
from webapp.services import staff

from .conftest import STAFF_EMAIL, Gunicorn, _seeded, ws_connect


def _database(tmp_path: Path, backend: str) -> str:
    """A seeded database the server will use (built here, then served by gunicorn)."""
    app = make_app(tmp_path, backend)
    with app.app_context():
        _seeded(app)
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.session.remove()
        db.engine.dispose()
    return make_url(url).render_as_string(hide_password=False)


def _token(database_url: str, tmp_path: Path) -> str:
    from webapp import create_app
    from support import _config
    app = create_app(_config(tmp_path, database_url))
    with app.app_context():
        token = staff.create_token(staff.get_by_email(STAFF_EMAIL), name="pruebas")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return token


def test_several_workers_without_redis_refuse_to_start(tmp_path):
    server = Gunicorn(tmp_path, _database(tmp_path, "sqlite"), workers=2)
    result = subprocess.run(server.command(), cwd=tmp_path, env=server.env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr and "2 workers" in result.stderr
    with Gunicorn(tmp_path, server.env["DATABASE_URL"], workers=1) as single:  # one worker: fine without Redis
        assert requests.get(single.url + "/health", timeout=10).status_code == 200


def test_access_and_application_logs_hold_no_secrets(tmp_path):
    database = _database(tmp_path, "sqlite")
    token = _token(database, tmp_path)
    auth = {"Authorization": f"Bearer {token}"}
    with Gunicorn(tmp_path, database, workers=1) as server:
        base = server.url
        sale = requests.post(base + "/ventas/", headers=auth, json={
            "cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]}).json()
        order_code = sale["codigo"]
        chat = requests.post(base + "/chat/texto", json={"mensaje": "cotización para 20 chalecos reflectivos talla M"},
                             headers={"X-Request-ID": "prueba-req-123"})
        assert chat.headers["X-Request-ID"] == "prueba-req-123"  # honoured and echoed
        chat_id = chat.json()["chat_id"]
        quote_path = chat.json()["metadatos"]["cotizacion_url"]
        quote_code = quote_path.rsplit("/", 1)[1]
        export = requests.get(base + "/exportar/clientes", headers=auth).json()
        signature = export["url"].split("token=")[1]
        visits = [
            ("get", f"/clientes/{CUSTOMER['cedula']}", auth),
            ("get", f"/chat/historial/{chat_id}", {}),
            ("get", f"/pedido/{order_code}", {"Referer": f"{base}/pedido/{order_code}?ref=correo"}),
            ("get", quote_path, {"Referer": f"{base}/?q=juan@email.com"}),
            ("get", "/?q=" + CUSTOMER["email"], {}),
            ("get", "/productos/?q=3001234567", {}),
            ("get", export["url"].replace("http://localhost", base).split(base)[1], {}),
        ]
        for method, path, headers in visits:
            assert getattr(requests, method)(base + path, headers=headers, allow_redirects=False).status_code < 500
        with ws_connect(f"ws://{server.host}/ws/chat/{chat_id}") as ws:
            assert json.loads(ws.recv(timeout=15))["type"] == "connection_status"
            ws.send(json.dumps({"type": "message", "mensaje": "precio del casco amarillo"}))
            while json.loads(ws.recv(timeout=15))["type"] != "response_end":
                pass
    access = server.access_log.read_text()
    application = server.error_log.read_text()
    secrets = [CUSTOMER["cedula"], CUSTOMER["email"], "3001234567", chat_id, order_code, quote_code, signature,
               token, "token="]
    for secret in secrets:
        assert secret not in access, f"{secret!r} in the access log"
        assert secret not in application, f"{secret!r} in the application log"
    assert "/clientes/[cedula]" in access and "/pedido/[pedido:" in access and "/cotizacion/[cotizacion:" in access
    assert "/chat/historial/[chat:" in access and "/files/exports/clientes-" in access
    assert "prueba-req-123" in access  # the access line carries the request id too
    records = server.app_log()
    http = [r for r in records if r.get("evento") == "http"]
    assert any(r["ruta"].startswith("/ws/chat/[chat:") for r in http)  # the socket, masked the same way
    turns = [r for r in records if r.get("evento") == "chat_turn"]
    assert http and all(isinstance(r["latencia_ms"], (int, float)) and r["request_id"] for r in http)
    assert any(r["request_id"] == "prueba-req-123" for r in http + turns)
    assert {t["canal"] for t in turns} >= {"http", "ws"}
    assert all(t["tipo_mensaje"] and t["proveedor"] == "offline" and re.fullmatch(r"[0-9a-f]{10}", t["chat_ref"])
               for t in turns)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_workers_share_one_chat_budget(tmp_path, redis_url, backend):
    """The finding: limits were per worker (two workers: twice the limit) and per door."""
    if backend == "postgresql":
        need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
    database = _database(tmp_path, backend)
    with Gunicorn(tmp_path, database, workers=2, REDIS_URL=redis_url, RATE_LIMIT_CHAT="6/minute") as server:
        for attempt in range(8):  # until both workers answered part of one chat (they take connections as they come)
            codes, ids = [], []

            def say(text: str, chat_id=None) -> requests.Response:
                ids.append(f"presupuesto-{attempt}-{len(ids)}")
                with requests.Session() as fresh:  # a new connection each time
                    response = fresh.post(server.url + "/chat/texto", json={"mensaje": text, "chat_id": chat_id},
                                          headers={"X-Request-ID": ids[-1]})
                codes.append(response.status_code)
                return response
            chat_id = say("hola").json()["chat_id"]
            for n in range(5):
                say(f"hola {n}", chat_id)
            with ws_connect(f"ws://{server.host}/ws/chat/{chat_id}") as ws:
                json.loads(ws.recv(timeout=15))
                ws.send(json.dumps({"type": "message", "mensaje": "precio del casco"}))
                frame = json.loads(ws.recv(timeout=15))
            say("otra", chat_id)
            assert codes == [200] * 6 + [429]
            assert frame["type"] == "error" and frame["error"] == "demasiadas_solicitudes" and frame["retry_after"] > 0
            served_by = {r["pid"] for r in server.app_log() if r.get("request_id") in ids}
            if len(served_by) == 2:
                break
    assert len(served_by) == 2, "the requests never reached both workers"


def test_live_staff_messages_reach_every_worker(tmp_path, redis_url):
    """The finding: with two workers and no Redis, 4 of 10 customers never got the staff's message."""
    database = _database(tmp_path, "sqlite")
    with Gunicorn(tmp_path, database, workers=2, REDIS_URL=redis_url) as server:
        with ExitStack() as stack:
            sockets = [stack.enter_context(ws_connect(f"ws://{server.host}/ws/chat")) for _ in range(10)]
            chats = [json.loads(ws.recv(timeout=15))["chat_id"] for ws in sockets]
            publisher = make_app(tmp_path / "publisher", REDIS_URL=redis_url)
            from webapp import realtime
            with publisher.app_context():  # a third process on the same Redis, as staff's worker would be
                for chat_id in chats:
                    realtime.staff_event(chat_id, "message", "Hola, te atiende Laura.", "Laura")
                publisher.extensions["hub_redis"].close()
                db.engine.dispose()
            received = [json.loads(ws.recv(timeout=15)) for ws in sockets]
    assert all(f["type"] == "staff_message" and f["content"] == "Hola, te atiende Laura." for f in received)
    assert [f["chat_id"] for f in received] == chats
    workers = {r["pid"] for r in server.app_log() if r.get("evento") == "http" and r["ruta"] == "/ws/chat"}
    assert workers and server.process.pid not in workers  # served by the workers; the message came from
    # another process (this test) through Redis, as it does from the worker where staff writes
