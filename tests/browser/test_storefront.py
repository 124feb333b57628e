"""The storefront as a new customer uses it, in real headless Chromium against the real app.

Hooks used (docs/paginas.md): `#cart-count`, the "Agregar al carrito" button on product
cards, the pages `/`, `/producto/<id>`, `/carrito`, `/checkout`, `/pedido/<codigo>`.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PRICE = re.compile(r"^\$\d{1,3}(\.\d{3})*(,\d{2})?$")        # $15.000, $1.250,50
CONFIRMATION_URL = re.compile(r"/pedido/[A-Za-z0-9_-]{20,}$")
SCREENSHOTS = "/tmp/vendedor-screens"

VALID = {"nombre": "Juan Pérez", "cedula": "12345678", "telefono": "3001234567",
         "email": "juan@email.com", "direccion": "Calle 123 #45-67", "barrio": "Centro",
         "ciudad": "Cali", "indicaciones_entrega": "Portón azul"}
INVALID = {"nombre": "Juan Pérez", "cedula": "12ab", "telefono": "123", "email": "juan@",
           "direccion": "Calle 123 #45-67"}


# --- helpers ----------------------------------------------------------------------

def card(page: Page, name: str):
    """The product card whose title is exactly `name`."""
    return page.locator("#product-list li.card").filter(has=page.get_by_role("heading", name=name, exact=True))


def add_button(scope):
    return scope.get_by_role("button", name="Agregar al carrito")


def badge(page: Page):
    return page.locator("#cart-count")


def mark_window(page: Page) -> None:
    """Set a marker that a full page load would wipe out."""
    page.evaluate("window.__noReload = 'still here'")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload") == "still here", "the page was reloaded"


def search_top(page: Page, text: str) -> None:
    box = page.get_by_role("search").get_by_role("searchbox", name="Buscar productos")
    box.fill(text)
    box.press("Enter")


def add_from_search(page: Page, query: str, name: str) -> None:
    """Find a product with the top search box and add one unit from its card."""
    search_top(page, query)
    product = card(page, name)
    expect(product).to_be_visible()
    before = int(badge(page).inner_text())
    add_button(product).click()
    expect(badge(page)).to_have_text(str(before + 1))


def fill_checkout(page: Page, values: dict, consent: bool) -> None:
    form = page.locator("form.checkout-form")
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    box = form.get_by_role("checkbox")
    if consent:
        box.check()
    else:
        box.uncheck()


def field_error(page: Page, field: str):
    return page.locator(f"#{field}-error")


def expect_checkout_errors(page: Page) -> None:
    expect(page.get_by_role("alert").filter(has_text="Revisa los datos marcados")).to_be_visible()
    expect(field_error(page, "cedula")).to_have_text("La cédula debe tener entre 7 y 10 dígitos.")
    expect(field_error(page, "telefono")).to_have_text("El teléfono debe tener 10 dígitos y empezar por 3.")
    expect(field_error(page, "email")).to_contain_text("correo electrónico válido")
    expect(page.locator(".field.checkbox .field-error")).to_contain_text("autorizar el tratamiento de datos")
    # each message sits in its own field, announced to screen readers, and the typed text is kept
    expect(page.locator("#cedula")).to_have_attribute("aria-describedby", "cedula-error")
    expect(page.locator("#cedula")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field.has-error").filter(has=page.locator("#telefono"))).to_have_count(1)
    for name, value in INVALID.items():
        expect(page.locator(f"form.checkout-form [name={name}]")).to_have_value(value)
    expect(field_error(page, "nombre")).to_have_count(0)


def horizontal_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def order_in_db(live_server, code: str):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Order

    def read():
        order = db.session.scalar(select(Order).where(Order.code == code))
        return order.status, order.channel, order.total, [(ln.sku, ln.quantity) for ln in order.lines]
    return live_server.query(read)


def placed_orders_of(live_server, cedula: str) -> int:
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Customer, Order
    return live_server.query(lambda: db.session.scalar(
        select(func.count(Order.id)).join(Customer, Order.customer_id == Customer.id)
        .where(Customer.cedula == cedula)))


# --- catalogue ----------------------------------------------------------------------

def test_catalogue_search_filter_paginate_and_product_page(page: Page, live_server):
    page.goto("/")
    expect(page.get_by_role("heading", name="Catálogo", level=1)).to_be_visible()
    cards = page.locator("#product-list li.card")
    expect(cards).to_have_count(12)
    prices = page.locator("li.card .price").all_inner_texts()
    assert prices and all(PRICE.match(p.strip()) for p in prices), prices
    expect(badge(page)).to_have_text("0")

    # a typo in the top search box still finds the extinguisher, with its Colombian price
    search_top(page, "extintr")
    expect(page).to_have_url(re.compile(r"\?q=extintr"))
    extintor = card(page, "Extintor 10 Libras")
    expect(extintor).to_be_visible()
    expect(extintor.locator(".price")).to_have_text("$15.000")
    expect(page.get_by_role("heading", name="Guantes de Nitrilo")).to_have_count(0)

    # category filter (HTMX swaps the list and pushes the URL)
    page.goto("/")
    page.get_by_label("Categoría").select_option("Señalización")
    expect(page).to_have_url(re.compile(r"categoria=Se%C3%B1alizaci%C3%B3n|categoria=Señalización"))
    expect(card(page, "Señal Salida de Emergencia")).to_be_visible()
    expect(page.locator("#product-list")).to_contain_text("8 productos")
    expect(page.get_by_role("heading", name="Casco de Seguridad Amarillo")).to_have_count(0)

    # pagination, forwards and back
    page.goto("/")
    first_page = cards.first.locator(".card-title").inner_text()
    pages = page.get_by_role("navigation", name="Páginas")
    expect(pages).to_contain_text(re.compile(r"Página 1 de [2-9]"))
    pages.get_by_role("link", name="Siguiente").click()
    expect(page).to_have_url(re.compile(r"pagina=2"))
    expect(pages).to_contain_text("Página 2 de")
    expect(cards.first.locator(".card-title")).not_to_have_text(first_page)
    pages.get_by_role("link", name="Anterior").click()
    expect(pages).to_contain_text("Página 1 de")
    expect(cards.first.locator(".card-title")).to_have_text(first_page)

    # the product page
    search_top(page, "extintor 10 libras")
    card(page, "Extintor 10 Libras").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/producto/\d+$"))
    expect(page.get_by_role("heading", name="Extintor 10 Libras", level=1)).to_be_visible()
    expect(page.locator(".price.big")).to_have_text("$15.000")
    expect(page.get_by_text("SKU EXT-10")).to_be_visible()
    add_button(page.locator("article.product-detail")).click()
    expect(badge(page)).to_have_text("1")
    expect(page.get_by_role("status").filter(has_text="Agregaste 1 × Extintor 10 Libras")).to_be_visible()

    # sold-out products cannot be added
    search_top(page, "casco rojo")
    expect(add_button(card(page, "Casco de Seguridad Rojo"))).to_be_disabled()


def test_add_to_cart_updates_badge_without_reload(page: Page):
    page.goto("/")
    expect(badge(page)).to_have_text("0")
    mark_window(page)
    product = card(page, "Casco de Seguridad Amarillo")
    add_button(product).click()
    expect(badge(page)).to_have_text("1")
    expect(product.get_by_role("status")).to_have_text("Agregaste 1 × Casco de Seguridad Amarillo al carrito.")
    # twice more from the same (swapped) form: units add up, still no reload
    product.get_by_label("Cantidad").fill("2")
    add_button(product).click()
    expect(badge(page)).to_have_text("3")
    assert_not_reloaded(page)
    expect(page).to_have_url(re.compile(r"/$"))
    # the badge is the cart's: another page load shows the same count
    page.goto("/carrito")
    expect(badge(page)).to_have_text("3")
    expect(page.locator("#cart-total")).to_have_text("$75.000")


# --- cart and checkout ----------------------------------------------------------------

def test_cart_and_checkout_with_javascript(page: Page, live_server):
    page.goto("/")
    add_from_search(page, "extintr", "Extintor 10 Libras")
    add_from_search(page, "guantes nitrilo", "Guantes de Nitrilo")
    expect(badge(page)).to_have_text("2")

    page.get_by_role("link", name=re.compile("^Carrito")).click()
    expect(page).to_have_url(re.compile(r"/carrito$"))
    expect(page.locator("#cart-total")).to_have_text("$23.000")
    mark_window(page)

    # change a quantity: the line, the total and the badge follow, no reload
    quantity = page.get_by_label("Cantidad de Extintor 10 Libras")
    quantity.fill("3")
    quantity.press("Tab")  # leaving the field fires `change`
    expect(page.locator("#cart-total")).to_have_text("$53.000")
    expect(page.get_by_role("row").filter(has_text="Extintor 10 Libras")).to_contain_text("$45.000")
    expect(badge(page)).to_have_text("4")

    # an impossible quantity is stopped by the browser's own validation (max=1000): nothing is sent
    quantity = page.get_by_label("Cantidad de Extintor 10 Libras")
    quantity.fill("5000")
    quantity.press("Tab")
    assert quantity.evaluate("e => e.validity.rangeOverflow")
    page.wait_for_timeout(300)
    expect(page.locator("#cart-total")).to_have_text("$53.000")
    expect(badge(page)).to_have_text("4")

    # remove a line
    page.get_by_role("button", name="Quitar Guantes de Nitrilo").click()
    expect(page.get_by_role("row").filter(has_text="Guantes de Nitrilo")).to_have_count(0)
    expect(page.locator("#cart-total")).to_have_text("$45.000")
    expect(badge(page)).to_have_text("3")
    assert_not_reloaded(page)

    # checkout: invalid data first
    page.get_by_role("link", name="Finalizar compra").click()
    expect(page).to_have_url(re.compile(r"/checkout$"))
    expect(page.get_by_role("complementary", name="Resumen del pedido")).to_contain_text("$45.000")
    fill_checkout(page, INVALID, consent=False)
    page.get_by_role("button", name="Confirmar pedido").click()
    expect_checkout_errors(page)

    # then valid data, with consent: choosing the city prices the shipping in the summary (htmx)
    fill_checkout(page, VALID, consent=True)
    page.locator("#ciudad").press("Tab")
    expect(page.locator("#checkout-shipping")).to_contain_text("$8.000")
    expect(page.locator("#checkout-total")).to_have_text("$53.000")
    page.get_by_role("button", name="Confirmar pedido").click()
    expect(page).to_have_url(CONFIRMATION_URL)
    expect(page.get_by_role("heading", name="¡Gracias por tu compra!")).to_be_visible()
    expect(page.locator("#order-total")).to_have_text("$45.000")
    expect(page.get_by_role("row").filter(has_text="Extintor 10 Libras")).to_contain_text("3")
    expect(badge(page)).to_have_text("0")

    code = page.url.rsplit("/", 1)[1]
    status, channel, total, lines = order_in_db(live_server, code)
    assert (status, channel, int(total), lines) == ("pendiente", "web", 45000, [("EXT-10", 3)])

    # the cart is empty afterwards, and checkout sends you back to it
    page.goto("/checkout")
    expect(page).to_have_url(re.compile(r"/carrito$"))
    expect(page.get_by_text("Tu carrito está vacío.").first).to_be_visible()


def test_purchase_with_javascript_disabled(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/")
    expect(badge(page)).to_have_text("0")

    search_top(page, "extintr")
    expect(page).to_have_url(re.compile(r"\?q=extintr"))
    add_button(card(page, "Extintor 10 Libras")).click()
    # a plain POST, then back to the list it came from with a flash message
    expect(page).to_have_url(re.compile(r"\?q=extintr"))
    expect(page.locator(".flash-success")).to_have_text("Agregaste 1 × Extintor 10 Libras al carrito.")
    expect(badge(page)).to_have_text("1")

    search_top(page, "guantes nitrilo")
    add_button(card(page, "Guantes de Nitrilo")).click()
    expect(badge(page)).to_have_text("2")

    page.get_by_role("link", name=re.compile("^Carrito")).click()
    expect(page.locator("#cart-total")).to_have_text("$23.000")
    page.get_by_label("Cantidad de Extintor 10 Libras").fill("2")
    page.get_by_role("row").filter(has_text="Extintor 10 Libras").get_by_role("button", name="Actualizar").click()
    expect(page.locator("#cart-total")).to_have_text("$38.000")
    expect(badge(page)).to_have_text("3")
    page.get_by_role("button", name="Quitar Guantes de Nitrilo").click()
    expect(page.locator("#cart-total")).to_have_text("$30.000")
    expect(badge(page)).to_have_text("2")

    page.get_by_role("link", name="Finalizar compra").click()
    fill_checkout(page, INVALID, consent=False)
    page.get_by_role("button", name="Confirmar pedido").click()
    expect_checkout_errors(page)

    buyer = {**VALID, "cedula": "87654321", "nombre": "Ana Gómez"}
    fill_checkout(page, buyer, consent=True)
    page.get_by_role("button", name="Confirmar pedido").click()
    # without JavaScript the shipping to Cali is priced on a second look, before anything is charged
    expect(page.locator("#shipping-priced")).to_be_visible()
    expect(page.locator("#checkout-total")).to_have_text("$38.000")
    posted = {name: page.locator(f"form.checkout-form [name={name}]").input_value()
              for name in ("csrf_token", "order_code", "order_token", *buyer)}
    page.get_by_role("button", name="Confirmar pedido").click()
    expect(page).to_have_url(CONFIRMATION_URL)
    expect(page.locator("#order-total")).to_have_text("$30.000")
    expect(badge(page)).to_have_text("0")
    code = page.url.rsplit("/", 1)[1]
    status, channel, total, lines = order_in_db(live_server, code)
    assert (status, channel, int(total), lines) == ("pendiente", "web", 30000, [("EXT-10", 2)])

    # the same form posted again (a double click, or back + resend) leads to the same order, not a second one
    again = page.context.request.post("/checkout", form={**posted, "acepto_datos": "y"}, max_redirects=0)
    assert again.status == 302 and again.headers["location"].endswith(f"/pedido/{code}")
    assert placed_orders_of(live_server, "87654321") == 1


# --- phone width ------------------------------------------------------------------

def test_phone_width_has_no_horizontal_scroll(new_context):
    import os
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page = new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1,
                       is_mobile=True, has_touch=True).new_page()
    page.goto("/")
    assert horizontal_overflow(page) <= 0, "horizontal scroll on /"
    page.screenshot(path=f"{SCREENSHOTS}/catalogue-phone-top.png")
    first_add = add_button(card(page, "Casco de Seguridad Amarillo"))
    first_add.scroll_into_view_if_needed()
    expect(first_add).to_be_visible()
    expect(first_add).to_be_in_viewport()
    page.screenshot(path=f"{SCREENSHOTS}/catalogue-phone-card.png")
    first_add.tap()
    expect(badge(page)).to_have_text("1")
    expect(badge(page)).to_be_visible()

    page.goto("/carrito")
    expect(page.locator("#cart-total")).to_have_text("$25.000")
    assert horizontal_overflow(page) <= 0, "horizontal scroll on /carrito"
    page.screenshot(path=f"{SCREENSHOTS}/cart-phone.png", full_page=True)

    page.goto("/checkout")
    expect(page.get_by_role("button", name="Confirmar pedido")).to_be_visible()
    assert horizontal_overflow(page) <= 0, "horizontal scroll on /checkout"
    page.get_by_role("button", name="Confirmar pedido").click()
    expect(field_error(page, "cedula")).to_be_visible()
    assert horizontal_overflow(page) <= 0, "horizontal scroll on /checkout with errors"
    page.screenshot(path=f"{SCREENSHOTS}/checkout-phone.png", full_page=True)


def test_desktop_screenshot(new_context):
    import os
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page = new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto("/")
    expect(page.locator("#product-list li.card")).to_have_count(12)
    page.evaluate("Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })))")
    assert horizontal_overflow(page) <= 0
    page.screenshot(path=f"{SCREENSHOTS}/catalogue-desktop.png", full_page=True)
