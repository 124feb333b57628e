"""The whole Colombian sale, as a new user does it: an Extintor 10 Libras delivered to Palmira paid
with Nequi, through the pages and again through the chat; the same shipping and total both ways,
the confirmation in a real local SMTP server, and the owner marking the sale paid."""
import re
from decimal import Decimal

from sqlalchemy import select

from tests.admin.admin_helpers import staff_client, staff_user  # noqa: F401
from tests.shop_owner.smtp_server import SmtpServer
from webapp.extensions import db
from webapp.models import Order
from webapp.services import catalog, mail

HX = {"HX-Request": "true"}
SHOP = "https://tienda.example.co"


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


def _buy_through_the_pages(client) -> Order:
    client.post("/carrito/agregar", data={"product_id": catalog.get_by_sku("EXT-10").id, "cantidad": 1})
    page = client.get("/checkout").get_data(as_text=True)
    data = {"order_code": _hidden(page, "order_code"), "order_token": _hidden(page, "order_token"),
            "nombre": "Juan Pérez", "cedula": "12345678", "telefono": "3001234567", "email": "juan@correo.co",
            "direccion": "Calle 30 # 25-40", "barrio": "Centro", "ciudad": "Palmira",
            "departamento": "Valle del Cauca", "metodo_pago": "nequi", "acepto_datos": "y"}
    priced = client.post("/checkout", data=data).get_data(as_text=True)  # the shipping is shown before the sale
    assert 'id="shipping-priced"' in priced and "$15.000" in priced and "$30.000" in priced
    data["order_token"] = _hidden(priced, "order_token")
    done = client.post("/checkout", data=data)
    assert done.status_code == 302 and "/pedido/" in done.headers["Location"]
    confirmation = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "$30.000" in confirmation and "Nequi" in confirmation
    code = done.headers["Location"].rsplit("/", 1)[-1]
    return db.session.scalars(select(Order).where(Order.code == code)).one()


def _buy_through_the_chat(client) -> Order:
    def say(text, chat_id=None):
        body = client.post("/chat/texto", json={"mensaje": text, **({"chat_id": chat_id} if chat_id else {})})
        assert body.status_code == 200
        return body.get_json()

    first = say("necesito 1 extintor de 10 libras")
    chat = first["chat_id"]
    assert [(line["sku"], line["cantidad"]) for line in first["pedido"]["lineas"]] == [("EXT-10", 1)]
    say("eso es todo", chat)
    readback = say("Laura Gómez, 1098765432, 3157654321, laura@correo.co, Calle 10 # 20-30, barrio Centro, "
                   "Palmira, pago por Nequi", chat)
    assert readback["estado_venta"] == "listo_para_finalizar"
    assert "$15.000" in readback["respuesta"] and "$30.000" in readback["respuesta"]
    placed = say("sí", chat)
    assert placed["estado_venta"] == "cerrada" and placed["venta_id"]
    return db.session.get(Order, placed["venta_id"]), chat


def test_palmira_by_nequi_through_the_pages_and_the_chat_then_paid(seeded, client, staff_client):  # noqa: F811
    server = SmtpServer().start()
    seeded.config.update(SMTP_URL=server.url, EXTERNAL_URL=SHOP, SHOP_NOTIFY_EMAIL="ventas@tienda.example.co")
    try:
        by_pages = _buy_through_the_pages(client)
        by_chat, chat_id = _buy_through_the_chat(seeded.test_client())
        for sale in (by_pages, by_chat):
            db.session.refresh(sale)
            assert (sale.total, sale.shipping_cost, sale.payment_method) == (
                Decimal("15000"), Decimal("15000"), "nequi")
            assert sale.ship_city.startswith("Palmira")

        received = server.inbox.wait_for(2)  # the pages' sale: a confirmation and a notice to the shop
        customers = {tuple(to): message for to, message in received}
        plain = customers[("juan@correo.co",)].get_body(("plain",)).get_content()
        assert "Extintor 10 Libras" in plain and "$30.000" in plain and "Nequi" in plain
        assert ("ventas@tienda.example.co",) in customers
        from webapp.models import OutboxEmail  # the chat's sale queues the same two, in the same transaction
        queued = {e.recipient for e in db.session.scalars(select(OutboxEmail))}
        assert {"laura@correo.co", "ventas@tienda.example.co"} <= queued

        marked = staff_client.post(f"/admin/pedidos/{by_chat.id}/pago", data={"estado_pago": "pagado"}, headers=HX)
        assert marked.status_code == 200 and f"Pedido #{by_chat.id}: pagado." in marked.get_data(as_text=True)
        api = staff_client.get(f"/ventas/?chat_id={chat_id}").get_json()["ventas"]
        assert [(v["id"], v["estado_pago"], v["metodo_pago"]) for v in api] == [(by_chat.id, "pagado", "nequi")]
        assert Decimal(str(api[0]["envio"])) == Decimal("15000") and Decimal(str(api[0]["total_con_envio"])) == 30000
    finally:
        mail.sender(seeded).stop()
        server.stop()
