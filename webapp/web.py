"""The browser session's side of "one order, two doors": its chat_id and cart badge."""
from __future__ import annotations

from urllib.parse import urlparse

from flask import render_template, session

from .models import Conversation
from .services import conversations, orders


def browser_chat_id() -> str:
    """This browser's chat_id, kept in the signed session; the conversation row comes on first use."""
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
        conversation = conversations.get_or_create_conversation(browser_chat_id())
    return conversation


def cart_badge_oob(conversation: Conversation | None) -> str:
    """An out-of-band `#cart-count` swap to append to any HTMX response."""
    return render_template("shop/_cart_count.html", cart_units=orders.cart_units(conversation), oob=True)


def safe_next(target: str | None, default: str) -> str:
    """A redirect target from a form or query string: only paths on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlparse(target).netloc:
        return target
    return default
