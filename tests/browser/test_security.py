"""Trust in a real browser: every flow works under the Content-Security-Policy (no violation
reported by Chromium), staff-mode look-ups leave with the staff member, and a message over
the chat limit stays visible with when to retry."""
from __future__ import annotations

import logging
import os
import re
import threading
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from support import _config

from .conftest import LiveServer, _free_port

pytestmark = pytest.mark.browser

STAFF_EMAIL = "sofia.seguridad@vendedor.local"
STAFF_PASSWORD = "clave-de-prueba-7412"
BUYER = {"name": "Rosa Valencia", "cedula": "1077665544", "phone": "3186655443",
         "email": "rosa.valencia@email.com", "address": "Calle 9 #8-7", "neighborhood": "Centro"}
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "unsafe-eval", "unsafe-inline")


@contextmanager
def _own_server(tmp, **config):
    """A live server of this module's own (the shared one's data belongs to the other browser tests)."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.extensions import db
    app = create_app(_config(tmp, f"sqlite:///{tmp / 'trust.db'}", TESTING=False, WTF_CSRF_ENABLED=True,
                             SERVER_NAME=None, **config))
    app.instance_path = str(tmp / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    with app.app_context():
        upgrade()
        assert app.test_cli_runner().invoke(args=["seed"]).exit_code == 0
        db.session.remove()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def trust_server(tmp_path_factory):
    """Seeded, with a staff member, a known customer and a product whose picture is missing."""
    with _own_server(tmp_path_factory.mktemp("trust"), RATELIMIT_ENABLED=False) as server:
        from webapp.extensions import db
        from webapp.models import Product
        from webapp.services import catalog, orders, staff

        def make():
            staff.create_admin(STAFF_EMAIL, STAFF_PASSWORD, "Sofía")
            orders.create_sale(BUYER, [("SEN-SAL", 1)], channel="web")
            db.session.add(Product(sku="IMG-ROTA", name="Letrero con foto perdida", price=9000, stock=5,
                                   category="Señalización", description="", available=True,
                                   image_url="/static/img/products/no-existe.svg", synonyms=""))
            catalog.bump_catalog_version()
            db.session.commit()
            return catalog.get_by_sku("IMG-ROTA").id
        server.broken_image_product = server.query(make)
        yield server


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    """A chat budget of 2 messages a minute per chat."""
    # the per-address cap is generous: other browser tests chatted from 127.0.0.1 in the same minute
    with _own_server(tmp_path_factory.mktemp("limited"), RATELIMIT_ENABLED=True, RATE_LIMIT_CHAT="2/minute",
                     RATE_LIMIT_CHAT_IP="10000/minute") as server:
        yield server


@pytest.fixture
def watched(new_context):
    """A browser context whose CSP violations and page errors are collected."""
    problems: list[str] = []

    def make(server, **options):
        context = new_context(base_url=server.url, **options)
        context.on("console", lambda m: problems.append(f"console: {m.text}")
                   if m.type in ("error", "warning") and any(w in m.text for w in CSP_WORDS) else None)
        context.on("weberror", lambda e: problems.append(f"error: {e.error}"))
        context.add_init_script("document.addEventListener('securitypolicyviolation', e => console.error("
                                "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
        return context
    make.problems = problems
    return make


def send(page: Page, text: str) -> None:
    page.wait_for_function("() => window.__wsOpen === true")  # a message typed before the socket opens is lost
    page.fill("#chat-form input[name=mensaje]", text)
    page.press("#chat-form input[name=mensaje]", "Enter")


def log_in(page: Page) -> None:
    page.goto("/login")
    form = page.locator("#login-form")
    form.get_by_label("Correo electrónico").fill(STAFF_EMAIL)
    form.get_by_label("Contraseña").fill(STAFF_PASSWORD)
    form.get_by_role("button", name="Ingresar").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_the_storefront_works_under_the_csp(watched, trust_server):
    page = watched(trust_server).new_page()
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto("/")
    page.evaluate("window.__sameDocument = true")
    page.fill("#q", "letrero foto")  # live search over htmx
    expect(page.locator("#product-list")).to_contain_text("Letrero con foto perdida")
    image = page.locator(f"#product-list a[href='/producto/{trust_server.broken_image_product}'] img").first
    expect(image).to_have_attribute("src", re.compile(r"placeholder\.svg$"))  # the fallback, without onerror=
    page.get_by_role("button", name="Agregar al carrito").first.click()
    expect(page.locator("#cart-count")).to_have_text("1")
    send(page, "quiero 2 cascos amarillos")  # over the websocket
    expect(page.locator("#cart-count")).to_have_text("3")
    send(page, "cotización para 20 chalecos reflectivos talla M")
    quote = page.get_by_role("link", name="Ver cotización imprimible")
    expect(quote).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    href = quote.get_attribute("href")
    page.goto(href)
    page.get_by_role("button", name="Imprimir").click()
    page.wait_for_function("() => window.__printed === true")
    page.goto("/carrito")
    expect(page.locator("#cart")).to_contain_text("Casco de Seguridad Amarillo")
    page.goto("/checkout")
    expect(page.locator("input[name=cedula]")).to_be_visible()
    assert watched.problems == []


def test_the_back_office_and_live_takeover_work_under_the_csp(watched, trust_server):
    shopper = watched(trust_server).new_page()
    shopper.add_init_script("document.addEventListener('htmx:wsOpen', () => { window.__wsOpen = true; });")
    shopper.goto("/")
    shopper.wait_for_function("() => window.__wsOpen === true")
    send(shopper, "quiero hablar con un asesor")
    expect(shopper.locator("#chat-messages")).to_contain_text("asesor")
    staff = watched(trust_server).new_page()
    log_in(staff)
    staff.get_by_role("link", name="Productos").click()
    staff.locator("#product-q").fill("letrero")
    staff.locator("#product-q").press("Enter")  # (the search form submits too: an input event fired
    # before htmx bound the boosted page's triggers is not lost on a busy machine)
    expect(staff.locator("#product-table")).to_contain_text("Letrero con foto perdida")
    staff.get_by_role("link", name="Conversaciones").click()
    staff.get_by_label("Piden asesor").check()  # an htmx trigger that used an eval'd filter before
    expect(staff).to_have_url(re.compile(r"asesor=1"))
    staff.locator("#conversation-table tbody tr").first.get_by_role("link").first.click()
    staff.get_by_role("button", name="Atender esta conversación").click()
    expect(shopper.locator("#chat-messages .msg-notice").last).to_have_text("Te atiende Sofía.")
    staff.get_by_label("Mensaje para el cliente").fill("Hola, soy Sofía.")
    staff.get_by_role("button", name="Enviar al cliente").click()
    expect(shopper.locator("#chat-messages .msg-staff").last).to_contain_text("Hola, soy Sofía.")
    staff.get_by_role("button", name="Devolver al asistente").click()
    # wait for the hand-back's page: a boosted POST still in flight would replace the next page
    expect(staff.locator(".flash-success")).to_have_text("La conversación volvió al asistente.")
    staff.get_by_role("link", name="Tokens de API").click()
    expect(staff.get_by_role("heading", name="Tokens de API")).to_be_visible()
    staff.get_by_label("Nombre (para qué o quién lo usa)").fill("Bot de pruebas")
    staff.get_by_role("button", name="Crear token").click()
    expect(staff.locator("#new-token")).to_contain_text("vdr_")
    assert watched.problems == []


def test_staff_lookups_leave_with_the_staff_member(watched, trust_server):
    page = watched(trust_server).new_page()
    log_in(page)
    page.goto("/")
    send(page, f"Información del cliente {BUYER['cedula']}")
    expect(page.locator("#chat-messages")).to_contain_text(BUYER["phone"])  # staff mode: token sent by chat.js
    page.goto("/admin/")
    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto("/")
    messages = page.locator("#chat-messages")
    expect(messages).not_to_contain_text(BUYER["phone"])
    expect(messages).not_to_contain_text("Información del cliente")
    shopper = watched(trust_server).new_page()
    shopper.goto("/")
    send(shopper, f"Información del cliente {BUYER['cedula']}")
    expect(shopper.locator("#chat-messages .msg-agent").last).not_to_have_text("")
    expect(shopper.locator("#chat-messages")).not_to_contain_text(BUYER["phone"])
    assert watched.problems == []


def test_a_message_over_the_limit_stays_visible_with_when_to_retry(watched, limited_server):
    page = watched(limited_server).new_page()
    page.goto("/")
    send(page, "hola")
    expect(page.locator("#chat-messages .msg-agent:not(.msg-empty)")).to_have_count(2)  # greeting + reply
    send(page, "precio del casco amarillo")
    expect(page.locator("#chat-messages")).to_contain_text("$25.000")
    send(page, "quiero 3 conos")
    refused = page.locator("#chat-messages .msg-refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("quiero 3 conos")
    expect(refused).to_contain_text(re.compile(r"Inténtalo de nuevo en \d+ (s|min)"))
    refused.get_by_role("button", name="Reintentar").click()  # resent: still too soon, shown again, once
    expect(page.locator("#chat-messages .msg-refused")).to_have_count(1)
    expect(page.locator("#chat-messages .msg-refused")).to_contain_text("quiero 3 conos")
    assert watched.problems == []
