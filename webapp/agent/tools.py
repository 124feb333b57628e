"""The functions the assistant may call — each defined once, here — as thin wrappers over services.

A tool is a function decorated with `@tool`: its name, description (the docstring's first
paragraph), parameter descriptions (the docstring's `Args:` lines) and JSON schema (the type
hints) all come from the function itself, as in openai-agents-python's `function_schema`.
The decorator also says who may call it: the public, staff only, and whether an LLM is
offered it (placing, cancelling and taking the customer's data stay with the deterministic
dialogue). Results are small dataclasses; `to_json()` gives what a model or an API sees.

Both policies (offline and LLM) reach the shop only through a `Toolbox` bound to one turn.
"""
from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import asdict, dataclass, field, is_dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Literal

from flask import current_app

from ..models import Conversation, StaffUser
from ..money import as_json_number, format_cop
from ..services import catalog, company, conversations, customers, hours, orders, quotes
from ..services.customers import CustomerError, mask as mask_value
from ..services.orders import OrderChanged, OrderError
from ..services.validation import CUSTOMER_FIELDS, REQUIRED, clean_customer
from .state import DialogueState

MAX_RESULTS = 8


# --- results -----------------------------------------------------------------------------------

def _jsonable(value):
    if isinstance(value, Decimal):
        return as_json_number(value)
    if is_dataclass(value):
        return {k: _jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


class Result:
    def to_json(self) -> dict:
        return _jsonable(self)


@dataclass
class ToolError(Result):
    code: str
    detail: str
    params: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return False


@dataclass
class ProductCard(Result):
    id: int
    sku: str
    name: str
    price: Decimal
    stock: int
    category: str
    image_url: str = ""
    description: str = ""
    synonyms: str = ""
    score: float = 0.0
    coverage: float = 0.0
    name_coverage: float = 0.0

    ok = True

    @property
    def price_text(self) -> str:
        return format_cop(self.price)

    def card(self) -> dict:
        """The sidebar's product card (contract field names)."""
        return {"id": self.id, "sku": self.sku, "nombre": self.name, "precio": as_json_number(self.price),
                "precio_texto": self.price_text, "stock": self.stock, "disponible": True,
                "categoria": self.category, "imagen_url": self.image_url, "descripcion": self.description}

    def to_json(self) -> dict:
        return {**self.card(), **({"puntaje": round(self.score, 3), "cobertura": round(self.coverage, 3),
                                  "cobertura_nombre": round(self.name_coverage, 3)} if self.score else {})}


@dataclass
class LineChange(Result):
    product_id: int
    name: str
    before: int
    after: int
    order: "OrderSummary | None" = None
    ok = True

    def change(self) -> dict:
        """The sidebar's undo entry (contract field names)."""
        return {"producto_id": self.product_id, "nombre": self.name, "antes": self.before, "despues": self.after}

    def to_json(self) -> dict:
        """What a model sees: the change and the order with its new totals."""
        return {"ok": True, "cambio": self.change(), "pedido": self.order.contract() if self.order else None}


@dataclass
class OrderLineSummary(Result):
    product_id: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class OrderSummary(Result):
    lines: list[OrderLineSummary]
    total: Decimal
    shipping: Decimal | None
    token: str
    payment_method: str = ""
    city: str = ""
    ok = True

    @property
    def total_with_shipping(self) -> Decimal | None:
        return None if self.shipping is None else self.total + self.shipping

    @property
    def units(self) -> int:
        return sum(ln.quantity for ln in self.lines)

    def contract(self) -> dict:
        """The contract's `pedido` shape."""
        with_shipping = self.total_with_shipping
        return {"lineas": [{"producto_id": ln.product_id, "sku": ln.sku, "nombre": ln.name, "cantidad": ln.quantity,
                            "precio_unitario": as_json_number(ln.unit_price), "subtotal": as_json_number(ln.subtotal)}
                           for ln in self.lines],
                "total": as_json_number(self.total),
                "envio": as_json_number(self.shipping) if self.shipping is not None else None,
                "total_con_envio": as_json_number(with_shipping) if with_shipping is not None else None}


@dataclass
class Placed(Result):
    sale_id: int
    code: str
    total: Decimal
    order: OrderSummary
    ok = True


@dataclass
class QuoteResult(Result):
    url: str
    valid_until: str
    total: Decimal
    order: OrderSummary
    ok = True


@dataclass
class CategoryBlock(Result):
    category: str
    total: int
    products: list[ProductCard]


@dataclass
class CompanyAnswer(Result):
    shop: str
    passages: list[str]
    title: str = ""
    ok = True


@dataclass
class ShippingAnswer(Result):
    city: str
    known: bool
    served: bool
    cost: Decimal | None
    days: int | None
    free: bool = False
    free_from: Decimal | None = None
    options: list[str] = field(default_factory=list)
    ok = True


@dataclass
class PaymentChoice(Result):
    code: str
    name: str
    instructions: str = ""
    ok = True


@dataclass
class DraftResult(Result):
    values: dict
    errors: dict
    missing: list[str]
    ok = True


@dataclass
class HandoffResult(Result):
    next_opening: str | None
    ok = True


@dataclass
class SaleStatus(Result):
    sale_id: int
    status: str
    city: str
    total: Decimal
    days: int | None = None
    ok = True


@dataclass
class CustomerRecord(Result):
    name: str
    cedula: str
    phone: str
    email: str
    address: str
    neighborhood: str
    purchases: int
    total_bought: Decimal
    last_purchase: str | None
    sales: list[dict]

    def masked(self) -> dict:
        """What a model may see: history and figures, contact data masked."""
        data = self.to_json()
        for key in ("cedula", "phone", "email", "address", "neighborhood"):
            data[key] = mask_value(data[key])
        return data


# --- the registry ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    name: str
    fn: Callable
    description: str
    schema: dict
    staff_only: bool = False
    llm: bool = True
    changes_order: bool = False


TOOLS: dict[str, Tool] = {}
_PY_TO_JSON = {str: "string", int: "integer", bool: "boolean", float: "number"}


def _param_docs(doc: str) -> tuple[str, dict[str, str]]:
    description, _, rest = (doc or "").partition("\nArgs:")
    params = {}
    for line in rest.splitlines():
        match = re.match(r"\s+(\w+):\s*(.+)", line)
        if match:
            params[match.group(1)] = match.group(2).strip()
    return " ".join(description.split()), params


def _json_type(hint) -> dict:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _json_type(inner[0])
    if origin is Literal:
        values = list(typing.get_args(hint))
        return {"type": _PY_TO_JSON[type(values[0])], "enum": values}
    return {"type": _PY_TO_JSON.get(hint, "string")}


def schema_of(fn: Callable) -> tuple[str, dict]:
    """(description, JSON schema of the parameters) from a tool function's docstring and hints."""
    description, docs = _param_docs(inspect.getdoc(fn) or "")
    hints = typing.get_type_hints(fn)
    properties, required = {}, []
    for name, parameter in list(inspect.signature(fn).parameters.items())[1:]:  # the first is the context
        spec = _json_type(hints.get(name, str))
        if name in docs:
            spec["description"] = docs[name]
        properties[name] = spec
        if parameter.default is inspect.Parameter.empty:
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return description, schema


def tool(*, staff_only: bool = False, llm: bool = True, changes_order: bool = False):
    def register(fn: Callable) -> Callable:
        description, schema = schema_of(fn)
        TOOLS[fn.__name__] = Tool(fn.__name__, fn, description, schema, staff_only, llm, changes_order)
        return fn
    return register


def clean_arguments(name: str, arguments) -> dict:
    """Only the declared parameters reach a tool, with their declared types; raises ValueError."""
    if not isinstance(arguments, dict):
        raise ValueError(f"los argumentos de {name} no son un objeto")
    properties = TOOLS[name].schema.get("properties", {})
    cleaned = {}
    for key, value in arguments.items():
        spec = properties.get(key)
        if spec is None or value is None:
            continue
        kind = spec["type"]
        if kind == "integer":
            cleaned[key] = _integer(key, value)
        elif kind == "boolean":
            if not isinstance(value, bool):
                raise ValueError(f"{key} debe ser verdadero o falso")
            cleaned[key] = value
        else:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(f"{key} debe ser texto")
            cleaned[key] = str(value)[:200]
        if "enum" in spec and cleaned[key] not in spec["enum"]:
            cleaned.pop(key)
    missing = [k for k in TOOLS[name].schema.get("required", []) if k not in cleaned]
    if missing:
        raise ValueError("faltan argumentos: " + ", ".join(missing))
    return cleaned


def _integer(key: str, value) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{key} debe ser un número entero")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise ValueError(f"{key} debe ser un número entero")


# --- the turn's context and toolbox ------------------------------------------------------------

@dataclass
class ToolContext:
    conversation: Conversation
    state: DialogueState = field(default_factory=DialogueState)
    staff: StaffUser | None = None
    calls: list[dict] = field(default_factory=list)      # what was called, for review and metrics
    changes: list[LineChange] = field(default_factory=list)  # order changes the sidebar offers to undo
    cards: dict[int, ProductCard] = field(default_factory=dict)  # products shown this turn
    sale_id: int | None = None
    sale_code: str | None = None
    quote_url: str | None = None
    confirmation: bool = False      # the order was read back for a final "sí"
    changes_allowed: bool = True    # False on a question turn: a question never changes the order
    shown_token: str | None = None  # the order the sidebar's "Confirmar pedido" button showed
    order: OrderSummary | None = None  # this turn's view of the open order (reset by changes)

    def mention(self, cards) -> None:
        for card in cards:
            self.cards[card.id] = card


class Toolbox:
    """The tools bound to one turn: `box.search_products(query="…")` or `box.call(name, **args)`."""

    def __init__(self, context: ToolContext):
        self.ctx = context

    @property
    def names(self) -> tuple[str, ...]:
        staff = self.ctx.staff is not None
        return tuple(name for name, t in TOOLS.items() if staff or not t.staff_only)

    def llm_tools(self) -> list[Tool]:
        return [TOOLS[name] for name in self.names if TOOLS[name].llm]

    def call(self, name: str, /, **arguments):
        tool_ = TOOLS.get(name)
        if tool_ is None or name not in self.names:
            return ToolError("herramienta_no_disponible", f"La herramienta {name} no está disponible.")
        if tool_.changes_order and not self.ctx.changes_allowed:
            return ToolError("no_cambia_pedido", "Una pregunta no cambia el pedido; no se hizo ningún cambio.")
        self.ctx.calls.append({"tool": name, "args": _loggable(arguments)})
        try:
            return tool_.fn(self.ctx, **arguments)
        except TypeError as exc:
            return ToolError("argumentos_invalidos", str(exc))

    def __getattr__(self, name: str):
        if name in TOOLS:
            return lambda **arguments: self.call(name, **arguments)
        raise AttributeError(name)

    def peek_order(self) -> OrderSummary:
        """The open order without recording a call (the engine's own reads)."""
        return _order(self.ctx)


def _loggable(arguments: dict) -> dict:
    """Tool arguments for storage: customer data is never kept in clear."""
    return {k: (mask_value(v) if k in CUSTOMER_FIELDS or k in ("query", "phone") else v) for k, v in arguments.items()}


def _card(product, match=None) -> ProductCard:
    return ProductCard(id=product.id, sku=product.sku, name=product.name, price=product.price, stock=product.stock,
                       category=product.category or "", image_url=product.image_url or "",
                       description=product.description or "", synonyms=product.synonyms or "",
                       score=match.score if match else 0.0, coverage=match.coverage if match else 0.0,
                       name_coverage=match.name_coverage if match else 0.0)


def _summary(order_view, city: str = "") -> OrderSummary:
    return OrderSummary(lines=[OrderLineSummary(ln.product_id, ln.sku, ln.name, ln.quantity, ln.unit_price)
                               for ln in order_view.lines],
                        total=order_view.total, shipping=order_view.shipping_cost, token=order_view.token,
                        payment_method=order_view.payment_method, city=city)


def _order(ctx: ToolContext) -> OrderSummary:
    if ctx.order is None:
        cart = orders.open_order(ctx.conversation)
        ctx.order = _summary(orders.view(cart), cart.ship_city if cart else "")
    return ctx.order


# --- catalogue ----------------------------------------------------------------------------------

@tool()
def search_products(ctx: ToolContext, query: str, category: str | None = None, limit: int = MAX_RESULTS,
                    within: str | None = None) -> list[ProductCard]:
    """Busca productos del catálogo por texto libre (nombre, tipo, atributos como talla, color o
    presentación). Devuelve id, nombre, precio, stock y categoría, los mejores primero. Úsala antes de
    hablar de cualquier producto o precio.

    Args:
        query: Lo que busca el cliente, con sus palabras.
        category: Categoría exacta para filtrar (opcional).
        limit: Máximo de resultados (1 a 20).
        within: Ids de producto separados por comas para buscar solo entre ellos (opcional).
    """
    limit = max(1, min(int(limit or MAX_RESULTS), 20))
    if isinstance(within, (list, tuple)):
        ids = [int(i) for i in within]
    else:
        ids = [int(i) for i in str(within).split(",") if i.strip().isdigit()] if within else None
    matches = catalog.search(str(query or "")[:200], category=category or None, limit=limit * 2, within=ids)
    products = {p.id: p for p in catalog.products_by_ids([m.product_id for m in matches])}
    found = [_card(products[m.product_id], m) for m in matches
             if m.product_id in products and products[m.product_id].available]
    return found[:limit]


@tool()
def product_details(ctx: ToolContext, product_id: int) -> ProductCard | ToolError:
    """Datos actuales de un producto: precio, stock y descripción.

    Args:
        product_id: El id del producto (campo «id» de search_products).
    """
    product = catalog.get_product(product_id)
    if product is None or not product.available:
        return ToolError("producto_no_encontrado", "Ese producto no está en el catálogo.")
    card = _card(product)
    ctx.mention([card])
    return card


@tool()
def list_catalog(ctx: ToolContext, per_category: int = 3, category: str | None = None) -> list[CategoryBlock]:
    """Las líneas (categorías) del catálogo con cuántos productos tiene cada una y algunos ejemplos.

    Args:
        per_category: Productos de ejemplo por categoría (1 a 20).
        category: Una categoría exacta para ver solo esa línea (opcional).
    """
    per_category = max(1, min(int(per_category or 3), 20))
    blocks = []
    for category in [c for c in catalog.categories() if category is None or c == category]:
        page = catalog.list_products(category=category, page=1, per_page=per_category)
        blocks.append(CategoryBlock(category, page.total, [_card(p) for p in page.items]))
    return blocks


@tool()
def related_products(ctx: ToolContext, product_id: int, limit: int = 3) -> list[ProductCard]:
    """Productos relacionados con uno dado (misma clase de producto o comprados juntos); útil si algo
    está agotado o el cliente duda.

    Args:
        product_id: El id del producto.
        limit: Cuántos sugerir (1 a 10).
    """
    product = catalog.get_product(product_id)
    if product is None:
        return []
    cards = [_card(p) for p in catalog.related_products(product, limit=max(1, min(int(limit or 3), 10)))]
    ctx.mention(cards)
    return cards


# --- the order (the same one the HTML cart shows) -------------------------------------------------

@tool()
def view_order(ctx: ToolContext) -> OrderSummary:
    """El pedido actual del cliente (el mismo del carrito de la tienda): líneas, subtotales, total,
    envío si ya se conoce el destino."""
    return _order(ctx)


def _change(ctx: ToolContext, product_id, apply) -> LineChange | ToolError:
    before = {ln.product_id: ln.quantity for ln in _order(ctx).lines}
    try:
        order_view = apply()
    except OrderError as exc:
        return ToolError(exc.code, exc.message, dict(exc.details))
    ctx.order = _summary(order_view)
    ctx.state.order_changed()
    after = {ln.product_id: ln.quantity for ln in order_view.lines}
    product = catalog.get_product(product_id)
    card = _card(product)
    ctx.mention([card])
    change = LineChange(product.id, product.name, before.get(product.id, 0), after.get(product.id, 0), ctx.order)
    ctx.changes.append(change)
    ctx.state.focus = product.id
    return change


@tool(changes_order=True)
def add_to_order(ctx: ToolContext, product_id: int, quantity: int) -> LineChange | ToolError:
    """Agrega unidades de un producto al pedido (se suman a las que ya tenga). Rechaza cantidades mayores
    al stock e informa lo disponible.

    Args:
        product_id: El id del producto (campo «id» de search_products).
        quantity: Unidades a agregar (1 a 1000).
    """
    return _change(ctx, product_id, lambda: orders.add_item(ctx.conversation, product_id, quantity, channel="chat"))


@tool(changes_order=True)
def set_line_quantity(ctx: ToolContext, product_id: int, quantity: int) -> LineChange | ToolError:
    """Fija la cantidad total de un producto en el pedido.

    Args:
        product_id: El id del producto.
        quantity: Cantidad final (1 a 1000).
    """
    return _change(ctx, product_id, lambda: orders.set_quantity(ctx.conversation, product_id, quantity,
                                                                  channel="chat"))


@tool(changes_order=True)
def remove_from_order(ctx: ToolContext, product_id: int) -> LineChange | ToolError:
    """Quita un producto del pedido.

    Args:
        product_id: El id del producto.
    """
    return _change(ctx, product_id, lambda: orders.remove_item(ctx.conversation, product_id, channel="chat"))


@tool(changes_order=True, llm=False)
def cancel_order(ctx: ToolContext) -> OrderSummary:
    """Cancela el pedido abierto (no mueve inventario)."""
    orders.clear_cart(ctx.conversation)
    ctx.order = None
    return _order(ctx)


@tool(llm=False)
def set_customer_details(ctx: ToolContext, name: str | None = None, cedula: str | None = None,
                         phone: str | None = None, email: str | None = None, address: str | None = None,
                         neighborhood: str | None = None, delivery_notes: str | None = None,
                         city: str | None = None) -> DraftResult:
    """Guarda los datos de entrega que el cliente dio en este chat; dice cuáles faltan o no son válidos."""
    given = {"name": name, "cedula": cedula, "phone": phone, "email": email, "address": address,
             "neighborhood": neighborhood, "delivery_notes": delivery_notes, "city": city}
    draft = dict(ctx.state.customer)
    incoming = {k: str(v).strip() for k, v in given.items() if v not in (None, "")}
    cleaned, errors = clean_customer({**draft, **incoming})
    errors = {k: v for k, v in errors.items() if k in incoming}
    for key in incoming:
        if key in errors:
            draft.pop(key, None)
        else:
            draft[key] = cleaned.get(key, incoming[key])
    ctx.state.customer = draft
    return DraftResult(values=draft, errors=errors, missing=[f for f in REQUIRED if f not in draft])


@tool(llm=False, changes_order=True)
def place_order(ctx: ToolContext, expected_token: str) -> Placed | ToolError:
    """Coloca el pedido tal como se le leyó al cliente (el token de esa lectura), con sus datos."""
    order = orders.open_order(ctx.conversation)
    if order is None or not order.lines:
        return ToolError("pedido_vacio", "El pedido no tiene productos.")
    try:
        placed = orders.place(order, ctx.state.customer, channel="chat", consent=True, expected_token=expected_token)
    except OrderChanged as exc:
        ctx.order = None
        return ToolError("pedido_cambiado", exc.message, {"token": exc.current.token})
    except CustomerError as exc:
        return ToolError("datos_invalidos", str(exc), {"campos": exc.errors})
    except OrderError as exc:
        ctx.order = None
        return ToolError(exc.code, exc.message, dict(exc.details))
    ctx.order = None
    ctx.sale_id, ctx.sale_code = placed.id, placed.code
    summary = _summary(orders.view(placed))
    return Placed(placed.id, placed.code, placed.total, summary)


@tool()
def create_quote(ctx: ToolContext) -> QuoteResult | ToolError:
    """Crea una cotización imprimible del pedido actual (devuelve su enlace y vigencia). Primero agrega
    los productos con add_to_order."""
    order_view = orders.cart_view(ctx.conversation)
    try:
        quote = quotes.create_quote(order_view, ctx.conversation)
    except OrderError as exc:
        return ToolError(exc.code, exc.message)
    ctx.quote_url = f"/cotizacion/{quote.code}"
    return QuoteResult(ctx.quote_url, quotes.valid_until_text(quote), quote.total, _summary(order_view))


@tool()
def shipping_quote(ctx: ToolContext, city: str, department: str | None = None,
                   neighborhood: str | None = None) -> ShippingAnswer:
    """Cuánto cuesta y cuánto tarda el envío a un municipio, para el pedido actual (gratis desde cierto
    valor en algunas zonas; algunos barrios o veredas tienen su propia tarifa).

    Args:
        city: El municipio o ciudad, como lo escribió el cliente.
        department: El departamento, si lo dijo.
        neighborhood: El barrio o la vereda, si lo dijo.
    """
    found = orders.quote_destination(city, department, neighborhood, _order(ctx).total)
    return ShippingAnswer(found.city, found.known, found.served, found.cost, found.days, found.free,
                          found.free_from, found.options)


def find_zone_barrio(text: str) -> tuple[str, str] | None:
    """(municipality, barrio) when the text names a barrio or vereda with its own delivery zone (a
    data look-up, not a tool of the models)."""
    from ..services import shipping
    found = shipping.find_zone_barrio(text)
    return (found[0].name, found[1]) if found else None


def find_place(text: str) -> tuple[str, str] | None:
    """(municipality, department) a text names, for a quote that must not ask again which of two
    towns of that name (a data look-up, not a tool of the models)."""
    from ..services import shipping
    place = shipping.find_municipality(text)
    return (place.name, place.department) if place else None


def towns_in_name(name: str) -> set[str]:
    """The municipality codes a product's name holds ("Transporte de equipo Soledad (ida y regreso)")
    (a data look-up, not a tool of the models)."""
    from ..services import places
    return places.named_municipalities(name)


def catalogue_names_towns() -> bool:
    """Some product's name holds a municipality's name (a data look-up, not a tool of the models)."""
    return catalog.names_towns()


def town_said(text: str) -> str | None:
    """The municipality code of the one town a message names, by its name or by a barrio with its own
    delivery zone ("vivo en Laureles") (a data look-up, not a tool of the models)."""
    from ..services import shipping
    place = shipping.find_municipality(text)
    return place.code if place else None


def find_city(text: str, whole: bool = False, served_only: bool = False) -> str | None:
    """The municipality a text names (a data look-up, not a tool of the models). With `whole`, only
    when the text is just the place ("Bucaramanga", "en Tuluá", "Palmira, Valle del Cauca"); with
    `served_only`, only a place the shop delivers to (a barrio may share a town's name)."""
    from ..services import shipping
    from ..services.text import tokens
    place = shipping.find_municipality(text)
    if place is None:
        return None
    if served_only and not shipping.quote(place).served:
        return None
    if whole:
        allowed = set(tokens(place.name)) | set(tokens(place.department)) | {"en", "de", "ciudad", "municipio"}
        if not set(tokens(text)) <= allowed:
            return None
    return place.name


@tool(changes_order=True)
def set_destination(ctx: ToolContext, city: str, department: str | None = None,
                    neighborhood: str | None = None) -> ShippingAnswer | ToolError:
    """Fija el municipio de entrega del pedido; el envío del pedido queda calculado.

    Args:
        city: El municipio o ciudad de entrega.
        department: El departamento, si lo dijo.
        neighborhood: El barrio, si lo dijo (algunas zonas cobran distinto por barrio).
    """
    found = orders.set_destination(ctx.conversation, city, department, neighborhood, channel="chat")
    if not found.known:
        return ShippingAnswer(city, False, False, None, None, options=found.options)
    ctx.order = None
    ctx.state.customer["city"] = found.city
    return ShippingAnswer(found.city, True, found.served, found.cost, found.days, found.free, found.free_from)


@tool()
def payment_methods(ctx: ToolContext) -> list[PaymentChoice]:
    """Los medios de pago que acepta la tienda, con sus instrucciones."""
    from ..services import payments
    return [PaymentChoice(m.code, m.name, m.instructions) for m in payments.enabled_methods()]


@tool(changes_order=True)
def set_payment_method(ctx: ToolContext, method: str) -> PaymentChoice | ToolError:
    """Elige el medio de pago del pedido (uno de payment_methods).

    Args:
        method: El código o el nombre del medio de pago (por ejemplo «nequi» o «contra entrega»).
    """
    from ..services import payments
    option = payments.get_method(method) or payments.find_method(method, only_enabled=False)
    if option is None or not option.enabled:
        return ToolError("metodo_pago_invalido", "Ese medio de pago no está disponible.",
                         {"metodos": ", ".join(m.name for m in payments.enabled_methods())})
    orders.set_payment_method(ctx.conversation, option.code, channel="chat")
    ctx.order = None
    return PaymentChoice(option.code, option.name, option.instructions)


def catalogue_names_hold(word: str) -> bool:
    """Some product's name holds the word ("… desde 20 bolsas") (a data look-up, not a tool of the models)."""
    return catalog.names_hold(word)


def hidden_products() -> tuple[tuple[str, str], ...]:
    """(name, synonyms) of the products taken off sale (a data look-up, not a tool of the models)."""
    return catalog.hidden_products()


def catalogue_spelling(word: str) -> str | None:
    """The catalogue's word a misspelt one stands for (a data look-up, not a tool of the models)."""
    return catalog.spelled_as(word)


def catalogue_words(stems: set[str]) -> set[str]:
    """Those of these word stems some product's words hold, whole or as their start (a data look-up,
    not a tool of the models): a search for a word no product has cannot find a product by it."""
    return catalog.words_known(stems)


RARE_IN_PROFILE = 2  # a word in more passages of the profile than this is the shop's everyday vocabulary


def profile_terms() -> types.MappingProxyType[str, int]:
    """Each word stem of the company profile → in how many of its passages it appears (a data
    look-up, not a tool of the models): a rare profile word the catalogue's names lack names a
    service or a policy ("¿forran cuadernos?", "¿tienen agrónomo?")."""
    return _profile_terms(company.profile_text())


@lru_cache(maxsize=8)
def _profile_terms(text: str) -> types.MappingProxyType[str, int]:
    """`profile_terms()` of one profile text, counted once (read-only: it is shared)."""
    from ..services.text import content_stems
    counts: dict[str, int] = {}
    for passage in company.split_passages(text):
        for term in dict.fromkeys([*content_stems(passage.text), *content_stems(passage.title)]):
            counts[term] = counts.get(term, 0) + 1  # in the profile's own order: the same in every process
    return types.MappingProxyType(counts)


REFUSAL = re.compile(r"(?i)\bno\s+(?:se\s+|lo\s+|la\s+|los\s+|las\s+)?([a-záéíóúñ]+)")
SENTENCE_END = re.compile(r"(?<=[.;])\s+|\n")


def profile_refusals() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The profile's sentences that say what the shop does not do or sell ("no vende agua en
    carrotanque", "no compramos oro"), each with the verbs it negates (a data look-up, not a tool of
    the models)."""
    return _profile_refusals(company.profile_text())


@lru_cache(maxsize=8)
def _profile_refusals(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    found = []
    for passage in company.split_passages(text):
        for sentence in SENTENCE_END.split(passage.text):
            sentence = LIST_MARK.sub("", sentence).strip()
            negated = tuple(m.group(1).lower() for m in REFUSAL.finditer(sentence))
            if sentence and negated:
                found.append((sentence, negated))
    return tuple(found)


def profile_lines(words: set[str], need: int) -> list[str]:
    """The lines of the company profile that start with at least `need` of these word stems (a data
    look-up, not a tool of the models): a rule the profile states about one product or service
    ("Chocolate de cobertura: solo se despacha …")."""
    from ..services.text import content_stems
    found = []
    for passage in company.passages():
        for line in passage.text.splitlines():
            line = LIST_MARK.sub("", line).strip()
            head = set(content_stems(line.split(":")[0])) if ":" in line else set(content_stems(line)[:need + 1])
            if words and len(words & head) >= need:
                found.append(line)
    return found


LIMIT = re.compile(r"\bm[aá]ximo (\w+) (?:[\w.]+ ){0,5}?por (?:cliente|persona|pedido|compra)\b", re.IGNORECASE)


def profile_all_lines() -> tuple[str, ...]:
    """Every line of the company profile, list marks removed (a data look-up, not a tool of the models)."""
    return _profile_all_lines(company.profile_text())


@lru_cache(maxsize=8)
def _profile_all_lines(text: str) -> tuple[str, ...]:
    return tuple(LIST_MARK.sub("", line).strip() for passage in company.split_passages(text)
                 for line in passage.text.splitlines() if line.strip())


PROPER_NAME = re.compile(r"(?<![.!?]\s)(?<!^)(?<![\w-])([A-ZÁÉÍÓÚÑ][\w-]*|[A-Za-z]+\d[\w-]*)")


def proper_names(text: str) -> frozenset[str]:
    """The names a text writes with a capital or with a model number inside a sentence ("… de 4 o 5
    puestos: Spark, Picanto, N300"), folded: a customer's word found among them names that thing,
    where an everyday word ("decorar", "mesas") never does."""
    from ..services.text import fold, tokens
    return frozenset(w for m in PROPER_NAME.finditer(text or "")
                     if not (m.group(1).isalpha() and m.group(1).isupper() and len(m.group(1)) > 3)
                     # ("perfume ORIGINAL de la marca": a word stressed, no name)
                     for w in {fold(m.group(1)).lower(), *tokens(m.group(1))} if len(w) > 1 and not w.isdigit())


def profile_kinds() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The profile's lines that list what belongs to a kind ("- Camioneta: SUV o pick-up (Duster,
    Tracker, Hilux)"): the kind's words and the listed words, each a word of one line only (a data
    look-up, not a tool of the models)."""
    return _profile_kinds(company.profile_text())


@lru_cache(maxsize=8)
def _profile_kinds(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    from ..services.text import STOPWORDS, tokens
    kinds = []
    for line in _profile_all_lines(text):
        label, colon, body = line.partition(":")
        if not colon or body.count(",") < 2 or len(label.split()) > 3:
            continue
        kinds.append((frozenset(w for w in tokens(label) if w not in STOPWORDS),
                      frozenset(w for w in proper_names(body) if w not in STOPWORDS)))
    seen: dict[str, int] = {}
    for _, listed in kinds:
        for w in listed:
            seen[w] = seen.get(w, 0) + 1
    return tuple((label, frozenset(w for w in listed if seen[w] == 1)) for label, listed in kinds if label)


YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def profile_since(markers: frozenset[str]) -> str | None:
    """The profile's sentence that says since when the shop exists: a year and one of the markers
    ("… en Barranquilla desde 2009", "fundada en 1987"); a data look-up, not a tool of the models."""
    from ..services.text import fold
    for passage in company.passages():
        for sentence in re.split(r"(?<=[.!?])\s+|\n", passage.text):
            if YEAR.search(sentence) and set(re.findall(r"\w+", fold(sentence))) & markers:
                return LIST_MARK.sub("", sentence).strip()
    return None


def profile_limits() -> tuple[tuple[frozenset[str], int], ...]:
    """(word stems of the line, N) for each line of the company profile that limits how many one
    customer may buy ("El café Geisha se vende máximo 2 bolsas de 250 g por cliente"): a data look-up,
    not a tool of the models."""
    return _profile_limits(company.profile_text())


@lru_cache(maxsize=4)
def _profile_limits(text: str) -> tuple[tuple[frozenset[str], int], ...]:
    """Read once per profile text, not on every line added."""
    from ..services.text import content_stems
    from .understanding.numbers import words_to_int
    found = []
    for line in text.splitlines():
        match = LIMIT.search(line)
        amount = words_to_int(match.group(1).lower()) if match else None
        if amount:
            found.append((frozenset(content_stems(line)), amount))
    return tuple(found)


LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def find_payment(text: str) -> PaymentChoice | None:
    """The payment method a text names, enabled or not (pure look-up, not a tool of the models)."""
    from ..services import payments
    option = payments.find_method(text)
    return PaymentChoice(option.code, option.name if option.enabled else "", option.instructions) if option else None


@tool()
def order_status(ctx: ToolContext) -> SaleStatus | ToolError:
    """El último pedido confirmado en esta conversación: su estado y a dónde va."""
    sale = orders.latest_sale(ctx.conversation)
    if sale is None:
        return ToolError("sin_pedidos", "No hay pedidos confirmados en esta conversación.")
    days = orders.quote_destination(sale.ship_city, sale.ship_department).days if sale.ship_city else None
    return SaleStatus(sale.id, sale.status, sale.ship_city or "", sale.total, days)


# --- the company -----------------------------------------------------------------------------------

@tool()
def company_info(ctx: ToolContext, question: str, topic: Literal["about", "address", "contact", "hours",
                 "delivery", "payment", "returns", "invoice", "trade_in", "discounts", "services", "privacy",
                 "age"] | None = None,
                 terms: str | None = None, one_line: bool = False) -> CompanyAnswer:
    """Información de la empresa tomada de su perfil (quiénes son, dirección, contacto, horarios, envíos,
    pagos, cambios y garantía, facturación, compra o empeño de artículos del cliente, descuentos y precios
    por mayor, servicios, datos personales, edad mínima para comprar): los pasajes que responden.

    Args:
        question: La pregunta del cliente, con sus palabras.
        topic: El tema, si se sabe.
        terms: Palabras clave adicionales separadas por espacios (opcional).
        one_line: Solo la línea de una lista que responde, si una sola lo hace (p. ej. el precio de un servicio).
    """
    words = f"{question} {terms or ''}".strip()
    facts = {"address": ("address",), "contact": ("contact",), "hours": ("hours",), "payment": ("payment",),
             "invoice": ("invoice",), "services": ("price",), "about": ("since",), "age": ("age",)}.get(topic or "", ())
    found = company.find_passages(words, limit=2, facts=facts, one_line=one_line)
    return CompanyAnswer(company.company_name(), [p.text for p in found], found[0].title if found else "")


@tool()
def request_human(ctx: ToolContext, phone: str | None = None) -> HandoffResult:
    """Avisa a un asesor para que atienda este chat (o llame al cliente si deja su celular); dice cuándo
    responderá si la tienda está cerrada.

    Args:
        phone: Celular al que el cliente pide que lo llamen (opcional).
    """
    from ..services import mail
    conversations.request_human(ctx.conversation)
    mail.queue_handoff_notice(ctx.conversation, phone=phone)
    config = current_app.config
    return HandoffResult(hours.describe_next_opening(config["OPENING_HOURS"], config["SHOP_TIMEZONE"]))


# --- staff only -------------------------------------------------------------------------------------

@tool(staff_only=True)
def lookup_customer(ctx: ToolContext, query: str) -> list[CustomerRecord] | ToolError:
    """Solo personal de la tienda: busca un cliente por cédula o nombre, con su historial de compras y
    estadísticas.

    Args:
        query: Cédula o nombre del cliente.
    """
    if ctx.staff is None:  # defence in depth: the public toolbox does not list it
        return ToolError("no_autorizado", "Solo el personal puede consultar clientes.")
    query = str(query or "").strip()
    digits = "".join(c for c in query if c.isdigit())
    found = [customers.find_by_cedula(digits)] if len(digits) >= 5 else customers.search_by_name(query)
    records = []
    for customer in [c for c in found if c is not None][:3]:
        stats = customers.statistics(customer)
        records.append(CustomerRecord(
            customer.name, customer.cedula, customer.phone, customer.email, customer.address,
            customer.neighborhood, stats["compras"], stats["total_comprado"],
            stats["ultima_compra"].strftime("%d/%m/%Y") if stats["ultima_compra"] else None,
            [{"id": o.id, "fecha": o.placed_at.strftime("%d/%m/%Y") if o.placed_at else "", "estado": o.status,
              "total": as_json_number(o.total)} for o in customers.history(customer, limit=5)]))
    return records


def declared(staff: bool) -> list[tuple[str, str, dict]]:
    """(name, description, JSON schema) of each tool offered to a model, in registry order."""
    return [(t.name, t.description, t.schema) for t in TOOLS.values() if t.llm and (staff or not t.staff_only)]

