"""With REDIS_URL, workers share rate limits and live messages (a real redis-server on loopback)."""
import json
import shutil
import socket
import subprocess
import time

import pytest

from support import make_app, need
from webapp.extensions import db


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    need(shutil.which("redis-server") is not None, "redis-server not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    yield url
    server.terminate()
    server.wait(10)


def two_workers(tmp_path, redis_url, **config):
    """Two app instances on one database, as two gunicorn workers would be."""
    first = make_app(tmp_path, REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url, **config)
    second = make_app(tmp_path, REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url, **config)
    return first, second


def test_rate_limit_is_shared_between_workers(tmp_path, redis_url):
    first, second = two_workers(tmp_path, redis_url, RATELIMIT_ENABLED=True, RATE_LIMIT_CHAT="3/minute")
    codes, chat_id = [], None
    for app in (first, second, first, second):
        with app.app_context():
            response = app.test_client().post("/chat/texto", json={"mensaje": "hola", "chat_id": chat_id},
                                              environ_base={"REMOTE_ADDR": "10.9.8.7"})
            codes.append(response.status_code)
            chat_id = chat_id or response.get_json()["chat_id"]
            db.session.remove()
    assert codes == [200, 200, 200, 429]
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_live_messages_cross_workers(tmp_path, redis_url):
    from webapp import realtime
    first, second = two_workers(tmp_path, redis_url)
    with second.app_context():
        live = realtime.Subscription("chat-redis")
        try:
            time.sleep(0.1)
            with first.app_context():
                realtime.staff_event("chat-redis", "message", "Hola desde otro worker", "Marcela")
            received = []
            for _ in range(50):
                received += live.poll()
                if received:
                    break
                time.sleep(0.05)
            assert json.loads(received[0])["texto"] == "Hola desde otro worker"
        finally:
            live.close()
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
            if "hub_redis" in app.extensions:
                app.extensions["hub_redis"].close()
