"""`GET /health/ready` (readiness) and `GET /metrics` (Prometheus; token or loopback only)."""
from __future__ import annotations

import hmac
import ipaddress

from flask import Response, current_app, request

from .. import metrics
from ..errors import json_error
from ..openapi import models as m, operation
from ..services import readiness
from . import bp

FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


@bp.get("/health/ready")
@operation("Operación", "Preparación: 200 si la base de datos (y Redis, si está configurado) responden; si no, 503.",
           {200: m.Ready, 503: m.Ready})
def ready():
    """200 while this instance can serve (database, and Redis when configured, reachable); else 503."""
    checks = readiness.check()
    ok = all(state in ("ok", "no_configurado") for state in checks.values())
    return {"status": "listo" if ok else "no_listo", **checks}, 200 if ok else 503


def _direct_from_loopback() -> bool:
    if any(header in request.headers for header in FORWARDING_HEADERS):
        return False  # came through a proxy: whoever asked is elsewhere
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
@operation("Operación", "Métricas Prometheus: con `METRICS_TOKEN` (Bearer), o solo directo desde la propia máquina.",
           {200: "text/plain", 401: m.Error, 403: m.Error})
def metrics_text():
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            response = json_error(401, "no_autorizado", "Envía el token de métricas: Authorization: Bearer <token>.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
    elif not _direct_from_loopback():
        return json_error(403, "prohibido", "Sin METRICS_TOKEN las métricas solo se sirven en la propia máquina.")
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)
