"""Money is Decimal; shown in Colombian format ($15.000)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation, ROUND_HALF_UP
from functools import lru_cache

from babel.numbers import format_decimal

CENT = Decimal("0.01")
MAX_PRICE = Decimal("999999999.99")


def to_money(value) -> Decimal:
    """Parse a price; raises ValueError on anything that is not a non-negative amount."""
    if isinstance(value, bool) or value is None:
        raise ValueError("precio inválido")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("precio inválido") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        raise ValueError("precio inválido")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_cop(value) -> str:
    amount = Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)
    pattern = "#,##0" if amount == amount.to_integral_value() else "#,##0.00"
    return "$" + format_decimal(amount, format=pattern, locale="es_CO")


@lru_cache(maxsize=4096)
def format_cop_cached(value) -> str:
    """format_cop for pages that show the same prices again and again (Babel is slow)."""
    return format_cop(value)


def as_json_number(value):
    """Whole pesos as int, otherwise float with two decimals (the JSON API's numbers)."""
    amount = Decimal(value or 0)
    return int(amount) if amount == amount.to_integral_value() else float(amount)
