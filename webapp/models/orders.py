from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (CheckConstraint, DateTime, ForeignKey, Integer, JSON, Numeric,
                        String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class OrderStatus:
    CART = "carrito"
    PENDING = "pendiente"
    CONFIRMED = "confirmada"
    DELIVERED = "entregada"
    CANCELLED = "cancelada"
    ALL = (CART, PENDING, CONFIRMED, DELIVERED, CANCELLED)
    PLACED = (PENDING, CONFIRMED, DELIVERED)


class PaymentStatus:
    PENDING = "pendiente"
    PAID = "pagado"
    ALL = (PENDING, PAID)


class Order(db.Model):
    """The cart while status is `carrito`, then a placed sale."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(43), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.CART, index=True)
    channel: Mapped[str] = mapped_column(String(10), default="web")
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), index=True, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True, nullable=True)
    # Bumped by every change to the cart (lines, destination, payment method): what a
    # read-back or the checkout page showed is checked against it before placing.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    # The contact and delivery data given for this sale (a snapshot: later sales and
    # customer edits never rewrite it). On a cart, the destination chosen so far.
    ship_name: Mapped[str] = mapped_column(String(120), default="")
    ship_cedula: Mapped[str] = mapped_column(String(10), default="", server_default="")
    ship_phone: Mapped[str] = mapped_column(String(10), default="")
    ship_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    ship_address: Mapped[str] = mapped_column(String(200), default="")
    ship_neighborhood: Mapped[str] = mapped_column(String(200), default="")
    ship_city: Mapped[str] = mapped_column(String(100), default="", server_default="")
    ship_department: Mapped[str] = mapped_column(String(100), default="", server_default="")
    delivery_notes: Mapped[str] = mapped_column(String(200), default="")
    shipping_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    payment_method: Mapped[str] = mapped_column(String(30), default="", server_default="")
    payment_status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.PENDING,
                                                server_default=PaymentStatus.PENDING)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)
    placed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)

    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id")
    customer = relationship("Customer")
    conversation = relationship("Conversation", back_populates="orders")

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def chat_id(self) -> str | None:
        return self.conversation.chat_id if self.conversation else None

    def __repr__(self) -> str:
        return f"<Order {self.id} {self.status}>"


class OrderLine(db.Model):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "product_id", name="uq_order_line_product"),
        CheckConstraint("quantity >= 1", name="ck_order_line_quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    quantity: Mapped[int] = mapped_column(Integer)

    order: Mapped[Order] = relationship(back_populates="lines")
    product = relationship("Product")

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity

    def __repr__(self) -> str:
        return f"<OrderLine {self.sku} x{self.quantity}>"


class Quote(db.Model):
    """A printable quotation: a snapshot of lines and prices valid until a date."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(43), unique=True, index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"), nullable=True)
    lines: Mapped[list] = mapped_column(JSON, default=list)
    total: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Quote {self.id}>"
