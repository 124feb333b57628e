"""Orders: the cart's lines, totals, placing (atomic stock) and status changes.

The HTML cart, the JSON API, the admin and the assistant's tools all go through here, so
every door gets the same rules:
- every change to a cart is conditional on it still being a cart, under the same lock as
  placing (the conditional UPDATE of the order row: a row lock on PostgreSQL, the write
  lock on SQLite), and bumps the order's `version`;
- placing checks the order against the `token` of what the customer was shown (version,
  lines, prices): a mismatch raises `OrderChanged` instead of charging something unseen;
- a placed sale keeps a snapshot of the contact and delivery data given for it.
Functions flush and raise; the caller (a view, the assistant's turn) commits.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from .. import metrics
from ..extensions import db
from ..models import Conversation, Order, OrderLine, OrderStatus, Product
from ..models._common import utcnow
from . import customers
from .pagination import Page

NOT_SERVED = "sin_cobertura"

MAX_QUANTITY = 1000
TRANSITIONS = {
    OrderStatus.PENDING: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.DELIVERED, OrderStatus.CANCELLED},
    OrderStatus.DELIVERED: set(),
    OrderStatus.CANCELLED: set(),
    OrderStatus.CART: set(),
}
SNAPSHOT = {"name": "ship_name", "cedula": "ship_cedula", "phone": "ship_phone", "email": "ship_email",
            "address": "ship_address", "neighborhood": "ship_neighborhood", "city": "ship_city",
            "department": "ship_department", "delivery_notes": "delivery_notes"}

DESTINATION = ("ship_city", "ship_department", "ship_neighborhood")  # may be chosen on the cart first


class OrderError(Exception):
    """A rule refused the change; `code` is the error code, `details` its parameters.

    The message is a neutral Spanish sentence for the API; each door may word the code
    in its own register.
    """

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


class OrderChanged(OrderError):
    """The order is not what the customer was shown (lines, quantities or prices changed)."""

    def __init__(self, current: "OrderView"):
        super().__init__("pedido_cambiado", "El pedido cambió desde que se mostró; revisa el resumen actualizado.",
                         {"token": current.token})
        self.current = current


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
    version: int = 0
    shipping_cost: Decimal | None = None
    payment_method: str = ""

    @property
    def total(self) -> Decimal:
        return sum((line.subtotal for line in self.lines), Decimal("0"))

    @property
    def total_with_shipping(self) -> Decimal | None:
        return None if self.shipping_cost is None else self.total + self.shipping_cost

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def token(self) -> str:
        """Names exactly this order as shown: its version plus every line's quantity and price."""
        shown = "|".join(f"{ln.product_id}:{ln.quantity}:{ln.unit_price:.2f}" for ln in self.lines)
        shown += f"|{self.shipping_cost}|{self.payment_method}"
        return f"{self.version}-{hashlib.sha256(shown.encode()).hexdigest()[:12]}"


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


def view(order: Order | None, live_prices: bool | None = None) -> OrderView:
    """A cart is priced at today's prices (`live_prices`); a placed sale at the prices it froze."""
    if order is None:
        return OrderView()
    is_cart = order.status == OrderStatus.CART if live_prices is None else live_prices
    lines = [LineView(
        product_id=line.product_id,
        sku=line.product.sku if is_cart else line.sku,
        name=line.product.name if is_cart else line.name,
        quantity=line.quantity,
        unit_price=line.product.price if is_cart else line.unit_price,
        image_url=line.product.image_url or "",
        stock=line.product.stock,
    ) for line in order.lines]
    return OrderView(lines=lines, id=order.id, code=order.code, status=order.status, version=order.version or 0,
                     shipping_cost=order.shipping_cost, payment_method=order.payment_method or "")


def cart_view(conversation: Conversation | None) -> OrderView:
    return view(open_order(conversation))


def cart_units(conversation: Conversation | None) -> int:
    order = open_order(conversation)
    if order is None:
        return 0
    return db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0))
                             .where(OrderLine.order_id == order.id)) or 0


def latest_sale(conversation: Conversation | None) -> Order | None:
    """The conversation's most recent placed (or cancelled) sale."""
    if conversation is None or conversation.id is None:
        return None
    return db.session.scalar(select(Order).where(
        Order.conversation_id == conversation.id, Order.status != OrderStatus.CART, Order.placed_at.is_not(None))
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(1))


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

CLOSED_MESSAGE = "Ese pedido ya fue confirmado; el cambio no se aplicó."


def _reload(order: Order) -> Order:
    """The order and its lines as the database holds them now (inside the caller's lock)."""
    return db.session.scalars(select(Order).where(Order.id == order.id).options(
        selectinload(Order.lines).joinedload(OrderLine.product)).execution_options(populate_existing=True)).one()


def _locked_cart(conversation: Conversation, channel: str, create: bool = True) -> Order | None:
    """The conversation's cart, locked for this transaction, its version bumped.

    The conditional UPDATE is the lock: a change whose read came before a placement finds
    the order no longer a cart and is refused (`pedido_cerrado`) instead of landing on the sale.
    """
    order = open_order(conversation)
    if order is None:
        if not create:
            return None
        order = Order(code=new_code(), status=OrderStatus.CART, channel=channel,
                      conversation_id=conversation.id, version=1)
        db.session.add(order)
        db.session.flush()
        return order
    changes = {"version": Order.version + 1, "updated_at": utcnow()}
    if channel == "chat":
        changes["channel"] = "chat"
    bumped = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status == OrderStatus.CART)
        .values(**changes).execution_options(synchronize_session=False)).rowcount
    if bumped != 1:
        raise OrderError("pedido_cerrado", CLOSED_MESSAGE)
    return _reload(order)


def _check_quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        try:
            quantity = int(str(quantity).strip())
        except (TypeError, ValueError):
            raise OrderError("cantidad_invalida", "La cantidad debe ser un número entero.") from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise OrderError("cantidad_invalida", f"La cantidad debe estar entre 1 y {MAX_QUANTITY}.",
                         {"minimo": 1, "maximo": MAX_QUANTITY})
    return quantity


def _product(product_id) -> Product:
    try:
        product = db.session.get(Product, int(product_id))
    except (TypeError, ValueError, OverflowError):
        product = None
    if product is None:
        raise OrderError("producto_no_encontrado", "Ese producto no existe.")
    return product


def _sellable(product: Product, quantity: int) -> Product:
    if not product.available:
        raise OrderError("no_disponible", f"{product.name} no está disponible en este momento.",
                         {"nombre": product.name})
    if product.stock <= 0:
        raise OrderError("sin_stock", f"{product.name} está agotado.", {"disponible": 0, "nombre": product.name})
    if quantity > product.stock:
        raise OrderError("sin_stock", f"Solo hay {product.stock} unidades de {product.name}.",
                         {"disponible": product.stock, "nombre": product.name})
    return product


def _put_line(order: Order, product: Product, quantity: int) -> None:
    line = next((ln for ln in order.lines if ln.product_id == product.id), None)
    if line is None:
        order.lines.append(OrderLine(product=product, sku=product.sku, name=product.name,
                                     unit_price=product.price, quantity=quantity))
    else:
        line.quantity = quantity
        line.unit_price = product.price


def set_quantity(conversation: Conversation, product_id: int, quantity: int, channel: str = "web") -> OrderView:
    """Put exactly `quantity` of a product in the cart (0 removes it)."""
    if quantity == 0:
        return remove_item(conversation, product_id, channel)
    quantity = _check_quantity(quantity)
    product = _sellable(_product(product_id), quantity)
    with db.session.begin_nested():
        order = _locked_cart(conversation, channel)
        _put_line(order, product, quantity)
        _reprice_shipping(order)
    return view(order)


def add_item(conversation: Conversation, product_id: int, quantity: int = 1, channel: str = "web") -> OrderView:
    """Add units on top of what the cart already has."""
    quantity = _check_quantity(quantity)
    product = _product(product_id)
    with db.session.begin_nested():  # a refused change leaves nothing behind
        order = _locked_cart(conversation, channel)
        current = next((ln.quantity for ln in order.lines if ln.product_id == product.id), 0)
        total = current + quantity
        if total > MAX_QUANTITY:
            raise OrderError("cantidad_invalida", f"La cantidad debe estar entre 1 y {MAX_QUANTITY}.",
                             {"minimo": 1, "maximo": MAX_QUANTITY, "en_pedido": current})
        try:
            _sellable(product, total)
        except OrderError as exc:
            exc.details["en_pedido"] = current
            raise
        _put_line(order, product, total)
        _reprice_shipping(order)
    return view(order)


def remove_item(conversation: Conversation, product_id: int, channel: str = "web") -> OrderView:
    with db.session.begin_nested():
        order = _locked_cart(conversation, channel, create=False)
        if order is not None:
            for line in list(order.lines):
                if line.product_id == product_id:
                    order.lines.remove(line)
            _reprice_shipping(order)
    return view(order)


def clear_cart(conversation: Conversation) -> None:
    """Cancel the open cart (nothing was reserved, so no stock moves)."""
    with db.session.begin_nested():
        order = _locked_cart(conversation, "web", create=False)
        if order is not None:
            order.status = OrderStatus.CANCELLED


# --- destination, shipping and payment on the cart ---------------------------------------

@dataclass
class Destination:
    """Where the cart goes, as the shipping zones see it."""

    city: str
    department: str
    served: bool
    cost: Decimal | None
    days: int | None = None
    free: bool = False
    free_from: Decimal | None = None
    known: bool = True
    options: list[str] = field(default_factory=list)  # several municipalities share the name


def _goods_total(order: Order) -> Decimal:
    return sum(((line.product.price if line.product else line.unit_price) * line.quantity for line in order.lines),
               Decimal("0"))


def quote_destination(city: str, department: str | None = None, barrio: str | None = None,
                      goods_total: Decimal = Decimal("0")) -> Destination:
    """The shipping to a place for an amount of goods (nothing is written)."""
    from . import shipping
    found = shipping.quote(city, department=department or None, barrio=barrio or None, goods_total=goods_total)
    if not found.known:
        return Destination(city or "", department or "", False, None, known=False,
                           options=[m.label for m in found.candidates[:5]])
    place = found.municipality
    return Destination(place.name if place else city, place.department if place else (department or ""),
                       found.served, found.cost if found.served else None, found.days, found.free, found.free_from)


def _reprice_shipping(order: Order) -> None:
    """Keep the cart's shipping right after a change (a free-shipping threshold may be crossed)."""
    if order.ship_city:
        found = quote_destination(order.ship_city, order.ship_department, order.ship_neighborhood,
                                  _goods_total(order))
        order.shipping_cost = found.cost if found.served else None
    db.session.flush()


def set_destination(conversation: Conversation, city: str, department: str | None = None,
                    barrio: str | None = None, channel: str = "web") -> Destination:
    """Where the cart goes; its shipping cost follows (None while unknown or not served).

    Bumps the order's version only when something changes, so an unchanged destination
    never invalidates what the customer was shown."""
    with db.session.begin_nested():
        current = open_order(conversation)
        goods = _goods_total(current) if current is not None else Decimal("0")
        found = quote_destination(city, department, barrio, goods)
        if not found.known:
            return found
        new = (found.city, found.department, (barrio or "").strip()[:200] or (current.ship_neighborhood if current else ""),
               found.cost)
        if current is not None and (current.ship_city, current.ship_department, current.ship_neighborhood,
                                    current.shipping_cost) == new:
            return found
        order = _locked_cart(conversation, channel)
        order.ship_city, order.ship_department, order.ship_neighborhood, order.shipping_cost = new
    return found


def set_payment_method(conversation: Conversation, code: str, channel: str = "web") -> str:
    """The enabled payment method the customer chose for the cart; its display name."""
    from . import payments
    method = payments.get_method(code)
    if method is None:
        raise OrderError("metodo_pago_invalido", "Ese medio de pago no está disponible.",
                         {"metodos": [m.name for m in payments.enabled_methods()]})
    with db.session.begin_nested():
        current = open_order(conversation)
        if current is None or current.payment_method != method.code:
            order = _locked_cart(conversation, channel)
            order.payment_method = method.code
    return method.name


def payment_name(code: str | None) -> str:
    from . import payments
    method = payments.get_method(code, only_enabled=False) if code else None
    return method.name if method else ""


# --- placing ------------------------------------------------------------------------

def _decrement_stock(order: Order) -> list[dict]:
    """Take each line's units from stock (the UPDATE locks the product rows); the short lines."""
    short = []
    for line in order.lines:
        taken = db.session.execute(
            update(Product)
            .where(Product.id == line.product_id, Product.stock >= line.quantity,
                   Product.available.is_(True))
            .values(stock=Product.stock - line.quantity)
            .execution_options(synchronize_session=False)
        ).rowcount
        product = db.session.get(Product, line.product_id)
        db.session.refresh(product)
        if taken != 1:
            short.append({"sku": product.sku, "nombre": product.name, "pedido": line.quantity,
                          "disponible": product.stock if product.available else 0})
    return short


def place(order: Order, customer_values: dict, channel: str, consent: bool = True,
          expected_token: str | None = None, payment_method: str | None = None) -> Order:
    """Turn a cart into a placed sale, atomically (a savepoint inside the caller's transaction).

    Stock is taken with conditional UPDATEs so it never goes below zero under concurrent
    buyers; placing an already placed order returns it (double submit). With
    `expected_token`, the order must still be exactly what the customer was shown, prices
    included, else `OrderChanged` and nothing is written.
    """
    values = customers.validate(customer_values)
    if order.status != OrderStatus.CART:
        if order.status in OrderStatus.PLACED:
            return order
        raise OrderError("pedido_cerrado", "Este pedido ya no se puede modificar.")
    if not order.lines:
        raise OrderError("pedido_vacio", "El pedido no tiene productos.")
    order_id = order.id
    with db.session.begin_nested():
        claimed = db.session.execute(
            update(Order).where(Order.id == order_id, Order.status == OrderStatus.CART)
            .values(status=OrderStatus.PENDING).execution_options(synchronize_session=False)
        ).rowcount
        if claimed == 1:
            order = _reload(order)
            short = _decrement_stock(order)
            if short:
                raise OrderError("sin_stock", _short_message(short), {"lineas": short})
            shown = view(order, live_prices=True)
            if expected_token is not None and shown.token != expected_token:
                raise OrderChanged(shown)
            _complete(order, values, channel, consent, payment_method)
    if claimed != 1:
        order = _reload(order)
        if order.status in OrderStatus.PLACED:
            return order
        raise OrderError("pedido_cerrado", "Este pedido ya no se puede modificar.")
    return order


def _complete(order: Order, values: dict, channel: str, consent: bool, payment_method: str | None = None) -> None:
    """Inside the placing savepoint: check the destination, record the customer, freeze prices,
    keep the snapshot, choose the payment method, queue the e-mails."""
    from . import mail, payments
    if order.ship_city:
        found = quote_destination(order.ship_city, order.ship_department, order.ship_neighborhood,
                                  _goods_total(order))
        if found.known and not found.served:
            raise OrderError(NOT_SERVED, f"Por ahora no hacemos envíos a {found.city}.", {"ciudad": found.city})
        order.shipping_cost = found.cost
    method = payments.get_method(payment_method or order.payment_method) or payments.default_method()
    order.payment_method = method.code if method else ""
    customer = customers.record_for_sale(values, consent=consent)
    for line in order.lines:
        product = line.product
        line.unit_price, line.name, line.sku = product.price, product.name, product.sku
    order.status = OrderStatus.PENDING
    order.channel = channel
    order.customer_id = customer.id
    for key, column in SNAPSHOT.items():
        if column in DESTINATION and (getattr(order, column) or not values.get(key)):
            continue  # the destination chosen on the cart (resolved, priced) stands
        setattr(order, column, values.get(key) or "")
    order.total = sum((ln.unit_price * ln.quantity for ln in order.lines), Decimal("0"))
    order.placed_at = utcnow()
    db.session.flush()
    mail.queue_order_confirmation(order)
    mail.queue_new_order_notice(order)
    metrics.sale_placed(channel)


def _short_message(short: list[dict]) -> str:
    parts = [f"{s['nombre']} (pedido {s['pedido']}, disponibles {s['disponible']})" for s in short]
    return "No hay stock suficiente de: " + "; ".join(parts) + "."


def create_sale(customer_values: dict, items: list[tuple[str, int]], channel: str = "web",
                payment_method: str | None = None) -> Order:
    """A sale from a list of (sku, quantity), all or nothing (the JSON API's POST /ventas/).

    With a `city` in the customer's values the shipping to it is charged."""
    from . import payments
    values = customers.validate(customer_values)
    if payment_method and payments.get_method(payment_method) is None:
        raise OrderError("metodo_pago_invalido", "Ese medio de pago no está disponible.",
                         {"metodos": [m.code for m in payments.enabled_methods()]})
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
    with db.session.begin_nested():
        order = Order(code=new_code(), status=OrderStatus.PENDING, channel=channel)
        for sku, quantity in merged.items():
            product = products[sku]
            order.lines.append(OrderLine(product_id=product.id, sku=sku, name=product.name,
                                         unit_price=product.price, quantity=quantity))
        if values.get("city"):
            found = quote_destination(values["city"], values.get("department"), values.get("neighborhood"))
            if not found.known:
                raise OrderError("ciudad_desconocida", "No reconocemos esa ciudad o municipio.",
                                 {"opciones": found.options})
            order.ship_city, order.ship_department = found.city, found.department
            order.ship_neighborhood = values.get("neighborhood") or ""
        db.session.add(order)
        db.session.flush()
        short = _decrement_stock(order)
        if short:
            raise OrderError("sin_stock", _short_message(short), {"lineas": short})
        _complete(order, {**values, "city": order.ship_city, "department": order.ship_department}, channel,
                  consent=False, payment_method=payment_method)
    return order


# --- after placing --------------------------------------------------------------

def change_status(order: Order, new_status: str) -> Order:
    """Move a placed order along pendiente → confirmada → entregada, or cancel it (stock returns)."""
    if new_status not in TRANSITIONS.get(order.status, set()):
        raise OrderError("transicion_invalida",
                         f"No se puede pasar un pedido de {order.status} a {new_status}.")
    moved = db.session.execute(
        update(Order).where(Order.id == order.id, Order.status == order.status)
        .values(status=new_status, updated_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise OrderError("transicion_invalida", "El pedido cambió mientras tanto; vuelve a intentarlo.")
    if new_status == OrderStatus.CANCELLED:
        for line in order.lines:
            db.session.execute(update(Product).where(Product.id == line.product_id)
                               .values(stock=Product.stock + line.quantity)
                               .execution_options(synchronize_session=False))
    db.session.flush()
    db.session.refresh(order)
    return order


def list_sales(page: int = 1, per_page: int = 20, chat_id: str | None = None,
               status: str | None = None, channel: str | None = None,
               date_from=None, date_to=None, payment_status: str | None = None) -> Page:
    """Placed sales, newest first, with the API's and the admin's filters."""
    query = select(Order).where(Order.status != OrderStatus.CART, Order.placed_at.is_not(None))
    if chat_id:
        query = query.join(Conversation, Order.conversation_id == Conversation.id).where(Conversation.chat_id == chat_id)
    if status:
        query = query.where(Order.status == status)
    if channel:
        query = query.where(Order.channel == channel)
    if payment_status:
        query = query.where(Order.payment_status == payment_status)
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
    """The contract's `pedido` shape: lines with unit price and subtotal, totals and shipping."""
    from ..money import as_json_number
    shipping = order_view.shipping_cost
    with_shipping = order_view.total_with_shipping
    return {"lineas": [{"producto_id": ln.product_id, "sku": ln.sku, "nombre": ln.name, "cantidad": ln.quantity,
                        "precio_unitario": as_json_number(ln.unit_price), "subtotal": as_json_number(ln.subtotal)}
                       for ln in order_view.lines],
            "total": as_json_number(order_view.total),
            "envio": as_json_number(shipping) if shipping is not None else None,
            "total_con_envio": as_json_number(with_shipping) if with_shipping is not None else None}


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
