"""Errors: JSON `{"error", "detalle"}` for API clients, friendly pages for people."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

JSON_PREFIXES = ("/productos", "/clientes", "/ventas", "/pedidos", "/auth", "/health", "/info",
                 "/exportar", "/files", "/logs", "/chat/", "/api")
CODES = {400: "solicitud_invalida", 401: "no_autorizado", 403: "prohibido", 404: "no_encontrado",
         405: "metodo_no_permitido", 409: "conflicto", 413: "archivo_muy_grande",
         415: "tipo_no_soportado", 422: "datos_invalidos", 429: "demasiadas_solicitudes"}
MESSAGES = {400: "La solicitud no es válida.", 401: "Se requiere autenticación.",
            403: "No tienes permiso para esto.", 404: "No encontramos lo que buscas.",
            405: "Método no permitido.", 413: "El archivo o la solicitud es demasiado grande.",
            429: "Demasiadas solicitudes; espera un momento e inténtalo de nuevo.",
            500: "Ocurrió un error inesperado."}
UNAVAILABLE = "La tienda no puede atenderte en este momento; inténtalo de nuevo en unos segundos."
DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout)  # the database does not answer: 503, not 500


def json_error(status: int, code: str, detail: str, **extra):
    response = jsonify({"error": code, "detalle": detail, **extra})
    response.status_code = status
    return response


def wants_json() -> bool:
    return request.path.startswith(JSON_PREFIXES) or request.is_json


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        if wants_json():
            return json_error(400, "csrf_invalido", "El formulario expiró; recarga la página.")
        return render_template("errors/error.html", status=400,
                               message="El formulario expiró; recarga la página e inténtalo de nuevo."), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        detail = MESSAGES.get(status, exc.description or "Error")
        if wants_json():
            response = json_error(status, CODES.get(status, "error"), detail)
        else:
            response = app.make_response((render_template("errors/error.html", status=status, message=detail), status))
        if status == 429:
            retry = exc.get_response().headers.get("Retry-After") if hasattr(exc, "get_response") else None
            response.headers["Retry-After"] = retry or "60"
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(exc: Exception):  # the three of DATABASE_DOWN
        """The database does not answer (down, restarting, unreachable): 503 at once, and the next
        request tries again (the pool reconnects). The page is rendered without the database."""
        log.warning("Base de datos no disponible en %s %s: %s", request.method, request.path, type(exc).__name__)
        from .extensions import db
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is already gone
            pass
        if wants_json():
            response = json_error(503, "servicio_no_disponible", UNAVAILABLE)
        else:
            page = app.jinja_env.get_template("errors/unavailable.html").render(message=UNAVAILABLE)
            response = app.make_response((page, 503))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("Error inesperado en %s %s", request.method, request.path)
        from .extensions import db
        db.session.rollback()
        if wants_json():
            return json_error(500, "error_interno", MESSAGES[500])
        return render_template("errors/error.html", status=500, message=MESSAGES[500]), 500
