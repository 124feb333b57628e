"""Orders: list with filters, detail, status transitions and payment status (the rules live in
services.orders and services.payments)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from .. import htmx
from ..extensions import db
from ..models import OrderStatus, PaymentStatus
from ..services import audit, backoffice, customers, orders, payments
from ..services.orders import OrderError
from ..services.payments import PaymentStatusError
from . import bp
from .common import actor, paging, parse_date, render_region

CHANNELS = ("web", "chat")
STATUSES = tuple(s for s in OrderStatus.ALL if s != OrderStatus.CART)
PAYMENT_STATUSES = PaymentStatus.ALL
ACTIONS = {OrderStatus.CONFIRMED: "Marcar como confirmada", OrderStatus.DELIVERED: "Marcar como entregada",
           OrderStatus.CANCELLED: "Cancelar pedido"}


def _order_or_404(order_id: int):
    order = orders.get_order(order_id)
    if order is None or order.status == OrderStatus.CART:
        abort(404)
    return order


def next_steps(order) -> list[tuple[str, str]]:
    """(new status, button text) for each move the rules allow, cancelling last."""
    allowed = orders.TRANSITIONS.get(order.status, set())
    return [(status, ACTIONS[status]) for status in ACTIONS if status in allowed]


@bp.get("/pedidos")
def orders_page():
    status = request.args.get("estado", "")
    channel = request.args.get("canal", "")
    paid = request.args.get("pago", "")
    date_from, date_to = parse_date(request.args.get("desde")), parse_date(request.args.get("hasta"))
    start, end = backoffice.date_range(date_from, date_to)
    page_number, per_page = paging()
    page = backoffice.list_sales(page=page_number, per_page=per_page,
                                 status=status if status in STATUSES else None,
                                 channel=channel if channel in CHANNELS else None,
                                 payment_status=paid if paid in PAYMENT_STATUSES else None,
                                 date_from=start, date_to=end)
    backoffice.preload_order_relations(page.items)
    filters = {"estado": status if status in STATUSES else "", "canal": channel if channel in CHANNELS else "",
               "pago": paid if paid in PAYMENT_STATUSES else "",
               "desde": date_from.isoformat() if date_from else "", "hasta": date_to.isoformat() if date_to else ""}
    return render_region("admin/orders.html", "admin/_order_table.html", "order-table", page=page,
                         filters=filters, statuses=STATUSES, channels=CHANNELS, payment_statuses=PAYMENT_STATUSES)


@bp.get("/pedidos/<int:order_id>")
def order_detail(order_id: int):
    order = _order_or_404(order_id)
    return render_template("admin/order_detail.html", order=order, view=orders.view(order),
                           differs=customers.snapshot_differs(order),
                           steps=next_steps(order), method=payments.get_method(order.payment_method, only_enabled=False))


@bp.get("/pedidos/<int:order_id>/cancelar")
def order_cancel_confirm(order_id: int):
    """The no-JavaScript confirmation step before cancelling (with JS, hx-confirm asks instead)."""
    order = _order_or_404(order_id)
    if OrderStatus.CANCELLED not in orders.TRANSITIONS.get(order.status, set()):
        flash(f"Un pedido {order.status} no se puede cancelar.", "error")
        return redirect(url_for("admin.order_detail", order_id=order.id))
    return render_template("admin/order_cancel.html", order=order, view=orders.view(order))


@bp.post("/pedidos/<int:order_id>/estado")
def order_status(order_id: int):
    order = _order_or_404(order_id)
    new_status = request.form.get("estado", "")
    old_status = order.status
    error = None
    try:
        orders.change_status(order, new_status)
    except OrderError as exc:
        error = exc.message
    else:
        audit.record("pedido_estado", f"pedido:{order.id}", f"{old_status} → {new_status}", user=actor())
        db.session.commit()
    if htmx.is_htmx():
        return render_template("admin/_order_status.html", order=order, steps=next_steps(order), error=error,
                               message=None if error else f"Pedido #{order.id}: {order.status}.")
    flash(error or f"Pedido #{order.id}: {order.status}.", "error" if error else "success")
    return redirect(url_for("admin.order_detail", order_id=order.id))


# --- payment status -------------------------------------------------------------------------

def _payment_response(order, error: str | None = None, message: str | None = None):
    if htmx.is_htmx():
        return render_template("admin/_order_payment.html", order=order, view=orders.view(order),
                               method=payments.get_method(order.payment_method, only_enabled=False),
                               error=error, message=message)
    flash(error or message, "error" if error else "success")
    return redirect(url_for("admin.order_detail", order_id=order.id) + "#order-payment")


@bp.post("/pedidos/<int:order_id>/pago")
def order_payment(order_id: int):
    """Mark the sale paid (`estado_pago=pagado`) or back to pending (`pendiente`, confirmed first)."""
    order = _order_or_404(order_id)
    wanted = request.form.get("estado_pago", "")
    if wanted not in PAYMENT_STATUSES:
        return _payment_response(order, error="Elige si el pedido quedó pagado o pendiente de pago.")
    try:
        if wanted == PaymentStatus.PAID:
            payments.mark_paid(order, actor())
        else:
            payments.mark_pending(order, actor())
        db.session.commit()
    except PaymentStatusError as exc:
        db.session.rollback()
        return _payment_response(orders.get_order(order_id), error=str(exc))
    message = (f"Pedido #{order.id}: pagado." if order.payment_status == PaymentStatus.PAID
               else f"Pedido #{order.id}: pendiente de pago.")
    return _payment_response(order, message=message)


@bp.get("/pedidos/<int:order_id>/pago/pendiente")
def order_payment_confirm(order_id: int):
    """The no-JavaScript confirmation before taking a "pagado" back (with JS, hx-confirm asks)."""
    order = _order_or_404(order_id)
    if order.payment_status != PaymentStatus.PAID:
        flash(f"El pedido #{order.id} ya está pendiente de pago.", "info")
        return redirect(url_for("admin.order_detail", order_id=order.id))
    return render_template("admin/order_payment_pending.html", order=order, view=orders.view(order))
