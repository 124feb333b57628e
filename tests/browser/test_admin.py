"""The back office as a staff member uses it, in real headless Chromium against the live server.

CSRF is on, so every write goes through the real forms (and HTMX's X-CSRFToken header).
Hooks used: `#login-form`, `#product-form`, `#order-status`, the export buttons
`#export-<kind>` with `#export-progress-<kind>` / `#export-result-<kind>`, the live
panel of a conversation ("Atender esta conversación", "Mensaje para el cliente",
"Enviar al cliente", "Devolver al asistente") and the shopper's `#chat-messages`.

The server is shared by the whole browser session: these tests only touch products and
customers that the storefront and chat tests do not look at.
"""
from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

STAFF_EMAIL = "laura.admin@vendedor.local"
STAFF_PASSWORD = "clave-de-prueba-9081"
STAFF_NAME = "Laura Gómez"

BUYER = {"nombre": "María Restrepo", "cedula": "1098765432", "telefono": "3157654321",
         "email": "maria.restrepo@email.com", "direccion": "Carrera 7 #12-34", "barrio": "Chapinero"}

LOGIN_URL = re.compile(r"/login(\?.*)?$")
DASHBOARD_URL = re.compile(r"/admin/$")
SALES_HEADER = ("venta_id,fecha,estado,canal,chat_id,cliente_cedula,cliente_nombre,"
                "sku,producto,cantidad,precio_unitario,subtotal,total_venta,"
                "envio,total_con_envio,metodo_pago,estado_pago,ciudad")


# --- helpers ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def staff_user(live_server):
    """A staff member of our own, with a name the shopper will see."""
    from webapp.services import staff
    live_server.query(lambda: staff.create_admin(STAFF_EMAIL, STAFF_PASSWORD, STAFF_NAME) and None)
    return STAFF_EMAIL


@pytest.fixture
def staff_page(new_context, staff_user) -> Page:
    page = new_context().new_page()
    log_in(page)
    expect(page).to_have_url(DASHBOARD_URL)
    return page


def fill_login(page: Page, email: str, password: str) -> None:
    form = page.locator("#login-form")
    form.get_by_label("Correo electrónico").fill(email)
    form.get_by_label("Contraseña").fill(password)
    form.get_by_role("button", name="Ingresar").click()


def log_in(page: Page) -> None:
    page.goto("/login")
    fill_login(page, STAFF_EMAIL, STAFF_PASSWORD)


def product_id(live_server, sku: str) -> int:
    from webapp.services import catalog
    return live_server.query(lambda: catalog.get_by_sku(sku).id)


def product_state(live_server, sku: str) -> tuple[Decimal, int]:
    from webapp.services import catalog

    def read():
        product = catalog.get_by_sku(sku)
        return product.price, product.stock
    return live_server.query(read)


def place_sale(live_server, items: list[tuple[str, int]]) -> int:
    """A placed (pendiente) web sale, as the storefront's checkout leaves it; returns its id."""
    from webapp.extensions import db
    from webapp.services import customers, orders

    def place():
        sale = orders.create_sale(customers.from_api(BUYER), items, channel="web")
        db.session.commit()  # the service flushes; the caller (here, the test) commits
        return sale.id
    return live_server.query(place)


def order_status(live_server, order_id: int) -> str:
    from webapp.services import orders
    return live_server.query(lambda: orders.get_order(order_id).status)


def chat_send(page: Page, text: str) -> None:
    page.wait_for_function("() => window.__wsOpen === true")
    page.fill("#chat-form input[name=mensaje]", text)
    page.press("#chat-form input[name=mensaje]", "Enter")


def wait_for_reply(page: Page, count_before: int) -> str:
    """Wait for the assistant's next finished answer in the sidebar; returns its text."""
    page.wait_for_function(
        """n => {
             const done = document.querySelectorAll('#chat-messages .msg-agent:not(.msg-empty)');
             const typing = document.getElementById('chat-typing');
             return done.length > n && done[done.length - 1].innerText.trim() !== ''
                    && (!typing || typing.hidden);
           }""", arg=count_before)
    return page.locator("#chat-messages .msg-agent:not(.msg-empty) .msg-text").last.inner_text()


def agent_answers(page: Page) -> int:
    return page.locator("#chat-messages .msg-agent:not(.msg-empty)").count()


# --- 1. login and dashboard ---------------------------------------------------------

def test_login_then_dashboard_with_real_figures(page: Page, live_server, staff_user):
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Order, OrderStatus, Product

    place_sale(live_server, [("GUA-VAQ", 30)])  # at least one sale in the figures, and a best seller

    # anonymous: the back office sends you to the login page
    page.goto("/admin/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Ingreso del personal")).to_be_visible()

    # a wrong password: a Spanish error, still on /login, not logged in
    fill_login(page, STAFF_EMAIL, "esta-no-es-la-clave")
    expect(page.locator(".flash-error")).to_have_text("Correo o contraseña incorrectos.")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#login-form")).to_be_visible()

    # the right one: the dashboard (back to where we were going)
    fill_login(page, STAFF_EMAIL, STAFF_PASSWORD)
    expect(page).to_have_url(DASHBOARD_URL)
    expect(page.get_by_role("heading", name="Panel", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Ventas", level=2, exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Administración")).to_contain_text(STAFF_NAME)

    # the figures are the database's: placed sales of the last 30 days (all demo sales are recent)
    placed = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.DELIVERED)
    count, amount = live_server.query(lambda: db.session.execute(
        select(func.count(Order.id), func.coalesce(func.sum(Order.total), 0))
        .where(Order.status.in_(placed))).one())
    assert count >= 1
    month = page.locator(".kpi").filter(has=page.get_by_role("heading", name="Últimos 30 días"))
    expect(month.locator(".kpi-count")).to_have_text(str(count))
    expect(month.locator(".kpi-amount")).to_have_text(re.compile(r"^\$\d{1,3}(\.\d{3})*(,\d{2})?$"))
    amount_text = month.locator(".kpi-amount").inner_text().replace("$", "").replace(".", "").replace(",", ".")
    assert Decimal(amount_text) == Decimal(amount)
    expect(page.locator("#top-products")).to_contain_text("Guantes de Vaqueta")

    # stock running low: the demo catalogue's sold-out products that are still on sale
    sold_out = live_server.query(lambda: db.session.scalar(
        select(func.count(Product.id)).where(Product.available.is_(True), Product.stock == 0)))
    assert sold_out >= 1
    expect(page.locator("#low-stock .sold-out")).to_have_count(sold_out)
    expect(page.locator("#low-stock")).to_contain_text("Casco de Seguridad Rojo")
    expect(page.locator("#storage-info")).to_contain_text("local")


# --- 2. edit a product ----------------------------------------------------------------

def test_edit_product_price_shows_on_storefront_and_audit_log(staff_page: Page, live_server):
    page = staff_page
    pid = product_id(live_server, "CON-45")
    price_before, stock_before = product_state(live_server, "CON-45")
    assert price_before == Decimal("19000")

    # find it from the product list's search (HTMX swaps the table)
    page.get_by_role("navigation", name="Administración").get_by_role("link", name="Productos").click()
    expect(page).to_have_url(re.compile(r"/admin/productos$"))
    page.locator("#product-q").fill("cono vial 45")
    page.locator("#product-q").press("Enter")  # (the form submits too: an input event fired before htmx
    # bound the boosted page's triggers is not lost on a busy machine)
    row = page.locator(f"#product-{pid}")
    expect(row).to_contain_text("$19.000")
    row.get_by_role("link", name="Cono Vial 45 cm").click()
    expect(page).to_have_url(re.compile(rf"/admin/productos/{pid}$"))

    form = page.locator("#product-form")
    expect(form.locator("[name=precio]")).to_have_value("19000")
    form.locator("[name=precio]").fill("21500.50")
    form.get_by_role("button", name="Guardar cambios").click()
    expect(page.locator(".flash-success")).to_have_text("Cambios guardados en Cono Vial 45 cm.")
    expect(page).to_have_url(re.compile(rf"/admin/productos/{pid}$"))
    expect(page.locator("#product-form [name=precio]")).to_have_value("21500.5")
    assert product_state(live_server, "CON-45") == (Decimal("21500.50"), stock_before)  # stock untouched

    # the storefront shows the new price, Colombian style
    page.goto(f"/producto/{pid}")
    expect(page.get_by_role("heading", name="Cono Vial 45 cm", level=1)).to_be_visible()
    expect(page.locator(".price.big")).to_have_text("$21.500,50")

    # the audit log has who did it and to what
    page.goto("/admin/auditoria")
    entry = page.locator("#audit-table tbody tr").filter(has_text="producto_editado").filter(
        has_text=f"producto:{pid}").first
    expect(entry).to_be_visible()
    expect(entry).to_contain_text(STAFF_EMAIL)
    expect(entry).to_contain_text("CON-45")
    expect(entry.locator("td[data-label=IP]")).to_have_text("127.0.0.1")


# --- 3. orders ------------------------------------------------------------------------

def test_order_to_delivered_and_cancel_returns_stock(staff_page: Page, live_server):
    page = staff_page
    delivered_id = place_sale(live_server, [("CHA-M", 1), ("SEN-PUN", 2)])

    # from the list to the detail page
    page.goto("/admin/pedidos")
    page.locator(f"#order-{delivered_id}").get_by_role("link", name=f"#{delivered_id}").click()
    expect(page).to_have_url(re.compile(rf"/admin/pedidos/{delivered_id}$"))
    status = page.locator("#order-status")
    expect(status.get_by_role("heading")).to_have_text("Estado: pendiente")
    expect(page.locator("#order-lines")).to_contain_text("Chaleco Reflectivo Talla M")
    expect(page.locator("#order-total")).to_have_text("$88.000")  # 18.000 + 2 × 35.000
    page.evaluate("window.__noReload = true")

    status.get_by_role("button", name="Marcar como confirmada").click()
    expect(status.get_by_role("heading")).to_have_text("Estado: confirmada")
    expect(status.get_by_role("status")).to_have_text(f"Pedido #{delivered_id}: confirmada.")
    expect(status.get_by_role("button", name="Marcar como confirmada")).to_have_count(0)
    assert order_status(live_server, delivered_id) == "confirmada"

    status.get_by_role("button", name="Marcar como entregada").click()
    expect(status.get_by_role("heading")).to_have_text("Estado: entregada")
    expect(status).to_contain_text("Este pedido ya no cambia de estado.")
    expect(status.get_by_role("button")).to_have_count(0)
    assert page.evaluate("window.__noReload") is True  # HTMX swapped the status box in place
    assert order_status(live_server, delivered_id) == "entregada"
    page.reload()
    expect(page.locator("#order-status .status")).to_have_text("entregada")

    # cancelling another order asks first, then the units go back to the shelf
    _, stock_before = product_state(live_server, "CHA-L")
    cancelled_id = place_sale(live_server, [("CHA-L", 3)])
    assert product_state(live_server, "CHA-L")[1] == stock_before - 3
    page.goto(f"/admin/pedidos/{cancelled_id}")
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()
    page.on("dialog", accept)
    page.locator("#order-status").get_by_role("button", name="Cancelar pedido").click()
    expect(page.locator("#order-status").get_by_role("heading")).to_have_text("Estado: cancelada")
    expect(page.locator("#order-status").get_by_role("status")).to_have_text(f"Pedido #{cancelled_id}: cancelada.")
    assert len(dialogs) == 1 and dialogs[0].startswith(f"¿Cancelar el pedido #{cancelled_id}?"), dialogs
    assert order_status(live_server, cancelled_id) == "cancelada"
    assert product_state(live_server, "CHA-L")[1] == stock_before

    # both moves are in the audit log
    page.goto("/admin/auditoria")
    log = page.locator("#audit-table")
    expect(log.locator("tr").filter(has_text=f"pedido:{delivered_id}").filter(has_text="confirmada → entregada")).to_have_count(1)
    expect(log.locator("tr").filter(has_text=f"pedido:{cancelled_id}").filter(has_text="pendiente → cancelada")).to_have_count(1)


# --- 4. exports -----------------------------------------------------------------------

def tampered(url: str) -> str:
    """The same link with one character of the token's signature changed."""
    parts = urlsplit(url)
    token = parse_qs(parts.query)["token"][0]
    payload, signature = token.rsplit(".", 1)
    swapped = "B" if signature[0] != "B" else "C"
    bad = f"{payload}.{swapped}{signature[1:]}"
    assert bad != token and len(bad) == len(token)
    return urlunsplit(parts._replace(query=urlencode({"token": bad})))


def test_export_sales_and_download_the_link(staff_page: Page, live_server):
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Order, OrderLine, OrderStatus

    page = staff_page
    place_sale(live_server, [("SEN-RUTA", 1)])
    lines = live_server.query(lambda: db.session.scalar(
        select(func.count(OrderLine.id)).join(Order, OrderLine.order_id == Order.id)
        .where(Order.status != OrderStatus.CART)))

    page.get_by_role("navigation", name="Administración").get_by_role("link", name="Exportaciones").click()
    expect(page.get_by_role("heading", name="Exportaciones", level=1)).to_be_visible()
    progress = page.locator("#export-progress-ventas")
    expect(progress).to_have_text("Generando archivo…")
    # watch the indicator and the button while the request runs (it may be too quick to catch otherwise)
    page.evaluate("""() => {
        window.__progress = {shown: false, disabled: false};
        const progress = document.getElementById('export-progress-ventas');
        const button = document.getElementById('export-ventas');
        new MutationObserver(() => {
            if (progress.classList.contains('htmx-request')) window.__progress.shown = true;
            if (button.disabled) window.__progress.disabled = true;
        }).observe(progress.closest('form'), {attributes: true, subtree: true});
    }""")

    page.get_by_role("button", name="Exportar ventas").click()
    link = page.locator("#export-result-ventas").get_by_role("link", name="Descargar")
    expect(link).to_be_visible()
    assert page.evaluate("window.__progress") == {"shown": True, "disabled": True}
    expect(progress).not_to_have_class(re.compile(r"htmx-request"))
    expect(page.locator("#export-ventas")).to_be_enabled()
    expect(page.locator("#export-result-ventas")).to_contain_text(f"{lines} filas")

    href = link.get_attribute("href")
    assert re.match(rf"^{re.escape(live_server.url)}/files/exports/ventas-[a-z0-9-]+\.csv\?token=", href), href

    # the link itself (the page's cookies do not matter: the token decides)
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    body = response.body()
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]
    text = body[3:].decode("utf-8")
    rows = text.split("\r\n")
    assert rows[0] == SALES_HEADER
    assert len([r for r in rows[1:] if r]) == lines
    assert "SEN-RUTA" in text and BUYER["nombre"] in text

    # clicking it downloads the same file
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == urlsplit(href).path.rsplit("/", 1)[1]
    with open(download.path(), "rb") as handle:
        assert handle.read() == body

    # one character changed in the token: refused
    refused = page.request.get(tampered(href))
    assert refused.status == 403
    assert refused.json()["error"] == "enlace_invalido"


# --- 5. live takeover -----------------------------------------------------------------

def test_staff_takes_over_a_chat_and_hands_it_back(new_context, staff_page: Page, live_server):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Conversation, Message

    # the shopper, on the storefront, once the sidebar's socket is open
    shopper = new_context().new_page()
    shopper.add_init_script("document.addEventListener('htmx:wsOpen', () => { window.__wsOpen = true; });")
    shopper.goto("/")
    shopper.wait_for_function("() => window.__wsOpen === true")
    shopper.evaluate("window.__sameDocument = true")
    before = agent_answers(shopper)
    chat_send(shopper, "quiero hablar con un asesor")
    reply = wait_for_reply(shopper, before)
    assert "asesor" in reply, reply

    def find():
        conversation = db.session.scalars(
            select(Conversation).join(Message, Message.conversation_id == Conversation.id)
            .where(Message.text == "quiero hablar con un asesor", Conversation.handoff_requested.is_(True))
            .order_by(Conversation.id.desc())).first()
        return conversation.id, conversation.chat_id
    conversation_id, chat_id = live_server.query(find)

    # staff finds it among the chats that ask for a person (the newest first)
    staff = staff_page
    staff.get_by_role("navigation", name="Administración").get_by_role("link", name="Conversaciones").click()
    expect(staff.get_by_role("heading", name="Conversaciones", level=1)).to_be_visible()
    staff.get_by_label("Piden asesor").check()
    expect(staff).to_have_url(re.compile(r"asesor=1"))
    rows = staff.locator("#conversation-table tbody tr")
    expect(rows.first).to_have_id(f"conversation-{conversation_id}")
    expect(rows.filter(has_not=staff.get_by_text("pide asesor"))).to_have_count(0)
    rows.first.get_by_role("link", name="«quiero hablar con un asesor»").click()  # named by its first message
    expect(staff).to_have_url(re.compile(rf"/admin/conversaciones/{conversation_id}$"))
    expect(staff.locator("#live-panel")).to_contain_text("El cliente pidió hablar con una persona.")

    staff.get_by_role("button", name="Atender esta conversación").click()
    expect(staff.locator(".flash-success")).to_contain_text("Ahora atiendes esta conversación")
    messages = shopper.locator("#chat-messages")
    expect(messages.locator(".msg-notice")).to_have_text(f"Te atiende {STAFF_NAME}.")

    staff.get_by_label("Mensaje para el cliente").fill("Hola, soy Laura. ¿En qué te puedo ayudar?")
    staff.get_by_role("button", name="Enviar al cliente").click()
    staff_message = messages.locator(".msg-staff").last
    expect(staff_message.locator(".msg-text")).to_have_text("Hola, soy Laura. ¿En qué te puedo ayudar?")
    expect(staff_message.locator(".msg-by")).to_have_text(STAFF_NAME)
    assert shopper.evaluate("window.__sameDocument") is True  # pushed over the socket, no reload

    # while staff answers, the assistant stays quiet; staff sees the customer's words on the transcript
    answers = agent_answers(shopper)
    chat_send(shopper, "necesito 20 conos para una obra")
    shopper.wait_for_function("() => document.querySelectorAll('#chat-messages .msg-agent.msg-empty').length >= 1")
    expect(messages.locator(".msg-agent.msg-empty").last).to_contain_text(f"Te atiende {STAFF_NAME}")
    assert agent_answers(shopper) == answers
    expect(staff.locator("#transcript")).to_contain_text("necesito 20 conos para una obra")

    # handing it back: the shopper is told, and the assistant answers again
    staff.get_by_role("button", name="Devolver al asistente").click()
    expect(staff.locator(".flash-success")).to_have_text("La conversación volvió al asistente.")
    expect(messages.locator(".msg-notice").last).to_have_text(
        f"{STAFF_NAME} terminó la atención; te sigue ayudando el asistente.")
    before = agent_answers(shopper)
    chat_send(shopper, "precio del extintor de 10 libras")
    reply = wait_for_reply(shopper, before)
    assert "$15.000" in reply, reply
    assert shopper.evaluate("window.__sameDocument") is True

    def stored():
        conversation = db.session.get(Conversation, conversation_id)
        return conversation.staff_user_id, [(m.role, m.text) for m in conversation.messages]
    staff_user_id, turns = live_server.query(stored)
    assert staff_user_id is None
    assert ("asesor", "Hola, soy Laura. ¿En qué te puedo ayudar?") in turns


def test_conversation_search_then_open_a_result(staff_page: Page, live_server):
    from webapp.services import conversations

    def make():
        conversation = conversations.get_or_create_conversation(None)
        conversations.add_message(conversation, "usuario", "hola, ¿tienen conos?")
        return conversation.id, conversation.chat_id
    conversation_id, chat_id = live_server.query(make)

    page = staff_page
    page.goto("/admin/conversaciones")
    page.locator("#conversation-q").fill(chat_id[:10])
    expect(page).to_have_url(re.compile(rf"q={re.escape(chat_id[:10])}"))
    expect(page.locator("#conversation-table tbody tr")).to_have_count(1)
    page.locator(f"#conversation-{conversation_id}").get_by_role("link", name="«hola, ¿tienen conos?»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("«hola, ¿tienen conos?»")
    expect(page).to_have_url(re.compile(rf"/admin/conversaciones/{conversation_id}$"))


# --- 6. logging out -------------------------------------------------------------------

def test_logout_closes_the_back_office(staff_page: Page):
    page = staff_page
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator(".flash-info")).to_have_text("Sesión cerrada.")
    page.goto("/admin/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#login-form")).to_be_visible()
    page.goto("/admin/pedidos")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)admin(/|%2F)pedidos$"))
