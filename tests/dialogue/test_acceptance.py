"""The original specification's own cases, through POST /chat/texto with the demo data (offline agent)."""
import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Customer, Order
from support import CUSTOMER

ACCEPTANCE_DATA = "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro, Portón azul"


def say(client, message, chat_id=None, headers=None, **extra):
    response = client.post("/chat/texto", json={"mensaje": message, "chat_id": chat_id, **extra}, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.mark.parametrize("message", ["qué productos tienen disponibles", "inventario", "catálogo",
                                     "qué tienen para la venta", "¿Qué productos tienen?"])
def test_catalogue_questions(seeded, client, message):
    body = say(client, message)
    assert body["tipo_mensaje"] == "inventario"
    assert "EPP" in body["respuesta"] and "Extintores" in body["respuesta"]
    assert "$" in body["respuesta"]


@pytest.mark.parametrize("message, expected", [
    ("extintor", ["Extintor 10 Libras", "Extintor 20 Libras"]),
    ("cascos", ["Casco de Seguridad Amarillo"]),
    ("guantes", ["Guantes de Nitrilo"]),
    ("Precios de extintores", ["Extintor 10 Libras", "$15.000"]),
])
def test_product_questions(seeded, client, message, expected):
    body = say(client, message)
    assert body["tipo_mensaje"] == "inventario"
    for text in expected:
        assert text in body["respuesta"]


def test_stock_question(seeded, client):
    body = say(client, "Stock disponible")
    assert body["tipo_mensaje"] == "inventario" and "disponibles" in body["respuesta"]


@pytest.mark.parametrize("message", ["Quiero comprar 2 cascos", "Cotización para guantes", "Agregar extintores al pedido"])
def test_buying_messages_are_venta(seeded, client, message):
    assert say(client, message)["tipo_mensaje"] == "venta"


def test_the_full_sale(seeded, client):
    first = say(client, "necesito 2 extintores de 10 libras")
    chat_id = first["chat_id"]
    assert first["tipo_mensaje"] == "venta" and first["estado_venta"] == "pendiente"
    assert "Agregué 2 × Extintor 10 Libras" in first["respuesta"]
    assert [(ln["nombre"], ln["cantidad"], ln["subtotal"]) for ln in first["pedido"]["lineas"]] == [("Extintor 10 Libras", 2, 30000)]
    second = say(client, "sí, procedamos con el pedido", chat_id)
    assert second["estado_venta"] == "recolectando_datos"
    assert "cédula" in second["respuesta"] and "Ley 1581" in second["respuesta"]
    third = say(client, ACCEPTANCE_DATA, chat_id)
    # the early "sí, procedamos" never places the sale: the order is read back first
    assert third["estado_venta"] == "listo_para_finalizar" and third["venta_id"] is None
    assert third["metadatos"]["confirmacion"] is True
    for shown in ("2 × Extintor 10 Libras", "Total: $30.000", "Envío: por confirmar", "Calle 123 #45-67",
                  "Portón azul"):
        assert shown in third["respuesta"]
    assert db.session.scalar(select(Order).where(Order.status == "pendiente")) is None
    fourth = say(client, "sí, confirmo", chat_id)
    assert fourth["estado_venta"] == "cerrada" and fourth["venta_id"]
    assert "$30.000" in fourth["respuesta"] and "/pedido/" in fourth["respuesta"]
    sale = db.session.get(Order, fourth["venta_id"])
    assert sale.total == 30000 and sale.channel == "chat" and sale.chat_id == chat_id
    customer = db.session.scalar(select(Customer).where(Customer.cedula == "12345678"))
    assert (customer.name, customer.phone, customer.email, customer.address, customer.neighborhood, customer.delivery_notes) == \
        ("Juan Pérez", "3001234567", "juan@email.com", "Calle 123 #45-67", "Centro", "Portón azul")
    assert customer.consent_at is not None


def test_sale_with_read_back_and_explicit_confirmation(seeded, client):
    chat_id = say(client, "quiero 3 guantes de nitrilo")["chat_id"]
    body = say(client, ACCEPTANCE_DATA, chat_id)
    assert body["estado_venta"] == "listo_para_finalizar"
    assert "Total: $24.000" in body["respuesta"] and body["metadatos"]["confirmacion"] is True
    assert db.session.scalar(select(Order).where(Order.status == "pendiente")) is None
    done = say(client, "dale", chat_id)
    assert done["estado_venta"] == "cerrada"
    assert db.session.get(Order, done["venta_id"]).total == 24000


@pytest.mark.parametrize("message", ["Información del cliente 12345678", "Historial de compras de Juan Pérez",
                                     "Estadísticas del cliente"])
def test_customer_lookups_need_staff(seeded, client, auth_headers, message):
    assert client.post("/ventas/", headers=auth_headers,
                       json={"cliente": CUSTOMER, "lineas": [{"sku": "EXT-10", "cantidad": 2}]}).status_code == 201
    public = say(client, message)
    assert public["tipo_mensaje"] == "cliente"
    for secret in ("3001234567", "juan@email.com", "Calle 123", "30.000"):
        assert secret not in public["respuesta"]
    staff = say(client, message, headers=auth_headers)
    assert staff["tipo_mensaje"] == "cliente"
    if "12345678" in message or "Juan" in message:
        assert "Juan Pérez" in staff["respuesta"] and "3001234567" in staff["respuesta"]
        assert "$30.000" in staff["respuesta"]


@pytest.mark.parametrize("message, expected", [("¿Quiénes son ustedes?", "Sextinvalle"),
                                               ("Información de la empresa", "Sextinvalle"),
                                               ("Cómo contactarlos", "sextinvalle.com.co")])
def test_company_questions(seeded, client, message, expected):
    body = say(client, message)
    assert body["tipo_mensaje"] == "contexto" and expected in body["respuesta"]


@pytest.mark.parametrize("bad", ["", "   ", "x" * 2001])
def test_invalid_messages(client, bad):
    response = client.post("/chat/texto", json={"mensaje": bad})
    assert response.status_code == 400 and response.get_json()["error"] == "mensaje_invalido"


def test_invalid_data_is_named_and_asked_again(seeded, client):
    chat_id = say(client, "quiero 2 cascos amarillos")["chat_id"]
    say(client, "sí", chat_id)
    body = say(client, "Ana Gómez, 123, 3001234567, ana@, Carrera 5 # 10-20", chat_id)
    assert body["estado_venta"] == "recolectando_datos"
    assert "cédula debe tener entre 7 y 10 dígitos" in body["respuesta"]
    assert "«ana@»" in body["respuesta"] or "correo" in body["respuesta"]
    assert db.session.scalar(select(Order).where(Order.status == "pendiente")) is None
    body = say(client, "cédula 1023456789", chat_id)
    assert body["estado_venta"] == "recolectando_datos"
    body = say(client, "correo ana@correo.co", chat_id)
    assert body["estado_venta"] == "listo_para_finalizar"
    body = say(client, "sí", chat_id)
    assert body["estado_venta"] == "cerrada"
    assert db.session.get(Order, body["venta_id"]).total == 50000
