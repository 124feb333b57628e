"""Who may send a chat message now: one budget for every door (HTTP, uploads, websockets).

- Per conversation: `RATE_LIMIT_CHAT` (default 30/minute;600/hour); the message that
  opens a chat counts against the new chat.
- Per client address, all conversations together: `RATE_LIMIT_CHAT_IP` (default
  300/minute; many customers share one carrier address).

Counted in `ratelimits` (Redis with REDIS_URL: shared by every worker).
"""
from __future__ import annotations

from flask import current_app, request

from .. import ratelimits
from ..models import Conversation
from ..web import UnknownChat, browser_conversation, resolve_chat

POLITE = "Vas muy rápido 🙂. Espera un momento y vuelve a escribirme."
NOT_FOUND = "No existe esa conversación (o ya venció). Empieza una nueva sin chat_id."


class Refused(Exception):
    """The message cannot go through: 404 (unknown chat) or 429 (over a budget, `wait` seconds)."""

    def __init__(self, status: int, code: str, detail: str, wait: int = 0):
        super().__init__(detail)
        self.status, self.code, self.detail, self.wait = status, code, detail, wait


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def client_address() -> str:
    return request.remote_addr or "desconocida"


def _check(limits: str, key: str) -> None:
    if not _enabled():
        return
    ok, wait = ratelimits.hit(limits, key)
    if not ok:
        raise Refused(429, "demasiadas_solicitudes", f"{POLITE} Inténtalo de nuevo {retry_text(wait)}.", wait)


def check_address() -> None:
    _check(current_app.config["RATE_LIMIT_CHAT_IP"], "chat-ip:" + client_address())


def check_chat(chat_id: str) -> None:
    _check(current_app.config["RATE_LIMIT_CHAT"], "chat-conv:" + chat_id)


def admit(chat_id) -> Conversation:
    """The conversation this message goes to, counted against both budgets (or Refused)."""
    check_address()
    try:
        conversation = resolve_chat(chat_id)
    except UnknownChat:
        raise Refused(404, "chat_no_encontrado", NOT_FOUND) from None
    check_chat(conversation.chat_id)
    return conversation


def admit_browser() -> Conversation:
    """This browser session's conversation (created on first use), counted like `admit`."""
    check_address()
    conversation = browser_conversation(create=True)
    check_chat(conversation.chat_id)
    return conversation


def retry_text(wait: int) -> str:
    if wait < 60:
        return f"en {wait} s"
    minutes = -(-wait // 60)
    return f"en {minutes} min"
