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

from ..routing import MessageType, classify
from ..state import PendingKind
from ..tools import Result, Toolbox, clean_arguments, declared
from ..understanding.signals import Signals
from . import privacy
from .prompts import system_prompt

log = logging.getLogger(__name__)

MAX_ROUNDS = 5          # model requests per turn (tool-call rounds included)
HISTORY = 10            # messages of context, the current one included


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

    def respond(self, text: str, signals: Signals, box: Toolbox, voice, out, history=None) -> MessageType | None:
        """Answer through `out.stream`; the turn's type, or None to let the offline policy answer.

        Runs inside the turn's savepoint: on any failure the caller rolls everything back.
        The engine's rules hold whatever the model asks: a question never changes the order
        (the order tools refuse), placing and customer data are not offered at all.
        """
        if self.declines(signals, box):
            return None
        box.ctx.changes_allowed = not signals.asks_info
        mark = len(box.ctx.calls)
        turn = _Turn(self, box, out)
        self.converse(turn, self.system(box, voice), self.context(text, history))
        if not turn.text.strip():
            raise LLMError("respuesta vacía")
        state = box.ctx.state
        if state.pending is not None and state.pending.kind in (PendingKind.CHOICE, PendingKind.OFFER):
            state.release()  # the model answered instead of the offline question
        return classify(signals, [c["tool"] for c in box.ctx.calls[mark:]])

    def declines(self, s: Signals, box: Toolbox) -> bool:
        """Turns the deterministic flow owns: checkout, customer data, answers to its own questions."""
        state = box.ctx.state
        if state.in_checkout:
            return True
        if s.data().found or privacy.carries_pii(s.text):
            return True
        if s.lookup or s.handoff or s.other_person or s.instructs:
            return True  # look-ups carry PII (the offline policy answers them without a provider)
        if state.pending is not None and (s.confirm or s.deny or s.bare_quantity or s.ordinal or s.take_it):
            return True
        if (s.confirm or s.deny or s.cancel or s.finish) and box.peek_order().lines:
            return True
        return False

    # --- context ----------------------------------------------------------------------------

    def system(self, box: Toolbox, voice) -> str:
        from ...services import company
        return system_prompt(company.company_name(), voice.tone, staff=box.ctx.staff is not None)

    def context(self, text: str, history) -> list[Message]:
        items = list(history or [])
        if not items or items[-1].get("rol") != "usuario" or items[-1].get("texto") != text:
            items.append({"rol": "usuario", "texto": text})
        items = privacy.mask_history(items[-HISTORY:])
        return [Message("user" if i["rol"] == "usuario" else "assistant", i["texto"]) for i in items if i["texto"]]

    def tool_declarations(self, box: Toolbox) -> list[tuple[str, str, dict]]:
        return declared(staff=box.ctx.staff is not None)

    # --- provider hook -----------------------------------------------------------------------

    @abstractmethod
    def converse(self, turn: _Turn, system: str, messages: list[Message]) -> None:
        """Talk to the provider: stream text into the turn, run the tool calls it asks for."""


class _Turn:
    """One turn's streaming output and tool runs, with the time limit."""

    def __init__(self, policy: LLMPolicy, box: Toolbox, out):
        self.policy, self.tools, self.out = policy, box, out
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
        offered = {n for n, _, _ in self.policy.tool_declarations(self.tools)}
        if not isinstance(name, str) or name not in offered:
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
        if name == "lookup_customer" and isinstance(result, list):
            return {"clientes": [r.masked() for r in result],
                    "nota": "Los datos de contacto se ocultan al asistente; el personal los ve en /admin."}
        return _as_json(result)


def _as_json(result):
    if isinstance(result, Result):
        data = result.to_json()
        if getattr(result, "ok", True) is False:
            return {"error": data.get("code"), "detalle": data.get("detail"), **data.get("params", {})}
        return data
    if isinstance(result, list):
        return [_as_json(r) for r in result]
    return result


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
