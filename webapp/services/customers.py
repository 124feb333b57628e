"""Customers: validation (see validation.py), upsert by cédula, history and statistics."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Customer, Order, OrderStatus
from ..models._common import utcnow
from .pagination import Page
from .text import fold
from .validation import clean_customer

API_FIELDS = {
    "nombre": "name", "cedula": "cedula", "telefono": "phone", "email": "email",
    "direccion": "address", "barrio": "neighborhood", "indicaciones_entrega": "delivery_notes",
    "ciudad": "city", "departamento": "department",
}
STORED = ("name", "phone", "email", "address", "neighborhood", "delivery_notes", "city", "department")


class CustomerError(ValueError):
    def __init__(self, errors: dict[str, str], code: str = "datos_invalidos"):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
        self.code = code


def from_api(data: dict) -> dict:
    """Spanish API keys to model fields; non-string values are kept so validation names them."""
    return {attr: data[key] for key, attr in API_FIELDS.items() if key in data}


def _as_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""  # lists, objects, null: treated as missing so validation names the field


def validate(values: dict) -> dict:
    """Cleaned values or CustomerError naming each bad field (Spanish messages)."""
    cleaned, errors = clean_customer({key: _as_text(value) for key, value in values.items()})
    if errors:
        raise CustomerError(errors)
    return cleaned


def find_by_cedula(cedula: str) -> Customer | None:
    digits = "".join(c for c in str(cedula or "") if c.isdigit())
    if not digits:
        return None
    return db.session.scalar(select(Customer).where(Customer.cedula == digits))


def _create(values: dict, consent: bool) -> Customer:
    """A new customer; two checkouts with the same new cédula at once: the loser's insert
    fails inside a savepoint and it gets the winner's row."""
    try:
        with db.session.begin_nested():
            customer = Customer(cedula=values["cedula"], **{attr: values.get(attr) or "" for attr in STORED},
                                consent_at=utcnow() if consent else None)
            db.session.add(customer)
        return customer
    except IntegrityError:
        return find_by_cedula(values["cedula"])


def record_for_sale(values: dict, consent: bool = False) -> Customer:
    """The customer a sale belongs to, within the caller's transaction (flush, no commit).

    An existing customer's stored data is never rewritten by a sale: anyone can type a
    cédula at an anonymous checkout. The sale keeps its own snapshot of what was given;
    staff see when it differs from the record (`snapshot_differs`).
    """
    customer = find_by_cedula(values["cedula"])
    if customer is None:
        customer = _create(values, consent)
    elif consent and customer.consent_at is None:
        customer.consent_at = utcnow()
    db.session.flush()
    return customer


def snapshot_differs(order) -> list[str]:
    """Fields where a sale's contact data differs from its customer's record (for staff)."""
    customer = order.customer
    if customer is None:
        return []
    pairs = {"nombre": (order.ship_name, customer.name), "telefono": (order.ship_phone, customer.phone),
             "email": (order.ship_email, customer.email), "direccion": (order.ship_address, customer.address)}
    return [label for label, (given, stored) in pairs.items() if (given or "").strip() != (stored or "").strip()]


def create_customer(values: dict) -> Customer:
    cleaned = validate(values)
    if find_by_cedula(cleaned["cedula"]):
        raise CustomerError({"cedula": "Ya existe un cliente con esa cédula."}, code="cliente_existente")
    customer = _create(cleaned, consent=False)
    db.session.flush()
    return customer


def list_customers(q: str | None = None, page: int = 1, per_page: int = 20) -> Page:
    query = select(Customer)
    if q and q.strip():
        term = q.strip()
        digits = "".join(c for c in term if c.isdigit())
        conditions = [func.lower(Customer.name).contains(term.lower())]
        if digits:
            conditions.append(Customer.cedula.contains(digits))
        query = query.where(or_(*conditions))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(Customer.name).offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(items), total, page, per_page)


def search_by_name(name: str, limit: int = 5) -> list[Customer]:
    """Customers whose name contains every word given (accent-insensitive)."""
    words = [w for w in fold(name).split() if w.isalnum()]
    if not words:
        return []
    # Prefilter in SQL on word beginnings and endings ("Beltrán" is found by "belt"); accents differ
    # between what staff type and what customers typed, so the exact match is made after folding.
    pieces = {p for w in words if len(w) >= 4 for p in (w[:4], w[-4:])}
    query = select(Customer)
    if pieces:
        query = query.where(or_(*(func.lower(Customer.name).contains(p) for p in sorted(pieces))))
    candidates = db.session.scalars(query.limit(500)).all()
    return [c for c in candidates if all(w in fold(c.name).split() or w in fold(c.name) for w in words)][:limit]


def history(customer: Customer, limit: int = 50) -> list[Order]:
    return list(db.session.scalars(select(Order).where(
        Order.customer_id == customer.id, Order.status != OrderStatus.CART)
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def statistics(customer: Customer) -> dict:
    count, total, last = db.session.execute(select(
        func.count(Order.id), func.coalesce(func.sum(Order.total), 0), func.max(Order.placed_at)
    ).where(Order.customer_id == customer.id, Order.status.in_(OrderStatus.PLACED))).one()
    return {"compras": count, "total_comprado": total, "ultima_compra": last}


def mask(value: str | None, keep: int = 2) -> str:
    """For logs: never write customer data in clear."""
    text = str(value or "")
    return "*" * max(0, len(text) - keep) + text[-keep:] if text else ""
