"""The offline policy's answers to questions: catalogue, products, company, customers, people."""
from __future__ import annotations

from ..money import format_cop

CATALOG_PER_CATEGORY = 6
LIST_LIMIT = 6
MIN_COVERAGE = 0.5  # at least half the words must match for a free-text product answer

QUESTION_WORDS = frozenset("""cuanto cuanta cuantos cuantas vale valen cuesta cuestan sale salen precio precios
    valor valores costo hay tienen tiene quedan queda disponible disponibles stock existencias es son
    me el la los las de del por favor y""".split())


def _product_words(phrase: str) -> str:
    """A phrase without the words of the question itself ("cuanto vale el casco" -> "casco")."""
    return " ".join(w for w in phrase.split() if w not in QUESTION_WORDS)


class Answers:
    """Mixed into the offline policy's turn (uses its say/tools/state and buying helpers)."""

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
