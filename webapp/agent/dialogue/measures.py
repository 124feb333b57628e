"""Goods measured by area or length.

Two questions a customer asks of them: how many units an area takes ("¿cuántas cajas necesito pa
un baño de 2 por 3?": the area over what one box covers), and what a piece made to measure costs
("una persiana blackout de 1,50 x 1,20", "córteme 2 vidrios de 1 x 1"): a product sold by the m²
or by the metre is billed by the piece's area or width, never less than the minimum per piece its
own name or description states ("Cada persiana se cobra mínimo 1 m²").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import ROUND_CEILING, Decimal

from ...money import format_cop
from ...services.text import fold, tokens
from .. import lexicon
from ..resolution import PURPOSE_LEADS, Resolution, common_name, names_word, names_word_head, product_phrase, resolve
from ..state import Pending, PendingKind
from ..tools import ProductCard
from ..understanding.asking import follow_up_words
from ..understanding.pieces import Piece, decimal_text, length_said, piece_said, restored, stored
from .turn import Turn


def area_need(t: Turn) -> tuple[float, ProductCard, float] | None:
    """"¿cuántas cajas de porcelanato 60x60 beige necesito pa un baño de 2 por 3?", "cuanta boquilla
    gasto pa 10 metros": the area said (m², or metres by metres), and the product asked about whose
    name or description says how many m² one unit covers ("Caja 1.44 m²", "rinde 5 m² por bulto")."""
    return t.remember("area_need", lambda: _area_need(t))


def _area_need(t: Turn) -> tuple[float, ProductCard, float] | None:
    from ..understanding import lemmas
    from ..understanding.asking import asks_how_many
    if not asks_how_many(t.s.message):
        return None
    text = t.s.message.norm
    found = next((f for f in AREA.finditer(text) if not f["wide"] or max(_number(f["wide"]), _number(f["long"]))
                  <= ROOM_SIDE), None)  # ("60x60" is the tile's size, in cm)
    if found is None:
        return None
    if found["wide"]:
        area = _number(found["wide"]) * _number(found["long"])
    else:
        area = _number(found["area"])
    before, after = text[:found.start()], text[found.end():]
    before = re.split(r"\b(?:pa|para|pal)\b", before)[0] if re.search(r"\b(?:pa|para|pal)\b\s*\S", before) else before
    for part in (before, re.sub(r"^\s*(?:cuadrados?\s+)?(?:de|del)\b", "", after)):
        words = [w for w in part.split() if w not in lexicon.words("how_many") and lemmas.lemma(w) is None]
        phrase = product_phrase(" ".join(words))
        if not phrase:
            continue
        found_product = t.found(phrase)
        picked = [found_product.product] if found_product.product else found_product.options
        if len(picked) > 1:  # "cuánta boquilla gasto … la voy a comprar gris": the other words say which
            others = set(text.split()) - set(phrase.split())
            picked = [c for c in picked if any(names_word(c, w) for w in others if w.isalpha())]
        if len(picked) == 1 and _covers(picked[0]):
            return area, picked[0], _covers(picked[0])
    return None


ROOM_SIDE = 20  # metres: "un baño de 2 por 3", "una bodega de 12x20"; larger sides are sizes in cm


AREA = re.compile(r"\b(?:(?P<wide>\d+(?:[.,]\d+)?) ?(?:x|por) ?(?P<long>\d+(?:[.,]\d+)?)(?! ?(?:cm|mm|\d))"
                  r"|(?P<area>\d+(?:[.,]\d+)?) ?(?:m2|mts2|mt2|m ?2|metros? cuadrados?|metros?|mts?)\b)")
COVERS = re.compile(r"(?:cubre|rinde|caja|rendimiento)(?: de| aproximadamente| aprox\.?| hasta)* "
                    r"(\d+(?:[.,]\d+)?) ?(?:m2|m²|mts2|metros cuadrados)")


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _covers(card: ProductCard) -> float | None:
    """The m² one unit of the product covers, as its name or description says ("Caja 1.44 m²",
    "Rinde aproximadamente 5 m² por bulto")."""
    for text in (card.name, card.description or ""):
        found = COVERS.search(fold(text).lower())
        if found and _number(found[1]) > 0:
            return _number(found[1])
    return None


def needed_for_area(t: Turn) -> None:
    """What an area takes of the product: the area over what one unit covers, rounded up."""
    from math import ceil
    area, card, covers = area_need(t)
    from ..resolution import sold_as_container
    count = ceil(round(area / covers, 6))
    containers = lexicon.words("unit_of_sale") - lexicon.words("measure_of_sale")
    unit = next((w for w in tokens(card.name) if w in containers), None) or sold_as_container(card) or "unidad"
    units = unit if count == 1 else unit + ("s" if unit[-1] in "aeiou" else "es")
    t.say("area_needed", area=f"{area:g}".replace(".", ","), count=count, units=units, unit=unit, name=card.name,
          covers=f"{covers:g}".replace(".", ","), total=format_cop(card.price * count))
    t.mention([card])
    t.state.focus = card.id
    t.state.ask(Pending(PendingKind.OFFER, product_id=card.id, quantity=count))


# --- pieces made to measure -----------------------------------------------------------------------

BY_AREA = re.compile(r"\bpor (?:m2|m²|mt2|metro cuadrado)")
BY_LENGTH = re.compile(r"(?:\bpor (?:metro|mt|m)(?: lineal)?\b|\(metro lineal\))(?! ?(?:2|²|cuadrado))")
MINIMUM = re.compile(r"m[ií]nimo(?: de)? (\d+(?:[.,]\d+)?) ?(m2|m²|metros? cuadrados?|metros?(?: lineal(?:es)?)?|m)\b")


def sold_by(card: ProductCard) -> str | None:
    """"area" for a product priced by the m² ("Vidrio Claro 4 mm por m²"), "length" for one priced by
    the metre ("Cortina … por Metro Lineal"), as its name says; None for a product sold whole."""
    name = fold(card.name).lower()
    if BY_AREA.search(name):
        return "area"
    return "length" if BY_LENGTH.search(name) else None


WHOLE_LENGTH = re.compile(r"\bx ?\d+(?:[.,]\d+)? ?m\b")  # "Tubo PVC presión 1/2" x 6 m"


def whole_piece(options: list[ProductCard], unit: str | None) -> ProductCard | None:
    """"10 tubos de media" between the "Tubo PVC presión 1/2" x 6 m" and the "Tubo PVC presión 1/2" por
    metro": things counted with no measure are the whole pieces (metres are asked for in metres); only
    when the two names are the same thing but for how it is sold."""
    if len(options) != 2 or unit is not None and not all(names_word_head(o, unit) for o in options):
        return None  # ("10 tubos de media": the unit is the thing's own name)
    whole = [o for o in options if sold_by(o) is None and WHOLE_LENGTH.search(fold(o.name).lower())]
    by_length = [o for o in options if sold_by(o) == "length"]
    if len(whole) != 1 or len(by_length) != 1:
        return None
    bare = [" ".join(WHOLE_LENGTH.sub(" ", BY_LENGTH.sub(" ", fold(o.name).lower())).split())
            for o in (whole[0], by_length[0])]
    return whole[0] if bare[0] == bare[1] else None


def _length_for(card: ProductCard, text: str) -> Piece | None:
    """The metres said for a product priced by the metre ("cuarzo gris 2 metros", "la pared mide 4
    metros"); None for any other product (a "Manguera de 15 m" is a size)."""
    return length_said(text) if sold_by(card) == "length" else None


def billed_per_piece(card: ProductCard, piece: Piece) -> tuple[Decimal, Decimal | None] | None:
    """The m² (or metres) one piece is billed, and the product's minimum when it applies; None when
    the piece does not say what the product is billed by (an area product and only a width)."""
    kind = sold_by(card)
    if kind is None or (kind == "area" and piece.height is None):
        return None
    measure = piece.width * piece.height if kind == "area" else piece.width
    if _rounds_up(card):  # "el área de cada reja se redondea hacia arriba al m² entero": 1,8 m² is 2
        measure = measure.to_integral_value(rounding=ROUND_CEILING)
    minimum = _minimum(card, kind)
    if minimum is not None and measure < minimum:
        return minimum, minimum
    return measure, None


ROUNDS_UP = re.compile(r"\bredonde\w* hacia arriba\b")


def _rounds_up(card: ProductCard) -> bool:
    """Each piece is billed whole m² (or metres), as the product's name or description says ("… se
    redondea hacia arriba al m² entero")."""
    return any(ROUNDS_UP.search(fold(text).lower()) for text in (card.name, card.description or ""))


def _minimum(card: ProductCard, kind: str) -> Decimal | None:
    for text in (card.name, card.description or ""):
        for found in MINIMUM.finditer(fold(text).lower()):
            area = found[2] in ("m2", "m²") or "cuadrado" in found[2]
            if area == (kind == "area"):
                return Decimal(found[1].replace(",", "."))
    return None


@dataclass(frozen=True)
class MeasuredPrice:
    card: ProductCard
    pieces: int
    piece: Piece
    each: Decimal  # m² or metres billed per piece
    minimum: Decimal | None

    @property
    def amount(self) -> Decimal:
        return self.each * self.pieces

    @property
    def total(self) -> Decimal:
        return self.card.price * self.amount

    @property
    def whole(self) -> int | None:
        return int(self.amount) if self.amount == self.amount.to_integral_value() else None

    @property
    def rounded_up(self) -> int:
        return int(self.amount.to_integral_value(rounding=ROUND_CEILING))


def priced(card: ProductCard, piece: Piece, pieces: int) -> MeasuredPrice | None:
    billed = billed_per_piece(card, piece)
    return MeasuredPrice(card, pieces, piece, *billed) if billed else None


def say_price(t: Turn, price: MeasuredPrice, name: str | None = None) -> None:
    """"Persiana … por m², 1,5 x 1,2 m: 1,8 m² a $98.000: $176.400" (and the minimum, when billed)."""
    unit = "m²" if sold_by(price.card) == "area" else "m"
    pieces = t.v.say("measured_pieces", count=price.pieces, size=price.piece.size) if price.pieces > 1 \
        else price.piece.size
    t.say("measured_price", name=name or price.card.name, pieces=pieces, amount=decimal_text(price.amount), unit=unit,
          price=format_cop(price.card.price), total=format_cop(price.total))
    if price.minimum is not None:
        t.say("measured_minimum", minimum=decimal_text(price.minimum), unit=unit)


def measured_quote(t: Turn) -> list[MeasuredPrice] | None:
    """"¿cuánto me sale una persiana blackout para una ventana de 1,50 por 1,20?": a question that
    gives a piece's measures of products sold by the m² or the metre; what each costs so."""
    return t.remember("measured_quote", lambda: _measured_quote(t))


def _measured_quote(t: Turn) -> list[MeasuredPrice] | None:
    s = t.s
    if s.buy or not (s.price or s.message.is_question):
        return None
    text = s.message.norm
    piece = piece_said(text)
    if piece is None:
        return _sibling_quote(t)
    from ..understanding.items import extract_item_requests
    items = [i for i in extract_item_requests(text) if i.phrase and piece_said(i.phrase)]
    if not items:
        return None
    found, piece = made_to_measure(t, resolve(t.box, items[0].phrase), items[0].phrase)
    if piece is None:
        return None  # ("¿a cómo el espejo de 40 x 60?": the mirror of that size)
    cards = [found.product] if found.product else found.options
    count = items[0].quantity or 1
    prices = [p for p in (priced(c, piece, count) for c in cards) if p is not None]
    return prices or None


def _sibling_quote(t: Turn) -> list[MeasuredPrice] | None:
    """"¿y en blanco lino?" after a piece was priced: the same piece, of that variant."""
    from ..resolution import variant_of
    remembered = restored(t.state.piece) if t.state.piece else None
    focus = _measured_focus(t)
    if remembered is None or focus is None or not t.s.follow_up:
        return None
    sibling = variant_of(t.box, focus, follow_up_words(t.s.message)).product
    price = priced(sibling, *remembered) if sibling is not None and sold_by(sibling) else None
    return [price] if price else None


def piece_apart(t: Turn, card: ProductCard, length: bool = True) -> Piece | None:
    """The measures the message gives apart from the one product it orders, when sold by measure
    ("tengo dos ventanas de 1 x 1,50, ¿me hace 2 blackout beige?"); `length`: a length alone counts
    too ("la pared mide 4 metros, anotame la cocina básica")."""
    piece = (piece_said(t.s.message.norm) or (_length_for(card, t.s.message.norm) if length else None)) \
        if sold_by(card) else None
    return piece if piece is not None and not _names_the_size(Resolution(product=card), piece) else None


def remembered_piece(t: Turn, card: ProductCard) -> Piece | None:
    """The piece last priced, for "hágamela en blanco lino" of that product or its sibling."""
    remembered = restored(t.state.piece) if t.state.piece else None
    if remembered is None or not sold_by(card):
        return None
    focus = _measured_focus(t)
    if focus is None or tokens(focus.name)[:2] != tokens(card.name)[:2]:
        return None
    return remembered[0]


def _names_the_size(found: Resolution, piece: Piece) -> bool:
    """Some product found writes the piece's numbers in its name: a size it is made in, not a piece
    to cut ("Felpa 7 x 7 por Metro", "Espejo 40 x 60 cm", "Cable Dúplex 2x16")."""
    for card in [found.product] if found.product else found.options:
        named = {Decimal(w) for w in tokens(card.name) if re.fullmatch(r"\d+(?:\.\d+)?", w)}
        if {Decimal(n) for n in piece.said} <= named | {n * 100 for n in named}:
            return True
    return False


def _measured_focus(t: Turn) -> ProductCard | None:
    """The product talked about, when it is sold by measure."""
    if t.state.focus is None:
        return None
    card = t.box.product_details(product_id=t.state.focus)
    return card if isinstance(card, ProductCard) and sold_by(card) else None


def quote_measured(t: Turn) -> None:
    """Each product's price for the piece; the colours of one line that cost the same, once, by the
    words their names share ("Persiana Enrollable Blackout por m²")."""
    prices = measured_quote(t)[:MAX_QUOTED]
    for total in dict.fromkeys(p.total for p in prices):
        alike = [p for p in prices if p.total == total]
        say_price(t, alike[0], name=common_name([p.card for p in alike]) if len(alike) > 1 else None)
    t.mention([p.card for p in prices])
    if len(prices) == 1:
        t.state.focus = prices[0].card.id
    t.state.piece = stored(prices[0].piece, prices[0].pieces)


MAX_QUOTED = 4


def joined_pieces(items: list) -> list:
    """"una persiana screen gris pa la ventanita del baño, mide 50 x 80": measures said apart belong to
    the product said before them."""
    from dataclasses import replace
    joined = []
    for item in items:
        piece = piece_said(item.phrase) if item.phrase else None
        rest = item.phrase[:piece.start].split() + item.phrase[piece.end:].split() if piece else None
        if joined and joined[-1].phrase and piece is not None \
                and not product_phrase(" ".join(w for w in rest if w not in lexicon.words("describing"))):
            joined[-1] = replace(joined[-1], phrase=f"{joined[-1].phrase} {item.phrase}")
            continue
        joined.append(item)
    return joined


def measured_among(t: Turn, found: Resolution, phrase: str) -> list[ProductCard]:
    """The products sold by measure that the words found: the one found, or those among the options
    (the ready-made sizes set aside); the colour or line said picks among them."""
    cards = [found.product] if found.product else found.options
    measured = [c for c in cards if sold_by(c)]
    if len(measured) > 1 and phrase:
        narrowed = resolve(t.box, phrase, within=[c.id for c in measured])
        picked = [narrowed.product] if narrowed.product else narrowed.options
        measured = [c for c in picked if sold_by(c)] or measured
    return measured


def made_to_measure(t: Turn, found: Resolution, phrase: str) -> tuple[Resolution, Piece | None]:
    """An order of pieces given by their measures ("2 persianas sheer beige de 1 x 1"): the product
    sold by measure that the words pick (the measures left out of them), and the piece; the
    resolution unchanged when the words name a product of that size ("la blackout lista de 1,20 x 1,60")."""
    piece = piece_said(phrase)
    if piece is None and found.product is not None:
        piece = _length_for(found.product, phrase)  # "un vestier de 3 metros" of the "Vestier … (metro lineal)"
    if piece is None or _names_the_size(found, piece):
        return found, None  # ("felpa 7 x 7", "el espejo de 40 x 60": a product of that size)
    said = " ".join(f"{phrase[:piece.start]} {phrase[piece.end:]}".split())
    rest = product_phrase(said)
    focus = _measured_focus(t) if not rest else None
    if focus is not None:  # "listo, córteme 2 de 1 x 1" after the vidrio: more pieces of it
        return Resolution(product=focus, phrase=found.phrase), piece
    said = said if rest else ""  # (resolved as said: "reja con diseño" keeps the word its name has)
    lead = next((i for i, w in enumerate(said.split()) if i and w in PURPOSE_LEADS), None)
    said = " ".join(said.split()[:lead]) if lead else said  # "rejas con diseño pa 2 ventanas": what they are for
    alone = resolve(t.box, said) if said else None  # the words without the measures pick one sold by measure
    if alone is not None and alone.product is not None and sold_by(alone.product) and _names_all(alone.product, said):
        return Resolution(product=alone.product, phrase=found.phrase), piece
    if found.product is not None and sold_by(found.product):
        return found, piece
    measured = measured_among(t, found, said)
    if not measured and rest:
        measured = measured_among(t, resolve(t.box, said), said)
    if len(measured) == 1:
        return Resolution(product=measured[0], phrase=found.phrase), piece
    if measured:
        return Resolution(options=measured, phrase=found.phrase), piece
    return found, None


def _names_all(card: ProductCard, said: str) -> bool:
    """Every word said that some product's name has is in this one's ("rejas con diseño": not the
    "Instalación de rejas", which lacks "diseño")."""
    from ...services.text import STOPWORDS, stem
    from ..tools import catalogue_words
    said_stems = {stem(w) for w in said.split() if w.isalpha() and w not in STOPWORDS}
    return catalogue_words(said_stems) <= {stem(w) for w in tokens(card.name)}


def pieces_for(phrase: str, piece: Piece) -> int | None:
    """"rejas pa 2 ventanas de 1,20 x 1 cada una": how many things of those measures the pieces are for,
    counted right before them (a count, a word, "de")."""
    from ..understanding.numbers import parse_number_at
    words = phrase[:piece.start].split()
    if len(words) < 3 or words[-1] != "de" or not words[-2].isalpha():
        return None
    parsed = parse_number_at(words, len(words) - 3)
    return parsed[0] if parsed and parsed[1] == len(words) - 2 and parsed[0] > 1 else None


def take_measured(t: Turn, price: MeasuredPrice) -> int | None:
    """How many m² (or metres) the order takes for these pieces: their billed measure when it is
    whole; else the price is said and the measure rounded up is offered (None: nothing added yet)."""
    say_price(t, price)
    t.state.piece = stored(price.piece, price.pieces)
    if price.whole is not None:
        return price.whole
    t.mention([price.card])
    t.state.focus = price.card.id
    t.state.ask(Pending(PendingKind.OFFER, product_id=price.card.id, quantity=price.rounded_up))
    unit = "m²" if sold_by(price.card) == "area" else "metros"
    t.ask("measured_round_up", quantity=price.rounded_up, unit=unit)
    return None


@lru_cache(maxsize=1)
def _piece_length() -> re.Pattern:
    words = "|".join(sorted(lexicon.words("length_piece")))
    return re.compile(rf"\b({words})s?(?: de| x)? ?(\d+(?:[.,]\d+)?) ?(?:m|mt|mts|metros?)\b")


def piece_length(card: ProductCard) -> Decimal | None:
    """The length of the whole piece a product is sold by, as its name says ("Varilla cuadrada de 1/2
    pulgada (tramo 6 m)": 6); None for anything else (a product sold by the metre has no piece)."""
    if sold_by(card) is not None:
        return None
    found = _piece_length().search(fold(card.name).lower())
    return Decimal(found[2].replace(",", ".")) if found and Decimal(found[2].replace(",", ".")) > 0 else None


def piece_word(card: ProductCard) -> str:
    found = _piece_length().search(fold(card.name).lower())
    return found[1] if found else ""
