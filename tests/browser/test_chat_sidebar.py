"""Buying purely by chatting in the sidebar, in real Chromium over the real websocket."""
import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser


def send(page, text: str) -> None:
    page.wait_for_function("() => window.__wsOpen === true")
    page.fill("#chat-form input[name=mensaje]", text)
    page.press("#chat-form input[name=mensaje]", "Enter")


def last_agent(page) -> str:
    return page.locator("#chat-messages .msg-agent:not(.msg-empty) .msg-text").last.inner_text()


def test_buy_two_products_by_chatting(page, live_server):
    from webapp.models import Order
    page.goto(live_server("/"))
    page.evaluate("window.__sameDocument = true")
    assert page.inner_text("#cart-count") == "0"
    send(page, "necesito 2 extintores de 10 libras")
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '2'")
    assert "Agregué 2 × Extintor 10 Libras" in last_agent(page)
    send(page, "y 3 guantes de nitrilo")
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '5'")
    assert page.evaluate("window.__sameDocument") is True  # no page reload: the badge changed in place
    cart = page.context.new_page()
    cart.goto(live_server("/carrito"))
    cart_text = cart.inner_text("#cart")
    assert "Extintor 10 Libras" in cart_text and "Guantes de Nitrilo" in cart_text and "$54.000" in cart_text
    cart.close()
    send(page, "sí, procedamos")
    page.wait_for_function("() => document.querySelector('#chat-messages').innerText.includes('Ley 1581')")
    send(page, "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro, Portón azul")
    # the order is read back with a button that carries the version it showed; nothing is placed yet
    page.wait_for_function("() => document.querySelector('#chat-messages').innerText.includes('Confirmas el pedido')")
    assert page.inner_text("#cart-count").strip() == "5"
    page.locator(".confirm-card").last.get_by_role("button", name="Confirmar pedido").click()
    page.wait_for_function("() => document.querySelector('#chat-messages').innerText.includes('quedó registrado')")
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '0'")
    text = page.inner_text("#chat-messages")
    assert "$54.000" in text  # 2 × 15.000 + 3 × 8.000
    from webapp.extensions import db
    orders = live_server.query(lambda: [(o.total, o.channel, len(o.lines)) for o in
                                        db.session.scalars(select(Order).where(Order.status == "pendiente"))])
    assert (54000, "chat", 2) in orders


def test_chat_and_cart_page_share_the_order_and_history_survives_navigation(page, live_server):
    page.goto(live_server("/"))
    send(page, "quiero 2 cascos amarillos")
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '2'")
    page.click("a.cart-link")
    page.wait_for_url("**/carrito")
    assert "Casco de Seguridad Amarillo" in page.inner_text("#cart")
    assert "quiero 2 cascos amarillos" in page.inner_text("#chat-messages")
    page.reload()
    assert "quiero 2 cascos amarillos" in page.inner_text("#chat-messages")
    send(page, "¿qué llevo en el pedido?")
    page.wait_for_function("() => document.querySelector('#chat-messages').innerText.includes('$50.000')")


def test_a_customers_script_is_shown_as_text(page, live_server):
    page.goto(live_server("/"))
    page.evaluate("window.__xss = false")
    send(page, "<img src=x onerror=\"window.__xss=true\"><script>window.__xss=true</script>")
    page.wait_for_function("() => document.querySelectorAll('#chat-messages .msg-user').length >= 1")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is False
    assert "<script>" in page.locator("#chat-messages .msg-user").last.inner_text()


def test_undo_from_the_sidebar(page, live_server):
    page.goto(live_server("/"))
    send(page, "quiero 4 gafas de seguridad lente claro")
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '4'")
    page.get_by_role("button", name="Deshacer").last.click()
    page.wait_for_function("() => document.querySelector('#cart-count').textContent.trim() === '0'")
