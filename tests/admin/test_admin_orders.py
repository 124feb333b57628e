"""Orders in the back office: filters, detail, status moves (illegal ones refused), cancel returns stock."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import HX, make_conversation, make_sale, staff_client, staff_user, utcnow  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import catalog


def stock(sku):
    product = catalog.get_by_sku(sku)
    db.session.refresh(product)
    return product.stock


@pytest.fixture
def sales(seeded):
    chat = make_conversation("chat-pedidos", [{"role": "usuario", "text": "quiero un extintor"}])
    return {
        "web": make_sale([("EXT-10", 2)], n=1),
        "chat": make_sale([("GUA-NIT", 3)], n=2, channel="chat", conversation=chat),
        "old": make_sale([("EXT-20", 1)], n=3, placed_at=utcnow() - timedelta(days=40), status="entregada"),
    }


def test_list_and_filters(sales, staff_client):
    page = staff_client.get("/admin/pedidos").get_data(as_text=True)
    assert "3 pedidos" in page and all(f'id="order-{o.id}"' in page for o in sales.values())
    chat_only = staff_client.get("/admin/pedidos?canal=chat").get_data(as_text=True)
    assert f'id="order-{sales["chat"].id}"' in chat_only and f'id="order-{sales["web"].id}"' not in chat_only
    delivered = staff_client.get("/admin/pedidos?estado=entregada").get_data(as_text=True)
    assert "1 pedido" in delivered and f'id="order-{sales["old"].id}"' in delivered
    today = utcnow().date()
    recent = staff_client.get(f"/admin/pedidos?desde={(today - timedelta(days=2)).isoformat()}").get_data(as_text=True)
    assert "2 pedidos" in recent and f'id="order-{sales["old"].id}"' not in recent
    old = staff_client.get(f"/admin/pedidos?hasta={(today - timedelta(days=30)).isoformat()}").get_data(as_text=True)
    assert "1 pedido" in old
    fragment = staff_client.get("/admin/pedidos?estado=pendiente", headers={**HX, "HX-Target": "order-table"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="order-table"')
    junk = staff_client.get("/admin/pedidos?estado=robado&canal=fax&desde=ayer&hasta=2025-13-45")
    assert junk.status_code == 200 and "3 pedidos" in junk.get_data(as_text=True)


def test_detail_shows_lines_customer_and_chat(sales, staff_client):
    order = sales["chat"]
    page = staff_client.get(f"/admin/pedidos/{order.id}").get_data(as_text=True)
    assert "Guantes de Nitrilo" in page and 'id="order-total"' in page and "Cliente 2 Pérez" in page
    assert f"/admin/conversaciones/{order.conversation_id}" in page
    assert "Marcar como confirmada" in page and "Cancelar pedido" in page and "Marcar como entregada" not in page
    assert staff_client.get("/admin/pedidos/999999").status_code == 404


def test_move_along_pendiente_confirmada_entregada(sales, staff_client):
    order = sales["web"]
    response = staff_client.post(f"/admin/pedidos/{order.id}/estado", data={"estado": "confirmada"}, headers=HX)
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="order-status"') and "Marcar como entregada" in html
    db.session.refresh(order)
    assert order.status == "confirmada"
    response = staff_client.post(f"/admin/pedidos/{order.id}/estado", data={"estado": "entregada"})
    assert response.status_code == 302
    db.session.refresh(order)
    assert order.status == "entregada"
    page = staff_client.get(f"/admin/pedidos/{order.id}").get_data(as_text=True)
    assert "Este pedido ya no cambia de estado." in page and "Cancelar pedido" not in page
    events = [e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pedido_estado"))]
    assert events == ["pendiente → confirmada", "confirmada → entregada"]


@pytest.mark.parametrize("start, target", [("pendiente", "entregada"), ("entregada", "cancelada"),
                                           ("entregada", "pendiente"), ("pendiente", "carrito"),
                                           ("pendiente", "robado")])
def test_illegal_moves_are_refused_with_a_message(seeded, staff_client, start, target):
    order = make_sale([("EXT-10", 1)], status=start)
    response = staff_client.post(f"/admin/pedidos/{order.id}/estado", data={"estado": target}, headers=HX)
    assert "No se puede pasar un pedido de" in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == start
    response = staff_client.post(f"/admin/pedidos/{order.id}/estado", data={"estado": target}, follow_redirects=True)
    assert "No se puede pasar un pedido de" in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pedido_estado")) is None


def test_cancel_asks_first_and_returns_the_stock(sales, staff_client):
    order = sales["web"]
    assert stock("EXT-10") == 118
    detail = staff_client.get(f"/admin/pedidos/{order.id}").get_data(as_text=True)
    assert "hx-confirm=" in detail and f'action="/admin/pedidos/{order.id}/cancelar"' in detail
    confirm = staff_client.get(f"/admin/pedidos/{order.id}/cancelar").get_data(as_text=True)
    assert 'id="cancel-form"' in confirm and "Sí, cancelar pedido" in confirm
    db.session.refresh(order)
    assert order.status == "pendiente"  # asking is not doing
    staff_client.post(f"/admin/pedidos/{order.id}/estado", data={"estado": "cancelada"})
    db.session.refresh(order)
    assert order.status == "cancelada" and stock("EXT-10") == 120
    again = staff_client.get(f"/admin/pedidos/{order.id}/cancelar", follow_redirects=True)
    assert "no se puede cancelar" in again.get_data(as_text=True)
    assert stock("EXT-10") == 120


def test_open_carts_are_not_orders_here(seeded, staff_client, client):
    client.post("/carrito/agregar", data={"product_id": catalog.get_by_sku("EXT-10").id, "cantidad": 1})
    from webapp.models import Order
    cart = db.session.scalar(select(Order).where(Order.status == "carrito"))
    assert staff_client.get(f"/admin/pedidos/{cart.id}").status_code == 404
    assert "0 pedidos" in staff_client.get("/admin/pedidos").get_data(as_text=True)
