"""Conversations (read only): list and full transcript with how each reply was produced."""
from __future__ import annotations

from flask import abort, render_template, request

from ..services import assisted_sale, backoffice, conversations, orders, payments
from ..services.exports import tool_names
from . import bp
from .common import paging, render_region


@bp.get("/conversaciones")
def conversations_page():
    q = request.args.get("q", "").strip()[:64]
    include_empty = request.args.get("todas") == "1"
    handoff = request.args.get("asesor") == "1"
    page_number, per_page = paging()
    page = backoffice.list_conversations(q=q or None, page=page_number, per_page=per_page,
                                         only_with_messages=not include_empty, handoff=handoff)
    return render_region("admin/conversations.html", "admin/_conversation_table.html", "conversation-table",
                         page=page, q=q, include_empty=include_empty, handoff=handoff)


@bp.get("/conversaciones/<int:conversation_id>")
def conversation_detail(conversation_id: int):
    conversation = backoffice.get_conversation_by_id(conversation_id)
    if conversation is None:
        abort(404)
    return render_conversation(conversation)


def render_conversation(conversation, status: int = 200, place: dict | None = None):
    """The conversation page; `place` carries the "order for the customer" form as submitted
    (values, errors, message) when a POST re-renders it."""
    cart_order = orders.open_order(conversation)
    cart = orders.view(cart_order)
    place = {"values": assisted_sale.prefill(conversation, cart_order), "errors": {}, "message": None,
             "changed": False, **(place or {})}
    place.setdefault("view", cart)
    html = render_template("admin/conversation_detail.html", conversation=conversation,
                           messages=conversations.messages(conversation), label=backoffice.chat_label(conversation),
                           orders=backoffice.conversation_orders(conversation), tool_names=tool_names,
                           cart=cart, cart_order=cart_order, phone=backoffice.callback_phone(conversation),
                           place=place, payment_methods=payments.enabled_methods())
    return html, status
