"""PostgreSQL unreachable under a running shop: every door answers 503 at once (pages with a
page that needs no database, the API and the chat with `{"error", "detalle"}`, a socket with
an `error` frame and stays open), nothing half-written is left, and the shop serves again
as soon as the database is back, without a restart."""
import json

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from support import CUSTOMER, PG_URL, _config, make_app, need
from webapp import create_app
from webapp.extensions import db
from webapp.models import Order, Product
from webapp.services import staff

from tests.ops.ops_helpers import TcpProxy
from tests.security.conftest import serve, ws_connect

WAIT = 30


def test_every_door_answers_503_while_postgresql_is_unreachable_and_recovers(tmp_path):
    need(bool(PG_URL), "TEST_DATABASE_URL not set (no PostgreSQL server)")
    seeded = make_app(tmp_path, "postgresql")
    with seeded.app_context():
        seeded.test_cli_runner().invoke(args=["seed"])
        token = staff.create_token(staff.create_admin("caida@tienda.co", "clave-de-prueba-123", "Caída"))
        db.session.commit()
        db.engine.dispose()
    url = make_url(PG_URL)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    app = create_app(_config(tmp_path, url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)))
    client, auth = app.test_client(), {"Authorization": f"Bearer {token}"}
    sale = {"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 1}]}
    with app.app_context():
        stock_before = db.session.scalar(select(Product.stock).where(Product.sku == "EXT-10"))
        db.session.remove()
    try:
        with serve(app) as host, ws_connect(f"ws://{host}/ws/chat") as ws:
            assert json.loads(ws.recv(timeout=WAIT))["type"] == "connection_status"
            assert client.get("/").status_code == 200
            proxy.stop()

            page = client.get("/?q=extintor")
            assert page.status_code == 503 and "Volvemos en un momento" in page.get_data(as_text=True)
            assert page.headers["Retry-After"]
            for response in (client.get("/productos/"), client.post("/chat/texto", json={"mensaje": "hola"}),
                             client.post("/ventas/", json=sale, headers=auth)):
                assert response.status_code == 503
                assert response.get_json()["error"] == "servicio_no_disponible" and response.get_json()["detalle"]
            ws.send(json.dumps({"type": "message", "mensaje": "precio del extintor"}))
            frame = json.loads(ws.recv(timeout=WAIT))
            assert frame["type"] == "error" and frame["error"] == "servicio_no_disponible"

            proxy.start()
            assert client.get("/?q=extintor").status_code == 200  # back, no restart
            ws.send(json.dumps({"type": "message", "mensaje": "precio del extintor"}))  # the same socket
            while (frame := json.loads(ws.recv(timeout=WAIT)))["type"] != "response_end":
                assert frame["type"] != "error", frame
            placed = client.post("/ventas/", json=sale, headers=auth)
            assert placed.status_code == 201
        with app.app_context():  # the refused sale left nothing: one sale, its unit taken once
            assert db.session.scalar(select(func.count(Order.id)).where(Order.placed_at.is_not(None))) == 1
            assert db.session.scalar(select(Product.stock).where(Product.sku == "EXT-10")) == stock_before - 1
    finally:
        proxy.stop()
        with app.app_context():
            db.engine.dispose()

