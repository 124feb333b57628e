"""Quotations: a priced snapshot of an order, printable at an unguessable URL."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Conversation, Quote
from ..models._common import utcnow
from .orders import OrderError, OrderView

VALID_DAYS = 15


def create_quote(order_view: OrderView, conversation: Conversation | None = None) -> Quote:
    if not order_view.lines:
        raise OrderError("pedido_vacio", "No hay productos para cotizar.")
    quote = Quote(
        code=secrets.token_urlsafe(24),
        conversation_id=conversation.id if conversation else None,
        lines=[{"sku": ln.sku, "nombre": ln.name, "cantidad": ln.quantity,
                "precio_unitario": str(ln.unit_price), "subtotal": str(ln.subtotal)} for ln in order_view.lines],
        total=order_view.total,
        valid_until=utcnow() + timedelta(days=VALID_DAYS),
    )
    db.session.add(quote)
    db.session.flush()
    return quote


def valid_until_text(quote: Quote) -> str:
    """The last day the quote holds, in the shop's time zone: the chat and the quote page show this."""
    from flask import current_app
    from ..templating import shop_time
    return shop_time(current_app, quote.valid_until, "%d/%m/%Y")


def customer_name(quote: Quote) -> str:
    """Who the quote is for, when the chat it came from knows the customer's name ("" otherwise)."""
    if quote.conversation_id is None:
        return ""
    conversation = db.session.get(Conversation, quote.conversation_id)
    state = conversation.state if conversation is not None and isinstance(conversation.state, dict) else {}
    customer = state.get("customer") if isinstance(state.get("customer"), dict) else {}
    return " ".join(str(customer.get("name") or "").split())[:120]


def get_by_code(code: str) -> Quote | None:
    if not code or len(code) > 64:
        return None
    return db.session.scalar(select(Quote).where(Quote.code == code))
