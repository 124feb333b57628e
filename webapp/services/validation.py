"""Validation rules for customer data and quantities, with Spanish error messages.

The single place for these rules: the API, the HTML checkout and the sales
assistant all call these functions. Pure functions, no I/O.
"""
from __future__ import annotations

import re

CUSTOMER_FIELDS = ("name", "cedula", "phone", "email", "address", "neighborhood", "delivery_notes",
                   "city", "department")
REQUIRED = CUSTOMER_FIELDS[:5]
REQUIRED_FIELDS = REQUIRED
OPTIONAL_FIELDS = CUSTOMER_FIELDS[5:]

FIELD_LABELS = {
    "name": "nombre",
    "cedula": "cédula",
    "phone": "teléfono",
    "email": "correo electrónico",
    "address": "dirección",
    "neighborhood": "barrio",
    "delivery_notes": "indicaciones de entrega",
    "city": "ciudad",
    "department": "departamento",
}

QUANTITY_MIN = 1
QUANTITY_MAX = 1000
NAME_MIN, NAME_MAX = 2, 120
ADDRESS_MIN, ADDRESS_MAX = 5, 200
OPTIONAL_MAX = 200
PLACE_MAX = 100
EMAIL_MAX = 254

MESSAGES = {
    "quantity": f"La cantidad debe estar entre {QUANTITY_MIN} y {QUANTITY_MAX}.",
    "cedula": "La cédula debe tener entre 7 y 10 dígitos.",
    "phone": "El teléfono debe tener 10 dígitos y empezar por 3.",
    "email": "Escribe un correo electrónico válido, por ejemplo nombre@correo.com.",
    "name": f"El nombre debe tener entre {NAME_MIN} y {NAME_MAX} caracteres.",
    "name_letters": "El nombre debe contener letras.",
    "address": f"La dirección debe tener entre {ADDRESS_MIN} y {ADDRESS_MAX} caracteres.",
    "neighborhood": f"El barrio no puede superar {OPTIONAL_MAX} caracteres.",
    "delivery_notes": f"Las indicaciones de entrega no pueden superar {OPTIONAL_MAX} caracteres.",
    "city": f"La ciudad no puede superar {PLACE_MAX} caracteres.",
    "department": f"El departamento no puede superar {PLACE_MAX} caracteres.",
}

REQUIRED_MESSAGES = {
    "name": "El nombre es obligatorio.",
    "cedula": "La cédula es obligatoria.",
    "phone": "El teléfono es obligatorio.",
    "email": "El correo electrónico es obligatorio.",
    "address": "La dirección es obligatoria.",
}

_SEPARATORS = re.compile(r"[\s.\-]+")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    rf"@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})"
)


def normalize_cedula(value: str) -> str:
    """Cédula without dots, spaces or dashes ("1.023.456-789" -> "1023456789")."""
    return _SEPARATORS.sub("", str(value or "").strip())


def is_valid_cedula(value: str) -> bool:
    """7 to 10 digits once separators are removed."""
    return bool(re.fullmatch(r"\d{7,10}", normalize_cedula(value)))


def normalize_phone(value: str) -> str:
    """Digits only; a leading +57 / 57 / 0057 country code is removed from longer numbers."""
    text = _PHONE_SEPARATORS.sub("", str(value or "").strip())
    if text.startswith("+"):
        text = text[1:]
    if text.isdigit():
        if len(text) == 14 and text.startswith("0057"):
            text = text[4:]
        elif len(text) == 12 and text.startswith("57"):
            text = text[2:]
    return text


def is_valid_phone(value: str) -> bool:
    """A Colombian mobile number: exactly 10 digits starting with 3."""
    return bool(re.fullmatch(r"3\d{9}", normalize_phone(value)))


def is_valid_email(value: str) -> bool:
    """local@domain.tld, no spaces, at most 254 characters."""
    text = str(value or "").strip()
    if not text or len(text) > EMAIL_MAX:
        return False
    match = _EMAIL.fullmatch(text)
    return bool(match) and len(match.group("local")) <= 64


def validate_quantity(value) -> str | None:
    """None when the quantity is an integer from 1 to 1000, else the Spanish error."""
    if isinstance(value, bool):
        return MESSAGES["quantity"]
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not QUANTITY_MIN <= value <= QUANTITY_MAX:
        return MESSAGES["quantity"]
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def validate_field(field: str, value) -> tuple[str, str | None]:
    """(cleaned value, error or None) for one customer field."""
    text = _text(value)
    if field == "cedula":
        text = normalize_cedula(text)
    elif field == "phone":
        text = normalize_phone(text)
    elif field == "email":
        text = text.lower()
    if not text:
        return text, REQUIRED_MESSAGES.get(field)
    if field == "name":
        if not NAME_MIN <= len(text) <= NAME_MAX:
            return text, MESSAGES["name"]
        if not any(ch.isalpha() for ch in text):
            return text, MESSAGES["name_letters"]
    elif field == "cedula" and not is_valid_cedula(text):
        return text, MESSAGES["cedula"]
    elif field == "phone" and not is_valid_phone(text):
        return text, MESSAGES["phone"]
    elif field == "email" and not is_valid_email(text):
        return text, MESSAGES["email"]
    elif field == "address" and not ADDRESS_MIN <= len(text) <= ADDRESS_MAX:
        return text, MESSAGES["address"]
    elif field in ("city", "department") and len(text) > PLACE_MAX:
        return text, MESSAGES[field]
    elif field in OPTIONAL_FIELDS and len(text) > OPTIONAL_MAX:
        return text, MESSAGES[field]
    return text, None


def clean_customer(data: dict) -> tuple[dict, dict]:
    """(cleaned values for every field, {field: Spanish error}) from a raw dict."""
    data = data or {}
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for field in CUSTOMER_FIELDS:
        value, error = validate_field(field, data.get(field))
        cleaned[field] = value
        if error:
            errors[field] = error
    return cleaned, errors


def missing_fields(values: dict) -> list[str]:
    """Required fields that are empty or absent, in CUSTOMER_FIELDS order."""
    return [f for f in REQUIRED if not _text((values or {}).get(f))]
