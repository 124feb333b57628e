"""One offline turn's context: what was said, the state, the tools, the voice, the output."""
from __future__ import annotations

from ..replies import Voice
from ..state import DialogueState
from ..tools import OrderSummary, ProductCard, Toolbox
from ..understanding.signals import Signals


class Turn:
    def __init__(self, signals: Signals, box: Toolbox, voice: Voice, out):
        self.s = signals
        self.box = box
        self.v = voice
        self.out = out
        self.asked = False  # this turn's reply ends with a question to the customer
        self.memo: dict = {}  # look-ups several rules repeat within the turn, each computed once
        self.pending_before = box.ctx.state.pending  # the question the previous reply left open

    def remember(self, key, compute):
        """`compute()` once per turn for this key (the catalogue does not change while a turn reads it)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def found(self, phrase: str):
        """What the catalogue holds for the words alone (`resolve` with no unit, count or scope), once per turn."""
        from ..resolution import resolve
        return self.remember(("found", phrase), lambda: resolve(self.box, phrase))

    @property
    def state(self) -> DialogueState:
        return self.box.ctx.state

    @property
    def staff(self):
        return self.box.ctx.staff

    def say(self, message_id: str, **params) -> None:
        self.out.say(self.v.say(message_id, **params))

    def say_text(self, text: str) -> None:
        if text:
            self.out.say(text)

    def ask(self, message_id: str, **params) -> None:
        self.say(message_id, **params)
        self.asked = True

    def order(self) -> OrderSummary:
        """The open order as it is now (the engine's own read, not a tool call of the policy)."""
        return self.box.peek_order()

    def mention(self, cards: list[ProductCard]) -> None:
        self.box.ctx.mention(cards)
        self.state.mentioned = [c.id for c in cards][:10]
