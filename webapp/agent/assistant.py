"""One chat turn: store the message, let a policy answer through the tools, store the reply.

The reply is produced in parts; `on_chunk` receives each as it is produced
(the websocket streams them). The LLM policy, when configured, answers first
and the offline policy takes over the turn if it fails.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import current_app

from .. import metrics
from ..extensions import db
from ..models import StaffUser
from ..services import conversations, orders
from .dialogue import CLOSED, COLLECTING, CONFIRMING, OfflinePolicy
from .replies import Voice
from .tools import ToolContext, Tools

log = logging.getLogger(__name__)
MAX_MESSAGE = 2000
FALLBACKS = {"count": 0}


class Output:
    """Collects the reply; paragraphs from `say`, raw deltas from `stream`."""

    def __init__(self, on_chunk=None):
        self.parts: list[str] = []
        self.on_chunk = on_chunk

    def say(self, text: str) -> None:
        chunk = ("\n\n" if self.parts else "") + text
        self.stream(chunk)

    def stream(self, delta: str) -> None:
        if not delta:
            return
        self.parts.append(delta)
        if self.on_chunk:
            self.on_chunk(delta)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


@dataclass
class TurnResult:
    body: dict
    chat_id: str


def sale_state(state: dict, pedido: dict) -> str | None:
    """The contract's `estado_venta` from the dialogue state and the order."""
    stage = state.get("stage")
    if pedido["lineas"]:
        if stage == CONFIRMING:
            return "listo_para_finalizar"
        if stage == COLLECTING:
            return "recolectando_datos"
        return "pendiente"
    if stage == CLOSED:
        return "cerrada"
    return "iniciada" if state.get("wants_to_buy") else None


def llm_policy():
    provider = current_app.config.get("LLM_PROVIDER", "offline")
    if provider in ("openai", "gemini"):
        from .llm import make_policy
        return make_policy(provider, current_app.config)
    return None


def handle_notice(user_label: str, reply: str, chat_id: str | None = None) -> TurnResult:
    """A turn the agent could not process (e.g. an image offline): stored, answered with `reply`."""
    conversation = conversations.get_or_create_conversation(chat_id)
    conversations.add_message(conversation, "usuario", user_label)
    conversations.add_message(conversation, "agente", reply, message_type="general", provider="offline")
    state = dict(conversation.state or {})
    pedido = orders.view_json(orders.view(orders.open_order(conversation)))
    body = {"respuesta": reply, "chat_id": conversation.chat_id, "tipo_mensaje": "general",
            "estado_venta": sale_state(state, pedido), "pedido": pedido, "venta_id": None,
            "metadatos": {"proveedor": "offline", "fallback": False, "herramientas": [], "productos": [],
                          "cambios": [], "confirmacion": False, "cotizacion_url": None, "atendido_por": None,
                          "unidades": sum(ln["cantidad"] for ln in pedido["lineas"])}}
    return TurnResult(body=body, chat_id=conversation.chat_id)


def handle_turn(message: str, chat_id: str | None = None, tone: str | None = None,
                staff: StaffUser | None = None, on_chunk=None) -> TurnResult:
    started = time.perf_counter()
    conversation = conversations.get_or_create_conversation(chat_id)
    conversations.add_message(conversation, "usuario", message, commit=False)
    state = dict(conversation.state or {})
    context = ToolContext(conversation=conversation, state=state, staff=staff)
    tools = Tools(context)
    voice = Voice(tone or state.get("tone"))
    if tone:
        state["tone"] = voice.tone
    out = Output(on_chunk)

    provider, fallback = "offline", False
    if conversation.staff_user_id is not None:
        message_type = "general"  # a person is answering this chat
    else:
        policy = llm_policy()
        message_type = None
        if policy is not None:
            try:
                message_type = policy.respond(message, tools, voice, out, history=_history(conversation))
                if message_type is not None:  # None: the policy declined, the offline one answers
                    provider = policy.name
            except Exception as exc:  # noqa: BLE001 - any provider failure falls back
                fallback = True
                FALLBACKS["count"] += 1
                log.warning("Proveedor LLM %s falló (%s); responde el agente offline.", policy.name, type(exc).__name__)
                if out.parts:
                    out.stream("\n\n")
        if message_type is None:
            message_type = OfflinePolicy().respond(message, tools, voice, out)

    mark = len(context.calls)
    pedido = tools.view_order()
    del context.calls[mark:]  # the assistant's own read is not a tool the policy called
    if context.sale_id is None and state.get("stage") == CLOSED and not pedido["lineas"]:
        sale_id = state.get("last_sale_id")
    else:
        sale_id = context.sale_id
    conversations.save_state(conversation, state, commit=False)
    latency = int((time.perf_counter() - started) * 1000)
    reply = out.text
    if reply:
        conversations.add_message(conversation, "agente", reply, message_type=message_type, tools=context.calls,
                                  provider=provider, fallback=fallback, latency_ms=latency, commit=False)
    db.session.commit()  # state and reply together
    metrics.record_turn(message_type, provider, fallback)
    body = {
        "respuesta": reply,
        "chat_id": conversation.chat_id,
        "tipo_mensaje": message_type,
        "estado_venta": sale_state(state, pedido),
        "pedido": pedido,
        "venta_id": sale_id if sale_state(state, pedido) == "cerrada" else None,
        "metadatos": {
            "proveedor": provider,
            "fallback": fallback,
            "latencia_ms": latency,
            "herramientas": [c["tool"] for c in context.calls],
            "productos": list(context.cards.values())[:8],
            "cambios": context.changes,
            "confirmacion": context.confirmation,
            "cotizacion_url": context.quote_url,
            "atendido_por": conversation.staff_user.display_name if conversation.staff_user_id else None,
            "unidades": sum(ln["cantidad"] for ln in pedido["lineas"]),
        },
    }
    return TurnResult(body=body, chat_id=conversation.chat_id)


def _history(conversation, limit: int = 10) -> list[dict]:
    """The last messages as context for an LLM (the current one included)."""
    return [{"rol": m.role, "texto": m.text} for m in conversations.messages(conversation, limit=limit)]
