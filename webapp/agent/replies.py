"""The reply catalogue (`replies.toml`): every text the assistant says, by id, in two registers.

    voice = Voice("formal")
    voice.say("added", quantity=2, name="Cuaderno", price="$4.500")

`amigable` speaks tú, `formal` usted; a conversation keeps one register throughout. Error
codes raised by the services are worded here too (`voice.error(code, **details)`).
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from ..money import format_cop

PATH = Path(__file__).with_name("replies.toml")
TONES = ("amigable", "formal")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Message id → {"amigable": text, "formal": text} (dotted ids for nested tables)."""
    with PATH.open("rb") as handle:
        data = tomllib.load(handle)
    found: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            if not isinstance(value, dict):
                continue
            name = f"{prefix}{key}"
            if "texto" in value:
                found[name] = {"amigable": value["texto"], "formal": value["texto"]}
            elif "amigable" in value and "formal" in value:
                found[name] = {"amigable": value["amigable"], "formal": value["formal"]}
            walk(f"{name}.", {k: v for k, v in value.items() if isinstance(v, dict)})
    walk("", data)
    return found


class Voice:
    def __init__(self, tone: str | None):
        self.tone = tone if tone in TONES else "amigable"

    def say(self, message_id: str, **params) -> str:
        try:
            texts = catalogue()[message_id]
        except KeyError:
            raise KeyError(f"no reply {message_id!r} in the catalogue") from None
        return texts[self.tone].format(**params)

    def has(self, message_id: str) -> bool:
        return message_id in catalogue()

    def error(self, code: str, **details) -> str:
        """A service's error code in this register (unknown codes get a neutral sentence)."""
        message_id = f"error.{code}"
        if not self.has(message_id):
            return self.say("error.desconocido")
        try:
            return self.say(message_id, **details)
        except KeyError:
            return self.say("error.desconocido")

    # --- building blocks ---------------------------------------------------------------------

    def product_line(self, card, show_stock: bool = True) -> str:
        return self.say("line.product", name=card.name, price=card.price_text,
                        status=self._status(card) if show_stock else "")

    def option_lines(self, cards) -> str:
        return "\n".join(self.say("line.option", number=i, name=c.name, price=c.price_text,
                                  status="" if c.stock > 0 else self.say("line.product_sold_out"))
                         for i, c in enumerate(cards, 1))

    def order_lines(self, order) -> str:
        lines = [self.say("line.order", quantity=ln.quantity, name=ln.name, price=format_cop(ln.unit_price),
                          subtotal=format_cop(ln.subtotal)) for ln in order.lines]
        return "\n".join(lines + [self.say("line.total", total=format_cop(order.total))])

    def _status(self, card) -> str:
        if card.stock > 0:
            return self.say("line.product_stock_one" if card.stock == 1 else "line.product_stock", stock=card.stock)
        return self.say("line.product_sold_out")
