"""Customer-data and quantity rules (webapp.services.validation)."""
import pytest

from webapp.services.validation import (
    CUSTOMER_FIELDS, FIELD_LABELS, REQUIRED, clean_customer, is_valid_cedula, is_valid_email,
    is_valid_phone, missing_fields, normalize_cedula, normalize_phone, validate_quantity,
)

VALID = {
    "name": "Juan Pérez", "cedula": "12345678", "phone": "3001234567", "email": "juan@email.com",
    "address": "Calle 123 #45-67", "neighborhood": "Centro", "delivery_notes": "Portón azul",
}


def test_fields_and_labels():
    assert CUSTOMER_FIELDS == ("name", "cedula", "phone", "email", "address", "neighborhood",
                               "delivery_notes", "city", "department")
    assert REQUIRED == CUSTOMER_FIELDS[:5]
    assert FIELD_LABELS["cedula"] == "cédula"
    assert FIELD_LABELS["delivery_notes"] == "indicaciones de entrega"
    assert set(FIELD_LABELS) == set(CUSTOMER_FIELDS)


@pytest.mark.parametrize("raw, expected", [
    ("1.023.456.789", "1023456789"),
    ("12 345 678", "12345678"),
    ("12-345-678", "12345678"),
    (" 98765432 ", "98765432"),
])
def test_normalize_cedula(raw, expected):
    assert normalize_cedula(raw) == expected


@pytest.mark.parametrize("raw, ok", [
    ("1234567", True), ("12345678", True), ("1023456789", True), ("1.023.456.789", True),
    ("123456", False), ("12345678901", False), ("12a45678", False), ("", False), ("abcdefgh", False),
])
def test_is_valid_cedula(raw, ok):
    assert is_valid_cedula(raw) is ok


@pytest.mark.parametrize("raw, expected", [
    ("+57 300 123 4567", "3001234567"),
    ("573001234567", "3001234567"),
    ("300-123-4567", "3001234567"),
    ("(300) 123 4567", "3001234567"),
    ("3001234567", "3001234567"),
    ("0057 3001234567", "3001234567"),
])
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw, ok", [
    ("3001234567", True), ("+573105551234", True), ("310 555 1234", True),
    ("6012345678", False), ("300123456", False), ("30012345678", False), ("12345", False), ("", False),
])
def test_is_valid_phone(raw, ok):
    assert is_valid_phone(raw) is ok


@pytest.mark.parametrize("raw, ok", [
    ("juan@email.com", True), ("ana.maria+tienda@correo.com.co", True), ("a@x.co", True),
    ("juan@", False), ("juan.email.com", False), ("juan @email.com", False), ("@email.com", False),
    ("juan@email", False), ("juan@@email.com", False), ("juan..perez@email.com", False),
    ("a" * 250 + "@x.co", False), ("", False),
])
def test_is_valid_email(raw, ok):
    assert is_valid_email(raw) is ok


@pytest.mark.parametrize("value", [1, 2, 500, 1000, "3"])
def test_quantity_ok(value):
    assert validate_quantity(value) is None


@pytest.mark.parametrize("value", [0, -1, 1001, 2.5, None, "dos", True, "0"])
def test_quantity_bad(value):
    assert validate_quantity(value) == "La cantidad debe estar entre 1 y 1000."


def test_clean_customer_valid():
    cleaned, errors = clean_customer({**VALID, "cedula": "12.345.678", "phone": "+57 300 123 4567",
                                      "email": " Juan@Email.com ", "name": "  Juan   Pérez "})
    assert errors == {}
    assert cleaned == {**VALID, "city": "", "department": ""}


def test_clean_customer_optional_fields_default_empty():
    data = {k: v for k, v in VALID.items() if k in REQUIRED}
    cleaned, errors = clean_customer(data)
    assert errors == {}
    assert cleaned["neighborhood"] == "" and cleaned["delivery_notes"] == ""


def test_clean_customer_required_messages():
    _, errors = clean_customer({})
    assert errors == {
        "name": "El nombre es obligatorio.",
        "cedula": "La cédula es obligatoria.",
        "phone": "El teléfono es obligatorio.",
        "email": "El correo electrónico es obligatorio.",
        "address": "La dirección es obligatoria.",
    }


@pytest.mark.parametrize("field, value, message", [
    ("cedula", "123", "La cédula debe tener entre 7 y 10 dígitos."),
    ("phone", "12345", "El teléfono debe tener 10 dígitos y empezar por 3."),
    ("email", "juan@", "Escribe un correo electrónico válido, por ejemplo nombre@correo.com."),
    ("name", "J", "El nombre debe tener entre 2 y 120 caracteres."),
    ("name", "x" * 121, "El nombre debe tener entre 2 y 120 caracteres."),
    ("name", "12345678", "El nombre debe contener letras."),
    ("address", "Cl 1", "La dirección debe tener entre 5 y 200 caracteres."),
    ("address", "C" * 201, "La dirección debe tener entre 5 y 200 caracteres."),
    ("neighborhood", "b" * 201, "El barrio no puede superar 200 caracteres."),
    ("delivery_notes", "n" * 201, "Las indicaciones de entrega no pueden superar 200 caracteres."),
])
def test_clean_customer_field_errors(field, value, message):
    _, errors = clean_customer({**VALID, field: value})
    assert errors == {field: message}


def test_clean_customer_tolerates_none_and_unknown_keys():
    cleaned, errors = clean_customer({**VALID, "neighborhood": None, "extra": "x"})
    assert errors == {} and cleaned["neighborhood"] == "" and "extra" not in cleaned


def test_missing_fields():
    assert missing_fields({"name": "Ana", "email": " "}) == ["cedula", "phone", "email", "address"]
    assert missing_fields(VALID) == []
