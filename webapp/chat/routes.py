"""Chat over HTTP: the JSON API (contract) and the sidebar's fallback and buttons."""
from __future__ import annotations

import time

from flask import current_app, redirect, render_template, request, session

from .. import htmx, logs
from ..agent.assistant import MAX_MESSAGE, handle_turn
from ..errors import json_error
from ..extensions import csrf, db
from ..openapi import OPTIONAL_STAFF, models as m, operation
from ..security import chat_staff, current_staff
from ..services import conversations, orders
from ..services.orders import OrderError
from ..web import browser_conversation, cart_badge_oob, safe_next
from . import bp, media
from .limits import POLITE, Refused, admit, admit_browser, retry_text
from .render import end_frame, new_message_id, start_frame


def clean_message(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if text and len(text) <= MAX_MESSAGE else None


def _tone(value) -> str | None:
    return value if value in ("amigable", "formal") else None


def refused_frame(message: str, wait: int) -> str:
    """The sidebar's refused message: shown back with when to retry and a button to resend it."""
    return render_template("chat/_refused.html", text=message, wait=wait, when=retry_text(wait))


def refused_json(refused: Refused):
    response = json_error(refused.status, refused.code, refused.detail,
                          **({"retry_after": refused.wait} if refused.status == 429 else {}))
    if refused.status == 429:
        response.headers["Retry-After"] = str(refused.wait)
    return response


def shown_token(value) -> str | None:
    """The order version a confirm button showed (`metadatos.version_pedido`)."""
    return value if isinstance(value, str) and 0 < len(value) <= 40 else None


def run_turn(message: str, conversation, tone, staff, door: str, on_chunk=None, shown: str | None = None) -> dict:
    """One assistant turn in an admitted conversation; staff-mode turns are marked."""
    started = time.perf_counter()
    with conversations.staff_turn(staff is not None):
        body = handle_turn(message, chat_id=conversation.chat_id, tone=tone, staff=staff, on_chunk=on_chunk,
                           shown_token=shown_token(shown)).body
    logs.chat_turn(body, door, started)
    return body


@bp.app_context_processor
def sidebar_context():
    def chat_history():
        conversation = conversations.get_conversation(session.get("chat_id"))
        if conversation is None:
            return []
        return conversations.messages(conversation, limit=30, staff=current_staff() is not None)
    return {"chat_history": chat_history}


@bp.post("/chat/texto")
@operation("Chat", "Un mensaje al asistente; sin `chat_id` empieza una conversación.",
           {200: m.ChatReply, 404: m.Error, 429: m.Error}, auth=OPTIONAL_STAFF, body=m.ChatInput)
@csrf.exempt  # a request that carries the session cookie is still checked (security.py)
def text():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return json_error(400, "json_invalido", "Envía un objeto JSON con el campo mensaje.")
    message = clean_message(data.get("mensaje"))
    if message is None:
        return json_error(400, "mensaje_invalido", f"El mensaje no puede estar vacío ni superar {MAX_MESSAGE} caracteres.")
    chat_id = data.get("chat_id")
    if chat_id is not None and not isinstance(chat_id, str):
        return json_error(400, "chat_id_invalido", "chat_id debe ser el texto que te dio el servidor.")
    try:
        conversation = admit(chat_id)
    except Refused as refused:
        return refused_json(refused)
    return run_turn(message, conversation, _tone(data.get("tono")), chat_staff(), "http",
                    shown=data.get("version_pedido"))


@bp.get("/chat/historial/<chat_id>")
@operation("Chat", "Los mensajes de una conversación.", {200: m.ChatHistory, 404: m.Error}, auth=OPTIONAL_STAFF)
def history(chat_id: str):
    conversation = conversations.get_conversation(chat_id)
    if conversation is None:
        return json_error(404, "chat_no_encontrado", "No existe esa conversación.")
    staff = current_staff() is not None
    return {"chat_id": chat_id, "mensajes": [
        {"rol": "usuario" if m.role == "usuario" else "agente", "texto": m.text,
         "fecha": m.created_at.isoformat()} for m in conversations.messages(conversation, staff=staff)]}


@bp.get("/chat/health")
@operation("Chat", "El asistente responde y con qué proveedor.", {200: m.ChatHealth})
def health():
    return {"status": "ok", "proveedor": current_app.config["LLM_PROVIDER"]}


@bp.post("/chat/imagen")
@operation("Chat", "Una imagen para el asistente.", m.UPLOAD_RESPONSES, auth=OPTIONAL_STAFF, form=m.ImageUpload)
@csrf.exempt  # checked when a cookie comes with it (security.py)
def image():
    return media.handle_upload("imagen")


@bp.post("/chat/audio")
@operation("Chat", "Una nota de voz: se transcribe y se responde.", m.UPLOAD_RESPONSES, auth=OPTIONAL_STAFF,
           form=m.AudioUpload)
@csrf.exempt  # checked when a cookie comes with it (security.py)
def audio():
    return media.handle_upload("audio")


# --- the sidebar (HTML) ---------------------------------------------------------------

@bp.post("/chat/enviar")
def send():
    """The sidebar's plain-HTTP path: hx-post when websockets fail, a full post without JavaScript."""
    message = clean_message(request.form.get("mensaje"))
    if message is None:
        if htmx.is_htmx():
            return render_template("chat/_notice.html", text="Escribe un mensaje (máximo 2000 caracteres).")
        return redirect(_back())
    try:
        conversation = admit_browser()
    except Refused as refused:
        return _refused_page(message, refused)
    body = run_turn(message, conversation, _tone(request.form.get("tono")), chat_staff(), "sidebar",
                    shown=request.form.get("version_pedido"))
    if not htmx.is_htmx():
        return redirect(_back())
    message_id = new_message_id()
    units = body["metadatos"]["unidades"]
    return start_frame(message, message_id) + end_frame(message_id, body, units)


def _refused_page(message: str, refused: Refused):
    """Over the limit: the message is shown back, not sent, with when to retry."""
    if htmx.is_htmx():
        response = current_app.make_response(refused_frame(message, refused.wait))
    else:
        response = current_app.make_response((render_template(
            "errors/error.html", status=429,
            message=f"Tu mensaje «{message}» no se envió. {POLITE} Inténtalo de nuevo {retry_text(refused.wait)}."),
            429))
    response.headers["Retry-After"] = str(refused.wait)
    return response


@bp.post("/chat/deshacer")
def undo():
    """Undo a change the agent made: put the line back to its previous quantity."""
    conversation = browser_conversation(create=True)
    product_id = request.form.get("producto_id", type=int)
    quantity = request.form.get("cantidad", type=int)
    try:
        if product_id is None:  # missing or impossible (e.g. over 2^31)
            raise OrderError("producto_no_encontrado", "Ese producto no existe.")
        if quantity:
            orders.set_quantity(conversation, product_id, quantity, channel="chat")
        else:
            orders.remove_item(conversation, product_id)
        note = "Cambio deshecho."
    except OrderError as exc:
        note = exc.message
    db.session.commit()
    if htmx.is_htmx():
        return render_template("chat/_undone.html", text=note) + cart_badge_oob(conversation)
    return redirect(_back())


def _back() -> str:
    """Back to the page the message was sent from (only pages of this site)."""
    target = request.referrer or "/"
    if target.startswith(request.host_url):
        target = "/" + target[len(request.host_url):]
    return safe_next(target, "/")


@bp.app_errorhandler(429)
def too_many(exc):
    from ..errors import wants_json
    retry = "60"
    if htmx.is_htmx():
        response = current_app.make_response((render_template("chat/_notice.html", text=POLITE), 200))
    elif wants_json():
        response = json_error(429, "demasiadas_solicitudes", "Demasiadas solicitudes; espera un momento e inténtalo de nuevo.")
    else:
        response = current_app.make_response((render_template("errors/error.html", status=429, message=POLITE), 429))
    response.headers["Retry-After"] = getattr(exc, "retry_after", None) or retry
    return response
