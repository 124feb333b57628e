"""The back office dashboard's figures, computed from what the database holds.

Days are the shop's days (Colombia, UTC−5, no daylight saving): "today" starts
at local midnight. Timestamps are stored as naive UTC, so every window is
converted before querying. An agent "turn" is one stored reply of the agent
(a `Message` with role `agente`): its classification, provider, fallback
flag and latency are what the figures count.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import case, distinct, func, select

from ..extensions import db
from ..models import Message, Order, OrderLine, OrderStatus, PaymentStatus, Product

SHOP_TZ = timezone(timedelta(hours=-5), "COT")
LOW_STOCK = 5
OFFLINE = "offline"


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The shop's calendar day of a naive-UTC timestamp."""
    return moment.replace(tzinfo=timezone.utc).astimezone(SHOP_TZ).date()


def day_start(day: date) -> datetime:
    """Naive UTC instant at which the shop's `day` begins."""
    return datetime.combine(day, datetime.min.time(), SHOP_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def window_start(days: int, now: datetime | None = None) -> datetime:
    """Start of the last `days` shop days, today included (days=1 is today)."""
    return day_start(local_date(now or now_utc()) - timedelta(days=days - 1))


@dataclass
class SalesFigure:
    """Placed sales in a window: how many and their products' value; then the money they bring
    (products plus known shipping) split into paid and still to be paid."""

    label: str
    count: int
    amount: Decimal
    paid_count: int = 0
    paid: Decimal = Decimal("0")
    pending_count: int = 0
    pending: Decimal = Decimal("0")


@dataclass
class DailySales:
    day: date
    count: int = 0
    amount: Decimal = Decimal("0")


@dataclass
class Conversion:
    chats: int
    with_sale: int

    @property
    def rate(self) -> float:
        return self.with_sale / self.chats if self.chats else 0.0


@dataclass
class TopProduct:
    sku: str
    name: str
    units: int
    amount: Decimal


@dataclass
class AgentFigures:
    turns: int = 0
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_provider: list[tuple[str, int]] = field(default_factory=list)
    llm_turns: int = 0
    offline_turns: int = 0
    fallbacks: int = 0
    p50_ms: int | None = None
    p95_ms: int | None = None

    @property
    def llm_share(self) -> float:
        return self.llm_turns / self.turns if self.turns else 0.0

    @property
    def offline_share(self) -> float:
        return self.offline_turns / self.turns if self.turns else 0.0


_placed = Order.status.in_(OrderStatus.PLACED)


def sales_summary(now: datetime | None = None) -> list[SalesFigure]:
    """Placed sales (pending, confirmed or delivered; not cancelled): today, 7 and 30 days, each with
    the money paid and the money still to be paid (products plus shipping where it is known)."""
    is_paid = Order.payment_status == PaymentStatus.PAID
    money = Order.total + func.coalesce(Order.shipping_cost, 0)
    figures = []
    for label, days in (("Hoy", 1), ("Últimos 7 días", 7), ("Últimos 30 días", 30)):
        count, amount, paid_count, paid, pending = db.session.execute(
            select(func.count(Order.id), func.coalesce(func.sum(Order.total), 0),
                   func.count(case((is_paid, Order.id))), func.coalesce(func.sum(case((is_paid, money))), 0),
                   func.coalesce(func.sum(case((is_paid, 0), else_=money)), 0))
            .where(_placed, Order.placed_at >= window_start(days, now))).one()
        figures.append(SalesFigure(label, count, Decimal(amount), paid_count, Decimal(paid),
                                   count - paid_count, Decimal(pending)))
    return figures


def daily_sales(days: int = 30, now: datetime | None = None) -> list[DailySales]:
    """Number and value of placed sales per shop day, oldest first, days without sales included."""
    start = window_start(days, now)
    first = local_date(start)
    series = [DailySales(first + timedelta(days=i)) for i in range(days)]
    rows = db.session.execute(select(Order.placed_at, Order.total).where(_placed, Order.placed_at >= start)
                              .execution_options(yield_per=1000))
    for placed_at, total in rows:
        index = (local_date(placed_at) - first).days
        if 0 <= index < days:
            series[index].count += 1
            series[index].amount += Decimal(total)
    return series


def conversion(days: int = 30, now: datetime | None = None) -> Conversion:
    """Chats where the customer wrote at least once in the window, and how many of them placed a sale."""
    chats = (select(Message.conversation_id)
             .where(Message.role == "usuario", Message.created_at >= window_start(days, now)).distinct())
    total = db.session.scalar(select(func.count()).select_from(chats.subquery()))
    with_sale = db.session.scalar(select(func.count(distinct(Order.conversation_id)))
                                  .where(_placed, Order.conversation_id.in_(chats)))
    return Conversion(total or 0, with_sale or 0)


def top_products(days: int = 30, limit: int = 5, now: datetime | None = None) -> list[TopProduct]:
    units = func.sum(OrderLine.quantity)
    rows = db.session.execute(
        select(OrderLine.sku, func.max(OrderLine.name), units, func.sum(OrderLine.unit_price * OrderLine.quantity))
        .join(Order, OrderLine.order_id == Order.id)
        .where(_placed, Order.placed_at >= window_start(days, now))
        .group_by(OrderLine.sku).order_by(units.desc(), OrderLine.sku).limit(limit))
    return [TopProduct(sku, name, int(n), Decimal(amount)) for sku, name, n, amount in rows]


def low_stock(threshold: int = LOW_STOCK, limit: int = 10) -> list[Product]:
    """Products on sale with `threshold` units or fewer, the emptiest first."""
    return list(db.session.scalars(select(Product).where(Product.available.is_(True), Product.stock <= threshold)
                                   .order_by(Product.stock, Product.name).limit(limit)))


def _percentile(condition, q: float) -> int | None:
    """Nearest-rank percentile of latency_ms, read with one row from the database."""
    count = db.session.scalar(select(func.count(Message.id)).where(condition, Message.latency_ms.is_not(None)))
    if not count:
        return None
    rank = max(1, math.ceil(q * count))
    return db.session.scalar(select(Message.latency_ms).where(condition, Message.latency_ms.is_not(None))
                             .order_by(Message.latency_ms).offset(rank - 1).limit(1))


def agent_figures(days: int = 30, now: datetime | None = None) -> AgentFigures:
    turn = (Message.role == "agente") & (Message.created_at >= window_start(days, now))
    kind = func.coalesce(Message.message_type, "sin clasificar")
    by_type = [(k, n) for k, n in db.session.execute(
        select(kind, func.count(Message.id)).where(turn).group_by(kind).order_by(func.count(Message.id).desc(), kind))]
    provider = func.coalesce(Message.provider, "desconocido")
    by_provider = [(p, n) for p, n in db.session.execute(
        select(provider, func.count(Message.id)).where(turn).group_by(provider)
        .order_by(func.count(Message.id).desc(), provider))]
    figures = AgentFigures(turns=sum(n for _, n in by_type), by_type=by_type, by_provider=by_provider)
    figures.offline_turns = sum(n for p, n in by_provider if p == OFFLINE)
    figures.llm_turns = sum(n for p, n in by_provider if p not in (OFFLINE, "desconocido"))
    figures.fallbacks = db.session.scalar(select(func.count(Message.id)).where(turn, Message.fallback.is_(True))) or 0
    figures.p50_ms = _percentile(turn, 0.50)
    figures.p95_ms = _percentile(turn, 0.95)
    return figures
