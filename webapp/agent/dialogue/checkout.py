"""Checkout in the chat: collect and check the customer's data, read the order back, place it.

The sale is placed only by a "sí" answering the read-back of exactly the current order (the
read-back's token goes to `services.orders.place`, which refuses anything else); a "sí"
said earlier moves the sale forward but never places it.
"""
from __future__ import annotations

import re

from ...money import format_cop
from ...services.validation import FIELD_LABELS, REQUIRED
from ..state import Pending, PendingKind, Stage
from ..tools import OrderSummary, Placed, ProductCard, ToolError
from .turn import Turn

DRAFT_ORDER = ("name", "cedula", "phone", "email", "address", "neighborhood", "city", "delivery_notes")


def start(t: Turn) -> None:
    """The customer wants to close the purchase."""
    if not t.order().lines:
        t.state.wants_to_buy = True
        t.ask("ask_product")
        return
    t.state.start_checkout()
    t.state.ready = True
    _privacy(t)
    proceed(t)


def _privacy(t: Turn) -> None:
    if not t.state.privacy_shown:
        t.say("privacy_notice")
        t.state.privacy_shown = True


def proceed(t: Turn, errors: dict | None = None) -> None:
    """Ask for what is missing or wrong, or read the order back when everything is there."""
    draft = t.state.customer
    missing = [f for f in REQUIRED if f not in draft]
    if t.state.stage not in (Stage.COLLECTING, Stage.CONFIRMING):
        t.state.start_checkout()
    if errors:
        for field, raw in errors.items():
            t.say_text(_invalid(t, field, raw) + " " + t.v.say("ask_again", label=FIELD_LABELS.get(field, field)))
        still = [FIELD_LABELS[f] for f in missing if f not in errors]
        if still:
            t.say("also_missing", fields=", ".join(still))
        t.state.pending = Pending(PendingKind.FIELD, field=next(iter(errors)))
        t.asked = True
        return
    if missing:
        t.state.pending = Pending(PendingKind.FIELD, field=missing[0])
        if len(missing) == 1 or (len(missing) < len(REQUIRED) and draft):
            t.ask(f"ask.{missing[0]}")
        else:
            t.ask("ask_all_data", fields=", ".join(FIELD_LABELS[f] for f in missing))
        return
    if t.state.dropped is not None:
        _ask_dropped(t)
        return
    read_back(t)


def _ask_dropped_offer(t: Turn, pending: Pending) -> None:
    """"¿Te agrego esas 5?" left unanswered: asked once more before the read-back."""
    card = t.box.product_details(product_id=pending.product_id)
    if not isinstance(card, ProductCard) or card.stock <= 0 or any(
            ln.product_id == card.id for ln in t.order().lines):
        read_back(t)
        return
    pending.blocking = True
    pending.quantity = min(pending.quantity or card.stock, card.stock)
    t.state.pending = pending
    t.mention([card])
    t.ask("before_readback_offer", name=card.name, quantity=pending.quantity)


def _ask_dropped(t: Turn) -> None:
    """A product asked for whose choice was never answered: asked once more before the read-back,
    so no line the customer wanted is left out silently."""
    pending, t.state.dropped = t.state.dropped, None
    if pending.kind == PendingKind.OFFER:
        _ask_dropped_offer(t, pending)
        return
    cards = [c for c in (t.box.product_details(product_id=i) for i in pending.options) if isinstance(c, ProductCard)]
    if len(cards) == 1 and not any(ln.product_id == cards[0].id for ln in t.order().lines):
        pending.blocking = True  # "¿cuántas unidades de …?" never answered: asked before the read-back
        t.state.pending = pending
        t.mention(cards)
        t.ask("before_readback_how_many", name=cards[0].name)
        return
    if len(cards) < 2:
        read_back(t)
        return
    pending.blocking = True
    t.state.pending = pending
    t.mention(cards)
    t.say_text(t.v.say("before_readback", phrase=pending.phrase or cards[0].name) + "\n" + t.v.option_lines(cards))
    t.asked = True


def _invalid(t: Turn, field: str, raw: str | None) -> str:
    text = t.v.say(f"invalid.{field}") if t.v.has(f"invalid.{field}") else t.v.error("datos_invalidos")
    return f"«{raw}»: {text}" if raw else text


def read_back(t: Turn, changed: bool = False) -> None:
    """Lines, totals, shipping, payment and delivery data; then the one question that can place it."""
    order = t.box.view_order()
    draft = t.state.customer
    data = ", ".join(draft[f] for f in DRAFT_ORDER if draft.get(f))
    parts = [t.v.say("readback_changed" if changed else "readback"), t.v.order_lines(order)]
    parts += _shipping_lines(t, order)
    method = _payment_name(t, order)
    if method:
        parts.append(t.v.say("payment_line", method=method))
    parts.append(t.v.say("delivery_line", data=data))
    t.say_text("\n".join(parts))
    t.state.ask(Pending(PendingKind.READBACK, token=order.token))
    t.box.ctx.confirmation = True
    t.ask("confirm_question")


def _payment_name(t: Turn, order: OrderSummary) -> str:
    """The payment method chosen for the order, or the shop's default (what placing will record)."""
    methods = t.box.payment_methods()
    chosen = next((m for m in methods if m.code == order.payment_method), None)
    return (chosen or (methods[0] if methods else None)).name if (chosen or methods) else ""


def _shipping_lines(t: Turn, order: OrderSummary) -> list[str]:
    if order.shipping is None:
        return [t.v.say("shipping_pending_line")]
    city = order.city or t.state.customer.get("city", "")
    line = t.v.say("shipping_free_line", city=city) if order.shipping == 0 else \
        t.v.say("shipping_line", city=city, cost=format_cop(order.shipping))
    return [line, t.v.say("total_with_shipping_line", total=format_cop(order.total_with_shipping))]


def take_data(t: Turn) -> None:
    """Customer data in the message (one field, several, or a correction)."""
    expected = t.state.pending.field if t.state.pending and t.state.pending.kind == PendingKind.FIELD else None
    data = t.s.data(expected)
    values = dict(data.values)
    ending = _new_ending(t)
    if ending:  # "no, el celular termina en 45": the number given, with that ending
        data = type(data)(ending, {})
        values = dict(ending)
    from ..tools import find_city
    if find_city(t.s.text, whole=True) or (expected == "city" and find_city(t.s.text)):
        values = {}  # "Palmira": the city, and nothing else (not a name)
    elif "name" in values and t.state.customer.get("name") and expected != "name" \
            and not t.s.message.has("customer_field.name"):
        values.pop("name")  # a loose word never replaces the name already given
    values = _place_and_payment(t, values)
    result = t.box.set_customer_details(**values) if values else None
    errors = dict(result.errors) if result else {}
    for field, raw in data.invalid.items():
        errors.setdefault(field, raw)
    errors = {field: (data.invalid.get(field) or data.values.get(field)) for field in errors}
    got = [FIELD_LABELS[f] for f in values if f not in errors]
    if got:
        t.say("noted", fields=", ".join(got))
    if not t.order().lines:
        for field, raw in errors.items():
            t.say_text(_invalid(t, field, raw))
        if t.state.dropped is not None:
            _ask_dropped(t)
            return
        t.say("data_kept")
        t.asked = True
        return
    _privacy(t)
    if t.state.stage == Stage.CONFIRMING:  # a correction after the read-back: read it back again
        t.state.release()
    if t.state.unserved:  # ask for a place the shop reaches before reading back
        t.state.pending = Pending(PendingKind.FIELD, field="city")
        t.ask("ask_other_city")
        return
    if t.state.ask_city and not errors and all(f in t.state.customer for f in REQUIRED):
        t.state.ask_city = False  # "…, Leticia": the barrio or a town we do not reach? ask
        t.state.pending = Pending(PendingKind.FIELD, field="city")
        t.ask("ask.city")
        return
    proceed(t, errors)


def _place_and_payment(t: Turn, values: dict) -> dict:
    """A municipality written among the data is the city (not the barrio); "pago por nequi" is the
    payment method (not a delivery note). The destination goes on the order, with its shipping."""
    from ..tools import find_city, find_payment
    city = values.get("city")
    if not city and (_asked_for("city", t) or find_city(t.s.text, whole=True)):
        city = find_city(t.s.text)
    if not city and values.get("address"):
        values["address"], city, barrio = _town_at_end(values["address"])
        if barrio and not values.get("neighborhood"):
            values["neighborhood"] = barrio  # "calle 57 # 17-30 chapinero bogota": the barrio before the town
    labelled_barrio = t.s.message.has("customer_field.neighborhood")
    doubtful = None  # a town the shop does not reach, where the barrio goes ("Leticia" or "San Fernando"?)
    for field in ("neighborhood", "delivery_notes", "city"):
        if field == "neighborhood" and labelled_barrio:
            continue  # "barrio La Cumbre" is a barrio even where a town has that name
        pieces = [p.strip() for p in (values.get(field) or "").split(",") if p.strip()]
        kept = []
        for piece in pieces:
            found = find_city(piece, whole=True, served_only=field == "neighborhood")
            if field == "neighborhood" and not found and find_city(piece, whole=True):
                doubtful = piece
            if found:
                city = city if field != "city" and city else found
            elif find_payment(piece) and len(piece.split()) <= 5:
                continue  # "pago por nequi" is the payment method, chosen below
            else:
                kept.append(piece)
        if field != "city":
            if kept:
                values[field] = ", ".join(kept)
            else:
                values.pop(field, None)
    if city:
        values["city"] = city
        _go_to(t, city, values.get("neighborhood") or t.state.customer.get("neighborhood"))
    elif doubtful and not t.state.customer.get("city"):
        t.state.ask_city = True
    if find_payment(t.s.text):
        _choose_payment(t, t.s.text)
    return values


def _town_at_end(address: str) -> tuple[str, str | None, str | None]:
    """"Calle 56 # 31-12 Bucaramanga": the municipality written after the house number; "calle 57 #
    17-30 chapinero bogota": the words between them are the barrio. (address, city, barrio)."""
    from ..tools import find_city
    words = address.split()
    last_number = max((k for k, w in enumerate(words) if any(c.isdigit() for c in w)), default=None)
    if last_number is None or last_number == len(words) - 1:
        return address, None, None
    for start in range(last_number + 1, len(words)):
        city = find_city(" ".join(words[start:]), whole=True)
        if city:
            between = " ".join(words[last_number + 1:start]).strip(" ,")
            return " ".join(words[:last_number + 1]), city, between or None
    return address, None, None


def _asked_for(field: str, t: Turn) -> bool:
    pending = t.state.pending
    return pending is not None and pending.kind == PendingKind.FIELD and pending.field == field


def gives_city(t: Turn) -> bool:
    """The answer to "¿a qué ciudad…?" ("Cali", "a Palmira porfa"), or just a town during checkout."""
    from ..tools import find_city
    if _asked_for("city", t):
        return find_city(t.s.text) is not None
    return find_city(t.s.text, whole=True) is not None


def _go_to(t: Turn, city: str, barrio: str | None = None) -> None:
    result = t.box.set_destination(city=city, neighborhood=barrio)
    if isinstance(result, ToolError) or not result.known:
        return
    t.state.unserved = not result.served
    if not result.served:
        t.say("shipping_not_served", city=result.city)
        t.state.customer.pop("city", None)


def _choose_payment(t: Turn, text: str) -> None:
    from ..tools import find_payment
    wanted = find_payment(text)
    if wanted is None:
        return
    result = t.box.set_payment_method(method=wanted.code)
    if isinstance(result, ToolError):
        t.say("payment_unknown", methods=result.params.get("metodos", ""))


def choose_payment(t: Turn) -> None:
    """"pago por nequi", "mejor contra entrega": the order's payment method."""
    _choose_payment(t, t.s.text)
    order = t.order()
    if t.state.in_checkout and order.lines:
        t.state.release() if t.state.pending and t.state.pending.kind == PendingKind.READBACK else None
        proceed(t)
        return
    method = _payment_name(t, order)
    if method:
        t.say("payment_set", method=method)
    if t.s.finish and order.lines:  # "listo, eso es todo, pago por transferencia": and the data next
        start(t)


def data_first(t: Turn) -> None:
    """Data given before any checkout (e.g. in the first message)."""
    _privacy(t)
    take_data(t)


ENDING = re.compile(r"\btermina(?:ba)?\s+en\s+(?:el\s+)?(\d{1,4})\b")


def _new_ending(t: Turn) -> dict[str, str] | None:
    """"el celular termina en 45", "la cédula termina en 890": the number already given, with its
    last digits replaced (only for a field named and already given)."""
    found = ENDING.search(t.s.message.norm)
    if not found:
        return None
    for field in ("phone", "cedula"):
        current = t.state.customer.get(field)
        if t.s.message.has(f"customer_field.{field}") and current and len(found.group(1)) < len(current):
            digits = found.group(1)
            return {field: current[:-len(digits)] + digits}
    return None


def _names_a_size(m, name: str) -> bool:
    """"mejor el número 34": the word is followed by a short number, a size or a model, not a field."""
    words = m.words
    return all(end < len(words) and words[end].isdigit() and len(words[end]) <= 4 for _, end in m.find(name))


def correction_without_value(t: Turn) -> bool:
    """"no, el celular termina en 4": a field named with no usable value → ask for it whole."""
    from ..understanding.message import Message
    if _new_ending(t):
        take_data(t)
        return True
    labels = {"phone": "customer_field.phone", "cedula": "customer_field.cedula", "email": "customer_field.email",
              "address": "customer_field.address", "name": "customer_field.name"}
    m: Message = t.s.message
    for field, name in labels.items():
        if m.has(name) and not _names_a_size(m, name):
            t.state.pending = Pending(PendingKind.FIELD, field=field)
            t.ask("whole_number", label=FIELD_LABELS[field])
            return True
    return False


def answer_readback(t: Turn) -> bool:
    """"sí" right after the read-back places exactly that order; "no" asks what to change."""
    s = t.s
    token = t.state.readback_token
    other = s.items or s.swap or s.removals is not None or s.fewer is not None or s.quantity_change or s.cancel \
        or s.quote or s.data().found  # ("ay no, quítele un repelente": one less, not a plain "no")
    if s.confirm and not other and not s.deny and not s.question:  # ("ajá y eso llega mañana?": answered first)
        shown = t.box.ctx.shown_token
        place(t, token if shown is None or shown == token else shown)
        return True
    if s.deny and not other and not s.question:  # "¿me las cambian si no me quedan?" is a question
        t.state.release()
        t.ask("not_confirmed")
        return True
    return False


def place(t: Turn, token: str) -> None:
    result = t.box.place_order(expected_token=token)
    if isinstance(result, Placed):
        t.state.closed(result.sale_id)
        t.say_text(t.v.order_lines(result.order))
        link, shipping = f"/pedido/{result.code}", result.order.shipping
        if shipping:  # what the customer pays, as the read-back said it ("Total con envío: $113.000")
            t.say("placed_with_shipping", sale_id=result.sale_id, total=format_cop(result.total + shipping),
                  shipping=format_cop(shipping), link=link)
        else:
            t.say("placed", sale_id=result.sale_id, total=format_cop(result.total), link=link)
        return
    if result.code == "pedido_cambiado":
        read_back(t, changed=True)
        return
    if result.code == "datos_invalidos":
        proceed(t, {field: t.state.customer.get(field) for field in result.params.get("campos", {})})
        return
    if result.code == "sin_cobertura":
        t.say("shipping_not_served", city=result.params.get("ciudad", ""))
        t.state.release()
        t.state.pending = Pending(PendingKind.FIELD, field="city")
        t.ask("ask_other_city")
        return
    t.state.leave_checkout()
    t.say_text(t.v.error(result.code, **{k: v for k, v in result.params.items() if isinstance(v, (str, int))}))
    if isinstance(result, ToolError) and result.code == "sin_stock":
        t.say_text(result.detail)
    t.ask("adjust_order")
