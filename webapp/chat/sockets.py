"""Websockets: the contract's JSON protocol at /ws/chat/<chat_id> and the sidebar's HTML frames."""
from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from datetime import datetime, timezone

from flask import session
from simple_websocket import ConnectionClosed

from ..agent.assistant import handle_turn
from ..extensions import sock
from ..realtime import Subscription
from ..security import current_staff
from ..services import conversations
from .limits import POLITE, allow_message
from .render import chunk_frame, end_frame, new_message_id, notice_frame, staff_frame, start_frame
from .routes import _token, _tone, clean_message

log = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


POLL_SECONDS = 0.25


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
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None, "El mensaje debe ser JSON."
    if not isinstance(data, dict):
        return None, "El mensaje debe ser un objeto JSON."
    if data.get("type", "message") != "message":
        return None, "Tipo de mensaje no soportado; usa type=message."
    if clean_message(data.get("mensaje")) is None:
        return None, "El mensaje no puede estar vacío ni superar 2000 caracteres."
    return data, None


@sock.route("/ws/chat/<chat_id>")
def chat_socket(ws, chat_id):
    """JSON protocol for bots and apps (CONTRACT.md §3)."""
    if not conversations.valid_chat_id(chat_id):
        ws.send(json.dumps({"type": "error", "detalle": "chat_id inválido."}))
        return
    staff = current_staff()
    with _subscribed(chat_id) as live:  # subscribed before saying "connected": no staff message falls between
        ws.send(json.dumps({"type": "connection_status", "status": "connected", "chat_id": chat_id,
                            "timestamp": _now()}))
        _json_loop(ws, chat_id, staff, live)


def _json_loop(ws, chat_id: str, staff, live) -> None:
    while True:
        for event in live.poll():
            event = json.loads(event)
            ws.send(json.dumps({"type": "staff_message" if event["kind"] == "message" else event["kind"],
                                "content": event["texto"], "asesor": event["asesor"], "chat_id": chat_id,
                                "timestamp": event["fecha"]}))
        try:
            data, problem = _read_frame(ws)
        except ConnectionClosed:
            return
        if problem:
            ws.send(json.dumps({"type": "error", "detalle": problem, "chat_id": chat_id, "timestamp": _now()}))
            continue
        if data is None:
            continue
        allowed, wait = allow_message()
        if not allowed:
            ws.send(json.dumps({"type": "error", "error": "demasiadas_solicitudes", "detalle": POLITE,
                                "retry_after": wait, "chat_id": chat_id, "timestamp": _now()}))
            continue
        _stream_json(ws, chat_id, data, staff)


def _stream_json(ws, chat_id: str, data: dict, staff) -> None:
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

    result = handle_turn(clean_message(data["mensaje"]), chat_id=chat_id, tone=_tone(data.get("tono")),
                         staff=staff, on_chunk=on_chunk, shown_token=_token(data.get("version_pedido")))
    if not started["sent"]:
        frame("response_start")
    frame("response_end", **result.body)


@sock.route("/ws/sidebar")
def sidebar_socket(ws):
    """HTML frames for the htmx sidebar of this browser session (same chat as the cart)."""
    chat_id = session.get("chat_id")  # set by the page that opened this socket
    if not conversations.valid_chat_id(chat_id):
        ws.send(notice_frame("Recarga la página para iniciar el chat."))
        return
    with _subscribed(chat_id) as live:
        _sidebar_loop(ws, chat_id, current_staff(), live)


def _sidebar_loop(ws, chat_id: str, staff, live) -> None:
    while True:
        for event in live.poll():
            ws.send(staff_frame(json.loads(event)))
        try:
            data, problem = _read_frame(ws)
        except ConnectionClosed:
            return
        if problem:
            ws.send(notice_frame(problem))
            continue
        if data is None:
            continue
        allowed, _ = allow_message()
        if not allowed:
            ws.send(notice_frame(POLITE))
            continue
        message = clean_message(data["mensaje"])
        message_id = new_message_id()
        ws.send(start_frame(message, message_id))
        result = handle_turn(message, chat_id=chat_id, tone=_tone(data.get("tono")), staff=staff,
                             on_chunk=lambda chunk: ws.send(chunk_frame(message_id, chunk)),
                             shown_token=_token(data.get("version_pedido")))
        ws.send(end_frame(message_id, result.body, result.body["metadatos"]["unidades"]))
