"""Handlers that change the order: add, choose, change quantities, remove, empty, cancel, quote."""
from __future__ import annotations

import itertools
import re
from collections import deque
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ...money import format_cop, format_count
from ...services.validation import validate_quantity
from .. import lexicon
from ..tools import catalogue_names_hold, hidden_products, proper_names
from ..resolution import (OF_THOSE, OPPOSITE_MARKS, Resolution, area_said, called_by_head, fits_measure, has_every_word,
                          hidden_named,
                          is_rental_line, is_service_line, measure_key, measures_said, named_in_plural, names_group,
                          names_products, names_word, names_word_head, pack_of, periods_of, periods_said,
                          pick_option, priced_by_area, product_phrase, rental_stems, resolve, same_as, service_stems,
                          not_counted_sets, shoe_sized, singular_stem, sold_as_unit, TIER_FROM, TIER_WORD, units_for,
                          variant_of, with_or_without, hours_between)
from ..state import Pending, PendingKind
from ..tools import LineChange, ProductCard, ToolError
from ..understanding.items import ARTICLES, ATTRIBUTE_LEADS, SHARES
from ..understanding.numbers import GROUPS, NUMBER_WORDS, parse_number_at
from ..understanding.party import WE
from .measures import (joined_pieces, made_to_measure, piece_apart, piece_length, piece_word, pieces_for, priced,
                       remembered_piece, sold_by, take_measured, whole_piece)
from ..understanding.pieces import decimal_text
from .turn import Turn


# --- adding ------------------------------------------------------------------------------------

def _generic(phrase: str) -> bool:
    """"unas cosas para el colegio": no product named yet."""
    from .. import lexicon
    words = [w for w in phrase.split() if w not in ("unas", "unos", "una", "un", "las", "los", "el", "la")]
    return bool(words) and words[0] in lexicon.words("generic")


def variant_request(t: Turn):
    """"dame 3 del de 50": a quantity and only an attribute → the product shown, in that variant."""
    return t.remember("variant_request", lambda: _variant_request(t))


def buy_variant(t: Turn) -> None:
    quantity, found = variant_request(t)
    t.state.wants_to_buy = True
    if put(t, found.product, quantity, None, relative=True):
        summary(t, ask_next=True)


def _variant_request(t: Turn):
    from .. import lexicon
    numbers = _numbers_said([w for w in t.s.message.words if w not in lexicon.words("filler")])
    # ("dame 3 del de 50", "también tres de 120")
    focus = _reference(t)
    if focus is None or len(numbers) != 2 or t.s.items:
        return None
    found = variant_of(t.box, focus, str(numbers[1]))
    return (numbers[0], found) if found.product else None


VARIANT_SAID = re.compile(r"(?:^|\s)(?:el|la|los|las|del|uno|una|ese|esa|esos|esas|este|esta|estos|estas) de "
                          r"((?:\S+ ?){1,3}?)(?: (?:entonces|pues|mejor|ya))?$")


def variant_pick(t: Turn) -> tuple[int | None, ProductCard] | None:
    """"deme la de 9", "entonces la de 500", "Deme la de kilo, por favor": no product named, only the
    attribute after "la de": the product talked about in that variant (itself when it has it). The
    number after "la de" is the variant, never the quantity; a number before it is the quantity."""
    from ..resolution import has_every_word
    s = t.s
    if s.question or s.removals is not None or s.cancel:
        return None
    pending = t.state.pending
    if pending is not None and pending.kind == PendingKind.CHOICE and pending.action == "set":
        return None  # "los de 20" answers "¿de cuál cambio la cantidad?": that line, to the number said
    pairs = [(w, lemma) for w, lemma in zip(s.message.words, s.message.lemmas)
             if w not in lexicon.words("filler") and w not in ("por", "porfa", "favor")]
    text = " ".join(w for w, _ in pairs)
    found = VARIANT_SAID.search(text)
    if not found:
        return None
    said = found.group(1).strip()
    if any(set(i.phrase.split()) - set(said.split()) for i in s.items if i.phrase):
        return None  # "deme el cuaderno de 100": a product named, not a variant of the one talked about
    allowed = lexicon.words("vocative") | lexicon.words("confirm") | lexicon.words("pointing") | {
        "entonces", "bueno", "mejor", "pues", "y", "me", "ya", "listo", "ok", "vale", "de"}
    verbs = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs")
    quantity = None
    for word, lemma in pairs[:len(text[:found.start()].split())]:
        parsed = parse_number_at([word], 0)
        if parsed:
            quantity = parsed[0]
        elif word not in allowed and lemma not in verbs:
            return None
    if said.split()[0] in lexicon.words("measure"):
        said = f"1 {said}"  # "la de kilo" is the 1 kg one
    focus = _reference(t)
    if focus is None:
        return None
    if has_every_word(focus, said):
        return quantity, focus
    sibling = variant_of(t.box, focus, said)
    return (quantity, sibling.product) if sibling.product else None


def _variant_of_focus(t: Turn, item) -> Resolution | None:
    """A mention that is only an attribute ("la negra", "2 kilos de la de cerdo", "la de 64") is that
    variant of the product talked about, when it has one; a word some product's name starts with
    ("cloro", "jabón") names products instead."""
    words = [w for w in item.phrase.split() if w not in ("el", "la", "los", "las", "de", "del")]
    words = words[1:] if words[:1] == ["en"] else words
    focus = _reference(t)
    if focus is None:
        return None
    if len(words) == 2 and words[0] in lexicon.words("size_lead") and len(words[1]) <= 3:
        said = " ".join(words)  # "y uno talla M" after the S: the one in that size
    elif len(words) == 2 and words[0][:1].isdigit() and words[1] in lexicon.words("measure"):
        said = " ".join(words)  # "también dos de 3 metros"
    elif len(words) == 3 and words[0].isdigit() and words[1] in ("a", "hasta") and words[2].isdigit():
        said = " ".join(words)  # "deme 2 de 20 a 40": the one for that range
    elif 2 <= len(words) <= 3 and words[0] == "por" and words[-1].isalpha():
        said = f"por {words[-1]}"  # "necesito una por un mes": the one "… por Mes"
    elif item.of_the and len(words) == 2 and words[0] in OPPOSITE_MARKS:
        said = " ".join(words)  # "y otra igual pero con azúcar": the one "con azúcar"
    elif len(words) == 1 and (item.of_the or not any(names_word_head(r, words[0])
                                                     for r in t.box.search_products(query=words[0], limit=8))):
        said = f"{words[0]} {item.unit}" if item.unit else words[0]
    else:
        return None
    from ...services.text import tokens
    from ..resolution import has_every_word
    if has_every_word(focus, said) and not any(ln.product_id == focus.id for ln in t.order().lines):
        return Resolution(product=focus, phrase=said)  # "deme el par de 5" after "¿y el par de 5?": that one
    found = variant_of(t.box, focus, said)
    if found.product is not None and _pairs_in_pack(found.product, item.unit):
        from ..resolution import sold_as_unit  # "20 pares de los de silicona": the ones sold by the pair
        loose = [r for r in t.box.search_products(query=f"{words[0]} {item.unit}", limit=12)
                 if r.id != found.product.id and sold_as_unit(r, item.unit) and not _pairs_in_pack(r, item.unit)
                 and names_word(r, words[0]) and names_word_head(r, tokens(focus.name)[0])]
        found = Resolution(product=loose[0], phrase=said) if len(loose) == 1 else found
    return found if found.product is not None else None


def take_variant(t: Turn, quantity: int | None, card: ProductCard) -> None:
    t.state.release()
    t.state.wants_to_buy = True
    replaced = next((ln for ln in t.order().lines if ln.product_id == t.state.focus and ln.product_id != card.id), None) \
        if t.s.message.has("instead") and lexicon.words("rather") & set(t.s.message.words) else None
    if replaced is not None:  # "mejor el de 5" right after the 10 went in: the 5 in its place
        t.box.remove_from_order(product_id=replaced.product_id)
        t.say("removed", name=replaced.name)
        quantity = quantity or replaced.quantity
    if put(t, card, quantity, None, relative=True):
        summary(t, ask_next=True)


def talked_family(t: Turn, ordered: bool = False) -> list[ProductCard]:
    """The products talked about one by one that share the name's first word with the latest
    ("la plumilla de 22", "¿y la de 18?"), latest first, leaving out those already ordered. With
    `ordered`: the ones talked about that are in the order, whatever they are called ("los
    niveladores y las cuñas", then "póngame esas dos")."""
    from ...services.text import stem, tokens
    in_order = {ln.product_id for ln in t.order().lines}
    cards = [c for c in (t.box.product_details(product_id=i) for i in t.state.discussed) if isinstance(c, ProductCard)]
    if ordered or not cards:
        return [c for c in cards if c.id in in_order]
    head = stem(tokens(cards[0].name)[0])
    return [c for c in cards if stem(tokens(c.name)[0]) == head and c.id not in in_order]


def each_talked_about(t: Turn) -> list[ProductCard]:
    """"una de cada una": the products talked about that are not ordered yet; "mejor que sean 2 de cada
    una" once they are: the ones in the order; else the ones just listed."""
    for family in (talked_family(t), talked_family(t, ordered=True)):
        if len(family) > 1:
            return family
    in_order = {ln.product_id for ln in t.order().lines}
    listed = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned if i not in in_order)
              if isinstance(c, ProductCard)]
    return listed if len(listed) > 1 else []  # ("¿qué bolsas kraft tenés?" → "un paquete de cada una")


def take_compared(t: Turn) -> None:
    """"y el acondicionador más barato también": the product the comparison picks, into the order; a tie
    (two at the same price or size) is the customer's to choose."""
    from .answers import comparison, say_pick
    picked = comparison(t)
    if picked is None:
        return
    kind, tied = picked
    if len(tied) > 1:
        ask_choice(t, Resolution(options=tied), None, None, "add")
        return
    say_pick(t, kind, tied[0])
    if put(t, tied[0], next((i.quantity for i in t.s.items if i.quantity), None) or 1, None, relative=True):
        summary(t, ask_next=True)


def take_each(t: Turn) -> None:
    """"regáleme una de cada una": that many of each product just talked about; "mejor que sean 2 de cada
    una" after they were added: each of those lines set to that many."""
    t.state.release()
    t.state.wants_to_buy = True
    family = talked_family(t, ordered=True) if t.s.quantity_change else _each_named(t, each_talked_about(t))
    ordered = {ln.product_id for ln in t.order().lines}
    changed = False
    for card in reversed(family):  # in the order they were talked about
        changed |= put(t, card, t.s.each, None, relative=card.id not in ordered)
    if changed:
        summary(t, ask_next=True)


def job_said(t: Turn) -> bool:
    """"subir ruedo a una falda", "pegar 5 botones a una camisa", "cambiame la pila del note 12": a
    message that starts with the infinitive or the command of a job the shop sells by that verb ("Subir
    ruedo …", "Pegar botones (x5)", "Cambio de batería …"), or ends with that command ("la pantalla del
    note 12 cambiámela"), asks for it, as "quiero …" would (a bare noun only names what to show)."""
    from ...services.text import stem, tokens
    from ..understanding import lemmas
    if t.s.question or t.s.price or len(t.s.items) != 1 or not t.s.items[0].phrase:
        return False
    skip = lexicon.words("greeting") | lexicon.words("filler") | lexicon.words("vocative") | lexicon.words("vale")
    first = next((w for w in t.s.message.words if w not in skip), None)
    said = t.s.items[0].phrase.split()
    verb = said[0] if said[0] == first else said[-1]  # ("la pantalla del note 12 cambiámela": said last)
    infinitive = verb if lemmas.is_infinitive(verb) else lemmas.infinitive_with_clitics(verb)
    if infinitive is None or (verb != first and (verb == infinitive or verb != t.s.message.words[-1])):
        return False
    # ("cambiame la pila del note 12", "formatéame la compu": the command, its pronoun attached)
    found = t.found(t.s.items[0].phrase)
    cards = [found.product] if found.product else found.options
    return bool(cards) and all(tokens(c.name)[:1] and stem(tokens(c.name)[0]) == stem(infinitive) for c in cards)


def names_one_each(t: Turn) -> bool:
    """Each thing named is one product, called by every word said or the only one found, and every
    number said is in those products' names ("la corona de 1.60"; not "bloqeador de 120 x2" nor "regalemen
    3 paketes de …": a count not read; not "el one million de 100" beside the tester and the esencia of
    100 ml)."""
    from ...services.text import tokens
    found = [t.found(i.phrase).product for i in t.s.items]
    if not found or any(card is None for card in found):
        return False
    from ..resolution import purpose_at
    for item, card in zip(t.s.items, found):
        words = item.phrase.split()
        words = [w for i, w in enumerate(words) if not _hours_at(words, i)]  # ("… 3 horas": how long)
        said = product_phrase(" ".join(words[:purpose_at(words)]))  # ("brillado pa mi pulsar": the brillado)
        if not has_every_word(card, said) and any(r.id != card.id for r in t.box.search_products(query=said, limit=4)):
            return False
    named = {w for card in found for w in tokens(card.name)}
    words = list(t.s.message.words)
    return all(w in named for i, w in enumerate(words) if any(c.isdigit() for c in w) and not _hours_at(words, i))
    # ("trío de boleros 3 horas para la fiesta": how long it is wanted)


def _hours_at(words: list[str], i: int) -> bool:
    """"3 horas" at `i`: a number of hours (how long something is wanted), not a number of a name."""
    from ..resolution import duration_key
    return words[i].isdigit() and i + 1 < len(words) and duration_key(words[i + 1]) == "hour"


def called_by_number(t: Turn) -> list[tuple[int, list[ProductCard]]] | None:
    """"necesito la de 26", "una de 18 por día", "quiero 1 de 30 por dia", "¿cuánto la de 26?" with
    nothing talked about yet: things called only by the number their names carry (the shop's own way of
    calling them), each with how many and the products so numbered that every other word said names;
    None when the message names something or a product was talked about (then "la de 26" is its sibling)."""
    return t.remember("called_by_number", lambda: _called_by_number(t))


def _called_by_number(t: Turn) -> list[tuple[int, list[ProductCard]]] | None:
    from ...services.text import STOPWORDS, stem, tokens
    named = [product_phrase(i.phrase) for i in t.s.items if i.phrase]
    if not t.state.fresh or any(p and not p[:1].isdigit() for p in named):
        return None
    words = list(t.s.message.words)
    leads = ARTICLES | SHARES | {"un"}  # "la de 26", "una de 18", "un de 30"
    said = []
    for at, word in enumerate(words):
        if word != "de" or not 0 < at < len(words) - 1 or not re.fullmatch(r"\d+(?:\.\d+)?", words[at + 1]):
            continue
        before = words[at - 1]
        spelled = parse_number_at(words, at - 1) if before in NUMBER_WORDS else None
        count = int(before) if before.isdigit() else spelled[0] if spelled else None
        if before not in leads and (count is None or at > 1 and words[at - 2] != "y"
                                    and t.s.message.lemmas[at - 2] is None):
            continue  # ("una lavadora de 26": a thing named, and its size; "un par de 6 x 9 de 3 vías": a size)
        rest = []
        for w in words[at + 2:]:
            if w in ("y", "o") or w in lexicon.words("for_whom") or w in lexicon.words("vocative") \
                    or w in lexicon.words("when") or w in lexicon.words("question"):
                break  # ("la de 26 por turno pa hoy": what it is, not when)
            if w.isalpha() and w not in STOPWORDS:
                rest.append(w)
        number = words[at + 1]
        numbered = {c.id: c for query in dict.fromkeys([" ".join([number, *rest]), number])
                    for c in t.box.search_products(query=query, limit=8) if number in tokens(c.name)}
        wanted = {stem(w) for w in rest}
        fitting = [c for c in numbered.values() if wanted <= {stem(w) for w in tokens(c.name)}]
        if not fitting:
            return None
        said.append((count or 1, fitting))
    return said or None


def take_called_by_number(t: Turn) -> None:
    """The one product each number (and the words after it) calls, taken; asked among several; only
    shown when the customer asks ("¿cuánto la de 26?")."""
    from .answers import describe
    said = called_by_number(t) or []
    words = t.s.message.words
    if (t.s.message.is_question or t.s.price) and not t.s.message.verb_positions("buy"):
        describe(t, [c for _, cards in said for c in cards])
        return
    changed, phrase = False, " ".join(words)
    for count, cards in said:
        cards = [c] if len(cards) > 1 and (c := _period_told(cards, phrase, words) or _plain_period(cards, words)) \
            else cards
        if len(cards) > 1:
            ask_choice(t, Resolution(options=cards), count, None, "add")
            return
        changed |= put(t, cards[0], count, None, relative=False)
    if changed:
        summary(t, ask_next=True)


def party_said(t: Turn) -> bool:
    """"careteo 2 horas para 3", "tour minca para 2 adultos", "el traslado del aeropuerto a palomino,
    somos 2": one thing named with how many people it is for — sold per person, or holding that many
    ("(hasta 4 personas)") — asks for it, as "quiero …" would (a bare noun only names what to show)."""
    if t.s.question or t.s.price or len(t.s.items) != 1 or not t.s.items[0].phrase or t.s.items[0].quantity:
        return False
    found = t.found(t.s.items[0].phrase)
    size = party_size(list(t.s.message.words)) if found.product is not None else None
    return size is not None and (_priced_per_person(found.product) or size <= (_holds_people(found.product) or 0))


def _for_the_party(options: list[ProductCard], words) -> ProductCard | None:
    """"el snorquel pa 3" among the snorkel tour (per person) and the snorkel kits: the one line sold
    per person, when the message counts people."""
    from ...services.text import tokens
    words = list(words)
    if party_size(words) is None or any(_ages_held(o) is not None for o in options):
        return None  # ("playa cristal para 3": adults or children, asked)
    size = party_size(words)
    for_them = [o for o in options if _party_held(o) == size]
    if len(for_them) == 1:
        return for_them[0]  # ("la mensualidad pa mi novia y yo": the "Mensualidad ilimitada pareja (2 personas)")
    people = _per_person()
    told = {w for before, w, after in zip([""] + words, words, words[1:] + [""]) if w.isdigit()
            and singular_stem(after) not in people and before not in lexicon.words("for_whom")}
    per_person = [o for o in options if _priced_per_person(o) and told <= set(tokens(o.name))]
    # ("el tour 2 días … para 2 personas": not the "… 4 días (por persona)")
    return per_person[0] if len(per_person) == 1 else None


def _held(card: ProductCard, item, words: list[str]) -> tuple[int, int, str] | None:
    """(how many one of the line holds, how many the customer counts, of what) when its name says "hasta
    N <things>" ("Pintura de fachada por m2 (hasta 2 pisos)") and the message counts those things
    ("son 5 pisos", "es de 3 pisos"); never a measure ("… TV hasta 65 pulgadas")."""
    from ...services.text import tokens
    named = tokens(card.name)
    held = next(((int(n), p) for w, n, p in zip(named, named[1:], named[2:]) if w in lexicon.words("up_to")
                 and n.isdigit() and p.isalpha() and measure_key(p) is None and p not in lexicon.words("measure")),
                None)
    if held is None:
        return None
    counted = singular_stem(held[1])
    if item.quantity and item.phrase and singular_stem(item.phrase.split()[0]) == counted:
        return held[0], item.quantity, held[1]  # ("…, son 5 pisos")
    for i in range(len(words) - 1):
        parsed = parse_number_at(words, i)
        if parsed is not None and parsed[1] < len(words) and singular_stem(words[parsed[1]]) == counted \
                and not (i and words[i - 1] in lexicon.words("up_to")):
            return held[0], parsed[0], held[1]
    return None


def _party_held(card: ProductCard) -> int | None:
    """How many people one of the line is for, its name says: "(2 personas)", "pareja" (two)."""
    from ...services.text import tokens
    named = tokens(card.name)
    if set(named) & lexicon.words("couple"):
        return 2
    return next((int(n) for n, p in zip(named, named[1:]) if n.isdigit() and singular_stem(p) in _per_person()
                 and n != "1"), None) if _holds_people(card) is None else None


def _holds_people(card: ProductCard) -> int | None:
    """"Traslado aeropuerto - hotel (hasta 4 personas)": how many people one of it is for, at most."""
    from ...services.text import tokens
    named = tokens(card.name)
    return next((int(n) for w, n, p in zip(named, named[1:], named[2:])
                 if w in lexicon.words("up_to") and n.isdigit() and singular_stem(p) in _people_counted()), None)


@lru_cache(maxsize=1)
def _people_counted() -> frozenset[str]:
    """What a line's name counts people by: "(hasta 4 personas)", "(2 a 3 estudiantes)"."""
    return frozenset(_per_person() | {singular_stem(w) for w in lexicon.words("group_member")})


def party_rows(t: Turn) -> list[tuple[ProductCard, int]] | None:
    """"somos 2 adultos y 3 niños de 5, 8 y 12 años, queremos el tour de minca": how many of each line
    of the thing booked the people counted take — the adults' line, the children's line whose ages
    hold each child's (older ones pay as adults, younger ones than any go free), or the one line sold
    per person for all of them. None when the message counts no children or a child has no line."""
    return t.remember("party_rows", lambda: _party_rows(t))


def _party_rows(t: Turn) -> list[tuple[ProductCard, int]] | None:
    from ..understanding.items import extract_item_requests
    from ..understanding.party import Party, read_party
    if t.s.question and not t.s.price:
        return None  # "somos 2 adultos y un niño de 3 años, ¿toca pagar por el niño?": the shop's rule
    party = read_party(list(t.s.message.words))
    if party is None and len(t.state.party) > 1 and lexicon.words("everyone") & set(t.s.message.words) \
            and not t.s.question:  # "listo, resérvelos a todos", "entonces bahía concha para todos"
        kept = [w for w in t.s.message.words if w not in lexicon.words("everyone")]
        party = Party(adults=t.state.party[0], children=tuple(t.state.party[1:]), rest=" ".join(kept))
    if party is None:
        return None
    named = [i.phrase for i in extract_item_requests(party.rest) if i.phrase] or [
        after for segment in party.rest.split(", ") if (after := _after_for_whom(segment.split(" ")))]
    # ("ajá mi vale, apúntame pa Bahía Concha": what comes after "pa")
    focus = _card_of(t, t.state.focus) if t.state.focus and not named else None
    if len(named) != 1 and focus is None:
        return None
    found = t.found(named[0]) if focus is None else Resolution(product=focus, phrase=focus.name)
    cards = [found.product] if found.product else found.options
    if not party.adults and None not in party.children and len(cards) > 1:
        each = [_holding_age(cards, age) for age in party.children]
        # "mis dos hijos, uno de 2 y otro de 4 años" of the "Matrícula … (2 a 3 años)", "(4 a 5 años)": a line each
        if all(len(fitting) == 1 for fitting in each):
            counts: dict[int, int] = {}
            for (card,) in each:
                counts[card.id] = counts.get(card.id, 0) + 1
            return [(card, counts.pop(card.id)) for (card,) in each if card.id in counts]
    bases = {c.name.rsplit(" - ", 1)[0] for c in cards if " - " in c.name} or {c.name for c in cards}
    if len(bases) != 1:
        return None  # ("el tour de minca": its adults' and children's lines, not the private one)
    base = bases.pop()
    family = [c for c in t.box.search_products(query=base, limit=12) if c.name.startswith(base)] or cards
    cards = [c for c in cards if c.name.startswith(base)]
    adult = [c for c in family if c.name != base and _priced_per_person(c) and _ages_held(c) is None
             and singular_stem(c.name.rsplit(" - ", 1)[-1].split()[0]) in _per_person()]
    children = [(c, _ages_held(c)) for c in family if _ages_held(c) is not None]
    if not adult and not children:
        return [(cards[0], party.people)] if len(cards) == 1 and _priced_per_person(cards[0]) else None
    if len(adult) != 1 or not children:
        return None
    counts: dict[int, int] = {}
    for age in party.children:
        fitting = [c for c, (low, high) in children if age is not None and low <= age <= high] if age is not None \
            else [c for c, _ in children]
        if len(fitting) > 1:
            return None  # ("un niño", no age, and two children's lines)
        if not fitting and age is not None and age > max(high for _, (_, high) in children):
            fitting = adult  # "un niño de 11 años" when children go up to 10: an adult's place
        for c in fitting:
            counts[c.id] = counts.get(c.id, 0) + 1
        # (younger than every children's line: no place paid)
    if party.adults:
        counts[adult[0].id] = counts.get(adult[0].id, 0) + party.adults
    return [(c, counts[c.id]) for c in [adult[0]] + [c for c, _ in children] if c.id in counts]


def _after_for_whom(words: list[str]) -> str:
    """The words after the last "para" / "pa" of a clause ("apúntame pa bahia concha": "bahia concha")."""
    leads = [i for i, w in enumerate(words) if w in lexicon.words("for_whom")]
    return " ".join(words[leads[-1] + 1:]) if leads else ""


def _ages_held(card: ProductCard) -> tuple[int, int] | None:
    """The ages a line is for ("Niño (4 a 10 años)": 4 to 10; "… (hasta 12 años)": 0 to 12)."""
    found = AGE_RANGE.search(card.name.lower())
    if found is None:
        return None
    return (int(found.group(1)), int(found.group(2))) if found.group(1) else (0, int(found.group(3)))


def take_party(t: Turn) -> None:
    """Each line the party takes, all or none: a place short on one line adds none of them. Asked as
    a question ("…, ¿cuánto sale playa cristal?"), the lines and their total, for a "resérvelos a todos"."""
    from ..understanding.party import read_party
    rows = party_rows(t) or []
    party = read_party(list(t.s.message.words))
    if party is not None:
        t.state.party = [party.adults, *party.children]
    t.mention([card for card, _ in rows])
    t.state.focus = rows[0][0].id if rows else t.state.focus
    if t.s.question or t.s.price:
        lines = "\n".join(f"• {count} × {card.name} a {format_cop(card.price)} = {format_cop(card.price * count)}"
                          for card, count in rows)
        t.ask("party_price", lines=lines, total=format_cop(sum(card.price * count for card, count in rows)))
        return
    t.state.wants_to_buy = True
    short = next(((card, count) for card, count in rows if count > card.stock), None)
    if short is not None:
        card, wanted = short
        t.state.focus = card.id
        t.ask("sold_out", name=card.name) if card.stock <= 0 else \
            t.ask("party_short", name=card.name, available=card.stock, wanted=wanted)
        return
    changed = False
    for card, count in rows:
        changed |= put(t, card, count, None, relative=True)
    if changed:
        summary(t, ask_next=True)


def _each_named(t: Turn, family: list[ProductCard]) -> list[ProductCard]:
    """"negro y blanco, uno de cada uno" after the threads listed: of those, the ones the message names."""
    from ...services.text import STOPWORDS
    said = {w for i in t.s.items if i.phrase and i.each is None for w in i.phrase.split()
            if w.isalpha() and w not in STOPWORDS and w not in lexicon.words("and") | lexicon.words("for_each")}
    named = [c for c in family if any(names_word(c, w) for w in said)]
    return named if said and named else family


def takes_the_one_named_with(t: Turn, pending: Pending) -> bool:
    """"la proteína de chocolate de 5 libras" (how many was asked), then "y un shaker negro": one of
    the product named goes in with the other (the read-back shows both)."""
    if pending.kind != PendingKind.CHOICE or not pending.requested or len(pending.options) != 1 \
            or pending.quantity or t.s.message.words[:1] != ("y",) or not (t.s.buy or t.s.also) \
            or t.s.question or not any(i.phrase for i in t.s.items) or t.s.quantity_change:
        return False
    card = t.box.product_details(product_id=pending.options[0])
    if not isinstance(card, ProductCard) or any(t.found(i.phrase).product == card for i in t.s.items if i.phrase):
        return False
    t.state.release()
    put(t, card, 1, None, relative=True)
    return True


def take_the_ones_talked_about(t: Turn) -> bool:
    """"póngame esas dos" after asking about two sizes one by one: one of each of them."""
    from ..understanding.items import pointed_count
    count = pointed_count(t.s.message)
    if count is None or len(t.s.items) != 1 or t.s.items[0].phrase:
        return False
    family = talked_family(t)
    if len(family) < count and len(t.state.mentioned) <= 1:  # "dame los dos" after the TSH, then the T4
        in_order = {ln.product_id for ln in t.order().lines}  # libre, each asked about: both, whatever named
        one_by_one = [c for c in (t.box.product_details(product_id=i) for i in t.state.discussed
                                  if i not in in_order) if isinstance(c, ProductCard)]
        family = one_by_one if len(one_by_one) == count else family
    pending = t.state.pending
    offered = pending is not None and (pending.kind == PendingKind.OFFER or pending.quantity or (
        pending.kind == PendingKind.CHOICE and len(pending.options) == 1))  # ("mandame las 5" after "¿cuántas?")
    talked = set(t.state.discussed) | set(t.state.mentioned)
    if len(family) < count and set(t.s.message.words) & {"los", "las"} and not offered and len(talked) > 1:
        t.state.release()  # "anóteme los dos" after a list and one product: which two is not known
        t.ask("which_ones")
        return True
    if len(family) < count:
        return False
    t.state.release()
    changed = False
    for card in reversed(family[:count]):  # in the order they were talked about
        changed |= put(t, card, 1, None, relative=True)
    if changed:
        summary(t, ask_next=True)
    return True


def _holding_the_party(t: Turn, found: Resolution, phrase: str) -> Resolution:
    """"somos 9 con maletas, nos llevás al aeropuerto": among the lines named "… (hasta 4 / 6 / 15
    pasajeros)", those of the smallest one the party fits in; then which of them, as words say (a line
    holding nobody in particular, "Letrero … en el aeropuerto", is not the ride). "somos dos, una hora de
    tutoría" of the "Tutoría individual … (1 estudiante)" found: the "Tutoría grupal … (2 a 3
    estudiantes)" the two fit in."""
    size = party_size(list(t.s.message.words))
    if size is None:
        return found
    if found.product is not None and (_people_range(found.product) is None
                                      or _fits_people(_people_range(found.product), size)):
        return found
    query = product_phrase(phrase)
    if found.product is not None:  # (the words said that name it: "tutoría presencial", not "de inglés")
        from ...services.text import stem, tokens
        named = {stem(w) for w in tokens(found.product.name)}
        query = " ".join(w for w in query.split() if stem(w) in named) or query
    found_ids = {r.id: r for r in t.box.search_products(query=query, limit=30)}
    held = {i: n for i, r in found_ids.items() if (n := _people_range(r)) is not None}
    fitting = {i: n for i, n in held.items() if _fits_people(n, size)}
    if len(set(held.values())) < 2 or not fitting:
        return found
    smallest = min(high for _, high in fitting.values())
    within = [i for i, (_, high) in fitting.items() if high == smallest]
    again = resolve(t.box, phrase, within=within)
    return again if again.product is not None or again.options else found


def _fits_people(held: tuple[int, int], size: int) -> bool:
    return held[0] <= size <= held[1]


def _people_range(card: ProductCard) -> tuple[int, int] | None:
    """How many people one of the line is for, its name says: "(hasta 4 personas)" 1 to 4, "(2 a 3
    estudiantes)" 2 to 3, "(1 estudiante)" one — not "(mínimo 4 personas)", a minimum."""
    from ...services.text import fold, tokens
    people = _people_counted()
    most = _holds_people(card)
    if most is not None:
        return 1, most
    named = tokens(card.name)
    for i, word in enumerate(named):
        ahead = named[i + 1:i + 4]
        if word.isdigit() and len(ahead) > 2 and ahead[0] in ("a", "y") and ahead[1].isdigit() \
                and singular_stem(ahead[2]) in people:
            return int(word), int(ahead[1])
    alone = re.search(r"\((\d+) ([a-z]+)", fold(card.name).lower())  # "(1 estudiante)", "(2 personas)"
    if alone and singular_stem(alone.group(2)) in people:
        return int(alone.group(1)), int(alone.group(1))
    return None


def _hourly(card: ProductCard) -> bool:
    """One of the line is an hour ("Cancha fútbol 5 … noche (hora)", "DJ … (por hora)")."""
    return bool(_hour_stems() & periods_of(card))


@lru_cache(maxsize=1)
def _hour_stems() -> frozenset[str]:
    return frozenset(singular_stem(w) for w in lexicon.values("duration_same", "hour"))


def _by_the_hour(t: Turn, found: Resolution, phrase: str) -> Resolution:
    """"necesitamos la cancha de fútbol 5 el martes de 7 a 10 de la noche": hours said from one to another
    ask for the lines sold by the hour, not the "Paquete mensual fútbol 5 noche …" the words found."""
    if hours_between(t.s.message.norm) is None:
        return found
    cards = [found.product] if found.product is not None else found.options
    if not cards or all(map(_hourly, cards)):
        return found
    from ...services.text import stem, tokens
    named = set.intersection(*({stem(w) for w in tokens(c.name)} for c in cards))
    said = product_phrase(phrase).split()
    query = " ".join(w for w in said if stem(w) in named) or " ".join(said)  # (what they and the customer say:
    # "fútbol 5")
    within = [r.id for r in t.box.search_products(query=query, limit=20) if _hourly(r)]
    again = resolve(t.box, phrase, within=within) if within else None
    return again if again is not None and (again.product is not None or again.options) else found


def _one_way_or_return(options: list[ProductCard], words) -> ProductCard | None:
    """"una camioneta de ida a salento" between the "… solo ida" and "… ida y regreso en el día": the
    one-way line; "ida y vuelta", "volver el mismo día" the other (lexicon `return_trip`); neither
    said, None (it is asked)."""
    from ...services.text import tokens
    returning = [o for o in options if _says_return(tokens(o.name))]
    if not returning or len(returning) == len(options):
        return None
    said = f" {' '.join(words)} "
    if _says_return(list(words)):
        kept = returning
    elif any(f" {' '.join(p)} " in said for p in lexicon.value_phrases("return_trip", "one_way")):
        kept = [o for o in options if o not in returning]
    else:
        return None  # ("una van pa manizales": there only, or there and back, is asked)
    return kept[0] if len(kept) == 1 else None


def _says_return(words: list[str]) -> bool:
    """The words speak of coming back: "regreso", "volver", "ida y vuelta" (lexicon `return_trip`)."""
    said = f" {' '.join(words)} "
    return any(f" {' '.join(p)} " in said for p in lexicon.phrases("return_trip"))


def _rented(t: Turn, found: Resolution, phrase: str) -> Resolution:
    """"quiero alquilar una carpa de 2 personas": the shop's rental lines with those words ("Alquiler
    Carpa 2 Personas por Noche / Fin de Semana"), not the carpa it sells."""
    from ...services.text import STOPWORDS, stem, tokens
    from ..resolution import has_every_word
    renting = set().union(*(f for f in lexicon.service_families() if f & rental_stems()))  # alquilar, arrendar
    if not any(w.startswith(tuple(renting)) for w in t.s.message.words):  # ("alquílame", "alquilar", "alquiler")
        return found
    if (found.product is not None and is_rental_line(found.product)) \
            or (found.options and all(map(is_rental_line, found.options))):
        return found
    said = product_phrase(phrase)
    base = " ".join(tokens(found.product.name)) if found.product is not None else said
    seen = {r.id: r for query in (said, base) for r in t.box.search_products(query=query, limit=20)}
    head = said.split()[:1]  # "alquílame un balón pa la de micro": the "Alquiler de balón de microfútbol", the
    lines = [r for r in seen.values() if is_rental_line(r) and (  # "Balón de microfútbol Golty" found telling which
        has_every_word(r, base) or has_every_word(r, said) or (head and has_every_word(r, head[0])))]
    if not lines:
        return found
    stems = {stem(w) for w in f"{phrase} {base}".split() if w not in STOPWORDS}  # ("por una noche": by the night)
    score = {r.id: len(stems & {stem(w) for w in tokens(r.name)}) for r in lines}
    lines = [r for r in lines if score[r.id] == max(score.values())]
    return Resolution(product=lines[0], phrase=phrase) if len(lines) == 1 else \
        Resolution(options=lines, phrase=phrase)


def _better_count_of_a_line(t: Turn, items: list) -> bool:
    """"y mejor 6 tablas", "mejor 2 arneses" (no verb): how many of the one line of the order they name,
    not more of them nor a choice among every tabla of the shop."""
    skipped = lexicon.words("and") | lexicon.words("deny") | lexicon.words("filler") | lexicon.words("only")
    # ("y/no, mejor 6 …", "mejor solo una fuente")
    from ..understanding.items import SETTING_LEMMAS
    said = t.s.message.words
    setting = {w for w, lemma in zip(said, t.s.message.lemmas) if lemma in SETTING_LEMMAS}
    words = [w for w in said if w not in skipped and w not in setting]  # ("y poneme 3 paquetes de bolsas mejor")
    if len(items) != 1 or not items[0].quantity or items[0].relative or not lexicon.words("rather") & set(said) \
            or words[:1] != [str(items[0].quantity)] and not (words[:1] and parse_number_at(words, 0)) \
            or any(lemma for w, lemma in zip(said, t.s.message.lemmas) if w not in setting) \
            or len(items[0].phrase.split()) > 2:
        return False
    line = target_line(t, items[0].phrase)
    card = t.box.product_details(product_id=line.product_id) if line is not None else None
    if not isinstance(card, ProductCard) or not called_by_head(card, items[0].phrase):
        return False
    if put(t, card, items[0].quantity, items[0].unit, relative=False):
        summary(t, ask_next=True)
    return True


def buy(t: Turn, changed: bool = False, previous: ProductCard | None = None, only: list | None = None) -> None:
    """Add what the message names (`only`: these of its mentions); `changed`: the order already changed
    earlier in this turn, to `previous` ("dámelo, y el vidrio del 14": the vidrio that goes with what
    was just taken)."""
    items = [i for i in (t.s.items if only is None else only)
             if (i.phrase and not _generic(i.phrase)) or (i.relative and not i.phrase)]
    t.state.wants_to_buy = True
    if only is None and (take_the_ones_talked_about(t) or _better_count_of_a_line(t, items)):
        return
    with_it = [i for i in items if i.relative and i.phrase.startswith("con ") and i.quantity == 1]
    if len(items) == 1 and with_it and t.state.focus:
        # "deme el otro con una base pa cautín": the one talked about, and the base
        focus = t.box.product_details(product_id=t.state.focus)
        if isinstance(focus, ProductCard) and put(t, focus, 1, None, relative=True):
            changed, previous = True, focus
        items = [replace(with_it[0], relative=False, phrase=with_it[0].phrase.removeprefix("con "))]
    if all(not i.phrase for i in items):
        items = []
    if not items:
        relative = [i for i in t.s.items if i.relative]
        named = _unit_named_alone(t, relative[0]) if len(relative) == 1 else None
        if named is not None:  # "2 bloques" after the bags of ice: the "Bloque de hielo …", not 2 more bags
            buy(t, changed, previous, only=[named])
            return
        if relative and t.state.focus:
            _add_to_focus(t, relative[0].quantity or 1, relative[0].unit)
            return
        beside = _beside_the_order(t, relative[0].unit) if relative and relative[0].unit else None
        if beside is not None:  # "listo, agréguele esos 2 metros" after a question about the distance
            if put(t, beside, relative[0].quantity or 1, relative[0].unit, relative=True):
                summary(t, ask_next=True)
            return
        if t.order().lines and (t.s.confirm or t.s.finish):
            from .checkout import start
            start(t)
            return
        t.ask("ask_product")
        return
    adding = t.s.add_more
    in_order = [ln.product_id for ln in t.order().lines]
    said_before, given, taken, taken_by = None, previous, set(), {}
    days_rented = None  # ("la van 3 días con portaequipaje y GPS": the days each extra by the day is for)
    found_before = None  # the product the mention before resolved to, taken or not (too few in stock)
    for item in _with_add_ons(t, _names_with_y(t, _told_apart_after(t, joined_pieces(items)))):
        item, said_before = _unit_named_product(t, item, previous, said_before), item.phrase
        loose = _loose_sibling(t, previous) if item.phrase and set(item.phrase.split()) <= lexicon.words("loose") \
            else None
        if loose is not None:  # "y 3 sueltas más" after the box of 12: the ones sold one by one
            changed |= put(t, loose, item.quantity or 1, None, relative=True)
            previous = loose
            continue
        problem = validate_quantity(min(item.quantity, 1)) if item.quantity is not None else None
        # (a big count is checked once it is in packs: "5 mil volantes" are 5 of the "… x1000")
        if problem:
            t.say("error.cantidad_invalida")
            continue
        named = _unit_named_alone(t, item) if len(items) > 1 else None
        if named is not None:  # "2 bloques, 1 pinza y …": the "Bloque de hielo …"
            item = named
        if not item.phrase:  # "deme un bulto y 2 galones del líquido": a bulto of what was talked about
            card = _in_unit(t, item.unit) if item.unit and item.unit not in GROUPS else _shown_one(t)
            # ("me regala 2 y un oxidante"; "póngame el millar" after the x500: the x1000)
            card = _in_pack_of(t, card, item.quantity, item.unit) if card is not None and item.unit in GROUPS else card
            if card is None and not item.unit and len(t.state.mentioned) > 1:
                _ask_which_shown(t, item.quantity)  # "deme ese y un velón rojo" after a list: which one
                continue
            if card is None:
                t.ask("ask_product_for_unit", unit=item.unit) if item.unit else t.ask("ask_product")
                continue
            changed |= put(t, card, item.quantity, item.unit, relative=True)
            previous = card
            continue
        if (previous is not given and _describes(previous, item)) or _describes(found_before, item):
            continue  # "me llevo la mochila mar caribe, la pieza única": what it is, not one more
            # ("3 willard 27, entrego las 3 viejas" when only 2 are left: what the line is, still)
        phrase = same_as(item.phrase, _reference(t))
        attribute = _variant_of_focus(t, item)  # "deme la negra y la amarilla" after the Epson inks
        found = attribute if attribute is not None else \
            resolve(t.box, phrase, unit=item.unit, quantity=item.quantity,
                    reference=previous or _pointed_reference(t, item.phrase))  # "… y su vidrio"
        if item.done_to and phrase.endswith(item.done_to) and (found.product is None
                                                               or not called_by_head(found.product, phrase)):
            # "estampado media carta en 6 camisetas que yo llevo": the service alone, when the thing it
            # is done to does not tell which ("la instalación de un aire de 12000" does)
            alone = phrase[:-len(item.done_to)].strip()
            service = resolve(t.box, alone, unit=item.unit, quantity=item.quantity)
            found, phrase = (service, alone) if service.product is not None else (found, phrase)
        if found.product is not None and item.quantity and not item.unit and _leading_dozen(found.product) \
                and item.quantity % 12:
            # "10 camisetas blancas" is no count of the "Docena de Camisetas …": the ones sold loose
            loose = [r.id for r in t.box.search_products(query=product_phrase(phrase), limit=12)
                     if r.id != found.product.id and not _leading_dozen(r)]
            found = resolve(t.box, phrase, within=loose, quantity=item.quantity) if loose else found
        found = _rented(t, found, phrase) if attribute is None else found
        found = _holding_the_party(t, found, phrase) if attribute is None else found
        found = _by_the_hour(t, found, phrase) if attribute is None else found
        service = _service_before(t, phrase, found) if attribute is None else None
        found = Resolution(product=service, phrase=phrase) if service is not None else found
        if found.ambiguous and item.quantity == 1 and item.unit is None:
            single = _single_among_sets(found.options, phrase, t.s.message.words)  # "un lóbulo": not the par
            found = Resolution(product=single, phrase=found.phrase) if single is not None else found
        found = _section_named(t, found, item.phrase) if attribute is None and service is None \
            and item.unit is None and previous is None else found  # ("… con su vidrio templado": the one for it)
        if previous is not None and (found.ambiguous or found.product is None):
            sibling = variant_of(t.box, previous, phrase)  # "2 platos grandes y uno mediano"
            found = sibling if sibling.product and _same_kind(sibling.product, previous) else found
            # (not "media libra de salami, una libra de mortadela": the mortadela's own size)
        elif _colour_first(product_phrase(phrase)) and _last_taken(t) is not None and (
                found.product is None or not _same_kind(found.product, _last_taken(t))):
            shown = _last_taken(t)  # "y 3 negros de 30x40" after the gold frames: the frame in black
            sibling = variant_of(t.box, shown, _looks(phrase))
            found = sibling if sibling.product and _same_kind(sibling.product, shown) else found
        named_count = _count_in_name(t, found, phrase, item) if attribute is None else None
        if named_count is not None:  # "5 horas de carro": the "Paquete 5 Horas Carro", one of it
            found, item = Resolution(product=named_count, phrase=found.phrase), replace(item, quantity=1)
        if found.ambiguous and attribute is None and service is None:
            found = _goods_not_services(t, found)  # "me vende el aire de 9000 btu": not its installation
        if found.product is None and not found.options and _definite(t, item.phrase) and t.state.focus:
            talked = t.box.product_details(product_id=t.state.focus)  # "la recarga de 6 de esos": the
            if isinstance(talked, ProductCard) and len(phrase.split()) == 1 \
                    and names_word_head(talked, phrase):  # "Recarga …" asked about
                found = Resolution(product=talked, phrase=phrase)
        if found.ambiguous and _definite(t, item.phrase):  # "deme el cargador": the one we talked about
            talked = [o for o in found.options if o.id in t.state.discussed]
            found = Resolution(product=talked[0], phrase=found.phrase) if len(talked) == 1 else found
        if (item.relative or adding) and found.ambiguous and in_order:
            mine = resolve(t.box, item.phrase, within=in_order)  # "agrega otro casco": the one in the order
            found = mine if mine.product else found
        if found.ambiguous and in_order and attribute is None:
            fitting = _fits_the_order(t, found.options) or _rented_with_the_order(t, found.options, phrase)
            # "y los soportes pa la condensadora" after the
            found = Resolution(product=fitting, phrase=found.phrase) if fitting else found  # 24.000 BTU's
        if item.unit and not found.ambiguous and (found.product is None or not called_by_head(found.product, phrase)):
            # "una canastilla del skimmer": the unit word is the product's own name ("Canastilla para Skimmer")
            named = f"{item.unit} {phrase}"
            whole = resolve(t.box, named, quantity=item.quantity)
            if whole.product is not None and names_word_head(whole.product, item.unit):
                kept = item.unit if sold_as_unit(whole.product, item.unit) \
                    and item.unit not in lexicon.words("measure") else None  # ("15 gramos" of the "… por Gramo")
                found, item, phrase = whole, replace(item, unit=kept), named
        elif item.unit and found.ambiguous and item.unit not in lexicon.words("pair") | lexicon.words("dozen") \
                and any(names_word_head(o, item.unit) for o in found.options):
            whole = resolve(t.box, f"{item.unit} {phrase}", quantity=item.quantity)  # "un juego de ollas":
            headed = whole.options  # the "Juego de Ollas …" ones, still to choose among
            if headed and all(names_word_head(o, item.unit) for o in headed):
                kept = item.unit if all(sold_as_unit(o, item.unit) for o in headed) \
                    and item.unit not in lexicon.words("measure") else None
                found, item, phrase = whole, replace(item, unit=kept), f"{item.unit} {phrase}"
                # ("40 pacas de agua en bolsa" of the "… paca x20" called "paca de agua": 40 pacas, not 2)
        fitting = (fits_measure(_of_the_month(found.options, t.s.message.words),
                                _without_the_others(t, t.s.message.words, items, item))
                   or _in_size_range(found.options, phrase)
                   or _fits_age(found.options, t.s.message.words)
                   or _fits_month(found.options, t.s.message.words) or _fits_when(found.options, t.s.message.words)
                   or _one_way_or_return(found.options, t.s.message.words)
                   or _for_mine(found.options, t.s.message.words)
                   or _for_anyone(found.options, t.s.message.words)
                   or _plain_line(not_counted_sets(found.options, phrase, t.s.message.words), t.s.message.words)
                   or with_or_without(found.options, t.s.message.words, phrase)
                   or _kind_told(t, found.options, phrase)
                   or _tier_in_packs(t, found.options, item, phrase)
                   or _done_to_what_was_ordered(t, found.options, phrase)
                   or _period_told(found.options, phrase, t.s.message.words)
                   or _plain_period(found.options, t.s.message.words)
                   or whole_piece(found.options, item.unit)
                   or _for_the_party(found.options, t.s.message.words)) if found.ambiguous else None
        grouped = _in_groups(found.options, item) if fitting is None and found.ambiguous else None
        if grouped is not None:  # "1.500 alevinos de tilapia" of the "… por Millar" and "… por Ciento"
            if not grouped:
                _ask_groups(t, found.options, item.quantity)
                continue
            for card, count in grouped:
                changed |= put(t, card, count, None, relative=item.relative or adding)
                taken.add(card.id)
                taken_by.setdefault(card.id, []).append(item)
                previous = card
            continue
        if fitting is None and found.ambiguous and len(items) > 1:  # "axilas y bozo con cera": the axilas
            fitting = _like_the_others(t, found.options, [i for i in items if i is not item])  # by wax too
        if fitting is not None and t.s.message.is_question:  # "¿qué talla necesito si mi cintura mide 92 cm?"
            from .answers import describe
            describe(t, [fitting])
            continue
        if fitting is not None:  # "unas muletas para mi hermano que mide 1,80": the size made for that
            found = Resolution(product=fitting, phrase=found.phrase)
        found_before = found.product or found_before
        found, piece = (found, None) if item.unit in lexicon.words("measure") else \
            made_to_measure(t, found, phrase)  # "2 persianas sheer de 1 x 1": billed by the m²
        if piece is None and len(items) == 1 and found.product is not None and item.unit is None:
            piece = piece_apart(t, found.product, length=item.quantity is None)
            # ("tengo dos ventanas de 1 x 1,50, ¿me hace 2 blackout?"; not "son 3 metros" counted already)
        pair = _pack_of_two(found.options) if found.ambiguous and item.unit in lexicon.words("pair") else None
        if pair is not None:  # "4 pares de triple A" of the "Pila AAA x2" and "… x4": 4 of the x2
            changed |= put(t, pair, item.quantity or 1, None, relative=item.relative or adding)
            taken.add(pair.id)
            previous = pair
            continue
        if found.ambiguous and item.quantity and item.unit is None:
            loose = _loose_of_packs(found.options)  # "4 herraduras del 1": the loose one, counted into sets below
            found = Resolution(product=loose, phrase=found.phrase) if loose is not None else found
        if found.ambiguous:
            measured = priced(found.options[0], piece, item.quantity or 1) if piece else None
            ask_choice(t, found, measured.whole if measured and measured.whole else
                       item.quantity or _count_of_every_option(found.options, item, t.s.message.words),
                       None if measured else item.unit, "add")
            continue
        if found.product is None or (attribute is None and service is None and not called_by_head(found.product, phrase)):
            not_found(t, found.phrase or item.phrase)
            continue
        if _other_kind_by_a_word(t, found.product, item):
            from .answers import describe
            describe(t, [found.product])  # "minca privado …" then "entonces el compartido": asked, not taken
            continue
        if _prescription_missing(t, found.product):  # "véndame meloxicam pa mi perro": the fórmula first
            t.mention([found.product])
            t.state.focus = found.product.id
            t.state.ask(Pending(PendingKind.CHOICE, options=[found.product.id], action="add", requested=True,
                                quantity=item.quantity))
            t.ask("prescription_needed", name=found.product.name)
            continue
        held = _people_range(found.product) if item.quantity is None else None
        size = party_size(list(t.s.message.words)) if held else None
        if held and size and size > held[1]:  # "somos 5, una tutoría grupal" of the "… (2 a 3 estudiantes)"
            _ask_about(t, found.product, "party_too_big", most=held[1], size=size)
            continue
        closed = _sold_closed(found.product, item.phrase, item.unit)
        if closed:  # "3 baldosas sueltas del porcelanato" sold by the box: no box for loose pieces
            feminine = closed.endswith("a")
            _ask_about(t, found.product, "closed_only", unit=closed, whole="completa" if feminine else "completo",
                       price=found.product.price_text,
                       how_many="Cuántas" if feminine else "Cuántos")
            continue
        if _one_of_a_pair(found.product, item, t.s.message.words):  # "un estribo, solo uno": sold by the par
            t.mention([found.product])
            t.state.focus = found.product.id
            t.state.ask(Pending(PendingKind.OFFER, product_id=found.product.id, quantity=1))
            t.ask("pair_only", name=found.product.name, price=found.product.price_text)
            continue
        half = _half_of_a_whole(found.product, item.phrase) if item.quantity is None else None
        if half:  # "medio metro de encaje" of the "Encaje … por Metro": never a metre for half of one
            _ask_about(t, found.product, "whole_units_only", unit=half)
            continue
        if item.quantity is None and _half_of_the_thing(found.product, item.phrase):
            _ask_about(t, found.product, "no_halves")  # "media lámina de triplex": sold whole
            continue
        if piece is None and item.quantity is None:
            piece = remembered_piece(t, found.product)  # "hágamela en blanco lino" after its price
        price = priced(found.product, piece, item.quantity or pieces_for(item.phrase, piece) or 1) if piece else None
        if price is not None:
            quantity = take_measured(t, price)
            if quantity is not None:
                changed |= put(t, found.product, quantity, None, relative=item.relative or adding)
                previous = found.product
            continue
        quantity, periods = counted(found.product, item, list(t.s.message.words) if len(items) == 1
                                    or priced_by_area(found.product) else None)  # ("…, son 30 m2")
        if item.each and quantity in (None, 1):
            quantity = _one_for_each(t, item.each, taken) or quantity  # "un soporte pa cada uno": 3 panels, 3
        if quantity is None and item.some and not (shoe_sized(found.product) or named_in_plural(found.product)):
            _ask_about(t, found.product, "how_many_of")  # "unos tomates": how many is not said; a pair of tenis is one
            continue
        if quantity and (not item.unit or item.unit in lexicon.words("dozen") or _pairs_in_pack(found.product, item.unit)
                         or _pieces_in_pack(found.product, item.unit)
                         or (item.unit in GROUPS and not names_group(found.product, item.unit))) and not item.relative:
            packs = _in_packs(t, found.product, quantity, item.phrase)  # ("una docena de paletas": 1 caja)
            if packs is None:
                continue
            item = replace(item, unit=None) if item.unit in GROUPS and packs != quantity else item  # (in packs now)
            quantity = packs
        split = in_longer_periods(t, found.product, quantity or 1, periods) if periods and not item.relative \
            and not adding else None  # ("8 cuerpos por 15 días": 2 weeks and a day of each, where cheaper)
        if split is None and not periods and quantity and quantity > 1 and not (item.relative or adding or item.unit) \
                and _counts_periods(list(t.s.message.words), quantity):
            split = in_longer_periods(t, found.product, 1, quantity)  # "las 4 semanas de vacaciones": the
            # "… temporada completa 4 semanas" beside the "… por semana", where cheaper
        quantity = (quantity or 1) * periods if periods else quantity
        held = _held(found.product, item, list(t.s.message.words))
        if held is not None:  # "pintar la fachada, es de 3 pisos" of the "… (hasta 2 pisos)"
            holds, said, unit = held
            if said > holds:
                t.mention([found.product])
                t.state.focus = found.product.id
                t.say("holds_fewer", name=found.product.name, held=holds, said=said, unit=unit)
                continue
            quantity = None if quantity == said else quantity  # (one of it holds them)
        if quantity is None and not item.unit and sold_by(found.product):
            quantity = _measured_like(t, found.product)  # "y con instalación" after 2 m² of reja: 2 m²
        if quantity is None and not periods and not (item.relative or adding) and _period_length(found.product) == 1:
            quantity = days_rented or _days_in_order(t, found.product)  # ("la Seltos una semana con silla de
            # bebé": 7 days of the seat; "y ponele la cobertura total" after 4 days of the Duster: 4)
        if quantity is None and found.product.id in taken and not (
                _other_thing(t, item, found.product.id, taken_by) and _names_its_words(found.product, item.phrase)):
            continue  # "restauren 3 fotos viejas, están rotas": the one just taken, described (but "una reja
            # … y la puerta del garaje": another the "Pintura de reja o puerta metálica" is named by)
        if quantity in (None, 1) and not item.relative and found.product.id not in taken \
                and _both_ways(found.product, t.s.message.words):
            quantity = 2  # "con entrega y recogida en el hotel" of the "Entrega o Recogida en … - por trayecto"
        own_unit = bool(item.unit) and item.unit not in lexicon.words("measure") | lexicon.words("dozen") \
            and sold_as_unit(found.product, item.unit)  # ("12 pares" of the "… (par)", "6 rollos" of the "… (rollo)")
        cheaper = split or (None if (item.unit and not own_unit) or item.relative or adding or not quantity else
                            in_cheaper_packs(t, found.product, quantity, item.phrase))  # ("12 pares" of the "… (par)": a docena)
        tier = _tier_sibling(t, found.product, quantity) if not cheaper and (quantity or 0) > 1 \
            and not (item.relative or adding) else None
        cheaper = [(tier, quantity)] if tier is not None else cheaper  # ("25 bolsas de 10": the wholesale line)
        longer = _with_extra_hours(t, found.product, t.s.message.words) if quantity in (None, 1) \
            and not (cheaper or item.relative or adding) else None
        cheaper = longer or cheaper  # ("mariachi de 5 por 2 horas": the hour and an additional one)
        replaced = _line_taken_back(t, found.product, items) if not (item.relative or adding) else None
        if replaced is not None:  # "mejor una caja de 100" right after "3 paquetes de hojillas": in their place
            t.box.remove_from_order(product_id=replaced.product_id)
            t.say("removed", name=replaced.name)
        for card, count in cheaper or [(found.product, quantity)]:  # ("15 imanes": 1 docena and 3 loose)
            another = card.id in taken and _other_thing(t, item, card.id, taken_by) \
                and (item.quantity or _names_its_words(card, item.phrase))  # (not "… y el chambelán")
            # ("armar 2 mesas de noche y una biblioteca": both the "Armado de muebles pequeños", 3)
            changed |= put(t, card, count, item.unit, relative=item.relative or adding or another)
            taken.add(card.id)
            taken_by.setdefault(card.id, []).append(item)
            previous = card
        if days_rented is None and (periods or _period_length(found.product, longer_only=True)):
            days_rented = sum((_period_length(card) or 0) * (count or 1)
                              for card, count in cheaper or [(found.product, quantity)]) or None
    if changed:
        summary(t, ask_next=t.state.pending is None)


def _other_thing(t: Turn, item, product_id: int, taken_by: dict) -> bool:
    """A second mention in one message of a line taken already, joined to it by "y", names another thing
    it covers (no word of the first mention again: "una reja … y la puerta del garaje"), never the same
    thing said twice nor the thing named again in another sentence ("… la quinceañera, anotame el montaje")."""
    from ...services.text import content_stems
    said = set(content_stems(item.phrase or ""))
    words, phrase = list(t.s.message.words), (item.phrase or "").split()
    joined = any(words[i:i + len(phrase)] == phrase and {"y", "e"} & set(words[max(0, i - 2):i])
                 for i in range(len(words))) if phrase else False  # (said as written, right after "y")
    from ...services.text import tokens
    card = t.box.product_details(product_id=product_id)
    named = tokens(card.name) if isinstance(card, ProductCard) else []
    if any(named[k:k + 2] == ["y", phrase[0]] for k in range(len(named))):
        return False  # ("el kit de carga y juega": one "Kit Carga y Juega", its name said)
    return joined and bool(said) \
        and all(not said & set(content_stems(other.phrase or "")) for other in taken_by[product_id])


def _other_kind_by_a_word(t: Turn, card: ProductCard, item) -> bool:
    """"el compartido" right after the private Minca tour found the "Traslado compartido …": one word that
    does not head the product, said of a thing of another kind than the one talked about, is not enough
    to take it."""
    from ...services.text import STOPWORDS, tokens
    words = [w for w in (item.phrase or "").split() if w not in STOPWORDS and not w[:1].isdigit()]
    focus = _card_of(t, t.state.focus) if t.state.focus and t.state.focus != card.id else None
    if item.quantity or len(words) != 1 or focus is None or names_word_head(card, words[0]) \
            or any(tokens(c.name)[:1] == words for c in t.box.search_products(query=words[0], limit=8)):
        return False  # (a word some product is named by first: "la instalación", "su neumático")
    return tokens(card.name)[:1] != tokens(focus.name)[:1]


def _names_its_words(card: ProductCard, phrase: str) -> bool:
    """A word of the phrase is a word of the product's name."""
    from ...services.text import content_stems
    return bool(set(content_stems(phrase or "")) & set(content_stems(card.name)))


def _line_taken_back(t: Turn, card: ProductCard, items: list):
    """The order's line that a message opening with "mejor" takes back: one thing named, of the same
    kind as the line talked about and not it ("mejor una caja de 100" after the packs of 10)."""
    skipped = lexicon.words("and") | lexicon.words("deny") | lexicon.words("apology")
    words = [w for w in t.s.message.words if w not in skipped]
    if len(items) != 1 or not words or words[0] not in lexicon.words("rather") or t.s.add_more \
            or lexicon.words("also") & set(words):
        return None
    line = next((ln for ln in t.order().lines if ln.product_id == t.state.focus), None)
    current = _card_of(t, line.product_id) if line is not None else None
    return line if current is not None and current.id != card.id and _same_kind(card, current) else None


def _count_in_name(t: Turn, found: Resolution, phrase: str, item) -> ProductCard | None:
    """"5 horas de carro", "8 sesiones": the count and the thing counted are the name of one product
    ("Paquete 5 Horas Carro", "Paquete 8 Sesiones"), which is taken once; None when no product, or
    several, are so named."""
    words = phrase.split()
    if not item.quantity or item.quantity < 2 or item.unit or not words or not words[0].isalpha():
        return None
    head = singular_stem(words[0])
    from ...services.text import STOPWORDS, tokens

    def counts_it(card: ProductCard) -> bool:
        named = tokens(card.name.split("(")[0])  # (not the "(2 paneles 100 W + batería …)" a kit holds)
        return any(w == str(item.quantity) and singular_stem(n) == head for w, n in zip(named, named[1:])) \
            and all(names_word(card, w) for w in words[1:] if w.isalpha() and w not in STOPWORDS)
    if found.product is not None and counts_it(found.product):
        return found.product
    options = found.options or [*([found.product] if found.product else []),
                                *(r for r in t.box.search_products(query=product_phrase(phrase), limit=12)
                                  if found.product is not None or r.coverage > 0)]
    named = {c.id: c for c in options if counts_it(c)}
    return next(iter(named.values())) if len(named) == 1 else None


def _one_for_each(t: Turn, each: str, taken: set[int]) -> int | None:
    """How many "cada uno" / "cada panel" counts: the quantity of the order's line of those things (the
    line just taken or talked about, for "cada uno"); None when no one line is meant."""
    from ...services.text import STOPWORDS
    lines = t.order().lines
    said = [w for w in each.split() if w not in STOPWORDS and w not in lexicon.words("pointing") | SHARES]
    if said:
        cards = [(ln, _card_of(t, ln.product_id)) for ln in lines]
        meant = [ln for ln, card in cards if card is not None and all(names_word(card, w) for w in said)]
    else:
        meant = [ln for ln in lines if ln.product_id in taken] or \
            [ln for ln in lines if ln.product_id == t.state.focus] or lines[-1:]
    return meant[0].quantity if len(meant) == 1 and meant[0].quantity > 1 else None


def _prescription_missing(t: Turn, card: ProductCard) -> bool:
    """The product is sold only with a prescription (its description says so) and the message does not
    say the customer has one."""
    from ...services.text import normalize
    described = f" {normalize(card.description or '')} "
    if not any(f" {' '.join(p)} " in described for p in lexicon.phrases("prescription.only")):
        return False
    return not set(t.s.message.words) & lexicon.words("prescription")


def _card_of(t: Turn, product_id: int) -> ProductCard | None:
    card = t.box.product_details(product_id=product_id)
    return card if isinstance(card, ProductCard) else None


def _told_apart_after(t: Turn, items: list) -> list:
    """"tapizar 4 sillas del comedor, solo el asiento", "… 12 sillas de comedor, asiento y espaldar": the
    words said after a mention that has several options, with no count of their own, that tell which
    option it is (never one more product)."""
    joined, i = [], 0
    while i < len(items):
        item = items[i]
        following = []
        for after in items[i + 1:]:
            head = next((w for w in after.phrase.split() if w.isalpha() and w not in lexicon.words("article")), "")
            if after.quantity is not None or after.relative or after.unit or not after.phrase \
                    or names_products(t.box, head):
                break  # ("deme el cargador y el cable de 1 metro": a cable, one more product)
            following.append(after)
        if item.phrase and following and not item.relative:
            found = resolve(t.box, item.phrase, unit=item.unit, quantity=item.quantity)
            for told in ([following, following[:1]] if len(following) > 1 else [following]):
                said = " ".join(a.phrase for a in told)
                picked = resolve(t.box, said, within=[o.id for o in found.options]) if found.ambiguous else None
                if picked is not None and picked.product is not None \
                        and all(names_word(picked.product, w) or w in NUMBER_WORDS | {"media", "medio"}
                                for w in product_phrase(said).split()[:1]):  # ("… de pulgada y media")
                    # (not "axilas y bozo con cera" read as the "… con cera axilas": no "bozo" in it)
                    joined.append(replace(item, phrase=f"{item.phrase} {said}"))
                    i += 1 + len(told)
                    break
            else:
                joined.append(item)
                i += 1
            continue
        joined.append(item)
        i += 1
    return _shared_by_count(t, joined)


def _shared_by_count(t: Turn, items: list) -> list:
    """"10 metros de cable 4 mm, 5 rojo y 5 negro": counts said after a mention with several options,
    each with the words of one option, that add up to its count: those options, not more things."""
    for i, item in enumerate(items):
        if not item.quantity or not item.phrase or item.relative:
            continue
        parts, total = [], 0
        for after in items[i + 1:]:
            if not after.quantity or not after.phrase or after.relative or len(after.phrase.split()) > 2 \
                    or total >= item.quantity:
                break
            parts.append(after)
            total += after.quantity
        if len(parts) < 2 or total != item.quantity:
            continue
        found = resolve(t.box, item.phrase, unit=item.unit, quantity=item.quantity)
        picked = [resolve(t.box, p.phrase, within=[o.id for o in found.options]) if found.ambiguous else None
                  for p in parts]
        if all(p is not None and p.product is not None for p in picked) \
                and len({p.product.id for p in picked}) == len(parts):  # (each part its own option)
            shared = [replace(p, phrase=f"{item.phrase} {p.phrase}", unit=item.unit) for p in parts]
            return items[:i] + shared + items[i + 1 + len(parts):]
    return items


def _count_of_every_option(options: list[ProductCard], item, words) -> int | None:
    """A count the mention says of every option alike, though not as its quantity: "tapizar 12 sillas de
    comedor" of the two "Tapizado de Silla … (por silla)", "la espuma de 4 cojines" of the "Cambio de
    Espuma por Cojín …" of each density; kept for the option the customer picks."""
    counts = set()
    for option in options:
        quantity, periods = counted(option, item, list(words))
        counts.add((quantity or 1) * periods if periods else quantity)
    found = counts.pop() if len(counts) == 1 else None
    return found if found and found > 1 else None


def _describes(previous: ProductCard | None, item) -> bool:
    """A mention with no count whose every word is in the name of the product just taken before it in
    the same message ("la mochila mar caribe, la pieza única" of the "Mochila … Pieza Única Mar Caribe";
    "…, los de 100 metros" of the "… Rollo x100 m")."""
    from ...services.text import STOPWORDS, stem, tokens
    if previous is None or item.quantity is not None or item.relative or not item.phrase:
        return False
    from ..resolution import own_doing_at
    words = item.phrase.split()
    cut = next((i for i in range(1, len(words)) if own_doing_at(words, i)), len(words))
    # ("…, solo el rollo que yo lo pongo": the rollo taken, whoever lays it)
    said = [w for i, w in enumerate(words[:cut]) if w not in STOPWORDS and w not in lexicon.words("pointing")
            and w not in lexicon.words("filler") and w not in lexicon.words("when")  # ("… y volver el domingo")
            and not (w.isdigit() and i and words[i - 1] in lexicon.words("article"))]  # ("entrego las 3 viejas")
    named = {stem(w) for w in tokens(previous.name)}
    if _says_return(tokens(previous.name)):  # ("ir a armenia y volver el mismo día" of the "… ida y regreso …")
        said = [w for w in said if not _says_return([w])]
    return bool(said) and (all(stem(w) in named for w in said) or has_every_word(previous, " ".join(said)))
    # ("2 rollos de papel burbuja …, los de 100 metros" of the "… Rollo x100 m")


def _days_in_order(t: Turn, card: ProductCard) -> int | None:
    """The days the order rents something for (its lines by the day, the week, the month; the longest
    rental), for a line by the day taken beside it; None when nothing is rented by a period of days."""
    from ...services.text import tokens
    days: dict[tuple, int] = {}
    for line in t.order().lines:
        other = _card_of(t, line.product_id)
        length = _period_length(other) if other is not None and other.id != card.id else None
        if length:
            thing = tuple(w for w in tokens(other.name.split(" - ")[0]))
            days[thing] = days.get(thing, 0) + length * line.quantity
    return max(days.values()) if days else None


def _period_length(card: ProductCard, longer_only: bool = False) -> int | None:
    """How many days one of the line lasts, when it is priced by one period of days (lexicon
    `period_days`: "… - por día" 1, "… - por semana (7 días)" 7); `longer_only`: a week or longer."""
    from ..resolution import periods_of
    lengths = lexicon.table("period_days")
    found = [lengths[p] for p in periods_of(card, qualified=False) if p in lengths]
    return found[0] if len(found) == 1 and (not longer_only or found[0] > 1) else None


def in_longer_periods(t: Turn, card: ProductCard, pieces: int, periods: int) -> list[tuple[ProductCard, int]] | None:
    """"8 cuerpos de andamio por 15 días" of the "… (cuerpo por día)" where the same thing is also rented
    by the week and the month: the cheapest way to cover those days — whole longer periods and the days
    left (2 weeks and 1 day), or one longer period when it costs less (3 weeks are a month if the month
    is cheaper); None when the period asked is already the cheapest."""
    from ...services.text import fold, tokens
    lengths = lexicon.table("period_days")

    def length(c: ProductCard) -> int | None:  # ("… - curso completo 4 meses": 4 months in one)
        said = tokens(c.name)
        counted = [int(w) * lengths[singular_stem(n)] for w, n in zip(said, said[1:])
                   if w.isdigit() and singular_stem(n) in lengths]
        return _period_length(c) or (counted[0] if len(counted) == 1 and counted[0] > 1 else None)

    def without_period(c: ProductCard) -> str:  # (and the days it holds: "… - por semana (7 días)")
        words = re.sub(r"[()]", " ", fold(c.name).lower()).split()
        return " ".join(w for w, nxt in zip(words, words[1:] + [""]) if w not in ("por", "x")
                        and singular_stem(w) not in lengths and not (w.isdigit() and singular_stem(nxt) in lengths))

    def same_thing(c: ProductCard) -> bool:  # (or the same name before its period: "… - mensualidad"; or
        # all of it and more: "Vacaciones … por semana" and "… temporada completa 4 semanas")
        own_words, its_words = without_period(card).split(), without_period(c).split()
        whole = lexicon.words("whole_period")
        return (own_words == its_words[:len(own_words)] and set(its_words[len(own_words):]) <= whole) \
            or (its_words == own_words[:len(its_words)] and set(own_words[len(its_words):]) <= whole) \
            or (" - " in c.name and c.name.rsplit(" - ", 1)[0] == card.name.rsplit(" - ", 1)[0])
    own = length(card)
    if own is None:
        return None
    query = card.name.rsplit(" - ", 1)[0] if " - " in card.name else without_period(card)
    lines = {length(c): c for c in t.box.search_products(query=query, limit=12)
             if same_thing(c) and length(c) is not None and c.stock > 0}
    lines[own] = card
    if len(lines) < 2:
        return None
    days = own * periods
    ways = [{own: periods}]
    left, greedy = days, {}
    for size in sorted(lines, reverse=True):
        greedy[size], left = divmod(left, size) if size <= left else (0, left)
    if not left:
        ways.append({k: v for k, v in greedy.items() if v})
    ways += [{size: -(-days // size)} for size in lines if size > own]

    def cost(way: dict) -> Decimal:
        return sum((lines[size].price * count for size, count in way.items()), Decimal(0))
    best = min(ways, key=lambda way: (cost(way), len(way)))
    if cost(best) >= cost(ways[0]):
        return None
    return [(lines[size], pieces * count) for size, count in sorted(best.items(), reverse=True)]


def in_cheaper_packs(t: Turn, card: ProductCard, quantity: int, phrase: str) -> list[tuple[ProductCard, int]] | None:
    """"15 imanes" of the "Imán … (unidad)" where the shop also sells "Imanes … (docena)" for less each:
    1 docena and 3 loose; "6 neones" is the "Neón Tetra Media Docena"; "30 cajas 30x20x15" are the
    "… Paquete x25" and 5 loose, "100 resistencias de 10k" the "… (bolsa x100)": a pack of the same
    thing that is cheaper each, and priced each in its description, is how the shop sells that count. The biggest first; None when no pack
    of the same thing is cheaper each, or the customer asks for them loose."""
    from ..resolution import half_dozen_pack, pack_of
    if quantity < 2 or pack_of(card) or half_dozen_pack(card) or set(phrase.split()) & lexicon.words("loose"):
        return None
    own = _thing(card)
    if not own:
        return None
    unsized = own - _size_said(card)  # "Docena de Camisetas Negras (tallas surtidas)" packs the "… Talla M"
    packs = {}
    from ...services.text import tokens
    by_unit = bool(set(tokens(card.name)) & lexicon.words("quantity_words"))  # "Pan de Queso (unidad)"
    for other in t.box.search_products(query=" ".join(sorted(own)), limit=12):
        size = _dozen_size(other) or _pack_size(other) or (_unnamed_pack_size(other) if by_unit else 0)
        if other.id != card.id and 1 < size <= quantity and other.stock >= quantity // size \
                and (own <= _thing(other) or (unsized <= _thing(other) and _assorted(other))) \
                and other.price / size < card.price:
            packs.setdefault(size, other)
    if not packs:
        return None
    lines, left = [], quantity
    for size in sorted(packs, reverse=True):
        if left // size:
            lines.append((packs[size], left // size))
            left %= size
    return lines + ([(card, left)] if left else [])


def _unnamed_pack_size(card: ProductCard) -> int:
    """How many a pack holds when its name says only the count ("Pan de Queso x6"), beside a loose one
    sold "(unidad)"; 0 for a pack named as a container ("… Blister x5", "… Paquete x10"), taken only
    when named."""
    from ...services.text import tokens
    from ..resolution import UNNAMED_PACK, pack_of
    pack = pack_of(card)
    if pack is None or pack[1] != UNNAMED_PACK or set(tokens(card.name)) & lexicon.words("unit_of_sale"):
        return 0
    return pack[0]


COUNT_NAMES = frozenset({"unidad", "unidades", "und", "par", "pares", "x"})


def _thing(card: ProductCard) -> set[str]:
    """What the product is, without how many it comes in ("Neón Tetra Media Docena": neón tetra); words by
    their form, not their stem (the "Rosas Rojas Docena" is no pack of the "Rosa Rosada")."""
    from ...services.text import STOPWORDS, tokens, word_form
    ignored = lexicon.words("unit_of_sale") | lexicon.words("dozen") | lexicon.words("half") | COUNT_NAMES \
        | lexicon.words("loose")
    return {word_form(w) for w in tokens(card.name)
            if w not in ignored and w not in STOPWORDS and not PACK_SIZE.fullmatch(w)}


PACK_SIZE = re.compile(r"x\d+")  # "Juego x4"


def _size_said(card: ProductCard) -> set[str]:
    """The size in the product's name ("… Talla M": talla, m), as `_thing` writes its words."""
    from ...services.text import tokens, word_form
    words = tokens(card.name)
    return {word_form(w) for i, w in enumerate(words) for w in words[i:i + 2] if words[i] in ("talla", "tallas")}


def _assorted(card: ProductCard) -> bool:
    """Its description says it is made up of several of its siblings ("en tallas surtidas")."""
    from ...services.text import tokens
    return bool(set(tokens(card.description or "")) & lexicon.words("assorted"))


def _dozen_size(card: ProductCard) -> int:
    """6 for a product sold by the media docena, 12 by the docena, 4 by the "Juego x4" (a count of the
    same thing, never a container), else 0."""
    from ...services.text import stem, tokens
    from ..resolution import half_dozen_pack, pack_of
    if not {stem(w) for w in tokens(card.name)} & {stem(w) for w in lexicon.words("dozen")}:
        pack = pack_of(card)
        return pack[0] if pack is not None and pack[1] in lexicon.words("count_pack") else 0
    return 6 if half_dozen_pack(card) else 12


def _pack_size(card: ProductCard) -> int:
    """How many of its own thing a pack priced by quantity holds ("Resistencia 10k … (bolsa x100)",
    "Sale a $50 cada una": 100), else 0 (a "Blister x5" is a container, taken only when named)."""
    from ..resolution import pack_of, priced_each
    pack = pack_of(card)
    return pack[0] if pack is not None and priced_each(card) else 0


def _loose_sibling(t: Turn, previous: ProductCard | None) -> ProductCard | None:
    """The product sold one by one of the pack just named, talked about, or last ordered ("Barra …
    (unidad)" of the "Barra … (caja x12)")."""
    ids = [previous.id] if previous else [t.state.focus] if t.state.focus else \
        [ln.product_id for ln in t.order().lines[-1:]]
    card = t.box.product_details(product_id=ids[0]) if ids else None
    if not isinstance(card, ProductCard) or not (_dozen_size(card) or _pack_size(card)):
        return None

    def named(c: ProductCard) -> set[str]:
        return {w for w in _thing(c) if not w.isdigit()}  # ("caja x12": no count of the thing)
    own = named(card)
    loose = [c for c in t.box.search_products(query=" ".join(sorted(own)), limit=12)
             if c.id != card.id and not (_dozen_size(c) or _pack_size(c)) and named(c) == own]
    return loose[0] if len(loose) == 1 else None


def _with_extra_hours(t: Turn, card: ProductCard, words) -> list[tuple[ProductCard, int]] | None:
    """"mariachi de 5 por 2 horas" of the "Serenata mariachi 5 músicos 1 hora" beside the "Hora adicional
    mariachi 5 músicos": the hour-long line and the additional hours after it; None unless the line lasts
    one hour, more hours are said and one additional-hour line is named by the line's own words."""
    from ...services.text import STOPWORDS, stem, tokens
    from ..resolution import duration_key
    named = tokens(card.name)
    first = {w for w, n in lexicon.table("ordinals").items() if n == 1} | {"1"}  # ("… primera hora")
    hour = next((nxt for w, nxt in zip(named, named[1:]) if w in first and duration_key(nxt) == "hour"), None)
    if hour is None:
        return None
    words = list(words)
    hours = next((parsed[0] for i in range(len(words)) if (parsed := parse_number_at(words, i)) is not None
                  and parsed[1] < len(words) and duration_key(words[parsed[1]]) == "hour"), None)
    if hours is None or not 2 <= hours <= 24:
        return None
    extra = lexicon.words("additional")
    own = {stem(w) for w in named if w not in STOPWORDS}
    kind = [w for w in named[1:] if w not in first and duration_key(w) is None]  # ("… mariachi 5 músicos")
    lines = [c for c in t.box.search_products(query=" ".join([hour, min(extra), *kind]), limit=12)
             if c.id != card.id and set(tokens(c.name)) & extra
             and {stem(w) for w in tokens(c.name) if w not in STOPWORDS and w not in extra} - {stem(hour)} <= own]
    return [(card, 1), (lines[0], hours - 1)] if len(lines) == 1 else None


def _loose_of_packs(options: list[ProductCard]) -> ProductCard | None:
    """The one loose product among options that are it and its sets ("Herradura No. 1 Suelta" and
    "Herraduras No. 1 Juego x4"): a count said chooses between them by itself."""
    loose = [c for c in options if not _dozen_size(c)]
    if len(loose) != 1 or len(options) < 2:
        return None
    own = _thing(loose[0])
    return loose[0] if own and all(own <= _thing(c) for c in options) else None


def repacked(t: Turn, card: ProductCard, count: int) -> list[tuple[ProductCard, int]] | None:
    """"mejor que sean 12" of the "Neón Tetra Media Docena": 12 neones, in the cheapest dozens (the
    "… Docena"); a count under the dozen's size is of dozens ("que sean 2": two media docenas)."""
    tier = _tier_sibling(t, card, count)
    if tier is not None:  # "mejor que sean 12 pa que me salga al por mayor": the line priced from 10 on
        return [(tier, count)]
    longer = _with_extra_hours(t, card, t.s.message.words)
    if longer is not None:  # "mejor que sean 2 horas de vallenato" of the "Grupo vallenato 1 hora"
        return longer
    size = _dozen_size(card)
    if not size or count < size:
        return None
    own = _thing(card)
    loose = next((c for c in t.box.search_products(query=" ".join(sorted(own)), limit=12)
                  if not _dozen_size(c) and own <= _thing(c) and c.id != card.id), None)
    if loose is None:
        return None
    return in_cheaper_packs(t, loose, count, "") or [(loose, count)]


def _tier_sibling(t: Turn, card: ProductCard, count: int) -> ProductCard | None:
    """The same thing priced for another count than this line's ("Arepa de queso paquete x10" and
    "… (precio mayorista desde 10 paquetes)"), when the count now falls in its tier; else None."""
    if not catalogue_names_hold(TIER_WORD):
        return None  # (most catalogues price no line from a count: no search for its siblings)
    bare = _bare_name(card.name)
    same = [c for c in t.box.search_products(query=bare, limit=12) if _bare_name(c.name) == bare]
    if not any(TIER_FROM.search(c.name.lower()) for c in [card, *same]):
        return None  # (only a price from a count: "Cepillo dental niño (2 a 5 años)" is another thing)
    tier = _tier_for([card, *[c for c in same if c.id != card.id]], count) if same else None
    return tier if tier is not None and tier.id != card.id else None


def _sold_closed(card: ProductCard, phrase: str, unit: str | None = None) -> str | None:
    """"3 baldosas sueltas" of the "Porcelanato … Caja 1.44 m²": loose ones asked of a product sold only
    in its container; the container, if so (never the product's own name: the "Caja para Torta")."""
    from ...services.text import stem, tokens
    said = phrase.split()
    if not set(said) & lexicon.words("loose"):
        return None
    measures = lexicon.words("measure_of_sale")
    containers = lexicon.words("unit_of_sale") - (measures if unit or set(said) & measures else frozenset())
    # (a measure too, when none was said: "20 puntillas sueltas" of the "… (libra)"; not "3 kilos … suelto")
    stems = {stem(w) for w in said}
    named = tokens(card.name)
    return next((w for w in named[1:] if w in containers and stem(w) not in stems), None)


def _one_of_a_pair(card: ProductCard, item, said) -> bool:
    """"un estribo de aluminio", "me vende uno solo": one of a product sold by the pair ("Estribos de
    Aluminio (par)"), said in the singular or as alone; never "un par de …" nor "los estribos"."""
    from ...services.text import stem, tokens
    named = tokens(card.name)
    if item.quantity != 1 or item.unit is not None or not set(named) & lexicon.words("pair") \
            or set(said) & lexicon.words("pair"):
        return False
    alone = set(said) & (lexicon.words("loose") | {"solo", "sola"})
    plural = {stem(w): w for w in named if w.endswith("s")}
    singular = any(stem(w) in plural and not w.endswith("s") for w in said)
    return bool(alone) or singular


def _half_of_a_whole(card: ProductCard, phrase: str) -> str | None:
    """"medio metro de …", "media libra de …": half of the measure the product is sold by, when no half
    of it is sold (its name has the measure and no "medio"); the measure, if so."""
    from ...services.text import stem, tokens
    words = phrase.split()
    if len(words) < 2 or words[0] not in lexicon.words("half") or words[1] not in lexicon.words("measure"):
        return None
    named = tokens(card.name)
    if set(named) & lexicon.words("half") or stem(words[1]) not in {stem(w) for w in named}:
        return None
    return words[1]


def _half_of_the_thing(card: ProductCard, phrase: str) -> bool:
    """"media lámina de triplex" of the "Lámina de Triplex 12 mm": half of the product itself, which
    no name of the shop sells by halves."""
    from ...services.text import tokens
    words = phrase.split()
    return len(words) > 1 and words[0] in lexicon.words("half") and names_word_head(card, words[1]) \
        and not set(words) & lexicon.words("unit_of_sale") and not set(tokens(card.name)) & lexicon.words("half")


def adds_other_product(t: Turn) -> bool:
    """"y el líquido grande" (no question mark) while building an order, after the contact lenses: a
    product of another kind, so one more line; "y la negra" is a sibling of the one talked about."""
    s = t.s
    if "?" in s.text or "¿" in s.text or s.message.find("follow_up")[:1] != [(0, 2)] or not s.items \
            or not s.items[0].phrase or not t.order().lines or t.state.focus is None:
        return False
    focus = t.box.product_details(product_id=t.state.focus)
    if not isinstance(focus, ProductCard):
        return False
    from ..understanding.items import content
    words = content(s.items[0].phrase.split(), noun_first=True)
    return bool(words) and not any(names_word(focus, w) for w in words) and any(
        names_word_head(r, words[0]) for r in t.box.search_products(query=words[0], limit=5))


def _unit_named_product(t: Turn, item, previous: ProductCard | None, said_before: str | None):
    """"un rodillo de felpa y una bandeja": a unit word after a product is that product in the unit
    ("3 litros de glifosato y un galón"), unless the product is not sold so and the word is a product's
    own name (the Bandeja para Pintura)."""
    if previous is None or not item.unit or not item.phrase or item.phrase != said_before \
            or sold_as_unit(previous, item.unit):
        return item
    named = resolve(t.box, item.unit, quantity=item.quantity)
    if named.product is not None and names_word_head(named.product, item.unit):
        return replace(item, phrase=item.unit, unit=None)
    return item


def _unit_named_alone(t: Turn, item):
    """"2 bloques" said alone after the bags of ice: where the product talked about is not sold by that
    unit and the word is the head of products' names ("Bloque de hielo 25 kg"), those products, asked
    for by that word; None otherwise ("2 bultos" of the cement talked about, "2 de esos")."""
    from dataclasses import replace
    if not item.unit or item.phrase or not t.s.message.words or set(t.s.message.words) & lexicon.words("pointing") \
            or item.unit in lexicon.words("measure") or item.unit in GROUPS:
        return None  # ("2 kilos y un paquete de …": of the thing talked about)
    focus = t.box.product_details(product_id=t.state.focus) if t.state.focus else None
    if isinstance(focus, ProductCard) and sold_as_unit(focus, item.unit) or _in_unit(t, item.unit) is not None:
        return None  # ("entonces deme 4 botellas" after the gallon sold out: its sibling by the bottle)
    named = resolve(t.box, item.unit, quantity=item.quantity)
    cards = [named.product] if named.product is not None else named.options
    if not cards or not any(names_word_head(c, item.unit) for c in cards):
        return None
    return replace(item, phrase=item.unit, unit=None, relative=False)


def _ask_about(t: Turn, card: ProductCard, reply: str, focus: bool = True, **fields) -> None:
    """Ask the customer about this one product before adding it (how many, in what unit): the answer
    ("3", "sí, 2 cajas") then adds it."""
    t.mention([card])
    if focus:
        t.state.focus = card.id
    t.state.ask(Pending(PendingKind.CHOICE, options=[card.id], action="add", requested=True))
    t.ask(reply, name=card.name, **fields)


def _names_with_y(t: Turn, items: list) -> list:
    """"un kit de luces delantera y trasera": one product whose name has the "y", not a kit and a
    rear light. Two mentions are joined when the second has no quantity of its own and every word
    of both is in one product's name."""
    from dataclasses import replace
    from ...services.text import tokens
    from ..resolution import has_every_word
    joined: list = []
    for item in items:
        before = joined[-1] if joined else None
        if before is not None and before.phrase and item.phrase and item.quantity is None and item.unit is None \
                and not item.relative and not before.relative:
            both = f"{before.phrase} y {item.phrase}"
            found = resolve(t.box, both)
            if found.product is not None and "y" in tokens(found.product.name) \
                    and has_every_word(found.product, both):
                joined[-1] = replace(before, phrase=both)
                continue
        joined.append(item)
    return joined


def _with_add_ons(t: Turn, items: list) -> list:
    """"un vaso grande de chocolate con chispas", "una ensalada grande con bola extra": the product,
    and the add-on the catalogue sells as a line of its own ("Topping de Chispas …", "Bola Adicional
    …", "Adicional Queso Extra"), one per product; a name that has the "con" stays whole."""
    from dataclasses import replace
    from ...services.text import stem
    from ..resolution import has_every_word
    joined: list = []
    for item in items:  # "la alarma con encendido remoto, instalada": the service done to the one before
        said = (item.phrase or "").split()
        if joined and joined[-1].phrase and len(said) == 1 and PARTICIPLE.search(said[0]) and item.quantity is None \
                and any(stem(said[0]) in family for family in lexicon.service_families()):
            joined[-1] = replace(joined[-1], phrase=f"{joined[-1].phrase} {said[0]}")
            continue
        joined.append(item)
    split: list = []
    for item in joined:
        words = (item.phrase or "").split()
        service = _service_after(t, words)
        if service is not None:  # "el collar envuelto para regalo", "la cerradura con la instalación"
            at, card = service
            split += [replace(item, phrase=" ".join(words[:at])), replace(item, phrase=card.name, unit=None)]
            continue
        at = words.index("con") if "con" in words[1:-1] else None
        called = _called_with(t, " ".join(words[at + 1:])) if at is not None else None
        if called is not None:  # ("la van con conductor": the line the shop calls "con conductor")
            split += [replace(item, phrase=_with_the_days(words[:at], words[at + 1:])),
                      replace(item, phrase=called.name, unit=None)]
            continue
        extra = _add_on(t, " ".join(words[at + 1:])) if at is not None else None
        alongside = _rented_alongside(t, words, at) if at is not None and extra is None else None
        if alongside is not None:  # "la fortuner 3 días con portaequipaje": the car and the rack, each by the day
            split += [replace(item, phrase=_with_the_days(words[:at], words[at + 1:])),
                      replace(item, phrase=alongside, unit=None)]
            continue
        whole = t.found(item.phrase) if extra is not None else None
        named_with = whole is not None and any(
            card.id != extra.id and has_every_word(card, _before_purpose(words[at + 1:]))
            for card in ([whole.product] if whole.product is not None else whole.options))
        # ("un automóvil con conductor por día": the "Alquiler de automóvil con conductor …" lines, not a driver)
        if extra is None or named_with or (whole.product is not None and has_every_word(whole.product, item.phrase)):
            # ("el plan empresarial de 500 con ip fija para el local": the plan named "… IP fija")
            split.append(item)
            continue
        split += [replace(item, phrase=" ".join(words[:at])), replace(item, phrase=extra.name, unit=None)]
    return split


def _both_ways(card: ProductCard, words) -> bool:
    """The line is either of two things ("Entrega o Recogida en Salento - por trayecto") and the message asks
    for both ("entrega y recogida"): two of it."""
    from ...services.text import stem, tokens
    named = tokens(card.name)
    said = [stem(w) for w in words]
    pairs = [(stem(named[k - 1]), stem(named[k + 1])) for k in range(1, len(named) - 1) if named[k] == "o"]
    return any(said[i:i + 3] == [a, "y", b] for a, b in pairs for i in range(len(said) - 2))


def _with_the_days(before: list[str], after: list[str]) -> str:
    """"la fortuner con conductor 2 días": the days said after the second thing are the first's too."""
    days = lexicon.period_words()
    counted = next((after[i:j + 1] for i in range(len(after)) if (parsed := parse_number_at(after, i)) is not None
                    and (j := parsed[1]) < len(after) and after[j] in days), None)
    if counted is None or any(w in days for w in before):
        return " ".join(before)
    return " ".join(before + counted)


def _rented_alongside(t: Turn, words: list[str], at: int) -> str | None:
    """"la van 3 días con portaequipaje y GPS", "la hilux con cobertura total": what is said before "con"
    is one product priced by a period ("… - por día", "… por trayecto"), what after names products so
    priced (one, or lines of it to choose among), and no product is named by both: the second is taken
    beside the first (its name, or the words said when there are lines to choose among)."""
    from ..resolution import has_every_word, periods_of
    before, after = _with_the_days(words[:at], words[at + 1:]), " ".join(words[at + 1:])
    first, second = t.found(before), t.found(after)
    seconds = [second.product] if second.product else second.options
    if first.product is None or not seconds or first.product in seconds \
            or not periods_of(first.product) or not all(periods_of(c) for c in seconds):
        return None
    both = t.found(f"{before} {after}")
    named_both = [c for c in ([both.product] if both.product else both.options)
                  if has_every_word(c, before) and has_every_word(c, after)]
    if named_both:
        return None
    return second.product.name if second.product else after


def _called_with(t: Turn, said: str) -> ProductCard | None:
    """The one line a synonym of which is "con" and the words said ("Servicio de Conductor …" called "con
    conductor"): what "… con conductor" adds."""
    from ...services.text import fold
    words = list(itertools.takewhile(str.isalpha, said.split()))  # ("conductor 2 días": the name, not how long)
    wanted = f"con {' '.join(w for w in words if w not in ARTICLES)}"
    called = {c.id: c for c in t.box.search_products(query=" ".join(words), limit=8)
              if any(" ".join(fold(s).lower().split()) == wanted for s in (c.synonyms or "").split("|"))}
    return next(iter(called.values())) if len(called) == 1 else None



def _before_purpose(words: list[str]) -> str:
    """"ip fija para el local": the thing, without what it is for."""
    cut = next((i for i, w in enumerate(words) if w in lexicon.words("for_whom")), len(words))
    return " ".join(words[:cut])


DETERMINERS = lexicon.words("determiner")  # "con la instalación"
PARTICIPLE = re.compile(r"(?:ad|id|elt|ech)(?:o|a|os|as)$")  # "envuelto", "instalada", "hecho"


def _service_after(t: Turn, words: list[str]) -> tuple[int, ProductCard] | None:
    """A service said after the product, with "con" or as done to it ("el collar de tagua envuelto para
    regalo", "la cerradura con la instalación"): where the product's words end, and the catalogue's line
    for the service (its name starts with a word of the service's family; of several, the one sharing
    most words with the product). None when the whole phrase names one product ("Cinta de Empaque")."""
    from ...services.text import content_stems, stem, tokens
    from ..resolution import has_every_word
    for at in range(1, len(words)):
        family = next((f for f in lexicon.service_families() if stem(words[at]) in f), None)
        if family is None or not (PARTICIPLE.search(words[at]) or "con" in words[max(0, at - 2):at]):
            continue
        end = next((i for i in range(max(0, at - 2), at) if words[i] == "con"), at)
        if end < 1 or not set(words[end + 1:at]) <= DETERMINERS:
            continue  # ("talonarios con 2 copias": what they are made with)
        cards = {c.id: c for word in sorted(family) for c in t.box.search_products(query=word, limit=8)
                 if (named := tokens(c.name)) and stem(named[0]) in family}
        whole = resolve(t.box, " ".join(words))
        if not cards or (whole.product is not None and has_every_word(whole.product, " ".join(words))):
            return None
        before = resolve(t.box, " ".join(words[:end]))
        with_it = resolve(t.box, " ".join(words[:at + 1]))
        if (before.product is None and not before.options) or any(
                stem(words[at]) in {stem(w) for w in tokens(c.name)} and c.id not in cards
                for c in ([with_it.product] if with_it.product else with_it.options)):
            return None  # ("una camiseta estampada blanca", "6 gorras bordadas con el logo": what the
            # products are ("Camiseta Estampada …", "Gorra Trucker Bordada …"); nothing found: no service alone)
        if whole.product is not None and stem(words[at]) in {stem(w) for w in tokens(whole.product.name)} \
                and getattr(before.product, "id", None) == whole.product.id:
            return None  # ("2 trajes de 2 piezas pa lavado en seco": the "Lavado en Seco Traje …" is that service)
        card = _closest(list(cards.values()), set(content_stems(" ".join(words[:end]))))
        return (end, card) if card is not None else None
    return None


def _service_before(t: Turn, phrase: str, found: Resolution) -> ProductCard | None:
    """"una recarga del 667 tricolor": a service named first and what it is done to after "de", where
    the product found does not carry the service's word (the "Cartucho HP 667 Tricolor"): the
    catalogue's line for that service whose name and description say most of the rest ("Recarga de
    Cartucho Color … HP 664, 667 … tricolor"); None on a tie."""
    from ...services.text import STOPWORDS, content_stems, stem, tokens
    words = phrase.split()
    if len(words) < 3 or words[1] not in ("de", "del"):
        return None
    family = next((f for f in lexicon.service_families() if stem(words[0]) in f), None)
    if family is None or any(stem(words[0]) in {stem(w) for w in tokens(c.name)}
                             for c in ([found.product] if found.product is not None else found.options)):
        return None  # ("un lavado de motor" of the "Lavado de Motor Moto / Automóvil / …": which one is asked)
    queries = [*sorted(family), *(f"{words[0]} {w}" for w in words[2:] if w.isalpha() and w not in STOPWORDS)]
    cards = {c.id: c for query in queries for c in t.box.search_products(query=query, limit=8)
             if (named := tokens(c.name)) and stem(named[0]) in family}  # (the shop may have many "Instalación …")
    about = set(content_stems(" ".join(words[2:])))

    def fit(card: ProductCard) -> int:
        return len(about & set(content_stems(f"{card.name} {card.description or ''}")))
    ranked = sorted(cards.values(), key=fit, reverse=True)
    if not ranked or not fit(ranked[0]):
        return None
    tied = [c for c in ranked if fit(c) == fit(ranked[0])]
    return tied[0] if len(tied) == 1 else _closest(tied, about)
    # ("instalación de radio 1 din bluetooth": the "Instalación de radio", not the "… de radio traído por
    # el cliente" nor the "… de sonido completo" whose description lists a radio)


def _add_on(t: Turn, phrase: str) -> ProductCard | None:
    """The one add-on the words name: a product whose name says it is one (lexicon `add_on`)."""
    from ...services.text import STOPWORDS, stem, tokens
    found = t.found(phrase)
    cards = [found.product] if found.product else found.options
    first = next((w for w in phrase.split() if w not in STOPWORDS), "")

    def headed(card: ProductCard) -> bool:  # "con chispas": the Topping de Chispas, not "con chocolate"
        head = [w for w in tokens(card.name) if w not in STOPWORDS and w not in lexicon.words("add_on")][:1]
        return bool(head) and stem(head[0]) == stem(first) or names_word_head(card, first)
    extras = [c for c in cards if set(tokens(c.name)) & lexicon.words("add_on") and headed(c)]
    return extras[0] if len(extras) == 1 else None


def _shown_one(t: Turn) -> ProductCard | None:
    """The one product shown or asked about last (None after a list: which one is not known)."""
    if t.state.focus is None or (len(t.state.mentioned) > 1 and t.state.focus in t.state.mentioned):
        return None
    card = t.box.product_details(product_id=t.state.focus)
    return card if isinstance(card, ProductCard) else None


def _in_unit(t: Turn, unit: str) -> ProductCard | None:
    """The product talked about that is sold as that unit: one shown or named, or the sibling of the
    product shown in that unit ("¿a cómo está el bulto de detergente?" … "deme un bulto")."""
    shown = [c for c in (t.box.product_details(product_id=i) for i in
                         dict.fromkeys([*t.state.mentioned, *([t.state.focus] if t.state.focus else [])]))
             if isinstance(c, ProductCard)]
    sold = [c for c in shown if sold_as_unit(c, unit)]
    if len(sold) == 1:
        return sold[0]
    if sold or t.state.focus is None:
        return None
    focus = next((c for c in shown if c.id == t.state.focus), None)
    sibling = variant_of(t.box, focus, unit).product if focus else None
    if sibling is None or not sold_as_unit(sibling, unit) or not _same_kind(sibling, focus):
        return None  # ("2 metros de ese" vidrio: not the "Empaque de Caucho para Vidrio por Metro")
    return sibling


def _last_taken(t: Turn) -> ProductCard | None:
    """The one product shown last, else the order's last line."""
    shown = _shown_one(t)
    if shown is None and t.order().lines:
        card = t.box.product_details(product_id=t.order().lines[-1].product_id)
        shown = card if isinstance(card, ProductCard) else None
    return shown


def _colour(word: str) -> str | None:
    """The colour a word says, in the lexicon's form ("negros" → negro)."""
    colours = lexicon.words("colors")
    return next((w for w in (word, word.removesuffix("s"), word.removesuffix("es")) if w in colours), None)


def _colour_first(phrase: str) -> bool:
    """The phrase starts with a colour ("negros de 30x40"): no product named, only how it looks."""
    first = phrase.split()[:1]
    return bool(first) and _colour(first[0]) is not None


def _looks(phrase: str) -> str:
    """The colours and sizes of a phrase ("negros de 30 x 40 pa completar" → "negro 30 x 40")."""
    return " ".join(_colour(w) or w for w in phrase.split() if _colour(w) or w[:1].isdigit() or w == "x")


def _same_kind(card: ProductCard, other: ProductCard) -> bool:
    """The names start with the same word ("Detergente … Bulto", "Detergente … Galón")."""
    from ...services.text import stem, tokens
    first, second = tokens(card.name)[:1], tokens(other.name)[:1]
    return bool(first and second) and stem(first[0]) == stem(second[0])


def _definite(t: Turn, phrase: str) -> bool:
    """The customer said "el/la …" before the product ("deme el cargador"), not "un cargador"."""
    words = list(t.s.message.words)
    first = phrase.split()[0] if phrase.split() else ""
    return any(w == first and i > 0 and words[i - 1] in lexicon.words("article") for i, w in enumerate(words))


def _pointed_reference(t: Turn, phrase: str) -> ProductCard | None:
    """The product shown last, when the words point back to it ("del mismo modelo", "pa ese") or add
    to it ("y el purgante también" after the cat's flea tablet: the cat's dewormer)."""
    back = lexicon.words("pointing") | {"su", "sus"}
    words = list(t.s.message.words)
    elided = any(w in ("un", "una", "uno", "unos", "unas") or w.isdigit() for w, nxt in zip(words, words[1:])
                 if nxt == "de")  # "entonces una de aguila": one (canasta) of Águila
    also = len(t.s.items) == 1 and bool(set(words) & lexicon.words("also"))
    return _reference(t) if back & set(phrase.split()) or elided or also else None


def _reference(t: Turn) -> ProductCard | None:
    """The product shown or changed last ("… de la misma talla" means its size)."""
    if not t.state.focus:
        return None
    card = t.box.product_details(product_id=t.state.focus)
    return card if isinstance(card, ProductCard) else None


def _section_named(t: Turn, found: Resolution, phrase: str) -> Resolution:
    """"necesito fotos para documento": the words are the name of the product's section ("Fotos para
    Documento"), which holds others too: which of them is asked, not the one whose name has the words."""
    from ...services.text import STOPWORDS, tokens
    from .answers import LIST_LIMIT
    card = found.product

    def words(text: str) -> list[str]:
        return [singular_stem(w) for w in tokens(text) if w not in STOPWORDS]
    if card is None or not card.category or len(words(card.category)) < 2 or words(phrase) != words(card.category):
        return found  # ("un rollo de bolsas de basura", "vidrio templado para iphone 15": more than the section)
    blocks = t.box.list_catalog(per_category=LIST_LIMIT, category=card.category)
    options = [p for p in (blocks[0].products if blocks else []) if p.stock > 0]
    return Resolution(options=options, phrase=phrase) if len(options) > 1 else found


def counted(card: ProductCard, item, message: list[str] | None) -> tuple[int | None, int | None]:
    """(how many, how many periods) one mention of `card` says. How many: the count said with it, else a
    number before what a service is done to ("restauren 3 fotos" of the "Restauración de Foto"). Periods,
    for a line priced by one ("… por Noche"): "por 2 noches", or "el guía 3 días" when no count was said;
    `message` (the whole message's words) is read when the mention does not say them. A count read from
    what the line is priced by is not multiplied again ("3 fotos" of the "… (por foto)")."""
    if item.quantity is None and priced_by_area(card) \
            and (count := area_said(item.phrase.split()) or area_said(message or [])) is not None:
        return count, None  # ("quiero estucar la pared del comedor, son 15 metros cuadrados": 15 m2)
    if item.quantity is None and (count := _leading_number(item.phrase, card)) is not None:
        timed = periods_of(card) & {singular_stem(w) for w in lexicon.words("period")}
        if timed and _counts_periods(item.phrase.split(), count) and count > 1:
            return None, count  # "el sedán 9 días" of the "… - por día": 9 of its period (a week and 2 days
            # where the shop rents it by the week too)
        nights = periods_said(card, item.phrase, message, bare=bool(timed)) \
            if not periods_of(card) or (timed and not _counts_periods(item.phrase.split(), count)) else None
        # ("me voy 5 días …, necesito dejar mis 2 perros en la guardería" of the "… por Día": 2 × 5)
        return count, nights  # ("hotel para mis dos gatos del 20 al 23" of the "Hotel noche gato": 2 × 3; the
        # count of what a line is priced by is never multiplied: "la espuma de 4 cojines" of the "… por Cojín")
    if _hourly(card) and (hours := hours_between(" ".join(message or item.phrase.split()))) is not None:
        return item.quantity, hours  # "la cancha de 5 el martes de 8 a 10 de la noche" of the "… noche (hora)":
        # 2 hours; "2 canchas … de 8 a 10": 4
    if item.quantity is None and (count := _party_of(card, message or item.phrase.split())) is not None:
        return count, None  # "somos 4, anótanos al tour del tayrona" of the "… (por persona)": 4
    periods = periods_said(card, item.phrase, message, bare=item.quantity is None)
    counted_word = singular_stem(item.phrase.split()[0]) if item.phrase else ""
    if periods is not None and item.quantity and not periods_of(card) \
            and counted_word in {singular_stem(w) for w in lexicon.words("night")}:
        return item.quantity, None  # ("3 noches de hotel … del 10 al 13" of the "Hotel noche …": 3 nights)
    if periods is not None and periods == item.quantity and len(_numbers_said(message or item.phrase.split())) == 1:
        return item.quantity, None  # "la limpieza de 6 paneles" of the "… (por panel)": 6, not 6 × 6
    return item.quantity, periods


def _party_of(card: ProductCard, words: list[str]) -> int | None:
    """How many people a line priced per person is for, as the message counts them."""
    return party_size(words) if _priced_per_person(card) else None


def party_size(words: list[str]) -> int | None:
    """"somos 4", "vamos 2": how many customers, said right after a verb in "we"; "para 3 adultos", "pa 2"
    (nothing said after the count but the people, an "and" or an article), "3 personas", and the people
    named one by one ("pa mí y mi parcera")."""
    people = _per_person()
    closing = lexicon.words("and") | lexicon.words("article")
    for i in range(1, len(words)):
        lead = words[i - 1]
        parsed = parse_number_at(words, i) if lead.endswith(WE) \
            or lead in lexicon.words("for_whom") or (i + 1 < len(words) and singular_stem(words[i + 1]) in people) \
            else None
        after = words[parsed[1]] if parsed is not None and parsed[1] < len(words) else None
        polite = parsed is not None and any(tuple(words[parsed[1]:parsed[1] + len(p)]) == p
                                            for p in lexicon.phrases("please"))  # ("pa 2 por favor")
        if parsed is not None and lead in lexicon.words("for_whom") and after is not None \
                and after not in closing and singular_stem(after) not in people and not polite:
            continue  # ("para 2 horas": a time, not people)
        if parsed is not None and (1 < parsed[0] or singular_stem(after or "") in people) and parsed[0] <= 50:
            return parsed[0]  # ("para 1 persona")
    return _people_listed(words)


def _people_listed(words: list[str]) -> int | None:
    """"pa mí y mi parcera", "pa mi novia y yo", "para mi hija de 14 años y para mí", "para mí y mis 2 hijos": the people
    named one by one after "para" (or "vamos", "somos"), when more than one."""
    total, listing, lists = 0, False, 0
    going = {w for w in lexicon.words("leaving") | lexicon.words("is_copula") if w.endswith(WE)}
    for i, word in enumerate(words):
        if word in lexicon.words("for_whom") or (word in going and not listing):  # ("vamos mi señora y yo")
            lists += not (listing and i and words[i - 1] in lexicon.words("and"))  # ("… y para mí": the same list)
            listing = True
        elif listing and (word in lexicon.words("my") or word in lexicon.words("self")):
            total += 1  # ("pa mi novia y yo")
        elif listing and word in lexicon.words("my_many"):
            parsed = parse_number_at(words, i + 1)
            if parsed is None:
                return None  # ("para mis hijos": how many is not said)
            total += parsed[0]
    return total if total > 1 and lists == 1 else None  # ("el combo para mí y corte + barba para mis 4 padrinos")


def _priced_per_person(card: ProductCard) -> bool:
    """"Casa de huéspedes … (por persona)", or a description that says "Precio por persona": one of the
    line is one person (not "Kit máscara y snorkel - Adulto", a size; nor "… (hasta 10 personas)")."""
    people = _per_person()
    if _holds_people(card) is not None:
        return False  # "Alquiler de lancha privada (por día, hasta 10 personas)": one for the group
    if periods_of(card) & people:
        return True
    from ...services.text import tokens
    described = tokens(card.description or "")
    return any(w == "por" and singular_stem(n) in people for w, n in zip(described, described[1:]))


def _per_person() -> set[str]:
    """What a line priced per person says it is priced by ("(por persona)"): people, never a period."""
    return {singular_stem(w) for w in lexicon.words("adult")}  # (the people counted, "adultos" too)


def _counts_periods(words: list[str], count: int) -> bool:
    """"3 días de guardería": the count said is of the periods the line is priced by."""
    periods = {singular_stem(w) for w in lexicon.words("period")} | set(lexicon.table("period_days"))
    return any(parsed[0] == count and parsed[1] < len(words) and singular_stem(words[parsed[1]]) in periods
               for i in range(len(words)) for parsed in [parse_number_at(words, i)] if parsed)


def _numbers_said(words: list[str]) -> list[int]:
    """Each number the words say, once ("dos mil quinientos" is one number), in order."""
    numbers, i = [], 0
    while i < len(words):
        parsed = parse_number_at(words, i)
        numbers.append(parsed[0]) if parsed else None
        i = parsed[1] if parsed else i + 1
    return numbers


def _leading_number(phrase: str, card: ProductCard) -> int | None:
    """"2 colores de 24", "dos metros cuadrados de …" read as a measure ("caja de 12 colores"), but the
    product found has no 2 in its name: the 2 is how many. So is the count of what a service is done
    to, said after its verb ("restauren 3 fotos viejas" of the "Restauración de Foto Antigua",
    "dejar a lavar dos sleeping bags" of the "Lavado de Sleeping Bag", "el lavado de 2 cobijas")."""
    from ...services.text import STOPWORDS, tokens
    words, named = phrase.split(), tokens(card.name)
    parsed = parse_number_at(words, 0) if words else None  # ("dos metros cuadrados de persiana")
    if parsed is not None and words[0] not in named and 0 < parsed[0] <= 1000:
        return parsed[0]
    stems = {singular_stem(w) for before, w in zip(named, named[1:]) if before in ("de", "del", "por")}
    if is_service_line(card):  # "lavar en seco 2 trajes" of the "Lavado en Seco Traje 2 Piezas"
        stems |= {singular_stem(w) for w in named[1:] if w.isalpha() and w not in STOPWORDS}
    # (what the service is done to, or what it is priced by: "Restauración de Foto", "(por casete)";
    # not "Ajuste de Pulso (quitar o poner eslabones)")
    doing = {singular_stem(w) for w, after in zip(named, named[1:]) if after in lexicon.words("number_is_what")}
    if is_service_line(card):  # "el ruedo de 2 pantalones" of the "Subir ruedo pantalón": said as it is named
        doing |= {singular_stem(w) for w in named[:-1] if w.isalpha() and w not in STOPWORDS}
    def as_named(i: int, end: int) -> bool:  # "2 piezas" of the "… Traje 2 Piezas"; not "2 trajes" of it
        return any(n == words[i] and (j + 1 >= len(named) or end >= len(words)
                                      or singular_stem(named[j + 1]) == singular_stem(words[end]))
                   for j, n in enumerate(named))
    for i in range(1, len(words) - 1):
        parsed = parse_number_at(words, i)
        if parsed is None or parsed[1] >= len(words) or as_named(i, parsed[1]) or not 1 < parsed[0] <= 1000 \
                or words[i - 1] in ATTRIBUTE_LEADS or (words[i - 1] in lexicon.words("number_is_for") and not (
                    words[i - 1] in lexicon.words("number_is_what") and i > 1 and singular_stem(words[i - 2]) in doing)):
            continue  # (but "el lavado de 2 cobijas" of the "Lavado de Cobija …": the service said as the name does)
        measure = measure_key(words[parsed[1]])
        if words[i - 1] == "de" and measure is not None \
                and not any(before == "por" and measure_key(w) == measure for before, w in zip(named, named[1:])):
            continue  # ("instálame el tv de 55 pulgadas" of the "… TV hasta 65 pulgadas": its size)
        if (len(words[i - 1]) == 1 and words[i - 1].isalpha()) or words[parsed[1]] in STOPWORDS:
            continue  # ("las luces LED H7 para mi Mazda 3": a code, and "para" no thing counted)
        counted = singular_stem(words[parsed[1]])
        mine = {singular_stem(w) for w in named[1:] + tokens(card.synonyms) if w.isalpha() and w not in STOPWORDS} \
            if words[i - 1] in lexicon.words("my_many") else set()  # ("hotel para mis dos gatos": 2 of the "… gato";
        # "dejar mis 2 perros en la guardería" of the "Guardería Canina por Día", called "guardería perro")
        if any(counted.startswith(w) or w.startswith(counted) for w in stems | mine if min(len(w), len(counted)) >= 3):
            return parsed[0]  # ("2 fotografías" of the "… Foto …")
    return None



def _add_to_focus(t: Turn, quantity: int, unit: str | None = None) -> None:
    """"agrega otro", "súmele uno más de esos", "póngame 2 bultos de esa": the product last shown
    ("entonces deme 4 botellas" after the galón sold out: its sibling sold by the botella)."""
    from ..understanding.items import AREA
    if unit == AREA:  # "son como 40 metros cuadrados, anótelo" after the "Pintura de fachada por m2"
        card = t.box.product_details(product_id=t.state.focus) if t.state.focus else None
        if not isinstance(card, ProductCard) or not priced_by_area(card):
            t.ask("ask_product")
        elif put(t, card, quantity, None, relative=False):
            summary(t, ask_next=True)
        return
    in_unit = _in_unit(t, unit) if unit else None
    if in_unit is not None:
        if put(t, in_unit, quantity, unit, relative=True):
            summary(t, ask_next=True)
        return
    if len(t.state.mentioned) > 1 and t.state.focus in t.state.mentioned:  # "de esos" after a list: which?
        cards = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned)
                 if isinstance(c, ProductCard)]
        tier = _tier_for(cards, quantity)  # "dame 3 paquetes" after the retail and wholesale lines: the
        if tier is not None:  # one that count falls in
            if put(t, tier, quantity, unit, relative=True):
                summary(t, ask_next=True)
            return
        ask_choice(t, Resolution(options=cards), quantity, unit, "add")
        return
    card = t.box.product_details(product_id=t.state.focus)
    if isinstance(card, ToolError):
        t.ask("ask_product")
        return
    if unit and unit in lexicon.words("measure") and not sold_as_unit(card, unit):
        by_unit = _sold_by_unit_beside(t, card, unit)
        if by_unit is not None:  # "agréguele esos 2 metros" after the air conditioner: of its tubing
            card = by_unit
        elif is_service_line(card):
            t.ask("ask_product_for_unit", unit=unit)
            return
    if put(t, card, quantity, unit, relative=True):
        summary(t, ask_next=True)


def _goods_not_services(t: Turn, found: Resolution) -> Resolution:
    """Among the options, the goods when the customer named no service: "el aire de 9000 btu" is the
    air conditioner, not the "Instalación de Aire Acondicionado 9.000 BTU" (said "alquíleme …" or
    "con la instalación", the service stays). Where every line is a rental, the rented thing is the
    good beside its "Montaje de …"."""
    from ...services.text import stem
    common = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs") | lexicon.lemmas("show") | lexicon.lemmas("price")
    said = {stem(w) for w, v in zip(t.s.message.words, t.s.message.lemmas) if v not in common} \
        | {stem(v) for v in t.s.message.lemmas if v and v not in common}  # ("póngame el aire": no "poner" service)
    families = [f for f in lexicon.service_families() if f & said]
    goods = [o for o in found.options if not is_service_line(o)] or [o for o in found.options if is_rental_line(o)]
    services = [o for o in found.options if o not in goods]
    shared = {w for w in (found.phrase or "").split() if w.isalpha() and services
              and all(names_word(o, w) for o in services)}  # "cortinas de 3 metros": no "Elástico 3 cm por metro"
    goods = [o for o in goods if all(names_word(o, w) for w in shared)]
    rented = [o for o in found.options if is_rental_line(o)]
    if families and rented and len(rented) < len(found.options) and all(f & rental_stems() for f in families):
        goods = rented  # "alquílame una" carpa: the rented one, not its "Montaje de …"
    elif not goods or len(goods) == len(found.options) or families or said & _service_heads(found.options):
        return found
    return Resolution(product=goods[0], phrase=found.phrase) if len(goods) == 1 else \
        Resolution(options=goods, phrase=found.phrase)


def _service_heads(cards: list[ProductCard]) -> set[str]:
    from ...services.text import stem, tokens
    return {stem(tokens(c.name)[0]) for c in cards if is_service_line(c)}


def _sold_by_unit_beside(t: Turn, card: ProductCard, unit: str) -> ProductCard | None:
    """The one product sold by that unit that goes with the one talked about ("Metro Adicional de
    Tubería para Aire Acondicionado" for "2 metros" after the "Aire Acondicionado … 9.000 BTU")."""
    from ...services.text import STOPWORDS, stem, tokens
    words = [w for w in tokens(card.name) if w.isalpha() and w not in STOPWORDS and len(w) > 2]
    named = {stem(w) for w in words}
    head = [w for w in words if stem(w) not in service_stems()][:2]
    found = [r for r in t.box.search_products(query=" ".join([unit, *head]), limit=20)
             if r.id != card.id and sold_as_unit(r, unit)
             and len(named & {stem(w) for w in tokens(r.name) if w.isalpha()}) >= 2]
    return found[0] if len(found) == 1 else None


def _pack_of_two(options: list[ProductCard]) -> ProductCard | None:
    """The one option sold in a pack of two ("Pila AAA x2"): what "un par" of them is."""
    pairs = [o for o in options if (pack_of(o) or (0,))[0] == 2]
    return pairs[0] if len(pairs) == 1 else None


SET_OF = re.compile(r"\(2 [a-z]+s\b|(?<![\d.,] )\bx ?(?:[2-9]|\d\d+)\b")
# ("Piercing lóbulo par (2 orejas)", "Insulso bandeja x10 porciones"; not "Espejo 40 x 60 cm")


SIZE_RANGE = re.compile(r"\b(\d+)\s?[-–]\s?(\d+)\b")


def _in_size_range(options: list[ProductCard], phrase: str) -> ProductCard | None:
    """"plantillas ortopédicas talla 36" of the "… talla 35-37 (par)", "hormas plásticas talla 40" of
    the "… talla 39-41": the one option whose range holds the number said and whose name says every
    other word said (not the "Plantillas de gel talla 36", another kind)."""
    from ...services.text import STOPWORDS, stem, tokens
    words = phrase.split()
    numbers = [int(w) for w in words if w.isdigit()]
    said = {stem(w) for w in words if w.isalpha() and w not in STOPWORDS}
    if len(numbers) != 1 or not said:
        return None

    def holds(card: ProductCard) -> bool:
        return any(int(low) <= numbers[0] <= int(high) for low, high in SIZE_RANGE.findall(card.name)
                   if int(low) < int(high)) and said <= {stem(w) for w in tokens(card.name)}
    held = [o for o in options if holds(o)]
    return held[0] if len(held) == 1 else None


def _single_among_sets(options: list[ProductCard], phrase: str, words) -> ProductCard | None:
    """"un lóbulo en acero" between the "Piercing lóbulo …" and the "Piercing lóbulo par (2 orejas) …",
    "un mini en línea fina" beside the "Tatuajes de pareja mini …", "un insulso" beside the "Insulso
    bandeja x10 porciones": one said, and no pair, the one option that is one of the thing, when every
    other is a pair or a pack of it."""
    from ...services.text import STOPWORDS, fold, stem, tokens
    from ..resolution import PARENTHESES, pack_of
    twos = lexicon.words("pair") | lexicon.words("couple")
    if set(words) & twos:
        return None

    def a_set(card: ProductCard) -> bool:
        return bool(set(tokens(card.name)) & twos) or bool(SET_OF.search(fold(card.name).lower())) \
            or pack_of(card) is not None or bool(_dozen_size(card))
    said = {stem(w) for w in tokens(phrase) if w.isalpha() and w not in STOPWORDS}
    named = [o for o in options if said <= {stem(w) for w in tokens(o.name)}]  # (not the "Lechona porción
    options = named if len(named) > 1 else options  # mediana" whose description says "insulso")
    single = [o for o in options if not a_set(o)]
    if len(single) != 1 or len(options) < 2:
        return None
    marks = twos | lexicon.words("unit_of_sale") | lexicon.words("quantity_words")

    def thing(card: ProductCard) -> set[str]:  # the name without the set it comes in ("(2 orejas)", "x10")
        return {stem(w) for w in tokens(PARENTHESES.sub(" ", card.name))
                if w.isalpha() and w != "x" and w not in STOPWORDS and w not in marks}
    own = thing(single[0])
    return single[0] if all(thing(c) <= own for c in options) else None  # (not the "Cinta Aislante de
    # Colores Paquete x10" beside the "… Negra": another thing)


def _period_told(options: list[ProductCard], phrase: str, words) -> ProductCard | None:
    """"20 cuerpos de andamio por 4 días" among the "… - día", "… - semana", "… - mes": the one priced by
    the period said with a count."""
    people = _per_person()  # (not "para 2 personas" of the "(por persona)")
    told = [o for o in options if periods_of(o, qualified=False) - people
            and periods_said(o, phrase, list(words)) is not None]
    if len(told) == 1:  # (a line whose period is qualified, "- noche temporada alta", only when said so)
        return told[0]
    from ...services.text import tokens
    said = {singular_stem(w) for w in words if w.isalpha()}  # "por una semana", "un día nomás"
    named = {singular_stem(w) for o in options for i, w in enumerate(tokens(o.name)) if not (i and tokens(o.name)[i - 1] == "por")}
    words = list(words)
    counted = {singular_stem(words[parsed[1]]) for i in range(len(words))
               if (parsed := parse_number_at(words, i)) is not None and parsed[1] < len(words)} \
        | {singular_stem(after) for w, after in zip(words, words[1:]) if w == "por"}
    said = (said - named) | (said & counted)  # (not "quiero el curso" of the "Matrícula por curso" beside the
    # "… - curso completo 4 meses"; but "dos turnos" of the "… por turno" beside the "Plan … 4 turnos …")
    told = [o for o in options if (periods_of(o, qualified=False) - people) & said]
    return told[0] if len(told) == 1 and len(told) < len(options) else None


def _plain_period(options: list[ProductCard], words) -> ProductCard | None:
    """"una habitación doble para la noche del 12 de marzo" between the "Habitación doble - noche" and
    the "… - noche temporada alta": the plain line, when nothing said names the qualified one."""
    from ...services.text import stem, tokens
    said = {stem(w) for w in words}
    overlap = {o.id: len({stem(w) for w in tokens(o.name.rsplit(" - ", 1)[0])} & said) for o in options}
    options = [o for o in options if overlap[o.id] == max(overlap.values())]  # (not the "familiar" of "doble")
    tails = [o.name.rsplit(" - ", 1) for o in options]
    if len(options) != 2 or any(len(t) != 2 for t in tails) or tails[0][0] != tails[1][0]:
        return None
    (plain, qualified) = sorted(zip(options, tails), key=lambda pair: len(tokens(pair[1][1])))
    extra = tokens(qualified[1][1])[len(tokens(plain[1][1])):]
    if tokens(qualified[1][1])[:len(tokens(plain[1][1]))] != tokens(plain[1][1]) or not extra \
            or {stem(w) for w in extra} & said:
        return None
    return plain[0]


def _done_to_what_was_ordered(t: Turn, options: list[ProductCard], phrase: str) -> ProductCard | None:
    """"entallar 2 camisas", then "y acortarles las mangas a las dos": of the "Acortar mangas camisa" and
    "… chaqueta o saco", the one done to the thing the line just ordered is done to (said back by the
    pronoun on the verb)."""
    from ...services.text import STOPWORDS, stem, tokens
    from ..understanding import lemmas
    first = phrase.split()[:1]
    lines = t.order().lines
    if not first or not lines or (lemmas.infinitive_with_clitics(first[0]) or first[0]) == first[0]:
        return None
    names = [{stem(w) for w in tokens(o.name) if w.isalpha() and w not in STOPWORDS} for o in options]
    common = set.intersection(*names)
    last = next((ln for ln in lines if ln.product_id == t.state.focus), lines[-1])
    ordered = {stem(w) for w in tokens(last.name)}
    fitting = [o for o, own in zip(options, names) if (own - common) & ordered]
    return fitting[0] if len(fitting) == 1 else None


def _fits_the_order(t: Turn, options: list[ProductCard]) -> ProductCard | None:
    """The one option whose name has a capacity (a number of four digits or more, "18.000 BTU") that
    a line of the order names: the part for what was ordered."""
    from ...services.text import tokens

    def capacities(name: str) -> set[str]:
        return {w.replace(".", "") for w in tokens(name) if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d{4,}", w)}
    ordered = set().union(*(capacities(ln.name) for ln in t.order().lines))
    fitting = [o for o in options if capacities(o.name) & ordered]
    return fitting[0] if ordered and len(fitting) == 1 else None


def _rented_with_the_order(t: Turn, options: list[ProductCard], phrase: str) -> ProductCard | None:
    """"y ponele la cobertura total" after the Duster by the day: of the lines by a period to choose among,
    the one whose name shares most words with a line of the order (the last first: "… SUV, Camionetas …")."""
    from ..resolution import fits_with, periods_of
    if not all(periods_of(o) for o in options):
        return None
    for line in reversed(t.order().lines):
        card = _card_of(t, line.product_id)
        along = fits_with(options, card, phrase) if card is not None and periods_of(card) else None
        if along is not None:
            return along
    return None


def _beside_the_order(t: Turn, unit: str) -> ProductCard | None:
    """The product sold by that measure that goes with a line of the order, the last line first
    ("esos 2 metros" when nothing is in focus: the extra tubing of the air conditioner ordered)."""
    if unit not in lexicon.words("measure"):
        return None
    for line in reversed(t.order().lines):
        card = t.box.product_details(product_id=line.product_id)
        found = _sold_by_unit_beside(t, card, unit) if isinstance(card, ProductCard) else None
        if found is not None:
            return found
    return None


def _in_pack_of(t: Turn, card: ProductCard, count: int, group: str) -> ProductCard:
    """The sibling sold in a pack of that count ("el millar" after the "… x500": the "… x1000"), or by
    that group ("3 cientos" after the "Ladrillo … por Unidad": the "Ladrillo … por Ciento")."""
    if names_group(card, group):
        return card
    by_group = _sibling(t, card, group).product
    if by_group is not None and names_group(by_group, group):
        return by_group
    pack = pack_of(card)
    if pack is None or pack[0] == count:
        return card
    sibling = _sibling(t, card, str(count)).product
    return sibling if sibling is not None and (pack_of(sibling) or (0,))[0] == count else card


def _pairs_in_pack(card: ProductCard, unit: str | None) -> bool:
    """"20 pares de tapaoídos" of the "Tapaoídos … Caja x100 Pares": pairs counted, packed by the hundred."""
    from ...services.text import tokens
    words = tokens(card.name)
    return unit in lexicon.words("pair") and pack_of(card) is not None \
        and any(w in lexicon.words("pair") and i and re.fullmatch(r"x?\d+", words[i - 1]) for i, w in enumerate(words))


def _pieces_in_pack(card: ProductCard, unit: str | None) -> bool:
    """"20 bolsitas" of the "Mix lonchera paquete x10 (bolsitas de 30 g)": what the pack holds, named in
    its parentheses, counted (2 packets), not packs."""
    from ...services.text import tokens
    from ..resolution import PARENTHESES
    pack = pack_of(card)
    if unit is None or pack is None or singular_stem(unit) == singular_stem(pack[1]):
        return False  # ("2 bolsas de bombas" of the "Bombas … (bolsa x50)": bags counted)
    inside = " ".join(PARENTHESES.findall(card.name))
    return singular_stem(unit) in {singular_stem(w) for w in tokens(inside)}


def _leading_dozen(card: ProductCard) -> bool:
    """A dozen of the thing, named so first ("Docena de Camisetas Estampadas Negras")."""
    from ...services.text import tokens
    named = tokens(card.name)
    return bool(named) and named[0] in lexicon.words("dozen") and _dozen_size(card) == 12


def _in_packs(t: Turn, card: ProductCard, quantity: int, phrase: str) -> int | None:
    """"200 platos" of a "Plato … Paquete x20": 10 packets. A count the packs do not make up ("10
    vasitos" of a packet of 50) is asked about (None); a count of packs ("3 paquetes") stays."""
    from ...services.text import sound, stem, tokens
    pack = pack_of(card) or ((12, tokens(card.name)[0]) if _leading_dozen(card) else None)
    # ("30 camisetas" of the "Docena de Camisetas …": not 30 docenas)
    words = phrase.split()
    if pack is None or quantity < 2 or not words or not words[0].isalpha() \
            or any(sound(stem(pack[1])) == sound(stem(w)) or w == "x" or re.fullmatch(r"x\d+", w)
                   or w in lexicon.words("pack_mark") for w in words):
        return quantity  # ("2 paketes de …", "2 papel x12", "2 six pack de cinta": packs counted)
    said = list(t.s.message.words)
    if any(said[i + 1:i + 3] in (["de", words[0]], ["del", words[0]]) and parse_number_at(said, i) is not None
           for i in range(len(said) - 2)):
        return quantity  # "y 6 de tapa plana": 6 of the packs talked about
    size, called = pack
    if any(words[i:i + 3] in (["de", "los", "de"], ["de", "las", "de"]) and words[i + 3:i + 4] == [str(size)]
           for i in range(len(words) - 3)):
        return quantity  # "2 palillos con hilo de los de 50": 2 of the packs of 50
    if quantity % size == 0:
        return quantity // size
    _ask_about(t, card, "sold_in_packs", pack=called, size=format_count(size), quantity=format_count(quantity),
               price=card.price_text, packs=called + ("s" if called[-1] in "aeiou" else "es"))
    return None


def put(t: Turn, card: ProductCard, quantity: int | None, unit: str | None, relative: bool) -> bool:
    """Add to or set a line; explain refusals (stock, availability). True if the order changed."""
    amount = units_for(card, quantity or 1, unit)
    if amount is None:
        from ..resolution import sold_as_container
        _ask_about(t, card, "how_many_units", focus=False, sold_as=sold_as_container(card) or "unidad")
        return False
    current = {ln.product_id: ln.quantity for ln in t.order().lines}
    hidden = hidden_named(card, t.s.message.norm, hidden_products()) \
        if card.id not in current and len(t.s.items) < 2 else None  # (one thing asked: the message is its words)
    if hidden is not None:  # "¿me alquilan una batería …?" of a shop whose battery rental is off sale
        t.say("not_available", name=hidden)
        return False
    if card.id not in current and _described_as(card, "after_visit"):
        t.mention([card])  # "quiero una escalera caracol de 12 escalones": priced once measured
        t.say("after_visit", name=card.name)
        visits = _visit_lines(t)
        if visits:
            t.mention(visits)
            t.say_text("\n".join(t.v.product_line(c) for c in visits))
        return False
    if unit and measure_key(unit) == "metre" and quantity and piece_length(card) is not None:
        amount = _in_whole_pieces(t, card, quantity)  # "12 metros de varilla" of the "… (tramo 6 m)": 2 of it
        if amount is None:
            return False
    if not current and _described_as(card, "not_sold_alone"):
        t.mention([card])  # "me venden solo la hora adicional?" of the "Hora adicional … No se vende sola"
        t.say("not_sold_alone", name=card.name)
        suggest_related(t, card)
        return False
    if card.id not in current and TIER_FROM.search(card.name.lower()):
        card = _tier_sibling(t, card, amount) or card  # ("y 3 de las de 2" after the wholesale bags of 5:
        # the retail bags of 2, 3 being below the wholesale line's count)
    limit = _limit_per_customer(t, card)
    total = amount + (current.get(card.id, 0) if relative else 0)
    if limit is not None and total > limit:  # "el Geisha se vende máximo 2 bolsas por cliente"
        allowed = limit - current.get(card.id, 0)
        t.mention([card])
        t.state.focus = card.id
        if allowed > 0:
            t.state.ask(Pending(PendingKind.OFFER, product_id=card.id, quantity=allowed))
        t.ask("limit_per_customer", name=card.name, limit=limit)
        return False
    if _below_minimum(t, card, total):
        return False
    if card.id in current and not relative:
        result = t.box.set_line_quantity(product_id=card.id, quantity=amount)
    else:
        result = t.box.add_to_order(product_id=card.id, quantity=amount)
    if isinstance(result, ToolError):
        refused(t, card, result, amount)
        return False
    t.mention([card])
    _report_change(t, card, result)
    pending = t.state.pending
    if pending is not None and pending is t.pending_before and pending.kind == PendingKind.OFFER \
            and pending.product_id != card.id:
        t.state.release()  # ("¿te agrego 4?" of the private tour, then "entonces el compartido": that offer is gone;
        # one made in this same reply stays open)
    return True


def _in_whole_pieces(t: Turn, card: ProductCard, metres: int) -> int | None:
    """The metres asked of a piece sold whole ("Varilla … (tramo 6 m)"), in pieces: exact, how many; else
    the pieces that cover them are offered and None is returned (nothing added yet)."""
    from math import ceil
    length = piece_length(card)
    count = ceil(Decimal(metres) / length)
    if count * length == metres:
        return count
    t.mention([card])
    t.state.focus = card.id
    t.state.ask(Pending(PendingKind.OFFER, product_id=card.id, quantity=count))
    t.ask("length_in_pieces", name=card.name, piece=piece_word(card), length=decimal_text(length), metres=metres,
          count=count, covered=decimal_text(count * length))
    return None


def _measured_like(t: Turn, card: ProductCard) -> int | None:
    """A line billed by the m² (or the metre) asked for with no count, beside lines of the order billed the
    same way ("Instalación … (por m²)" after "2 × Reja … (por m²)"): their measure; all of them when the
    message says so ("y con instalación todas"), else the one there is."""
    kind = sold_by(card)
    others = [ln for ln in t.order().lines if ln.product_id != card.id
              and isinstance(other := t.box.product_details(product_id=ln.product_id), ProductCard)
              and sold_by(other) == kind]
    if len(others) == 1 or (others and set(t.s.message.words) & lexicon.words("everyone")):
        return sum(ln.quantity for ln in others)
    return None


def _visit_lines(t: Turn) -> list[ProductCard]:
    """The shop's visit lines (named first with a word of the lexicon's `after_visit.line`)."""
    from ...services.text import tokens
    heads = lexicon.words("after_visit.line")
    from .answers import LIST_LIMIT
    return [c for word in sorted(heads) for c in t.box.search_products(query=word, limit=LIST_LIMIT)
            if tokens(c.name)[:1] and tokens(c.name)[0] in heads and c.stock > 0]


def _described_as(card: ProductCard, name: str) -> bool:
    """The description says a phrase of the lexicon class `name`: `not_sold_alone` (sold only beside another
    line), `after_visit` (priced only once the shop has measured)."""
    from ...services.text import tokens
    said = f" {' '.join(tokens(card.description or ''))} "
    return any(f" {' '.join(p)} " in said for p in lexicon.phrases(name))


def _below_minimum(t: Turn, card: ProductCard, total: int, replaces: int | None = None) -> bool:
    """Fewer than the product's own minimum ("Pollito … (mínimo 10)": "véndame 6" adds nothing): the
    minimum is offered instead (in place of the line `replaces`, for a swap)."""
    minimum = minimum_quantity(card)
    each = (_dozen_size(card) or _pack_size(card)) or 1  # "Docena … (desde 12 unidades)": one docena is 12
    if minimum is None or total * each >= minimum or total + _assorted_with(t, card) >= minimum:
        return False
    t.mention([card])
    t.state.focus = card.id
    t.state.ask(Pending(PendingKind.OFFER, product_id=card.id, quantity=minimum, replaces=replaces))
    t.ask("minimum_people" if _priced_per_person(card) else "minimum_quantity", name=card.name, minimum=minimum)
    return True


MINIMUM = re.compile(r"(?<!pedido )(?<!compra )\bm[ií]nim[oa] (?:de )?(\d+)\b(?!\s*(?:%|d[ií]as?|horas?|a\.?m|p\.?m|personas))",
                     re.IGNORECASE)  # ("sale con mínimo 4 personas": the group the tour needs, not the order's)


def _bare_name(name: str) -> str:
    """The name folded, without what its parentheses add ("… paquete x10 (precio mayorista desde 10
    paquetes)" → "… paquete x10") nor a note after a dash on which price it is ("Hielo en cubos bolsa
    5 kg - precio mayorista (desde 20 bolsas)") nor one said at its end ("… precio por mayor"): lines of
    one thing priced apart compare equal."""
    from ...services.text import STOPWORDS, fold
    parts = re.split(r"\s[-–]\s", re.sub(r"\([^)]*\)", " ", fold(name).lower()))
    notes = lexicon.words("price") | lexicon.words("price_tier") | STOPWORDS
    head = parts[0].split()
    tails = lexicon.phrases("price_tier")
    while len(head) > 1 and (tail := ((head[-1],) if head[-1] in notes else next(
            (p for p in tails if len(p) < len(head) and tuple(head[-len(p):]) == p), None))):
        head = head[:-len(tail)]  # ("Panela … por arroba precio por mayor (desde 5 arrobas)": the note said inline)
    kept = [" ".join(head), *(p for p in parts[1:] if not set(p.split()) <= notes)]
    return " ".join(" - ".join(kept).split())


TIER_RANGE = re.compile(r"\((\d+) (?:o|a|y) (\d+)\b")  # "… (1 o 2 equipos)"


def _tier_for(options: list[ProductCard], quantity: int | None) -> ProductCard | None:
    """"mantenimiento pa 2 aires" between "… (1 o 2 equipos)" and "… desde 3 equipos": the one whose
    name's count holds how many were said; None unless exactly one does. A name with no count beside
    the same name with a count from which it applies ("Arepa de queso paquete x10" and "… (precio
    mayorista desde 10 paquetes)") holds fewer than that count."""
    if not quantity:
        return None
    from ...services.text import fold
    names = {o.id: fold(o.name).lower() for o in options}
    starts = {_bare_name(o.name): int(m.group(1)) for o in options if (m := TIER_FROM.search(names[o.id]))}

    def holds(card: ProductCard) -> bool | None:
        name = names[card.id]
        if (m := TIER_RANGE.search(name)) and _ages_held(card) is None and _people_range(card) is None:
            # (not the ages "(1 a 2 años)" nor the people "(2 a 3 estudiantes)" a line is for)
            return int(m.group(1)) <= quantity <= int(m.group(2))
        if (m := TIER_FROM.search(name)):
            return quantity >= int(m.group(1))
        if (bare := _bare_name(card.name)) in starts:  # the same thing below the count its sibling starts
            return quantity < starts[bare]  # from ("Panela … por arroba (12.5 kg)": what it weighs aside)
        return None
    tiers = {o.id: holds(o) for o in options}
    if starts and any(_bare_name(o.name) in starts and not TIER_FROM.search(names[o.id]) for o in options):  # a retail line and its wholesale one: the
        def packless(name: str) -> str:  # other things found are not what was said; the same thing in
            return " ".join(re.sub(r"\bx ?\d+\b", " ", _bare_name(name)).split())  # another pack still is (ask)
        family = {packless(n) for n in starts}
        tiers = {i: v for i, v in tiers.items() if v is not None or packless(names[i]) in family}
    if any(v is None for v in tiers.values()):
        return None  # every option must be a tier of the same thing
    fitting = [o for o in options if tiers.get(o.id)]
    return fitting[0] if len(fitting) == 1 else None


def _tier_in_packs(t: Turn, options: list[ProductCard], item, phrase: str) -> ProductCard | None:
    """`_tier_for` the count said; things counted one by one ("100 arepas de peto" among the packets
    of 5, of 10 and of 10 at the wholesale price) are the biggest packets that make them up, counted."""
    packs = [pack_of(o) for o in options]
    if item.quantity and not item.unit and None not in packs:
        fitting = [size for size, _ in packs if item.quantity % size == 0]
        biggest = max(fitting, default=None)
        kept = [o for o, pack in zip(options, packs) if pack[0] == biggest]
        if biggest and len(kept) < len(options):
            counted = _in_packs(t, kept[0], item.quantity, phrase)
            return _tier_for(kept, counted) if counted != item.quantity else None
    counted = _packs_counted(t, options, item, phrase)
    return _tier_for(options, 1 if item.quantity is None and not item.unit else counted)
    # ("el bloque de 25 kilos" beside its wholesale line: one is the retail one)


def _packs_counted(t: Turn, options: list[ProductCard], item, phrase: str) -> int | None:
    """How many packs a count is, when every option comes in the same pack ("30 arepas de queso" of the
    "… paquete x10": 3); the count as said otherwise; None when the packs cannot make it up."""
    from ...services.text import fold
    tiered = {_bare_name(o.name) for o in options if TIER_FROM.search(fold(o.name).lower())}
    family = [o for o in options if _bare_name(o.name) in tiered] or options
    packs = {pack_of(o) for o in family}
    if not item.quantity or item.unit or len(packs) != 1 or None in packs:
        return item.quantity
    return _in_packs(t, family[0], item.quantity, phrase)


def _kind_told(t: Turn, options: list[ProductCard], phrase: str) -> ProductCard | None:
    """"un lavado general pa mi Spark": the option of the kind the profile lists the customer's word
    under ("- Automóvil: … (Spark, Picanto, …)"), among the options named by the words said; None
    unless exactly one is."""
    from ...services.text import STOPWORDS, fold, stem, tokens
    from ..tools import profile_kinds
    kinds = profile_kinds()
    if not kinds or len(options) < 2:
        return None
    names = {o.id: {stem(w) for w in tokens(o.name)} for o in options}
    common = set.intersection(*names.values())
    named = {w for o in options for w in (*tokens(o.name), *re.findall(r"[\w-]+", fold(o.name).lower()))}
    # (glued as written too: "PS5" of "Control DualSense PS5")
    others = {w for i in t.s.items if i.phrase != phrase for w in product_phrase(i.phrase).split()}
    said = {w for w in t.s.message.words if w not in STOPWORDS and not w.isdigit() and w not in named
            and w not in others}
    # (the customer's own word for what it is: "pa mi Spark"; never a word of the options' names nor
    # of the message's other items: "un vaso de 3 bolas: coco, maracuyá y arequipe")
    described = [o for o in options if said & proper_names(o.description or "")]
    if len(described) == 1:  # "Lavado Sencillo Automóvil … (sedán o hatchback: Spark, Picanto, …)"
        return described[0]
    wanted = {stem(w) for w in phrase.split() if w not in STOPWORDS} & set().union(*names.values())
    picked = set()
    for label, listed in kinds:
        if said & listed:
            picked |= {o.id for o in options if wanted <= names[o.id]
                       and {stem(w) for w in label} & (names[o.id] - common)}
    if len(picked) > 1:  # "Lavado General Automóvil" and "Combo Brillo Automóvil (lavado general + …)": the one headed so
        headed = {i for i in picked if tokens(next(o.name for o in options if o.id == i))[:1] == phrase.split()[:1]}
        picked = headed or picked
    return next((o for o in options if o.id in picked), None) if len(picked) == 1 else None


def _assorted_with(t: Turn, card: ProductCard) -> int:
    """How many of its siblings count towards a minimum that may be made up of several of them
    ("Pedido mínimo 6 gorras del mismo logo (se pueden surtir colores)"): the ones in the order and
    the other counts of this message ("3 gorras negras y 3 blancas"); 0 when it may not be mixed."""
    from ...services.text import stem, tokens
    description = card.description or ""
    if not {stem(w) for w in tokens(description)} & {stem(w) for w in lexicon.words("assorted")}:
        return 0
    rule = _minimum_sentence(card)
    siblings = sum(ln.quantity for ln in t.order().lines if ln.product_id != card.id and rule and _minimum_sentence(
        t.box.product_details(product_id=ln.product_id)) == rule)
    said = [i.quantity for i in t.s.items if i.quantity]
    return siblings + (sum(said) - max(said) if len(said) > 1 else 0)


def _minimum_sentence(card) -> str | None:
    """The sentence of the description that sets the minimum (the same for the products it groups)."""
    if not isinstance(card, ProductCard):
        return None
    return next((part.strip() for part in re.split(r"[.;]", card.description or "")
                 if MINIMUM.search(part) or UNITS_MINIMUM.search(part) or _product_minimum(card, part)), None)


PRODUCT_MINIMUM = re.compile(r"\bm[ií]nim[oa]:? (?:de )?(\d+) ([a-záéíóúñ]+)", re.IGNORECASE)  # ("Pedido mínimo: 2 cientos")


def _product_minimum(card: ProductCard, text: str):
    """"Pedido mínimo 6 gorras del mismo logo": a minimum counted in the product's own word (where
    "pedido mínimo de 3 m³" is the delivery's)."""
    from ...services.text import stem, tokens
    found = PRODUCT_MINIMUM.search(text)
    named = {stem(w) for w in tokens(card.name)}
    return found if found and stem(found.group(2).lower()) in named \
        and found.group(2).lower() not in lexicon.words("headcount") else None  # (not the tour's group)


def minimum_quantity(card: ProductCard) -> int | None:
    """The fewest units sold in one order, when the product's name or description says so
    ("Pollito de Engorde … (mínimo 10)", "se vende con un mínimo de 10 pollitos por pedido", "Pedido
    mínimo 6 gorras"); a "pedido mínimo" is the delivery's ("despachada en volqueta con pedido mínimo de
    3 m³"), not the product's."""
    per_person = _priced_per_person(card)
    for text in (card.name, card.description or ""):
        found = MINIMUM.search(text) or UNITS_MINIMUM.search(text) or _product_minimum(card, text) \
            or (PEOPLE_MINIMUM.search(text) if per_person and text is card.name else None) \
            or (BOOKING_MINIMUM.search(text) if per_person else None)
        # ("Tour Minca salida privada (mínimo 4 personas)", sold per person: 4 places at least; not "Sale con
        # mínimo 4 personas" of a shared tour, the group it needs to leave)
        before = re.split(r"[.;]", text[max(0, found.start() - 30):found.start()])[-1] if found else ""
        if found and ADVICE.search(PRICED_BY.sub(" ", before)):
            continue  # "se recomienda tener mínimo 3": no rule of sale (but "Precio por hora, mínimo 4 horas" is)
        if found:
            return int(found.group(1)) if int(found.group(1)) > 1 else None
    return None


PEOPLE_MINIMUM = re.compile(r"\bm[ií]nim[oa] (?:de )?(\d+) personas\b", re.IGNORECASE)
BOOKING_MINIMUM = re.compile(r"\bm[ií]nim[oa] (?:de )?(\d+) personas por (?:reserva|grupo|pedido)\b", re.IGNORECASE)
# ("Sale solo con mínimo 4 personas por reserva": one booking of fewer is not sold)
UNITS_MINIMUM = re.compile(r"\b(?:m[ií]nim[oa] (?:de )?|desde )(\d+) unidades\b", re.IGNORECASE)  # ("pedido mínimo
# de 20 unidades del mismo diseño", "Desde 10 unidades.": the product's, where "pedido mínimo de 3 m³" is the
# delivery's)
ADVICE = re.compile(r"recomiend|recomendad|sugiere|sugerid|ideal|precio|descuento|mayor|rebaja", re.IGNORECASE)
PRICED_BY = re.compile(r"\bprecio por (?:hora|d[ií]a|noche|unidad|persona)\b", re.IGNORECASE)  # what one unit is
# (advice on how many to keep, or a price from some count on: "precio por mayor desde 12 unidades")


def _limit_per_customer(t: Turn, card: ProductCard) -> int | None:
    """How many of this product one customer may buy, when the profile says so of it: a line that
    limits ("máximo 2 bolsas … por cliente") and names a word of this product that few others have."""
    from ...services.text import stem, tokens
    from ..tools import profile_limits
    for words, limit in profile_limits():
        for word in tokens(card.name):
            if len(word) < 4 or not word.isalpha() or stem(word) not in words:
                continue
            named = [r for r in t.box.search_products(query=word, limit=6) if names_word(r, word)]
            if len(named) <= 3:  # "geisha" names a few products; "café" names them all
                return limit
    return None


def _report_change(t: Turn, card: ProductCard, change: LineChange) -> None:
    if change.before and change.before == change.after:
        t.say("unchanged", quantity=change.after, name=card.name)  # "y una bomba de mano" with one there
    elif change.before:
        t.say("updated", name=card.name, after=change.after, before=change.before)
    else:
        t.say("added", quantity=change.after, name=card.name, price=card.price_text)


def refused(t: Turn, card: ProductCard, error: ToolError, wanted: int) -> None:
    if error.code == "sin_stock":
        available = error.params.get("disponible", card.stock) - error.params.get("en_pedido", 0)
        if available > 0:
            t.mention([card])
            t.state.ask(Pending(PendingKind.OFFER, product_id=card.id, quantity=available))
            t.ask("only_available_one" if available == 1 else "only_available", name=card.name, available=available)
        else:
            t.say("sold_out", name=card.name)
        related = suggest_related(t, card)
        if available <= 0 and len(related) > 1 and wanted > 1 and t.state.pending is None:
            # "entonces dame del argos": the 8 asked for (a question asked this turn stays the one open),
            # in the pack asked for ("2 displays de bubbaloo de mora", "entonces de fresa": displays)
            from ..resolution import pack_of
            alike = [c for c in related if pack_of(card) and pack_of(c) == pack_of(card)]
            t.state.ask(Pending(PendingKind.CHOICE, options=[c.id for c in alike or related], quantity=wanted))
        t.state.focus = card.id  # "entonces una de aguila": the same kind as the one asked for
    elif error.code == "no_disponible":
        t.say("not_available", name=card.name)
    else:
        t.say_text(t.v.error(error.code, **error.params))


def suggest_related(t: Turn, card: ProductCard) -> list[ProductCard]:
    related = [c for c in t.box.related_products(product_id=card.id) if c.stock > 0]
    if related:
        t.say_text(t.v.say("related") + "\n" + "\n".join(t.v.product_line(c) for c in related))
    return related


AGE_RANGE = re.compile(r"\b(?:de\s+)?(\d{1,2})\s*(?:a|-)\s*(\d{1,2})\s+años\b|\bhasta\s+(\d{1,2})\s+años\b")


def _for_anyone(options: list[ProductCard], words) -> ProductCard | None:
    """"anotame 2 clases de salsa" among the "Clase suelta de salsa", the "Clase infantil de salsa (7 a 11
    años)" and the "Clase de salsa adulto mayor": with no age nor who it is for said, the one line made for
    no particular people."""
    from ...services.text import tokens
    words = set(words)
    people = lexicon.words("child") | (lexicon.words("adult") - lexicon.words("headcount")) | lexicon.words("age_unit")
    heads = {tokens(o.name)[0] for o in options if tokens(o.name)}
    if words & people or len(options) < 3 or len(heads) != 1:
        return None  # (one thing of several kinds, not whatever the search brought: "un chupo" and a "Tetero")
    left = [o for o in options if _ages_held(o) is None and not set(tokens(o.name)) & people]
    return left[0] if len(left) == 1 else None


def _without_the_others(t: Turn, words, items: list, item) -> list[str]:
    """The message's words without those of its other mentions of a product ("el plan de 300 megas y 2
    repetidores": the 300 megas are the plan's, no measure of the repeaters; but "…, pesa 18 kilos" is
    said of what is asked)."""
    theirs = {w for other in items if other is not item and other.phrase
              and other.phrase.split()[0] not in lexicon.words("describing")
              and ((found := t.found(other.phrase)).product is not None or found.options)
              for w in other.phrase.split()}
    return [w for w in words if w not in theirs or w in (item.phrase or "").split()]


def _like_the_others(t: Turn, options: list[ProductCard], others) -> ProductCard | None:
    """"axilas y bozo con cera" between the "Depilación con cera axilas" and the "Depilación láser zona
    pequeña": the one option named as another thing of the same message is ("Depilación con cera …",
    its first words, at least two)."""
    from ...services.text import tokens
    named = [r.product for r in (resolve(t.box, i.phrase) for i in others if i.phrase) if r.product is not None]
    if any(n.id in {o.id for o in options} for n in named):
        return None  # ("… pidió balón número 4, … Me regala el balón": the one named, not its sibling)

    def shared(card: ProductCard) -> int:
        mine = tokens(card.name)
        return max((next((k for k, (a, b) in enumerate(zip(mine, tokens(o.name))) if a != b),
                         min(len(mine), len(tokens(o.name)))) for o in named), default=0)
    ranked = sorted(((shared(o), o) for o in options), key=lambda pair: -pair[0])
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def _plain_line(options: list[ProductCard], words) -> ProductCard | None:
    """"anotame el plan de 300 megas" among the "Plan hogar 300 megas", the "Plan empresarial 300 megas"
    and the "Plan internet + TV 300 megas": the one left when the lines made for businesses and those
    joining another thing with "+" are set aside, none of their words said; else the one every other
    line is with more to it (`_more_of_it`)."""
    from ...services.text import STOPWORDS, tokens
    said = [w for w in words if w.isalpha()]
    business = lexicon.words("business_line")
    common = set.intersection(*(set(tokens(o.name)) for o in options)) if options else set()

    def set_aside(card: ProductCard) -> bool:
        named = tokens(card.name)
        for_business = any(w in business and not any(s[:6] == w[:6] for s in said) for w in named)
        base, *joined = re.sub(r"\([^)]*\)", " ", card.name).split(" + ", 1)  # (not "(máquinas + clases)")
        own = {w for w in tokens(joined[0]) if w.isalpha() and w not in STOPWORDS} - set(tokens(base)) - common \
            if joined else set()
        return for_business or bool(own and not own & set(said))  # ("… + TV 300 megas": the TV not said)
    if len(options) < 2:
        return None
    left = [o for o in options if not set_aside(o)]
    if len(left) == 1 and len(left) < len(options):
        kept = set(tokens(left[0].name))
        if any(set(said) & (set(tokens(o.name)) - kept) for o in options if o is not left[0]):
            return None  # ("el plan de internet y televisión de 600": "internet" names the plan with TV)
        return left[0]
    plain = [o for o in left if all(_more_of_it(o, other, said) for other in left if other is not o)]
    if len(plain) == 1:
        return plain[0]
    ordinary = [o for o in left if (own := set(tokens(o.name)) - common) and own <= lexicon.words("plain_kind")]
    if len(ordinary) == 1 and not any(set(said) & (set(tokens(o.name)) - common) for o in options):
        return ordinary[0]  # "un hogao de 250" of the "Hogao casero …" and the "Hogao picante …": the usual one
    return None


def _more_of_it(card: ProductCard, other: ProductCard, said: list[str]) -> bool:
    """`other` is `card` with more to it, none of it said: every word of `card`'s name and two or more
    words besides ("Cartucho HP 664 Negro Original" and "… 664XL … Alto Rendimiento"), or the pack it
    comes in ("… (rollo)" and "… Caja x6 Rollos"), or one word more on a line sold out ("Sobre de manila
    extra oficio", agotado) — never one word alone on two lines in stock ("Listón de Pino Inmunizado
    2x4": treated or not is asked) nor another number."""
    from ...services.text import STOPWORDS, tokens
    named, others = set(tokens(card.name)), tokens(other.name)
    extra = {w for w in others if w not in named and w not in STOPWORDS}
    packs = {w for i, w in enumerate(others) if w.isdigit() and i and others[i - 1] == "x"}
    words = extra - packs - {"x"}
    sold_out = other.stock <= 0 < card.stock  # ("Sobre de manila extra oficio", agotado: the oficio)
    return named <= set(others) and bool(words) and all(w.isalpha() for w in words) and not words & set(said) \
        and (len(words) >= 2 or bool(words & lexicon.words("unit_of_sale")) or sold_out)


def _for_mine(options: list[ProductCard], words) -> ProductCard | None:
    """"el paquete de 5 días para mi perro mediano" among the "… perro pequeño / mediano / grande", "el
    polarizado importado para mi automóvil" among the automóvil / van ones: the one option whose name has
    a word said of the customer's own after "para mi" (a word every option has tells none apart)."""
    from ...services.text import STOPWORDS, stem, tokens
    words, mine = list(words), set()
    for i in range(len(words) - 1):
        if words[i] in lexicon.words("for_whom") and words[i + 1] in lexicon.words("my"):
            mine |= {stem(w) for w in words[i + 2:i + 5] if w.isalpha() and w not in STOPWORDS}
            # (its noun and what is said of it: "mi automóvil", "mi perro mediano", "mi french poodle pequeño")
        elif words[i] in lexicon.words("for_whom") and words[i + 1] in lexicon.words("my_many") \
                and parse_number_at(words, i + 2) is not None:
            mine |= {stem(w) for w in words[parse_number_at(words, i + 2)[1]:][:1] if w.isalpha()}
            # (the ones counted: "para mis dos gatos"; never the thing asked for after them)
    if not mine:
        return None
    named_by_all = set.intersection(*({stem(w) for w in tokens(o.name)} for o in options)) if options else set()
    left = [o for o in options if (mine - named_by_all) & {stem(w) for w in tokens(o.name)}]  # ("perro": all)
    return left[0] if len(left) == 1 else None


EVENING = (6, 7, 8)  # hours after noon some shops price by day and others by night


def _fits_when(options: list[ProductCard], words) -> ProductCard | None:
    """"la cancha de 5 el martes de 8 a 10 de la noche" among the "… lunes a viernes día / noche" and "…
    sábado, domingo y festivo día / noche" lines, "el traslado … a las 3 de la tarde" between the "…
    diurno" and "… nocturno": the one option whose name holds the weekday said and the part of the day."""
    from ...services.text import tokens
    days, parts = lexicon.table("weekday"), lexicon.table("part_of_day")
    words = list(words)
    said_days = {days[w] for w in words if w in days}
    day, night, afternoon = 1, 2, 3  # (lexicon `part_of_day`)
    evening = {("las", str(n)) for n in EVENING}  # ("a las 6 de la tarde": the shop's hours tell whether
    said_parts = {day if parts[w] == afternoon else parts[w] for i, w in enumerate(words)  # that is its day or
                  if w in parts and (w != "manana" or words[i - 1:i] == ["la"])  # its night; not "de 4 a 6 …")
                  and not (parts[w] == afternoon and tuple(words[max(i - 4, 0):i - 2]) in evening)}
    said_parts |= {day if int(n) < min(EVENING) else night for n, w in zip(words, words[1:]) if n.isdigit()
                   and w == "pm" and int(n) not in EVENING}  # ("a las 11 pm": night; "a las 7 pm", the shop's hours)

    def named(card: ProductCard) -> tuple[set[int], set[int]]:
        name = tokens(card.name)
        held = {d for i, w in enumerate(name) if w in days for d in (
            range(days[w], days[name[i + 2]] + 1) if name[i + 1:i + 2] == ["a"] and name[i + 2:i + 3]
            and name[i + 2] in days else [days[w]])}
        return held, {day if parts[w] == afternoon else parts[w] for w in name if w in parts}
    if len(said_days) > 1 or len(said_parts) > 1 or not (said_days or said_parts):
        return None
    kept = options
    for said, index in ((said_days, 0), (said_parts, 1)):  # (lines that name no day are no slot of them:
        fitting = [o for o in kept if said and said <= named(o)[index]]  # "Cumpleaños en cancha …")
        kept = fitting or kept
    return kept[0] if len(kept) == 1 and len(options) > 1 else None


def _group_sizes(options: list[ProductCard]) -> dict[int, ProductCard] | None:
    """The options as one thing sold by groups of different sizes ("Alevinos … por Millar", "… por
    Ciento": 1.000 and 100), their names alike but for the group; None otherwise."""
    from ...services.text import tokens
    from ..resolution import periods_of
    groups = {singular_stem(word): size for word, size in GROUPS.items()}
    sizes, rests = {}, set()
    for card in options:
        said = [groups[p] for p in periods_of(card, qualified=False) if p in groups]
        if len(said) != 1 or said[0] in sizes:
            return None
        sizes[said[0]] = card
        rests.add(tuple(w for w in tokens(card.name) if w != "por" and singular_stem(w) not in groups))
    return sizes if len(sizes) > 1 and len(rests) == 1 else None


def _in_groups(options: list[ProductCard], item) -> list[tuple[ProductCard, int]] | None:
    """"3 mil alevinos" → 3 millares; "1.500" → 1 millar and 5 cientos; [] when the count said is no whole
    number of the smallest group ("150 alevinos": asked); None when the options are no such groups or no
    count of single things was said."""
    sizes = _group_sizes(options)
    if sizes is None or not item.quantity or item.unit is not None or item.relative \
            or item.quantity < min(sizes):
        return None if sizes is None or not item.quantity or item.unit is not None or item.relative else []
    left, lines = item.quantity, []
    for size in sorted(sizes, reverse=True):
        count, left = divmod(left, size)
        if count:
            lines.append((sizes[size], count))
    return lines if not left else []


def _ask_groups(t: Turn, options: list[ProductCard], quantity: int) -> None:
    """The groups the thing is sold by, when the count said is not made of them."""
    from .answers import describe
    smallest = min(_group_sizes(options))
    t.say("sold_in_groups", quantity=quantity, smallest=smallest)
    describe(t, options)


def _of_the_month(options: list[ProductCard], words) -> list[ProductCard]:
    """The options that name no month but the one said ("… del 10 al 13 de febrero": not the "… temporada
    diciembre"); all of them when no month is said."""
    from ...services.text import tokens
    months = lexicon.words("month")
    said = set(words) & months
    if len(said) != 1:
        return options
    return [o for o in options if not (set(tokens(o.name)) & months) - said]


def _fits_month(options: list[ProductCard], words) -> ProductCard | None:
    """"2 noches de hotel para mi perro pequeño en abril" between the "Hotel noche perro pequeño" and the
    "… temporada diciembre": the one option left when those naming another month are set aside."""
    left = _of_the_month(options, words)
    return left[0] if len(left) == 1 and len(options) > 1 else None


def _fits_age(options: list[ProductCard], words) -> ProductCard | None:
    """"un cepillo para mi niña de 4 años" among "Cepillo … (2 a 5 años)" and "(6 a 12 años)": the one
    whose ages hold the age said."""
    age = _age_said(words)
    if age is None:
        return None
    fitting = _holding_age(options, age)
    return fitting[0] if len(fitting) == 1 else None


def _age_said(words) -> int | None:
    """"de 4 años", "tiene 2 años": the one age the message says."""
    words = list(words)
    ages = {value for i in range(len(words) - 1) if words[i + 1] in lexicon.words("age_unit")
            and (value := (parse_number_at(words, i) or (None,))[0]) is not None}
    return ages.pop() if len(ages) == 1 else None


def _holding_age(options: list[ProductCard], age: int) -> list[ProductCard]:
    """The lines whose ages hold the age; of "(1 a 2 años)" and "(2 a 3 años)", a child of 2 is in the
    second (the years turned)."""
    fitting = [o for o in options if (held := _ages_held(o)) is not None and held[0] <= age <= held[1]]
    if len(fitting) > 1 and all(_ages_held(o)[0] == age or _ages_held(o)[1] == age for o in fitting):
        fitting = [o for o in fitting if _ages_held(o)[0] == age]
    return fitting


def ask_choice(t: Turn, found: Resolution, quantity: int | None, unit: str | None, action: str) -> None:
    t.mention(found.options)
    t.state.ask(Pending(PendingKind.CHOICE, options=[o.id for o in found.options], quantity=quantity, unit=unit,
                        action=action, phrase=t.s.message.written(found.phrase) if found.phrase else None,
                        requested=action == "add"))
    question = t.v.say("which", phrase=found.phrase) if found.phrase else t.v.say("which_of_those")
    t.say_text(question + "\n" + t.v.option_lines(found.options))
    t.asked = True


def ask_again(t: Turn) -> None:
    """The pending choice, asked again (the customer wanted to close with it unanswered)."""
    options = [c for c in (t.box.product_details(product_id=i) for i in t.state.pending.options)
               if not isinstance(c, ToolError)]
    if len(options) == 1:  # "¿cuántas unidades de …?" left open
        t.ask("before_closing_how_many", name=options[0].name)
        return
    t.say_text(t.v.say("before_closing") + "\n" + t.v.option_lines(options))
    t.asked = True


def not_found(t: Turn, phrase: str) -> None:
    t.say("not_found", phrase=phrase)


# --- answering the pending choice or offer ----------------------------------------------------------

def _split_answer(t: Turn, pending: Pending) -> list[tuple[ProductCard, int]] | None:
    """"una de fresa y una surtida", "dos de la negra y una de la blanca": every item said with its count
    picks a different one of the options offered; None unless all of them do."""
    items = [i for i in t.s.items if i.phrase]
    if len(items) < 2 or len(items) != len(t.s.items) or len(pending.options) < 2 \
            or not all(i.quantity for i in items) or t.s.question:
        return None
    picks = [pick_option(t.box, t.s.message, pending.options, None, phrase=i.phrase) for i in items]
    if None in picks or len(set(picks)) != len(picks):
        return None
    cards = [t.box.product_details(product_id=p) for p in picks]
    if not all(isinstance(c, ProductCard) for c in cards):
        return None
    return [(card, item.quantity) for card, item in zip(cards, items)]


def answer_choice(t: Turn) -> bool:
    """The message picks one of the offered products (or takes the one shown); False: not an answer."""
    pending = t.state.pending
    s = t.s
    from .by_town import town_picked
    picked = town_picked(t, pending.options)
    if picked is not None:  # "es en Itagüí, barrio Santa María" after which town's home visit
        return _apply_choice(t, picked.id, pending, pending.quantity)
    age = _age_said(s.message.words)
    offered = [c for c in (t.box.product_details(product_id=i) for i in pending.options) if isinstance(c, ProductCard)]
    if age is not None and any(_ages_held(c) for c in offered) and not _holding_age(offered, age):
        return False  # "es pa mi hijo de 2 años" after the lines "(4 a 5 años)": none of them
    if s.price and len(pending.options) > 1 and s.items and not s.follow_up and pending.action != "info":
        phrases = [i.phrase for i in s.items if i.phrase]  # "¿cuánto vale el azul?" after the list
        picked = [pick_option(t.box, s.message, pending.options, s.ordinal, phrase=p) for p in phrases] \
            if len(phrases) > 1 else [pick_option(t.box, s.message, pending.options, s.ordinal, phrase=" ".join(phrases) or None)]
        # ("a cómo están el coronel y crónica de una muerte anunciada": each one of the list)
        cards = [c for c in (t.box.product_details(product_id=p) for p in dict.fromkeys(picked) if p is not None)
                 if isinstance(c, ProductCard)]
        if cards and len(cards) == len(picked):
            t.state.release()
            from .answers import describe
            describe(t, cards)
            return True
    count = _any_number(s) if s.hypothetical and len(pending.options) > 1 else None
    tier = _tier_for([c for c in (t.box.product_details(product_id=i) for i in pending.options)
                      if isinstance(c, ProductCard)], count) if count else None
    if tier is not None:  # "¿y si llevo 5?" after the arroba and the arroba "por mayor (desde 5)": what 5 come to
        t.state.release()
        t.say("price_total", quantity=count, name=tier.name, total=format_cop(tier.price * count))
        from .answers import describe
        describe(t, [tier])
        return True
    if s.asks_info or s.cancel or s.lookup or (s.company_topics and s.question) or s.catalog or s.view_order \
            or s.handoff or "discounts" in s.company_topics:
        return False  # ("el abierto" answers which casco, though "abierto" is also about opening hours;
        # "déjamelo en 90": a price offered, never 90 of them)
    if s.question and not (s.buy or s.take_it):
        return False  # a question is never an answer that changes the order
    if s.finish and not (s.items or s.buy or s.take_it or s.bare_quantity is not None or s.ordinal):
        return False  # "eso es todo" after "¿cuántas unidades?": closing, not one more unit
    if pending.blocking and len(pending.options) == 1 and s.confirm and not s.deny \
            and not (s.items or s.bare_quantity is not None or s.ordinal is not None):
        ask_again(t)  # "sí" to "¿cuántas … quieres? (o dime «ninguna»)": a yes is no count
        return True
    listed = len(t.state.mentioned) > 1 and t.state.focus == t.state.mentioned[0]  # a list, no one named
    if len(pending.options) > 1 and t.state.focus in pending.options and OF_THOSE.search(s.message.norm) \
            and not s.question and not listed:  # "dame 6 de esas" after "la más barata es …": that one
        quantity = next((i.quantity for i in s.items if i.quantity), None) or _any_number(s)
        return _apply_choice(t, t.state.focus, pending, quantity)
    if s.quantity_change and pending.action == "add" and len(pending.options) > 1 and not t.order().lines \
            and (s.quantity_change[1] or s.ordinal is not None):  # ("mejor 2": how many, not the "… 2")
        picked = pick_option(t.box, s.message, pending.options, s.ordinal,  # "el sintético, y que sean 4"
                             phrase=s.quantity_change[1] or None)
        if picked is not None:
            return _apply_choice(t, picked, pending, s.quantity_change[0])
    if _one_of_each(t, pending):  # "póngame esas dos" after two were shown: one of each
        t.state.release()
        changed = [put(t, card, 1, pending.unit, relative=True)
                   for card in (t.box.product_details(product_id=i) for i in pending.options)
                   if isinstance(card, ProductCard)]
        if any(changed):
            summary(t, ask_next=t.state.pending is None)
        return True
    joined = _one_answer_in_two(t, pending)
    if joined is not None:  # "la de 250, dos barras por favor": which one, then how many of it
        return _apply_choice(t, joined[0], pending, joined[1])
    split = _split_answer(t, pending)
    if split:  # "una de fresa y una surtida" after "¿cuál?" between the two bags: each one picks its own
        t.state.release()
        changed = [put(t, card, quantity, pending.unit, relative=True) for card, quantity in split]
        if any(changed):
            summary(t, ask_next=t.state.pending is None)
        return True
    several = len(s.items) > 1 and (any(i.quantity for i in s.items) or {"y", "e", "con"} & set(s.message.words))
    if several or s.removals is not None or s.quantity_change:
        return False  # ("negro, talla L" is one answer; "la llanta con su neumático" is two products)
    fitting = None
    if len(pending.options) > 1 and measures_said(s.message.words) and not _names_another(t, pending):
        options = [c for c in (t.box.product_details(product_id=i) for i in pending.options)
                   if isinstance(c, ProductCard)]
        fitting = fits_measure(options, s.message.words)
    if fitting is not None:  # "él mide 1,68" after the sizes: the one made for that height; "pesa 12
        # kilos" after the pipetas by weight: the 10 a 20 kg, as many as asked (the kilos are the dog's)
        from ..resolution import measure_key
        counts = [i.quantity for i in s.items if i.quantity and not (i.unit and measure_key(i.unit))]
        return _apply_choice(t, fitting.id, pending, counts[0] if counts else pending.quantity)
    sized = _by_size_said(t, pending)
    if sized is not None:  # "el grande, pero …" after the growler of 1 L and of 1,9 L: the 1,9 L
        return _apply_choice(t, sized, pending, pending.quantity)
    single = len(pending.options) == 1
    pointing = all(not i.phrase or set(i.phrase.split()) <= _pointing() for i in s.items)
    if single and pointing and any(i.relative and not i.phrase for i in s.items):  # "póngame 2 bultos de esa"
        item = next(i for i in s.items if i.relative)
        t.state.release()
        card = t.box.product_details(product_id=pending.options[0])
        if item.unit and not isinstance(card, ToolError) and not sold_as_unit(card, item.unit):
            card = _in_unit(t, item.unit) or card  # "deme un kilo" after the libra: the kilo bag, if sold
        if not isinstance(card, ToolError) and put(t, card, item.quantity, item.unit, relative=True):
            summary(t, ask_next=True)
        return True
    if single and pointing and (s.bare_quantity or s.take_it or (s.buy and s.items) or
                                (s.confirm and not t.order().lines)):
        quantity = s.bare_quantity or next((i.quantity for i in s.items if i.quantity), None) \
            or _periods_for(t, pending.options[0]) or _any_number(s) or pending.quantity
        return _apply_choice(t, pending.options[0], pending, quantity)
    if single and not s.items and not s.bare_quantity:
        return False
    if not single and s.take_it and not s.items and _points_at_one(s):
        return _take_the_one_asked(t, pending)  # "listo, regáleme esa" after a list
    if single and s.take_it_first and s.items and not pointing:  # "dámelo, y el vidrio del 14 también"
        t.state.release()
        card = t.box.product_details(product_id=pending.options[0])
        taken = not isinstance(card, ToolError) and put(t, card, pending.quantity, pending.unit, relative=True)
        buy(t, changed=taken, previous=card if taken else None)
        return True
    if pending.quantity and s.items and s.items[0].quantity not in (None, pending.quantity) \
            and (s.message.words[0] in lexicon.words("and") or s.also):
        return False  # "¿de cuál?" (for 6) → "y un rollo de cinta": one more thing, the question stays open
    if s.items and s.items[0].phrase and not pointing and s.ordinal is None:
        item = s.items[0]
        among = _option_with_every_word(t, pending.options, item.phrase)
        if among is not None:  # "seis de yuca" after the bollos: the Bollo de Yuca, not the yuca
            return _apply_choice(t, among, pending, _quantity_for(t, among, pending))
        wide = resolve(t.box, item.phrase, unit=item.unit, quantity=item.quantity)
        words = list(s.message.words)
        which = len(words) > 2 and words[0] in lexicon.words("article") and words[1] in ("de", "del")
        if wide.product and wide.product.id not in pending.options and not which:
            return False  # "deme 2 resmas carta" after the paquete was shown: another product, named
            # (but "el de la cama doble" after the cabeceros: the one for that bed)
        if _said_beyond(t, pending.options, item.phrase):
            return False  # "tostión media, molida" when only the oscura ones were listed: not one of them
    said = " ".join(i.phrase for i in s.items if i.phrase)
    picked = pick_option(t.box, s.message, pending.options, s.ordinal, phrase=said or None)
    if picked is None and said and pending.quantity:  # "de 10 la delgada" for 20 of them: of the x10
        having = [c for c in map(lambda i: _card_of(t, i), pending.options)  # lines, the wholesale one
                  if c is not None and has_every_word(c, product_phrase(said))]
        tier = _tier_for(having, pending.quantity) if len(having) > 1 else None
        picked = tier.id if tier is not None else None
    if picked is None:
        return False
    return _apply_choice(t, picked, pending, _quantity_for(t, picked, pending))


def _periods_for(t: Turn, product_id: int) -> int | None:
    """"lo necesitamos del viernes 14 al lunes 17" of the car by the day asked about: 3 days (never 14)."""
    from ..resolution import periods_of
    card = _card_of(t, product_id)
    if card is None or not periods_of(card):
        return None
    return periods_said(card, "", list(t.s.message.words), bare=True)


def _names_another(t: Turn, pending) -> bool:
    """The words name a product that is none of the options asked about ("y un bloque de queso costeño
    de 5 libras" while the arepas' packets are asked; never "él mide 1,68" of the oxímetro that "mide …")."""
    phrase = t.s.items[0].phrase if t.s.items else None
    named = resolve(t.box, phrase) if phrase else None
    return named is not None and named.product is not None and named.product.id not in pending.options \
        and _names_its_words(named.product, phrase)


def _by_size_said(t: Turn, pending) -> int | None:
    """"el grande", "la pequeña" as the answer to which of options that differ by the size in their
    names: the biggest or the smallest of them."""
    from .answers import size_in_name
    big, small = lexicon.words("comparison.big"), lexicon.words("comparison.small")
    said = t.s.items[0].phrase.split() if t.s.items and t.s.items[0].phrase else []
    if len(pending.options) < 2 or not said or len(said) > 2 or said[-1] not in big | small:
        return None
    cards = [c for c in (t.box.product_details(product_id=i) for i in pending.options) if isinstance(c, ProductCard)]
    sizes = [size_in_name(c) for c in cards]
    if len(cards) != len(pending.options) or None in sizes or len(set(sizes)) != len(sizes):
        return None
    return (max if said[-1] in big else min)(zip(sizes, (c.id for c in cards)))[1]


def _ask_which_shown(t: Turn, quantity: int | None) -> None:
    """Which of the products just listed, asked with the list (the answer picks one and adds it)."""
    cards = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned) if isinstance(c, ProductCard)]
    t.state.ask(Pending(PendingKind.CHOICE, options=[c.id for c in cards], action="add", quantity=quantity,
                        requested=True))
    t.say_text(t.v.say("which_of_shown") + "\n" + t.v.option_lines(cards))
    t.asked = True


def _points_at_one(s) -> bool:
    """A singular pointing word ("esa", "ese"), no count: one product of those shown."""
    said = set(s.message.words) & lexicon.words("pointing")
    return bool(said) and all(not w.endswith(("s", "o")) for w in said) and s.bare_quantity is None


def _take_the_one_asked(t: Turn, pending) -> bool:
    """"regáleme esa" after the list for "la pitadora Imusa de 6 litros": the one the words asked for
    head (the Olla, not its Empaque); when none or several do, which one is asked again."""
    words = [w for w in product_phrase(pending.phrase or "").split() if w.isalpha() and len(w) > 2]
    cards = [c for c in (t.box.product_details(product_id=i) for i in pending.options) if isinstance(c, ProductCard)]
    headed = [c for c in cards if words and names_word_head(c, words[0])
              and all(names_word(c, w) or w in lexicon.everyday_words() for w in words[1:])]
    if len(headed) == 1:
        return _apply_choice(t, headed[0].id, pending, pending.quantity)
    _ask_which_shown(t, pending.quantity)
    return True


def _one_answer_in_two(t: Turn, pending) -> tuple[int, int] | None:
    """"la de 250, dos barras": an attribute that picks one option, then a count of what every option
    is called (the barra): (the option, the count)."""
    items = t.s.items
    if len(items) != 2 or items[0].quantity is not None or not items[0].phrase or not items[1].quantity:
        return None
    counted = [w for w in items[1].phrase.split() if w not in ("de", "del", "la", "el")]
    if not counted:
        return None
    picked = pick_option(t.box, t.s.message, pending.options, t.s.ordinal,
                         phrase=f"{items[0].phrase} {' '.join(counted)}")
    card = t.box.product_details(product_id=picked) if picked is not None else None
    if not isinstance(card, ProductCard) or not all(names_word(card, w) for w in counted):
        return None
    others = [c for c in (t.box.product_details(product_id=i) for i in pending.options if i != picked)
              if isinstance(c, ProductCard)]
    if others and not any(all(names_word(c, w) for w in counted) for c in others):
        return None  # ("el asado, y una papa salada" after the medio pollos: one of them and another thing)
    return picked, items[1].quantity


def _said_beyond(t: Turn, options: list[int], phrase: str) -> bool:
    """A word the customer said that no option's name has, while the options' siblings do."""
    from ...services.text import stem, tokens
    cards = [c for c in (t.box.product_details(product_id=i) for i in options) if isinstance(c, ProductCard)]
    if not cards:
        return False
    named = {stem(w) for c in cards for w in tokens(c.name)}
    family = tokens(cards[0].name)[:2]
    for word in product_phrase(phrase).split():
        if word.isalpha() and len(word) > 3 and stem(word) not in named and any(
                stem(word) in {stem(w) for w in tokens(r.name)}
                for r in t.box.search_products(query=" ".join(family + [word]), limit=5)):
            return True
    return False


def _quantity_for(t: Turn, picked: int, pending) -> int | None:
    """How many of the option picked: said with it, else a number that is not part of its name, else
    the number asked before."""
    s = t.s
    said = s.items[0].quantity if s.items and s.items[0].quantity else None
    card = t.box.product_details(product_id=picked)
    periods = periods_said(card, "", list(s.message.words), bare=said is None) \
        if isinstance(card, ProductCard) else None
    if periods:  # "por 2 noches" of the "Alquiler Carpa 2 Personas por Noche"
        return (said or 1) * periods
    return said or _number_outside_name(t, picked) or pending.quantity


def _option_with_every_word(t: Turn, options: list[int], phrase: str) -> int | None:
    """The one offered product whose name has every word said."""
    from ..resolution import has_every_word
    words = product_phrase(phrase)
    if not words:
        return None
    having = [i for i in options if isinstance(card := t.box.product_details(product_id=i), ProductCard)
              and has_every_word(card, words)]
    return having[0] if len(having) == 1 else None


def _any_number(s) -> int | None:
    """"póngame dos de esas": the number said with a pointing word ("alquíleme la de 4": which one, not
    how many)."""
    words = list(s.message.words)
    for i in range(len(words)):
        parsed = parse_number_at(words, i)
        if parsed and 0 < parsed[0] <= 1000 and not (i and (words[i - 1] in lexicon.words("number_is_what") or
                                                         words[i - 1] in ATTRIBUTE_LEADS
                                                         or words[i - 1] in lexicon.words("speaker_has")
                                                         or _an_hour_at(words, i)
                                                         or s.message.after_its_letter(i))):
            # ("…, tengo 16": what the customer has or how old, not how many)
            return parsed[0]
    return None


def _an_hour_at(words: list[str], i: int) -> bool:
    """"apartamelo pal sábado a las 10": the number is an hour."""
    return i > 1 and words[i - 2] in ("a", "tipo") and words[i - 1] in ("la", "las")


def _numbers(s) -> set[int]:
    words = list(s.message.words)
    return {parsed[0] for i in range(len(words)) if (parsed := parse_number_at(words, i))}


def _pointing() -> set[str]:
    from .. import lexicon
    return set(lexicon.words("pointing")) | {"de", "los", "las", "el", "la", "uno", "una", "unos", "unas", "ellos",
                                              "ellas"}


def _number_outside_name(t: Turn, product_id: int) -> int | None:
    """In "dame 2 de los de galón", the 2 is how many (it is not in the name)."""
    card = t.box.product_details(product_id=product_id)
    if isinstance(card, ToolError):
        return None
    from ...services.text import tokens
    in_name = set(tokens(card.name))
    words = list(t.s.message.words)
    for i, word in enumerate(words):
        parsed = parse_number_at(words, i)
        if parsed and word not in in_name and 0 < parsed[0] <= 1000 and not _an_hour_at(words, i) \
                and not (words[i - 1:i] == ["de"] and i > 1 and words[i - 2] in lexicon.words("purpose_copula")):
            return parsed[0]  # (not "la grande, es de dos pisos": what the thing is like; nor "a las 10")
    return None


def _one_of_each(t: Turn, pending: Pending) -> bool:
    """"póngame esas dos", "deme los dos" right after two products were shown: a count that is the
    number of options, no product named, pointed at with "esas" or "los"."""
    s, words = t.s, t.s.message.words
    if pending.action not in ("add", "info") or len(pending.options) < 2 or len(s.items) != 1 \
            or s.items[0].phrase or s.items[0].quantity != len(pending.options) or s.question:
        return False
    at = next((i for i, w in enumerate(words) if parse_number_at(list(words), i) is not None), None)
    return at is not None and at > 0 and (words[at - 1] in lexicon.words("pointing")
                                          or (words[at - 1] in ("los", "las") and len(pending.options) == 2))
    # ("deme los 3" after three shown is 3 of the one talked about)


def _other_number(card: ProductCard, phrase: str) -> bool:
    """The words say a number the product's name does not have ("las de 4 mm" beside the 5 mm)."""
    from ...services.text import tokens
    return any(w.isdigit() and w not in tokens(card.name) for w in phrase.split())


def _apply_choice(t: Turn, product_id: int, pending: Pending, quantity: int | None) -> bool:
    t.state.release()
    unit = pending.unit or next((i.unit for i in t.s.items if i.unit in GROUPS), None)  # "dos cientos": 200
    card = t.box.product_details(product_id=product_id)
    if isinstance(card, ToolError):
        t.say_text(t.v.error(card.code))
        return True
    if pending.action == "info":
        from .answers import describe
        describe(t, [card])
        return True
    if pending.blocking:  # asked again before the read-back: add it and read the order back
        if put(t, card, quantity, unit, relative=True):
            from .checkout import proceed
            proceed(t)
        return True
    if put(t, card, quantity, unit, relative=pending.action != "set"):
        summary(t, ask_next=t.state.pending is None)
    if pending.action == "quote":
        quote(t, items_done=True)
    return True


def answer_offer(t: Turn) -> bool:
    """"¿Desea que le agregue esas 150?" → "sí" adds exactly those."""
    pending = t.state.pending
    s = t.s
    named = any(i.phrase for i in s.items)
    offered = t.box.product_details(product_id=pending.product_id)
    at_least = isinstance(offered, ProductCard) and minimum_quantity(offered) == pending.quantity
    # (the fewest sold offered, where more may be asked: "¿te agrego 4?" of the tour "(mínimo 4 personas)")
    amount = s.bare_quantity or (s.quantity_change[0] if s.quantity_change and not s.quantity_change[1] else None) \
        or (_any_number(s) if not named else None) \
        or (party_size(list(s.message.words)) if at_least else None)  # "no, entonces deme solo 2"; "somos 6"
    if amount and (amount < (pending.quantity or 0) if at_least else amount > (pending.quantity or 0)):
        amount = None
    if amount is None and pending.quantity and pending.quantity in _numbers(s):
        amount = pending.quantity  # "bueno, mándeme los 15 y al otro le busco otra talla": the 15 offered
    if not (amount or (s.confirm and not s.items)) or s.removals is not None or s.cancel or s.question \
            or (s.finish and not amount):
        return False  # ("listo, eso es todo" closes the order; it does not take the units offered)
    t.state.release()
    card = t.box.product_details(product_id=pending.product_id)
    if isinstance(card, ToolError):
        t.say_text(t.v.error(card.code))
        return True
    from ..understanding.items import content
    rest = [i for i in s.items if i.phrase and not all(names_word(card, w) for w in content(i.phrase.split()))
            or (i.phrase and _other_number(card, i.phrase))]  # ("… y complete con 2 de las de 4 mm")
    line = next((ln for ln in t.order().lines if ln.product_id == card.id), None)
    whole = line is not None and card.stock is not None and line.quantity + (amount or pending.quantity) > card.stock
    # ("mejor 4" → "solo tengo 3" → "bueno, los 3 entonces": the line becomes the 3 there are)
    taken = put(t, card, amount or pending.quantity, None, relative=not whole)
    replaced = next((ln for ln in t.order().lines if ln.product_id == pending.replaces), None) if taken else None
    if replaced is not None and replaced.product_id != card.id:  # the swap the minimum held back
        t.box.remove_from_order(product_id=replaced.product_id)
        t.say("removed", name=replaced.name)
    if rest:  # "bueno, deme los 2 negros y uno blanco": the 2 offered, and the white one too
        buy(t, changed=taken, previous=card, only=rest)
    elif taken:
        summary(t, ask_next=True)
    return True


# --- changing the order -------------------------------------------------------------------------------

def summary(t: Turn, ask_next: bool) -> None:
    order = t.order()
    if not order.lines:
        t.ask("empty_order")
        return
    t.say_text(t.v.say("order_so_far") + "\n" + t.v.order_lines(order))
    if ask_next:
        t.ask("anything_else")


def target_line(t: Turn, phrase: str | None):
    """The order line a change talks about: named, else the last touched, else the only one."""
    lines = t.order().lines
    if not lines:
        return None
    ids = [ln.product_id for ln in lines]
    if phrase and all(w[:1].isdigit() or w in ("de", "del") for w in phrase.split()):
        from ...services.text import tokens
        said = {w for w in phrase.split() if w[:1].isdigit()}  # "quite la de 25": the line named with 25
        named = [ln for ln in lines if said <= set(tokens(ln.name))]
        return named[0] if len(named) == 1 else None
    if phrase:
        from ...services.text import stem, tokens
        found = resolve(t.box, phrase, within=ids)
        everyday = lexicon.everyday_words()
        words = [w for w in phrase.split() if w.isalpha() and len(w) > 2 and w not in everyday]
        named = {stem(w) for w in tokens(found.product.name)} if found.product else set()
        if found.product and (not words or any(names_word(found.product, w) or stem(w) in named for w in words)):
            return next(ln for ln in lines if ln.product_id == found.product.id)  # ("las de champaña": "… para Champaña")
        among = {o.id for o in found.options}
        headed = [ln for ln in lines if found.product is None and (not among or ln.product_id in among) and words
                  and stem(words[0]) == stem(tokens(ln.name)[0])]
        if len(headed) == 1:  # "quite el empaque": the "Empaque de Regalo …" ("empaque" also reads as a verb);
            return headed[0]  # "las cremalleras" beside the "Cambio de cremallera …": the ones called so
        return None  # ("quite el dispensador": not the "Bomba Manual" of the section "Dispensadores y Bombas")
    if len(lines) == 1:
        return lines[0]
    if t.state.focus in ids:
        return next(ln for ln in lines if ln.product_id == t.state.focus)
    return None


def replace_lines(t: Turn) -> None:
    """"prefiero el combo en lugar de esos dos productos", "deme la de 5 galones en vez del balde": the
    product wanted goes in, the lines it takes the place of go out (in one turn: nothing half done)."""
    from ..understanding.items import extract_item_requests
    wanted_text, replaced_text = t.s.instead_of
    wanted = [i for i in extract_item_requests(wanted_text) if i.phrase]
    counted = _line_of_count(t.order().lines, replaced_text.split())  # "en vez de los 2 kilos"
    replaced = [counted] if counted is not None else _lines_pointed(t, replaced_text)
    if len(wanted) != 1 or not replaced:
        buy(t)
        return
    found = resolve(t.box, wanted[0].phrase, unit=wanted[0].unit, quantity=wanted[0].quantity)
    talked = [o for o in found.options if o.id in t.state.discussed]
    if found.ambiguous and len(talked) == 1:  # "el combo": the one just asked about
        found = Resolution(product=talked[0], phrase=found.phrase)
    if found.ambiguous:
        ask_choice(t, found, wanted[0].quantity, wanted[0].unit, "add")
        return
    if found.product is None:
        not_found(t, found.phrase or wanted[0].phrase)
        return
    one = bool({"el", "la", "un", "una"} & set(wanted_text.split()))  # "mejor el pepperoni de 250 en vez
    # de los dos de 125": one of it
    quantity = wanted[0].quantity or (replaced[0].quantity if len(replaced) == 1 and counted is None and not one
                                      else 1)
    if not put(t, found.product, quantity, wanted[0].unit, relative=False):
        return  # (refused or asked: the lines it was to replace stay)
    for line in replaced:
        if line.product_id != found.product.id:
            t.box.remove_from_order(product_id=line.product_id)
            t.say("removed", name=line.name)
    t.state.focus = found.product.id
    summary(t, ask_next=True)


def _lines_pointed(t: Turn, text: str) -> list:
    """The order lines "esos dos productos", "eso", "la regadera" point at: a count with a pointing word is
    that many of the last lines; a pointing word alone, the line last touched; else the line named."""
    from ..understanding.numbers import words_to_int
    lines = t.order().lines
    words = text.split()
    if set(words) & lexicon.words("pointing"):
        count = next((n for w in words if (n := words_to_int(w)) and 1 < n <= len(lines)), None)
        if count:
            return list(lines[-count:])
        line = target_line(t, None)
        return [line] if line is not None else []
    line = target_line(t, text)
    return [line] if line is not None else []


def _line_of_count(lines, words: list[str]):
    """"en vez de los 2 kilos": the only line of that many (a count and its unit, no product named)."""
    said = [w for w in words if w not in lexicon.words("article")]
    parsed = parse_number_at(said, 0) if said else None
    units = lexicon.words("measure") | lexicon.words("unit_of_sale")
    if parsed is None or not all(w in units for w in said[parsed[1]:]):
        return None
    counted = [ln for ln in lines if ln.quantity == parsed[0]]
    return counted[0] if len(counted) == 1 else None


def change_quantity(t: Turn) -> None:
    quantity, phrase = t.s.quantity_change
    lengths = lexicon.table("period_days")
    if phrase and all(singular_stem(w) in lengths for w in phrase.split()):
        phrase = ""  # "mejor que sean 2 meses": how long, never a line named "meses"
    lines = t.order().lines
    line = target_line(t, phrase or None) if phrase or len(lines) == 1 else None
    if line is None and not phrase and t.s.message.words[-1] in lexicon.words("people") | lexicon.words("adult"):
        line = next((ln for ln in lines if ln.product_id == t.state.focus), None)  # "perdón, son 4 padrinos":
        # the line just counted by its people
    if line is None and phrase and lines and _names_something(t, phrase):
        from ..understanding.items import ItemRequest, extract_item_requests
        # "ponle 4 paletas de limón": none in the order yet; "ponle 2 paquetes de trident": in its unit
        said = [i for i in extract_item_requests(t.s.message) if i.quantity == quantity and i.phrase]
        buy(t, only=said[:1] if len(said) == 1 else [ItemRequest(quantity, phrase, True, None)])
        return
    rented = _lines_of_the_period_said(t, quantity) if line is None and not phrase else []
    if rented:  # "mejor que sean 3 días, el carro y el conductor": every line by the day, for 3 days
        changed = False
        for card in rented:
            changed |= put(t, card, quantity, None, relative=False)
        if changed:
            summary(t, ask_next=True)
        return
    if line is None:
        if not lines:
            t.ask("empty_order")
        else:
            t.state.ask(Pending(PendingKind.CHOICE, options=[ln.product_id for ln in lines], quantity=quantity,
                                action="set"))
            t.say_text(t.v.say("which_to_change") + "\n" + t.v.order_lines(t.order()))
            t.asked = True
        return
    card = t.box.product_details(product_id=line.product_id)
    if isinstance(card, ToolError):
        t.say_text(t.v.error(card.code))
        return
    group = next((w for w in t.s.message.words if w in GROUPS), None)  # "que sean 2 millares": of the x1000
    if set(t.s.message.words) & lexicon.words("dozen") and _dozen_size(card) == 12 and quantity % 12 == 0:
        quantity, group = quantity // 12, None  # "no, mejor 8 docenas" of the "Copa de Vino (docena)": 8 of it
        lines = None
    else:
        lines = repacked(t, card, quantity) if group is None else None
    if lines:  # "mejor que sean 12" of the media docena: the docena
        short = next(((new, count) for new, count in lines if new.stock < count), None)
        if short is not None:  # the shortage said, the line as it was
            put(t, short[0], short[1], None, relative=False)
            return
        t.box.remove_from_order(product_id=line.product_id)
        t.say("removed", name=line.name)
        for new, count in lines:
            put(t, new, count, None, relative=False)
        summary(t, ask_next=True)
        return
    if put(t, card, quantity, group, relative=False):
        summary(t, ask_next=True)


def _lines_of_the_period_said(t: Turn, quantity: int) -> list[ProductCard]:
    """"mejor que sean 3 días": the order's lines priced by the period said right after the count (the car
    and the driver by the day; not the delivery by trip), when more than one is."""
    words = list(t.s.message.words)
    lengths = lexicon.table("period_days")
    said = {lengths[singular_stem(words[parsed[1]])] for i in range(len(words))
            for parsed in [parse_number_at(words, i)] if parsed and parsed[0] == quantity
            and parsed[1] < len(words) and singular_stem(words[parsed[1]]) in lengths}
    if len(said) != 1:
        return []
    cards = [c for ln in t.order().lines if isinstance(c := t.box.product_details(product_id=ln.product_id), ProductCard)]
    by_it = [c for c in cards if _period_length(c) in said]
    return by_it if len(by_it) > 1 else []


def instead_variant(t: Turn) -> str | None:
    """"no, mejor en leche" right after "2 jugos de mora en agua": the words of the sibling wanted
    instead of the line just changed (no verb, no product of another kind named)."""
    return t.remember("instead_variant", lambda: _instead_variant(t))


def _instead_variant(t: Turn) -> str | None:
    s = t.s
    if s.question or s.buy or len(s.items) != 1 or not s.items[0].phrase or s.items[0].quantity is not None \
            or not lexicon.words("rather") & set(s.message.words) or not t.state.focus:
        return None
    line = next((ln for ln in t.order().lines if ln.product_id == t.state.focus), None)
    current = t.box.product_details(product_id=line.product_id) if line else None
    if not isinstance(current, ProductCard) or names_word(current, s.items[0].phrase.split()[0]):
        return None
    found = variant_of(t.box, current, s.items[0].phrase)
    return s.items[0].phrase if found.product is not None and found.product.id != current.id else None


def _line_talked_about(t: Turn):
    """The order's line of the product talked about, or its only line."""
    lines = t.order().lines
    return next((ln for ln in lines if ln.product_id == t.state.focus), None) or (lines[0] if len(lines) == 1 else None)


def swaps_to_size(t: Turn) -> bool:
    """"cámbielo por el 42": the line talked about has a sibling named by that number (a size, not a count)."""
    line = _line_talked_about(t)
    current = t.box.product_details(product_id=line.product_id) if line else None
    if not isinstance(current, ProductCard) or t.s.swap.split()[0] in current.name.split():
        return False
    found = _sibling(t, current, t.s.swap).product
    return found is not None and t.s.swap.split()[0] in found.name.split()


def _sibling(t: Turn, current: ProductCard, said: str) -> Resolution:
    """The sibling of the line's product that the words name (looked up once per turn)."""
    return t.remember(("sibling", current.id, said), lambda: variant_of(t.box, current, said))


def swap(t: Turn, said: str | None = None) -> None:
    """"cámbiemelo por la talla L": the line's product for its sibling, same quantity."""
    said = _without_kept(said or t.s.swap)  # "por el dorado del mismo tamaño": the gold one, that size
    line = _line_named_before(t, "por") or _line_of_the_kind(t, said) or _line_talked_about(t)
    if line is None:
        t.say_text(t.v.say("which_to_change") + "\n" + t.v.order_lines(t.order()))
        t.asked = True
        return
    if _inside_the_line(t, line, "por"):  # "¿me cambia la papa salada por ensalada?" of the combo that
        from .answers import company      # brings it: a change inside the line, the shop's rule for it
        company(t)
        summary(t, ask_next=True)
        return
    current = t.box.product_details(product_id=line.product_id)
    shown = _shown_one(t) if set(said.split()) <= _pointing() else None
    if shown is not None and shown.id != line.product_id:  # "cámbiamela por esa": the one just shown
        found = Resolution(product=shown, phrase=said)
    else:
        found = _sibling(t, current, said) if not isinstance(current, ToolError) else Resolution()
    if found.product is None and not found.ambiguous:  # "cambialos por vasos medianos": another product
        found = resolve(t.box, said)
    if found.product is None:
        if found.ambiguous:
            ask_choice(t, found, line.quantity, None, "add")
        else:
            not_found(t, said)
        return
    quantity = _one_unit_instead(t) or line.quantity
    if _below_minimum(t, found.product, quantity, replaces=line.product_id):  # (10 at least: the swap waits)
        return
    added = t.box.add_to_order(product_id=found.product.id, quantity=quantity)
    if isinstance(added, ToolError):
        refused(t, found.product, added, quantity)
        return
    t.box.remove_from_order(product_id=line.product_id)
    t.say("removed", name=line.name)
    t.say("added", quantity=quantity, name=found.product.name, price=found.product.price_text)
    t.state.focus = found.product.id
    summary(t, ask_next=True)


def _without_kept(said: str) -> str:
    """The words without what stays as it is ("dorado del mismo tamaño" → "dorado")."""
    words = said.split()
    same = next((i for i, w in enumerate(words) if w in lexicon.words("same")), None)
    if same is None or same == 0:
        return said
    start = same - 1 if words[same - 1] in lexicon.words("of") | lexicon.words("article_or_pronoun") else same
    start = start - 1 if start > 0 and words[start - 1] in lexicon.words("of") else start
    return " ".join(words[:start] + words[same + 2:]) or said


def _line_named_before(t: Turn, word: str):
    """"cámbiame el vampiro por talla L": the one order line named before the word ("por")."""
    from ...services.text import STOPWORDS, stem, tokens
    words = list(t.s.message.words)
    if word not in words:
        return None
    said = {stem(w) for w in words[:words.index(word)] if w.isalpha() and len(w) > 3 and w not in STOPWORDS}
    named = [ln for ln in t.order().lines if said & {stem(w) for w in tokens(ln.name)}]
    return named[0] if len(named) == 1 else None


def _inside_the_line(t: Turn, line, word: str) -> bool:
    """The words before `word` name only what the line's name lists in parentheses ("papa salada" of the
    "Combo medio pollo asado (papa salada, arepa y gaseosa 400 ml)"): a part of it, not the line."""
    from ...services.text import STOPWORDS, stem, tokens
    from ..resolution import PARENTHESES
    words = list(t.s.message.words)
    if word not in words or "(" not in line.name:
        return False
    said = {stem(w) for w in words[:words.index(word)] if w.isalpha() and len(w) > 3 and w not in STOPWORDS}
    outside = {stem(w) for w in tokens(PARENTHESES.sub(" ", line.name))}
    inside = {stem(w) for part in PARENTHESES.findall(line.name) for w in tokens(part)}
    return bool(said & inside) and not said & outside


def _line_of_the_kind(t: Turn, said: str):
    """"cámbiela por la cabecera king" after a queen headboard and 3 metres of velvet: the one order
    line named as the product asked for is ("Forrado de Cabecera Queen" for the "Forrado de Cabecera
    King"), when the words name one product by themselves."""
    from ...services.text import stem, tokens
    named = [w for w in said.split() if w not in lexicon.words("article")]
    if len(named) < 2 or named[0] == "de":
        return None  # ("mejor ponme la de plata": of the one talked about)
    wanted = resolve(t.box, said).product
    if wanted is None:
        return None
    head = stem(tokens(wanted.name)[0])
    kind = [ln for ln in t.order().lines if ln.product_id != wanted.id and stem(tokens(ln.name)[0]) == head]
    return kind[0] if len(kind) == 1 else None


def _one_unit_instead(t: Turn) -> int | None:
    """"cambia las 3 libras por un kilo de deshuesada", "cambiame eso por la caja de 12": one of the new
    unit, not the old count."""
    words = t.s.message.words
    at = words.index("por") + 1 if "por" in words else len(words)
    units = lexicon.words("measure") | lexicon.words("unit_of_sale")
    return 1 if words[at:at + 1] in (("un",), ("una",), ("el",), ("la",)) and words[at + 1:at + 2] \
        and words[at + 1] in units else None


def remove(t: Turn) -> None:
    phrases = list(t.s.removals or [""])
    named = [i.phrase for i in t.s.items if i.phrase]
    if phrases == [""] and len(named) == 1 and _called_so(t, named[0]):
        phrases = named  # "la vitamina D está muy cara, quítela": that one (not "quítalo, too expensive")
    removed, gone = False, None
    taken_out = {w for p in phrases for w in p.split()}
    instead = (t.s.buy or t.s.strong_buy) and bool(t.s.message.verb_positions("buy")) and any(
        # not "ya no quiero la cadena" (the same words), nor "quite el empaque, mejor la envuelvo yo"
        i.phrase and not set(i.phrase.split()) & taken_out and _names_something(t, i.phrase) for i in t.s.items)
    pending = deque(phrases)
    while pending:
        phrase = pending.popleft()
        line = target_line(t, _named_part(phrase) or None)
        kind = _lines_described(t, phrase) if line is None and phrase else []
        if kind:  # "quíteme las gaseosas" with the "Colombiana 1.5 L" ("Gaseosa Colombiana …") in the order
            pending.extend(card.name for card in kind[1:])  # the others described so go after it
            line = next(ln for ln in t.order().lines if ln.product_id == kind[0].id)
        if line is None:
            if t.order().lines:
                if phrase:
                    t.say("not_in_order", phrase=phrase)
                else:
                    t.ask("which_to_remove")
            continue
        result = t.box.remove_from_order(product_id=line.product_id)
        if isinstance(result, ToolError):
            t.say_text(t.v.error(result.code, **result.params))
            continue
        t.say("removed", name=line.name)
        removed, gone = True, t.box.product_details(product_id=line.product_id)
    if instead:  # "quita la cadena enchapada, mejor ponme la de plata de 2 mm": the other one goes in
        buy(t, changed=removed, previous=gone if isinstance(gone, ProductCard) else None)
        return
    if removed and not t.order().lines and t.s.message.has("cancel"):
        t.box.cancel_order()  # "cancele eso" and nothing is left: the order is cancelled
        t.say("cancelled")
        t.state.reset()
    elif removed:
        summary(t, ask_next=bool(t.order().lines))
    elif not t.order().lines:
        t.ask("empty_order")


def _lines_described(t: Turn, phrase: str) -> list[ProductCard]:
    """The products in the order that no name calls so but whose descriptions start by saying what they
    are in the words said ("las gaseosas": the "Colombiana 1.5 L", "Gaseosa Colombiana familiar …"; never
    a phone whose description says it comes with a charger)."""
    from ...services.text import STOPWORDS, tokens
    from ..resolution import singular_stem
    said = {singular_stem(w) for w in tokens(phrase) if w.isalpha() and w not in STOPWORDS}
    cards = [t.box.product_details(product_id=ln.product_id) for ln in t.order().lines]
    return [c for c in cards if isinstance(c, ProductCard) and said
            and said <= {singular_stem(w) for w in tokens(c.description or "")[:len(said) + 1]}]


def take_fewer(t: Turn) -> None:
    """"quítele uno" after "mejor 4": 3 of that line; none left takes the line out."""
    lines = t.order().lines
    if not lines:
        t.ask("empty_order")
        return
    line = target_line(t, t.s.fewer_of) if t.s.fewer_of else _line_talked_about(t)
    if line is None and t.s.fewer_of:
        t.say("not_in_order", phrase=t.s.fewer_of)  # ("quitale una cremallera" with none in the order)
        return
    if line is None:
        t.ask("which_to_remove")
        return
    left = line.quantity - t.s.fewer
    if left <= 0:
        result = t.box.remove_from_order(product_id=line.product_id)
        if isinstance(result, ToolError):
            t.say_text(t.v.error(result.code, **result.params))
            return
        t.say("removed", name=line.name)
        summary(t, ask_next=bool(t.order().lines))
        return
    card = t.box.product_details(product_id=line.product_id)
    if isinstance(card, ProductCard) and put(t, card, left, None, relative=False):
        summary(t, ask_next=True)


def _called_so(t: Turn, phrase: str) -> bool:
    """Some product found for the words, said before the removing verb, is called by them ("la vitamina D
    está muy cara, quítela"; not "quítalo, ya lo compró mi mamá")."""
    words = list(t.s.message.words)
    verb = next((i for i, lemma in enumerate(t.s.message.lemmas) if lemma in lexicon.lemmas("remove")), 0)
    if phrase.split()[0] not in words[:verb]:
        return False
    found = t.found(phrase)
    return any(called_by_head(c, phrase) for c in ([found.product] if found.product else found.options))


def _names_something(t: Turn, phrase: str) -> bool:
    found = t.found(phrase)
    return found.product is not None or bool(found.options)


def _named_part(phrase: str) -> str:
    """"eso que mi esposo ya compró uno": a pointing word names nothing (the last or only line)."""
    from .. import lexicon
    words = phrase.split()
    if words and words[0] in lexicon.words("pointing"):
        return ""
    kept = [w for w in words if w not in lexicon.words("loose")]  # "las cremalleras sueltas": the cremalleras
    return " ".join(kept) if kept else phrase


def empty(t: Turn) -> None:
    """"quita todo", "vacía el carrito": every line goes, the conversation goes on."""
    lines = t.order().lines
    for line in lines:
        t.box.remove_from_order(product_id=line.product_id)
    t.state.leave_checkout()
    t.ask("emptied" if lines else "empty_order")


def cancel(t: Turn) -> None:
    if t.order().lines:
        t.box.cancel_order()
        t.say("cancelled")
    else:
        t.say("nothing_to_cancel")
    t.state.reset()


def show_order(t: Turn) -> None:
    if not t.order().lines:
        t.ask("empty_order")
    else:
        summary(t, ask_next=True)


def quote(t: Turn, items_done: bool = False) -> None:
    if not items_done:
        for item in [i for i in t.s.items if i.phrase]:
            found = resolve(t.box, item.phrase, unit=item.unit)
            if found.ambiguous:
                ask_choice(t, found, item.quantity, item.unit, "quote")
                return
            if found.product is None:
                not_found(t, found.phrase or item.phrase)
                continue
            put(t, found.product, item.quantity, item.unit, relative=False)
    result = t.box.create_quote()
    if isinstance(result, ToolError):
        t.ask("quote_ask")
        return
    t.say_text(t.v.say("quote_ready") + "\n" + t.v.order_lines(result.order))
    t.say("quote_link", valid_until=result.valid_until, url=result.url)
    t.say("quote_next")


# --- services sold as catalogue lines -------------------------------------------------------------

def service_line(t: Turn) -> ProductCard | None:
    """"Y grábele las iniciales", "¿ustedes me la instalan?": the catalogue's line for a service the
    customer names with a verb ("Grabado de Iniciales", "Instalación de Puerta de Baño …"): its name
    starts with the verb's own word or family; of several, the one about the product talked about."""
    return t.remember("service_line", lambda: _service_line(t))


def _service_line(t: Turn) -> ProductCard | None:
    from ...services.text import content_stems, stem, tokens
    from ..resolution import same_word
    from ..understanding import lemmas
    common = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs") | lexicon.lemmas("availability") \
        | lexicon.lemmas("show") | lexicon.lemmas("price") | lexicon.lemmas("tell")
    words = list(t.s.message.words)
    said = {w: v for i, w in enumerate(words) if w.isalpha() and len(w) > 3
            and (v := lemmas.lemma(w) or (lemmas.infinitive_with_clitics(w) if _said_as_verb(w) else None)
                 or (w if words[i - 1:i] == ["a"] and not t.s.items and lemmas.is_infinitive(w) else None))
            # ("y que me lo vayan a colgar": nothing else named)
            and v not in common and not lemmas.first_person(w)}  # ("solo el rollo, que yo lo pongo": no service)
    fields = lexicon.words("customer_field")
    if any(set(words[i + 1:i + 3]) & fields for i, w in enumerate(words) if w in said):
        return None  # ("cámbienle la dirección a la Carrera 5 # 10-20": the data, not the "Cambio de llanta")
    if t.s.company_topics and "services" not in t.s.company_topics and "que" in words:
        said = {w: v for w, v in said.items() if w in words[:words.index("que")]}
        # ("pasame la dirección, que voy a que me cambien la pila": where the shop is, not the service)
    alone = not t.order().lines and not (t.s.take_it_first and t.state.focus)
    nouns = set(t.s.message.words) & lexicon.words("company.services") \
        if not alone or (t.s.message.has("buy") and not t.s.question and not t.s.items) else set()
    # ("mándeme la visita entonces": the "Visita técnica de diagnóstico", the shop's one visit)
    # ("agréguele la instalación" to the order, "mándamela con la instalación" with the one shown;
    # "4 arreglos de pie" in a flower shop are its products)
    if not said and not nouns:
        return None
    from ..tools import catalogue_words
    families = {word: {stem(verb)} | {m for f in lexicon.service_families() if any(same_word(stem(verb), x) for x in f)
                                      for m in f}
                for word, verb in [*said.items(), *((n, n) for n in nouns)]}
    known = catalogue_words(set().union(*families.values()))  # one read: most verbs name no product
    found = {}
    for word, verb in [*said.items(), *((n, n) for n in nouns)]:
        family = families[word]
        if not family & known:
            continue
        phrases = [i.phrase for i in t.s.items if i.phrase and word in i.phrase.split()]
        # ("me cambias el pin de carga del iphone": the pin among the shop's many "Cambio de …")
        for card in [c for query in (verb, *phrases) for c in t.box.search_products(query=query, limit=8)]:
            named = tokens(card.name)
            if named and any(same_word(stem(named[0]), f) for f in family) \
                    and (word in nouns or word not in named):  # ("detergente" names the product: no service)
                found[card.id] = card
    if not found or any(i.quantity for i in t.s.items):
        return None  # (a count said: the buying rules read it)
    if alone and not said and len(found) > 1:
        return None  # ("quiero la instalación" where several are sold: which one is asked)
    for item in t.s.items:  # "deme 2 espejos y me los instala": products named too, the buying rules
        service_said = set(said) | nouns if t.s.message.has("add_more") or t.s.message.has("buy") else set()
        if item.phrase and set(item.phrase.split()) & (lexicon.words("pointing") | service_said):
            continue  # ("la instalación de esa persiana": the one talked about; "¿ustedes la montan?": the service)
        named = t.found(item.phrase) if item.phrase else Resolution()
        if any(c.id not in found for c in ([named.product] if named.product else named.options)):
            return None
    numbers = [w for w in t.s.message.words if w[:1].isdigit()]
    fitting = [c for c in found.values() if any(has_every_word(c, n) for n in numbers)] if len(found) > 1 else []
    if len(fitting) == 1:  # "tengo un aire de 18000, necesito que me lo instalen": the "… 18.000 a 24.000 BTU"
        return fitting[0]
    about = set(content_stems(t.s.text))
    for product_id in [t.state.focus, *(ln.product_id for ln in t.order().lines)]:
        card = t.box.product_details(product_id=product_id) if product_id else None
        if isinstance(card, ProductCard):
            about |= set(content_stems(card.name))
    return _closest(list(found.values()), about, fewest=not t.s.question, said=set(content_stems(t.s.text)))


def _closest(cards: list[ProductCard], about: set[str], fewest: bool = True,
             said: set[str] = frozenset()) -> ProductCard | None:
    """The one card sharing most stems with the message (`said`), then with what is talked about, then,
    for an order (`fewest`), with the fewest other words ("Instalación de Cerradura o Chapa" for a
    cerradura, not "… Cerradura Digital, Electroimán …"; "que me instalen los 2 paneles" after a kit
    that holds panels and an inverter: the "Instalación por Panel"); a question about one of several is
    answered by the other routes."""
    from ...services.text import content_stems, sound
    def heard(stems) -> set[str]:  # ("la pantaya … orijinal": the pantalla, the original; never "500" as "5000")
        return {sound(s) if s.isalpha() else s for s in stems}

    def fit(card: ProductCard) -> tuple[int, int, int]:
        stems = set(content_stems(card.name))
        return len(heard(said) & heard(stems)), len(about & stems), -len(stems - about) if fewest else 0
    ranked = sorted(cards, key=fit, reverse=True)
    top = [c for c in ranked if fit(c) == fit(ranked[0])]
    return top[0] if len(top) == 1 else None


def _said_as_verb(word: str) -> bool:
    """A pronoun attached ("grábele", "instálenmela") or the ending of "they do" ("bordan", "arreglan"):
    a verb, where a bare "escobas" or "cintas" only looks like one."""
    from ..understanding import lemmas
    return word.endswith(("an", "en")) or lemmas.attached_pronouns(word)[0] is not None


def take_service(t: Turn, ordered: bool = False) -> None:
    """A service named by its verb: asked about ("¿me la instalan? ¿cuánto vale?"), it is described;
    asked for ("grábele las iniciales", "agréguele la instalación"), or `ordered` after the question,
    one is added."""
    card = service_line(t)
    message = list(t.s.message.words) if len(t.s.items) == 1 else None
    said = [(i.quantity, (n or 1) * periods if periods else n)
            for i in t.s.items for n, periods in [counted(card, i, message)]]
    count = next((n for quantity, n in said if quantity and n), None) or t.s.count_of_the \
        or next((n for _, n in said if n), None) or 1  # ("deseo dejar a lavar dos sleeping bags", "el guía 3 días")
    if count == 1 and not t.s.items:  # "que me instalen los 2 paneles" of the "Instalación por Panel"
        count = periods_said(card, "", list(t.s.message.words), bare=True) or 1
    if count == 1 and not any(i.quantity for i in t.s.items):
        count = _done_to_them(t) or 1
    if count == 1 and priced_by_area(card):  # "tengo un tapete de 2x3, me lo lavan": 6 m²
        count = area_said(list(t.s.message.words)) or 1
    if count == 1 and not any(i.quantity for i in t.s.items) and sold_by(card):
        count = _measured_like(t, card) or 1  # "y con instalación" after 2 m² of reja: 2 m² installed
    if (t.s.question or t.s.price) and not ordered:
        from .answers import describe
        if count > 1:  # "¿cuánto vale la instalación de las dos?"
            t.say("price_total", quantity=count, name=card.name, total=format_cop(card.price * count))
        describe(t, [card])
        t.state.focus = card.id
        return
    shown = _taken_first(t, card)
    if shown is not None:
        count = max(count, shown)  # "mándamelas con la instalación" after 2: both installed
    if put(t, card, count, None, relative=False) or shown:  # ("agrégale la instalación de las dos")
        summary(t, ask_next=True)


def _done_to_them(t: Turn) -> int | None:
    """"tengo 2 aires de 24000, necesito que me los instalen": the service done to each of the things
    counted, when the verb takes them as a plural ("me los instalen", "instálemelas")."""
    from ..understanding import lemmas
    words = list(t.s.message.words)
    plural = lexicon.words("article_or_pronoun") - {"la"}
    them = any(w in plural and lemmas.lemma(after) for w, after in zip(words, words[1:])) \
        or any(w.endswith(tuple(plural)) and lemmas.infinitive_with_clitics(w) for w in words if len(w) > 5)
    if not them:
        return None
    for i in range(len(words) - 1):
        parsed = parse_number_at(words, i)
        if parsed is None or parsed[0] < 2 or parsed[1] >= len(words) or (i and words[i - 1] in lexicon.words("of")):
            continue
        following = words[parsed[1]]
        return parsed[0] if following.isalpha() and following not in lexicon.words("measure") \
            and following not in lexicon.words("measure_of_sale") else None
    return None


def _taken_first(t: Turn, service: ProductCard) -> int | None:
    """"mándamela con la instalación": the product shown goes in first; how many were taken."""
    if not t.s.take_it_first or t.state.focus in (None, service.id) \
            or any(ln.product_id == t.state.focus for ln in t.order().lines):
        return None
    card = t.box.product_details(product_id=t.state.focus)
    pending = t.state.pending
    quantity = (pending.quantity if pending and pending.options == [t.state.focus] else None) or 1
    t.state.release()
    return quantity if isinstance(card, ProductCard) and put(t, card, quantity, None, relative=False) else None
