"""Live conversations: a staff member takes over a chat, writes to the customer in real time, hands it back."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from .. import realtime
from ..security import current_staff
from ..services import audit, backoffice, conversations
from . import bp

MAX_TEXT = 2000


def _conversation(conversation_id: int):
    conversation = backoffice.get_conversation_by_id(conversation_id)
    if conversation is None:
        abort(404)
    return conversation


def _back(conversation) -> str:
    return url_for("admin.conversation_detail", conversation_id=conversation.id) + "#live-panel"


@bp.post("/conversaciones/<int:conversation_id>/tomar")
def take_over(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    conversations.take_over(conversation, user.id)
    realtime.staff_event(conversation.chat_id, "takeover", "", user.display_name)
    audit.record("conversacion_tomada", f"conversacion:{conversation.id}", user=user.email)
    flash("Ahora atiendes esta conversación; el asistente no responderá hasta que la devuelvas.", "success")
    return redirect(_back(conversation))


@bp.post("/conversaciones/<int:conversation_id>/mensaje")
def write(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    text = (request.form.get("texto") or "").strip()
    if not text or len(text) > MAX_TEXT:
        flash(f"Escribe un mensaje de 1 a {MAX_TEXT} caracteres.", "error")
        return redirect(_back(conversation))
    if conversation.staff_user_id != user.id:
        conversations.take_over(conversation, user.id)
        realtime.staff_event(conversation.chat_id, "takeover", "", user.display_name)
    conversations.add_message(conversation, "asesor", text)
    realtime.staff_event(conversation.chat_id, "message", text, user.display_name)
    audit.record("mensaje_asesor", f"conversacion:{conversation.id}", f"{len(text)} caracteres", user=user.email)
    return redirect(_back(conversation))


@bp.post("/conversaciones/<int:conversation_id>/devolver")
def hand_back(conversation_id: int):
    conversation, user = _conversation(conversation_id), current_staff()
    conversations.hand_back(conversation)
    realtime.staff_event(conversation.chat_id, "handback", "", user.display_name)
    audit.record("conversacion_devuelta", f"conversacion:{conversation.id}", user=user.email)
    flash("La conversación volvió al asistente.", "success")
    return redirect(_back(conversation))
