"""During a takeover, staff place the order for the customer: the form starts from what the chat
knows, "Calcular envío y revisar" puts the destination and payment method on the cart and shows the
order with shipping, "Hacer el pedido" places exactly the order shown (a change in between places
nothing and shows the new order); audited, and the customer is told in the chat with the link."""
import json
from decimal import Decimal

from sqlalchemy import select

from tests.admin.admin_helpers import staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.agent.assistant import handle_turn
from webapp.extensions import db
from webapp.models import AuditEvent, Message, Order, OrderStatus
from webapp.realtime import Subscription
from webapp.services import catalog, conversations, orders

FORM = {"nombre": "Ana Gómez", "cedula": "1234567", "telefono": "3109876543", "email": "ana@correo.co",
        "direccion": "Calle 5 # 3-2", "barrio": "Centro", "ciudad": "Palmira", "departamento": "",
        "indicaciones_entrega": "", "metodo_pago": "nequi"}


def customer_chat(staff_client, attend=True):
    """A chat where the customer asked for 2 extintores and gave their data; staff attend it."""
    chat_id = handle_turn("quiero 2 extintores de 10 libras").chat_id
    handle_turn("me llamo Ana Gómez, cédula 1234567, celular 3109876543, ana@correo.co, "
                "Calle 5 # 3-2, barrio Centro", chat_id=chat_id)
    conversation = conversations.get_conversation(chat_id)
    if attend:
        assert staff_client.post(f"/admin/conversaciones/{conversation.id}/tomar").status_code == 302
    return conversation


def token_in(html: str) -> str:
    return html.split('name="token" value="')[1].split('"')[0]


def section(html: str) -> str:
    return html.split('id="place-order"')[1].split("</section>")[0]


def placed_orders(conversation) -> list[Order]:
    db.session.expire_all()
    return list(db.session.scalars(select(Order).where(Order.conversation_id == conversation.id,
                                                       Order.status != OrderStatus.CART)))


def test_the_form_starts_from_what_the_chat_knows(seeded, staff_client):
    conversation = customer_chat(staff_client)
    page = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
    form = section(page)
    for name, value in (("nombre", "Ana Gómez"), ("cedula", "1234567"), ("telefono", "3109876543"),
                        ("email", "ana@correo.co"), ("direccion", "Calle 5 # 3-2"), ("barrio", "Centro")):
        assert f'name="{name}" type="' in form and f'value="{value}"' in form.split(f'name="{name}"')[1][:120], name
    assert '<option value="contraentrega" selected>' in form  # the shop's first method
    assert 'id="place-order-shipping">Por confirmar' in form
    assert token_in(page) == orders.cart_view(conversation).token


def test_not_attending_places_nothing(seeded, staff_client):
    conversation = customer_chat(staff_client, attend=False)
    page = staff_client.get(f"/admin/conversaciones/{conversation.id}").get_data(as_text=True)
    assert 'id="place-order"' not in page
    response = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido",
                                 data={**FORM, "accion": "confirmar", "autorizacion": "1",
                                       "token": orders.cart_view(conversation).token})
    assert response.status_code == 302 and placed_orders(conversation) == []


def test_review_then_place_for_the_customer(seeded, staff_client):
    conversation = customer_chat(staff_client)
    stock_before = catalog.get_by_sku("EXT-10").stock
    live = Subscription(conversation.chat_id)
    try:
        review = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido", data={**FORM, "accion": "revisar"})
        html = review.get_data(as_text=True)
        assert review.status_code == 200
        form = section(html)
        assert 'id="place-order-shipping">$15.000 a Palmira' in form
        assert "$45.000" in form.split('id="place-order-total"')[1][:80]
        assert "Nequi" in form.split('id="place-order-method"')[1][:40]
        assert '<option value="Valle del Cauca" selected>' in form  # the municipality as resolved
        cart = orders.open_order(conversation)
        assert (cart.ship_city, cart.ship_department, cart.shipping_cost, cart.payment_method) == \
            ("Palmira", "Valle del Cauca", Decimal("15000.00"), "nequi")
        token = token_in(html)
        assert token == orders.cart_view(conversation).token

        no_consent = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido",
                                       data={**FORM, "accion": "confirmar", "token": token})
        assert no_consent.status_code == 422
        assert "Confirma que el cliente autorizó" in no_consent.get_data(as_text=True)
        assert placed_orders(conversation) == []

        done = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido",
                                 data={**FORM, "accion": "confirmar", "token": token, "autorizacion": "1"})
        assert done.status_code == 302
        [sale] = placed_orders(conversation)
        assert done.headers["Location"].endswith(f"/admin/pedidos/{sale.id}")
        assert (sale.status, sale.channel, sale.payment_method, sale.payment_status) == \
            ("pendiente", "chat", "nequi", "pendiente")
        assert sale.shipping_cost == Decimal("15000.00") and sale.total == Decimal("30000.00")
        assert (sale.ship_name, sale.ship_cedula, sale.ship_city) == ("Ana Gómez", "1234567", "Palmira")
        assert catalog.get_by_sku("EXT-10").stock == stock_before - 2
        assert orders.open_order(conversation) is None

        events = [json.loads(e) for e in live.poll()]
        told = [e["texto"] for e in events if e["kind"] == "message"]
        assert len(told) == 1 and f"/pedido/{sale.code}" in told[0] and f"#{sale.id}" in told[0]
        assert "**Total: $45.000**" in told[0] and "Nequi" in told[0]
    finally:
        live.close()
    stored = db.session.scalar(select(Message).where(Message.conversation_id == conversation.id,
                                                     Message.role == "asesor").order_by(Message.id.desc()))
    assert f"/pedido/{sale.code}" in stored.text
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pedido_asesor"))
    assert audit.resource == f"pedido:{sale.id}" and audit.user == "staff@tienda.co"
    # the customer's page shows it, with how to pay
    page = staff_client.application.test_client().get(f"/pedido/{sale.code}").get_data(as_text=True)
    assert "¡Gracias por tu compra!" in page and 'id="payment-method">Nequi<' in page


def test_a_change_in_between_places_nothing_and_shows_the_new_order(seeded, staff_client):
    conversation = customer_chat(staff_client)
    review = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido", data={**FORM, "accion": "revisar"})
    token = token_in(review.get_data(as_text=True))
    extintor = catalog.get_by_sku("EXT-10")
    orders.set_quantity(conversation, extintor.id, 3, channel="chat")  # the customer changed it meanwhile
    db.session.commit()
    stale = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido",
                              data={**FORM, "accion": "confirmar", "token": token, "autorizacion": "1"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "El pedido cambió desde que lo revisaste" in html
    assert placed_orders(conversation) == []
    assert catalog.get_by_sku("EXT-10").stock == extintor.stock
    fresh = token_in(html)
    assert fresh != token and fresh == orders.cart_view(conversation).token
    assert "$60.000" in section(html).split('id="place-order-total"')[1][:80]  # 3 × 15.000 + 15.000
    assert 'value="Ana Gómez"' in section(html)  # what staff typed is kept
    again = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido",
                              data={**FORM, "accion": "confirmar", "token": fresh, "autorizacion": "1"})
    assert again.status_code == 302
    [sale] = placed_orders(conversation)
    assert sale.lines[0].quantity == 3


def test_bad_data_is_named_and_kept(seeded, staff_client):
    conversation = customer_chat(staff_client)
    bad = {**FORM, "cedula": "12", "ciudad": "Ciudad Gótica", "metodo_pago": "bitcoin", "accion": "confirmar",
           "autorizacion": "1", "token": orders.cart_view(conversation).token}
    response = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido", data=bad)
    form = section(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "La cédula debe tener entre 7 y 10 dígitos." in form
    assert "No reconozco ese municipio" in form
    assert "Elige uno de los medios de pago activos." in form
    assert 'value="Ciudad Gótica"' in form and 'value="12"' in form
    assert placed_orders(conversation) == []
    cart = orders.open_order(conversation)
    assert cart.ship_city == "" and cart.payment_method == ""  # nothing half-written

    far = {**FORM, "ciudad": "Leticia", "departamento": "Amazonas", "accion": "revisar"}
    response = staff_client.post(f"/admin/conversaciones/{conversation.id}/pedido", data=far)
    assert response.status_code == 422 and "Por ahora no llegamos a Leticia" in response.get_data(as_text=True)
