"""Orders: the cart's lines, totals, placing (atomic stock) and status changes.

The HTML cart, the JSON API and the assistant's tools all go through here.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import metrics
from ..extensions import db
from ..models import Conversation, Order, OrderLine, OrderStatus, Product
from ..models._common import utcnow
from . import customers
from .pagination import Page

MAX_QUANTITY = 1000
TRANSITIONS = {
    OrderStatus.PENDING: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.DELIVERED, OrderStatus.CANCELLED},
    OrderStatus.DELIVERED: set(),
    OrderStatus.CANCELLED: set(),
    OrderStatus.CART: set(),
}


class OrderError(Exception):
    """A rule refused the change; `code` is the API error code, the message is Spanish."""

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


@dataclass
class LineView:
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    image_url: str = ""
    stock: int = 0

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class OrderView:
    """What a page, the API or the assistant shows of an order: prices already decided."""

    lines: list[LineView] = field(default_factory=list)
    id: int | None = None
    code: str | None = None
    status: str | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal("0"))

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


def new_code() -> str:
    return secrets.token_urlsafe(24)


# --- reading --------------------------------------------------------------------

def open_order(conversation: Conversation | None) -> Order | None:
    """The conversation's cart (status `carrito`), if any."""
    if conversation is None or conversation.id is None:
        return None
    return db.session.scalar(select(Order).where(
        Order.conversation_id == conversation.id, Order.status == OrderStatus.CART
    ).options(selectinload(Order.lines).joinedload(OrderLine.product)).order_by(Order.id.desc()).limit(1))


def view(order: Order | None) -> OrderView:
    if order is None:
        return OrderView()
    is_cart = order.status == OrderStatus.CART
    lines = [LineView(
        product_id=line.product_id,
        sku=line.product.sku if is_cart else line.sku,
        name=line.product.name if is_cart else line.name,
        quantity=line.quantity,
        unit_price=line.product.price if is_cart else line.unit_price,
        image_url=line.product.image_url or "",
        stock=line.product.stock,
    ) for line in order.lines]
    return OrderView(lines=lines, id=order.id, code=order.code, status=order.status)


def cart_units(conversation: Conversation | None) -> int:
    order = open_order(conversation)
    if order is None:
        return 0
    return db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0))
                             .where(OrderLine.order_id == order.id)) or 0


def get_by_code(code: str) -> Order | None:
    if not code or len(code) > 64:
        return None
    return db.session.scalar(select(Order).where(Order.code == code))


def get_order(order_id) -> Order | None:
    try:
        return db.session.get(Order, int(order_id))
    except (TypeError, ValueError, OverflowError):
        return None


# --- cart changes -----------------------------------------------------------------

def _cart(conversation: Conversation, channel: str) -> Order:
    order = open_order(conversation)
    if order is None:
        order = Order(code=new_code(), status=OrderStatus.CART, channel=channel,
                      conversation_id=conversation.id)
        db.session.add(order)
        db.session.flush()
    return order


def _check_quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        try:
            quantity = int(str(quantity).strip())
        except (TypeError, ValueError):
            raise OrderError("cantidad_invalida", "La cantidad debe ser un número entero.") from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise OrderError("cantidad_invalida", f"La cantidad debe estar entre 1 y {MAX_QUANTITY}.")
    return quantity


def _sellable(product: Product | None, quantity: int) -> Product:
    if product is None:
        raise OrderError("producto_no_encontrado", "Ese producto no existe.")
    if not product.available:
        raise OrderError("no_disponible", f"{product.name} no está disponible en este momento.")
    if product.stock <= 0:
        raise OrderError("sin_stock", f"{product.name} está agotado.", {"disponible": 0})
    if quantity > product.stock:
        raise OrderError("sin_stock", f"Solo hay {product.stock} unidades de {product.name}.",
                         {"disponible": product.stock})
    return product


def set_quantity(conversation: Conversation, product_id: int, quantity: int, channel: str = "web") -> OrderView:
    """Put exactly `quantity` of a product in the cart (0 removes it)."""
    if quantity == 0:
        return remove_item(conversation, product_id)
    quantity = _check_quantity(quantity)
    product = _sellable(db.session.get(Product, product_id), quantity)
    order = _cart(conversation, channel)
    line = next((ln for ln in order.lines if ln.product_id == product.id), None)
    if line is None:
        order.lines.append(OrderLine(product_id=product.id, sku=product.sku, name=product.name,
                                     unit_price=product.price, quantity=quantity))
    else:
        line.quantity = quantity
        line.unit_price = product.price
    order.channel = channel if channel == "chat" else order.channel
    order.updated_at = utcnow()
    db.session.commit()
    return view(order)


def add_item(conversation: Conversation, product_id: int, quantity: int = 1, channel: str = "web") -> OrderView:
    """Add units on top of what the cart already has."""
    quantity = _check_quantity(quantity)
    order = open_order(conversation)
    current = next((ln.quantity for ln in order.lines if ln.product_id == product_id), 0) if order else 0
    if current + quantity > MAX_QUANTITY:
        raise OrderError("cantidad_invalida", f"La cantidad debe estar entre 1 y {MAX_QUANTITY}.")
    return set_quantity(conversation, product_id, current + quantity, channel)


def remove_item(conversation: Conversation, product_id: int) -> OrderView:
    order = open_order(conversation)
    if order is not None:
        for line in list(order.lines):
            if line.product_id == product_id:
                order.lines.remove(line)
        order.updated_at = utcnow()
        db.session.commit()
    return view(order)


def clear_cart(conversation: Conversation) -> None:
    """Cancel the open cart (nothing was reserved, so no stock moves)."""
    order = open_order(conversation)
    if order is not None:
        order.status = OrderStatus.CANCELLED
        db.session.commit()


# --- placing ------------------------------------------------------------------------

def _decrement_stock(order: Order) -> list[dict]:
    """Take each line's units from stock; return the short lines (caller rolls back)."""
    short = []
    for line in order.lines:
        taken = db.session.execute(
            update(Product)
            .where(Product.id == line.product_id, Product.stock >= line.quantity,
                   Product.available.is_(True))
            .values(stock=Product.stock - line.quantity)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            product = db.session.get(Product, line.product_id)
            db.session.refresh(product)
            short.append({"sku": product.sku, "nombre": product.name, "pedido": line.quantity,
                          "disponible": product.stock if product.available else 0})
    return short


def place(order: Order, customer_values: dict, channel: str, consent: bool = True) -> Order:
    """Turn a cart into a placed sale in one transaction.

    Stock is taken with conditional UPDATEs so it never goes below zero under
    concurrent buyers; placing an already placed order returns it (double submit).
    """
    values = customers.validate(customer_values)
    if order.status != OrderStatus.CART:
        if order.status in OrderStatus.PLACED:
            return order
        raise OrderError("pedido_cerrado", "Este pedido ya no se puede modificar.")
    if not order.lines:
        raise OrderError("pedido_vacio", "El pedido no tiene productos.")
    order_id = order.id
    db.session.commit()  # end any read transaction: the claim below opens the write
    claimed = db.session.execute(
        update(Order).where(Order.id == order_id, Order.status == OrderStatus.CART)
        .values(status=OrderStatus.PENDING).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        order = db.session.get(Order, order_id)
        db.session.refresh(order)
        if order.status in OrderStatus.PLACED:
            return order
        raise OrderError("pedido_cerrado", "Este pedido ya no se puede modificar.")
    try:
        order = db.session.get(Order, order_id)
        db.session.refresh(order)
        _complete(order, values, channel, consent)
        db.session.commit()
    except (OrderError, IntegrityError):
        db.session.rollback()
        raise
    return order


def _complete(order: Order, values: dict, channel: str, consent: bool) -> None:
    """Inside the placing transaction: take stock, record the customer, freeze prices."""
    short = _decrement_stock(order)
    if short:
        raise OrderError("sin_stock", _short_message(short), {"lineas": short})
    customer = customers.upsert(values, consent=consent)
    db.session.flush()
    for line in order.lines:
        product = line.product
        line.unit_price, line.name, line.sku = product.price, product.name, product.sku
    order.status = OrderStatus.PENDING
    order.channel = channel
    order.customer_id = customer.id
    order.ship_name, order.ship_phone = values["name"], values["phone"]
    order.ship_address = values["address"]
    order.ship_neighborhood = values.get("neighborhood", "")
    order.delivery_notes = values.get("delivery_notes", "")
    order.total = sum((ln.unit_price * ln.quantity for ln in order.lines), Decimal("0"))
    order.placed_at = utcnow()
    metrics.sale_placed(channel)


def _short_message(short: list[dict]) -> str:
    parts = [f"{s['nombre']} (pediste {s['pedido']}, hay {s['disponible']})" for s in short]
    return "No hay stock suficiente de: " + "; ".join(parts) + "."


def create_sale(customer_values: dict, items: list[tuple[str, int]], channel: str = "web") -> Order:
    """A sale from a list of (sku, quantity), all or nothing (the JSON API's POST /ventas/)."""
    values = customers.validate(customer_values)
    merged: dict[str, int] = {}
    for sku, quantity in items:
        merged[sku] = merged.get(sku, 0) + _check_quantity(quantity)
    if not merged:
        raise OrderError("pedido_vacio", "La venta debe tener al menos una línea.")
    if any(q > MAX_QUANTITY for q in merged.values()):
        raise OrderError("cantidad_invalida", f"La cantidad debe estar entre 1 y {MAX_QUANTITY}.")
    products = {p.sku: p for p in db.session.scalars(select(Product).where(Product.sku.in_(list(merged))))}
    missing = [sku for sku in merged if sku not in products]
    if missing:
        raise OrderError("producto_no_encontrado", "No existen productos con sku: " + ", ".join(missing),
                         {"skus": missing})
    db.session.commit()  # the insert below opens the write transaction
    order = Order(code=new_code(), status=OrderStatus.PENDING, channel=channel)
    for sku, quantity in merged.items():
        product = products[sku]
        order.lines.append(OrderLine(product_id=product.id, sku=sku, name=product.name,
                                     unit_price=product.price, quantity=quantity))
    try:
        db.session.add(order)
        db.session.flush()
        _complete(order, values, channel, consent=False)
        db.session.commit()
    except (OrderError, IntegrityError):
        db.session.rollback()
        raise
    return order


# --- after placing --------------------------------------------------------------

def change_status(order: Order, new_status: str) -> Order:
    """Move a placed order along pendiente → confirmada → entregada, or cancel it (stock returns)."""
    if new_status not in TRANSITIONS.get(order.status, set()):
        raise OrderError("transicion_invalida",
                         f"No se puede pasar un pedido de {order.status} a {new_status}.")
    db.session.commit()
    moved = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status == order.status)
        .values(status=new_status, updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise OrderError("transicion_invalida", "El pedido cambió mientras tanto; vuelve a intentarlo.")
    if new_status == OrderStatus.CANCELLED:
        for line in order.lines:
            db.session.execute(update(Product).where(Product.id == line.product_id)
                               .values(stock=Product.stock + line.quantity)
                               .execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(order)
    return order


def list_sales(page: int = 1, per_page: int = 20, chat_id: str | None = None,
               status: str | None = None, channel: str | None = None,
               date_from=None, date_to=None) -> Page:
    query = select(Order).where(Order.status != OrderStatus.CART)
    if chat_id:
        query = query.join(Conversation, Order.conversation_id == Conversation.id).where(Conversation.chat_id == chat_id)
    if status:
        query = query.where(Order.status == status)
    if channel:
        query = query.where(Order.channel == channel)
    if date_from:
        query = query.where(Order.placed_at >= date_from)
    if date_to:
        query = query.where(Order.placed_at < date_to)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(Order.placed_at.desc(), Order.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(items), total, page, per_page)


def open_carts(limit: int = 200) -> list[Order]:
    """Carts with at least one line, most recently touched first."""
    has_lines = select(OrderLine.order_id).distinct()
    return list(db.session.scalars(select(Order).where(
        Order.status == OrderStatus.CART, Order.id.in_(has_lines)).order_by(Order.updated_at.desc()).limit(limit)))


def view_json(order_view: OrderView) -> dict:
    """The contract's `pedido` shape: lines with unit price and subtotal, and the total."""
    from ..money import as_json_number
    return {"lineas": [{"producto_id": ln.product_id, "sku": ln.sku, "nombre": ln.name, "cantidad": ln.quantity,
                        "precio_unitario": as_json_number(ln.unit_price), "subtotal": as_json_number(ln.subtotal)}
                       for ln in order_view.lines],
            "total": as_json_number(order_view.total)}


def bought_together(product_id: int, limit: int = 3) -> list[int]:
    """Products most often in the same placed orders as this one (ids, best first)."""
    with_product = select(OrderLine.order_id).join(Order).where(
        OrderLine.product_id == product_id, Order.status.in_(OrderStatus.PLACED))
    rows = db.session.execute(
        select(OrderLine.product_id, func.count(OrderLine.id).label("n"))
        .where(OrderLine.order_id.in_(with_product), OrderLine.product_id != product_id)
        .group_by(OrderLine.product_id).order_by(func.count(OrderLine.id).desc(), OrderLine.product_id)
        .limit(limit)).all()
    return [r[0] for r in rows]
