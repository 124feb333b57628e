"""The owner's new tools in real Chromium: live-help alert without reloading and the customer's cart
during a takeover, delivery zones (search-as-you-type, delete after confirming), the municipality
search with and without JavaScript, the Excel export refreshing the saved files."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin import STAFF_NAME, agent_answers, chat_send, staff_page, staff_user, wait_for_reply  # noqa: F401

pytestmark = pytest.mark.browser


def badge(page: Page) -> int:
    text = page.locator("#live-badge .nav-badge").inner_text().strip()
    return int(text) if text else 0


def test_live_help_alert_then_the_cart_changed_for_the_customer(new_context, staff_page: Page, live_server):
    staff = staff_page
    staff.goto("/admin/productos")
    waiting = badge(staff)

    shopper = new_context().new_page()
    shopper.add_init_script("document.addEventListener('htmx:wsOpen', () => { window.__wsOpen = true; });")
    shopper.goto("/")
    shopper.wait_for_function("() => window.__wsOpen === true")
    before = agent_answers(shopper)
    chat_send(shopper, "necesito que me atienda una persona, quiero hablar con un asesor")
    wait_for_reply(shopper, before)

    # the badge in the nav counts the new request without a reload (htmx polls it)
    staff.evaluate("window.__sameDocument = true")
    expect(staff.locator("#live-badge .nav-badge")).to_have_text(str(waiting + 1), timeout=20_000)
    assert staff.evaluate("window.__sameDocument") is True
    staff.get_by_role("navigation", name="Administración").get_by_role("link", name=re.compile("Atención en vivo")).click()
    item = staff.locator("#live-waiting li").filter(has_text="necesito que me atienda una persona")
    expect(item).to_have_count(1)
    item.get_by_role("link").click()
    expect(staff.locator("#cart-panel")).to_contain_text("Atiende la conversación para cambiar el carrito")
    staff.get_by_role("button", name="Atender esta conversación").click()
    expect(staff.locator(".flash-success")).to_contain_text("Ahora atiendes esta conversación")

    # add a product by typing (the datalist fills as staff types), then change it, then remove it
    field = staff.get_by_label("Agregar producto (SKU o nombre)")
    field.press_sequentially("guantes de vaq", delay=40)
    expect(staff.locator("#cart-product-options option").first).to_have_attribute("value", re.compile("GUA-VAQ"))
    field.fill("GUA-VAQ")
    staff.get_by_label("Cantidad", exact=True).fill("2")
    staff.locator("#cart-add-form").get_by_role("button", name="Agregar").click()
    expect(staff.locator("#customer-cart")).to_contain_text("Guantes de Vaqueta")
    messages = shopper.locator("#chat-messages")
    expect(messages.locator(".msg-staff").last).to_contain_text("Agregué a tu pedido 2 × Guantes de Vaqueta")

    staff.get_by_role("spinbutton", name="Cantidad de Guantes de Vaqueta").fill("4")
    staff.get_by_role("button", name="Cambiar cantidad de Guantes de Vaqueta").click()
    expect(staff.locator("#customer-cart")).to_contain_text("$")
    expect(messages.locator(".msg-staff").last).to_contain_text("ahora son 4 × Guantes de Vaqueta")

    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Quitar Guantes de Vaqueta").click()
    expect(staff.locator("#customer-cart")).to_have_text("El carrito del cliente está vacío.")
    expect(messages.locator(".msg-staff").last).to_contain_text("Quité de tu pedido Guantes de Vaqueta")
    # the transcript reads top to bottom, the compose box under it
    assert staff.locator("#transcript").bounding_box()["y"] < staff.locator("#live-form").bounding_box()["y"]


def test_zone_created_with_search_as_you_type_and_deleted_after_confirming(staff_page: Page, live_server):
    page = staff_page
    page.goto("/admin/envios")
    page.get_by_role("link", name="Nueva zona").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nueva zona de envío")
    page.get_by_role("combobox", name="Departamento").select_option("Valle del Cauca")
    page.get_by_label("Municipio", exact=True).press_sequentially("tulu", delay=40)
    expect(page.locator("#zone-municipios option").first).to_have_attribute("value", "Tuluá, Valle del Cauca")
    page.get_by_label("Municipio", exact=True).fill("Tuluá")
    page.get_by_label("Costo del envío (COP)").fill("18.000")
    page.get_by_label("Días de entrega").fill("2")
    page.get_by_role("button", name="Crear zona").click()
    expect(page.locator(".flash-success").filter(has_text="Zona creada: Tuluá, Valle del Cauca")).to_be_visible()
    row = page.locator("#zone-table tr").filter(has_text="Tuluá")
    expect(row).to_contain_text("$18.000")

    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Eliminar Tuluá, Valle del Cauca").click()
    expect(row).to_have_count(1)  # dismissed: still there
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Eliminar Tuluá, Valle del Cauca").click()
    # (the creation's flash may still be on the page: the deletion's is looked for by its words)
    expect(page.locator(".flash-success").filter(has_text="Zona eliminada: Tuluá, Valle del Cauca")).to_be_visible()
    expect(page.locator("#zone-table tr").filter(has_text="Tuluá")).to_have_count(0)


def test_zone_delete_without_javascript_asks_on_a_page(new_context, live_server):
    from tests.browser.test_admin import STAFF_EMAIL, STAFF_PASSWORD, fill_login
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/login")
    fill_login(page, STAFF_EMAIL, STAFF_PASSWORD)
    page.goto("/admin/envios")
    row = page.locator("#zone-table tr").filter(has_text="Popayán")
    row.get_by_role("button", name=re.compile("Eliminar Popayán")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Eliminar la zona Popayán, Cauca?")
    page.get_by_role("link", name="No, volver").click()
    expect(page.locator("#zone-table")).to_contain_text("Popayán")


def test_municipality_search_as_you_type_and_without_javascript(new_context):
    page = new_context().new_page()
    page.goto("/municipios")
    page.get_by_label("Municipio o ciudad").press_sequentially("santa rosa de", delay=40)
    options = page.locator("#ciudad-opciones option")
    expect(options.filter(has_text="Santa Rosa de Cabal, Risaralda")).to_have_count(1)
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto("/municipios")
    plain.get_by_label("Departamento").select_option("Valle del Cauca")
    plain.get_by_label("Municipio o ciudad").fill("palmira")
    plain.get_by_role("button", name="Buscar municipio").click()
    expect(plain.locator("#municipality-results")).to_contain_text("Palmira, Valle del Cauca")


def test_excel_export_appears_in_the_saved_files_without_reload(staff_page: Page):
    page = staff_page
    page.goto("/admin/exportaciones")
    page.evaluate("window.__sameDocument = true")
    page.locator("#export-inventario-xlsx").click()
    link = page.locator("#export-result-inventario").get_by_role("link", name="Descargar")
    expect(link).to_be_visible(timeout=20_000)
    name = page.locator("#export-result-inventario").inner_text().split("Listo: ")[1].split(" (")[0]
    assert name.endswith(".xlsx")
    expect(page.locator("#export-files")).to_contain_text(name)
    assert page.evaluate("window.__sameDocument") is True
