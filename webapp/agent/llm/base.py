"""What both LLM policies share: when to decline, the context, tool execution, the turn's type.

A provider class only talks to its API: it streams text to `out`, asks for tools
through `run_tool` and raises on any failure. Everything the shop decides stays here
or in the deterministic dialogue.
"""
from __future__ import annotations

import json
import logging
import time
from abc import ABC, abstractmethod

from ..dialogue import CLOSED, COLLECTING, CONFIRMING
from ..understanding.intents import Analysis, analyze, classify_stateless
from . import privacy
from .prompts import system_prompt
from .schemas import clean_arguments, declared

log = logging.getLogger(__name__)

MAX_ROUNDS = 5          # model requests per turn (tool-call rounds included)
HISTORY = 10            # messages of context, the current one included
ORDER_TOOLS = frozenset({"add_to_order", "set_line_quantity", "remove_from_order", "view_order",
                         "create_quote", "cancel_order", "place_order", "set_customer_details"})
CATALOG_TOOLS = frozenset({"search_products", "product_details", "list_catalog", "related_products"})
MUTATING = frozenset({"add_to_order", "set_line_quantity", "remove_from_order"})


class LLMError(Exception):
    """The provider failed or answered nonsense; the offline policy answers the turn."""


class LLMTimeout(LLMError):
    pass


class Message:
    """One context message, provider-neutral."""

    __slots__ = ("role", "text")

    def __init__(self, role: str, text: str):
        self.role, self.text = role, text


class LLMPolicy(ABC):
    name = "llm"

    def __init__(self, config):
        self.config = config
        self.timeout = float(config.get("LLM_TIMEOUT_SECONDS") or 10.0)
        self.temperature = 0.3

    # --- the turn -------------------------------------------------------------------------

    def respond(self, text: str, tools, voice, out, history=None) -> str | None:
        """Answer through `out.stream`; the turn's tipo_mensaje, or None to let the offline policy answer."""
        analysis = analyze(text)
        if self.declines(text, analysis, tools):
            return None
        ctx = tools.ctx
        mark = (len(ctx.calls), len(ctx.changes), dict(ctx.cards), ctx.quote_url)
        turn = _Turn(self, tools, out)
        try:
            self.converse(turn, self.system(tools, voice), self.context(text, history))
            if not turn.text.strip():
                raise LLMError("respuesta vacía")
        except Exception:
            self.undo(tools, mark)
            raise
        self.after_success(tools, mark)
        return self.message_type(analysis, [c["tool"] for c in ctx.calls[mark[0]:]])

    def declines(self, text: str, a: Analysis, tools) -> bool:
        """Turns the deterministic flow owns: checkout, customer data, confirming/cancelling an order."""
        if tools.ctx.state.get("stage") in (COLLECTING, CONFIRMING):
            return True
        if a.is_customer_data or privacy.carries_pii(text):
            return True
        if a.customer_lookup or a.human_handoff:
            return True  # look-ups carry PII (the offline policy answers them without a provider)
        if (a.confirm or a.deny or a.cancel) and _quietly(tools, tools.view_order)["lineas"]:
            return True
        return False

    # --- context ----------------------------------------------------------------------------

    def system(self, tools, voice) -> str:
        shop = _quietly(tools, tools.company_info).get("nombre", "")
        return system_prompt(shop, voice.tone, staff=tools.ctx.staff is not None)

    def context(self, text: str, history) -> list[Message]:
        items = list(history or [])
        if not items or items[-1].get("rol") != "usuario" or items[-1].get("texto") != text:
            items.append({"rol": "usuario", "texto": text})
        items = privacy.mask_history(items[-HISTORY:])
        return [Message("user" if i["rol"] == "usuario" else "assistant", i["texto"]) for i in items if i["texto"]]

    def tool_declarations(self, tools) -> list[tuple[str, str, dict]]:
        return declared(tools.names)

    # --- provider hook -----------------------------------------------------------------------

    @abstractmethod
    def converse(self, turn: _Turn, system: str, messages: list[Message]) -> None:
        """Talk to the provider: stream text into the turn, run the tool calls it asks for."""

    # --- after the turn ---------------------------------------------------------------------

    @staticmethod
    def message_type(a: Analysis, called: list[str]) -> str:
        names = set(called)
        if names & ORDER_TOOLS:
            return "venta"
        if "lookup_customer" in names:
            return "cliente"
        if "company_info" in names:
            return "contexto"
        if names & CATALOG_TOOLS:
            return "inventario"
        return classify_stateless(a)

    @staticmethod
    def after_success(tools, mark) -> None:
        """Keep the dialogue state coherent with what the model changed."""
        state = tools.ctx.state
        state.pop("choice", None)  # a pending offline question was answered by the model
        changes = tools.ctx.changes[mark[1]:]
        if not changes:
            return
        state["wants_to_buy"] = True
        state.pop("early_confirm", None)
        if state.get("stage") == CLOSED:
            state["stage"] = None
        last = changes[-1]
        if last.get("despues"):
            state["last_line"] = last["producto_id"]

    @staticmethod
    def undo(tools, mark) -> None:
        """A failed turn leaves the order as it found it (the offline policy redoes the message)."""
        ctx = tools.ctx
        calls, changes, cards, quote_url = mark
        for change in reversed(ctx.changes[changes:]):
            try:
                if change["antes"]:
                    tools.set_line_quantity(change["producto_id"], change["antes"])
                else:
                    tools.remove_from_order(change["producto_id"])
            except Exception:  # noqa: BLE001 - best effort; the failure is already being handled
                log.exception("No se pudo deshacer un cambio del proveedor LLM")
        del ctx.calls[calls:]
        del ctx.changes[changes:]
        ctx.cards.clear()
        ctx.cards.update(cards)
        ctx.quote_url = quote_url


class _Turn:
    """One turn's streaming output and tool runs, with the time limit."""

    def __init__(self, policy: LLMPolicy, tools, out):
        self.policy, self.tools, self.out = policy, tools, out
        self.parts: list[str] = []
        self.round_text = False    # this round has streamed text
        self.round_start = 0
        self.rounds = 0
        self.deadline = 0.0

    @property
    def text(self) -> str:
        return "".join(self.parts)

    @property
    def this_round(self) -> str:
        """The text streamed since the current request started."""
        return "".join(self.parts[self.round_start:]).strip()

    def next_round(self) -> None:
        """Before each request to the provider: counts rounds, sets the request's deadline."""
        self.rounds += 1
        if self.rounds > MAX_ROUNDS:
            raise LLMError(f"más de {MAX_ROUNDS} rondas de herramientas")
        self.round_text = False
        self.round_start = len(self.parts)
        self.deadline = time.monotonic() + self.policy.timeout

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LLMTimeout("el proveedor superó el tiempo de respuesta")

    def stream(self, delta) -> None:
        """A text delta from the provider, passed on as it arrives."""
        self.check_time()
        if not isinstance(delta, str):
            raise LLMError("fragmento de texto inválido")
        if not delta:
            return
        if not self.round_text and self.parts:
            delta = "\n\n" + delta.lstrip()
        self.round_text = True
        self.parts.append(delta)
        self.out.stream(delta)

    def run_tool(self, name, arguments) -> object:
        """Run a declared tool with the model's arguments; the result as the model may see it."""
        if not isinstance(name, str) or name not in {n for n, _, _ in self.policy.tool_declarations(self.tools)}:
            return {"error": "herramienta_no_disponible", "detalle": f"La herramienta {name} no está disponible."}
        if isinstance(arguments, str):
            try:
                arguments = json.loads(arguments or "{}")
            except json.JSONDecodeError as exc:
                raise LLMError(f"argumentos no son JSON: {name}") from exc
        if arguments is None:
            arguments = {}
        if not isinstance(arguments, dict):
            raise LLMError(f"argumentos de {name} no son un objeto")
        try:
            args = clean_arguments(name, arguments)
        except ValueError as exc:  # the model can correct itself in the next round
            return {"error": "argumentos_invalidos", "detalle": str(exc)}
        result = self.tools.call(name, **args)
        if name == "lookup_customer":
            result = privacy.mask_customer_result(result)
        return result


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _quietly(tools, fn, *args):
    """Call a tool without recording it (the policy's own reads are not the model's calls)."""
    mark = len(tools.ctx.calls)
    try:
        return fn(*args)
    finally:
        del tools.ctx.calls[mark:]
