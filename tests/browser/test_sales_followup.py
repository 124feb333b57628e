"""In real Chromium: the cart page follows the chat (lines and totals, no reload), and during a takeover
staff place the order for the customer, then mark it paid; the customer sees it all in place."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin import agent_answers, chat_send, staff_page, staff_user, wait_for_reply  # noqa: F401

pytestmark = pytest.mark.browser


def open_with_chat(page: Page, path: str) -> None:
    """Open a storefront page and wait for the sidebar's socket (replies then arrive over it)."""
    page.add_init_script("document.addEventListener('htmx:wsOpen', () => { window.__wsOpen = true; });")
    page.goto(path)
    page.wait_for_function("() => window.__wsOpen === true")
    page.evaluate("window.__sameDocument = true")


def test_the_cart_page_follows_the_chat(new_context):
    shopper = new_context().new_page()
    open_with_chat(shopper, "/carrito")
    cart = shopper.locator("#cart")
    expect(cart).to_contain_text("Tu carrito está vacío.")
    shopper.evaluate("""window.__changes = 0;
                        document.body.addEventListener('orden-cambiada', () => { window.__changes += 1; });""")

    before = agent_answers(shopper)
    chat_send(shopper, "quiero 2 extintores de 10 libras")
    wait_for_reply(shopper, before)
    expect(cart.locator("tbody tr")).to_have_count(1)
    expect(cart).to_contain_text("Extintor 10 Libras")
    expect(shopper.locator("#cart-total")).to_have_text("$30.000")
    expect(shopper.get_by_role("spinbutton", name="Cantidad de Extintor 10 Libras")).to_have_value("2")

    before = agent_answers(shopper)
    chat_send(shopper, "agrega 1 casco de seguridad amarillo")
    wait_for_reply(shopper, before)
    expect(cart.locator("tbody tr")).to_have_count(2)
    expect(shopper.locator("#cart-total")).to_have_text("$55.000")  # 2 × 15.000 + 25.000
    assert shopper.evaluate("window.__sameDocument") is True  # updated in place, never reloaded
    assert shopper.evaluate("window.__changes") == 2

    # a question that leaves the order as it is does not announce a change (the reply's signal is
    # handled as the reply is swapped in, so once it shows, the count is final)
    before = agent_answers(shopper)
    chat_send(shopper, "¿a qué hora abren los sábados?")
    wait_for_reply(shopper, before)
    assert shopper.evaluate("window.__changes") == 2

    # the buttons of the refreshed table still work (htmx processed the new rows)
    shopper.get_by_role("button", name="Quitar Casco de Seguridad Amarillo").click()
    expect(cart.locator("tbody tr")).to_have_count(1)
    expect(shopper.locator("#cart-total")).to_have_text("$30.000")
    expect(shopper.locator("#cart-count")).to_have_text("2")


def test_staff_place_the_order_for_the_customer_then_mark_it_paid(new_context, staff_page: Page, live_server):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Conversation, Message

    shopper = new_context().new_page()
    open_with_chat(shopper, "/carrito")
    before = agent_answers(shopper)
    chat_send(shopper, "quiero 2 extintores de 10 libras")
    wait_for_reply(shopper, before)
    expect(shopper.locator("#cart-total")).to_have_text("$30.000")
    before = agent_answers(shopper)
    chat_send(shopper, "mejor que me ayude una persona, quiero hablar con un asesor de ventas")
    wait_for_reply(shopper, before)

    def find():
        conversation = db.session.scalars(
            select(Conversation).join(Message, Message.conversation_id == Conversation.id)
            .where(Message.text == "mejor que me ayude una persona, quiero hablar con un asesor de ventas")
            .order_by(Conversation.id.desc())).first()
        return conversation.id
    conversation_id = live_server.query(find)

    staff = staff_page
    staff.goto(f"/admin/conversaciones/{conversation_id}")
    staff.get_by_role("button", name="Atender esta conversación").click()
    expect(staff.locator(".flash-success")).to_contain_text("Ahora atiendes esta conversación")
    panel = staff.locator("#place-order")
    expect(panel).to_contain_text("Hacer el pedido por el cliente")
    panel.get_by_label("Nombre completo").fill("Camila Ortiz")
    panel.get_by_label("Cédula").fill("1144556677")
    panel.get_by_label("Celular").fill("3157778899")
    panel.get_by_label("Correo electrónico").fill("camila.ortiz@correo.co")
    panel.get_by_label("Dirección").fill("Calle 30 # 28-15")
    panel.get_by_label("Barrio").fill("Zamorano")
    city = panel.get_by_label("Municipio o ciudad")
    city.press_sequentially("Palmi", delay=40)
    expect(staff.locator("#ciudad-opciones option").first).to_have_attribute("value", re.compile("Palmira"))
    city.fill("Palmira")
    panel.get_by_label("Medio de pago").select_option(label="Nequi")
    panel.get_by_role("button", name="Calcular envío y revisar").click()

    panel = staff.locator("#place-order")
    expect(panel.locator("#place-order-shipping")).to_have_text("$15.000 a Palmira")
    expect(panel.locator("#place-order-total")).to_have_text("$45.000")
    expect(panel.locator("#place-order-method")).to_have_text("Nequi")
    expect(panel.get_by_label("Departamento")).to_have_value("Valle del Cauca")
    panel.get_by_label("El cliente autorizó el tratamiento de sus datos para este pedido").check()
    panel.get_by_role("button", name="Hacer el pedido").click()

    expect(staff).to_have_url(re.compile(r"/admin/pedidos/\d+$"))
    expect(staff.locator(".flash-success")).to_contain_text("por el cliente")
    payment = staff.locator("#order-payment")
    expect(payment.locator("#order-shipping")).to_have_text("$15.000")
    expect(payment.locator("#order-total-with-shipping")).to_have_text("$45.000")
    expect(payment.locator("#order-payment-method")).to_contain_text("Nequi")
    expect(payment.locator("#order-payment-status")).to_have_text("Pendiente de pago")

    # the customer is told in the chat, with the order's link, and the cart page empties in place
    told = shopper.locator("#chat-messages .msg-staff").last
    expect(told).to_contain_text("Listo, hice tu pedido")
    link = told.locator('a[href^="/pedido/"]')
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    expect(link).to_have_text(href)
    expect(told.locator("strong")).to_have_text("Total: $45.000")
    expect(shopper.locator("#cart")).to_contain_text("Tu carrito está vacío.")
    assert shopper.evaluate("window.__sameDocument") is True

    # staff receives the money: marked paid in place; then taken back after confirming
    staff.evaluate("window.__sameDocument = true")
    payment.get_by_role("button", name="Marcar como pagado").click()
    expect(payment.locator("#order-payment-status")).to_contain_text("Pagado")
    expect(payment.get_by_role("status")).to_contain_text("pagado")
    customer_page = new_context().new_page()
    customer_page.goto(href)
    expect(customer_page.get_by_role("heading", level=1)).to_have_text("¡Gracias por tu compra!")
    expect(customer_page.locator("#payment-state")).to_have_text("Pagado")
    expect(customer_page.locator("#order-total-with-shipping")).to_have_text("$45.000")

    staff.once("dialog", lambda dialog: dialog.accept())
    payment.get_by_role("button", name="Volver a pendiente de pago").click()
    expect(payment.locator("#order-payment-status")).to_have_text("Pendiente de pago")
    assert staff.evaluate("window.__sameDocument") is True
    customer_page.reload()
    expect(customer_page.locator("#payment-method")).to_have_text("Nequi")
    expect(customer_page.locator("#payment-instructions")).to_be_visible()
