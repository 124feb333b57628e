"""The offline policy: dialogue state first, then the message's intent → tools → reply.

Deterministic, no network. Works on any catalogue: products are found through
the catalogue search tool, never by names written here.
"""
from __future__ import annotations

import re

from ..services.validation import validate_quantity
from .answers import Answers
from .checkout_steps import CLOSED, COLLECTING, CONFIRMING, CheckoutSteps
from .replies import Voice
from .resolution import pick_option, resolve
from .tools import Tools
from .understanding.intents import Analysis, analyze

ADD_WORDS = re.compile(r"(?<![a-z])(agrega\w*|agregar|anade\w*|anadir|suma\w*|mas|otro|otra|otros|otras|adicional\w*)(?![a-z])")
__all__ = ["CLOSED", "COLLECTING", "CONFIRMING", "OfflinePolicy"]
TAKE_WORDS = frozenset("""dame deme denme damelo damelos quiero me llevo agregalo agregalos agregala agregalas
    ponmelo ponmelos si porfa por favor ok listo""".split())
POINTING_WORDS = frozenset("ese esa esos esas este esta estos estas eso esto lo la los las uno una unos unas de ellos ellas".split())


class OfflinePolicy:
    name = "offline"

    def respond(self, text: str, tools: Tools, voice: Voice, out) -> str:
        """Reply to one message through `out.say`; return its `tipo_mensaje`."""
        return _Turn(text, tools, voice, out).run()


class _Turn(CheckoutSteps, Answers):
    def __init__(self, text: str, tools: Tools, voice: Voice, out):
        self.text, self.tools, self.v, self.out = text, tools, voice, out
        self.state = tools.ctx.state
        self.a: Analysis = analyze(text)

    # --- helpers ---------------------------------------------------------------

    def say(self, text: str) -> None:
        self.out.say(text)

    def order(self) -> dict:
        return self.tools.view_order()

    def mention(self, cards: list[dict]) -> None:
        for card in cards:
            self.tools.ctx.cards[card["id"]] = card

    def order_changed(self) -> None:
        """A changed order needs a fresh confirmation."""
        self.state.pop("early_confirm", None)
        if self.state.get("stage") in (CONFIRMING, CLOSED):
            self.state["stage"] = None

    # --- the turn -----------------------------------------------------------------

    def run(self) -> str:
        a = self.a
        choice = self.state.get("choice")
        pointing = all(set(i.phrase.split()) <= POINTING_WORDS for i in a.items)
        if choice and len(choice["options"]) == 1 and pointing and (
                _bare_quantity(a.normalized) or (a.confirm and not self.order()["lineas"])
                or (a.buy and a.items) or _takes_it(a.normalized)):
            # "3", "sí", "dame esos" right after one product was shown
            self.state.pop("choice", None)
            quantity = _bare_quantity(a.normalized) or next((i.quantity for i in a.items if i.quantity), None) or 1
            return self.apply_choice(choice["options"][0], {**choice, "quantity": quantity})
        if choice and len(a.items) <= 1 and not (a.cancel or a.customer_lookup or a.company_topic
                                                  or a.wants_catalog or a.view_order):
            picked = pick_option(self.tools, self.text, a.normalized, choice["options"])
            if picked is not None:
                self.state.pop("choice", None)
                return self.apply_choice(picked, choice)
        self.state.pop("choice", None)

        stage = self.state.get("stage")
        if stage in (COLLECTING, CONFIRMING):
            handled = self.checkout_step(stage)
            if handled:
                return handled

        if a.customer_lookup:
            return self.customer_lookup()
        if a.human_handoff:
            return self.handoff()
        if a.cancel:
            return self.cancel()
        if a.remove:
            return self.remove()
        if a.change_quantity:
            return self.change_quantity()
        if a.quote:
            return self.quote()
        if a.buy or any(i.quantity for i in a.items) or any(i.relative for i in a.items):
            return self.buy()
        if a.view_order:
            return self.show_order()
        if a.is_customer_data:
            return self.customer_data_first()
        if a.confirm and self.order()["lineas"]:
            return self.start_checkout(confirmed=True)
        if a.company_topic:
            return self.company()
        if a.wants_catalog:
            return self.catalogue()
        if a.items or a.asks_price or a.asks_stock:
            return self.inventory()
        if a.greeting:
            self.say(self.v.greeting(self.tools.company_info()["nombre"]))
            return "general"
        if a.thanks or a.goodbye:
            self.say(self.v.thanks())
            return "general"
        if a.deny or a.confirm:
            self.say(self.v.t("Perfecto. ¿Te ayudo con algo más?", "Perfecto. ¿Le ayudo con algo más?") if a.confirm
                     else self.v.t("Entendido. ¿Te ayudo con algo más?", "Entendido. ¿Le ayudo con algo más?"))
            return "general"
        return self.fallback()

    # --- buying -----------------------------------------------------------------------

    def buy(self) -> str:
        items = [i for i in self.a.items if i.phrase]
        if not items:
            self.state["wants_to_buy"] = True
            if self.order()["lineas"] and self.a.confirm:
                return self.start_checkout(confirmed=True)
            self.say(self.v.t("¡Claro! ¿Qué producto quieres y cuántas unidades?",
                              "Con gusto. ¿Qué producto desea y cuántas unidades?"))
            return "venta"
        self.state["wants_to_buy"] = True
        adding = bool(ADD_WORDS.search(self.a.normalized))
        changed = False
        in_cart = [ln["producto_id"] for ln in self.order()["lineas"]]
        for item in items:
            problem = validate_quantity(item.quantity) if item.quantity is not None else None
            if problem:
                self.say(problem)
                continue
            found = resolve(self.tools, item.phrase)
            if (item.relative or adding) and found.ambiguous and in_cart:
                # "agrega otro casco": the casco already in the order
                mine = resolve(self.tools, item.phrase, within=in_cart)
                found = mine if mine.product else found
            if found.ambiguous:
                self.ask_choice(item.phrase, found.options, item.quantity, "add")
                continue
            if found.product is None:
                self.not_found(item.phrase)
                continue
            changed |= self.put(found.product, item.quantity, relative=item.relative or adding)
        if changed:
            self.order_changed()
            self.summary(ask_next=not self.state.get("choice"))
        return "venta"

    def put(self, card: dict, quantity: int | None, relative: bool) -> bool:
        """Add to or set a line; explain refusals (stock, availability). True if the order changed."""
        current = {ln["producto_id"]: ln["cantidad"] for ln in self.order()["lineas"]}
        quantity = quantity or 1
        if card["id"] in current and not relative:
            result = self.tools.set_line_quantity(card["id"], quantity)
        else:
            result = self.tools.add_to_order(card["id"], quantity)
        if result.get("error"):
            self.refused(card, result)
            return False
        change = result["cambio"]
        self.state["last_line"] = card["id"]
        self.mention([card])
        if change["antes"]:
            self.say(f"Actualicé {card['nombre']}: ahora son {change['despues']} (antes {change['antes']}).")
        else:
            self.say(self.v.t(f"Agregué {change['despues']} × {card['nombre']} ({card['precio_texto']} c/u) a tu pedido. ✅",
                              f"Agregué {change['despues']} × {card['nombre']} ({card['precio_texto']} c/u) a su pedido."))
        return True

    def refused(self, card: dict, result: dict) -> None:
        if result["error"] == "sin_stock":
            available = result.get("disponible", card["stock"])
            if available:
                self.say(self.v.t(f"De {card['nombre']} solo tengo {available} unidades disponibles. ¿Quieres que te agregue esas {available}?",
                                  f"De {card['nombre']} solo tenemos {available} unidades disponibles. ¿Desea que le agregue esas {available}?"))
            else:
                self.say(f"{card['nombre']} está agotado por ahora.")
            self.suggest_related(card)
        else:
            self.say(result.get("detalle", "No pude hacer ese cambio."))

    def suggest_related(self, card: dict) -> None:
        related = self.tools.related_products(card["id"])
        if related:
            self.say(self.v.t("Te puede servir:", "Le puede servir:") + "\n" + "\n".join(self.v.product_line(c) for c in related))

    def ask_choice(self, phrase: str, options: list[dict], quantity: int | None, action: str) -> None:
        self.mention(options)
        self.state["choice"] = {"options": [o["id"] for o in options], "quantity": quantity, "action": action}
        self.say(self.v.ask_which(phrase, options))

    def apply_choice(self, product_id: int, choice: dict) -> str:
        card = self.tools.product_details(product_id)
        if choice.get("action") == "info":
            self.describe([card])
            return "inventario"
        quantity = (self.a.items[0].quantity if self.a.items and self.a.items[0].quantity else None) \
            or _number_outside_name(self.a.normalized, card["nombre"]) or choice.get("quantity")
        if self.put(card, quantity, relative=True):
            self.order_changed()
            self.summary(ask_next=True)
        if choice.get("action") == "quote":
            return self.quote(items_done=True)
        return "venta"

    def not_found(self, phrase: str) -> None:
        self.say(self.v.not_found(phrase) + " " + self.v.t("¿Quieres ver el catálogo? Escribe «catálogo».",
                                                           "¿Desea ver el catálogo? Escriba «catálogo»."))

    def summary(self, ask_next: bool) -> None:
        pedido = self.order()
        if not pedido["lineas"]:
            self.say(self.v.empty_order())
            return
        self.say(self.v.t("Tu pedido va así:", "Su pedido va así:") + "\n" + self.v.order_lines(pedido))
        if ask_next:
            self.say(self.v.t("¿Quieres algo más o procedemos con el pedido?", "¿Desea algo más o procedemos con el pedido?"))

    def target_line(self, phrase: str | None) -> dict | None:
        """The order line a change talks about: named, else the last touched, else the only one."""
        lines = self.order()["lineas"]
        if not lines:
            return None
        ids = [ln["producto_id"] for ln in lines]
        if phrase:
            found = resolve(self.tools, phrase, within=ids)
            if found.product:
                return next(ln for ln in lines if ln["producto_id"] == found.product["id"])
            return None
        last = self.state.get("last_line")
        if last in ids and not phrase:
            return next(ln for ln in lines if ln["producto_id"] == last)
        return lines[0] if len(lines) == 1 else None

    def change_quantity(self) -> str:
        line = self.target_line(self.a.quantity_change_phrase)
        if line is None:
            if not self.order()["lineas"]:
                self.say(self.v.empty_order())
            else:
                self.say(self.v.t("¿De cuál producto cambio la cantidad?", "¿De cuál producto cambio la cantidad?") + "\n" + self.v.order_lines(self.order()))
            return "venta"
        card = self.tools.product_details(line["producto_id"])
        if self.put(card, self.a.quantity_change, relative=False):
            self.order_changed()
            self.summary(ask_next=True)
        return "venta"

    def remove(self) -> str:
        phrases = list(self.a.removal_phrases) or [self.a.removal_phrase or ""]
        removed = False
        for phrase in phrases:
            line = self.target_line(phrase or None)
            if line is None:
                if self.order()["lineas"]:
                    self.say(self.v.t(f"No encontré «{phrase}» en tu pedido.", f"No encontré «{phrase}» en su pedido.") if phrase
                             else "¿Cuál producto quito?")
                continue
            self.tools.remove_from_order(line["producto_id"])
            self.say(f"Quité {line['nombre']} del pedido.")
            removed = True
        if removed:
            self.order_changed()
            self.summary(ask_next=bool(self.order()["lineas"]))
        elif not self.order()["lineas"]:
            self.say(self.v.empty_order())
        return "venta"

    def cancel(self) -> str:
        if self.order()["lineas"]:
            self.tools.cancel_order()
            self.say(self.v.cancelled())
        else:
            self.say(self.v.t("No tienes un pedido abierto. ¿Te ayudo con algo más?", "No tiene un pedido abierto. ¿Le ayudo con algo más?"))
        for key in ("stage", "early_confirm", "wants_to_buy", "pending_field"):
            self.state.pop(key, None)
        return "venta"

    def show_order(self) -> str:
        pedido = self.order()
        if not pedido["lineas"]:
            self.say(self.v.empty_order())
        else:
            self.summary(ask_next=True)
        return "venta"

    def quote(self, items_done: bool = False) -> str:
        if not items_done:
            items = [i for i in self.a.items if i.phrase]
            for item in items:
                found = resolve(self.tools, item.phrase)
                if found.ambiguous:
                    self.ask_choice(item.phrase, found.options, item.quantity, "quote")
                    return "venta"
                if found.product is None:
                    self.not_found(item.phrase)
                    continue
                if self.put(found.product, item.quantity, relative=False):
                    self.order_changed()
        result = self.tools.create_quote()
        if result.get("error"):
            self.say(self.v.t("¿Qué productos quieres cotizar y cuántas unidades?", "¿Qué productos desea cotizar y cuántas unidades?"))
            return "venta"
        self.say(self.v.t("Aquí está tu cotización:", "Aquí está su cotización:") + "\n" + self.v.order_lines(result["pedido"]))
        self.say(f"Cotización imprimible (válida hasta el {result['valida_hasta']}): {result['url']}")
        self.say(self.v.t("Si quieres, procedemos con el pedido.", "Si lo desea, procedemos con el pedido."))
        return "venta"


def _bare_quantity(normalized: str) -> int | None:
    """A reply that is only a number ("3", "tres", "quiero 3")."""
    from .understanding.numbers import words_to_int
    words = [w for w in normalized.split() if w not in ("quiero", "dame", "deme", "unidades", "unidad", "por", "favor")]
    if not words:
        return None
    value = words_to_int(" ".join(words))
    return value if value and 0 < value <= 1000 else None

def _number_outside_name(normalized: str, name: str) -> int | None:
    """In "dame 2 galones" picking "Pintura … Galón", the 2 is how many (it is not in the name)."""
    from .understanding.numbers import parse_number_at
    from .understanding.text import tokens
    in_name = set(tokens(name))
    words = normalized.split()
    for i, word in enumerate(words):
        parsed = parse_number_at(words, i)
        if parsed and word not in in_name and 0 < parsed[0] <= 1000:
            return parsed[0]
    return None


def _takes_it(normalized: str) -> bool:
    """"dame esos", "me lo llevo", "agrégalo": taking the product just shown."""
    words = set(normalized.split())
    return bool(words) and words <= TAKE_WORDS | POINTING_WORDS and bool(words - {"si", "ok", "listo"})
