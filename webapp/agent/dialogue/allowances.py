"""A service that includes some measure of material ("Instalación …: incluye hasta 3 metros de
tubería de cobre"), and the product sold by that measure for what goes past it ("Metro Adicional
de Tubería …"). The customer says the distance ("la condensadora queda a 6 metros", "con 7 metros
de tubería", "son 4 metros hasta el patio"); the extra is the distance less what is included, never
the distance itself, and the distance is no product.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from ...money import format_cop
from ...services.text import STOPWORDS, fold, stem, tokens
from .. import lexicon
from ..resolution import MEASURES, measure_key, sold_as_unit
from ..state import Pending, PendingKind
from ..tools import ProductCard
from .buying import buy, put, service_line, summary
from .turn import Turn

NUMBER = r"(\d+(?:[.,]\d+)?)"


@dataclass(frozen=True)
class Allowance:
    service: ProductCard  # the line that includes the measure
    included: Decimal
    said: Decimal
    extra: ProductCard  # sold by that measure, for what goes past it
    units: frozenset[str]  # the measure's spellings ("m", "metro", "metros" …)

    @property
    def over(self) -> int:
        return int(max(self.said - self.included, Decimal(0)).to_integral_value(ROUND_CEILING))

    @property
    def unit(self) -> str:
        return max(self.units, key=len)


def _units(word: str) -> frozenset[str]:
    """The spellings of the measure a word names ("metros" → m, mt, mts, metro, metros)."""
    key = measure_key(word)
    return lexicon.values("measure_same", key) if key else frozenset()


def _every_measure() -> frozenset[str]:
    return frozenset().union(*(lexicon.values("measure_same", m) for m in MEASURES))


def included(card: ProductCard) -> tuple[Decimal, frozenset[str], str] | None:
    """"incluye hasta 3 metros de tubería de cobre": how much, the measure's spellings and of what."""
    holds = "|".join(sorted(fold(w) for w in lexicon.words("holds_forms")))
    found = re.search(rf"\b(?:{holds})\b[^.]*?\bhasta {NUMBER} ?([a-z]+)(?: de ([a-z ]+))?", fold(card.description or ""))
    units = _units(found[2]) if found else frozenset()
    if not units:
        return None
    return Decimal(found[1].replace(",", ".")), units, (found[3] or "").strip()


def _distances(text: str, units: frozenset[str]) -> list[re.Match]:
    """"queda a 6 metros", "con 7 metros de tubería": a number with the measure, not an area ("4 por
    5 metros", "12 metros cuadrados") nor a size ("de 5 metros" of a product)."""
    spelled = "|".join(sorted((re.escape(u) for u in units), key=len, reverse=True))
    return [m for m in re.finditer(rf"(?<![\d,.x]){NUMBER} ?(?:{spelled})\b(?! ?(?:2|²|cuadrad|x|por\b))", text)
            if not re.search(r"\b(?:x|por)\s*$", text[:m.start()])]


def allowance(t: Turn) -> Allowance | None:
    return t.remember("allowance", lambda: _allowance(t))


def _allowance(t: Turn) -> Allowance | None:
    text = fold(t.s.message.norm)
    if not _distances(text, _every_measure()):
        return None
    for card in _candidates(t):
        measure = included(card) if isinstance(card, ProductCard) else None
        if measure is None:
            continue
        said = _distances(text, measure[1])
        extra = _extra_for(t, card, measure) if said else None
        if extra is not None:
            return Allowance(card, measure[0], Decimal(said[-1][1].replace(",", ".")), extra, measure[1])
    return None


def _candidates(t: Turn):
    """The order's lines, last first, then what this message names or asks to have done (read only
    when no line includes a measure)."""
    for line in reversed(t.order().lines):
        yield t.box.product_details(product_id=line.product_id)
    for item in _kept_items(t, _every_measure()):
        found = t.found(item.phrase)
        yield from [found.product] if found.product else found.options
    yield service_line(t)


def _kept_items(t: Turn, units: frozenset[str]) -> list:
    """The message's items without the distance ("instalacion pa un aire de 24000 con 7 metros de
    tuberia": the installation) and without those that only say it ("la condensadora queda a 6
    metros", "el metro que falta")."""
    kept = []
    for item in t.s.items:
        phrase = fold(item.phrase)
        said = _distances(phrase, units)
        if said:
            phrase = re.sub(r"\b(?:con|a|como|de|y)\s*$", "", phrase[:said[0].start()]).strip()
            found = t.found(phrase) if phrase else None
            if found is None or not any(included(c) for c in ([found.product] if found.product else found.options)):
                continue  # ("la condensadora queda a 6 metros": where it goes, no product)
        words = [w for w in phrase.split() if w not in STOPWORDS]
        if not words or words[0] in units:
            continue
        kept.append(replace(item, phrase=phrase))
    return kept


def _extra_for(t: Turn, service: ProductCard, measure: tuple[Decimal, frozenset[str], str]) -> ProductCard | None:
    """The one product sold by that measure for what goes past the service's: one named "adicional"
    or the material it includes, with the service's own numbers ("hasta 12.000 BTU") when several."""
    _, units, material = measure
    unit = max(units, key=len).rstrip("s")
    additional = lexicon.words("additional") | lexicon.words("relative_tail")
    queries = [f"{unit} {' '.join(sorted(additional))}", f"{unit} {material}"]
    found = {r.id: r for q in queries for r in t.box.search_products(query=q, limit=20)
             if r.id != service.id and sold_as_unit(r, unit)}
    made_of = {stem(w) for w in tokens(material) if w.isalpha() and w not in STOPWORDS}
    about = {stem(w) for w in tokens(service.name) if w.isalpha() and w not in STOPWORDS}

    def words(card: ProductCard) -> set[str]:
        return {stem(w) for w in tokens(card.name) if w.isalpha() and w not in STOPWORDS}

    cards = [c for c in found.values()
             if (set(tokens(c.name)) & additional and words(c) & (about | made_of)) or len(words(c) & made_of) >= 2]
    named_extra = [c for c in cards if set(tokens(c.name)) & additional]
    cards = named_extra or cards
    if len(cards) > 1:
        numbers = {w for w in tokens(service.name) if w[:1].isdigit()}
        cards = [c for c in cards if numbers & set(tokens(c.name))] or cards
    return cards[0] if len(cards) == 1 else None


def take(t: Turn) -> None:
    """Asked ("queda a 5 metros, ¿cuánto me cobran de más?"): what the extra costs, offered; asked
    for ("con la instalación, la condensadora queda a 4 metros"): the service and the extra."""
    found = allowance(t)
    asking = t.s.price or (t.s.question and not t.s.buy)
    if not asking:
        items = _kept_items(t, found.units)
        ordered = {ln.product_id for ln in t.order().lines}
        if items:
            buy(t, only=items)
        elif found.service.id not in ordered:
            put(t, found.service, 1, None, relative=False)
        found = _allowance_after(t, found)
        if found.over:
            put(t, found.extra, found.over, None, relative=False)
        else:
            _within(t, found)
        summary(t, ask_next=True)
        return
    if not found.over:
        _within(t, found)
        return
    t.mention([found.extra])
    t.state.focus = found.extra.id
    t.state.ask(Pending(PendingKind.OFFER, product_id=found.extra.id, quantity=found.over))
    t.ask("allowance_extra", name=found.service.name, included=_count(found.included), unit=found.unit,
          said=_count(found.said), over=found.over, extra=found.extra.name, price=format_cop(found.extra.price),
          total=format_cop(found.extra.price * found.over))


def _within(t: Turn, found: Allowance) -> None:
    t.say("allowance_within", name=found.service.name, included=_count(found.included), unit=found.unit,
          said=_count(found.said))


def _allowance_after(t: Turn, found: Allowance) -> Allowance:
    """The line that includes the measure once the message's items are in the order (the
    installation the customer named may be another than the one guessed before)."""
    t.memo.pop("allowance", None)
    again = _allowance(t)
    return again if again is not None else found


def _count(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")
