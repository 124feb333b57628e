from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._common import utcnow


class Conversation(db.Model):
    """A chat; its `chat_id` is also the browser session's key to the open order."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    handoff_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # a staff member used this chat in staff mode (customer look-ups): see Message.staff_mode
    staff_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)

    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.id")
    orders = relationship("Order", back_populates="conversation")
    staff_user = relationship("StaffUser")

    def __repr__(self) -> str:
        return f"<Conversation {self.chat_id}>"


class Message(db.Model):
    """One turn's text plus how the agent produced it (for review and metrics)."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # usuario | agente | asesor
    text: Mapped[str] = mapped_column(Text)
    message_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    tools: Mapped[list] = mapped_column(JSON, default=list)
    provider: Mapped[str | None] = mapped_column(String(20), nullable=True)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    latency_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # said in staff mode: never rendered to a session that is not staff
    staff_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.role}>"
