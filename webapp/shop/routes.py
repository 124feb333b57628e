"""Catalogue, product, cart, checkout and confirmation pages."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from .. import htmx
from ..extensions import db
from ..models._common import utcnow
from ..services import catalog, company, customers, orders, payments, quotes
from ..services.orders import OrderError
from ..services.pagination import clamp_page
from ..web import browser_conversation, cart_badge_oob, safe_next
from . import bp
from .forms import CheckoutForm


@bp.get("/")
def catalogue():
    q = request.args.get("q", "").strip()[:200]
    category = request.args.get("categoria", "").strip()[:100]
    page_number, per_page = clamp_page(request.args.get("pagina"), current_app.config["PRODUCTS_PER_PAGE"],
                                       current_app.config["PRODUCTS_PER_PAGE"], 60)
    page = catalog.list_products(q=q or None, category=category or None, page=page_number, per_page=per_page)
    context = {"page": page, "q": q, "category": category, "categories": catalog.categories()}
    if htmx.is_htmx() and request.headers.get("HX-Target") == "product-list":
        return htmx.vary(current_app.make_response(render_template("shop/_product_list.html", **context)))
    return htmx.vary(current_app.make_response(render_template("shop/catalogue.html", **context)))


@bp.get("/producto/<int:product_id>")
def product(product_id: int):
    item = catalog.get_product(product_id)
    if item is None or not item.available:
        abort(404)
    return render_template("shop/product.html", product=item, nit=company.nit())


@bp.post("/carrito/agregar")
def add_to_cart():
    conversation = browser_conversation(create=True)
    product_id = request.form.get("product_id", type=int)
    quantity = request.form.get("cantidad", default=1, type=int)
    item = catalog.get_product(product_id)
    try:
        if item is None:  # a missing or impossible id (e.g. over 2^31) never reaches the order rules
            raise OrderError("producto_no_encontrado", "Ese producto no existe.")
        orders.add_item(conversation, product_id, quantity if quantity is not None else 0)
        message, ok = f"Agregaste {quantity} × {item.name} al carrito.", True
    except OrderError as exc:
        message, ok = exc.message, False
    db.session.commit()
    if htmx.is_htmx():
        html = render_template("shop/_add_form.html", product=item, message=message, ok=ok)
        return html + cart_badge_oob(conversation)
    flash(message, "success" if ok else "error")
    return redirect(safe_next(request.form.get("next"), url_for("shop.cart")))


@bp.get("/carrito")
def cart():
    conversation = browser_conversation()
    return render_template("shop/cart.html", order=orders.view(orders.open_order(conversation)))


@bp.post("/carrito/linea/<int:product_id>")
def update_line(product_id: int):
    conversation = browser_conversation(create=True)
    quantity = request.form.get("cantidad", type=int)
    error = None
    try:
        if request.form.get("accion") == "eliminar":
            orders.remove_item(conversation, product_id)
        else:
            orders.set_quantity(conversation, product_id, quantity if quantity is not None else -1)
    except OrderError as exc:
        error = exc.message
    db.session.commit()
    return _cart_response(conversation, error)


def _cart_response(conversation, error: str | None):
    order = orders.view(orders.open_order(conversation))
    if htmx.is_htmx():
        return render_template("shop/_cart.html", order=order, error=error) + cart_badge_oob(conversation)
    if error:
        flash(error, "error")
    return redirect(url_for("shop.cart"))


@bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    conversation = browser_conversation()
    cart_order = orders.open_order(conversation)
    form = CheckoutForm()
    if request.method == "POST":
        placed = orders.get_by_code(form.order_code.data or "")
        if placed is not None and placed.status in orders.OrderStatus.PLACED \
                and conversation is not None and placed.conversation_id == conversation.id:
            return redirect(url_for("shop.confirmation", code=placed.code))  # double submit
    if cart_order is None or not cart_order.lines:
        flash("Tu carrito está vacío.", "info")
        return redirect(url_for("shop.cart"))
    form.offer_payment_methods(payments.enabled_methods(), cart_order.payment_method)
    if request.method == "GET" and not form.ciudad.data:
        form.ciudad.data, form.departamento.data = cart_order.ship_city, cart_order.ship_department
    changed, destination_errors, priced = False, {}, False
    if request.method == "POST":
        before = orders.cart_view(conversation).token
        destination_errors = _apply_destination(conversation, form)
        priced = orders.cart_view(conversation).token != before and form.order_token.data == before
    if form.validate_on_submit() and not destination_errors:
        try:
            placed = orders.place(orders.open_order(conversation), form.customer_values(), channel="web",
                                  expected_token=form.order_token.data or "", payment_method=form.metodo_pago.data)
            db.session.commit()
            return redirect(url_for("shop.confirmation", code=placed.code))
        except orders.OrderChanged:
            changed = True
        except customers.CustomerError as exc:
            form.add_errors(exc.errors)
        except OrderError as exc:
            if exc.code == orders.NOT_SERVED:
                destination_errors["ciudad"] = exc.message
            else:
                flash(exc.message, "error")
    elif request.method == "POST":
        try:
            customers.validate(form.customer_values())
        except customers.CustomerError as exc:
            form.add_errors(exc.errors)
    db.session.commit()  # the destination chosen stays on the cart
    order_view = orders.cart_view(conversation)
    form.order_code.data = cart_order.code
    form.order_token.data = order_view.token
    return render_template("shop/checkout.html", form=form, order=order_view, changed=changed and not priced,
                           priced=changed and priced, destination_errors=destination_errors,
                           methods=payments.enabled_methods())


@bp.post("/checkout/resumen")
def checkout_summary():
    """htmx: the summary after the destination changes (shipping and the new total, the new token)."""
    conversation = browser_conversation()
    if orders.open_order(conversation) is None:
        return "", 204
    form = CheckoutForm()
    errors = _apply_destination(conversation, form) if form.ciudad.data else {}
    db.session.commit()
    return render_template("shop/_checkout_summary.html", order=orders.cart_view(conversation),
                           destination_errors=errors, oob_token=True)


def _apply_destination(conversation, form) -> dict:
    """Put the form's destination on the cart; the field errors when it cannot be served."""
    city = (form.ciudad.data or "").strip()
    if not city:
        return {"ciudad": "Escribe el municipio o la ciudad de entrega."}
    found = orders.set_destination(conversation, city, form.departamento.data, form.barrio.data)
    if not found.known:
        options = ", ".join(found.options)
        return {"ciudad": f"Hay varios municipios con ese nombre ({options}): elige el departamento."
                if options else "No reconocemos ese municipio; escríbelo de nuevo o búscalo en la lista."}
    if not found.served:
        return {"ciudad": f"Por ahora no hacemos envíos a {found.city}."}
    return {}


@bp.get("/pedido/<code>")
def confirmation(code: str):
    order = orders.get_by_code(code)
    if order is None or order.status == orders.OrderStatus.CART:
        abort(404)
    return render_template("shop/confirmation.html", order=order, view=orders.view(order),
                           method=payments.get_method(order.payment_method, only_enabled=False),
                           instructions=payments.payment_instructions(order.payment_method))


@bp.get("/privacidad")
def privacy():
    section = company.find_section("datos", "privacidad")
    return render_template("shop/privacy.html", section=section)


@bp.get("/cotizacion/<code>")
def quote(code: str):
    item = quotes.get_by_code(code)
    if item is None:
        abort(404)
    return render_template("shop/quote.html", quote=item, profile=company.sections(),
                           expired=item.valid_until < utcnow(), valid_until=quotes.valid_until_text(item),
                           nit=company.nit(), customer=quotes.customer_name(item))
