"""The browser session's side of "one order, two doors": its chat_id and cart badge; safe redirects."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import render_template, session

from .extensions import db
from .models import Conversation
from .services import conversations, orders

_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x20\x7f\\]")


def browser_chat_id() -> str:
    """This browser's chat_id, issued by the server and kept in the signed session; the
    conversation row comes on first use."""
    chat_id = session.get("chat_id")
    if not conversations.valid_chat_id(chat_id):
        chat_id = conversations.new_chat_id()
        session["chat_id"] = chat_id
        session.permanent = True
    return chat_id


def browser_conversation(create: bool = False) -> Conversation | None:
    """The conversation (and so the cart) of this browser, created on first need."""
    conversation = conversations.get_conversation(session.get("chat_id"))
    if conversation is None and create:
        conversation = _created(conversations.create_conversation(browser_chat_id()))
    return conversation


def session_chat_id() -> str | None:
    """The chat id this browser's signed session holds (issued by this server), if any."""
    chat_id = session.get("chat_id")
    return chat_id if conversations.valid_chat_id(chat_id) else None


class UnknownChat(LookupError):
    """A chat id the server never issued (or one that expired)."""


def resolve_chat(chat_id) -> Conversation:
    """The conversation a chat request continues, or a new one when no id is given.

    An id is honoured only if the server issued it: an existing conversation, or this
    browser's own session id (its row is created on first use). Anything else raises
    UnknownChat (404 `chat_no_encontrado`)."""
    if chat_id is None:
        return _created(conversations.create_conversation())
    conversation = conversations.get_conversation(chat_id)
    if conversation is not None:
        return conversation
    if chat_id == session_chat_id():
        return _created(conversations.create_conversation(chat_id))
    raise UnknownChat(chat_id)


def _created(conversation: Conversation) -> Conversation:
    db.session.commit()  # the chat exists from now on, whatever the request does next (a refusal too)
    return conversation


def cart_badge_oob(conversation: Conversation | None) -> str:
    """An out-of-band `#cart-count` swap to append to any HTMX response."""
    return render_template("shop/_cart_count.html", cart_units=orders.cart_units(conversation), oob=True)


def safe_next(target: str | None, default: str) -> str:
    """A redirect target from a form or query string: only paths on this site (no scheme,
    no host, no backslash, no control characters or spaces a browser would drop)."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//") \
            or _UNSAFE_IN_TARGET.search(target) or len(target) > 2000:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
