"""Conversations: the chat and the browser session share one, by `chat_id`.

Chat ids are issued by the server only (192 random bits, URL-safe): whoever holds
one may continue that chat and read its history, so a client never chooses one.
Turns taken in staff mode (a staff session or token looking up customers) are
marked, so their transcript is never shown to a session that is not staff.
"""
from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm.attributes import flag_modified

from ..extensions import db, transaction_memo
from ..models import Conversation, Message, Order, OrderStatus
from ..models._common import utcnow

CHAT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_staff_turn: ContextVar[bool] = ContextVar("staff_turn", default=False)


def new_chat_id() -> str:
    return secrets.token_urlsafe(24)


def valid_chat_id(chat_id) -> bool:
    return isinstance(chat_id, str) and bool(CHAT_ID_PATTERN.match(chat_id))


def get_conversation(chat_id: str | None) -> Conversation | None:
    if not valid_chat_id(chat_id):
        return None
    # found once per transaction (the cart badge, the sidebar's history…); a miss is asked again
    found = transaction_memo(f"conversation:{chat_id}", lambda: db.session.scalar(
        select(Conversation).where(Conversation.chat_id == chat_id)))
    if found is None:
        db.session().info["memo"].pop(f"conversation:{chat_id}", None)
    return found


def create_conversation(chat_id: str | None = None) -> Conversation:
    """A new conversation. `chat_id` only for an id this server issued (the signed session's)."""
    conversation = Conversation(chat_id=chat_id if valid_chat_id(chat_id) else new_chat_id(), state={})
    db.session.add(conversation)
    db.session.flush()
    return conversation


def get_or_create_conversation(chat_id: str | None = None) -> Conversation:
    """The conversation with this id; otherwise a new one with a fresh server-issued id
    (an id a client chose is never adopted: callers refuse unknown ids before this)."""
    conversation = get_conversation(chat_id)
    if conversation is not None:
        return conversation
    return create_conversation()


@contextmanager
def staff_turn(active: bool):
    """Messages stored inside this block belong to a staff-mode turn (and mark their conversation)."""
    token = _staff_turn.set(bool(active))
    try:
        yield
    finally:
        _staff_turn.reset(token)


def add_message(conversation: Conversation, role: str, text: str, **meta) -> Message:
    if _staff_turn.get():
        meta["staff_mode"] = True
        conversation.staff_mode = True
    message = Message(conversation_id=conversation.id, role=role, text=text, **meta)
    db.session.add(message)
    conversation.updated_at = utcnow()
    db.session.flush()
    return message


def messages(conversation: Conversation, limit: int | None = None, staff: bool = True) -> list[Message]:
    """The conversation's messages, oldest first; `staff=False` leaves out staff-mode turns."""
    query = select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id.desc())
    if not staff:
        query = query.where(Message.staff_mode.is_(False))
    if limit:
        query = query.limit(limit)
    return list(reversed(db.session.scalars(query).all()))


def save_state(conversation: Conversation, state: dict) -> None:
    conversation.state = dict(state)
    flag_modified(conversation, "state")  # a JSON value changed in place is not seen otherwise
    conversation.updated_at = utcnow()
    db.session.flush()


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
    return carts, len(idle_ids)


# --- people taking over from the assistant -------------------------------------------------

def request_human(conversation: Conversation) -> None:
    conversation.handoff_requested = True
    db.session.flush()


def take_over(conversation: Conversation, staff_user_id: int) -> None:
    """A staff member answers this chat from now on; the assistant stays quiet."""
    conversation.staff_user_id = staff_user_id
    conversation.handoff_requested = False
    db.session.flush()


def hand_back(conversation: Conversation) -> None:
    conversation.staff_user_id = None
    db.session.flush()


def waiting_for_people(limit: int = 50) -> list[Conversation]:
    """Chats that asked for a person or are being answered by one, most recent first."""
    return list(db.session.scalars(select(Conversation).where(
        (Conversation.handoff_requested.is_(True)) | (Conversation.staff_user_id.is_not(None)))
        .order_by(Conversation.updated_at.desc()).limit(limit)))
