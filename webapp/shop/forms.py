"""The checkout form: fields kept and errors named on failure."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired


class CheckoutForm(FlaskForm):
    order_code = HiddenField()
    order_token = HiddenField()  # the order as this page showed it (lines and prices)
    nombre = StringField("Nombre completo")
    cedula = StringField("Cédula")
    telefono = StringField("Celular")
    email = StringField("Correo electrónico")
    direccion = StringField("Dirección")
    barrio = StringField("Barrio")
    ciudad = StringField("Municipio o ciudad")
    departamento = StringField("Departamento")
    indicaciones_entrega = TextAreaField("Indicaciones de entrega (opcional)")
    metodo_pago = RadioField("¿Cómo quieres pagar?", choices=[], validate_choice=False)
    acepto_datos = BooleanField("Autorizo el tratamiento de mis datos para este pedido",
                                validators=[DataRequired("Debes autorizar el tratamiento de datos para continuar.")])

    FIELD_FOR = {"name": "nombre", "cedula": "cedula", "phone": "telefono", "email": "email",
                 "address": "direccion", "neighborhood": "barrio", "delivery_notes": "indicaciones_entrega",
                 "city": "ciudad", "department": "departamento"}

    def offer_payment_methods(self, methods, chosen: str | None) -> None:
        """The shop's enabled methods as choices; the cart's (or the shop's default) preselected."""
        self.metodo_pago.choices = [(m.code, m.name) for m in methods]
        if not self.metodo_pago.data or self.metodo_pago.data not in {m.code for m in methods}:
            self.metodo_pago.data = chosen or (methods[0].code if methods else None)

    def destination_values(self) -> dict:
        return {"ciudad": self.ciudad.data or "", "departamento": self.departamento.data or ""}

    def customer_values(self) -> dict:
        return {attr: getattr(self, name).data or "" for attr, name in self.FIELD_FOR.items()}

    def add_errors(self, errors: dict[str, str]) -> None:
        for attr, message in errors.items():
            field = getattr(self, self.FIELD_FOR.get(attr, attr), None)
            if field is not None:
                field.errors = list(field.errors or []) + [message]
