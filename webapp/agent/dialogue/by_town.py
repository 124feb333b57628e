"""Services the catalogue sells once per town: "Transporte de equipo Soledad (ida y regreso)", "Toma de
Muestra a Domicilio Envigado / Sabaneta / Itagüí (por persona)", "Recogida en Casa por Clase -
Girón". The customer names the service by its first word ("con el transporte aquí en Barranquilla",
"que me vayan a tomar la muestra a la casa, vivo en Laureles", "¿cuánto cobran por recogerme en
Piedecuesta?"); the line is the one of the town said, else of the town already known in the chat.
Its price is that line's, not the shipping of goods to that town."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ...services.text import STOPWORDS, stem, tokens
from .. import lexicon
from ..state import Pending, PendingKind
from ..tools import ProductCard, catalogue_names_towns, town_said, towns_in_name
from .turn import Turn


@dataclass(frozen=True)
class TownLines:
    word: str                              # the customer's word for the service ("transporte")
    lines: tuple[ProductCard, ...]         # the service's line for each town, as the catalogue sells it
    chosen: ProductCard | None             # the one of the customer's town, when it is known
    of_town: tuple[ProductCard, ...] = ()  # the lines of the town known, when it has several


def town_lines(t: Turn) -> TownLines | None:
    return t.remember("town_lines", lambda: _town_lines(t))


def _town_lines(t: Turn) -> TownLines | None:
    from ..understanding import lemmas
    if not catalogue_names_towns():
        return None  # (most shops: no product names a town)
    for word in dict.fromkeys(w for w in t.s.message.words if w.isalpha() and len(w) > 3 and w not in STOPWORDS):
        v = lemmas.lemma(word) or lemmas.infinitive_with_clitics(word)
        said = {stem(word)} | ({stem(v)} if v else set())
        lines = [c for c in t.box.search_products(query=word, limit=20)
                 if (named := tokens(c.name)) and stem(named[0]) in said]
        if v is not None and len(lines) < 2:  # "recogerme": the "Recogida en Casa …" lines
            lines = [c for c in t.box.search_products(query=v, limit=20)
                     if (named := tokens(c.name)) and stem(named[0]) in said]
        towns = {c.id: towns_in_name(" ".join(tokens(c.name)[1:])) for c in lines}
        headed = len(lines)
        lines = [c for c in lines if towns[c.id]]
        if len(lines) * 2 < headed:
            continue  # ("Envío urbano Bogotá sobre" and "Envío Sabana … (Soacha, Chía …)" among a dozen
            # "Envío …" lines priced by weight: a town in two names does not make the service one per town)
        if len(lines) < 2 or len({frozenset(towns[c.id]) for c in lines}) < 2:
            continue  # ("Ron Medellín Añejo …": one town in every name is part of the name; "Calamar en
            # Anillos": the head word is no town)
        of_town = _of_the_town(t, lines, towns)
        return TownLines(word, tuple(lines), of_town[0] if len(of_town) == 1 else None, tuple(of_town))
    return None


def _of_the_town(t: Turn, lines: list[ProductCard], towns: dict[int, set[str]]) -> list[ProductCard]:
    """The lines of the town this message names; else of the town the chat already gave (the line shown
    last, the customer's city)."""
    said = town_said(t.s.text)
    if said is None:
        shown = [c for c in lines if c.id == t.state.focus]
        if shown:
            return shown
        city = t.state.customer.get("city") or t.order().city
        said = town_said(city) if city else None
    return [c for c in lines if said in towns[c.id]]


def asks_town_line(t: Turn) -> bool:
    """The message asks for (or about) a service sold per town, and names no other product to buy."""
    found = town_lines(t)
    if found is not None and any(
            (named := t.found(i.phrase).product) is not None and named.id not in {c.id for c in found.lines}
            and stem(found.word) in {stem(w) for w in tokens(named.name)} for i in t.s.items if i.phrase):
        return False  # "el traslado aeropuerto hotel": the one line of the service, of no town, the words name
        # (and "la ruta empresarial en van … para la planta de Dosquebradas": not the Dosquebradas school route)
    if found is not None and found.chosen is None and len(found.of_town) > 1:
        return False  # "un viaje a Manizales en carro solo ida": the town's lines, told apart as any others
    return found is not None and (found.chosen is not None or t.s.buy or t.s.also or "con" in t.s.message.words)


def take(t: Turn) -> None:
    """Asked about: its price; asked for: into the order, with the other products the message names
    ("un perfil lipídico con toma a domicilio"); the town not known: which one."""
    from . import buying
    from .answers import describe
    found = town_lines(t)
    if (t.s.question or t.s.price) and not t.s.buy:
        describe(t, [found.chosen] if found.chosen else list(found.lines))
        if found.chosen:
            t.state.focus = found.chosen.id
        return
    others = _other_items(t, found.word)
    changed = False
    if found.chosen is not None:
        changed = buying.put(t, found.chosen, _per_lesson(t, found.chosen, others), None, relative=False)
    else:  # asked after what the rest of the message adds
        t.state.ask(Pending(PendingKind.CHOICE, options=[c.id for c in found.lines], quantity=1, action="add",
                            requested=True, phrase=found.word))
    if others:
        buying.buy(t, changed=changed, only=others)
    elif changed:
        buying.summary(t, ask_next=True)
    if found.chosen is None:
        t.mention(list(found.lines))
        t.ask("which_town_line", service=found.word)
        t.say_text(t.v.option_lines(list(found.lines)))
        t.asked = True


def town_picked(t: Turn, options: list[int]) -> ProductCard | None:
    """Of the options asked about, all lines of one service per town, the one of the town the message
    names ("es en Itagüí, barrio Santa María")."""
    if len(options) < 2 or not catalogue_names_towns():
        return None
    said = town_said(t.s.text)
    if said is None:
        return None
    cards = [c for c in (t.box.product_details(product_id=i) for i in options) if isinstance(c, ProductCard)]
    towns = {c.id: towns_in_name(c.name) for c in cards}
    if len(cards) != len(options) or not all(towns.values()):
        return None
    fitting = [c for c in cards if said in towns[c.id]]
    return fitting[0] if len(fitting) == 1 else None


def _per_lesson(t: Turn, line: ProductCard, others: list) -> int:
    """How many of a line sold "por clase": one for each lesson of the pack in the order or asked for
    with it, counted in that word or in hours or days ("el paquete de 10 horas … y que me recojan en
    Floridablanca": 10); else one."""
    from ..resolution import singular_stem
    named = tokens(line.name)
    per = {singular_stem(b) for a, b in zip(named, named[1:]) if a == "por" and b.isalpha()}
    if not per:
        return 1

    def counts_them(word: str) -> bool:
        return singular_stem(word) in per or word in lexicon.words("time_noun")
    counted = [i.quantity for i in others if i.quantity and i.phrase.split()[:1] and counts_them(i.phrase.split()[0])]
    if counted:  # "5 horas de carro, que me recojan en Piedecuesta"
        return counted[0]
    asked = [found.product.name for i in others if i.phrase and (found := t.found(i.phrase)).product]
    for name in reversed([ln.name for ln in t.order().lines] + asked):
        words = tokens(name)
        counts = [int(a) for a, b in zip(words, words[1:]) if a.isdigit() and counts_them(b)]
        if counts:
            return counts[0]
    return 1


def _other_items(t: Turn, word: str) -> list:
    """The message's items without the service's words ("un perfil lipídico con toma a domicilio": the
    perfil)."""
    from ..understanding.items import extract_item_requests
    kept = []  # (the items read again when the message also reads as a delivery question: "… y la
    # recogida en Bucaramanga")
    for item in t.s.items or extract_item_requests(t.s.message):
        words = (item.phrase or "").split()
        if word not in words:
            kept.append(item)
            continue
        before = words[:words.index(word)]
        while before and (before[-1] in STOPWORDS or before[-1] == "con"):
            before = before[:-1]
        if before:
            kept.append(replace(item, phrase=" ".join(before)))
    return kept
