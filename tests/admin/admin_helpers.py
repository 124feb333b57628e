"""Fixtures and factories for the back office tests (imported by tests/admin and tests/storage)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event

from webapp.extensions import db
from webapp.models import Conversation, Message, Order
from webapp.services import orders, staff

STAFF_EMAIL = "staff@tienda.co"
STAFF_PASSWORD = "clave-segura-123"
HX = {"HX-Request": "true"}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def customer_values(n: int = 1, **over) -> dict:
    """Valid customer data (model field names) with a distinct cédula per n."""
    return {"name": over.get("name", f"Cliente {n} Pérez"), "cedula": over.get("cedula", f"{10000000 + n}"),
            "phone": over.get("phone", f"300{1000000 + n}"), "email": over.get("email", f"cliente{n}@correo.co"),
            "address": over.get("address", f"Calle {n} #10-20"), "neighborhood": over.get("neighborhood", "Centro"),
            "delivery_notes": over.get("delivery_notes", "")}


def make_sale(items, n: int = 1, placed_at: datetime | None = None, channel: str = "web",
              conversation: Conversation | None = None, status: str | None = None, **customer) -> Order:
    """A placed sale through the real service, then moved in time / status / chat as asked."""
    order = orders.create_sale(customer_values(n, **customer), items, channel=channel)
    if placed_at is not None:
        order.placed_at = placed_at
    if conversation is not None:
        order.conversation_id = conversation.id
    db.session.commit()
    if status == "cancelada":
        orders.change_status(order, "cancelada")
    elif status in ("confirmada", "entregada"):
        orders.change_status(order, "confirmada")
        if status == "entregada":
            orders.change_status(order, "entregada")
    return order


def make_conversation(chat_id: str, turns: list[dict] | None = None, ago: timedelta = timedelta(0)) -> Conversation:
    """A conversation with messages; each turn is a dict of Message fields (role, text, ...)."""
    conversation = Conversation(chat_id=chat_id, state={})
    db.session.add(conversation)
    db.session.flush()
    when = utcnow() - ago
    for i, turn in enumerate(turns or []):
        db.session.add(Message(conversation_id=conversation.id, created_at=when + timedelta(seconds=i),
                               **{"tools": [], **turn}))
    db.session.commit()
    return conversation


def login(client, email: str = STAFF_EMAIL, password: str = STAFF_PASSWORD):
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def staff_user(app):
    return staff.create_admin(STAFF_EMAIL, STAFF_PASSWORD, "Laura")


@pytest.fixture
def staff_client(app, staff_user):
    return login(app.test_client())


@pytest.fixture
def shopper_client(app, make_product):
    """A customer's browser: it has a cart and a chat session, but no staff login."""
    from webapp.services import catalog
    product = catalog.get_by_sku("EXT-10") or make_product("Extintor 10 Libras", 15000, 120, sku="EXT-10")
    client = app.test_client()
    response = client.post("/carrito/agregar", data={"product_id": product.id, "cantidad": 1})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session.get("chat_id")
    return client


@contextmanager
def count_queries():
    """Collect the SQL statements run inside the block."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def money(value) -> Decimal:
    return Decimal(str(value))


@pytest.fixture
def both_databases(any_app):
    """Import as `app` in a test module to run its tests on SQLite and on PostgreSQL."""
    return any_app
