"""The offline agent on real Colombian Spanish, on the demo and on other businesses' catalogues."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Order, OrderStatus
from webapp.services import catalog, company
from support import DATA


def lines(body):
    return {ln["nombre"]: ln["cantidad"] for ln in body["pedido"]["lineas"]}


@pytest.mark.parametrize("message, expected", [
    ("quiero dos cascos amarillos", {"Casco de Seguridad Amarillo": 2}),
    ("QUIERO UNA DOCENA DE GUANTES DE NITRILO", {"Guantes de Nitrilo": 12}),
    ("media docena de cascos amarillos", {"Casco de Seguridad Amarillo": 6}),
    ("un par de cascos amarillos", {"Casco de Seguridad Amarillo": 2}),
    ("necesito 2 extintores de 20 libras", {"Extintor 20 Libras": 2}),
    ("necesito un extinter de 10 libras", {"Extintor 10 Libras": 1}),
    ("2 cascos amarillos y 3 pares de gantes de vaqueta", {"Casco de Seguridad Amarillo": 2, "Guantes de Vaqueta": 3}),
    ("dame un chaleco reflectivo talla M", {"Chaleco Reflectivo Talla M": 1}),
])
def test_understands_quantities_typos_and_several_products(chat, message, expected):
    body = chat(message)
    assert body["tipo_mensaje"] == "venta"
    assert lines(body) == expected


def test_pairs_of_a_product_sold_by_the_box_get_a_question(chat):
    """"Guantes de Nitrilo" come in boxes of 100: "3 pares" is not a quantity of boxes; ask."""
    body = chat("quiero 3 pares de guantes de nitrilo")
    assert body["pedido"]["lineas"] == [] and "caja" in body["respuesta"]
    assert lines(chat("2")) == {"Guantes de Nitrilo": 2}


def test_later_changes(chat):
    chat("quiero 2 cascos amarillos y 3 guantes de nitrilo")
    assert lines(chat("mejor que sean 4 cascos")) == {"Casco de Seguridad Amarillo": 4, "Guantes de Nitrilo": 3}
    assert lines(chat("quita los guantes")) == {"Casco de Seguridad Amarillo": 4}
    assert lines(chat("agrega otro casco")) == {"Casco de Seguridad Amarillo": 5}
    body = chat("¿qué llevo en el pedido?")
    assert "5 × Casco de Seguridad Amarillo" in body["respuesta"] and "$125.000" in body["respuesta"]


def test_ambiguity_gets_a_question_then_the_answer_picks(chat):
    body = chat("quiero 2 cascos")
    assert body["pedido"]["lineas"] == [] and "Amarillo" in body["respuesta"] and "Blanco" in body["respuesta"]
    assert lines(chat("el blanco")) == {"Casco de Seguridad Blanco": 2}


def test_ordinal_answer(chat):
    chat("quiero 3 guantes")
    body = chat("el primero")
    assert sum(lines(body).values()) == 3


def test_quantity_beyond_stock_is_refused_with_what_is_available(chat):
    body = chat("quiero 500 cascos amarillos")
    assert body["pedido"]["lineas"] == []
    assert "150" in body["respuesta"]


def test_out_of_stock_suggests_related(chat):
    body = chat("quiero un casco rojo")
    assert "agotado" in body["respuesta"]
    assert "Casco de Seguridad Amarillo" in body["respuesta"] or "Casco de Seguridad Blanco" in body["respuesta"]


def test_price_question(chat):
    body = chat("¿cuánto cuesta el extintor de 10 libras?")
    assert body["tipo_mensaje"] == "inventario" and "$15.000" in body["respuesta"]


@pytest.mark.parametrize("message, expected", [
    ("¿a qué hora abren?", "7:30"), ("¿dónde están ubicados?", "Cali"), ("¿hacen domicilios?", "Cali"),
    ("¿aceptan nequi?", "Nequi"), ("¿qué garantía tienen los extintores?", "arant"),
])
def test_company_topics(chat, message, expected):
    body = chat(message)
    assert body["tipo_mensaje"] == "contexto" and expected in body["respuesta"]


def test_greeting_and_off_topic(chat):
    assert chat("hola")["tipo_mensaje"] == "general"
    body = chat("¿quién ganó el partido ayer?")
    assert body["tipo_mensaje"] == "general" and body["pedido"]["lineas"] == []


@pytest.mark.parametrize("word", ["bueno", "nombre", "teléfono", "nota"])
def test_substrings_never_cancel_or_confirm(chat, word):
    chat("quiero 2 cascos amarillos")
    chat("sí")
    body = chat(word)
    assert body["estado_venta"] == "recolectando_datos"
    assert lines(body) == {"Casco de Seguridad Amarillo": 2}


def test_cedula_during_checkout_is_data_not_a_lookup(chat):
    chat("quiero 1 casco amarillo")
    chat("sí")
    body = chat("12345678")
    assert body["tipo_mensaje"] == "venta" and body["estado_venta"] == "recolectando_datos"
    assert "cliente" not in body["respuesta"].lower() or "privacidad" not in body["respuesta"].lower()


def test_cancel(chat):
    chat("quiero 2 cascos amarillos")
    body = chat("cancelar el pedido")
    assert body["estado_venta"] is None and body["pedido"]["lineas"] == []


def test_field_by_field_data(chat):
    chat("quiero 1 botiquín")
    chat("listo, procedamos")
    chat("Juan Pérez")
    chat("12345678")
    chat("3001234567")
    chat("juan@email.com")
    body = chat("Calle 123 #45-67")
    assert body["estado_venta"] == "listo_para_finalizar" and "1 × Botiquín" in body["respuesta"]
    body = chat("sí")
    assert body["estado_venta"] == "cerrada"
    sale = db.session.get(Order, body["venta_id"])
    assert sale.customer.name == "Juan Pérez" and sale.ship_address == "Calle 123 #45-67"


def test_quote_page(chat, client):
    body = chat("cotización para 10 cascos amarillos")
    url = body["metadatos"]["cotizacion_url"]
    assert url and url.startswith("/cotizacion/")
    page = client.get(url).get_data(as_text=True)
    assert "Casco de Seguridad Amarillo" in page and "$250.000" in page and "Válida hasta" in page
    assert client.get("/cotizacion/adivinado").status_code == 404


def test_tone_changes_the_register(seeded, client):
    formal = client.post("/chat/texto", json={"mensaje": "hola", "tono": "formal"}).get_json()["respuesta"]
    friendly = client.post("/chat/texto", json={"mensaje": "hola"}).get_json()["respuesta"]
    assert "le ayudo" in formal and "necesita" in formal
    assert "Te ayudo" in friendly and "necesitas" in friendly


def test_chat_and_html_cart_are_one_order(seeded, client):
    client.get("/")  # the browser session gets its chat_id
    with client.session_transaction() as s:
        chat_id = s["chat_id"]
    client.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos", "chat_id": chat_id})
    cart = client.get("/carrito").get_data(as_text=True)
    assert "Casco de Seguridad Amarillo" in cart and ">2</span>" in cart
    client.post("/carrito/agregar", data={"product_id": catalog.get_by_sku("GUA-NIT").id, "cantidad": 3})
    body = client.post("/chat/texto", json={"mensaje": "¿qué llevo en el pedido?", "chat_id": chat_id}).get_json()
    assert "3 × Guantes de Nitrilo" in body["respuesta"] and body["pedido"]["total"] == 74000


@pytest.fixture
def hardware(app, runner):
    assert runner.invoke(args=["catalog", "import", str(DATA / "ferreteria.csv")]).exit_code == 0
    assert runner.invoke(args=["company", "load", str(DATA / "ferreteria_empresa.md")]).exit_code == 0
    return app


def test_another_business_hardware_store(hardware, chat_factory):
    chat = chat_factory()
    body = chat("qué tienen")
    assert body["tipo_mensaje"] == "inventario" and "Herramientas" in body["respuesta"]
    body = chat("quiero 2 bombillas led de 9w")
    assert lines(body) == {"Bombillo LED 9W": 2}
    body = chat("¿dónde quedan?")
    assert body["tipo_mensaje"] == "contexto" and "Bogotá" in body["respuesta"]
    chat("sí, procedamos")
    body = chat("Marta Ruiz, 52123456, 3157778899, marta@correo.co, Carrera 7 # 45-10, Chapinero")
    assert body["estado_venta"] == "listo_para_finalizar"
    assert chat("sí")["estado_venta"] == "cerrada"


def test_another_business_bakery(app, runner, chat_factory):
    assert runner.invoke(args=["catalog", "import", str(DATA / "panaderia.csv")]).exit_code == 0
    chat = chat_factory()
    body = chat("me regalas 6 almojábanas y un café tinto grande")
    assert "Almojábana" in " ".join(lines(body)) and sum(lines(body).values()) == 7


def test_bakery_several_items_after_a_description(app, runner, chat_factory):
    assert runner.invoke(args=["catalog", "import", str(DATA / "panaderia.csv")]).exit_code == 0
    chat = chat_factory()
    chat("¿tienen pandebonos?")  # one product described: a pending single choice
    body = chat("me das 4 pandebonos y 2 cafés")
    assert "Café Tinto Grande" in body["respuesta"] and "Café con Leche" in body["respuesta"]  # asked which café
    body = chat("el grande")
    assert lines(body)["Café Tinto Grande"] == 2
    body = chat("tienen torta de chocolate?")
    assert "Café Tinto Grande" not in lines(body) or lines(body)["Café Tinto Grande"] == 2
    assert body["tipo_mensaje"] == "inventario" and "Torta de Chocolate Porción" in body["respuesta"]


def test_a_number_with_a_unit_is_the_quantity_when_choosing(hardware, chat_factory):
    chat = chat_factory()
    chat("¿cuánto vale la pintura blanca?")
    assert lines(chat("dame 2 galones")) == {"Pintura Vinilo Blanco Galón": 2}
    chat("y una caja de puntillas")
    assert lines(chat("las de 3 pulgadas"))["Puntilla con Cabeza 3 pulgadas"] == 1


def test_changing_the_order_while_giving_data(chat):
    chat("quiero 1 casco blanco")
    chat("ok")
    body = chat("también 2 botiquines")
    assert lines(body) == {"Casco de Seguridad Blanco": 1, "Botiquín de Primeros Auxilios": 2}
    body = chat("quita el botiquín")
    assert lines(body) == {"Casco de Seguridad Blanco": 1}
    body = chat("cuánto sale todo?")
    assert "Total: $25.000" in body["respuesta"]
    body = chat("Pedro Gómez")
    assert body["estado_venta"] == "recolectando_datos" and "cédula" in body["respuesta"]
    assert chat.last["pedido"]["total"] == 25000


def test_long_request_with_several_products(chat):
    body = chat("Necesito dotación para mi cuadrilla: cascos blancos, chalecos talla L y botas talla 41")
    assert set(lines(body)) == {"Casco de Seguridad Blanco", "Chaleco Reflectivo Talla L", "Botas de Seguridad Talla 41"}


def test_formal_quote_request_with_courtesies(chat):
    body = chat("Buenos días, señor. Quisiera una cotización de 15 extintores de 20 libras para mi empresa")
    assert lines(body) == {"Extintor 20 Libras": 15} and "$420.000" in body["respuesta"]
    assert "No encontré" not in body["respuesta"]
    assert chat("gracias, muy amable")["tipo_mensaje"] == "general"


PROFILE = """# Repuestos La 14

## Sobre nosotros
Vendemos repuestos para motos desde 1998 en Pereira.

## ¿Dónde estamos?
Calle 14 # 7-20, centro de Pereira.

## Horarios de atención
Lunes a sábado de 8:00 a. m. a 6:00 p. m.

## Contáctanos
WhatsApp 311 222 3344, correo ventas@repuestosla14.co

## Medios de pago
Efectivo, Nequi y tarjetas.

## Envíos
Enviamos a todo Risaralda en 24 horas.
"""


@pytest.mark.parametrize("message, expected", [
    ("¿quiénes son?", "repuestos para motos"), ("¿dónde quedan?", "Calle 14"), ("¿a qué hora abren?", "Lunes a sábado"),
    ("¿cómo los contacto?", "311 222 3344"), ("¿puedo pagar con nequi?", "Nequi"), ("¿hacen envíos?", "Risaralda"),
])
def test_an_unseen_company_profile(app, chat_factory, message, expected, tmp_path):
    from webapp.services import company as company_service
    company_service.load(PROFILE)
    body = chat_factory()(message)
    assert body["tipo_mensaje"] == "contexto" and expected in body["respuesta"]


@pytest.mark.parametrize("reply, quantity", [("me lo llevo", 1), ("dame esos", 1), ("dame 3", 3), ("sí", 1)])
def test_taking_the_product_just_shown(chat, reply, quantity):
    chat("¿tienen arnés de cuerpo completo?")
    assert lines(chat(reply)) == {"Arnés de Cuerpo Completo": quantity}
