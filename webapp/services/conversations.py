"""Conversations: the chat and the browser session share one, by `chat_id`."""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm.attributes import flag_modified

from ..extensions import db
from ..models import Conversation, Message, Order, OrderStatus
from ..models._common import utcnow

CHAT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_chat_id() -> str:
    return secrets.token_urlsafe(16)


def valid_chat_id(chat_id) -> bool:
    return isinstance(chat_id, str) and bool(CHAT_ID_PATTERN.match(chat_id))


def get_conversation(chat_id: str | None) -> Conversation | None:
    if not valid_chat_id(chat_id):
        return None
    return db.session.scalar(select(Conversation).where(Conversation.chat_id == chat_id))


def get_or_create_conversation(chat_id: str | None = None) -> Conversation:
    """The conversation with this id, created if new; a fresh id when none (or a bad one) is given."""
    conversation = get_conversation(chat_id)
    if conversation is not None:
        return conversation
    conversation = Conversation(chat_id=chat_id if valid_chat_id(chat_id) else new_chat_id(), state={})
    db.session.add(conversation)
    db.session.commit()
    return conversation


def add_message(conversation: Conversation, role: str, text: str, commit: bool = True, **meta) -> Message:
    message = Message(conversation_id=conversation.id, role=role, text=text, **meta)
    db.session.add(message)
    conversation.updated_at = utcnow()
    if commit:
        db.session.commit()
    return message


def messages(conversation: Conversation, limit: int | None = None) -> list[Message]:
    query = select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id.desc())
    if limit:
        query = query.limit(limit)
    return list(reversed(db.session.scalars(query).all()))


def save_state(conversation: Conversation, state: dict, commit: bool = True) -> None:
    conversation.state = dict(state)
    flag_modified(conversation, "state")  # a JSON value changed in place is not seen otherwise
    conversation.updated_at = utcnow()
    if commit:
        db.session.commit()


def cleanup_inactive(hours: float) -> tuple[int, int]:
    """Expire open carts and delete conversations idle for `hours`; placed orders are never touched.

    Returns (carts expired, conversations deleted)."""
    cutoff = utcnow() - timedelta(hours=hours)
    carts = db.session.execute(
        update(Order).where(Order.status == OrderStatus.CART, Order.updated_at < cutoff)
        .values(status=OrderStatus.CANCELLED)).rowcount
    busy = select(Order.conversation_id).where(
        Order.conversation_id.is_not(None), Order.status != OrderStatus.CANCELLED)
    idle = select(Conversation.id).where(Conversation.updated_at < cutoff, Conversation.id.not_in(busy))
    idle_ids = list(db.session.scalars(idle))
    if idle_ids:
        db.session.execute(update(Order).where(Order.conversation_id.in_(idle_ids)).values(conversation_id=None))
        db.session.execute(delete(Message).where(Message.conversation_id.in_(idle_ids)))
        db.session.execute(delete(Conversation).where(Conversation.id.in_(idle_ids)))
    db.session.commit()
    return carts, len(idle_ids)


# --- people taking over from the assistant -------------------------------------------------

def request_human(conversation: Conversation) -> None:
    conversation.handoff_requested = True
    db.session.commit()


def take_over(conversation: Conversation, staff_user_id: int) -> None:
    """A staff member answers this chat from now on; the assistant stays quiet."""
    conversation.staff_user_id = staff_user_id
    conversation.handoff_requested = False
    db.session.commit()


def hand_back(conversation: Conversation) -> None:
    conversation.staff_user_id = None
    db.session.commit()


def waiting_for_people(limit: int = 50) -> list[Conversation]:
    """Chats that asked for a person or are being answered by one, most recent first."""
    return list(db.session.scalars(select(Conversation).where(
        (Conversation.handoff_requested.is_(True)) | (Conversation.staff_user_id.is_not(None)))
        .order_by(Conversation.updated_at.desc()).limit(limit)))
