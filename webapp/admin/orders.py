"""Orders: list with filters, detail, status transitions (the rules live in services.orders)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from .. import htmx
from ..models import OrderStatus
from ..services import audit, backoffice, customers, orders
from ..services.orders import OrderError
from . import bp
from .common import actor, paging, parse_date, render_region

CHANNELS = ("web", "chat")
STATUSES = tuple(s for s in OrderStatus.ALL if s != OrderStatus.CART)
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
    date_from, date_to = parse_date(request.args.get("desde")), parse_date(request.args.get("hasta"))
    start, end = backoffice.date_range(date_from, date_to)
    page_number, per_page = paging()
    page = orders.list_sales(page=page_number, per_page=per_page,
                             status=status if status in STATUSES else None,
                             channel=channel if channel in CHANNELS else None, date_from=start, date_to=end)
    backoffice.preload_order_relations(page.items)
    filters = {"estado": status if status in STATUSES else "", "canal": channel if channel in CHANNELS else "",
               "desde": date_from.isoformat() if date_from else "", "hasta": date_to.isoformat() if date_to else ""}
    return render_region("admin/orders.html", "admin/_order_table.html", "order-table", page=page,
                         filters=filters, statuses=STATUSES, channels=CHANNELS)


@bp.get("/pedidos/<int:order_id>")
def order_detail(order_id: int):
    order = _order_or_404(order_id)
    return render_template("admin/order_detail.html", order=order, view=orders.view(order),
                           differs=customers.snapshot_differs(order),
                           steps=next_steps(order))


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
    if htmx.is_htmx():
        return render_template("admin/_order_status.html", order=order, steps=next_steps(order), error=error,
                               message=None if error else f"Pedido #{order.id}: {order.status}.")
    flash(error or f"Pedido #{order.id}: {order.status}.", "error" if error else "success")
    return redirect(url_for("admin.order_detail", order_id=order.id))
