"""Provider SDK clients, made once per app (and per setting) and kept on `app.extensions`."""
from __future__ import annotations

import threading

from flask import current_app, has_app_context

KEY = "vendedor_llm_clients"
_lock = threading.Lock()


class NotConfigured(Exception):
    """The provider has no key (and no compatible base URL)."""


def _cache() -> dict:
    if not has_app_context():
        return {}
    return current_app.extensions.setdefault(KEY, {})


def _cached(key: tuple, factory):
    cache = _cache()
    with _lock:
        client = cache.get(key)
        if client is None:
            client = cache[key] = factory()
    return client


def openai_client(config):
    base_url = config.get("OPENAI_BASE_URL") or None
    api_key = config.get("OPENAI_API_KEY") or None
    timeout = float(config.get("LLM_TIMEOUT_SECONDS") or 10.0)
    if not api_key and not base_url:
        raise NotConfigured("OPENAI_API_KEY no está configurada")

    def make():
        from openai import OpenAI
        # No retries: the turn waits at most the timeout, then the offline agent answers.
        return OpenAI(api_key=api_key or "sin-clave", base_url=base_url, timeout=timeout, max_retries=0)
    return _cached(("openai", base_url, api_key, timeout), make)


def gemini_client(config):
    base_url = config.get("GEMINI_BASE_URL") or None
    api_key = config.get("GOOGLE_API_KEY") or None
    timeout = float(config.get("LLM_TIMEOUT_SECONDS") or 10.0)
    if not api_key and not base_url:
        raise NotConfigured("GOOGLE_API_KEY no está configurada")

    def make():
        from google import genai
        from google.genai import types
        options = types.HttpOptions(base_url=base_url, timeout=int(timeout * 1000))
        return genai.Client(api_key=api_key or "sin-clave", http_options=options)
    return _cached(("gemini", base_url, api_key, timeout), make)


def close_clients(app) -> None:
    """Close every client made for this app (tests, shutdown)."""
    with _lock:
        clients = list(app.extensions.pop(KEY, {}).values())
    for client in clients:
        try:
            client.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
