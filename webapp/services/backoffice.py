"""The back office's own needs: page data loaded without N+1 queries, the preview of a
catalogue upload (what each row would change) and the staff's stock adjustment."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Conversation, Customer, Message, Order, OrderStatus, Product
from .catalog import ERASABLE, MAX_STOCK, ImportResult, ProductError, read_catalog_csv
from .dashboard import day_start
from .pagination import Page


# --- orders ----------------------------------------------------------------------------

def preload_order_relations(orders: list[Order]) -> None:
    """Load the customers and conversations of a page of orders in two queries and attach
    them, so `order.customer` and `order.chat_id` cost no further query per row."""
    customer_ids = {o.customer_id for o in orders if o.customer_id}
    conversation_ids = {o.conversation_id for o in orders if o.conversation_id}
    customers = {c.id: c for c in db.session.scalars(
        select(Customer).where(Customer.id.in_(customer_ids)))} if customer_ids else {}
    chats = {c.id: c for c in db.session.scalars(
        select(Conversation).where(Conversation.id.in_(conversation_ids)))} if conversation_ids else {}
    for order in orders:
        set_committed_value(order, "customer", customers.get(order.customer_id))
        set_committed_value(order, "conversation", chats.get(order.conversation_id))


def date_range(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """Shop days (both inclusive) to the naive-UTC bounds `orders.list_sales` filters on."""
    return (day_start(date_from) if date_from else None,
            day_start(date_to + timedelta(days=1)) if date_to else None)


# --- customers ---------------------------------------------------------------------------

def get_customer(customer_id) -> Customer | None:
    try:
        return db.session.get(Customer, int(customer_id))
    except (TypeError, ValueError, OverflowError):
        return None


# --- conversations --------------------------------------------------------------------------

@dataclass
class ConversationRow:
    conversation: Conversation
    messages: int
    last_text: str = ""
    orders: list[Order] = field(default_factory=list)


def list_conversations(q: str | None = None, page: int = 1, per_page: int = 20,
                       only_with_messages: bool = True, handoff: bool = False) -> Page:
    """Conversations, most recent first, each with its message count, last message and placed orders."""
    counts = (select(Message.conversation_id, func.count(Message.id).label("n"), func.max(Message.id).label("last"))
              .group_by(Message.conversation_id).subquery())
    query = select(Conversation, func.coalesce(counts.c.n, 0), counts.c.last).outerjoin(
        counts, counts.c.conversation_id == Conversation.id)
    if only_with_messages:
        query = query.where(counts.c.n > 0)
    if handoff:
        query = query.where(Conversation.handoff_requested.is_(True))
    if q and q.strip():
        query = query.where(Conversation.chat_id.contains(q.strip()[:64]))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(Conversation.updated_at.desc(), Conversation.id.desc())
                              .offset((page - 1) * per_page).limit(per_page)).all()
    last_ids = [last for _, _, last in rows if last]
    texts = {i: t for i, t in db.session.execute(select(Message.id, Message.text).where(Message.id.in_(last_ids)))} \
        if last_ids else {}
    by_conversation: dict[int, list[Order]] = {}
    ids = [c.id for c, _, _ in rows]
    if ids:
        for order in db.session.scalars(select(Order).where(Order.conversation_id.in_(ids),
                                                            Order.status != OrderStatus.CART).order_by(Order.id)):
            by_conversation.setdefault(order.conversation_id, []).append(order)
    items = [ConversationRow(c, n, texts.get(last, ""), by_conversation.get(c.id, [])) for c, n, last in rows]
    return Page(items, total, page, per_page)


def get_conversation_by_id(conversation_id) -> Conversation | None:
    try:
        return db.session.get(Conversation, int(conversation_id))
    except (TypeError, ValueError, OverflowError):
        return None


def conversation_orders(conversation: Conversation) -> list[Order]:
    """Orders that came out of a conversation (the open cart included), newest first."""
    return list(db.session.scalars(select(Order).where(Order.conversation_id == conversation.id)
                                   .order_by(Order.id.desc())))


# --- catalogue upload preview ----------------------------------------------------------------

PREVIEW_FIELDS = [("name", "nombre"), ("description", "descripción"), ("price", "precio"),
                  ("category", "categoría"), ("stock", "stock"), ("available", "disponible"),
                  ("image_url", "imagen"), ("synonyms", "sinónimos")]


@dataclass
class RowChange:
    line: int
    sku: str
    name: str
    action: str  # nuevo | actualizado | sin cambios
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # (label, old, new)
    price: Decimal | None = None  # what a new product will cost
    erasures: list[tuple[str, str]] = field(default_factory=list)  # (label, current value) a blank cell erases


@dataclass
class CatalogPreview:
    rows: list[RowChange]
    result: ImportResult

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.action == "nuevo")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == "actualizado")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "sin cambios")

    @property
    def erasing(self) -> list[RowChange]:
        """Existing products whose image or synonyms a blank cell of the file would erase."""
        return [r for r in self.rows if r.erasures]


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return Decimal(old) == Decimal(new)
    return (old or "") == (new or "") if isinstance(new, str) else old == new


def preview_catalog(content: str) -> CatalogPreview:
    """What importing `content` would do, row by row, without writing anything.

    Uses the importer's own parser and validation, so a preview with no
    errors is exactly what `catalog.import_catalog` then applies."""
    rows, result = read_catalog_csv(content)
    existing = {p.sku: p for p in db.session.scalars(
        select(Product).where(Product.sku.in_([v["sku"] for _, v in rows])))} if rows else {}
    changes = []
    for line, values in rows:
        product = existing.get(values["sku"])
        if product is None:
            changes.append(RowChange(line, values["sku"], values["name"], "nuevo", price=values.get("price")))
            continue
        diff = [(label, getattr(product, attr), values[attr]) for attr, label in PREVIEW_FIELDS
                if attr in values and not _same(getattr(product, attr), values[attr])]
        erasures = [(label, getattr(product, attr)) for attr, label in PREVIEW_FIELDS
                    if attr in ERASABLE and attr in values and not values[attr] and getattr(product, attr)]
        changes.append(RowChange(line, values["sku"], values["name"], "actualizado" if diff else "sin cambios", diff,
                                 erasures=erasures))
    return CatalogPreview(changes, result)



# --- stock ------------------------------------------------------------------------------------

def adjust_stock(product: Product, delta: int) -> Product:
    """Add (or, with a negative delta, remove) units in one conditional UPDATE, so two staff
    adjustments at once both count and stock never leaves 0..MAX_STOCK."""
    if isinstance(delta, bool) or not isinstance(delta, int) or not -MAX_STOCK <= delta <= MAX_STOCK:
        raise ProductError({"ajuste": f"El ajuste debe ser un número entero entre -{MAX_STOCK} y {MAX_STOCK}."})
    db.session.commit()
    moved = db.session.execute(
        update(Product).where(Product.id == product.id, Product.stock + delta >= 0, Product.stock + delta <= MAX_STOCK)
        .values(stock=Product.stock + delta).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    db.session.refresh(product)
    if moved != 1:
        raise ProductError({"ajuste": f"El stock quedaría fuera de 0 a {MAX_STOCK} (hay {product.stock})."})
    return product
