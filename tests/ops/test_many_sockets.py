"""Open sockets do not hold database connections: a worker keeps hundreds of customers'
chats open with a pool of a handful of PostgreSQL connections (the finding: the 16th socket
of a worker waited for the pool and never heard it was connected)."""
import json
from contextlib import ExitStack

from support import make_app
from webapp.extensions import db

from tests.security.conftest import serve, ws_connect

POOL = {"pool_size": 2, "max_overflow": 0, "pool_timeout": 5, "pool_pre_ping": True}


def test_more_sockets_than_database_connections(tmp_path):
    app = make_app(tmp_path, "postgresql", SQLALCHEMY_ENGINE_OPTIONS=POOL)
    with app.app_context():
        app.test_cli_runner().invoke(args=["seed"])
        db.session.remove()
    with serve(app) as host, ExitStack() as stack:
        sockets = [stack.enter_context(ws_connect(f"ws://{host}/ws/chat")) for _ in range(3 * POOL["pool_size"])]
        chats = [json.loads(ws.recv(timeout=30)) for ws in sockets]
        assert all(frame["type"] == "connection_status" for frame in chats)
        for ws in sockets:
            ws.send(json.dumps({"type": "message", "mensaje": "precio del extintor de 10 libras"}))
        for ws in sockets:
            while (frame := json.loads(ws.recv(timeout=30)))["type"] != "response_end":
                assert frame["type"] != "error", frame
            assert frame["respuesta"]
    with app.app_context():
        db.engine.dispose()
