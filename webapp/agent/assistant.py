"""One chat turn: understand the message, let a policy answer through the tools, store it all.

The turn owns the transaction: services flush, the turn commits once at the end (the
customer's message, the reply, the dialogue state and any order change together). The LLM
policy, when configured, answers first inside a savepoint; if it fails, the savepoint is
rolled back — nothing it did remains — and the offline policy answers the same message.
The reply is produced in parts; `on_chunk` receives each as it is produced (the websocket
streams them).
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
from ..services.text import stem
from .replies import Voice
from .resolution import names_products
from .routing import MessageType, OfflinePolicy
from .state import DialogueState, Stage
from .tools import OrderSummary, ToolContext, Toolbox, catalogue_words
from .understanding.signals import understand

log = logging.getLogger(__name__)
MAX_MESSAGE = 2000
FALLBACKS = {"count": 0}
HISTORY = 10


class Output:
    """Collects the reply; paragraphs from `say`, raw deltas from `stream`."""

    def __init__(self, on_chunk=None):
        self.parts: list[str] = []
        self.on_chunk = on_chunk

    def say(self, text: str) -> None:
        self.stream(("\n\n" if self.parts else "") + text)

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


def sale_state(state: DialogueState, order: OrderSummary) -> str | None:
    """The contract's `estado_venta` from the dialogue state and the order."""
    if order.lines:
        if state.stage == Stage.CONFIRMING:
            return "listo_para_finalizar"
        if state.stage == Stage.COLLECTING:
            return "recolectando_datos"
        return "pendiente"
    if state.stage == Stage.CLOSED and state.last_sale_id:
        return "cerrada"
    return "iniciada" if state.wants_to_buy else None


def llm_policy():
    provider = current_app.config.get("LLM_PROVIDER", "offline")
    if provider in ("openai", "gemini"):
        from .llm import make_policy
        return make_policy(provider, current_app.config)
    return None


def _body(conversation, reply: str, message_type: str, state: DialogueState, order: OrderSummary,
          ctx: ToolContext | None, provider: str, fallback: bool, latency: int | None) -> dict:
    status = sale_state(state, order)
    sale_id = (ctx.sale_id if ctx else None) or (state.last_sale_id if status == "cerrada" else None)
    meta = {
        "proveedor": provider,
        "fallback": fallback,
        "herramientas": [c["tool"] for c in ctx.calls] if ctx else [],
        "productos": [card.card() for card in list(ctx.cards.values())[:8]] if ctx else [],
        "cambios": [change.change() for change in ctx.changes] if ctx else [],
        "confirmacion": bool(ctx and ctx.confirmation),
        "version_pedido": order.token,
        "cotizacion_url": ctx.quote_url if ctx else None,
        "pedido_url": f"/pedido/{ctx.sale_code}" if ctx and ctx.sale_code else None,
        "atendido_por": conversation.staff_user.display_name if conversation.staff_user_id else None,
        "unidades": order.units,
    }
    if latency is not None:
        meta["latencia_ms"] = latency
    return {"respuesta": reply, "chat_id": conversation.chat_id, "tipo_mensaje": message_type,
            "estado_venta": status, "pedido": order.contract(),
            "venta_id": sale_id if status == "cerrada" else None, "metadatos": meta}


def handle_notice(user_label: str, reply: str, chat_id: str | None = None) -> TurnResult:
    """A turn the agent could not process (e.g. an image offline): stored, answered with `reply`."""
    conversation = conversations.get_or_create_conversation(chat_id)
    conversations.add_message(conversation, "usuario", user_label)
    conversations.add_message(conversation, "agente", reply, message_type=MessageType.GENERAL.value,
                              provider="offline")
    state = DialogueState.from_json(conversation.state)
    box = Toolbox(ToolContext(conversation=conversation, state=state))
    body = _body(conversation, reply, MessageType.GENERAL.value, state, box.peek_order(), None, "offline", False,
                 None)
    db.session.commit()
    return TurnResult(body=body, chat_id=conversation.chat_id)


def handle_turn(message: str, chat_id: str | None = None, tone: str | None = None,
                staff: StaffUser | None = None, on_chunk=None, shown_token: str | None = None) -> TurnResult:
    started = time.perf_counter()
    conversation = conversations.get_or_create_conversation(chat_id)
    state = DialogueState.from_json(conversation.state)
    if tone in ("amigable", "formal"):
        state.tone = tone
    voice = Voice(state.tone)
    ctx = ToolContext(conversation=conversation, state=state, staff=staff, shown_token=shown_token)
    box = Toolbox(ctx)
    signals = understand(message, names_products=lambda word: names_products(box, word),
                         in_catalogue=lambda word: bool(catalogue_words({stem(word)})))
    out = Output(on_chunk)
    provider, fallback, message_type = "offline", False, None
    if conversation.staff_user_id is not None:
        message_type = MessageType.GENERAL  # a person is answering this chat
    else:
        policy = llm_policy()
        if policy is not None:
            message_type, fallback = _try_llm(policy, message, signals, box, voice, out, conversation)
            if message_type is not None:
                provider = policy.name
        if message_type is None:
            message_type = OfflinePolicy().respond(signals, box, voice, out)
    ctx.order = None
    order = box.peek_order()
    latency = int((time.perf_counter() - started) * 1000)
    reply = out.text
    conversations.add_message(conversation, "usuario", message)
    if reply:
        conversations.add_message(conversation, "agente", reply, message_type=str(message_type), tools=ctx.calls,
                                  provider=provider, fallback=fallback, latency_ms=latency)
    conversations.save_state(conversation, state.to_json())
    body = _body(conversation, reply, str(message_type), state, order, ctx, provider, fallback, latency)
    db.session.commit()  # state and reply together
    metrics.record_turn(str(message_type), provider, fallback)
    return TurnResult(body=body, chat_id=conversation.chat_id)


def _try_llm(policy, message, signals, box, voice, out, conversation):
    """The model's answer inside a savepoint; (None, True) after a failure, rolled back."""
    ctx = box.ctx
    before = DialogueState.from_json(ctx.state.to_json())
    mark = (len(ctx.calls), len(ctx.changes), dict(ctx.cards), ctx.quote_url)
    savepoint = db.session.begin_nested()
    try:
        message_type = policy.respond(message, signals, box, voice, out, history=_history(conversation, message))
    except Exception as exc:  # noqa: BLE001 - any provider failure falls back to the offline policy
        savepoint.rollback()
        FALLBACKS["count"] += 1
        log.warning("Proveedor LLM %s falló (%s); responde el agente offline.", policy.name, type(exc).__name__)
        ctx.state.__dict__.update(before.__dict__)
        del ctx.calls[mark[0]:]
        del ctx.changes[mark[1]:]
        ctx.cards.clear()
        ctx.cards.update(mark[2])
        ctx.quote_url, ctx.order = mark[3], None
        if out.parts:
            out.stream("\n\n")
        return None, True
    savepoint.commit()
    return message_type, False


def _history(conversation, message: str) -> list[dict]:
    """The last messages as context for an LLM, the current one included."""
    items = [{"rol": m.role, "texto": m.text} for m in conversations.messages(conversation, limit=HISTORY - 1)]
    return items + [{"rol": "usuario", "texto": message}]
