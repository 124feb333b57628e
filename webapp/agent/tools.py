"""The functions the assistant may call: thin wrappers over the shop's services.

Both policies (offline and LLM) use these and nothing else to read or change the
shop. Public mode has no customer look-up at all; staff mode adds it.
Every result is plain JSON-able data with prices and stock read fresh.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Conversation, StaffUser
from ..money import as_json_number, format_cop
from flask import current_app

from ..services import catalog, company, conversations, customers, hours, orders, quotes
from ..services.customers import CustomerError
from ..services.orders import OrderError
from ..services.validation import CUSTOMER_FIELDS, REQUIRED, clean_customer

MAX_RESULTS = 8


def product_card(product) -> dict:
    return {"id": product.id, "sku": product.sku, "nombre": product.name,
            "precio": as_json_number(product.price), "precio_texto": format_cop(product.price),
            "stock": product.stock, "disponible": product.available, "categoria": product.category,
            "imagen_url": product.image_url or "", "descripcion": product.description or ""}


@dataclass
class ToolContext:
    conversation: Conversation
    state: dict = field(default_factory=dict)           # the dialogue state, saved after the turn
    staff: StaffUser | None = None
    calls: list[dict] = field(default_factory=list)     # what was called, for review and metrics
    changes: list[dict] = field(default_factory=list)   # order changes the sidebar shows with an undo
    cards: dict[int, dict] = field(default_factory=dict)  # products mentioned this turn
    sale_id: int | None = None
    quote_url: str | None = None
    confirmation: bool = False   # the order was read back for a final "sí"


class Tools:
    """One instance per turn, bound to the conversation (and to a staff user in staff mode)."""

    PUBLIC = ("search_products", "product_details", "list_catalog", "related_products", "view_order",
              "add_to_order", "set_line_quantity", "remove_from_order", "set_customer_details",
              "place_order", "cancel_order", "company_info", "create_quote", "request_human")
    STAFF = PUBLIC + ("lookup_customer",)

    def __init__(self, context: ToolContext):
        self.ctx = context
        self._order: dict | None = None  # this turn's view of the open order

    @property
    def names(self) -> tuple[str, ...]:
        return self.STAFF if self.ctx.staff is not None else self.PUBLIC

    def call(self, name: str, **arguments):
        """Run a tool by name (the LLM's way in); unknown or staff-only names are refused."""
        if name not in self.names:
            return {"error": "herramienta_no_disponible", "detalle": f"La herramienta {name} no está disponible."}
        try:
            return getattr(self, name)(**arguments)
        except TypeError as exc:
            return {"error": "argumentos_invalidos", "detalle": str(exc)}

    def _record(self, name: str, **arguments) -> None:
        self.ctx.calls.append({"tool": name, "args": _loggable(arguments)})

    def _remember(self, products) -> list[dict]:
        cards = [product_card(p) for p in products]
        for card in cards:
            self.ctx.cards[card["id"]] = card
        return cards

    # --- catalogue ---------------------------------------------------------------

    def search_products(self, query: str, category: str | None = None, limit: int = MAX_RESULTS,
                        within: list[int] | None = None) -> list[dict]:
        """Products matching free text, best first, each with how well its name matched."""
        self._record("search_products", query=query, category=category)
        limit = max(1, min(int(limit or MAX_RESULTS), 50))
        matches = catalog.search(str(query or "")[:200], category=category or None, limit=limit * 2,
                                 within=within)[:limit]
        products = {p.id: p for p in catalog.products_by_ids([m.product_id for m in matches])}
        results = []
        for m in matches:
            product = products.get(m.product_id)
            if product is None or not product.available:
                continue
            results.append({**product_card(product), "puntaje": round(m.score, 3),
                            "cobertura": round(m.coverage, 3), "cobertura_nombre": round(m.name_coverage, 3)})
        return results

    def product_details(self, product_id: int) -> dict:
        self._record("product_details", product_id=product_id)
        product = catalog.get_product(product_id)
        if product is None or not product.available:
            return {"error": "producto_no_encontrado", "detalle": "Ese producto no está en el catálogo."}
        return self._remember([product])[0]

    def list_catalog(self, per_category: int = 6) -> dict:
        """Available products grouped by category (a few per category) with totals."""
        self._record("list_catalog")
        grouped: dict[str, dict] = {}
        for category in catalog.categories():
            page = catalog.list_products(category=category, page=1, per_page=per_category)
            grouped[category] = {"total": page.total, "productos": [product_card(p) for p in page.items]}
        return grouped

    def related_products(self, product_id: int, limit: int = 3) -> list[dict]:
        self._record("related_products", product_id=product_id)
        product = catalog.get_product(product_id)
        if product is None:
            return []
        return self._remember(catalog.related_products(product, limit=limit))

    # --- the order (the same one the HTML cart shows) ------------------------------------

    def view_order(self) -> dict:
        """The open order's lines and total (read once per turn until the order changes)."""
        if self._order is None:
            self._record("view_order")
            self._order = orders.view_json(orders.view(orders.open_order(self.ctx.conversation)))
        return self._order

    def _line_change(self, product_id: int, quantity: int, apply) -> dict:
        before = {ln["producto_id"]: ln["cantidad"] for ln in self.view_order()["lineas"]}
        self._order = None
        try:
            order_view = apply()
        except OrderError as exc:
            return {"error": exc.code, "detalle": exc.message, **exc.details}
        self._order = orders.view_json(order_view)
        after = {ln.product_id: ln for ln in order_view.lines}
        line = after.get(product_id)
        product = catalog.get_product(product_id)
        self._remember([product])
        change = {"producto_id": product_id, "nombre": product.name, "antes": before.get(product_id, 0),
                  "despues": line.quantity if line else 0}
        self.ctx.changes.append(change)
        return {"ok": True, "cambio": change, "pedido": orders.view_json(order_view)}

    def add_to_order(self, product_id: int, quantity: int = 1) -> dict:
        self._record("add_to_order", product_id=product_id, quantity=quantity)
        return self._line_change(product_id, quantity, lambda: orders.add_item(
            self.ctx.conversation, _int(product_id), _int(quantity), channel="chat"))

    def set_line_quantity(self, product_id: int, quantity: int) -> dict:
        self._record("set_line_quantity", product_id=product_id, quantity=quantity)
        return self._line_change(product_id, quantity, lambda: orders.set_quantity(
            self.ctx.conversation, _int(product_id), _int(quantity), channel="chat"))

    def remove_from_order(self, product_id: int) -> dict:
        self._record("remove_from_order", product_id=product_id)
        return self._line_change(product_id, 0, lambda: orders.remove_item(self.ctx.conversation, _int(product_id)))

    def cancel_order(self) -> dict:
        self._record("cancel_order")
        self._order = None
        orders.clear_cart(self.ctx.conversation)
        return {"ok": True}

    # --- customer data and placing ----------------------------------------------------------

    def customer_draft(self) -> dict:
        return dict(self.ctx.state.get("customer") or {})

    def set_customer_details(self, **values) -> dict:
        """Keep what the customer gave in this chat; say which fields are invalid or missing."""
        self._record("set_customer_details", fields=sorted(values))
        draft = self.customer_draft()
        incoming = {k: str(v).strip() for k, v in values.items() if k in CUSTOMER_FIELDS and v not in (None, "")}
        cleaned, errors = clean_customer({**draft, **incoming})
        errors = {k: v for k, v in errors.items() if k in incoming or k in draft}
        for key in incoming:
            if key not in errors:
                draft[key] = cleaned.get(key, incoming[key])
            else:
                draft.pop(key, None)
        self.ctx.state["customer"] = draft
        missing = [f for f in REQUIRED if f not in draft]
        return {"datos": draft, "errores": errors, "faltantes": missing}

    def place_order(self) -> dict:
        """Place the open order with the customer data given in this chat (all fields valid)."""
        self._record("place_order")
        self._order = None
        order = orders.open_order(self.ctx.conversation)
        if order is None or not order.lines:
            return {"error": "pedido_vacio", "detalle": "El pedido no tiene productos."}
        try:
            placed = orders.place(order, self.customer_draft(), channel="chat", consent=True)
        except CustomerError as exc:
            return {"error": "datos_invalidos", "detalle": str(exc), "campos": exc.errors}
        except OrderError as exc:
            return {"error": exc.code, "detalle": exc.message, **exc.details}
        self.ctx.sale_id = placed.id
        return {"ok": True, "venta_id": placed.id, "codigo": placed.code,
                "total": as_json_number(placed.total), "pedido": orders.view_json(orders.view(placed))}

    def create_quote(self) -> dict:
        self._record("create_quote")
        order_view = orders.view(orders.open_order(self.ctx.conversation))
        try:
            quote = quotes.create_quote(order_view, self.ctx.conversation)
        except OrderError as exc:
            return {"error": exc.code, "detalle": exc.message}
        self.ctx.quote_url = f"/cotizacion/{quote.code}"
        return {"ok": True, "url": self.ctx.quote_url, "valida_hasta": quote.valid_until.strftime("%d/%m/%Y"),
                "total": as_json_number(quote.total), "pedido": orders.view_json(order_view)}

    # --- the company ----------------------------------------------------------------------------

    def company_info(self, topic: str | None = None) -> dict:
        self._record("company_info", topic=topic)
        if topic:
            found = company.find_section(*TOPIC_WORDS.get(topic, (topic,)))
            if found:
                return {"nombre": company.company_name(), "titulo": found[0], "texto": found[1]}
        return {"nombre": company.company_name(), "secciones": company.sections()}

    def request_human(self) -> dict:
        """Flag the chat for a staff member; says when someone will answer if the shop is closed."""
        self._record("request_human")
        conversations.request_human(self.ctx.conversation)
        config = current_app.config
        return {"ok": True, "proxima_atencion": hours.describe_next_opening(config["OPENING_HOURS"], config["SHOP_TIMEZONE"])}

    # --- staff only --------------------------------------------------------------------------------

    def lookup_customer(self, query: str) -> dict:
        """A customer by cédula or name, with purchase history and statistics (staff mode only)."""
        if self.ctx.staff is None:  # defence in depth: the public tool set does not list it
            return {"error": "no_autorizado", "detalle": "Solo el personal puede consultar clientes."}
        self._record("lookup_customer", query="***")
        query = str(query or "").strip()
        digits = "".join(c for c in query if c.isdigit())
        found = [customers.find_by_cedula(digits)] if len(digits) >= 5 else customers.search_by_name(query)
        found = [c for c in found if c is not None]
        if not found:
            return {"encontrados": 0}
        result = []
        for customer in found[:3]:
            stats = customers.statistics(customer)
            history = customers.history(customer, limit=5)
            result.append({
                "nombre": customer.name, "cedula": customer.cedula, "telefono": customer.phone,
                "email": customer.email, "direccion": customer.address, "barrio": customer.neighborhood,
                "estadisticas": {"compras": stats["compras"], "total_comprado": as_json_number(stats["total_comprado"]),
                                 "ultima_compra": stats["ultima_compra"].strftime("%d/%m/%Y") if stats["ultima_compra"] else None},
                "ventas": [{"id": o.id, "fecha": o.placed_at.strftime("%d/%m/%Y") if o.placed_at else "",
                            "estado": o.status, "total": as_json_number(o.total)} for o in history],
            })
        return {"encontrados": len(found), "clientes": result}


TOPIC_WORDS = {  # words a company profile's section titles use for each topic (matched as substrings)
    "about": ("quienes", "nosotros", "empresa", "historia", "acerca"),
    "contact": ("contact", "telefono", "whatsapp", "correo", "llamanos", "escribenos"),
    "address": ("direccion", "ubicacion", "donde", "sede", "como llegar", "local"),
    "hours": ("horario", "hora", "abrimos", "atendemos"),
    "delivery": ("envio", "domicilio", "entrega", "despacho"),
    "payment": ("pago", "pagar", "medios de pago"),
    "warranty": ("garantia", "devolucion", "cambios"),
    "privacy": ("datos", "privacidad"),
}


def _int(value) -> int:
    if isinstance(value, bool):
        raise OrderError("cantidad_invalida", "Valor inválido.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise OrderError("cantidad_invalida", "Valor inválido.") from None


def _loggable(arguments: dict) -> dict:
    """Tool arguments for storage: customer data is never kept in clear."""
    return {k: (customers.mask(v) if k in CUSTOMER_FIELDS or k == "query" else v) for k, v in arguments.items()}
