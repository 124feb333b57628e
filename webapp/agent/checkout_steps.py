"""The offline policy's checkout: collect and check the customer's data, read back, place."""
from __future__ import annotations

from ..money import format_cop
from ..services.validation import FIELD_LABELS, REQUIRED, validate_field
from .understanding.customer_data import extract_customer_data

COLLECTING, CONFIRMING, CLOSED = "collecting", "confirming", "closed"


class CheckoutSteps:
    """Mixed into the offline policy's turn (uses its say/order/tools/state)."""

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
