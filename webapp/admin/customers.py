"""Customers: list, search by name or cédula, detail with history and statistics."""
from __future__ import annotations

from flask import abort, render_template, request

from ..services import backoffice, customers
from . import bp
from .common import paging, render_region


@bp.get("/clientes")
def customers_page():
    q = request.args.get("q", "").strip()[:120]
    page_number, per_page = paging()
    page = customers.list_customers(q=q or None, page=page_number, per_page=per_page)
    return render_region("admin/customers.html", "admin/_customer_table.html", "customer-table", page=page, q=q)


@bp.get("/clientes/<int:customer_id>")
def customer_detail(customer_id: int):
    customer = backoffice.get_customer(customer_id)
    if customer is None:
        abort(404)
    return render_template("admin/customer_detail.html", customer=customer,
                           history=customers.history(customer), stats=customers.statistics(customer))
