"""Redis stops under a running shop: the chat still answers, sockets still connect and get the
staff messages sent by their own process, limits are counted per process meanwhile; once
Redis is back, limits and live messages are shared again, without a restart."""
import json
import time

import redis

from support import make_app
from webapp import realtime
from webapp.extensions import db

from tests.security.conftest import serve, ws_connect

WAIT = 30


def _say(client, chat_id=None, text="hola"):
    return client.post("/chat/texto", json={"mensaje": text, "chat_id": chat_id})


def test_the_shop_keeps_working_while_redis_is_down_and_shares_again_when_it_returns(tmp_path, redis_server):
    config = dict(REDIS_URL=redis_server.url, RATELIMIT_STORAGE_URI=redis_server.url, RATELIMIT_ENABLED=True,
                  RATE_LIMIT_CHAT="3/minute")
    app, other = make_app(tmp_path, **config), make_app(tmp_path, **config)  # two workers on one database
    client, other_client = app.test_client(), other.test_client()
    with serve(app) as host:
        redis_server.stop()
        first = _say(client)
        assert first.status_code == 200 and first.get_json()["respuesta"]  # the chat answers
        chat_id = first.get_json()["chat_id"]
        codes = [_say(client, chat_id).status_code for _ in range(3)]
        assert codes == [200, 200, 429]  # still limited: counted in this process

        with ws_connect(f"ws://{host}/ws/chat/{chat_id}") as ws:  # sockets still connect
            assert json.loads(ws.recv(timeout=WAIT))["type"] == "connection_status"
            with app.app_context():
                realtime.staff_event(chat_id, "message", "Te escribo aunque Redis no esté.", "Sofía")
            frame = json.loads(ws.recv(timeout=WAIT))
            assert frame["type"] == "staff_message" and frame["content"] == "Te escribo aunque Redis no esté."

            redis_server.start()
            raw = redis.Redis.from_url(redis_server.url)
            event = json.dumps({"kind": "message", "texto": "Desde otra instancia.", "asesor": "Luis",
                                "fecha": "2026-01-01T00:00:00+00:00"})
            deadline, frame = time.monotonic() + WAIT, None
            while frame is None and time.monotonic() < deadline:  # until the listener has resubscribed
                raw.publish(realtime.CHANNEL + chat_id, event)  # what another instance's worker does
                try:
                    frame = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    pass
            assert frame and frame["content"] == "Desde otra instancia."
            raw.close()

    deadline, shared = time.monotonic() + WAIT, False
    while not shared and time.monotonic() < deadline:  # limits go back to Redis within a few seconds
        fresh = _say(client).get_json()["chat_id"]
        _say(other_client, fresh)
        _say(client, fresh)
        shared = _say(other_client, fresh).status_code == 429  # the 4th message of one chat, on two workers
        time.sleep(0.5)
    assert shared, "limits never went back to Redis"
    for each in (app, other):
        with each.app_context():
            db.engine.dispose()
