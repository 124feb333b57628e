"""Websockets: the contract's JSON protocol at /ws/chat/<chat_id> and the sidebar's HTML frames.

A browser `Origin` that is not the shop's is refused before the upgrade (security.py).
Frames are checked like JSON bodies (inputs.py): a bad one gets an `error` frame and the
socket stays open. Each message is counted against the chat's and the address's budgets
(limits.py), the same budgets as HTTP.
"""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from datetime import datetime, timezone

from simple_websocket import ConnectionClosed

from .. import inputs
from ..errors import DATABASE_DOWN, UNAVAILABLE
from ..extensions import db, sock
from ..realtime import Subscription
from ..security import chat_staff
from ..services import conversations
from ..web import session_chat_id
from .limits import NOT_FOUND, Refused, check_address, check_chat
from .render import chunk_frame, end_frame, new_message_id, notice_frame, staff_frame, start_frame
from .routes import _tone, clean_message, refused_frame, run_turn

log = logging.getLogger(__name__)
POLL_SECONDS = 0.25
FRAME_DEPTH = 4  # {"type", "mensaje", "tono", "HEADERS": {...}} is two levels


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


@contextmanager
def _unless_database_down(tell):
    """A message the database cannot serve now: `tell()` the client and keep the socket open."""
    try:
        yield
    except DATABASE_DOWN as exc:
        log.warning("Base de datos no disponible en un websocket: %s", type(exc).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is already gone
            pass
        tell()


@contextmanager
def _subscribed(chat_id: str):
    live = Subscription(chat_id)
    try:
        yield live
    finally:
        live.close()


def _read_frame(ws) -> tuple[dict | None, str | None]:
    """A client frame as a dict (None when nothing came within the poll interval), or why it is refused."""
    raw = ws.receive(timeout=POLL_SECONDS)
    if raw is None:
        return None, None
    try:
        data = inputs.loads(raw, max_depth=FRAME_DEPTH)
    except inputs.BadInput as exc:
        return None, str(exc)
    except ValueError:
        return None, "El mensaje debe ser JSON."
    if not isinstance(data, dict):
        return None, "El mensaje debe ser un objeto JSON."
    if data.get("type", "message") != "message":
        return None, "Tipo de mensaje no soportado; usa type=message."
    if clean_message(data.get("mensaje")) is None:
        return None, "El mensaje no puede estar vacío ni superar 2000 caracteres."
    return data, None


def _frame_csrf(data: dict):
    """The CSRF token a browser frame carries (chat.js: csrf_token; htmx-ext-ws: HEADERS)."""
    headers = data.get("HEADERS") if isinstance(data.get("HEADERS"), dict) else {}
    return data.get("csrf_token") or headers.get("X-CSRFToken")


# --- JSON protocol (bots, apps) ------------------------------------------------------------

@sock.route("/ws/chat")
def new_chat_socket(ws):
    """A new conversation over the socket: its id comes in `connection_status`."""
    _json_socket(ws, None)


@sock.route("/ws/chat/<chat_id>")
def chat_socket(ws, chat_id):
    """JSON protocol for bots and apps (docs/websocket.md): only chat ids this server issued."""
    _json_socket(ws, chat_id)


def _json_socket(ws, chat_id: str | None) -> None:
    try:
        check_address()
    except Refused as refused:
        ws.send(json.dumps({"type": "error", "error": refused.code, "detalle": refused.detail,
                            "retry_after": refused.wait, "timestamp": _now()}))
        return
    down = {"error": False}
    with _unless_database_down(lambda: down.update(error=True)):
        if chat_id is None:
            chat_id = conversations.create_conversation().chat_id
            db.session.commit()
        elif conversations.get_conversation(chat_id) is None:
            if chat_id != session_chat_id():
                ws.send(json.dumps({"type": "error", "error": "chat_no_encontrado", "detalle": NOT_FOUND,
                                    "timestamp": _now()}))
                return
            conversations.create_conversation(chat_id)
            db.session.commit()
    if down["error"]:
        ws.send(json.dumps({"type": "error", "error": "servicio_no_disponible", "detalle": UNAVAILABLE,
                            "timestamp": _now()}))
        return
    with _subscribed(chat_id) as live:  # listening before the client hears it is connected
        ws.send(json.dumps({"type": "connection_status", "status": "connected", "chat_id": chat_id,
                            "timestamp": _now()}))
        _json_loop(ws, chat_id, live)


def _json_loop(ws, chat_id: str, live) -> None:
    def error(detail: str, **extra) -> None:
        ws.send(json.dumps({"type": "error", "detalle": detail, "chat_id": chat_id, "timestamp": _now(), **extra}))

    while True:
        for event in live.poll():
            event = json.loads(event)
            ws.send(json.dumps({"type": "staff_message" if event["kind"] == "message" else event["kind"],
                                "content": event["texto"], "asesor": event["asesor"], "chat_id": chat_id,
                                "timestamp": event["fecha"],
                                **({"unidades": event["unidades"]} if "unidades" in event else {})}))
        db.session.close()  # an open socket holds no database connection between messages
        try:
            data, problem = _read_frame(ws)
        except ConnectionClosed:
            return
        if problem:
            error(problem)
            continue
        if data is None:
            continue
        db.session.expire_all()  # a socket lives long: read what other requests wrote since
        with _unless_database_down(lambda: error(UNAVAILABLE, error="servicio_no_disponible")):
            try:
                check_address()
                check_chat(chat_id)
                conversation = conversations.get_conversation(chat_id)
                if conversation is None:  # expired while the socket was open
                    raise Refused(404, "chat_no_encontrado", NOT_FOUND)
            except Refused as refused:
                error(refused.detail, error=refused.code, **({"retry_after": refused.wait} if refused.wait else {}))
                if refused.status == 404:
                    return
                continue
            _stream_json(ws, conversation, data)
    

def _stream_json(ws, conversation, data: dict) -> None:
    chat_id = conversation.chat_id

    def frame(kind: str, **extra) -> None:
        ws.send(json.dumps({"type": kind, "chat_id": chat_id, "timestamp": _now(), **extra}))

    frame("processing")
    frame("typing")
    started = {"sent": False}

    def on_chunk(chunk: str) -> None:
        if not started["sent"]:
            frame("response_start")
            started["sent"] = True
        frame("response_chunk", content=chunk)

    body = run_turn(clean_message(data["mensaje"]), conversation, _tone(data.get("tono")),
                    chat_staff(_frame_csrf(data)), "ws", on_chunk=on_chunk, shown=data.get("version_pedido"))
    if not started["sent"]:
        frame("response_start")
    frame("response_end", **body)


# --- the sidebar (HTML frames for htmx) ----------------------------------------------------------

@sock.route("/ws/sidebar")
def sidebar_socket(ws):
    """HTML frames for the htmx sidebar of this browser session (same chat as the cart)."""
    chat_id = session_chat_id()  # issued into the signed session by the page that opened this socket
    if chat_id is None:
        ws.send(notice_frame("Recarga la página para iniciar el chat."))
        return
    with _subscribed(chat_id) as live:
        _sidebar_loop(ws, chat_id, live)


def _sidebar_loop(ws, chat_id: str, live) -> None:
    while True:
        for event in live.poll():
            ws.send(staff_frame(json.loads(event)))
        db.session.close()  # an open socket holds no database connection between messages
        try:
            data, problem = _read_frame(ws)
        except ConnectionClosed:
            return
        if problem:
            ws.send(notice_frame(problem))
            continue
        if data is None:
            continue
        message = clean_message(data["mensaje"])
        db.session.expire_all()  # a socket lives long: read what other requests wrote since
        with _unless_database_down(lambda: ws.send(notice_frame(UNAVAILABLE))):
            try:
                check_address()
                conversation = conversations.get_conversation(chat_id) or conversations.create_conversation(chat_id)
                check_chat(chat_id)
            except Refused as refused:
                ws.send(refused_frame(message, refused.wait))
                continue
            message_id = new_message_id()
            ws.send(start_frame(message, message_id))
            body = run_turn(message, conversation, _tone(data.get("tono")), chat_staff(_frame_csrf(data)),
                            "ws-sidebar", on_chunk=lambda chunk: ws.send(chunk_frame(message_id, chunk)),
                            shown=data.get("version_pedido"))
            ws.send(end_frame(message_id, body, body["metadatos"]["unidades"]))
    