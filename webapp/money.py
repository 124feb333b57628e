"""Money is Decimal; shown in Colombian format ($15.000) and read as Colombians write it.

`parse_price` accepts what a Colombian types in a form, a spreadsheet or a CSV:
    65000 · 65.000 · 1.250.000 · 65.000,50 · 65000,5 · $ 65.000 · 65000.50
and refuses what could mean two amounts or is not an amount at all:
    65,000 (sixty-five thousand or sixty-five?) · 65.00.0 · 1e-7 · -5 · NaN · 10.505
A dot followed by exactly three digits groups thousands; a comma, or a single dot
followed by one or two digits, marks the cents.
"""
from __future__ import annotations

import re
from decimal import Decimal, ROUND_HALF_UP
from functools import lru_cache

from babel.numbers import format_decimal

CENT = Decimal("0.01")
MAX_PRICE = Decimal("999999999.99")

_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")              # 65.000 · 1.250.000
_GROUPED_CENTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+,\d{1,2}")  # 65.000,50
_COMMA_CENTS = re.compile(r"\d+,\d{1,2}")                   # 65000,5
_DOT_CENTS = re.compile(r"\d+\.\d{1,2}")                    # 65000.50
_CURRENCY = re.compile(r"^(?:\$|cop\b)\s*|\s*(?:cop|pesos)$", re.IGNORECASE)


class MoneyError(ValueError):
    """An amount that could not be read; `field` names the form or CSV column."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_price(value, field: str = "precio") -> Decimal:
    """A non-negative amount of pesos with at most two decimals, or MoneyError naming `field`."""
    if isinstance(value, bool) or value is None:
        raise MoneyError(field, f"El {field} debe ser un número, por ejemplo 65000 o 65.000.")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = _from_float(value, field)
    elif isinstance(value, str):
        amount = _from_text(value, field)
    else:
        raise MoneyError(field, f"El {field} debe ser un número, por ejemplo 65000 o 65.000.")
    if not amount.is_finite():
        raise MoneyError(field, f"El {field} debe ser un número.")
    if amount < 0:
        raise MoneyError(field, f"El {field} no puede ser negativo.")
    if amount > MAX_PRICE:  # first: quantizing 3.6e28 overflows the decimal context
        raise MoneyError(field, f"El {field} es demasiado grande.")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(field, f"El {field} admite máximo dos decimales (centavos).")
    return amount.quantize(CENT)


def _from_float(value: float, field: str) -> Decimal:
    """A JSON number: 15000 and 15000.5 are fine; 1e-07 is not a price (never rounded to 0)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise MoneyError(field, f"El {field} debe ser un número.")
    return Decimal(repr(value))


def _from_text(raw: str, field: str) -> Decimal:
    text = _CURRENCY.sub("", raw.strip()).strip()
    if text.startswith("-"):
        raise MoneyError(field, f"El {field} no puede ser negativo.")
    if not text:
        raise MoneyError(field, f"Escribe el {field}, por ejemplo 65000 o 65.000.")
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    if _GROUPED.fullmatch(text):
        return Decimal(text.replace(".", ""))
    if _GROUPED_CENTS.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _COMMA_CENTS.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if _DOT_CENTS.fullmatch(text):
        return Decimal(text)
    if re.fullmatch(r"\d+,\d{3}(?:,\d{3})*(?:\.\d+)?", text):
        raise MoneyError(field, f"El {field} «{raw.strip()}» es ambiguo: en Colombia los miles se separan con punto. "
                                "Escribe 65000 o 65.000 (y los centavos con coma: 65.000,50).")
    raise MoneyError(field, f"El {field} «{raw.strip()[:30]}» no es válido: usa 65000, 65.000 o 65.000,50 "
                            "(máximo dos decimales).")


def to_money(value) -> Decimal:
    """Parse a price; raises ValueError (MoneyError) on anything that is not a non-negative amount."""
    return parse_price(value)


def format_cop(value) -> str:
    amount = Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    return "$" + format_decimal(amount, format=pattern, locale="es_CO")


def format_pesos(value) -> str:
    """Whole pesos ($1.234.568), for figures where cents are noise (the dashboard)."""
    amount = Decimal(value or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return "$" + format_decimal(amount, format="#,##0", locale="es_CO")


@lru_cache(maxsize=4096)
def format_count(value: int) -> str:
    """A count written as Colombians write it (1.000, 5.000): the same grouping as the prices."""
    return format_decimal(value, format="#,##0", locale="es_CO")


def format_cop_cached(value) -> str:
    """format_cop for pages that show the same prices again and again (Babel is slow)."""
    return format_cop(value)


def as_json_number(value):
    """Whole pesos as int, otherwise float with two decimals (the JSON API's numbers)."""
    amount = Decimal(value or 0)
    return int(amount) if amount == amount.to_integral_value() else float(amount)
