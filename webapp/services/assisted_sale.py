"""A sale placed by a staff member for the customer of a chat they are attending.

Two steps, like the checkout: `prepare` checks the customer's data, the destination and the
payment method, and puts the destination (with its shipping) and the method on the cart; the
page then shows that order and its `token`. `place` places exactly that order through
`orders.place(..., channel="chat", consent=True, expected_token=token)`: if anything changed
in between (the customer changed the cart in the chat, a price moved), `orders.OrderChanged`
and nothing is placed. Functions flush; the view commits.
"""
from __future__ import annotations

from decimal import Decimal

from ..extensions import db
from ..models import Conversation, Order
from ..money import format_cop
from . import audit, backoffice, customers, orders, payments, shipping

# the model's customer keys → the form's names (the checkout's and the API's)
FORM_FIELDS = {"name": "nombre", "cedula": "cedula", "phone": "telefono", "email": "email",
               "address": "direccion", "neighborhood": "barrio", "city": "ciudad", "department": "departamento",
               "delivery_notes": "indicaciones_entrega"}
MAX_FIELD = 300


class AssistedSaleError(ValueError):
    """Form field name → Spanish message (the admin speaks tú)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def prefill(conversation: Conversation, order: Order | None) -> dict[str, str]:
    """The form's starting values: what the chat knows about the customer, the cart's destination
    and payment method (or the shop's first method)."""
    known = backoffice.chat_customer(conversation)
    values = {form: known.get(attr, "") for attr, form in FORM_FIELDS.items()}
    if order is not None:
        for attr, column in (("city", "ship_city"), ("department", "ship_department"),
                             ("neighborhood", "ship_neighborhood")):
            if getattr(order, column):
                values[FORM_FIELDS[attr]] = getattr(order, column)
    method = payments.get_method(order.payment_method) if order is not None and order.payment_method else None
    method = method or payments.default_method()
    values["metodo_pago"] = method.code if method else ""
    return values


def _text(form, name: str) -> str:
    return str(form.get(name) or "").strip()[:MAX_FIELD]


def prepare(conversation: Conversation, form) -> tuple[dict, orders.OrderView]:
    """Check the form (all fields at once) and put its destination and payment method on the cart.

    Returns the customer values for `place` and the order as it now stands (with shipping);
    the cart's version only moves when the destination, its cost or the method change."""
    order = orders.open_order(conversation)
    if order is None or not order.lines:
        raise AssistedSaleError({"pedido": "El carrito del cliente está vacío: agrega productos antes de hacer el pedido."})
    values = {attr: _text(form, name) for attr, name in FORM_FIELDS.items()}
    errors: dict[str, str] = {}
    try:
        values = customers.validate(values)
    except customers.CustomerError as exc:
        errors.update({FORM_FIELDS.get(attr, attr): message for attr, message in exc.errors.items()})
    found = None
    if not values.get("city"):
        errors["ciudad"] = "Escribe el municipio de entrega."
    else:
        goods = orders.view(order).total
        found = shipping.quote(values["city"], values.get("department") or None, values.get("neighborhood") or None,
                               goods_total=goods)
        if not found.known or not found.served:
            errors["ciudad"] = found.describe()
    method = payments.get_method(_text(form, "metodo_pago"))
    if method is None:
        errors["metodo_pago"] = "Elige uno de los medios de pago activos."
    if errors:
        raise AssistedSaleError(errors)
    place = found.municipality
    values["city"], values["department"] = place.name, place.department
    wanted = (place.name, place.department, values.get("neighborhood") or order.ship_neighborhood or "",
              found.cost, method.code)
    current = (order.ship_city, order.ship_department, order.ship_neighborhood or "", order.shipping_cost,
               order.payment_method)
    if wanted != current:
        with db.session.begin_nested():
            # the same lock and version bump as every change to a cart (refused once it is placed)
            locked = orders._locked_cart(conversation, "chat", create=False)
            if locked is None:
                raise AssistedSaleError({"pedido": "El cliente ya no tiene un carrito abierto."})
            (locked.ship_city, locked.ship_department, locked.ship_neighborhood, locked.shipping_cost,
             locked.payment_method) = wanted
    return values, orders.view(orders.open_order(conversation))


def place(conversation: Conversation, values: dict, token: str, user: str) -> Order:
    """Place the cart exactly as shown (`token`), for the customer, audit-logged. Raises
    `orders.OrderChanged` (nothing placed) or `orders.OrderError`."""
    order = orders.open_order(conversation)
    if order is None:
        raise orders.OrderError("pedido_cerrado", "El cliente ya no tiene un carrito abierto.")
    placed = orders.place(order, values, channel="chat", consent=True, expected_token=token or "")
    audit.record("pedido_asesor", f"pedido:{placed.id}",
                 f"conversacion:{conversation.id} · {placed.payment_method or 'sin medio de pago'}", user=user)
    db.session.flush()
    return placed


def announcement(order: Order) -> str:
    """What the customer reads in the chat once the order is placed for them."""
    view = orders.view(order)
    lines = [f"Listo, hice tu pedido #{order.id}:"]
    lines += [f"• {ln.quantity} × {ln.name}: {format_cop(ln.subtotal)}" for ln in view.lines]
    shipping_cost: Decimal | None = order.shipping_cost
    if shipping_cost is None:
        lines.append(f"Productos: {format_cop(order.total)} · Envío: por confirmar")
    else:
        shipping_text = "gratis" if shipping_cost == 0 else format_cop(shipping_cost)
        lines.append(f"Envío: {shipping_text} · **Total: {format_cop(order.total + shipping_cost)}**")
    method = payments.get_method(order.payment_method, only_enabled=False)
    if method is not None:
        lines.append(f"Pago: {method.name}. {method.instructions}".strip())
    lines.append(f"Puedes verlo aquí: /pedido/{order.code}")
    return "\n".join(lines)
