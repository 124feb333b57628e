"""LLM policies (OpenAI, Gemini) behind one interface, with the offline policy as fallback.

    policy = make_policy("openai", app.config)
    tipo = policy.respond(text, tools, voice, out, history)   # None: the offline policy answers

`respond` declines (returns None before any network call) the turns the deterministic
flow owns — checkout, customer data, confirming or cancelling an order — and raises on
any provider failure; the assistant catches, counts and lets the offline policy answer.
"""
from __future__ import annotations

from .base import LLMError, LLMPolicy, LLMTimeout
from .clients import NotConfigured, close_clients
from .gemini_policy import GeminiPolicy
from .openai_policy import OpenAIPolicy

POLICIES = {"openai": OpenAIPolicy, "gemini": GeminiPolicy}

__all__ = ["LLMError", "LLMPolicy", "LLMTimeout", "NotConfigured", "close_clients", "make_policy",
           "GeminiPolicy", "OpenAIPolicy"]


def make_policy(provider: str, config) -> LLMPolicy:
    try:
        return POLICIES[provider](config)
    except KeyError:
        raise ValueError(f"Proveedor LLM desconocido: {provider!r} (usa openai o gemini)") from None
