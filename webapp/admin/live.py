"""Live conversations: a staff member takes over a chat, writes to the customer in real time, changes
their cart and places the order for them, hands it back."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from .. import realtime
from ..extensions import db
from ..security import current_staff
from ..services import assisted_sale, audit, backoffice, catalog, conversations, orders
from ..services.assisted_sale import AssistedSaleError
from ..services.orders import OrderError
from . import bp

MAX_TEXT = 2000


def _conversation(conversation_id: int):
    conversation = backoffice.get_conversation_by_id(conversation_id)
    if conversation is None:
        abort(404)
    return conversation


def _back(conversation) -> str:
    return url_for("admin.conversation_detail", conversation_id=conversation.id) + "#live-panel"


@bp.post("/conversaciones/<int:conversation_id>/tomar")
def take_over(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    conversations.take_over(conversation, user.id)
    audit.record("conversacion_tomada", f"conversacion:{conversation.id}", user=user.email)
    db.session.commit()
    realtime.staff_event(conversation.chat_id, "takeover", "", user.display_name)
    flash("Ahora atiendes esta conversación; el asistente no responderá hasta que la devuelvas.", "success")
    return redirect(_back(conversation))


@bp.post("/conversaciones/<int:conversation_id>/mensaje")
def write(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    text = (request.form.get("texto") or "").strip()
    if not text or len(text) > MAX_TEXT:
        flash(f"Escribe un mensaje de 1 a {MAX_TEXT} caracteres.", "error")
        return redirect(_back(conversation))
    took_over = conversation.staff_user_id != user.id
    if took_over:
        conversations.take_over(conversation, user.id)
    conversations.add_message(conversation, "asesor", text)
    audit.record("mensaje_asesor", f"conversacion:{conversation.id}", f"{len(text)} caracteres", user=user.email)
    db.session.commit()
    if took_over:
        realtime.staff_event(conversation.chat_id, "takeover", "", user.display_name)
    realtime.staff_event(conversation.chat_id, "message", text, user.display_name)
    return redirect(_back(conversation))


@bp.post("/conversaciones/<int:conversation_id>/devolver")
def hand_back(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    conversations.hand_back(conversation)
    audit.record("conversacion_devuelta", f"conversacion:{conversation.id}", user=user.email)
    db.session.commit()
    realtime.staff_event(conversation.chat_id, "handback", "", user.display_name)
    flash("La conversación volvió al asistente.", "success")
    return redirect(_back(conversation))


# --- the queue of chats waiting for a person (badge in the nav, page) --------------------------

@bp.context_processor
def live_badge():
    """The nav's "Atención en vivo" badge on every admin page (the badge then polls by itself)."""
    return {"handoff_waiting": backoffice.handoff_count()}


@bp.get("/atencion")
def live_queue():
    chats = backoffice.live_queue()
    if request.headers.get("HX-Target") == "live-queue":
        return render_template("admin/_live_queue.html", chats=chats)
    return render_template("admin/live_queue.html", chats=chats)


@bp.get("/atencion/contador")
def live_badge_count():
    """The badge alone (htmx polls it every few seconds); announces new requests to screen readers."""
    return render_template("admin/_live_badge.html", handoff_waiting=backoffice.handoff_count(),
                           previous=request.args.get("antes", type=int))


# --- the customer's cart during a takeover -----------------------------------------------------

def _announce(conversation, user, text: str) -> None:
    """Tell the customer in their chat what the person changed (stored and sent live)."""
    conversations.add_message(conversation, "asesor", text)
    db.session.commit()
    realtime.staff_event(conversation.chat_id, "message", text, user.display_name,
                         units=orders.cart_units(conversation))  # the customer's badge follows


def _cart_back(conversation) -> str:
    return url_for("admin.conversation_detail", conversation_id=conversation.id) + "#cart-panel"


def _attending(conversation, user) -> bool:
    if conversation.staff_user_id != user.id:
        flash("Atiende la conversación antes de cambiar el carrito del cliente.", "error")
        return False
    return True


def _find_product(text: str):
    text = (text or "").strip()[:200]
    if not text:
        return None
    product = catalog.get_by_sku(text.split(" — ")[0].strip())
    if product is None:
        matches = catalog.search(text, limit=1)
        product = catalog.get_product(matches[0].product_id) if matches else None
    return product


@bp.post("/conversaciones/<int:conversation_id>/carrito")
def cart_add(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    if not _attending(conversation, user):
        return redirect(_cart_back(conversation))
    product = _find_product(request.form.get("producto"))
    quantity = request.form.get("cantidad", type=int) or 1
    if product is None:
        flash("No encontramos ese producto; escribe el SKU o el nombre.", "error")
        return redirect(_cart_back(conversation))
    try:
        orders.add_item(conversation, product.id, quantity, channel="chat")
        db.session.commit()
    except OrderError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(_cart_back(conversation))
    audit.record("carrito_asesor", f"conversacion:{conversation.id}", f"{product.sku}: +{quantity}",
                 user=user.email)
    _announce(conversation, user, f"Agregué a tu pedido {quantity} × {product.name}.")
    flash(f"Agregaste {quantity} × {product.name} al carrito del cliente.", "success")
    return redirect(_cart_back(conversation))


@bp.post("/conversaciones/<int:conversation_id>/carrito/<int:product_id>")
def cart_line(conversation_id: int, product_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    if not _attending(conversation, user):
        return redirect(_cart_back(conversation))
    before = {line.product_id: line for line in orders.view(orders.open_order(conversation)).lines}
    line = before.get(product_id)
    if line is None:
        flash("Esa línea ya no está en el carrito.", "error")
        return redirect(_cart_back(conversation))
    remove = request.form.get("accion") == "eliminar"
    quantity = 0 if remove else request.form.get("cantidad", type=int)
    try:
        if remove:
            orders.remove_item(conversation, product_id)
        else:
            orders.set_quantity(conversation, product_id, quantity if quantity is not None else -1, channel="chat")
        db.session.commit()
    except OrderError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(_cart_back(conversation))
    audit.record("carrito_asesor", f"conversacion:{conversation.id}", f"{line.sku}: {line.quantity} → {quantity}",
                 user=user.email)
    if quantity == 0:
        _announce(conversation, user, f"Quité de tu pedido {line.name}.")
        flash(f"Quitaste {line.name} del carrito del cliente.", "success")
    else:
        _announce(conversation, user, f"Cambié tu pedido: ahora son {quantity} × {line.name}.")
        flash(f"{line.name}: ahora {quantity}.", "success")
    return redirect(_cart_back(conversation))


@bp.get("/conversaciones/<int:conversation_id>/productos")
def cart_product_options(conversation_id: int):
    """<option>s for the "add a product" field (htmx fills its datalist as staff type)."""
    _conversation(conversation_id)
    q = (request.args.get("producto") or "").strip()[:200]
    found = catalog.products_by_ids([m.product_id for m in catalog.search(q, partial=True, limit=10)]) if q else []
    return render_template("admin/_product_options.html", products=[p for p in found if p.available])


# --- placing the order for the customer during a takeover -----------------------------------------

@bp.post("/conversaciones/<int:conversation_id>/pedido")
def place_for_customer(conversation_id: int):
    """"Revisar" puts the destination (with its shipping) and the payment method on the cart and
    shows the order; "Hacer el pedido" places exactly the order shown (its token) for the customer."""
    from .conversations import render_conversation
    conversation, user = _conversation(conversation_id), current_staff()
    if conversation.staff_user_id != user.id:
        flash("Atiende la conversación antes de hacer el pedido por el cliente.", "error")
        return redirect(_cart_back(conversation))
    form = request.form
    submitted = {name: (form.get(name) or "")[:300] for name in (*assisted_sale.FORM_FIELDS.values(), "metodo_pago")}
    confirm = form.get("accion") == "confirmar"
    try:
        values, shown = assisted_sale.prepare(conversation, form)
        db.session.commit()  # the destination and method chosen for the cart stand, placed or not
    except AssistedSaleError as exc:
        db.session.rollback()
        return render_conversation(conversation, 422, {"values": submitted, "errors": exc.errors})
    submitted["ciudad"], submitted["departamento"] = values["city"], values["department"]  # as resolved
    if not confirm:
        return render_conversation(conversation, 200, {"values": submitted, "view": shown,
                                                       "message": "Revisa el envío y el total; si el cliente está de acuerdo, haz el pedido."})
    if form.get("autorizacion") != "1":
        return render_conversation(conversation, 422, {"values": submitted, "view": shown, "errors": {
            "autorizacion": "Confirma que el cliente autorizó el tratamiento de sus datos."}})
    try:
        placed = assisted_sale.place(conversation, values, form.get("token", ""), user.email)
        db.session.commit()
    except orders.OrderChanged:
        db.session.rollback()
        return render_conversation(conversation, 409, {
            "values": submitted, "changed": True,
            "message": "El pedido cambió desde que lo revisaste (productos, cantidades, precios o envío). "
                       "No se hizo ningún pedido: revisa el resumen actualizado y confírmalo de nuevo."})
    except OrderError as exc:
        db.session.rollback()
        return render_conversation(conversation, 409 if exc.code in ("sin_stock", "pedido_cerrado") else 422,
                                   {"values": submitted, "errors": {"pedido": exc.message}})
    _announce(conversation, user, assisted_sale.announcement(placed))
    flash(f"Hiciste el pedido #{placed.id} por el cliente; se lo contamos en su chat con el enlace del pedido.",
          "success")
    return redirect(url_for("admin.order_detail", order_id=placed.id))
