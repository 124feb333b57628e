"""Readable replies, safely: bold, lists, line breaks and the shop's own links in the chat and on
the privacy page, never raw `**…**`, always escaped first; IVA-included prices and the shop's NIT on
product pages; quotes with NIT, customer and one validity date (the chat's and the page's agree)."""
import re

import pytest

from webapp.extensions import db
from webapp.richtext import render
from webapp.services import catalog, company, conversations

HX = {"HX-Request": "true"}
CODE = "AbCdEfGhIjKlMnOpQrSt12"


# --- the renderer -------------------------------------------------------------------------------

def test_bold_lists_breaks_and_paragraphs():
    html = str(render("Hola **Ana**.\nTu pedido:\n• 2 × Casco\n- 1 × Guantes\n\nTotal: **$30.000**"))
    assert html == ("<p>Hola <strong>Ana</strong>.<br>Tu pedido:</p>"
                    "<ul><li>2 × Casco</li><li>1 × Guantes</li></ul>"
                    "<p>Total: <strong>$30.000</strong></p>")
    assert "**" not in str(render("**a** y **b**")) and str(render("2 ** 3")) == "<p>2 ** 3</p>"
    assert str(render("")) == "" and str(render(None)) == ""


def test_only_the_shops_own_paths_become_links():
    html = str(render(f"Tu pedido: /pedido/{CODE} · [política](/privacidad) · /producto/12 y /carrito"))
    assert f'<a href="/pedido/{CODE}" target="_blank" rel="noopener">/pedido/{CODE}</a>' in html
    assert '<a href="/privacidad" target="_blank" rel="noopener">política</a>' in html
    assert '<a href="/producto/12"' in html and '<a href="/carrito"' in html
    assert str(render("ve a https://malo.example/pedido/xx")).count("<a") == 0
    assert str(render("/admin/pedidos/3")).count("<a") == 0 and str(render("/pedidox")).count("<a") == 0


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    "**<img src=x onerror=alert(1)>**",
    "[clic](javascript:alert(1))",
    "[clic](/privacidad\" onmouseover=\"alert(1))",
    "- <a href=\"javascript:alert(1)\">x</a>",
    "[**x**](https://malo.example)",
    "/pedido/" + CODE + "\"><script>alert(1)</script>",
])
def test_attacks_stay_text(attack):
    html = str(render(attack))
    for name, attributes in re.findall(r"</?([A-Za-z]+)([^>]*)>", html):
        assert name in ("p", "br", "ul", "li", "strong", "a"), html
        assert not re.search(r"(?i)\son\w+\s*=", attributes), html
    for href in re.findall(r'href="([^"]*)"', html):
        assert re.fullmatch(r"/(privacidad|carrito|checkout|producto/\d+|pedido/[\w-]+|cotizacion/[\w-]+)", href), html
    assert "<script" not in html and 'href="javascript' not in html


# --- in the pages -----------------------------------------------------------------------------

def last_reply(html: str) -> str:
    return html.split('hx-swap-oob="outerHTML"')[1].split('class="msg-text">')[1].split("</div>")[0]


def test_chat_replies_are_formatted_never_raw_markdown(seeded, client):
    client.get("/")
    response = client.post("/chat/enviar", data={"mensaje": "¿qué garantía tienen los extintores?"}, headers=HX)
    reply = last_reply(response.get_data(as_text=True))
    assert "**" not in reply and "<strong>Extintores</strong>" in reply and "<ul><li>" in reply
    response = client.post("/chat/enviar", data={"mensaje": "quiero 2 extintores de 10 libras"}, headers=HX)
    reply = last_reply(response.get_data(as_text=True))
    assert "<li>2 × Extintor 10 Libras a $15.000 = $30.000</li>" in reply
    # the history (a reload) renders the same way
    history = client.get("/carrito").get_data(as_text=True).split('id="chat-messages"')[1]
    assert "<strong>Extintores</strong>" in history and "**" not in history


def test_a_users_message_with_markup_is_shown_as_text(seeded, client):
    client.get("/")
    attack = "<img src=x onerror=alert(1)> **hola** [x](javascript:alert(1))"
    client.post("/chat/enviar", data={"mensaje": attack}, headers=HX)
    history = client.get("/").get_data(as_text=True).split('id="chat-messages"')[1].split("</aside>")[0]
    assert "<img src=x" not in history and "&lt;img src=x onerror=alert(1)&gt;" in history
    assert 'href="javascript' not in history


def test_staff_message_in_the_sidebar_is_formatted_and_escaped(seeded):
    from webapp.chat.render import staff_frame
    with seeded.test_request_context("/ws/sidebar"):  # the frame the sidebar's socket sends
        frame = staff_frame({"kind": "message", "texto": "Listo:\n• **2** × Casco\n<script>x</script> /carrito",
                             "asesor": "Laura"})
    assert "<li><strong>2</strong> × Casco</li>" in frame and "<script>x" not in frame
    assert '<a href="/carrito"' in frame and 'class="order-signal"' in frame


def test_privacy_page_shows_the_profiles_section_formatted(seeded, client):
    page = client.get("/privacidad").get_data(as_text=True)
    assert "<strong>Qué datos pedimos</strong>" in page and "**" not in page
    assert "<li>" in page.split("Protección de datos")[1]


def test_privacy_page_escapes_a_hostile_profile(app, client):
    company.load("# Tienda\n\n## Tratamiento de datos\n\n**ok** <script>alert(1)</script>\n"
                 "- [clic](javascript:alert(1))\n- ver [política](/privacidad)")
    db.session.commit()
    page = client.get("/privacidad").get_data(as_text=True)
    section = page.split("<h2>Tratamiento de datos</h2>")[1].split("</article>")[0]
    assert "<strong>ok</strong>" in section and "<script>alert" not in section and "&lt;script&gt;" in section
    assert 'href="javascript' not in section and '<a href="/privacidad" target="_blank" rel="noopener">política</a>' in section


# --- NIT, IVA, quotes --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, nit", [
    ("Somos Ferretería La 14 S.A.S., NIT 900.123.456-7.", "900.123.456-7"),
    ("Nit: 900123456-7", "900.123.456-7"),
    ("NIT. 901.234.567 - 1 (régimen común)", "901.234.567-1"),
    ("Persona natural, NIT 80.123.456", "80.123.456"),
    ("indíquenos el NIT al hacer el pedido; llame al 315 742 8816", ""),
    ("Sin datos tributarios", ""),
])
def test_nit_is_found_in_the_profile(app, text, nit):
    assert company.nit(text) == nit


def test_product_page_shows_iva_included_and_the_nit(seeded, client):
    product = catalog.get_by_sku("EXT-10")
    page = client.get(f"/producto/{product.id}").get_data(as_text=True)
    assert "IVA incluido" in page and "NIT" not in page.split('id="seller"')[1].split("</p>")[0]  # the demo has none
    company.load(company.profile_text().replace("## Quiénes somos", "NIT 900.765.432-1\n\n## Quiénes somos", 1))
    db.session.commit()
    page = client.get(f"/producto/{product.id}").get_data(as_text=True)
    seller = page.split('id="seller"')[1].split("</p>")[0]
    assert "NIT 900.765.432-1" in seller and "Sextinvalle S.A.S." in seller
    assert re.search(r'class="price big">\$15\.000</p>\s*<p class="tax-note">IVA incluido</p>', page)


def test_quote_shows_nit_customer_and_the_same_validity_as_the_chat(seeded, client):
    company.load(company.profile_text() + "\n\n## Facturación\n\nNIT 900.765.432-1, régimen común.\n")
    db.session.commit()
    client.get("/")
    client.post("/chat/enviar", data={"mensaje": "quiero 2 extintores de 10 libras"}, headers=HX)
    client.post("/chat/enviar", data={"mensaje": "me llamo Ana Gómez"}, headers=HX)
    response = client.post("/chat/enviar", data={"mensaje": "me haces una cotización"}, headers=HX)
    html = response.get_data(as_text=True)
    match = re.search(r'href="(/cotizacion/[\w-]+)"', html)
    assert match, html
    said = re.search(r"válida hasta el (\d{2}/\d{2}/\d{4})", html)
    assert said, html
    page = client.get(match.group(1)).get_data(as_text=True)
    assert f'id="quote-valid-until">{said.group(1)}<' in page
    assert 'id="quote-nit">NIT 900.765.432-1<' in page
    with client.session_transaction() as session:
        chat = conversations.get_conversation(session["chat_id"])
    assert chat.state["customer"]["name"] == "Ana Gómez"
    assert 'id="quote-customer">Ana Gómez<' in page
    chat.state = {**chat.state, "customer": {"name": "Ana <b>Gómez</b>"}}
    db.session.commit()
    page = client.get(match.group(1)).get_data(as_text=True)
    assert 'id="quote-customer">Ana &lt;b&gt;Gómez&lt;/b&gt;<' in page
    assert "IVA incluido" in page
