"""Structured application logs: one JSON object per line, with the request id.

- Every request gets an id: the client's `X-Request-ID` when it is a sane token
  (letters, digits, `-_.:`, up to 64), else a new one; the response echoes it.
- One `http` line per request: method, masked path (`services.masking.mask_path`:
  no query string, no cédula, chat id or order/quote code), status, latency.
- One `chat_turn` line per assistant turn: tipo_mensaje, provider, fallback,
  latency, the chat as a one-way reference (`chat_ref`).
- Every message passes through `mask_text` before it is written, so a cédula, phone
  or e-mail that slips into a message is masked too.
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from .services.masking import mask_path, mask_text, reference

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,64}$")
# a request line inside a message (the development server's access log)
REQUEST_LINE = re.compile(r'"([A-Z]{3,8}) (\S+) (HTTP/[\d.]+)"')
_HANDLER_MARK = "_vendedor_json"
http_log = logging.getLogger("webapp.http")
chat_log = logging.getLogger("webapp.chat")


class MaskedJsonFormatter(JsonFormatter):
    """JSON lines with the request id; the message and any traceback pass through mask_text."""

    def __init__(self):
        super().__init__("{asctime}{levelname}{name}{process}{message}", style="{",
                         rename_fields={"asctime": "fecha", "levelname": "nivel", "name": "logger",
                                        "process": "pid", "message": "mensaje"})

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        if "request_id" not in log_data and has_request_context():
            log_data["request_id"] = g.get("request_id")

    def process_log_record(self, log_data):
        for key in ("mensaje", "exc_info", "stack_info"):
            if isinstance(log_data.get(key), str):
                text = REQUEST_LINE.sub(lambda m: f'"{m.group(1)} {mask_path(m.group(2))} {m.group(3)}"', log_data[key])
                log_data[key] = mask_text(text)
        return super().process_log_record(log_data)


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(MaskedJsonFormatter())
    setattr(handler, _HANDLER_MARK, True)
    return handler


def configure(app: Flask) -> None:
    root = logging.getLogger()
    if not any(getattr(h, _HANDLER_MARK, False) for h in root.handlers):
        root.addHandler(json_handler())
    if root.level == logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)

    @app.before_request
    def _start():
        g.request_started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id")
        if request_id:
            response.headers["X-Request-ID"] = request_id
        started = g.get("request_started")
        if started is not None and not request.path.startswith("/static/"):
            http_log.info("http", extra={
                "evento": "http", "metodo": request.method, "ruta": mask_path(request.path),
                "estado": response.status_code, "latencia_ms": round((time.perf_counter() - started) * 1000, 1)})
        return response


def chat_turn(body: dict, door: str, started: float | None = None) -> None:
    """Log one assistant turn (the chat and any order code only as references)."""
    meta = body.get("metadatos") or {}
    extra = {"evento": "chat_turn", "canal": door, "chat_ref": reference(body.get("chat_id")),
             "tipo_mensaje": body.get("tipo_mensaje"), "proveedor": meta.get("proveedor"),
             "fallback": bool(meta.get("fallback")), "estado_venta": body.get("estado_venta"),
             "venta_id": body.get("venta_id"), "latencia_ms": meta.get("latencia_ms")}
    if started is not None:
        extra["latencia_total_ms"] = round((time.perf_counter() - started) * 1000, 1)
    chat_log.info("chat_turn", extra=extra)
