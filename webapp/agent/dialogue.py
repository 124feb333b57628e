"""The offline policy: dialogue state first, then the message's intent → tools → reply.

Deterministic, no network. Works on any catalogue: products are found through
the catalogue search tool, never by names written here.
"""
from __future__ import annotations

import re

from ..money import format_cop
from ..services.validation import FIELD_LABELS, REQUIRED, validate_field, validate_quantity
from .replies import Voice
from .resolution import pick_option, resolve
from .tools import Tools
from .understanding.customer_data import extract_customer_data
from .understanding.intents import Analysis, analyze

ADD_WORDS = re.compile(r"(?<![a-z])(agrega\w*|agregar|anade\w*|anadir|suma\w*|mas|otro|otra|otros|otras|adicional\w*)(?![a-z])")
COLLECTING, CONFIRMING, CLOSED = "collecting", "confirming", "closed"
CATALOG_PER_CATEGORY = 6
LIST_LIMIT = 6
MIN_COVERAGE = 0.5  # at least half the words must match for a free-text product answer


class OfflinePolicy:
    name = "offline"

    def respond(self, text: str, tools: Tools, voice: Voice, out) -> str:
        """Reply to one message through `out.say`; return its `tipo_mensaje`."""
        return _Turn(text, tools, voice, out).run()


class _Turn:
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
        if choice and len(choice["options"]) == 1 and not a.items and (
                _bare_quantity(a.normalized) or (a.confirm and not self.order()["lineas"])):
            self.state.pop("choice", None)
            return self.apply_choice(choice["options"][0], {**choice, "quantity": _bare_quantity(a.normalized) or 1})
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

    # --- checkout -----------------------------------------------------------------------

    def start_checkout(self, confirmed: bool) -> str:
        self.state["stage"] = COLLECTING
        draft = self.tools.customer_draft()
        if confirmed and not all(f in draft for f in REQUIRED):
            # counts once the data is complete; data already known is read back first
            self.state["early_confirm"] = True
        if not self.state.get("privacy_shown"):
            self.say(self.v.privacy_notice())
            self.state["privacy_shown"] = True
        return self.after_data()

    def after_data(self, errors: dict | None = None) -> str:
        """Ask for what is missing or wrong, read back, or place when already confirmed."""
        draft = self.tools.customer_draft()
        missing = [f for f in REQUIRED if f not in draft]
        if errors:
            for field, message in errors.items():
                self.say(f"{message} " + self.v.t(f"¿Me escribes de nuevo tu {FIELD_LABELS[field]}?",
                                                  f"¿Me indica de nuevo su {FIELD_LABELS[field]}?"))
            still = [FIELD_LABELS[f] for f in missing if f not in errors]
            if still:
                self.say(self.v.t("También me falta: ", "También me falta: ") + ", ".join(still) + ".")
            self.state["pending_field"] = next(iter(errors))
            self.state["stage"] = COLLECTING
            return "venta"
        if missing:
            self.state["stage"] = COLLECTING
            self.state["pending_field"] = missing[0]
            if len(missing) == 1 or len(missing) < len(REQUIRED) and draft:
                self.say(self.v.ask_field(missing[0]))
            else:
                self.say(self.v.ask_all_data(missing))
            return "venta"
        self.state.pop("pending_field", None)
        if self.state.get("early_confirm"):
            return self.place()
        self.state["stage"] = CONFIRMING
        self.read_back()
        self.say(self.v.confirm_question())
        return "venta"

    def read_back(self) -> None:
        draft = self.tools.customer_draft()
        data = ", ".join(draft[f] for f in ("name", "cedula", "phone", "email", "address", "neighborhood", "delivery_notes") if draft.get(f))
        self.say(self.v.t("Este es tu pedido:", "Este es su pedido:") + "\n" + self.v.order_lines(self.order())
                 + "\n" + self.v.t("Datos de entrega: ", "Datos de entrega: ") + data)
        self.tools.ctx.confirmation = True

    def checkout_step(self, stage: str) -> str | None:
        a = self.a
        if a.cancel:
            return self.cancel()
        data = extract_customer_data(self.text, expected_field=self.state.get("pending_field"))
        about_the_order = a.buy or a.remove or a.change_quantity or a.view_order or a.quote \
            or a.asks_price or a.asks_stock or a.company_topic or a.is_question
        if data.found and (a.is_customer_data or not about_the_order):
            return self.take_data(data)
        if stage == CONFIRMING and a.confirm:
            return self.place()
        if stage == COLLECTING and a.confirm and not (a.items or a.buy):
            self.state["early_confirm"] = True
            return self.after_data()
        if stage == CONFIRMING and a.deny:
            self.state["stage"] = None
            self.say(self.v.t("Listo, no lo confirmo todavía. ¿Qué quieres cambiar?", "Entendido, no lo confirmo todavía. ¿Qué desea cambiar?"))
            return "venta"
        return None

    def take_data(self, data) -> str:
        result = self.tools.set_customer_details(**data.values) if data.values else {"errores": {}}
        errors = dict(result["errores"])
        for field, raw in data.invalid.items():
            message = validate_field(field, raw)[1] or f"Revisa tu {FIELD_LABELS[field]}."
            errors.setdefault(field, f"«{raw}»: {message}")
        got = [FIELD_LABELS[f] for f in data.values if f not in errors]
        if got:
            self.say(self.v.t("¡Gracias! Anoté: ", "Gracias. Registré: ") + ", ".join(got) + ".")
        if not self.order()["lineas"]:
            for message in errors.values():
                self.say(message)
            self.say(self.v.t("Guardé tus datos. ¿Qué productos quieres pedir?", "Guardé sus datos. ¿Qué productos desea pedir?"))
            return "venta"
        if self.state.get("stage") not in (COLLECTING, CONFIRMING):
            self.state["stage"] = COLLECTING
        return self.after_data(errors)

    def customer_data_first(self) -> str:
        data = extract_customer_data(self.text)
        if not self.state.get("privacy_shown"):
            self.say(self.v.privacy_notice())
            self.state["privacy_shown"] = True
        return self.take_data(data)

    def place(self) -> str:
        result = self.tools.place_order()
        if result.get("error") == "datos_invalidos":
            return self.after_data(result.get("campos"))
        if result.get("error"):
            self.state["stage"] = None
            self.state.pop("early_confirm", None)
            self.say(result["detalle"] + " " + self.v.t("Ajustemos el pedido: dime qué cambio.", "Ajustemos el pedido: indíqueme qué cambio."))
            return "venta"
        self.state.update({"stage": CLOSED, "last_sale_id": result["venta_id"]})
        for key in ("early_confirm", "wants_to_buy", "pending_field"):
            self.state.pop(key, None)
        self.say(self.v.order_lines(result["pedido"]))
        self.say(self.v.placed(result["venta_id"], format_cop(result["total"])))
        return "venta"

    def handoff(self) -> str:
        later = self.tools.request_human().get("proxima_atencion")
        if later:
            self.say(self.v.t(f"Ahora estamos fuera de horario; un asesor te responderá por este chat {later}. Mientras tanto, puedo ayudarte con precios y pedidos.",
                              f"En este momento estamos fuera de horario; un asesor le responderá por este chat {later}. Mientras tanto, puedo ayudarle con precios y pedidos."))
        else:
            self.say(self.v.t("Claro, ya le aviso a un asesor para que te atienda por este mismo chat. Mientras tanto, puedo ayudarte con precios y pedidos.",
                              "Con gusto, ya le aviso a un asesor para que le atienda por este mismo chat. Mientras tanto, puedo ayudarle con precios y pedidos."))
        return "general"

    # --- questions ------------------------------------------------------------------------

    def customer_lookup(self) -> str:
        if "lookup_customer" not in self.tools.names:
            self.say(self.v.t("Por privacidad no puedo compartir información de otros clientes. Si es sobre tu propio pedido, con gusto te ayudo aquí.",
                              "Por privacidad no podemos compartir información de otros clientes. Si es sobre su propio pedido, con gusto le ayudo aquí."))
            return "cliente"
        query = self.a.lookup_query
        if not query:
            self.say("¿De qué cliente? Escribe su cédula o su nombre.")
            return "cliente"
        result = self.tools.call("lookup_customer", query=query)
        if not result.get("encontrados"):
            self.say(f"No encontré clientes con «{query}».")
            return "cliente"
        for c in result["clientes"]:
            stats = c["estadisticas"]
            lines = [f"{c['nombre']} (cédula {c['cedula']})", f"Tel: {c['telefono']} · {c['email']}",
                     f"Dirección: {c['direccion']}" + (f", {c['barrio']}" if c["barrio"] else ""),
                     f"Compras: {stats['compras']} · Total comprado: {format_cop(stats['total_comprado'])}"
                     + (f" · Última: {stats['ultima_compra']}" if stats["ultima_compra"] else "")]
            lines += [f"• Pedido #{s['id']} ({s['fecha']}, {s['estado']}): {format_cop(s['total'])}" for s in c["ventas"]]
            self.say("\n".join(lines))
        return "cliente"

    def company(self) -> str:
        info = self.tools.company_info(self.a.company_topic)
        if "texto" in info:
            self.say(f"{info['titulo']}:\n{info['texto']}")
        else:
            sections = info["secciones"]
            if sections:
                first = next(iter(sections.items()))
                self.say(f"{info['nombre']}. {first[1]}")
            else:
                self.say(f"Somos {info['nombre']}.")
        return "contexto"

    def catalogue(self) -> str:
        grouped = self.tools.list_catalog(per_category=CATALOG_PER_CATEGORY)
        if not grouped:
            self.say(self.v.t("Por ahora no tengo productos disponibles.", "Por ahora no tenemos productos disponibles."))
            return "inventario"
        self.say(self.v.t("Esto es lo que tenemos disponible:", "Este es nuestro catálogo disponible:"))
        for category, block in grouped.items():
            lines = [self.v.product_line(c) for c in block["productos"]]
            more = block["total"] - len(block["productos"])
            if more > 0:
                lines.append(f"…y {more} más (escribe «{category.lower()}» para verlos).")
            self.say(f"{category}:\n" + "\n".join(lines))
        self.say(self.v.t("¿Cuál te interesa?", "¿Cuál le interesa?"))
        return "inventario"

    def inventory(self) -> str:
        phrases = [p for p in (_product_words(i.phrase) for i in self.a.items) if p]
        if not phrases and (self.a.asks_price or self.a.asks_stock) and self.state.get("last_line"):
            # "¿cuánto vale?" right after talking about a product
            self.describe([self.tools.product_details(self.state["last_line"])])
            return "inventario"
        phrases = phrases or [self.a.normalized]
        product_question = self.a.asks_price or self.a.asks_stock or self.a.wants_catalog
        shown, missing = False, []
        for phrase in phrases:
            results = [r for r in self.tools.search_products(phrase, limit=LIST_LIMIT) if r["cobertura"] >= MIN_COVERAGE]
            if not results:
                missing.append(phrase)
                continue
            shown = True
            self.describe(results)
        if missing and not shown and not product_question:
            return self.fallback()
        if missing:
            self.not_found(" / ".join(missing))
        if not shown and (self.a.asks_price or self.a.asks_stock) and self.state.get("last_line"):
            self.describe([self.tools.product_details(self.state["last_line"])])
        return "inventario"

    def describe(self, cards: list[dict]) -> None:
        self.mention(cards)
        if len(cards) == 1:
            card = cards[0]
            stock = f"hay {card['stock']} disponibles" if card["stock"] > 0 else "está agotado por ahora"
            self.say(f"{card['nombre']} cuesta {card['precio_texto']} y {stock}." +
                     (f" {card['descripcion']}" if card.get("descripcion") else ""))
            if card["stock"] <= 0:
                self.suggest_related(card)
            else:
                self.say(self.v.t("¿Cuántas unidades quieres?", "¿Cuántas unidades desea?"))
            self.state["last_line"] = card["id"]
            self.state["choice"] = {"options": [card["id"]], "quantity": None, "action": "add"}
            return
        self.say("\n".join(self.v.product_line(c) for c in cards))
        self.state["choice"] = {"options": [c["id"] for c in cards], "quantity": None, "action": "add"}
        self.say(self.v.t("¿Cuál te interesa y cuántas unidades?", "¿Cuál le interesa y cuántas unidades?"))

    def fallback(self) -> str:
        results = self.tools.search_products(self.text, limit=LIST_LIMIT) if len(self.a.normalized) > 2 else []
        results = [r for r in results if r["cobertura"] >= MIN_COVERAGE]
        if results:
            self.describe(results)
            return "inventario"
        self.say(self.v.help())
        return "general"


def _bare_quantity(normalized: str) -> int | None:
    """A reply that is only a number ("3", "tres", "quiero 3")."""
    from .understanding.numbers import words_to_int
    words = [w for w in normalized.split() if w not in ("quiero", "dame", "deme", "unidades", "unidad", "por", "favor")]
    if not words:
        return None
    value = words_to_int(" ".join(words))
    return value if value and 0 < value <= 1000 else None


QUESTION_WORDS = frozenset("""cuanto cuanta cuantos cuantas vale valen cuesta cuestan sale salen precio precios
    valor valores costo hay tienen tiene quedan queda disponible disponibles stock existencias es son
    me el la los las de del por favor y""".split())


def _product_words(phrase: str) -> str:
    """A phrase without the words of the question itself ("cuanto vale el casco" -> "casco")."""
    return " ".join(w for w in phrase.split() if w not in QUESTION_WORDS)


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
