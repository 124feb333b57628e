"""The dialogue state of one conversation: stage, customer draft and the one pending question.

Stages and the moves between them are the table `TRANSITIONS`; every change of stage goes
through `DialogueState.go()`, which refuses a move the table does not list. The pending
question is what the assistant just asked ("¿cuál de estos?", "¿le agrego esas 150?", a data
field, the read-back): the next message answers it first — yes applies its payload,
anything else releases it and routing continues (as a form's requested slot in Rasa).

The state is stored as JSON on the conversation; `to_json`/`from_json` are the only place
that knows its shape.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Stage(StrEnum):
    BROWSING = "browsing"       # looking, asking, adding
    CHOOSING = "choosing"       # a choice among products or an offer is pending
    COLLECTING = "collecting"   # checkout: asking for the customer's data
    CONFIRMING = "confirming"   # the order was read back; waiting for "sí"
    CLOSED = "closed"           # the sale was placed


TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.BROWSING: frozenset({Stage.BROWSING, Stage.CHOOSING, Stage.COLLECTING, Stage.CONFIRMING}),
    Stage.CHOOSING: frozenset({Stage.BROWSING, Stage.CHOOSING, Stage.COLLECTING, Stage.CONFIRMING}),
    Stage.COLLECTING: frozenset({Stage.BROWSING, Stage.COLLECTING, Stage.CONFIRMING}),
    Stage.CONFIRMING: frozenset({Stage.BROWSING, Stage.COLLECTING, Stage.CONFIRMING, Stage.CLOSED}),
    Stage.CLOSED: frozenset({Stage.BROWSING, Stage.CHOOSING, Stage.COLLECTING, Stage.CLOSED}),
}
CHECKOUT = frozenset({Stage.COLLECTING, Stage.CONFIRMING})
DISCUSSED = 5  # products remembered as talked about


class PendingKind(StrEnum):
    CHOICE = "choice"       # which of these products (and how many)
    OFFER = "offer"         # "¿le agrego esas N?": yes adds N of one product
    FIELD = "field"         # a customer data field was asked
    READBACK = "readback"   # the order was read back: yes places exactly that order


@dataclass
class Pending:
    kind: PendingKind
    options: list[int] = field(default_factory=list)   # CHOICE: product ids offered, in order
    product_id: int | None = None                      # OFFER
    quantity: int | None = None                        # CHOICE/OFFER: how many were asked
    unit: str | None = None                            # CHOICE: the unit of sale said ("par", "rollo")
    action: str = "add"                                # CHOICE: add | info | quote
    field: str | None = None                           # FIELD
    token: str | None = None                           # READBACK: the order as it was shown
    blocking: bool = False                             # CHOICE asked again before the read-back
    phrase: str | None = None                          # CHOICE: the customer's words for it
    requested: bool = False                            # CHOICE: asked to buy (not a list shown)
    replaces: int | None = None                        # OFFER: the line it takes the place of (a swap)


@dataclass
class DialogueState:
    stage: Stage = Stage.BROWSING
    pending: Pending | None = None
    customer: dict[str, str] = field(default_factory=dict)   # data given in this chat (validated)
    tone: str | None = None
    focus: int | None = None          # the product last shown, asked about or changed
    wants_to_buy: bool = False
    ready: bool = False               # the customer already said to proceed (never places by itself)
    privacy_shown: bool = False
    last_sale_id: int | None = None
    mentioned: list[int] = field(default_factory=list)   # products just listed, for "el segundo"
    discussed: list[int] = field(default_factory=list)   # products talked about one by one, latest first
    unserved: bool = False            # the city given is one the shop does not deliver to
    ask_city: bool = False            # a town's name was given where the barrio goes: ask the city
    dropped: Pending | None = None    # a choice left unanswered: asked again before the read-back
    asked_shipping: bool = False      # the last answer was a shipping quote ("¿y a Buga?" follows it)
    piece: list = field(default_factory=list)  # the measures last priced: [pieces, width, height] in metres
    party: list = field(default_factory=list)  # the people last counted: [adults, each child's age or None]
    looked_up: str | None = None      # staff: what the last customer look-up asked for ("¿y qué celular tiene?")

    # --- moves -------------------------------------------------------------------------------

    def remember_focus(self) -> None:
        """After a turn: the product in focus joins the ones talked about ("el cargador" later is that one)."""
        if self.focus:
            self.discussed = [self.focus] + [i for i in self.discussed if i != self.focus][:DISCUSSED - 1]

    def go(self, stage: Stage) -> None:
        if stage not in TRANSITIONS[self.stage]:
            raise ValueError(f"transición no permitida: {self.stage} → {stage}")
        self.stage = stage

    def ask(self, pending: Pending) -> None:
        """Set the one pending question (a new one replaces the old)."""
        self.pending = pending
        if pending.kind in (PendingKind.CHOICE, PendingKind.OFFER) and self.stage in (Stage.BROWSING, Stage.CLOSED):
            self.go(Stage.CHOOSING)
        elif pending.kind == PendingKind.READBACK:
            self.go(Stage.CONFIRMING)

    def release(self) -> None:
        """The message did not answer the pending question: forget it."""
        self.pending = None
        if self.stage == Stage.CHOOSING:
            self.go(Stage.BROWSING)
        elif self.stage == Stage.CONFIRMING:
            self.go(Stage.COLLECTING)  # a later "sí" gets a fresh read-back

    def order_changed(self) -> None:
        """Any change to the order: a read-back shown before no longer stands."""
        if self.pending is not None and self.pending.kind == PendingKind.READBACK:
            self.pending = None
        if self.stage == Stage.CONFIRMING:
            self.go(Stage.COLLECTING)
        elif self.stage == Stage.CLOSED:
            self.go(Stage.BROWSING)
        self.wants_to_buy = True

    def start_checkout(self) -> None:
        self.pending = None if self.pending and self.pending.kind != PendingKind.FIELD else self.pending
        if self.stage not in CHECKOUT:
            self.go(Stage.COLLECTING)

    def leave_checkout(self) -> None:
        self.pending = None
        self.ready = False
        if self.stage in CHECKOUT or self.stage == Stage.CHOOSING:
            self.go(Stage.BROWSING)

    def closed(self, sale_id: int) -> None:
        self.go(Stage.CLOSED)
        self.pending, self.ready, self.wants_to_buy, self.last_sale_id = None, False, False, sale_id
        self.dropped = None

    def reset(self) -> None:
        """Start over (order cancelled): keep the register and what the customer already told us."""
        keep = {"tone": self.tone, "customer": self.customer, "privacy_shown": self.privacy_shown}
        self.__dict__.update(asdict(DialogueState()) | keep)
        self.stage, self.pending = Stage.BROWSING, None

    @property
    def in_checkout(self) -> bool:
        return self.stage in CHECKOUT

    @property
    def fresh(self) -> bool:
        """Nothing talked about yet: no product shown, listed or discussed, no checkout under way
        ("la de 26" then calls a product by its number, not a sibling of the one just shown)."""
        return self.focus is None and not self.mentioned and not self.discussed and not self.in_checkout

    @property
    def readback_token(self) -> str | None:
        return self.pending.token if self.pending and self.pending.kind == PendingKind.READBACK else None

    # --- storage ------------------------------------------------------------------------------

    def to_json(self) -> dict:
        data = asdict(self)
        data["stage"] = self.stage.value
        for key in ("pending", "dropped"):
            if getattr(self, key) is not None:
                data[key]["kind"] = getattr(self, key).kind.value
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> "DialogueState":
        data = dict(data or {})
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        try:
            values["stage"] = Stage(values.get("stage") or Stage.BROWSING)
        except ValueError:
            values["stage"] = Stage.BROWSING
        values["pending"] = _pending_from(values.get("pending"))
        values["dropped"] = _pending_from(values.get("dropped"))
        values["customer"] = dict(values.get("customer") or {})
        values["mentioned"] = [int(i) for i in values.get("mentioned") or [] if isinstance(i, int)]
        values["discussed"] = [int(i) for i in values.get("discussed") or [] if isinstance(i, int)]
        return cls(**values)


def _pending_from(data) -> Pending | None:
    if not isinstance(data, dict):
        return None
    try:
        fields = {k: v for k, v in data.items() if k in Pending.__dataclass_fields__}
        return Pending(**{**fields, "kind": PendingKind(fields["kind"])})
    except (KeyError, ValueError, TypeError):
        return None
