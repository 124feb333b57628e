"""Customer data found in chat messages."""
import pytest

from webapp.agent.understanding.customer_data import (
    extract_customer_data, is_empty_answer, looks_like_customer_data, plausible_name,
)

FULL = "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, Centro, Portón azul"


def test_positional_acceptance_message():
    found = extract_customer_data(FULL)
    assert found.invalid == {}
    assert found.values == {
        "name": "Juan Pérez", "cedula": "12345678", "phone": "3001234567",
        "email": "juan@email.com", "address": "Calle 123 #45-67", "neighborhood": "Centro",
        "delivery_notes": "Portón azul",
    }


def test_positional_assigns_by_content_not_position():
    found = extract_customer_data(
        "12345678; Juan Pérez; juan@email.com; 3001234567; Calle 123 #45-67; Centro")
    assert found.values["email"] == "juan@email.com"
    assert found.values["phone"] == "3001234567"
    assert found.values["cedula"] == "12345678"
    assert found.values["address"] == "Calle 123 #45-67"
    assert found.values["neighborhood"] == "Centro"
    assert found.values["name"] == "Juan Pérez"


def test_newline_separated_data():
    found = extract_customer_data("Ana Gómez\n1.023.456.789\n310 555 1234\nana@x.co\nCra 5 # 10-20")
    assert found.values == {"name": "Ana Gómez", "cedula": "1023456789", "phone": "3105551234",
                            "email": "ana@x.co", "address": "Cra 5 # 10-20"}


def test_labelled_parts_win():
    found = extract_customer_data(
        "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67, "
        "indicaciones: portón azul, barrio Centro")
    assert found.values["neighborhood"] == "Centro"
    assert found.values["delivery_notes"] == "portón azul"


@pytest.mark.parametrize("text, expected", [
    ("mi nombre es Ana María Gómez", {"name": "Ana María Gómez"}),
    ("me llamo Carlos", {"name": "Carlos"}),
    ("cédula 1.023.456.789", {"cedula": "1023456789"}),
    ("CC 98765432", {"cedula": "98765432"}),
    ("C.C. 98765432", {"cedula": "98765432"}),
    ("mi cel es 310 555 1234", {"phone": "3105551234"}),
    ("tel: +57 3105551234", {"phone": "3105551234"}),
    ("Teléfono: 300-123-4567", {"phone": "3001234567"}),
    ("correo ana@x.co", {"email": "ana@x.co"}),
    ("mi correo es Ana.Maria@Correo.com", {"email": "ana.maria@correo.com"}),
    ("vivo en la Carrera 5 # 10-20 barrio San Antonio",
     {"address": "Carrera 5 # 10-20", "neighborhood": "San Antonio"}),
    ("dirección: Av 6N # 23-45, barrio Granada, dejar en portería",
     {"address": "Av 6N # 23-45", "neighborhood": "Granada", "delivery_notes": "dejar en portería"}),
    ("me llamo Carlos y mi cédula es 12345678", {"name": "Carlos", "cedula": "12345678"}),
    ("Soy Pedro Gómez, cc 80123456", {"name": "Pedro Gómez", "cedula": "80123456"}),
    ("Calle 10 # 5-20, apto 301, Centro", {"address": "Calle 10 # 5-20, apto 301",
                                            "neighborhood": "Centro"}),
    ("Juan Pérez 12345678 3001234567 juan@email.com",
     {"name": "Juan Pérez", "cedula": "12345678", "phone": "3001234567", "email": "juan@email.com"}),
    ("3001234567", {"phone": "3001234567"}),
    ("12345678", {"cedula": "12345678"}),
    ("Calle 5 No 10-20", {"address": "Calle 5 No 10-20"}),
])
def test_labelled_and_free_text(text, expected):
    found = extract_customer_data(text)
    assert found.values == expected
    assert found.invalid == {}


@pytest.mark.parametrize("text, field, expected", [
    ("Centro", "neighborhood", "Centro"),
    ("12345678", "cedula", "12345678"),
    ("3001234567", "cedula", "3001234567"),
    ("Portón azul", "delivery_notes", "Portón azul"),
    ("Juan", "name", "Juan"),
    ("María José Restrepo", "name", "María José Restrepo"),
    ("juan@email.com", "email", "juan@email.com"),
    ("300 123 4567", "phone", "3001234567"),
    ("Transversal 3 # 4-5", "address", "Transversal 3 # 4-5"),
    ("Frente al parque principal", "address", "Frente al parque principal"),
])
def test_expected_field_bare_value(text, field, expected):
    found = extract_customer_data(text, expected_field=field)
    assert found.values == {field: expected}
    assert found.invalid == {}


def test_bare_address_when_barrio_expected_goes_to_address():
    assert extract_customer_data("Carrera 7 # 12-30", "neighborhood").values == {
        "address": "Carrera 7 # 12-30"}


def test_bare_email_when_name_expected_is_email():
    assert extract_customer_data("ana@x.co", "name").values == {"email": "ana@x.co"}


@pytest.mark.parametrize("text, field, invalid", [
    ("cédula 123", None, {"cedula": "123"}),
    ("mi correo es juan@", None, {"email": "juan@"}),
    ("teléfono 12345", None, {"phone": "12345"}),
    ("12345", "cedula", {"cedula": "12345"}),
    ("12345", "phone", {"phone": "12345"}),
    ("1234567890123", None, {"cedula": "1234567890123"}),
    ("juan.gmail.com", "email", {"email": "juan.gmail.com"}),
    ("mi nombre es 123", None, {"name": "123"}),
])
def test_invalid_values(text, field, invalid):
    found = extract_customer_data(text, expected_field=field)
    assert found.invalid == invalid
    assert found.values == {}


def test_positional_short_number_is_invalid_cedula():
    found = extract_customer_data("Juan, 12345, 3001234567")
    assert found.values == {"name": "Juan", "phone": "3001234567"}
    assert found.invalid == {"cedula": "12345"}


@pytest.mark.parametrize("text", [
    "necesito 2 extintores de 10 libras", "sí, procedamos con el pedido", "quiero 3 cascos",
    "bueno", "cancelar", "teléfono de la tienda", "dirección de la tienda",
    "¿cuál es el teléfono de la tienda?", "Información del cliente 12345678", "hola", "",
    "Historial de compras de Juan Pérez", "12345",
])
def test_sales_messages_are_not_data(text):
    found = extract_customer_data(text)
    assert found.values == {} and found.invalid == {}
    assert not looks_like_customer_data(text)


@pytest.mark.parametrize("text, field", [
    ("quiero 3 cascos", "name"), ("quiero 3 cascos", "neighborhood"), ("sí", "delivery_notes"),
    ("bueno", "name"), ("cancelar", "delivery_notes"), ("necesito 2 extintores de 10 libras", "cedula"),
    ("dame 3 cascos", "address"), ("no", "neighborhood"), ("¿para qué la necesitan?", "cedula"),
])
def test_sales_messages_with_expected_field_are_not_data(text, field):
    found = extract_customer_data(text, expected_field=field)
    assert found.values == {} and found.invalid == {}


def test_looks_like_customer_data():
    assert looks_like_customer_data(FULL)
    assert looks_like_customer_data("mi cédula es 12345678")
    assert not looks_like_customer_data("quiero 3 cascos")


@pytest.mark.parametrize("text, ok", [
    ("Juan Pérez", True), ("María de los Ángeles", True), ("O'Neil", True), ("sí", False),
    ("quiero cascos", False), ("Juan 2", False), ("de la tienda", False), ("J", False),
])
def test_plausible_name(text, ok):
    assert plausible_name(text) is ok


@pytest.mark.parametrize("text, ok", [
    ("ninguna", True), ("No", True), ("nada", True), ("no hay", True), ("Portón azul", False),
])
def test_is_empty_answer(text, ok):
    assert is_empty_answer(text) is ok


@pytest.mark.parametrize("text, expected", [
    ("vivo en el barrio Centro", {"neighborhood": "Centro"}),
    ("Calle 5 # 10-20 referencia: frente al parque",
     {"address": "Calle 5 # 10-20", "delivery_notes": "frente al parque"}),
    ("mi número de contacto es 3001234567", {"phone": "3001234567"}),
    ("envíen a la calle 80 # 10-20", {"address": "calle 80 # 10-20"}),
    ("Diagonal 45 Sur # 3-20", {"address": "Diagonal 45 Sur # 3-20"}),
    ("dirección: Carrera 7 # 12-30 indicaciones timbrar dos veces",
     {"address": "Carrera 7 # 12-30", "delivery_notes": "timbrar dos veces"}),
    ("me llamo Juan Pérez, mi cédula es 12345678, mi celular 3001234567, correo juan@x.com, "
     "vivo en la calle 10 # 20-30, barrio Centro",
     {"name": "Juan Pérez", "cedula": "12345678", "phone": "3001234567", "email": "juan@x.com",
      "address": "calle 10 # 20-30", "neighborhood": "Centro"}),
])
def test_more_labelled_forms(text, expected):
    assert extract_customer_data(text).values == expected


@pytest.mark.parametrize("text", [
    "quiero el producto con referencia 1234567", "SKU 12345678", "quiero 2 del código 1002003",
    "tengo el pedido número 12345678", "quiero cascos para la calle 80", "vivo en la",
])
def test_codes_and_vague_mentions_are_not_data(text):
    found = extract_customer_data(text)
    assert found.values == {} and found.invalid == {}


def test_no_email_answer_is_not_data():
    found = extract_customer_data("no tengo correo", expected_field="email")
    assert found.values == {} and found.invalid == {}
