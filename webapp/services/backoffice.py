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
from .orders import list_sales as placed_sales
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


def list_sales(page: int = 1, per_page: int = 25, status: str | None = None, channel: str | None = None,
               payment_status: str | None = None, date_from: datetime | None = None,
               date_to: datetime | None = None) -> Page:
    """The admin's list of placed sales (newest first) with its filters, payment status included."""
    return placed_sales(page, per_page, status=status, channel=channel, payment_status=payment_status,
                        date_from=date_from, date_to=date_to)


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
class ChatLabel:
    """How staff recognise a chat: the customer's name when the chat has it, else its first message."""

    name: str = ""
    first_message: str = ""

    @property
    def title(self) -> str:
        if self.name:
            return self.name
        if self.first_message:
            text = " ".join(self.first_message.split())
            return f"«{text[:60]}{'…' if len(text) > 60 else ''}»"
        return "Sin mensajes todavía"


def chat_customer(conversation: Conversation) -> dict[str, str]:
    """What the customer told the chat about themselves (the assistant keeps it in the chat's
    state: name, cedula, phone, email, address, neighborhood, city, delivery_notes), as text."""
    state = conversation.state if isinstance(conversation.state, dict) else {}
    draft = state.get("customer") or state.get("cliente") or {}
    if not isinstance(draft, dict):
        return {}
    return {str(k): " ".join(str(v).split())[:200] for k, v in draft.items() if isinstance(v, (str, int)) and str(v).strip()}


def _state_name(conversation: Conversation) -> str:
    """The name the customer gave in this chat."""
    draft = chat_customer(conversation)
    return (draft.get("name") or draft.get("nombre") or "")[:120]


def callback_phone(conversation: Conversation) -> str:
    """The mobile number the customer gave in the chat (to be called back), "" when none."""
    digits = "".join(c for c in chat_customer(conversation).get("phone", "") if c.isdigit())
    if len(digits) == 12 and digits.startswith("57"):
        digits = digits[2:]
    return digits if len(digits) == 10 else ""


def chat_labels(conversations: list[Conversation]) -> dict[int, ChatLabel]:
    """Labels for many chats in two queries: the name on their latest placed order or in the chat's
    data, and the customer's first message."""
    ids = [c.id for c in conversations]
    if not ids:
        return {}
    first_ids = select(func.min(Message.id)).where(Message.conversation_id.in_(ids), Message.role == "usuario") \
        .group_by(Message.conversation_id)
    firsts = {cid: text for cid, text in db.session.execute(
        select(Message.conversation_id, Message.text).where(Message.id.in_(first_ids)))}
    names: dict[int, str] = {}
    for cid, name in db.session.execute(select(Order.conversation_id, Order.ship_name).where(
            Order.conversation_id.in_(ids), Order.status != OrderStatus.CART, Order.ship_name != "")
            .order_by(Order.id)):
        names[cid] = name
    return {c.id: ChatLabel(names.get(c.id) or _state_name(c), firsts.get(c.id, "")) for c in conversations}


def chat_label(conversation: Conversation) -> ChatLabel:
    return chat_labels([conversation])[conversation.id]


@dataclass
class ConversationRow:
    conversation: Conversation
    messages: int
    last_text: str = ""
    orders: list[Order] = field(default_factory=list)
    label: ChatLabel = field(default_factory=ChatLabel)


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
        term = q.strip()[:64]
        by_name = select(Order.conversation_id).where(Order.ship_name.ilike(f"%{term}%"),
                                                      Order.conversation_id.is_not(None))
        query = query.where(Conversation.chat_id.contains(term) | Conversation.id.in_(by_name))
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
                                                            Order.status != OrderStatus.CART, Order.placed_at.is_not(None)).order_by(Order.id)):
            by_conversation.setdefault(order.conversation_id, []).append(order)
    labels = chat_labels([c for c, _, _ in rows])
    items = [ConversationRow(c, n, texts.get(last, ""), by_conversation.get(c.id, []), labels[c.id])
             for c, n, last in rows]
    return Page(items, total, page, per_page)


@dataclass
class WaitingChat:
    conversation: Conversation
    label: ChatLabel
    waiting: bool  # asked for a person and nobody has taken it yet
    phone: str = ""  # the number the customer gave in the chat ("¿me pueden llamar?")


def handoff_count() -> int:
    """Chats where a customer asked for a person and nobody has taken them yet."""
    return db.session.scalar(select(func.count(Conversation.id)).where(
        Conversation.handoff_requested.is_(True), Conversation.staff_user_id.is_(None))) or 0


def live_queue(limit: int = 50) -> list[WaitingChat]:
    """Chats waiting for a person (oldest request first), then the ones staff are attending."""
    waiting = list(db.session.scalars(select(Conversation).where(
        Conversation.handoff_requested.is_(True), Conversation.staff_user_id.is_(None))
        .order_by(Conversation.updated_at, Conversation.id).limit(limit)))
    attended = list(db.session.scalars(select(Conversation).where(Conversation.staff_user_id.is_not(None))
                                       .order_by(Conversation.updated_at.desc()).limit(limit)))
    labels = chat_labels(waiting + attended)
    return [WaitingChat(c, labels[c.id], True, callback_phone(c)) for c in waiting] + \
        [WaitingChat(c, labels[c.id], False, callback_phone(c)) for c in attended]


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
    db.session.flush()
    moved = db.session.execute(
        update(Product).where(Product.id == product.id, Product.stock + delta >= 0, Product.stock + delta <= MAX_STOCK)
        .values(stock=Product.stock + delta).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(product)
    if moved != 1:
        raise ProductError({"ajuste": f"El stock quedaría fuera de 0 a {MAX_STOCK} (hay {product.stock})."})
    return product
