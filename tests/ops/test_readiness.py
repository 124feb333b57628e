"""`/health` is liveness; `/health/ready` answers 503 while the database or Redis (when
configured) is unreachable, and 200 again once they are back, without a restart."""
from sqlalchemy.engine import make_url

from support import PG_URL, _config, make_app, need
from webapp import create_app
from webapp.extensions import db

from tests.ops.ops_helpers import TcpProxy


def test_ready_with_the_embedded_defaults(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.get_json() == {"status": "listo", "db": "ok", "redis": "no_configurado"}
    assert client.get("/health").status_code == 200


def test_not_ready_while_postgresql_is_unreachable(tmp_path):
    need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
    with make_app(tmp_path, "postgresql").app_context():  # the schema
        db.engine.dispose()
    url = make_url(PG_URL)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    app = create_app(_config(tmp_path, url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)))
    client = app.test_client()
    try:
        assert client.get("/health/ready").status_code == 200
        assert client.get("/?q=extintor").status_code == 200
        proxy.stop()
        response = client.get("/health/ready")
        assert response.status_code == 503
        assert response.get_json() == {"status": "no_listo", "db": "error", "redis": "no_configurado"}
        proxy.start()
        response = client.get("/health/ready")
        assert response.status_code == 200, response.get_json()
        assert client.get("/?q=extintor").status_code == 200
    finally:
        proxy.stop()
        with app.app_context():
            db.engine.dispose()


def test_not_ready_while_redis_is_unreachable(tmp_path, redis_server):
    app = make_app(tmp_path, REDIS_URL=redis_server.url)
    client = app.test_client()
    assert client.get("/health/ready").get_json() == {"status": "listo", "db": "ok", "redis": "ok"}
    redis_server.stop()
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.get_json()["redis"] == "error"
    redis_server.start()
    assert client.get("/health/ready").status_code == 200
