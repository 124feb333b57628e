"""Spanish reply texts in two registers: `amigable` (tú, warm) and `formal` (usted)."""
from __future__ import annotations

from ..money import format_cop
from ..services.validation import FIELD_LABELS

TONES = ("amigable", "formal")
FIELD_QUESTIONS = {
    "name": ("¿A nombre de quién va el pedido?", "¿A nombre de quién registramos el pedido?"),
    "cedula": ("¿Cuál es tu número de cédula?", "¿Me indica su número de cédula, por favor?"),
    "phone": ("¿A qué celular te contactamos?", "¿A qué número de celular le contactamos?"),
    "email": ("¿Cuál es tu correo electrónico?", "¿Me indica su correo electrónico?"),
    "address": ("¿Cuál es la dirección de entrega?", "¿Cuál es la dirección de entrega?"),
    "neighborhood": ("¿En qué barrio queda?", "¿En qué barrio queda?"),
}


class Voice:
    def __init__(self, tone: str | None):
        self.tone = tone if tone in TONES else "amigable"

    def t(self, friendly: str, formal: str) -> str:
        return friendly if self.tone == "amigable" else formal

    # --- building blocks ---------------------------------------------------------

    @staticmethod
    def product_line(card: dict, show_stock: bool = True) -> str:
        stock = card["stock"]
        status = (f" ({stock} disponibles)" if stock > 0 else " (agotado)") if show_stock else ""
        return f"• {card['nombre']}: {card['precio_texto']}{status}"

    @staticmethod
    def order_lines(pedido: dict) -> str:
        lines = [f"• {ln['cantidad']} × {ln['nombre']} a {format_cop(ln['precio_unitario'])} = {format_cop(ln['subtotal'])}"
                 for ln in pedido["lineas"]]
        return "\n".join(lines + [f"Total: {format_cop(pedido['total'])}"])

    def greeting(self, shop: str) -> str:
        shop = shop.rstrip(".")
        return self.t(f"¡Hola! 👋 Soy el asistente de {shop}. Te ayudo a encontrar productos, ver precios y hacer tu pedido. ¿Qué necesitas?",
                      f"Buen día. Soy el asistente de {shop}. Con gusto le ayudo a encontrar productos, consultar precios y hacer su pedido. ¿Qué necesita?")

    def help(self) -> str:
        return self.t("Puedo mostrarte el catálogo, darte precios y stock, armar tu pedido y cotizaciones. Por ejemplo: «qué tienen», «precio de …» o «quiero 2 …».",
                      "Puedo mostrarle el catálogo, darle precios y disponibilidad, armar su pedido y cotizaciones. Por ejemplo: «qué tienen», «precio de …» o «quiero 2 …».")

    def thanks(self) -> str:
        return self.t("¡Con gusto! Si necesitas algo más, aquí estoy.", "Con mucho gusto. Quedo atento si necesita algo más.")

    def ask_which(self, phrase: str, options: list[dict]) -> str:
        listing = "\n".join(f"{i}. {c['nombre']}: {c['precio_texto']}" + ("" if c["stock"] > 0 else " (agotado)")
                            for i, c in enumerate(options, 1))
        return self.t(f"Tengo varias opciones de «{phrase}». ¿Cuál quieres?\n{listing}",
                      f"Tenemos varias opciones de «{phrase}». ¿Cuál prefiere?\n{listing}")

    def not_found(self, phrase: str) -> str:
        return self.t(f"No encontré «{phrase}» en el catálogo.", f"No encontramos «{phrase}» en el catálogo.")

    def ask_field(self, field: str) -> str:
        friendly, formal = FIELD_QUESTIONS[field]
        return self.t(friendly, formal)

    def ask_all_data(self, missing: list[str]) -> str:
        labels = ", ".join(FIELD_LABELS[f] for f in missing)
        return self.t(f"Para el despacho necesito: {labels} (y si quieres, barrio e indicaciones de entrega). Puedes enviarlos en un solo mensaje separados por comas.",
                      f"Para el despacho necesito: {labels} (y, si lo desea, barrio e indicaciones de entrega). Puede enviarlos en un solo mensaje separados por comas.")

    def privacy_notice(self) -> str:
        return self.t("Usamos tus datos solo para este pedido, según nuestra política de tratamiento de datos (Ley 1581 de 2012): /privacidad.",
                      "Usamos sus datos solo para este pedido, según nuestra política de tratamiento de datos (Ley 1581 de 2012): /privacidad.")

    def confirm_question(self) -> str:
        return self.t("¿Confirmas el pedido? Responde «sí» para confirmarlo o dime qué quieres cambiar.",
                      "¿Confirma el pedido? Responda «sí» para confirmarlo o indíqueme qué desea cambiar.")

    def placed(self, sale_id: int, total: str) -> str:
        return self.t(f"¡Listo! Tu pedido #{sale_id} quedó registrado por {total}. Te contactaremos para coordinar la entrega. ¡Gracias por tu compra! 🎉",
                      f"Su pedido #{sale_id} quedó registrado por {total}. Le contactaremos para coordinar la entrega. Gracias por su compra.")

    def cancelled(self) -> str:
        return self.t("Listo, cancelé el pedido. Si cambias de opinión, aquí estoy.",
                      "Entendido, el pedido quedó cancelado. Quedo atento si desea retomarlo.")

    def empty_order(self) -> str:
        return self.t("Tu pedido está vacío por ahora. ¿Qué te gustaría llevar?",
                      "Su pedido está vacío por ahora. ¿Qué desea llevar?")
