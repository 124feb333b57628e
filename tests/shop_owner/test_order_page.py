"""The customer's order page (/pedido/<codigo>): each status says what it means, in tú; lines,
shipping (or "por confirmar"), total with shipping, how to pay while unpaid, "Pagado" once paid."""
from decimal import Decimal

import pytest

from tests.admin.admin_helpers import make_sale
from webapp.extensions import db
from webapp.services import orders, payments


def order_page(client, order) -> str:
    response = client.get(f"/pedido/{order.code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html.split('id="order-page"')[1].split("</main>")[0]


@pytest.fixture
def sale(seeded):
    order = make_sale([("EXT-10", 2), ("GUA-NIT", 1)])
    order.shipping_cost, order.payment_method, order.ship_city = Decimal("15000"), "nequi", "Palmira"
    db.session.commit()
    return order


def test_a_pending_order_thanks_and_says_we_will_contact_you(client, sale):
    page = order_page(client, sale)
    assert "<h1>¡Gracias por tu compra!</h1>" in page
    assert f"Recibimos tu pedido <strong>#{sale.id}</strong>" in page and "Te contactaremos" in page
    assert "Extintor 10 Libras" in page and "Guantes de Nitrilo" in page
    goods = sale.total
    assert page.split('id="order-shipping">')[1].startswith("$15.000")
    assert page.split('id="order-total-with-shipping">')[1].startswith(
        "$" + f"{int(goods + 15000):,}".replace(",", "."))
    assert 'id="payment-method">Nequi<' in page
    instructions = payments.payment_instructions("nequi")
    assert instructions and instructions.split(".")[0] in page
    assert "Pendiente de pago" in page


def test_confirmed_and_delivered_have_their_own_wording(client, sale):
    orders.change_status(sale, "confirmada")
    db.session.commit()
    page = order_page(client, sale)
    assert "<h1>Tu pedido está confirmado</h1>" in page and "Lo estamos preparando" in page
    assert "¡Gracias por tu compra!" not in page
    orders.change_status(sale, "entregada")
    db.session.commit()
    page = order_page(client, sale)
    assert "<h1>Tu pedido fue entregado</h1>" in page and "ya fue entregado" in page


def test_a_cancelled_order_says_so_and_never_thanks(client, sale):
    orders.change_status(sale, "cancelada")
    db.session.commit()
    response = client.get(f"/pedido/{sale.code}")
    html = response.get_data(as_text=True)
    assert "<h1>Este pedido fue cancelado</h1>" in html and "no se va a despachar" in html
    assert "¡Gracias por tu compra!" not in html and "Gracias" not in html.split('id="order-page"')[1].split("</main>")[0]
    assert 'id="payment-instructions"' not in html and "Pendiente de pago" not in html  # nothing to pay


def test_once_paid_it_says_pagado_instead_of_instructions(client, sale):
    payments.mark_paid(sale, "staff@tienda.co")
    db.session.commit()
    page = order_page(client, sale)
    assert "Pagado" in page and 'id="payment-instructions"' not in page and "con Nequi" in page


def test_unknown_shipping_is_por_confirmar(client, seeded):
    order = make_sale([("EXT-10", 1)])
    page = order_page(client, order)
    assert 'id="order-shipping">Por confirmar<' in page
    assert 'id="order-total-with-shipping">Por confirmar<' in page
    assert "Te confirmamos el valor del envío" in page
    assert 'id="payment-method">Contra entrega<' in page  # none chosen: the shop's default


def test_an_order_without_a_method_says_we_will_tell_how_to_pay(client, seeded):
    order = make_sale([("EXT-10", 1)])
    order.payment_method = ""  # placed before the shop had payment methods
    db.session.commit()
    assert "Te contamos cómo pagar" in order_page(client, order)


def test_instructions_are_escaped_and_formatted(client, seeded):
    payments.update_method("transferencia", instructions="**Bancolombia** ahorros 123-456\n- Envía el comprobante\n"
                                                         "<script>alert(1)</script>")
    order = make_sale([("EXT-10", 1)])
    order.payment_method = "transferencia"
    db.session.commit()
    page = order_page(client, order)
    block = page.split('id="payment-instructions">')[1].split("</div>")[0]
    assert "<strong>Bancolombia</strong>" in block and "<li>Envía el comprobante</li>" in block
    assert "<script>" not in block and "&lt;script&gt;" in block
