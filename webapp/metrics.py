"""Prometheus metrics: the objects and the small functions the shop records them with.

Served at `GET /metrics` (webapp/ops). With several gunicorn workers, gunicorn.conf.py sets
PROMETHEUS_MULTIPROC_DIR before the workers start, each worker writes its figures there and
/metrics adds them up (prometheus-client's multiprocess mode).
"""
from __future__ import annotations

import os
import time

from flask import current_app, g, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram,
                               generate_latest)

REQUEST_SECONDS = Histogram(
    "vendedor_request_duration_seconds", "Time to answer an HTTP request, by endpoint.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
AGENT_TURNS = Counter("vendedor_agent_turns", "Assistant turns answered, by message type and provider.",
                      ["tipo_mensaje", "provider"])
LLM_FALLBACKS = Counter("vendedor_llm_fallbacks", "Turns the offline agent answered because the configured "
                        "language model failed, by that provider.", ["provider"])
WEBSOCKETS = Gauge("vendedor_websocket_connections", "Websockets open now.", multiprocess_mode="livesum")
SALES = Counter("vendedor_sales_placed", "Sales placed, by channel (chat or web).", ["channel"])


def record_turn(message_type: str | None, provider: str, fallback: bool) -> None:
    """One assistant turn (`provider`: who answered); `fallback` when the configured language
    model failed and the offline agent answered instead."""
    AGENT_TURNS.labels(message_type or "ninguno", provider or "offline").inc()
    if fallback:
        LLM_FALLBACKS.labels(current_app.config.get("LLM_PROVIDER") or "desconocido").inc()


def websocket_opened() -> None:
    WEBSOCKETS.inc()


def websocket_closed() -> None:
    WEBSOCKETS.dec()


def sale_placed(channel: str) -> None:
    SALES.labels(channel or "web").inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format (every worker's when they share a directory)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def _is_websocket() -> bool:
    return request.headers.get("Upgrade", "").lower() == "websocket"


def init_app(app) -> None:
    """Time every request by endpoint; count the websockets open (a socket's request lasts as long as it)."""

    @app.before_request
    def _start_clock():
        g.metrics_started = time.perf_counter()
        if _is_websocket():
            g.metrics_websocket = True
            websocket_opened()

    @app.after_request
    def _observe(response):
        started = g.pop("metrics_started", None)
        if started is not None and not g.get("metrics_websocket"):
            endpoint = request.url_rule.endpoint if request.url_rule else "sin_ruta"
            REQUEST_SECONDS.labels(endpoint, request.method, str(response.status_code)).observe(
                time.perf_counter() - started)
        return response

    @app.teardown_request
    def _socket_closed(_exc):
        if g.pop("metrics_websocket", False):
            websocket_closed()
