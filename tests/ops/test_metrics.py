"""`GET /metrics`: who may read it (METRICS_TOKEN, else direct loopback only) and what it counts
(request latency by endpoint, assistant turns, LLM fallbacks, websockets, sales), also summed
over several gunicorn workers."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from simple_websocket import Client
from werkzeug.serving import make_server

from support import CUSTOMER, make_app
from tests.ops.ops_helpers import free_port

ROOT = Path(__file__).resolve().parents[2]


def value(text: str, name: str, **labels) -> float:
    """The sum of the samples called `name` whose labels include `labels`."""
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def read(client) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type.startswith("text/plain")
    return response.get_data(as_text=True)


def test_without_a_token_only_direct_loopback_requests_are_answered(client):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    for headers, address in [({"X-Forwarded-For": "181.50.2.3"}, "127.0.0.1"), ({"X-Real-IP": "181.50.2.3"}, "127.0.0.1"),
                             ({"Forwarded": "for=181.50.2.3"}, "127.0.0.1"), ({}, "10.0.0.7"), ({}, "181.50.2.3")]:
        response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 403
        assert response.get_json()["error"] == "prohibido"
        assert "vendedor_" not in response.get_data(as_text=True)


def test_with_a_token_every_request_needs_it(tmp_path):
    client = make_app(tmp_path, METRICS_TOKEN="token-de-metricas-largo").test_client()
    for headers in [{}, {"Authorization": "Bearer otro"}, {"Authorization": "token-de-metricas-largo"}]:
        response = client.get("/metrics", headers=headers)  # loopback is not enough any more
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["error"] == "no_autorizado"
    good = {"Authorization": "Bearer token-de-metricas-largo"}
    assert client.get("/metrics", headers=good).status_code == 200
    response = client.get("/metrics", headers={**good, "X-Forwarded-For": "181.50.2.3"},
                          environ_base={"REMOTE_ADDR": "10.0.0.7"})  # a scraper behind the proxy
    assert response.status_code == 200 and "vendedor_request_duration_seconds" in response.get_data(as_text=True)


def test_requests_turns_and_sales_are_counted(seeded, client, auth_headers):
    before = read(client)
    for _ in range(3):
        assert client.get("/?q=extintor").status_code == 200
    assert client.get("/no-existe").status_code == 404
    turn = client.post("/chat/texto", json={"mensaje": "¿qué extintores tienen?"}).get_json()
    sale = client.post("/ventas/", json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]},
                       headers=auth_headers)
    assert sale.status_code == 201
    after = read(client)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("vendedor_request_duration_seconds_count", endpoint="shop.catalogue", method="GET", status="200") == 3
    assert grew("vendedor_request_duration_seconds_bucket", endpoint="shop.catalogue", le="+Inf") == 3
    assert grew("vendedor_request_duration_seconds_sum", endpoint="shop.catalogue") > 0
    assert grew("vendedor_request_duration_seconds_count", endpoint="sin_ruta", status="404") == 1
    assert grew("vendedor_agent_turns_total", tipo_mensaje=turn["tipo_mensaje"], provider="offline") == 1
    assert grew("vendedor_sales_placed_total", channel="web") == 1
    assert grew("vendedor_llm_fallbacks_total") == 0


def test_a_language_model_failure_is_counted_as_a_fallback(seeded, client):
    seeded.config.update(LLM_PROVIDER="openai", OPENAI_API_KEY="sk-prueba", LLM_TIMEOUT_SECONDS=5,
                         OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1")  # nothing listens there
    before = read(client)
    body = client.post("/chat/texto", json={"mensaje": "¿qué cascos tienen?"}).get_json()
    assert body["metadatos"]["fallback"] is True
    after = read(client)
    assert value(after, "vendedor_llm_fallbacks_total", provider="openai") - \
        value(before, "vendedor_llm_fallbacks_total", provider="openai") == 1
    assert value(after, "vendedor_agent_turns_total", provider="offline") - \
        value(before, "vendedor_agent_turns_total", provider="offline") == 1


def _wait_for(condition, budget: float = 30.0):
    deadline = time.monotonic() + budget
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_open_websockets_are_counted(seeded, client):
    http = make_server("127.0.0.1", 0, seeded, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    gauge = lambda: value(read(client), "vendedor_websocket_connections")  # noqa: E731
    sockets = []
    try:
        start = gauge()
        chat_id = client.post("/chat/texto", json={"mensaje": "hola"}).get_json()["chat_id"]
        sockets += [Client.connect(f"ws://127.0.0.1:{http.server_port}/ws/chat/{chat_id}") for _ in range(2)]
        for ws in sockets:  # (a generous budget: the live server's thread waits for a busy machine's CPU)
            frame = ws.receive(timeout=60)
            assert frame is not None, "no connection_status within 60 s"
            assert json.loads(frame)["type"] == "connection_status"
        _wait_for(lambda: gauge() == start + 2)
        sockets[0].close()
        _wait_for(lambda: gauge() == start + 1)
        sockets[1].close()
        _wait_for(lambda: gauge() == start)
    finally:
        for ws in sockets:  # (a failed assertion must not leave the client's threads keeping pytest alive)
            if ws.connected:
                ws.close()
        http.shutdown()
        http.server_close()


def workers(master: int) -> set[int]:
    """The pids of a gunicorn master's worker processes."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if f"\nPPid:\t{master}\n" in status:
            found.add(int(entry.name))
    return found


def test_several_gunicorn_workers_report_together(tmp_path, redis_server):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}", "SECRET_KEY": "prueba",
           "LLM_PROVIDER": "offline", "REDIS_URL": redis_server.url}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("METRICS_TOKEN", None)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(bin_dir / "gunicorn"), "-c", "gunicorn.conf.py", "-w", "2",
                               "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            return response.read().decode()

    try:
        def up():
            try:
                get("/health")
                return True
            except OSError:
                return False
        _wait_for(up, budget=60)
        before = value(get("/metrics"), "vendedor_request_duration_seconds_count", endpoint="ops.ready")
        for _ in range(40):
            get("/health/ready")
        first = workers(server.pid)
        assert len(first) == 2
        for pid in first:  # the workers that counted are replaced: their figures must still be there
            os.kill(pid, signal.SIGTERM)
        _wait_for(lambda: len(workers(server.pid)) == 2 and not workers(server.pid) & first and up(), budget=60)
        readings = {value(get("/metrics"), "vendedor_request_duration_seconds_count", endpoint="ops.ready")
                    for _ in range(6)}  # whichever new worker answers /metrics
        assert readings == {before + 40}
    finally:
        server.terminate()
        server.wait(30)
