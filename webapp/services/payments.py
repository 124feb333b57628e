"""Payment methods the shop accepts, and how the customer pays with each.

The methods are known here (`KNOWN`: code, default name, default instructions, enabled
by default or not, and the provider that handles them); the shop's choices (enabled,
name, instructions, order) are rows of `PaymentMethod`. A method without a row uses its
defaults, so a new shop accepts contra entrega, transferencia and Nequi from the start.

Extension point for online gateways: every method names a `provider`. Today all are
`manual` (the customer pays outside the shop following the instructions; staff marks
the sale paid). A gateway (Wompi, PayU, Mercado Pago…) is a class with the same
interface registered in `PROVIDERS`, with `start()` returning where to send the customer
and `online = True`; checkout and the assistant only talk to `PaymentOption`. A gateway's
confirmation would call `mark_paid` like staff do.

A placed sale's payment status (`pendiente` / `pagado`, `paid_at`) changes here too:
`mark_paid` and `mark_pending` flush and audit-log; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, update

from ..extensions import db
from ..models import Order, OrderStatus, PaymentMethod, PaymentStatus
from ..models._common import utcnow
from . import audit
from .places import normalize

MAX_INSTRUCTIONS = 2000
MAX_NAME = 80


@dataclass(frozen=True)
class KnownMethod:
    code: str
    name: str
    instructions: str
    enabled: bool
    words: tuple[str, ...]  # how a customer names it in a chat, normalized
    provider: str = "manual"


KNOWN: tuple[KnownMethod, ...] = (
    KnownMethod("contraentrega", "Contra entrega",
                "Pagas en efectivo al recibir el pedido. Ten el valor exacto si puedes.", True,
                ("contraentrega", "contra entrega", "contra-entrega", "pago contra entrega", "al recibir",
                 "cuando llegue", "cuando me llegue", "en efectivo", "efectivo", "pago en casa")),
    KnownMethod("transferencia", "Transferencia bancaria",
                "Transfiere el total a nuestra cuenta y envíanos el comprobante por el chat o por correo. "
                "Escribe aquí el banco, el tipo y el número de cuenta.", True,
                ("transferencia", "transferencia bancaria", "consignacion", "consignar", "cuenta bancaria",
                 "bancolombia")),
    KnownMethod("nequi", "Nequi",
                "Envía el total a nuestro Nequi y compártenos el comprobante. Escribe aquí el número.", True,
                ("nequi",)),
    KnownMethod("daviplata", "Daviplata",
                "Envía el total a nuestro Daviplata y compártenos el comprobante. Escribe aquí el número.", False,
                ("daviplata", "davi plata")),
    KnownMethod("breb", "Bre-B (llave)",
                "Paga desde tu banco o billetera con nuestra llave Bre-B. Escribe aquí la llave.", False,
                ("bre b", "breb", "llave bre b")),
)
KNOWN_BY_CODE = {m.code: m for m in KNOWN}


class PaymentProvider(Protocol):
    """How a payment happens. `online` providers send the customer somewhere to pay."""

    online: bool

    def start(self, option: "PaymentOption", order) -> str | None:
        """Where to send the customer to pay (a URL), or None when they pay outside the shop."""


class ManualPayment:
    """The customer follows the instructions (cash on delivery, a transfer…); staff marks the sale paid."""

    online = False

    def start(self, option: "PaymentOption", order) -> str | None:
        return None


PROVIDERS: dict[str, PaymentProvider] = {"manual": ManualPayment()}


@dataclass(frozen=True)
class PaymentOption:
    """A payment method as the checkout, the e-mails and the assistant see it."""

    code: str
    name: str
    instructions: str
    enabled: bool
    position: int
    provider: str = "manual"

    @property
    def handler(self) -> PaymentProvider:
        return PROVIDERS[self.provider]

    @property
    def online(self) -> bool:
        return self.handler.online


def _option(known: KnownMethod, row: PaymentMethod | None, index: int) -> PaymentOption:
    if row is None:  # defaults 10, 20, 30…: room to put a method between two others
        return PaymentOption(known.code, known.name, known.instructions, known.enabled, (index + 1) * 10,
                             known.provider)
    return PaymentOption(known.code, row.name or known.name, row.instructions, row.enabled, row.position,
                         known.provider)


def all_methods() -> list[PaymentOption]:
    """Every known method with the shop's settings, in the shop's order."""
    rows = {r.code: r for r in db.session.scalars(select(PaymentMethod))}
    options = [_option(known, rows.get(known.code), index) for index, known in enumerate(KNOWN)]
    return sorted(options, key=lambda o: (o.position, KNOWN.index(KNOWN_BY_CODE[o.code])))


def enabled_methods() -> list[PaymentOption]:
    return [o for o in all_methods() if o.enabled]


def get_method(code: str | None, only_enabled: bool = True) -> PaymentOption | None:
    """The method with that code (`nequi`), None when unknown or (by default) disabled."""
    code = normalize(code).replace(" ", "")
    for option in all_methods():
        if option.code == code and (option.enabled or not only_enabled):
            return option
    return None


def default_method() -> PaymentOption | None:
    """The first enabled method (what the checkout preselects)."""
    methods = enabled_methods()
    return methods[0] if methods else None


def find_method(text: str | None, only_enabled: bool = False) -> PaymentOption | None:
    """The method a chat message names: "por nequi", "contraentrega", "transferencia bancaria", "daviplata".

    Found even when the shop has it disabled (the assistant then says it is not accepted)
    unless `only_enabled`."""
    words = f" {normalize(text)} "
    best: tuple[int, PaymentOption] | None = None
    for option in all_methods():
        known = KNOWN_BY_CODE[option.code]
        for phrase in (*known.words, normalize(option.name)):
            if phrase and f" {phrase} " in words and (best is None or len(phrase) > best[0]):
                if option.enabled or not only_enabled:
                    best = (len(phrase), option)
    return best[1] if best else None


class PaymentError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def update_method(code: str, name: str | None = None, instructions: str | None = None,
                  enabled: bool | None = None, position: int | None = None) -> PaymentOption:
    """Save the shop's settings for one method (flushes; the caller commits)."""
    known = KNOWN_BY_CODE.get(code)
    if known is None:
        raise PaymentError({"codigo": f"No existe el medio de pago {code}."})
    errors = {}
    if name is not None and not (1 <= len(name.strip()) <= MAX_NAME):
        errors["nombre"] = f"El nombre debe tener de 1 a {MAX_NAME} caracteres."
    if instructions is not None and len(instructions) > MAX_INSTRUCTIONS:
        errors["instrucciones"] = f"Las instrucciones admiten máximo {MAX_INSTRUCTIONS} caracteres."
    if errors:
        raise PaymentError(errors)
    row = db.session.scalar(select(PaymentMethod).where(PaymentMethod.code == code))
    if row is None:
        current = _option(known, None, KNOWN.index(known))
        row = PaymentMethod(code=code, name=current.name, instructions=current.instructions,
                            enabled=current.enabled, position=current.position)
        db.session.add(row)
    if name is not None:
        row.name = name.strip()
    if instructions is not None:
        row.instructions = instructions.strip()
    if enabled is not None:
        row.enabled = enabled
    if position is not None:
        row.position = position
    db.session.flush()
    return _option(known, row, row.position)


def payment_instructions(code: str | None) -> str:
    """The instructions to show with an order paid by `code` (empty when unknown)."""
    option = get_method(code, only_enabled=False)
    return option.instructions if option else ""


def method_name(code: str | None) -> str:
    """The name the shop gives the method `code` ("Nequi"), the code itself when unknown, "" when none."""
    if not code:
        return ""
    option = get_method(code, only_enabled=False)
    return option.name if option else code


# --- a sale's payment status (staff mark it paid, or back to pending) ------------------------------

class PaymentStatusError(ValueError):
    """The payment status could not change; the message is for the admin (tú)."""


def _set_status(order: Order, new_status: str, allowed: tuple[str, ...], user: str) -> Order:
    """One conditional UPDATE, so two staff members clicking at once change it once."""
    old_status = order.payment_status
    paid_at = utcnow() if new_status == PaymentStatus.PAID else None
    changed = db.session.execute(
        update(Order).where(Order.id == order.id, Order.payment_status != new_status, Order.status.in_(allowed))
        .values(payment_status=new_status, paid_at=paid_at, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(order)
    if changed != 1:
        if order.payment_status == new_status:
            raise PaymentStatusError(f"El pedido #{order.id} ya estaba {STATUS_WORDS[new_status]}.")
        if order.status == OrderStatus.CANCELLED:
            raise PaymentStatusError("Un pedido cancelado no se marca como pagado.")
        raise PaymentStatusError(f"Este pedido ({order.status}) no se puede marcar como {STATUS_WORDS[new_status]}.")
    audit.record("pago_pedido", f"pedido:{order.id}", f"{old_status} → {new_status}", user=user)
    db.session.flush()
    return order


def mark_paid(order: Order, user: str) -> Order:
    """Staff received the money: the sale is `pagado` from now (`paid_at`). Flushes and audit-logs;
    the caller commits. A cancelled sale or a cart cannot be marked paid."""
    return _set_status(order, PaymentStatus.PAID, OrderStatus.PLACED, user)


def mark_pending(order: Order, user: str) -> Order:
    """Undo a "pagado" marked by mistake: the sale is `pendiente` of payment again."""
    return _set_status(order, PaymentStatus.PENDING, (*OrderStatus.PLACED, OrderStatus.CANCELLED), user)


STATUS_WORDS = {PaymentStatus.PAID: "pagado", PaymentStatus.PENDING: "pendiente de pago"}
