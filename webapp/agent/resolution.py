"""From a customer's words to one product, several to choose from, or none.

Safety rule: the words that decide are product words. Words the lexicon knows as ordinary
Spanish (verbs in any form, fillers, order words…) never pick a product, so "¿me lo
llevo?" can never turn into a line for a product whose name merely looks like "llevo".
When unsure — a weak match, several close options — the caller asks instead of adding.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..services.text import STOPWORDS, fold, sound, stem, tokens
from . import lexicon
from .tools import ProductCard, Toolbox
from .understanding.items import ATTRIBUTE_LEADS, POSSESSIVES, content
from .understanding.dates import date_span
from .understanding.numbers import GROUPS, NUMBER_WORDS, parse_number_at, words_to_int

CLEAR_LEAD = 1.0
OPTION_SHARE = 0.6
MIN_COVERAGE = 0.5       # at least half of the customer's product words must be found in the product…
MIN_NAME_COVERAGE = 0.6  # …or most of the product's name must be in what the customer wrote
MAX_OPTIONS = 5


@dataclass
class Resolution:
    product: ProductCard | None = None
    options: list[ProductCard] = field(default_factory=list)
    phrase: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.product is None and len(self.options) > 1


COLLOQUIAL_PREPOSITIONS = frozenset({"pa", "pal", "pa'l"})


HALF_POUND = re.compile(r"\b(?:una? )?medi[ao] libra(?: de)?\b")


PURPOSE_LEADS = frozenset({"para", "pa", "pal"})  # what the thing is for, or whom, follows
SUBJECT_AND_CLITICS = frozenset({"yo", "nosotros", "lo", "la", "los", "las", "me", "nos", "se", "le", "les"})


def own_doing_at(words: list[str], i: int) -> bool:
    """"… que estoy de visita", "… que yo lo pongo": at `i` a "que" and what the customer does or is
    (a verb said of oneself, after "yo" or a pronoun), never what the product is."""
    from .understanding import lemmas
    verb = next((w for w in words[i + 1:i + 4] if w not in SUBJECT_AND_CLITICS), "")
    return words[i:i + 1] == ["que"] and lemmas.first_person(verb)


def purpose_at(words: list[str]) -> int | None:
    """Where what the thing is for starts ("un kilo de tomate pal guiso": at "pal"); never the first word."""
    return next((i for i, w in enumerate(words) if i > 0 and w in PURPOSE_LEADS), None)
OPPOSITE_MARKS = {"con": "sin", "sin": "con"}  # "con azúcar" / "sin azúcar": a variant by what it has or lacks


def _infinitive_with_pronoun(word: str) -> bool:
    """"colgarlo", "regalársela": an infinitive with pronouns attached (what the product is for)."""
    from .understanding import lemmas
    return word.endswith(tuple(lexicon.words("pronoun.clitic"))) \
        and any(lemmas.is_infinitive(word[:end]) for end in range(-2, -7, -1) if len(word) + end > 3)


def _heads_names(box: Toolbox, word: str) -> bool:
    """Some product's name starts with the word ("Mantenimiento Preventivo …")."""
    return any(tokens(r.name)[:1] == [word] for r in box.search_products(query=word, limit=8))



@lru_cache(maxsize=1)
def _length_of_time() -> re.Pattern:
    """"de media hora", "de una hora": a length of time said in words (lexicon `duration_said`)."""
    return re.compile(r"\bde (" + "|".join(map(re.escape, lexicon.table("duration_said"))) + r")\b")


def _as_named(said: re.Match) -> str:
    """"de media hora" → "de 30 min", "de una hora" → "de 1 hora": as names write it."""
    minutes = lexicon.table("duration_said")[said.group(1)]
    hour = next((w for w in said.group(1).split() if duration_key(w) == "hour"), None)
    minute = min(lexicon.values("duration_same", "minute"), key=len)
    return f"de {minutes // 60} {hour}" if hour and minutes % 60 == 0 else f"de {minutes} {minute}"


def _without_from_now(words: list[str]) -> list[str]:
    """"… para dentro de 2 horas": a time from now (the lexicon's `from_now`, "de", a count, a time word)
    is when, never a number or a length of time that names a line; "más o menos" (`about`) says roughly."""
    for i, word in enumerate(words[:-3]):
        if word in lexicon.words("from_now") and words[i + 1] == "de" and (
                duration_key(words[i + 3]) is not None or words[i + 3] in lexicon.words("time_noun")):
            words = words[:i] + words[i + 4:]
            break
    for phrase in (p for p in lexicon.phrases("about") if len(p) > 1):  # "¿y la escalera más o menos …?": roughly
        size = len(phrase)
        words = next((words[:i] + words[i + size:] for i in range(len(words) - size + 1)
                      if tuple(words[i:i + size]) == phrase), words)
    return words


def _without_periods_counted(words: list[str]) -> list[str]:
    """"la hilux 2 días", "2 semanas del picanto": a count of periods a line is rented by (lexicon
    `period_days`) says for how long; "de 7 días" after a name still says which ("la tarifa de 7 días")."""
    periods = lexicon.period_words()
    for i in range(len(words) - 1):
        parsed = parse_number_at(words, i)
        if parsed is None or parsed[1] >= len(words) or words[parsed[1]] not in periods \
                or (i and words[i - 1] in ("de", "del")):
            continue
        return words[:i] + _without_periods_counted(words[parsed[1] + 1:])
    return words


def product_phrase(phrase: str) -> str:
    """The customer's phrase without the words that cannot name a product (sizes and numbers stay:
    "negra talla s", "cuaderno de 100 hojas")."""
    phrase = re.sub(r"(?:\b(?:un|una|1) )?\b(litro|kilo|metro|galon|libra|caballo)s? y medi[oa]\b", r"1.5 \1", phrase)
    phrase = _length_of_time().sub(_as_named, phrase)
    phrase = CLOCK_HOURS.sub(" ", phrase)  # "una cancha de 5 el sábado de 7 a 9 de la noche": when, not which
    words = _without_from_now([w for w in phrase.split() if w not in lexicon.words("please")])
    dated = _without_dates(words)
    words = _without_periods_counted(dated)  # "la hilux 2 días": for how long, not which
    words = words if content(words) else dated  # (but "la bodega por 2 meses": the months name it, as before)
    # ("una media lechona porfa pal viernes"; "dentro de 2 horas": when, not which)
    from .understanding import lemmas
    if len(words) > 2 and words[1] in ("a", "al", "pa", "pal", "para", "hasta") \
            and words[0] in lexicon.words("travel_to"):
        words = words[2:]  # "ir a manizales solo ida": the trip, not the verb ("ir" is in no name)
    for i, word in enumerate(words[:-1]):
        if i > 0 and word in ("para", "pa") and (lemmas.lemma(words[i + 1]) is not None
                                                  or lemmas.is_infinitive(words[i + 1])
                                                  or _infinitive_with_pronoun(words[i + 1])):
            words = words[:i]  # "popsockets pa regalar en el cumple": what it is for is not the product
            break
        if i > 0 and word in ("para", "pa", "a") and words[i + 1] in POSSESSIVES and words[i + 2:i + 3] and (
                words[i + 2] in lexicon.words("people") | lexicon.words("vocative")):
            words = words[:i]  # "el acordeón panther pa mi hijo que va a empezar", "… a mi novia": who it is for
            break
        if i > 0 and word in ("para", "pa") and words[i + 1] in ("los", "las") and words[i + 2:i + 3] \
                and words[i + 2].isdigit():
            words = words[:i]  # "los globos del 5 y del 0 para los 50 de mi papá": the occasion
            break
        if i > 0 and own_doing_at(words, i):
            words = words[:i]  # "el plan semana que estoy de visita en Cali": why, not which ("solo el
            break  # rollo, que yo lo pongo": who does it)
        if i > 0 and word in PURPOSE_LEADS and all(w in lexicon.words("filler") | lexicon.words("when")
                                                            or w in lexicon.words("article") for w in words[i + 1:]):
            words = words[:i]  # "una docena de rosas rojas pa hoy", "un pase día pa mañana": when, not which
            break
    # "cargador pal carro": a word of the order ("carro", "canasta") is what it is for, after "para"
    purpose = {nxt for w, nxt in zip(words, words[1:] + [""])
               if w in {"para", "pal", "pa"} and nxt in lexicon.words("order_word")}
    purpose |= {w3 for w, w2, w3 in zip(words, words[1:], words[2:])
                if w in {"para", "pa"} and w2 in ("el", "la") and w3 in lexicon.words("order_word")}
    for_a_purpose = len(words) > 1 and words[1] in PURPOSE_LEADS  # ("tarjetas pa mi emprendimiento")
    shop_word_first = bool(words) and words[0] in lexicon.words("company") and words[0].endswith("s")  # "tarjetas"
    words = [w for w in words if w not in COLLOQUIAL_PREPOSITIONS]  # "pa", "pal": as "para" (a stopword)
    kept = [w for w in content(words) if w not in lexicon.words("pointing")]  # "pa ese mismo cel"
    if len(words) == 1 and words[0].isalpha() and words[0] in NUMBER_WORDS:
        return words[0]  # "y un uno": only a number word said as the thing wanted is its name
    if not kept and not (shop_word_first and (len(words) == 1 or for_a_purpose)):
        # "la de 3 litros", "el de 0.80 x 1.60": only the size, among the options shown
        sizes = [f"{a} {b}" for a, b in zip(words, words[1:]) if a[0].isdigit() and _key(b) in MEASURES]
        sizes += [f"{a} x {c}" for a, b, c in zip(words, words[1:], words[2:])
                  if b == "x" and a[0].isdigit() and c[0].isdigit()]
        # ("la lista de 0.80 x 1.60": of a size, a word of the order is the product's, not the cart)
        named = [w for w, nxt, after in zip(words, words[1:], words[2:])
                 if w in lexicon.words("order_word") and nxt == "de" and after[0].isdigit()]
        return " ".join(named + sizes)
    keep = set(kept) | purpose | {w for w in words if w[0].isdigit() or w in lexicon.words("measure")}
    keep |= {w for i, w in enumerate(words) if i > 1 and words[i - 2] == "de" and words[i - 1][:1].isdigit()
             and duration_key(w) is not None and not set(words[i - 3:i - 2]) & lexicon.words("from_now")}
    # ("el trío de 30 minutos", "turno de 4 horas": which one, not how long; "dentro de 3 horas": when)
    # "do carrito metaliko": a word of the order said right before a product word names the product
    keep |= {w for w, nxt in zip(words, words[1:]) if w in lexicon.words("order_word") and nxt in kept}
    keep |= {words[i + 1] for i, w in enumerate(words[:-1]) if w in ATTRIBUTE_LEADS}
    if shop_word_first and (len(words) == 1 or words[1] in kept or for_a_purpose):
        keep.add(words[0])  # "tarjetas brillantes": a shop word first, said with what it is like, is the product
    # "lentes de contacto": a shop word after "de" says what kind the product named before it is
    keep |= {words[i + 1] for i, w in enumerate(words[:-1])
             if w in ("de", "del") and i > 0 and words[i - 1] in keep and words[i + 1] in lexicon.words("company")}
    # a letter written with a number is part of a reference ("428H", "4T", "20W-50")
    keep |= {w for i, w in enumerate(words) if len(w) == 1 and w.isalpha() and (
        (i > 0 and words[i - 1][0].isdigit()) or (i + 1 < len(words) and words[i + 1][0].isdigit())
        or (i > 0 and (words[i - 1] in ("en", "tipo") or (i == len(words) - 1 and w not in "yoxqdkp"))))}
    # ("el candado en U", "un cable tipo C", "vitamina E": a letter that is a shape or a kind)
    # between two product words, an everyday word is an attribute ("lente claro", "pan bueno")
    inside = [i for i, w in enumerate(words) if w in keep]
    if inside:
        for i in range(inside[0] + 1, len(words)):
            word = words[i]
            if word.isalpha() and word not in STOPWORDS and word in lexicon.words("confirm") | lexicon.words("filler") \
                    and word not in lexicon.words("pointing"):
                keep.add(word)
    return " ".join(w for w in words if w in keep)


def same_as(phrase: str, reference: ProductCard | None) -> str:
    """"un collar rojo de la misma talla", "el abatible del mismo color": the size or colour of the
    product just shown or added, written in."""
    words = phrase.split()
    if reference is None or not {"mismo", "misma"} & set(words):
        return phrase
    name = tokens(reference.name)
    size = name[name.index("talla") + 1] if "talla" in name[:-1] else None
    colours = {stem(c) for c in lexicon.words("colors")}
    colour = next((w for w in name if stem(w) in colours), None)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ("mismo", "misma") and following in ("talla", "color", "medida", "tamaño", "tamano"):
            while out and out[-1] in ("de", "del", "en", "la", "el"):
                out.pop()  # "de la misma talla" → "talla s"
            if following == "talla":
                out += ["talla", size] if size else []
            elif following == "color":
                out += [colour] if colour else []
            else:  # "una linglong de la misma medida": the numbers of the size ("265/70 R16")
                out += [w for w in name if w[:1].isdigit() or re.fullmatch(r"r\d+", w)]
            i += 2
            continue
        out.append(word)
        i += 1
    return " ".join(w for w in out if w)


def resolve(box: Toolbox, phrase: str, within: list[int] | None = None, unit: str | None = None,
            quantity: int | None = None, reference: ProductCard | None = None) -> Resolution:
    """One product when the words pick it out clearly; otherwise the options to ask about.
    `reference`: the product just named, whose model words may tell the options apart."""
    phrase = " ".join(_without_this_period(_as_the_catalogue_spells(phrase).split()))  # ("… de este mes": when)
    named = _named_before_where(box, phrase, within, unit, quantity)
    if named is not None:
        return named
    per = _per_period(box, phrase, within, unit, quantity, reference)
    if per is not None:
        return per
    found = _resolve(box, phrase, within, unit, quantity, reference)
    first = phrase.split()[:1]
    if first and first[0] in lexicon.words("company") and first[0] not in product_phrase(phrase).split() \
            and (found.product is None or first[0] not in tokens(found.product.name)) and _heads_names(box, first[0]):
        # "mantenimiento aires" in a shop whose services are named "Mantenimiento …", "instalación aire de
        # 9000 btu" beside the "Aire … 9.000 BTU": the shop's word kept
        again = _resolve(box, phrase, within, unit, quantity, reference, keep=first[0])
        if (again.product is not None and first[0] in tokens(again.product.name)) \
                or (found.product is None and again.options and len(again.options) < len(found.options)):
            return again
        said = phrase.split()
        done_to = said[2] if len(said) > 2 and said[1] in ("de", "del") else None
        headed = [o for o in again.options if first[0] in tokens(o.name) and done_to in tokens(o.name)] \
            if found.product is not None and done_to and not names_word_head(found.product, done_to, synonyms=False) \
            else []  # (the shop's own "Cambio de Aceite …"; not "instalación de cámara …" of the "Cámara …"
        # found, nor "recarga del 667" of the "Cartucho HP 667": the service done to it, read later)
        if headed:  # "cambio de aceite para un spark": the oil changes, never the Spark's oil filter
            return Resolution(product=headed[0], phrase=again.phrase) if len(headed) == 1 else \
                Resolution(options=headed, phrase=again.phrase)
    if unit and measure_key(unit) == "pound" and not HALF_POUND.search(phrase) \
            and (found.ambiguous or (found.product is not None and "250" in tokens(found.product.name))):
        plain = _resolve(box, phrase, within, unit, quantity, None) if reference is not None else found
        grams = [o for o in ([plain.product] if plain.product else plain.options) if "500" in tokens(o.name)]
        if len(grams) == 1:  # "una libra de mortadela": the 500 g (never the 250 g of the one before)
            return Resolution(product=grams[0], phrase=found.phrase)
    if found.ambiguous and unit and measure_key(unit):
        by_unit = [o for o in found.options if any(measure_key(w) == measure_key(unit) for w in tokens(o.name))]
        if len(by_unit) == 1:  # "un kilo de mozzarella en bloque": the "… por kilo", not the "… por libra"
            return Resolution(product=by_unit[0], phrase=found.phrase)
    if found.ambiguous:
        itself = _the_thing_itself(found.options, phrase)
        if itself is not None:
            return Resolution(product=itself, phrase=found.phrase)
        sectioned = _by_section_words(found.options, phrase)  # "el sauvage de 100 original": the one of
        if len(sectioned) == 1:  # "Perfumes Originales", not the tester nor the house essence
            return Resolution(product=sectioned[0], phrase=found.phrase)
        found = Resolution(options=sectioned, phrase=found.phrase) if sectioned else found
    if found.product is None:
        kept = product_phrase(phrase).split()
        later = next((w for w in phrase.split()[1:] if w in lexicon.words("company") and w not in kept), None)
        again = _resolve(box, phrase, within, unit, quantity, reference, keep=later) if later and kept else None
        if again is not None and again.product is not None and later in tokens(again.product.name):
            return again  # "el plan semana": the shop's "Plan Semana", though "semana" asks for hours elsewhere
    if found.product is None and not found.options:
        aside = lexicon.words("filler") | lexicon.words("when") | lexicon.words("article")
        said = [w for w in phrase.split() if w.isalpha() and w not in STOPWORDS and w not in aside | PURPOSE_LEADS]
        plural = len(said) == 1 and len(said[0]) > 4 and said[0].endswith("s")  # ("las dos matrículas": a noun,
        again = _resolve(box, phrase, within, unit, quantity, reference, keep=" ".join(said)) \
            if (1 < len(said) <= 4 or plural) and product_phrase(phrase) != " ".join(said) else None  # not "matriculás")
        if again is not None and again.product is not None and has_every_word(again.product, " ".join(said)):
            return again  # "un pase día pa mañana": the shop's "Pase Día", every word of it everyday Spanish
        if again is not None and again.options and all(has_every_word(o, " ".join(said)) for o in again.options):
            along = fits_with(again.options, reference, " ".join(said))  # ("la hilux … con cobertura total":
            return Resolution(product=along, phrase=again.phrase) if along else again  # the pick-up's)
    return _headed_before_purpose(box, phrase, found, within, unit, quantity, reference)


def _purpose_is_a_verb(words: list[str]) -> bool:
    """"horma pa ensanchar": what it is for is a thing done, which may name the product ("Ensanchado …")."""
    from .understanding import lemmas
    return bool(words) and (lemmas.is_infinitive(words[0]) or _infinitive_with_pronoun(words[0]))


def _headed_before_purpose(box: Toolbox, phrase: str, found: Resolution, within, unit, quantity,
                           reference) -> Resolution:
    """"20 bloques pa la lancha": where what was found is not named by the thing said first (the "Tenaza
    para cargar bloques", found with "lancha"), the thing said before what it is for, when products are
    named by it (the "Bloque de hielo …")."""
    words = phrase.split()
    at = purpose_at(words)
    where = next((i for i, w in enumerate(words[:at]) if w.isalpha() and w not in STOPWORDS), None) if at else None
    head = words[where] if where is not None else None
    cards = [found.product] if found.product is not None else found.options
    counted = lexicon.words("measure") | lexicon.words("period")
    if head is None or head in counted or not cards or any(names_word_head(c, head) for c in cards) \
            or "con" in words[:at] or words[where + 1:where + 2] in (["de"], ["del"]) \
            or words[at + 1:at + 2][:1] and words[at + 1][:1].isdigit() or _purpose_is_a_verb(words[at + 1:at + 2]):
        return found  # ("chazos de 1/4 con 30 tornillos pa madera": two things, read apart; "2 días de
        # guardería pa mi perro", "un cuarto de aceite pa moto": a count or a size first)
    before = _resolve(box, " ".join(words[:at]), within, unit, quantity, reference)
    headed = [c for c in ([before.product] if before.product is not None else before.options) if names_word_head(c, head)]
    if not headed:
        return found
    return Resolution(product=headed[0], phrase=before.phrase) if len(headed) == 1 else \
        Resolution(options=headed, phrase=before.phrase)


def _spoken_size(words: list[str], i: int) -> tuple[str, int] | None:
    """A size said in words at `i`: "seis" → 6, "una" → 1, "un cuarto" → 1/4, "media" → 1/2, "tres
    octavos" → 3/8 (lexicon `size_fractions`), "5/16" as written; (text, where it ends)."""
    alone, after_count = lexicon.table("size_fractions.alone"), lexicon.table("size_fractions.after_count")
    word = words[i] if i < len(words) else ""
    if word in ("un", "una") and words[i + 1:i + 2] and words[i + 1] in alone:
        return f"1/{alone[words[i + 1]]}", i + 2
    if word in alone:
        return f"1/{alone[word]}", i + 1
    value = words_to_int(word) if word in NUMBER_WORDS else (word if re.fullmatch(r"\d+(?:/\d+)?", word) else None)
    if value is None:
        return None
    if words[i + 1:i + 2] and words[i + 1] in after_count:
        return f"{value}/{after_count[words[i + 1]]}", i + 2
    return str(value), i + 1


def _spoken_dimensions(query: str) -> str:
    """"tornillos de seis por una", "pernos de un cuarto por una pulgada": the sizes as names write them
    ("6 x 1", "1/4 x 1"); never "2 patinetas por 3 horas" (a thing between) nor "… por una semana"."""
    words = query.split()
    if "por" not in words:
        return query
    for at in [i for i, w in enumerate(words) if w == "por"]:
        for start in range(max(0, at - 3), at):
            left = _spoken_size(words, start)
            if left is None or left[1] != at or (start and words[start - 1] not in ("de", "del")):
                continue
            right = _spoken_size(words, at + 1)
            if right is None or (words[right[1]:right[1] + 1] and words[right[1]] in lexicon.words("period")):
                break
            end = right[1] + (words[right[1]:right[1] + 1] in (["pulgada"], ["pulgadas"]))
            return _spoken_dimensions(" ".join(words[:start] + [left[0], "x", right[0]] + words[end:]))
    return query


def _found(box: Toolbox, query: str, within: list[int] | None, besides: list[ProductCard] = ()) -> list[ProductCard]:
    """The products a search for these words finds well enough (most of the words said are in them, or
    most of a name is in what was said), other than those already found."""
    seen = {r.id for r in besides}
    return [r for r in box.search_products(query=query, within=within, limit=12)
            if r.id not in seen and (r.coverage >= MIN_COVERAGE or r.name_coverage >= MIN_NAME_COVERAGE)]


def _resolve(box: Toolbox, phrase: str, within: list[int] | None, unit: str | None, quantity: int | None,
             reference: ProductCard | None, keep: str | None = None) -> Resolution:
    # "una ollita a presión": the "Olla a Presión"; "de seis por una": the "6x1"
    query = _without_diminutives(product_phrase(_spoken_dimensions(phrase)))
    kept = (keep or "").split()
    query = " ".join(kept + [w for w in query.split() if w not in kept])
    if not query:
        return Resolution(phrase=phrase)
    group, unit = (unit, None) if unit in GROUPS else (None, unit)  # "medio millar de tarjetas": 500 of them
    serves = _people_said(phrase)
    if serves and PEOPLE.sub(" ", phrase).strip():  # "1 salchipapa para 2 personas": the one made for two
        kind = resolve(box, PEOPLE.sub(" ", phrase).strip(), within, unit, quantity, reference)
        fitting = [r for r in ([kind.product] if kind.product else kind.options)
                   if _people_said(f"{r.name} {r.description or ''}") == serves]
        if len(fitting) == 1:
            return Resolution(product=fitting[0], phrase=phrase)
    if HALF_POUND.search(phrase):  # "media libra de caturra": the 250 g bag, not "Tostión Media Libra"
        rest = [w for w in product_phrase(HALF_POUND.sub(" ", phrase)).split() if w.isalpha() and w not in STOPWORDS]
        halves = [r for r in _found(box, query, within) if "media libra" in fold(r.name).lower()
                  and "500" not in tokens(r.name) and rest and all(_has_word(r, w) for w in rest)]
        if len(halves) == 1:  # "media libra de queso costeño": the "Queso costeño media libra" itself
            return Resolution(product=halves[0], phrase=phrase)
        half = resolve(box, HALF_POUND.sub("250 g", phrase), within, None, quantity, reference)
        if half.product is not None and "250" in tokens(half.product.name):
            return half
    sized = _size_in_digits(phrase)
    if sized:  # "un helado de una bola": the ones named "(1 bola)", if the catalogue writes it so
        found = resolve(box, sized, within, unit, quantity, reference)
        picked = [found.product] if found.product else found.options
        if picked and all(_named_size(r, sized) for r in picked):
            return found
    results = _found(box, query, within)
    abbreviated = _measures_abbreviated(query)
    if abbreviated:  # "la bolsa de 5 kilos": also the names that write it "Bolsa 5 kg"
        results += _found(box, abbreviated, within, besides=results)
    kept = [w for w in query.split() if w not in lexicon.words("loose")]
    if kept and len(kept) < len(query.split()):  # "rosas rosadas sueltas": also the ones no synonym calls loose
        results += _found(box, " ".join(kept), within, besides=results)
        # ("3 chocoramos sueltos": the chocoramos, not every product called "suelto")
        results = [r for r in results if all(_has_word(r, w) for w in kept if w.isalpha() and w not in STOPWORDS)] \
            or results
    plural = any(len(w) > 4 and w.endswith("s") for w in query.split())
    if plural and (not results or (quantity and all(pack_of(r) for r in results))):
        # "2 gingers"; "3 cuadernos …" when only the "Paquete x5 Cuadernos …" says it in plural
        single = " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in query.split())
        results += _found(box, single, within, besides=results)
    results = _without_what_is_lacking(box, results, phrase, query, within)
    results = _word_standing_alone(results, query)
    results = _beyond_the_colour(results, query)
    results = _named_outside_contents(results, query)
    results = _not_for_an_occasion(results, phrase)
    results = [r for r in results if not _says_the_opposite(phrase, r.name)] or results
    results = [r for r in results if not _made_for(r, query)] or results  # "un sanitario": not its "Asiento para …"
    if any(_named_size(r, query) for r in results) and not set(query.split()) & lexicon.words("add_on"):
        # "un helado de una bola": the ones named "(1 bola)", not the "Bola Adicional de Helado"
        results = [r for r in results if not set(tokens(r.name)) & lexicon.words("add_on")] or results
    head = _before_purpose(phrase, results)
    if head:  # "ladrillo farol para un muro": what it is for names none of the products found
        return resolve(box, head, within, group or unit, quantity, reference)
    head = _named_before_the_purpose(box, phrase, results, within)
    if head:  # "100 vasitos pa la velación en la casa": the vasos, not the "Velación en casa" the purpose names
        return resolve(box, head, within, group or unit, quantity, reference)
    head = _held_before_the_purpose(phrase, results)
    if head:  # "un hogao de 250 pa un asado": the hogao, not the "Combo parrillero (… + hogao 250 g + …)"
        return resolve(box, head, within, group or unit, quantity, reference)
    results = [r for r in results if not _held_inside(r, query)] or results  # "un gel de 30 g": not the kit holding one
    if group:  # "un millar de ladrillo tolete": the "Ladrillo Tolete (Millar)" where the shop sells by the millar
        grouped = [r for r in box.search_products(query=f"{query} {group}", within=within, limit=12)
                   if names_group(r, group) and r.coverage >= MIN_COVERAGE]
        results = grouped or results
    if unit and measure_key(unit) == "gram" and quantity:
        return _in_bags_of(results, quantity, phrase)
    if unit:
        preferred = _prefer_unit(results, unit, quantity, said=query)
        words = phrase.split()
        cut = purpose_at(words)
        if preferred is results and cut is not None:  # "un kilo de tomate pal guiso": the kilo, whatever it is for
            wider = [r for r in box.search_products(query=product_phrase(" ".join(words[:cut])), within=within,
                                                    limit=12) if r.coverage >= MIN_COVERAGE]
            narrowed = _prefer_unit(wider, unit, quantity, said=query)
            preferred = narrowed if narrowed is not wider else preferred
        if preferred is results and results and _key(unit) not in MEASURES:
            # "1 vaso de … y 1 de 2 bolas de chocolate": among the vasos, though only a cone's words say chocolate
            sold = [r for r in box.search_products(query=unit, within=within, limit=12) if sold_as_unit(r, unit)]
            narrowed = resolve(box, query, within=[r.id for r in sold], quantity=quantity) \
                if sold else Resolution()
            # (never losing a word the names found have: "2 pares de guayos" are no medias by the par)
            named = {w for w in query.split() if w.isalpha() and any(_has_word(r, w, synonyms=False) for r in results)}
            if any(all(_has_word(r, w, synonyms=False) for w in named)
                   for r in ([narrowed.product] if narrowed.product else narrowed.options)):
                return narrowed
        results = preferred
    results = [] if missing_code(results, phrase) else _with_codes(results, phrase)
    if not {"media", "medio"} & set(phrase.split()) and unit not in ("docena", "docenas"):
        whole = [r for r in results if not _half_named(r)]  # "una cubeta de huevos": not the "Media Cubeta"
        results = whole or results
    if not results:
        return Resolution(phrase=query)
    if quantity is not None and not unit:
        results = _counted(results, query)  # "una tilapia", "6 jaibas": the one sold by the unit, not the libra
        results = _packs_for(results, quantity, query)  # "mil icopores C1": the box of 500, not 40 packets of 25
    elif quantity is not None and unit in lexicon.words("dozen"):  # "media docena de cuadernos": 6 of them
        results = _packs_for(results, quantity, query)
    if set(query.split()) & lexicon.words("loose"):
        results = _one_by_one(results, f"{query} {unit or ''}")  # "2 paños sueltos": not the "Paquete x3"
    chosen = _choose(results, query, phrase, unit, quantity, reference)
    if chosen.product is not None and not _in_colour(chosen.product, query):
        coloured = _in_colour_said(box, results, query, within)  # "un rosario de cristal rosado": not the blanco
        again = _choose(coloured, query, phrase, unit, quantity, reference) if coloured is not results else chosen
        same_kind = [c for c in ([again.product] if again.product else again.options)
                     if tokens(c.name)[:1] == tokens(chosen.product.name)[:1]]
        chosen = again if same_kind else chosen  # (a sibling in the colour said, never another kind of thing)
    return _of_the_kind_said(box, query, chosen, within) \
        or _beside_the_trade(box, query, chosen, within, unit, quantity, reference) or chosen


def _beside_the_trade(box: Toolbox, query: str, chosen: Resolution, within, unit, quantity,
                      reference) -> Resolution | None:
    """"el libro de matemáticas de quinto" in a bookshop: "libro" is the shop's everyday word (its
    profile says it in many passages). When only a description has it, it does not pick that product
    out: the other words do."""
    from .tools import RARE_IN_PROFILE, profile_terms
    if chosen.product is None:
        return None
    terms = profile_terms()
    words = query.split()
    dropped = [w for w in words if w.isalpha() and w not in STOPWORDS and not _has_word(chosen.product, w)
               and terms.get(stem(w), 0) > RARE_IN_PROFILE]
    rest = [w for w in words if w not in dropped]
    if not dropped or not [w for w in rest if w not in STOPWORDS]:
        return None
    again = resolve(box, " ".join(rest), within, unit, quantity, reference)
    # (only to ask among it and others: "y el tres leches?" never turns into the "Leche Entera")
    return again if again.ambiguous and any(o.id == chosen.product.id for o in again.options) else None


def _of_the_kind_said(box: Toolbox, query: str, chosen: Resolution, within) -> Resolution | None:
    """"un vaso grande de chocolate": the customer's first word says the kind. A product picked by the
    other words ("Malteada de Chocolate 16 oz", whose description says "vaso") gives way to the
    products whose names start with that word ("Vaso Grande (3 bolas)"), when the shop has such."""
    words = [w for w in query.split() if w.isalpha() and w not in STOPWORDS]
    if chosen.product is None or len(words) < 2 or _has_word(chosen.product, words[0], synonyms=False) \
            or all(_has_word(chosen.product, w, synonyms=False) for w in words[1:]):
        return None  # (every other word names it: "y el tres leches?" after the tortas is the Tres Leches)
    headed = [r for r in box.search_products(query=words[0], within=within, limit=12)
              if names_word_head(r, words[0], synonyms=False)]
    if not headed:
        return None
    narrowed = resolve(box, query, within=[r.id for r in headed])
    return narrowed if narrowed.product or narrowed.options else Resolution(options=headed[:MAX_OPTIONS], phrase=query)


def common_name(cards: list[ProductCard]) -> str:
    """The words every name has, in the first one's order ("Bon Bon Bum Fresa Bolsa x 24", "… Surtido
    Bolsa x 24" → "Bon Bon Bum Bolsa x 24")."""
    shared = set.intersection(*(set(tokens(c.name)) for c in cards))
    words = [w for w in cards[0].name.split() if set(tokens(w)) <= shared and tokens(w)]
    while words and tokens(words[-1])[0] in STOPWORDS:  # ("Paleta de Agua de")
        words.pop()
    return " ".join(words) or cards[0].name


GLUED = re.compile(r"[a-zñ]{2,}\d+")  # "ps5", "mp3": a name's letters and number written together


def _glued_in(text: str, word: str) -> bool:
    """"ps5" in "Control DualSense PS5 Blanco" or "PlayStation 5 … | ps 5": its parts, side by side."""
    parts, words = tokens(word), tokens(text)
    return any(words[i:i + len(parts)] == parts for i in range(len(words)))


def _has_word(card: ProductCard, word: str, synonyms: bool = True) -> bool:
    """The word is anywhere in the product's name or (with `synonyms`) its synonyms ("bolsa" in "Arena
    para Gato … Bolsa 10 kg", "chemex" in "cafe para chemex"), or names it."""
    said = f"{card.name} {card.synonyms or ''}" if synonyms else card.name
    if GLUED.fullmatch(word):
        return _glued_in(said.replace("|", " , "), word)
    return stem(word) in {stem(w) for w in tokens(said)} or names_word(card, word)


# ("6x1-1/4" is read "6 x 1 1/4": its second side is one and a quarter, never the 1 of a "6x1")
DIMENSION = re.compile(r"(?<![\d/])(\d+(?:[.,]\d+)?(?:/\d+)?) x (\d+(?:[.,]\d+)?(?: \d+/\d+|/\d+)?)(?![\d/])")


def _of_the_size_said(results: list[ProductCard], query: str) -> list[ProductCard]:
    """"listones de pino 2x3": the ones whose name has that section, not every "2x…" whose other words
    ("de 3 m") happen to have the 3 too."""
    said = DIMENSION.findall(query)
    if len(said) != 1:
        return results
    sized = [r for r in results if said[0] in DIMENSION.findall(" ".join(tokens(r.name)))]
    return sized or results


def _whole_number_said(results: list[ProductCard], query: str) -> list[ProductCard]:
    """A whole number said with no fraction after it ("de 1") is not the mixed number of a name ("1 1/2")
    when another name has that number alone."""
    said = query.split()
    whole = {w for i, w in enumerate(said) if w.isdigit() and not (i + 1 < len(said) and FRACTION.fullmatch(said[i + 1]))}
    if not whole:
        return results

    def mixed_only(card: ProductCard) -> bool:
        named = tokens(card.name)
        at = [i for i, w in enumerate(named) if w in whole]
        return bool(at) and all(i + 1 < len(named) and FRACTION.fullmatch(named[i + 1]) for i in at)
    kept = [r for r in results if not mixed_only(r)]
    return kept if kept and len(kept) < len(results) and any(set(tokens(r.name)) & whole for r in kept) else results


FRACTION = re.compile(r"\d+/\d+")


def _own_size_said(results: list[ProductCard], query: str) -> list[ProductCard]:
    """"3 negras de 330": the "Cerveza Negra 330 ml", not the "Negra six pack (6 x 330 ml)" whose 330 is
    the size of each thing it holds."""
    numbers = [w for w in query.split() if w.isdigit()]
    if len(numbers) != 1:
        return results

    def inside(card: ProductCard) -> bool:
        named = tokens(card.name)
        return any(n == numbers[0] and i >= 2 and named[i - 1] == "x" and named[i - 2].isdigit()
                   for i, n in enumerate(named))
    own = [r for r in results if numbers[0] in tokens(r.name) and not inside(r)]
    packs = [r for r in results if inside(r)]
    return own if own and packs and len(own) + len(packs) == len(results) else results


def _of_the_colour_said(results: list[ProductCard], query: str) -> list[ProductCard]:
    """"100 sillas tiffany doradas para una boda": not the white one the shop also calls "de boda"; a
    product named in another colour, and not in the one said, is not what was asked."""
    colours = {stem(c) for c in lexicon.words("colors")}
    said = {stem(w) for w in query.split()} & colours
    if len(said) != 1:
        return results
    def named(card: ProductCard) -> set[str]:
        return {stem(w) for w in tokens(card.name)} & colours
    kept = [r for r in results if said <= named(r) or not named(r)]
    return kept if any(said <= named(r) for r in kept) else results


def _choose(results: list[ProductCard], query: str, phrase: str, unit: str | None, quantity: int | None,
            reference: ProductCard | None) -> Resolution:
    """The product the words pick out of those found, else the options to ask about."""
    if len(results) == 1:
        return Resolution(product=results[0], phrase=query)
    results = _own_size_said(_of_the_colour_said(_of_the_size_said(results, query), query), query)
    results = _by_the_period_said(results, phrase)
    if len(results) == 1:
        return Resolution(product=results[0], phrase=query)
    exact = [r for r in results if r.name_coverage >= 0.999]
    if len(exact) == 1:
        return Resolution(product=exact[0], phrase=query)
    said = " ".join(w for w in tokens(f"{unit or ''} {phrase}") if w not in STOPWORDS or len(w) == 1)
    named = _called_alike(results, said, letters=True) if len(said.split()) > 2 and said.split() != query.split() \
        else []
    if len(named) == 1:  # "una caja de paletas de agua": the shop's own words for one, its unit with them
        return Resolution(product=named[0], phrase=query)
    decided = _decide(results, query, phrase, quantity, reference)
    called = _called_alike(results, query, letters=True)
    # "diccionario de inglés" is the shop's word for two of them: which one, whatever rule picked one
    if decided.product in called and len(called) > 1 \
            and not _names_more(decided.product, f"{phrase} {unit or ''}", query) \
            and _the_word_itself(called, query) is not decided.product:  # ("remachadora", not "remaches")
        return Resolution(options=called[:MAX_OPTIONS], phrase=query)
    return decided


def _names_more(card: ProductCard, said: str, query: str) -> bool:
    """The product's name has a word the customer said beyond the product words ("una canasta de
    águila": the Canasta, though "águila" calls all the Águila beers)."""
    beyond = {stem(w) for w in tokens(said) if w not in STOPWORDS} - {stem(w) for w in query.split()}
    return bool(beyond & {stem(w) for w in tokens(card.name)})


def _by_the_period_said(results: list[ProductCard], phrase: str) -> list[ProductCard]:
    """"un automóvil con conductor por día" among the "Automóvil decorado para boda con conductor", the
    "Alquiler de automóvil con conductor por día (8 horas)" and "… por medio día": the lines whose name
    says "por" and the period said (lexicon `period_days`), when some do and others not."""
    def periods(words: list[str]) -> set[str]:
        return {singular_stem(words[i + 1]) for i in range(len(words) - 1) if words[i] == "por"} \
            & set(lexicon.table("period_days"))
    said = periods(tokens(phrase)) or _periods_counted(results, tokens(phrase))
    if not said and date_span(tokens(phrase)) is not None:  # "el picanto del viernes al domingo": by the day
        said = {DAY_STEM} | {singular_stem(w) for w in lexicon.words("night")}  # (or the night)
        told = [r for r in results if periods_of(r) & said]
        return told if told and len(told) < len(results) else results
    if not said:
        return results
    told = [r for r in results if (periods(tokens(r.name)) | periods_of(r, qualified=False)) & said]
    return told if told and len(told) < len(results) else results


def _periods_counted(results: list[ProductCard], words: list[str]) -> set[str]:
    """"la seltos 3 días", "2 semanas del picanto": the periods counted (their stems), unless a name
    says that count of it ("… por semana (7 días)" for "la tarifa de 7 días")."""
    periods = lexicon.period_words()
    counted = set()
    for i in range(len(words) - 1):
        parsed = parse_number_at(words, i)
        if parsed is None or parsed[1] >= len(words) or words[parsed[1]] not in periods:
            continue
        said = words[i:parsed[1] + 1]
        if any(_contains(tokens(r.name), said) for r in results):
            return set()
        counted.add(singular_stem(words[parsed[1]]))
    return counted


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[k:k + len(part)] == part for k in range(len(words) - len(part) + 1))


def _decide(results: list[ProductCard], query: str, phrase: str, quantity: int | None,
            reference: ProductCard | None) -> Resolution:
    """Of several products found, the one the words pick out, else the options to ask about."""
    results = _whole_number_said(results, query)
    if len(results) == 1:  # "angulo de 1": the "Ángulo de 1 x 1/8", not the "… de 1 1/2 x 1/8"
        return Resolution(product=results[0], phrase=query)
    whole = _has_every_word(results, query)  # "el cable lightning de 2 metros": one name has them all
    if whole is not None:
        return Resolution(product=whole, phrase=query)
    plain = _plain_one(results, query, single=quantity == 1)  # "4 hipintos de 400": not the "… Paca x12"
    if plain is not None and not (quantity is None and _plural_beside_packs(plain, query)):
        # ("paños de microfibra", no count, beside the "… paquete x3": which is asked)
        return Resolution(product=plain, phrase=query)
    bare = _without_additions(results, query) or _nothing_more(results, query, phrase)
    if bare is not None:  # "tarjetas mate": not the "… con Laminado Mate"; "2 cables tipo c de 1 metro":
        return Resolution(product=bare, phrase=query)  # not the "Cable tipo C a Lightning 1 m"
    # "la lata de club colombia", not the "Six Pack Latas"; but "manga pastelera" is the shop's word
    # for two of them, however each name is written
    written = _written_exactly(results, query) if len(_called_alike(results, query)) < 2 else None
    if written is not None:
        return Resolution(product=written, phrase=query)
    whole = _the_word_itself(results, query)  # "una remachadora": not the "Remache POP …" of its stem
    if whole is not None:
        return Resolution(product=whole, phrase=query)
    called = _called_exactly(results, query)  # "pan de bono", "lapices": the shop's own word for one product
    if called is not None:
        return Resolution(product=called, phrase=query)
    top, second = results[0], results[1]
    if reference is not None and top.score == second.score:  # "un V60 y filtros pa ese": the V60's filters,
        along = fits_with(results, reference, query)           # not the shortest name
        if along is not None:
            return Resolution(product=along, phrase=query)
    if top.name_coverage > second.name_coverage and top.score >= second.score + CLEAR_LEAD:
        return Resolution(product=top, phrase=query)
    for prefer in (_headed_by, _said_as_written):
        chosen = prefer(results, query)
        if chosen is not None:
            return Resolution(product=chosen, phrase=query)
    along = fits_with(results, reference, query)
    if along is not None:
        return Resolution(product=along, phrase=query)
    one = _one_measure(results, query)  # "un bloque de campesino de kilo": the 1 kg, not the 2.5 kg
    if one is not None:
        return Resolution(product=one, phrase=query)
    options = [r for r in results if r.score >= top.score * OPTION_SHARE][:MAX_OPTIONS]
    narrowed = _by_everyday_words(results, phrase, query)  # "casco abierto": "abierto" is in one name
    if narrowed:
        options = narrowed
    wanted = [w for w in query.split() if w not in STOPWORDS]
    whole = [r for r in options if len(wanted) > 1 and _keys(wanted) <= _keys(tokens(r.name))]
    if len(whole) > 1:  # "yogur de fresa": the yogures, not the "Kumis de Fresa" that has only some words;
        options = [r for r in options if r in whole or not _keys(wanted) & _keys(tokens(r.name))]
        # one called so by its synonyms stays ("pescado seco": the Bacalao Salado)
    plain = _unmarked_in_stock(options, query)  # "una paca de agua de 600": not the "Agua con Gas", sold out
    if plain is not None:
        return Resolution(product=plain, phrase=query)
    return Resolution(options=options, phrase=query) if len(options) > 1 else Resolution(product=options[0] if
                                                                                          narrowed else top,
                                                                                          phrase=query)


PARENTHESES = re.compile(r"\([^)]*\)")
CONTENTS = re.compile(r"\(([^)]*\+[^)]*)\)")  # "Kit Finca con TV (2 paneles 100 W + batería …)": what a kit holds
TIER_WORD = "desde"  # "… desde 3 equipos", "(precio mayorista desde 10 paquetes)": from what count a price applies
TIER_FROM = re.compile(rf"\b{TIER_WORD} (\d+)\b")
TIER_NOTE = re.compile(rf"\([^)]*{TIER_FROM.pattern}[^)]*\)")  # "… - precio mayorista (desde 20 bolsas)"


COUNTED_WORD = re.compile(r"(?:^|\s)(\d+) ([a-zñ]+)")  # "4 turnos": a number standing alone, then what it counts


def not_counted_sets(options: list[ProductCard], phrase: str, words) -> list[ProductCard]:
    """"un turno de 8 horas", "2 turnos de 8 horas" among the "… turno de 8 horas", its Sunday line and the
    "Plan mensual … 4 turnos de 8 horas": the options whose name counts the thing said ("4 turnos") are sets
    of it, set aside while another is left, unless that count is said (`words`: the message's)."""
    said = {stem(w) for w in phrase.split() if w.isalpha() and w not in STOPWORDS}
    numbers = {w for w in words if w.isdigit()}

    def counts_it(card: ProductCard) -> bool:  # (not a price from a count: "… (desde 20 bloques)"; not "A2 Moto")
        name = TIER_FROM.sub(" ", fold(card.name).lower())
        return any(int(n) > 1 and n not in numbers and stem(w) in said for n, w in COUNTED_WORD.findall(name))
    kept = [o for o in options if not counts_it(o)]
    return kept if kept else options


def _occasions(text: str) -> set[tuple[str, ...]]:
    """The seasons a text names (lexicon `occasion`: "Día de la Madre", "Noche de Velitas"); a month alone
    is a season's price, read where the month is said (`_fits_month`)."""
    words = tokens(text)
    return {p for p in lexicon.phrases("occasion") if any(tuple(words[i:i + len(p)]) == p for i in range(len(words)))}


def _not_for_an_occasion(results: list[ProductCard], phrase: str) -> list[ProductCard]:
    """"un trío de 30 minutos": the everyday "Serenata trío de boleros 30 min", not the one "Día de la Madre"
    nor "Noche de Velitas 7 de diciembre": a line for an occasion the customer did not name is set aside
    while an everyday one is found; one named ("… pal día de la madre") keeps the lines for it."""
    said = _occasions(phrase)
    words = {w for w in tokens(phrase) if len(w) > 3 and w not in STOPWORDS}
    kept = [r for r in results if _occasions(r.name) & said] if said else []
    kept = kept or [r for r in results if all(set(o) & words for o in _occasions(r.name) - said)]
    # (an occasion named in part is named: "el arreglo de amor y amistad" read as "arreglo de amor")
    return kept if kept and len(kept) < len(results) else results


def _named_outside_contents(results: list[ProductCard], query: str) -> list[ProductCard]:
    """A thing is what its name says outside the parentheses that list what it holds: "dos arepas" are the
    "Arepa asada (unidad)", not the "Combo medio pollo asado (papa salada, arepa y gaseosa 400 ml)" — when a
    product found is headed by a word said, the ones that have that word only inside parentheses go."""
    said = {stem(w) for w in query.split() if w.isalpha() and w not in STOPWORDS and len(w) > 2}
    heads = said & {stem(tokens(r.name)[0]) for r in results if tokens(r.name)}
    if not heads or not any("(" in r.name for r in results):
        return results
    inside, outside = {}, {}
    for r in results:
        inside[r.id], outside[r.id] = _listed_words(r)

    def inside_only(card: ProductCard) -> bool:
        return bool(heads & inside[card.id]) and not heads & outside[card.id]

    def listed_only(card: ProductCard) -> bool:  # "una caja de 12 de rellenas de pollo": the pollo's own
        return any(w in inside[card.id] and w not in outside[card.id]  # box, not the "Caja surtida (4 carne
                   and any(w in outside[o.id] for o in results if o is not card) for w in said)  # / 4 pollo …)"
    return [r for r in results if not inside_only(r) and not listed_only(r)] or results


def _beyond_the_colour(results: list[ProductCard], query: str) -> list[ProductCard]:
    """A colour alone picks no product: when the customer names a thing and its colour and no product
    found has the thing, only the colour, nothing is found ("un galón de pintura blanca" in a shop whose
    only white is the "Silicona blanca"; but "la transparente o la café" keeps both tapes)."""
    from rapidfuzz import fuzz
    said = [w for w in query.split() if w.isalpha() and w not in STOPWORDS and len(w) > 2]
    things = [w for w in said if w not in _colour_forms()]  # ("rosas" is no form of "rosado")
    if not things or len(things) == len(said):
        return results

    def names_a_thing(card: ProductCard) -> bool:
        named = tokens(f"{card.name} {card.synonyms or ''} {card.description or ''}")
        return any(_has_word(card, w) or any(sound(w) == sound(n) or fuzz.ratio(w, n) >= 80 for n in named)
                   for w in things)
    return results if any(names_a_thing(r) for r in results) else []


@lru_cache(maxsize=1)
def _colour_forms() -> frozenset[str]:
    """Each colour of the lexicon as customers write it: "blanco", "blanca", "blancos", "blancas"."""
    return frozenset(form for c in lexicon.words("colors") for form in
                     (c, f"{c}s", f"{c[:-1]}a", f"{c[:-1]}as") if c.endswith("o")) \
        | frozenset(form for c in lexicon.words("colors") if not c.endswith("o") for form in (c, f"{c}s", f"{c}es"))


def _in_colour(card: ProductCard, query: str) -> bool:
    """No colour said, or the product's name has one of those said."""
    said = {stem(w) for w in query.split() if w in lexicon.words("colors")}
    return not said or bool(said & {stem(w) for w in tokens(card.name)})


def _in_colour_said(box: Toolbox, results: list[ProductCard], query: str, within) -> list[ProductCard]:
    """"un rosario de cristal rosado pa la primera comunión": the ones named in the colour said, even
    sold out (then it is said so), never a sibling in another colour that other words favour."""
    colours = lexicon.words("colors")
    said = [w for w in query.split() if w in colours]
    if not said or not results:
        return results
    having = [r for r in results if _in_colour(r, query)]
    if having:
        return having
    head = next((w for w in query.split() if w not in colours and _has_word(results[0], w, synonyms=False)), None)
    if head is None:
        return results
    return [r for r in box.search_products(query=f"{head} {' '.join(said)}", within=within, limit=12)
            if _in_colour(r, query) and _has_word(r, head, synonyms=False)] or results


def _unmarked_in_stock(options: list[ProductCard], query: str) -> ProductCard | None:
    """The one option left when the sold-out ones are a marked variant the customer did not ask for
    ("Paca de Agua con Gas", "Regulador … con Manómetro" beside the plain one): it, else None."""
    said = {stem(w) for w in query.split()}

    def marked(card: ProductCard) -> bool:
        words = tokens(card.name)
        return any(w in OPPOSITE_MARKS and nxt.isalpha() and stem(nxt) not in said for w, nxt in zip(words, words[1:]))
    left = [o for o in options if not (o.stock <= 0 and marked(o))]
    return left[0] if len(options) > 1 and len(left) == 1 and left[0].stock > 0 else None


def _named_before_where(box: Toolbox, phrase: str, within, unit, quantity) -> Resolution | None:
    """"un zurcido en la rodilla de un pantalón": the words before "en" say a product's whole name
    ("Zurcido"); what follows is where on the customer's thing, not another product's words."""
    words = phrase.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and w == "en"), None)
    if cut is None or cut + 1 >= len(words) or not product_phrase(" ".join(words[:cut])):
        return None
    found = _resolve(box, " ".join(words[:cut]), within, unit, quantity, None)
    said = {stem(w) for w in words[:cut]}
    if found.product is None or not all(stem(w) in said for w in tokens(found.product.name)
                                        if w.isalpha() and w not in STOPWORDS):
        return None
    return found


def _named_before_the_purpose(box: Toolbox, phrase: str, results: list[ProductCard],
                              within: list[int] | None) -> str:
    """The words before "pa …" when none of the products found is called by them but others are: what
    follows names the products found, and it is only what the thing is for; "" otherwise."""
    words = phrase.split()
    cut = purpose_at(words)
    said = product_phrase(" ".join(words[:cut])).split() if cut else []
    tail = [w for w in product_phrase(" ".join(words[cut + 1:])).split() if w.isalpha()] if cut else []
    if not said or not tail or not results or POSSESSIVES & set(words[:cut]) \
            or any(stem(said[0]) in {stem(w) for w in tokens(r.name)} for r in results):
        return ""  # (a product found is called by the word said first: "el cartucho de color pa la officejet";
        # "mi Spark pa lavado general" is the customer's car)
    if not all(names_word_head(r, tail[0], synonyms=False) for r in results):
        return ""  # ("alarmas pa carro": the "Llave … para Carro" is no carro, the alarm is not found)
    called = [r for r in box.search_products(query=" ".join(said), within=within, limit=12)
              if all(_has_word(r, w) for w in said)]
    return " ".join(words[:cut]) if called else ""


def _held_before_the_purpose(phrase: str, results: list[ProductCard]) -> str:
    """The words before "pa …" when every product found has the thing they name only among the contents
    it lists ("25 arepas de queso para el desayuno" finds only the "Combo desayuno (arepa delgada x10 +
    queso …)": the purpose named the combo); "" otherwise."""
    words = phrase.split()
    cut = purpose_at(words)
    said = product_phrase(" ".join(words[:cut])).split() if cut else []
    if not said or not results or not said[0].isalpha():
        return ""
    return " ".join(words[:cut]) if all(_listed_only(r, said[0]) for r in results) else ""


def _listed_only(card: ProductCard, word: str) -> bool:
    """The word is in the product's name only inside the parentheses that list what it holds."""
    inside, outside = _listed_words(card)
    return stem(word) in inside and stem(word) not in outside


def _listed_words(card: ProductCard) -> tuple[set[str], set[str]]:
    """(the stems a name lists as what the product holds — a list in parentheses: "(arepa peto x10 + hogao
    250 g + …)", "(4 carne / 4 pollo / …)", never "(por consola)", "(unidad)" —, the stems of the rest of
    the name and of its synonyms)."""
    inside = {stem(w) for part in PARENTHESES.findall(card.name) if re.search(r",| y | \+ | / ", part)
              for w in tokens(part)}
    outside = {stem(w) for w in tokens(f"{PARENTHESES.sub(' ', card.name)} {card.synonyms or ''}")}
    return inside, outside


def _before_purpose(phrase: str, results: list[ProductCard]) -> str:
    """The words before "para …" when what follows names none of the products found, only their
    descriptions ("ladrillo farol para un muro": any of the bricks; "batería para moto" stays whole)."""
    words = phrase.split()
    cut = purpose_at(words)
    own = next((i for i, w in enumerate(words)
                if i > 0 and w == "con" and POSSESSIVES & set(words[i + 1:i + 6])), None)
    if own is not None and (cut is None or own < cut) and product_phrase(" ".join(words[:own])):
        having = [r for r in results if has_every_word(r, " ".join(words[:own]))]
        said = [w for w in words[own + 1:] if w.isalpha() and w not in STOPWORDS and w not in POSSESSIVES]
        if not any(any(same_word(stem(w), stem(n)) for n in tokens(r.name)) for r in having for w in said):
            return " ".join(words[:own])  # "un lienzo 30x40 con la foto de mi perrito": the customer's own photo
            # (but "una hamaca matrimonial con los nombres de mis papás": the one "con Nombre Tejido")
    if cut is None:
        return ""
    head, tail = product_phrase(" ".join(words[:cut])), product_phrase(" ".join(words[cut + 1:])).split()
    if not results:  # "tarjetas pa mi emprendimiento de tortas": nothing is called so; the tarjetas, then
        return " ".join(words[:cut]) if head else ""
    if head and tail and len(head.split()) > 1 and words[cut + 1:cut + 2] and words[cut + 1] in POSSESSIVES \
            and len([r for r in results if has_every_word(r, head)]) == 1:
        return " ".join(words[:cut])  # "un pocillo de peltre pa mi tinto": one is called so, whatever it is for
        # ("un calentador de 100 pa mi pecera de 100 litros")
    having = [r for r in results if has_every_word(r, " ".join(words[:cut]))] if head and tail else []
    in_name = [r for r in having if any(same_word(stem(w), stem(n)) for w in tail for n in tokens(r.name))]
    if len(having) > len(in_name) > 0 and words[cut + 1] in POSSESSIVES and all(
            any(same_word(stem(w), stem(n)) for n in tokens(f"{r.name} {r.description or ''}")) for r in having
            for w in tail):  # "un cambio de pila pa mi reloj": every cambio de pila is for one, whatever
        # one of them is named; the plain one
        return " ".join(words[:cut])
    if len(having) == 1 and len(head.split()) > 1:
        def told(w: str, text: str) -> bool:
            return any(same_word(stem(w), stem(n)) for n in tokens(text))
        unnamed = [w for w in tail if not told(w, having[0].name)]
        if unnamed and all(not w.isalpha() or len(w) <= 2 or told(w, having[0].description or "") for w in unnamed):
            return " ".join(words[:cut] + [w for w in tail if w not in unnamed])
            # ("la batería LP-E10 pa la canon t6": one is called so, for a Canon; "torta helada para 20
            # porciones de arequipe": the one for 20, of any flavour the description names)
    if not head or not tail or any(w[:1].isdigit() for w in tail):
        return ""
    named = [tokens(f"{r.name} {(r.synonyms or '').replace('|', ' ')}") for r in results]
    if any(same_word(stem(w), stem(n)) for w in tail for words_of in named for n in words_of):
        return ""
    return " ".join(words[:cut])


def _one_measure(results: list[ProductCard], query: str) -> ProductCard | None:
    """A measure said without a number ("de kilo", "de litro") is one of it: the one product whose
    name says 1 of that measure, when the others say other amounts of it."""
    words = query.split()
    bare = [_key(w) for i, w in enumerate(words) if _key(w) in MEASURES and not (i and words[i - 1][:1].isdigit())]
    if len(bare) != 1 or any(w[:1].isdigit() for w in words):  # ("el de 500 y el de kilo": two sizes)
        return None
    having = [r for r in results if f"1 {bare[0]}" in _keys(tokens(r.name))]
    return having[0] if len(having) == 1 else None


def _by_everyday_words(results: list[ProductCard], phrase: str, query: str) -> list[ProductCard]:
    """Words set aside as everyday Spanish ("abierto", "bueno") that some names do have: those names."""
    words = phrase.split()
    if _periods_counted(results, words):
        words = _without_periods_counted(words)  # ("2 meses del preicfes … de la mañana": how long, not which)
    dropped = {stem(w) for w in words if w.isalpha() and len(w) > 2 and w not in query.split() and w not in STOPWORDS}
    if not dropped:
        return []
    every = [r for r in results if dropped <= {stem(w) for w in tokens(r.name)}]
    if every or len(dropped) < 2:
        return every
    named = [r for r in results if has_every_word(r, query)]  # (never the "Caja regalo 4 cervezas" for "un kit
    said = {r.id: len(dropped & {stem(w) for w in tokens(r.name)}) for r in named}  # para hacer cerveza")
    most = max(said.values(), default=0)  # ("… de la mañana pues": the names with most of them, "mañana" in one)
    return [r for r in named if said[r.id] == most] if most else []


def _by_section_words(options: list[ProductCard], phrase: str) -> list[ProductCard]:
    """A word said that only some options' category has ("original" of "Perfumes Originales de Hombre",
    beside the "Testers" and the "Esencias Inspiradas"): those options."""
    from .understanding import lemmas
    words = phrase.split()
    words = words[:purpose_at(words)]
    said = {stem(w) for w in words if w.isalpha() and len(w) > 3 and w not in STOPWORDS and not lemmas.is_infinitive(w)}
    # ("unas chispas pa decorar": what they are for, not the section "Decoración")
    sections = {o.id: {stem(w) for w in tokens(o.category or "")} for o in options}
    named = {o.id: {stem(w) for w in tokens(o.name)} for o in options}
    telling = {w for w in said if any(w in sections[o.id] for o in options)
               and not all(w in sections[o.id] | named[o.id] for o in options)}
    having = [o for o in options if telling and telling <= sections[o.id]]
    rest = {stem(w) for w in words if w.isalpha() and len(w) > 1 and w not in STOPWORDS} - telling
    rest = {w for w in rest if any(w in named[o.id] for o in options)}  # (the words some name has)
    if not rest or not all(rest <= named[o.id] for o in having):
        return []  # ("un perfume de hombre": the name is not said, the section alone picks nothing)
    return having if 0 < len(having) < len(options) else []


def _codes(words: list[str], models_only: bool = False) -> list[str]:
    """Patterns of the codes said as a letter and a number: "a 14" (A14) and, unless `models_only`,
    "428 h" (428H) and "x 3" (x3). A letter between two numbers ("20 w 50") is no model code."""
    patterns = []
    for before, a, b, after in zip([""] + words, words, words[1:], [*words[2:], ""]):
        if len(a) == 1 and a.isalpha() and b.isdigit() and not before[:1].isdigit() \
                and not (models_only and a == "x") and not (a in STOPWORDS and after in lexicon.words("measure")):
            # ("de 100 µF a 25 V": a voltage, no model A25)
            patterns.append(rf"(?<![a-z0-9]){a}[\s\-]?{b}(?![0-9])")
        elif a.isdigit() and len(b) == 1 and b.isalpha() and not models_only:
            patterns.append(rf"(?<![0-9]){a}[\s\-]?{b}(?![a-z])")
    return patterns


def _has_codes(card: ProductCard, patterns: list[str]) -> bool:
    return all(re.search(p, fold(card.name)) for p in patterns)


def _with_codes(results: list[ProductCard], query: str) -> list[ProductCard]:
    """A model or reference code said as a letter and a number ("A14", "428H"): the names that have
    that code, when some do ("pal A14" is the Samsung A14, not the iPhone 14)."""
    patterns = _codes(query.split())
    if not patterns:
        return results
    return [r for r in results if _has_codes(r, patterns)] or results


def missing_code(results: list[ProductCard], phrase: str) -> bool:
    """A model code said as letter + number ("motorola g54") that no product found has: that model
    is not sold, whatever else the words match ("forro … 54" is not the A54's)."""
    words = phrase.split()
    measured = {w for r in results for w, nxt in zip(tokens(r.name), [*tokens(r.name)[1:], ""])
                if w.isdigit() and (nxt in lexicon.words("measure") or "°" in r.name)}
    # ("aire inverter a 110" of the "… 110 V": the voltage, no model A110; "codos de media a 90": the
    # "… x 90°")
    words = [w for i, w in enumerate(words) if not (w == "a" and words[i + 1:i + 2] and words[i + 1] in measured)]
    patterns = _codes(words, models_only=True)  # as written: "vitamina c de 30" names no code
    return bool(patterns) and not any(_has_codes(r, patterns) for r in results)


def _dimension(words: list[str], i: int) -> bool:
    """The word at i is the "x" of a size ("25 x 25 cm", "50x70", "48 mm x 100 m"), not of a pack
    ("Paquete x10")."""
    measure = lexicon.words("measure")
    return words[i] == "x" and 0 < i < len(words) - 1 and words[i + 1].isdigit() and (
        words[i - 1].isdigit() or (i > 1 and words[i - 2].isdigit() and words[i - 1] in measure
                                   and words[i + 2:i + 3] != [] and words[i + 2] in measure))
    # (but "Stickers … 5 cm x100" are a hundred of them)


def _one_by_one(results: list[ProductCard], said: str = "") -> list[ProductCard]:
    """The products sold one by one ("… (unidad)"), not in a pack, when some are. A unit word the
    customer said is what the product is ("3 cajas de torta … sueltas": the "Caja para Torta")."""
    packs = lexicon.words("unit_of_sale") | lexicon.words("pack_mark") | {"x"}
    named = {stem(w) for w in said.split()}

    def marks(card: ProductCard) -> set[str]:
        words = tokens(card.name)
        return {w for i, w in enumerate(words) if w in packs and not _dimension(words, i) and stem(w) not in named}

    single = [r for r in results if not marks(r) and not any(w[:1] == "x" and w[1:].isdigit() for w in tokens(r.name))]
    return single or results


def pack_of(card: ProductCard) -> tuple[int, str] | None:
    """How many of the product's own things its pack holds, and what the pack is called ("Vaso …
    Paquete x50": 50, "paquete"; "Caja de 12 Paletas …": 12, "caja"); None when it is not sold in a
    pack ("Cuaderno x 100 hojas" is no pack, "caja de 25 x 25" is a size, "Bolsa de 5 kg" a weight) or
    the pack holds things called otherwise ("Plastilina Caja x 10 Barras": a plastilina is the box)."""
    words = tokens(card.name)
    units = lexicon.words("unit_of_sale")
    dozen = next((w for i, w in enumerate(words) if w in lexicon.words("dozen") and words[i - 1:i] != ["media"]
                  and i > 0), None)
    if dozen and not any(w == "x" or re.fullmatch(r"x\d+", w) for w in words):
        return 12, dozen  # "Botón de Pasta 24 Líneas Negro Docena": "24 botones" are two
    for i, word in enumerate(words):
        if word == "x" and words[i + 1:i + 2] and words[i + 1].isdigit() and not _dimension(words, i):
            size, held, called = int(words[i + 1]), words[i + 2:i + 3], [w for w in words[:i] if w in units]
        elif re.fullmatch(r"x\d+", word):
            size, held, called = int(word[1:]), words[i + 1:i + 2], [w for w in words[:i] if w in units]
        elif word in units and words[i + 1:i + 2] == ["de"] and words[i + 2:i + 3] and words[i + 2].isdigit() \
                and words[i + 3:i + 4] and words[i + 3].isalpha() and words[i + 3] not in lexicon.words("measure") \
                and words[i + 3] != "x":
            size, held, called = int(words[i + 2]), words[i + 3:i + 4], [word]
        else:
            continue
        if held and held[0] in units and re.search(rf"x ?{size}\s*\(\s*{held[0]}\s*\)", fold(card.name).lower()):
            held, called = [], held  # "Hojillas de afeitar x100 (caja)": a box of 100
        closed = re.search(rf"x ?{size}\s*[()\]—–,-]", card.name.lower())  # "(paquete x100) — venta"
        held = held[0] if held and held[0] not in STOPWORDS | lexicon.words("pair") | lexicon.words("pack_mark") \
            and not closed else ""  # ("… Paquete x6 (six pack)": six of its own)
        # ("Luces … (juego x8) (por evento)", "Tapaoídos … Caja x100 Pares": 100 of the product's own)
        head = next((w for w in words[:i] if w.isalpha() and w not in units), held)
        if held.isalpha() and held not in lexicon.words("quantity_words") and stem(held) != stem(head):
            return None  # ("Paquete x5 Cuadernos …" holds cuadernos: its thing, named after the pack)
        if size >= 2 and called:
            return size, called[-1]
        if size >= 2 and not held and re.search(r"\bx ?\d+\)?(?: \([^()]*\)| con [^()]*)?$", card.name.strip()) \
                and not any(w in units for w in words):  # ("Marcadores permanentes x3 (negro rojo y azul)")
            return size, UNNAMED_PACK  # "Tarjetas de Presentación Mate x500": 500 tarjetas in one
    return None


UNNAMED_PACK = "paquete"
PRICED_EACH = re.compile(r"\$\s?\d[\d.]*\s*(?:c/u|cada|por|la unidad)\b")  # "a $1.400 cada caja", "($8.000 por barra)"


def priced_each(card: ProductCard) -> bool:
    """The pack's own description gives the price of each thing in it: the shop's price by quantity
    ("Paquete de 25 cajas …, a $1.400 cada caja"), not only a container ("Blister de 5 pilas")."""
    return bool(PRICED_EACH.search(card.description or ""))


def _packs_for(results: list[ProductCard], quantity: int, said: str) -> list[ProductCard]:
    """Things counted one by one, when every product found is a pack: the biggest pack that makes up
    that count exactly ("mil icopores": the box of 500), else all of them; beside single ones, the
    packs that cannot make that count go (unless their size was said)."""
    packs = [pack_of(r) for r in results]
    head = said.split()[0] if said.split() else ""
    def headed(card: ProductCard) -> bool:
        return names_word_head(card, head) or _singular(head) in tokens(card.name)[:1]

    if None in packs and head not in lexicon.words("unit_of_sale") \
            and not any(pack is None and headed(r) for r, pack in zip(results, packs)) \
            and any(pack and headed(r) for r, pack in zip(results, packs)):
        # "un ciento de tarjetas": the packs of them, not the "Diseño de Tarjeta"
        results, packs = [r for r, pack in zip(results, packs) if pack], [pack for pack in packs if pack]
    if None in packs:  # "3 cuadernos": the single ones, not the "Paquete x5 Cuadernos" that cannot make 3
        words = said.split()
        return results if quantity < 2 else [
            r for r, pack in zip(results, packs) if pack is None or quantity % pack[0] == 0
            or str(pack[0]) in words or stem(pack[1]) in {stem(w) for w in words}]
    if not results:
        return results
    sizes = [size for size, _ in packs]
    fitting = [(size, r) for size, r in zip(sizes, results) if quantity >= size and quantity % size == 0]
    biggest = max((size for size, _ in fitting), default=None)
    return [r for size, r in fitting if size == biggest] if fitting else results  # (every colour of it)


def _singular(word: str) -> str:
    """"cuadernos" → "cuaderno", "pasteles" → "pastel" (as names write one)."""
    return word[:-2] if word.endswith("es") and word[-3:-2] in "lnrd" else word.removesuffix("s")


def _counted(results: list[ProductCard], query: str) -> list[ProductCard]:
    """Things counted, no unit said: when one product called so is sold by the unit ("Jaiba Entera por
    Unidad") and every other is sold by a weight or a volume ("… por Libra") or is called something
    else ("Encocado de Jaiba"), that one."""
    query = " ".join(w for w in query.split() if w not in lexicon.words("loose")) or query
    head = query.split()[0] if query.split() else ""
    sized = _of_the_size_said(results, query)  # ("50 tornillos drywall de 6x1": never the 6x1-1/4)
    by_unit = [r for r in sized if {"unidad", "und"} & set(tokens(r.name)) and names_word_head(r, head)]
    said = {w.removesuffix("s") for w in query.split() if w not in STOPWORDS}

    def whole(card: ProductCard) -> bool:  # ("rosadas" and "rosas" share a stem: words as written)
        return has_every_word(card, query) and said <= {w.removesuffix("s") for w in tokens(card.name)}

    fitting = [r for r in by_unit if whole(r)]
    by_unit = fitting if len(fitting) == 1 else by_unit
    # sold by a weight or a volume, or in a pack or a pair ("Almohada … Par" beside "Almohada … (unidad)")
    weighed = lexicon.words("measure_of_sale") | lexicon.words("unit_of_sale") | lexicon.words("pair") \
        | lexicon.words("dozen")  # ("Docena de Rosas Rosadas" beside "Rosa Rosada por Unidad")
    def named(card: ProductCard) -> int:  # ("un pocillo de peltre": not the "Pocillo … (Unidad)" of porcelana)
        return len(said & {w.removesuffix("s") for w in tokens(card.name)})

    if len(by_unit) == 1 and all(
            r is by_unit[0] or r not in sized or set(tokens(r.name)) & weighed or not names_word_head(r, head)
            or (not whole(r) and named(r) <= named(by_unit[0])) for r in results):
        return by_unit
    return results


def _plain_one(results: list[ProductCard], query: str, single: bool = False) -> ProductCard | None:
    """Among the products that have every word said, the only one not sold in a pack the customer
    did not name ("Kola Hipinto 400 ml" beside "Kola Hipinto 400 ml Paca x12"). `single`: one was
    asked for ("una vujia iridium"), so among the found products that are one product alone and
    in packs ("Bujía … Unidad", "Bujías … Juego x4"), however the words were spelt."""
    wanted = [w for w in query.split() if w not in STOPWORDS]
    if not wanted:
        return None
    packs = lexicon.words("unit_of_sale") | lexicon.words("pack_mark") | {"canasta", "docena", "x"}
    said = {stem(w) for w in wanted}
    having = [r for r in results if _keys(wanted) <= _keys(tokens(r.name))] or [
        r for r in results if all(any(_key(w) == _key(n) or sound(w.rstrip("s")) == sound(n.rstrip("s"))
                                      for n in tokens(r.name)) for w in wanted)]
    if len(having) < 2 and single:  # ("do carrito metaliko": the words as they sound)
        having = results
    if len(having) < 2:
        return None
    def core(card: ProductCard) -> set[str]:
        words = tokens(card.name)
        return {stem(w) for i, w in enumerate(words) if w not in packs and w not in ("unidad", "unidades", "und")
                and w not in STOPWORDS and not (i > 0 and words[i - 1] == "x")}

    plain = [r for r in having if not any(w in packs and stem(w) not in said and not _dimension(tokens(r.name), i)
                                          for i, w in enumerate(tokens(r.name)))]
    if not plain and single:  # ("una cinta café de 48 mm": the "… (rollo)", not the "… Paquete x6 (six pack)")
        plain = [r for r in having if pack_of(r) is None and not half_dozen_pack(r) and not dozen_pack(r)]
    if len(plain) != 1:
        return None
    def counted(card: ProductCard) -> bool:  # "Paca x24", not a "Porción" of the whole
        words = tokens(card.name)
        return any(w == "x" and nxt[:1].isdigit() and not _dimension(words, i)
                   for i, (w, nxt) in enumerate(zip(words, words[1:]))) \
            or any(w[:1] == "x" and w[1:].isdigit() for w in words)

    # the others are that product in a pack ("Panela Paca x24 Unidades" beside "Panela Redonda Unidad")
    return plain[0] if all(r is plain[0] or (core(r) <= core(plain[0]) and counted(r)) for r in having) else None


def _plural_beside_packs(plain: ProductCard, query: str) -> bool:
    """The thing named in the plural ("paños") that the single line names in the singular ("Paño …
    unidad"): how many, one or a pack, the customer has not said."""
    wanted = [w for w in query.split() if w not in STOPWORDS]
    name = tokens(plain.name)
    return bool(wanted) and wanted[0] != _singular(wanted[0]) and _singular(wanted[0]) in name \
        and wanted[0] not in name


def _without_additions(results: list[ProductCard], query: str) -> ProductCard | None:
    """Among the products named by every word said, the only one without something "con …" the
    customer did not say ("Tarjetas … Mate x500" beside "Tarjetas … con Laminado Mate x500")."""
    wanted = [w for w in query.split() if w not in STOPWORDS]
    having = [r for r in results if wanted and _keys(wanted) <= _keys(tokens(r.name))]

    def added(card: ProductCard) -> set[str]:
        words = tokens(card.name)
        start = next((i for i, w in enumerate(words[:-1]) if w == "con" and _key(words[i + 1]) not in _keys(wanted)),
                     None)
        return set(words[start:]) if start is not None else set()

    bare = [r for r in having if not added(r)]
    if len(having) < 2 or len(bare) != 1:
        return None
    plain = set(tokens(bare[0].name))  # the others are it with something more: "… con Laminado …"
    return bare[0] if all(r is bare[0] or (set(tokens(r.name)) - plain <= added(r) and plain <= set(tokens(r.name)))
                          for r in having) else None


def _nothing_more(results: list[ProductCard], query: str, phrase: str) -> ProductCard | None:
    """Among the products named by every word said, the only one whose name says nothing else."""
    wanted = [w for w in query.split() if w not in STOPWORDS]
    having = [r for r in results if wanted and _keys(wanted) <= _keys(tokens(r.name))]
    if len(having) < 2:
        return None
    said = _keys(wanted) | _keys([w for w in tokens(phrase) if w not in STOPWORDS])
    bare = [r for r in having if _keys([w for w in tokens(r.name) if w not in STOPWORDS]) <= said]
    return bare[0] if len(bare) == 1 else None


def _written_exactly(results: list[ProductCard], query: str) -> ProductCard | None:
    """The one product whose name has every word as the customer wrote it (singular or plural
    included), when the query has at least two words."""
    wanted = {w for w in query.split() if w not in STOPWORDS}
    if len(wanted) < 2:
        return None
    numbers = {w for w in wanted if w.isdigit()}

    def as_written(card: ProductCard) -> bool:  # (not the wholesale line of "2 bolsas" for its "(desde 20 bolsas)")
        name = CONTENTS.sub(" ", TIER_NOTE.sub(" ", card.name))
        counted = {w for n, w in COUNTED_WORD.findall(fold(name).lower())
                   if int(n) > 1 and n not in numbers and w.endswith("s")}  # (a plural: not "Tipo 2 Blanco")
        return wanted <= set(tokens(name)) and not wanted & counted  # "2 turnos de 8 horas": not the plan
    having = [r for r in results if as_written(r)]                     # "… 4 turnos de 8 horas" for its plural
    return having[0] if len(having) == 1 else None


def _the_word_itself(results: list[ProductCard], query: str) -> ProductCard | None:
    """A one-word request written as it is (singular or plural) in one product's name or synonyms, where
    the others only share its stem ("remachadora" and "Remache", "lavado" and "Lavadora"): that one."""
    said = [w for w in query.split() if w.isalpha() and w not in STOPWORDS]
    if len(said) != 1 or len(said[0]) < 5:
        return None
    word = said[0]
    forms = {word, f"{word}s", f"{word}es", word.removesuffix("s"), word.removesuffix("es")}
    def words_of(card: ProductCard) -> list[str]:
        return tokens(f"{card.name} {card.synonyms or ''}")
    having = [r for r in results if forms & set(words_of(r))]
    if len(having) != 1:
        return None
    alike = stem(word)  # (the others must be found by the stem only: not "perfume" of a shop of perfumes)
    return having[0] if all(any(stem(w) == alike for w in words_of(r)) for r in results if r is not having[0]) \
        else None


def _has_every_word(results: list[ProductCard], query: str) -> ProductCard | None:
    """The one product whose name has every word the customer said (measures written either way:
    "2 metros" is "2 m"), when the query has at least two words."""
    wanted = [w for w in query.split() if w not in STOPWORDS or len(w) == 1]  # ("candado u": the letter was kept)
    if len(wanted) < 2:
        return None
    having = [r for r in results if _keys(wanted) <= _keys(tokens(r.name))]
    if not having:  # "sillín de jel", "bonba de mano": the words as they sound
        heard = {sound(k) for k in _keys(wanted)}
        having = [r for r in results if heard <= {sound(k) for k in _keys(tokens(r.name))}]
    if len(having) > 1:  # "el bajo de 4 cuerdas": the "Bajo Eléctrico …", not the "Cuerdas para Bajo"
        having = [r for r in having if tokens(r.name)[:1] and stem(tokens(r.name)[0]) == stem(wanted[0])] or having
    return having[0] if len(having) == 1 else None


def _called_alike(results: list[ProductCard], query: str, letters: bool = False) -> list[ProductCard]:
    """The products with a synonym that is word for word what the customer wrote (stems compared;
    with `letters`, a lone letter counts: "huevo blanco A" is not "huevo blanco")."""
    def kept(w: str) -> bool:
        return w not in STOPWORDS or (letters and len(w) == 1)
    wanted = [stem(w) for w in query.split() if kept(w)]
    return [r for r in results if wanted and any(
        [stem(w) for w in tokens(synonym) if kept(w)] == wanted
        for synonym in r.synonyms.split("|") if synonym.strip())]


def _called_exactly(results: list[ProductCard], query: str) -> ProductCard | None:
    """The one product with a synonym that is exactly what the customer wrote (word for word, stems
    compared), unless other products are called that in their names: the shop said that is its word
    for that product."""
    wanted = [stem(w) for w in query.split() if w not in STOPWORDS]
    called = _called_alike(results, query)
    if len(called) != 1:
        return None
    keys = _keys([w for w in query.split() if w not in STOPWORDS])
    named_too = [r for r in results if r is not called[0] and keys <= _keys(tokens(r.name))]
    # "chispas" for the chocolate ones, and "chispas de colores" for others: a kind of chispas too (but the
    # same thing's wholesale line, "bolsa de 5 por mayor", is its other price: the count picks it)
    headed_too = [r for r in results if r is not called[0] and _synonym_starts(r, wanted) and not TIER_NOTE.search(r.name)]
    return None if named_too or headed_too else called[0]  # "camiseta" as one product's synonym: the others are camisetas too


def fits_with(options: list[ProductCard], reference: ProductCard | None, phrase: str) -> ProductCard | None:
    """Among the options that have every product word the customer said, the one whose name shares
    most words with the product just named ("el vidrio del 14" after the iPhone 14 case: the iPhone
    14 vidrio; "y su vidrio" after the Redmi Note 12 case: the Redmi Note 12 one). None on a tie."""
    if reference is None or len(options) < 2:
        return None
    loose = lexicon.words("colors") | ATTRIBUTE_LEADS  # a colour or a size is no reason to pick
    def words(name: str) -> set[str]:  # ("x" of "x24" and "x30" is no shared word; the 8 of "8 Puestos" is)
        return {stem(w) for w in tokens(name) if w not in STOPWORDS and w not in loose and (len(w) > 1 or w.isdigit())}
    names = [words(o.name) for o in options]
    said = {stem(w) for w in phrase.split()} & set().union(*names)
    common = set.intersection(*names)
    ref = words(reference.name)
    if " / " in reference.name:  # "… Consola PS5 / Xbox Series": either, so neither tells the options apart
        ref -= set().union(*(words(part) for part in reference.name.split(" / ")[1:])) | words(
            reference.name.split(" / ")[0].split()[-1])
    def holding(card: ProductCard) -> set[str]:  # the words of the name before what it is for ("para …")
        named = tokens(card.name)
        return words(" ".join(named[:named.index("para")] if "para" in named else named))
    scored = sorted(((len((words(CONTENTS.sub(" ", o.name)) - common) & ref), o) for o, name in zip(options, names)
                     if said <= name and o.id != reference.id and not ref <= holding(o)), key=lambda so: -so[0])
    # (not a combo that holds the product just named: "y también el lavado de motor" after the
    # "Lavado General Moto" is the "Lavado de Motor Moto", not the "Combo Moto Full (lavado general + …)";
    # what a combo lists shares nothing: "… delgada de 5 y una mantequilla de 125", not the "Combo desayuno
    # (arepa delgada x10 + … + mantequilla 125 g)")
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _headed_by(results: list[ProductCard], query: str) -> ProductCard | None:
    """"un chocolate" between "Chocolate Caliente" and "Torta de Chocolate": the one whose name starts
    with the customer's word, when the query is that word alone and only one name starts with it."""
    words = query.split()
    if len(words) != 1:
        return None
    wanted = stem(words[0])
    headed = [r for r in results if (_words(r)[:1] and stem(_words(r)[0]) == wanted)]
    if len(headed) != 1 or any(r is not headed[0] and _synonym_starts(r, [wanted]) for r in results):
        return None  # "chispas": the shop also calls other ones "chispas de colores"
    return headed[0] if headed[0].score >= max(r.score for r in results) else None


def _synonym_starts(card: ProductCard, stems: list[str]) -> bool:
    """Some synonym of the product starts with these words ("chispas de colores" with "chispas")."""
    return any([stem(w) for w in tokens(synonym) if w not in STOPWORDS][:len(stems)] == stems
               for synonym in (card.synonyms or "").split("|"))


def _said_as_written(results: list[ProductCard], query: str) -> ProductCard | None:
    """"cinta transparente" between "Cinta Transparente Rollo 12 mm" and "Cinta de Embalar
    Transparente …": the one whose name has the customer's words together, in that order."""
    words = [stem(w) for w in query.split()]
    if len(words) < 2:
        return None

    def contiguous(text_words: list[str]) -> bool:
        return any(text_words[i:i + len(words)] == words for i in range(len(text_words)))

    in_name = [c for c in results if contiguous([stem(w) for w in tokens(c.name)])]
    keys = _keys([w for w in query.split() if w not in STOPWORDS])
    if len(in_name) == 1 and not _headed_elsewhere(results, in_name[0], words[0], keys):
        return in_name[0]
    together = [c for c in results if contiguous([stem(w) for w in _words(c)])]
    if len(together) != 1:
        return None
    named_too = [r for r in results if r is not together[0] and keys <= _keys(tokens(r.name))]
    return None if named_too else together[0]  # (only a synonym has them together: not if another
    # product is called that by name)


def _headed_elsewhere(results: list[ProductCard], card: ProductCard, first: str, keys) -> bool:
    """"un control de xbox": the "Cambio de Joystick … Control Xbox" has the words together, but the
    "Control Inalámbrico Xbox …" are named by the first of them and have them all: those are what the
    customer calls so. "2 carpas 3x3": the "Montaje de Carpa 3x3" has them together, but a service
    not said is no reason to pass over the "Alquiler Carpa Blanca 3x3 m" that has them all (and is
    not a "montaje")."""
    def headed(r: ProductCard) -> bool:
        return stem(tokens(r.name)[0]) == first if tokens(r.name) else False
    lead = stem(tokens(card.name)[0]) if tokens(card.name) else ""
    if is_service_line(card) and not is_rental_line(card) and not headed(card) and any(  # ("¿alquilan morrales?")
            r is not card and tokens(r.name) and stem(tokens(r.name)[0]) != lead and keys <= _keys(tokens(r.name))
            for r in results):
        return True
    return not headed(card) and any(r is not card and headed(r) and keys <= _keys(tokens(r.name)) for r in results)


@lru_cache(maxsize=1)
def service_stems() -> frozenset[str]:
    """The stems of the lexicon's words for the shop's services ("instalación", "mantenimiento")."""
    return frozenset(stem(w) for w in lexicon.words("company.services"))


@lru_cache(maxsize=1)
def rental_stems() -> frozenset[str]:
    """The stems of the lexicon's words that head a rented thing's name ("alquiler")."""
    return frozenset(stem(w) for w in lexicon.words("rental"))


def is_rental_line(card: ProductCard) -> bool:
    """A thing the shop rents ("Alquiler Carpa Blanca 3x3 m"): the thing itself, though its lead word
    names a service."""
    return bool({stem(w) for w in tokens(card.name)[:1]} & rental_stems())


def is_service_line(card: ProductCard) -> bool:
    """A line named by the service it is ("Instalación de …", "Mantenimiento …", "Cambio de …",
    "Subir ruedo pantalón")."""
    first = tokens(card.name)[:1]
    return bool(first) and (stem(first[0]) in service_stems() or _names_a_doing(first[0])
                            or any(stem(first[0]) in f for f in lexicon.service_families()))


def _names_a_doing(word: str) -> bool:
    """A name that starts with a verb ("Subir ruedo …", "Pegar botones (x5)"): a job done, not a thing."""
    from .understanding import lemmas
    return lemmas.is_infinitive(word)


def _prefer_unit(results: list[ProductCard], unit: str, quantity: int | None = None,
                 said: str = "") -> list[ProductCard]:
    """"3 rollos de cinta", "2 docenas de pandebono": among the matches, the ones sold as that unit
    ("media docena" is six loose ones, not half a dozen-pack)."""
    if unit in ("docena", "docenas"):
        halves = [r for r in results if half_dozen_pack(r)]
        packs = [r for r in results if dozen_pack(r) and r not in halves]
        if quantity and quantity % 12 == 0:
            return packs or results
        if quantity and quantity % 6 == 0 and halves:  # "media docena de rosas": the "Media Docena" pack
            return halves
        return [r for r in results if r not in packs and r not in halves] or results
    unit = re.sub(r"(?<=[a-z]{3})it([oa]s?)$", r"\1", unit)  # "cajita" is a "caja"
    wanted = stem(unit)
    sold_as = [r for r in results if _sold_as(r, wanted, said.split())]
    if not sold_as and _key(unit) in MEASURES:  # "un kilo de detergente": the "Bolsa 1 kg"
        thousandth = THOUSANDTHS.get(_key(unit))  # ("un litro de gel": the "… 1000 ml")
        sold_as = [r for r in results if any((a == "1" and _key(b) == _key(unit))
                                             or (a == "1000" and thousandth is not None and _key(b) == thousandth)
                                             for a, b in zip(tokens(r.name), tokens(r.name)[1:]))]
    packs = [pack_of(r) if has_every_word(r, said) else None for r in results] \
        if not sold_as and wanted == stem(UNNAMED_PACK) and said else []
    if any(pack and pack[1] != UNNAMED_PACK for pack in packs) and any(pack and pack[1] == UNNAMED_PACK for pack in packs):
        # "un paquete de hojillas" between the "… x10" and the "… x100 (caja)": the one sold as no other unit
        sold_as = [r for r, pack in zip(results, packs) if pack and pack[1] == UNNAMED_PACK]
    return sold_as or results


def sold_as_unit(card: ProductCard, unit: str) -> bool:
    """The product is sold as that unit ("bulto" → "Detergente en Polvo Bulto 25 kg")."""
    return _sold_as(card, stem(unit))


def _sold_as(card: ProductCard, unit_stem: str, said: list[str] = ()) -> bool:
    """The name says the product is sold as that unit ("… Par", "Bulto 40 kg"), not that it holds
    some ("Paquete x 3 Pares": three pairs inside a packet). A number the customer said is part of
    the name ("5 kilos de triple 15" → "Fertilizante Triple 15 Kilo" is sold by the kilo)."""
    words = tokens(card.name)
    for group in ("quarter", "half"):
        fraction = lexicon.values("unit_fractions", group)
        if any(stem(f) == unit_stem for f in fraction):  # "2 cuartos de aceite" → "… 1/4 de Galón"
            return bool(fraction & set(words))
    packs = lexicon.words("unit_of_sale") | lexicon.words("pack_mark") | {"canasta"}
    for i, word in enumerate(words):
        counted = words[i + 1:i + 2] == ["x"] and words[i + 2:i + 3] and words[i + 2][0].isdigit()
        if stem(word) == unit_stem and not counted and any(w in packs and stem(w) != unit_stem for w in words[1:i]):
            return False  # "Six Pack Latas": sold as a pack of cans, not as a can ("Cajita … Paca x 24": a paca)
        contents = i > 0 and words[i - 1][0].isdigit() and words[i - 1] not in said \
            and (word.endswith("s") or (i > 1 and words[i - 2] == "x")
                 or (words[i - 1] != "1" and word in lexicon.words("measure"))) \
            and not re.search(rf"\d:{re.escape(words[i - 1])}\b", card.name) \
            and not (i > 2 and words[i - 2] == "x" and words[i - 3][0].isdigit())
        # ("Paquete x 3 Pares" holds pairs; not "Escala 1:64 Paquete x5", "50x70 Par", "Cónicos 02 Paquete")
        part = i > 1 and words[i - 1] == "de" and any(words[i - 2] in lexicon.values("unit_fractions", g)
                                                      for g in ("quarter", "half"))
        if stem(word) == unit_stem and not contents and not part:
            return True
    return False


def _words(card: ProductCard) -> list[str]:
    return tokens(f"{card.name} {card.synonyms}")


def sold_by_pair(card: ProductCard) -> bool:
    """A product whose unit is a pair ("Par de guantes…", "tapones (par)"): a property of the catalogue."""
    text = f"{card.name} {card.synonyms} {card.description}"
    return bool(set(tokens(text)) & lexicon.words("pair"))


SHOE_SIZES = range(19, 48)


def shoe_sized(card: ProductCard) -> bool:
    """Sized in shoe sizes ("… Talla 38", "… Número 30"): one unit is already a pair, so "2 pares" is two."""
    words = tokens(card.name)
    return any(w in ("talla", "numero", "no") and nxt.isdigit() and int(nxt) in SHOE_SIZES
               for w, nxt in zip(words, words[1:]))


def named_in_plural(card: ProductCard) -> bool:
    """A product named in plural with no count ("Guantes Largos Talla L", "Medias Tobilleras"): one unit
    is already the pair, so "un par de guantes" is one. A pack ("… x30") is not."""
    words = tokens(card.name)
    head = words[0] if words else ""
    plural = len(head) > 3 and head.endswith("s") and head.isalpha()
    return plural and not any(w.startswith("x") and w[1:].isdigit() or w == "x" for w in words) \
        and not sold_as_container(card)


def sold_as_container(card: ProductCard) -> str | None:
    """The container the product comes in, when its name or description says so ("Caja de 100 …")."""
    containers = lexicon.words("unit_of_sale") - lexicon.words("measure_of_sale")
    words = tokens(f"{card.name} {card.description}")[:6]
    return next((w for w in words if w in containers), None)


def dozen_pack(card: ProductCard) -> bool:
    """A product sold as a dozen: "Pandebono Docena", "Lápiz Negro Caja x 12"."""
    words = tokens(card.name)
    return stem("docena") in {stem(w) for w in words} or any(
        words[i] == "x" and words[i + 1] == "12" for i in range(len(words) - 1)) or "x12" in words


def _held_inside(card: ProductCard, query: str) -> bool:
    """"Kit antiplagas hogar (gel 30 g + trampas x4 + aerosol 400 ml)" for "gel de 30 g": every word said
    is in the list of what the kit holds, none in its own name; it holds the thing, it is not it."""
    listed = CONTENTS.search(card.name)
    said = [w for w in query.split() if w.isalpha() and len(w) > 2 and w not in STOPWORDS]
    if listed is None or not said:
        return False
    own = {stem(w) for w in tokens(CONTENTS.sub(" ", card.name))}
    return not any(stem(w) in own for w in said) and any(stem(w) in {stem(n) for n in tokens(listed.group(1))}
                                                         for w in said)


def _made_for(card: ProductCard, query: str) -> bool:
    """"Asiento para Sanitario Blanco" for "sanitario blanco": the kind said is in the name only after
    "para", so the product is made for that thing (`names_word` does not call it so), not that thing."""
    head = next((w for w in query.split() if w.isalpha() and w not in STOPWORDS), None)
    if head is None or head in lexicon.words("measure") | lexicon.words("unit_of_sale"):
        return False
    return not names_word(card, head) and _has_word(card, head, synonyms=False)


def _size_in_digits(phrase: str) -> str | None:
    """"helado de una bola", "(vaso de) dos bolas de chocolate": a number word before a noun, at the
    start or after "de", written in digits as names write sizes ("Cono Sencillo (1 bola)"); None when
    the phrase has none."""
    words, changed = phrase.split(), False
    for i, word in enumerate(words[:-1]):
        value = words_to_int(word) if word in NUMBER_WORDS else None
        after_noun = i > 0 and words[i - 1].isalpha() and words[i - 1] not in STOPWORDS  # "sanitario una pieza"
        if value and (i == 0 or words[i - 1] in ("de", "del") or after_noun) and words[i + 1].isalpha() \
                and words[i + 1] not in NUMBER_WORDS and words[i + 1] not in STOPWORDS:
            words[i], changed = str(value), True
    return " ".join(words) if changed else None


def _named_size(card: ProductCard, sized: str) -> bool:
    """The product's name writes one of the sizes of `sized` ("1 bola"): the number, then that word."""
    said = sized.split()
    name = tokens(card.name)
    return any(w.isdigit() and nxt and any(same_word(stem(nxt), stem(n)) for a, n in zip(name, name[1:])
                                           if a == w or (a in NUMBER_WORDS and words_to_int(a) == int(w)))
               for w, nxt in zip(said, said[1:] + [""]))  # ("Cono Sencillo (1 bola)", "Sanitario Una Pieza")


def _half_named(card: ProductCard) -> bool:
    """"Huevos AA Media Cubeta x15": half of a unit of sale, named so."""
    words = tokens(card.name)
    units = lexicon.words("unit_of_sale") | lexicon.words("measure") | lexicon.words("dozen")
    return any(a in ("media", "medio") and b in units for a, b in zip(words, words[1:]))


def half_dozen_pack(card: ProductCard) -> bool:
    """"Rosas Rojas Media Docena", "… x 6", or a description that says it is one ("Combo 6 Empanadas":
    "Media docena de empanadas …"): a pack of six."""
    words = tokens(card.name)
    said = tokens(card.description or "")

    def half(w):
        return any(a in ("media", "medio") and stem(b) == stem("docena") for a, b in zip(w, w[1:]))
    return half(words) or half(said[:3]) \
        or any(words[i] == "x" and words[i + 1] == "6" for i in range(len(words) - 1)) or "x6" in words


DAY_STEM = next(stem for stem, days in lexicon.table("period_days").items() if days == 1)


def periods_said(card: ProductCard, phrase: str, message: list[str] | None = None, bare: bool = False) -> int | None:
    """"una cama hospitalaria por dos semanas" of the "Alquiler … por Semana", "por las mismas 2 noches":
    that many of it (the name says the product is one of that period, the customer says how many).
    `message`: the whole message's words, read when the phrase does not say it. `bare`: no count was
    said, so "el guía 3 días" counts too (with a count, "3 kilos" of the "… por Kilo" is that count)."""
    named = tokens(card.name)
    periods = periods_of(card)
    nights = {singular_stem(w) for w in lexicon.words("night")}
    if not periods and not nights & {singular_stem(w) for w in named}:
        return None  # (a night named is one: "Hotel noche perro grande", "del 20 al 27" is 7 of it)
    said = phrase.split()
    for words in (said, message or []) if periods else ():
        for i in range(len(words) - 1):
            parsed = parse_number_at(words, i)
            if parsed is None or parsed[1] >= len(words) or parsed[0] < 2 or words[parsed[1]] in STOPWORDS:
                continue  # ("H7 para mi Mazda": "para" is no "par")
            period = singular_stem(words[parsed[1]]) in periods
            if i and words[i - 1] in lexicon.words("number_is_what") and measure_key(words[parsed[1]]) is None:
                if period and words[i] not in named:
                    return parsed[0]  # "el sofá de 3 puestos" of the "Tapizado … por Puesto": 3 each
                continue  # ("velón de 7 días": what it is; "… por kilo … de 15 kilos de manteles": how many kilos)
            after_por = "por" in words[max(0, i - 3):i]  # ("por 2 noches", "por las mismas 2 noches")
            after_thing = words is said and i > 0  # ("un DJ con luces 5 horas": the count said apart)
            if (bare or after_por or after_thing) and period:
                return parsed[0]
    if (periods or {singular_stem(w) for w in named}) & (nights | {DAY_STEM}):
        for words in (phrase.split(), message or []):  # (a day rented is 24 hours: "del viernes al lunes", 3)
            between = _nights_between(words)
            if between is not None:
                return between
    return None


def priced_by_area(card: ProductCard) -> bool:
    """"Pintura de fachada por m2", "Banner en Lona por m²", "Machimbre de Pino (metro cuadrado)": one of
    it is a square metre (not "Apartamento hasta 60 m2", a size; nor "Sonda (por metro)", a length)."""
    named = tokens(card.name.replace("²", " 2"))
    metre = lexicon.values("measure_same", "metre")
    return any(w in metre and named[i + 1:i + 2] and (named[i + 1] == "2" or named[i + 1] in lexicon.words("square"))
               and (i and named[i - 1] == "por" or (i + 2 == len(named) and not named[i - 1].isdigit()))
               for i, w in enumerate(named))


PREMISES_REACH = 4  # "la oficina es de 120 metros", "el apartamento tiene como 70 metros"


def area_said(words: list[str]) -> int | None:
    """"son 15 metros cuadrados", "30 m2" ("30 m 2" once split), "una oficina de 120 metros" (the metres of a
    place are its area), "un tapete de 2x3" (6): the square metres said."""
    metre = lexicon.values("measure_same", "metre")
    for i in range(len(words)):
        parsed = parse_number_at(words, i)
        if parsed is None or parsed[1] >= len(words) or words[parsed[1]] not in metre:
            continue
        after = words[parsed[1] + 1:parsed[1] + 2]
        placed = set(words[max(0, i - PREMISES_REACH):i]) & lexicon.words("premises")
        if after == ["2"] or (after and after[0] in lexicon.words("square")) or placed:
            return parsed[0] if 0 < parsed[0] <= 100000 else None
    text = " ".join(words)  # "de 2x3", "de 2 x 3": its sides, multiplied (part of a square metre is a whole one)
    sides = re.search(r"\bde (\d+(?:[.,]\d+)?) ?x ?(\d+(?:[.,]\d+)?)\b", text)
    if sides:
        area = float(sides.group(1).replace(",", ".")) * float(sides.group(2).replace(",", "."))
        return math.ceil(area) if 0 < area <= 100000 else None
    return None


def _nights_between(words: list[str]) -> int | None:
    """"del 27 al 30 de diciembre", "desde el 3 hasta el 5": the nights between the two dates of one month;
    "del viernes al lunes", "desde el martes hasta el sábado", "del viernes 14 al lunes 17": between two
    days of the week (their dates, when said)."""
    span = date_span(words)
    return span[2] if span else None


def _without_dates(words: list[str]) -> list[str]:
    """"la duster del 20 al 23 de este mes", "el mazda del viernes al lunes": when, never which."""
    span = date_span(words)
    if span is not None:
        words = words[:span[0]] + words[span[1]:]
    return _without_this_period(words)


def _without_this_period(words: list[str]) -> list[str]:
    """"… de este mes", "para la semana entrante": which month or week, when it is wanted."""
    this = lexicon.words("this_period")
    periods = lexicon.period_words()
    for i in range(len(words) - 1):
        if words[i] in this and words[i + 1] in periods:
            lead = i - 1 if i and words[i - 1] in ("de", "del", "para", "pa", "el") else i
            return words[:lead] + words[i + 2:]
    return words


HOUR_SPAN = r"\bde (\d{1,2})(?:[:.]\d\d)? a (\d{1,2})(?:[:.]\d\d)?"  # "de 7 a 9", "de 7:30 a 9"
HOURS_BETWEEN = re.compile(HOUR_SPAN + r"(?= de la\b| pm\b| am\b|$| y\b)")
CLOCK_HOURS = re.compile(HOUR_SPAN + r"(?: pm\b| am\b|(?= de la\b))")  # (said with the time of day: "de 7 a 9
# de la noche", "de 8 a 10 pm": when, never a size)


def hours_between(text: str) -> int | None:
    """"de 8 a 10 de la noche", "de 7 a 9", "de 11 a 1 pm": how many whole hours the time said spans."""
    found = HOURS_BETWEEN.findall(text)
    if len(found) != 1:
        return None
    start, end = (int(n) for n in found[0])
    hours = (end - start) % 12
    return hours if 0 < hours and start <= 24 and end <= 24 else None


@lru_cache(maxsize=1)
def _time_spans() -> frozenset[str]:
    return frozenset(singular_stem(w) for w in lexicon.words("time_span"))


def periods_of(card: ProductCard, qualified: bool = True) -> set[str]:
    """What one of the product is priced by, as singular stems: "… por Noche", "Carretilla buggy - día";
    `qualified`: also a period said with more words ("- noche temporada alta")."""
    named = tokens(card.name)
    periods = {singular_stem(n) for w, n in zip(named, named[1:]) if w == "por"}
    periods |= {stem for group in PARENTHESES.findall(card.name) if len(said := tokens(group)) == 1
                and (stem := singular_stem(said[0])) in _time_spans()}  # ("Cancha fútbol 5 … noche (hora)")
    tail = card.name.rsplit(" - ", 1)[1:]
    if tail and tokens(tail[0]) and len(tokens(tail[0])) <= (3 if qualified else 1) and tail[0][:1].islower():
        periods.add(singular_stem(tokens(tail[0])[0]))  # ("- Girón" is a town, not a period)
    named = _period_named()
    return {named.get(p, p) for p in periods}  # ("- mensualidad": by the month)


@lru_cache(maxsize=1)
def _period_named() -> dict[str, str]:
    return {singular_stem(fold(word).lower()): period for word, period in lexicon.strings("period_named").items()}


def _the_thing_itself(options: list[ProductCard], phrase: str) -> ProductCard | None:
    """"la membresía de 4 cortes" among "Membresía 4 cortes (mensual)" and "Membresía 4 cortes + barba
    (mensual)", "el motocarro" among "Acarreo pequeño en motocarro", "Hora adicional de motocarro" and
    "Recargo domingo o festivo motocarro": the one line that is neither sold to go with another (an
    add-on word not said) nor another thing joined with "+"."""
    said = {stem(w) for w in phrase.split()}

    def secondary(card: ProductCard) -> bool:
        if any(tokens(synonym) == phrase.split() for synonym in (card.synonyms or "").split("|")):
            return False  # ("un router wifi 6": the "Router wifi 6 adicional" the shop calls so)
        named = set(tokens(card.name))  # (words as written: "recargable" is no "recargo")
        base, *combined = card.name.split(" + ", 1)  # "Membresía 4 cortes + barba": the one with a beard
        alone = any(o is not card and tokens(o.name)[:len(tokens(base))] == tokens(base) for o in options)
        return bool(named & lexicon.words("add_on") - set(phrase.split())) \
            or bool(combined and alone and {stem(w) for w in tokens(combined[0]) if w.isalpha()} - said
                    - {stem(w) for w in STOPWORDS})  # (when the base is sold alone too)
    kept = [o for o in options if not secondary(o)]
    if len(kept) != 1 or len(options) < 2:
        return None
    named = {stem(w) for w in tokens(kept[0].name)}
    # two words said are in its name ("¿hacen fritos …?": the "Yuca Frita" is no more the thing than the
    # "Adicional Huevo Frito")
    return kept[0] if len({stem(w) for w in phrase.split() if w not in STOPWORDS} & named) >= 2 else None


def _per_period(box: Toolbox, phrase: str, within, unit, quantity, reference) -> Resolution | None:
    """"un embalador por 3 horas", "4 barandas por semana": the line priced by that period ("Embalador
    por hora"), looked up as "embalador por hora" (the 3 says how many periods, never a number of the
    name: not the "Embalaje … 3 alcobas")."""
    words = phrase.split()
    for i in range(len(words) - 1):
        parsed = None if words[i] not in ("por", "x") else parse_number_at(words, i + 1) or (1, i + 1)
        # ("20 parales de 4 metros por semana": one week each; "el paral de 3 metros x mes")
        if parsed is None or parsed[1] >= len(words) or not _period_word(words[parsed[1]]):
            continue
        period = words[parsed[1]]
        after = [w for w in words[parsed[1] + 1:] if w not in lexicon.words("when")]  # ("… por 3 horas mañana")
        said = " ".join(words[:i + 1] + [period] + after)
        found = _resolve(box, said, within, unit, quantity, reference)
        priced = [card for card in ([found.product] if found.product else found.options)
                  if singular_stem(period) in periods_of(card)]
        named = product_phrase(" ".join(words[:i]))
        priced = [c for c in priced if named and has_every_word(c, named)] or priced if len(priced) > 1 else priced
        # ("4 barandas por semana": the Baranda, not the andamio whose description says they go apart)
        if len(priced) == 1:  # ("3 ayudantes por 4 horas": the "Ayudante por hora", not a truck "hasta 4 horas")
            return Resolution(product=priced[0], phrase=found.phrase)
        if len(priced) > 1:  # ("8 cuerpos de andamio por 15 días": which of those priced by the day; the 15
            return Resolution(options=priced, phrase=found.phrase)  # counts days, it names no "1,5")
    return None


def _period_word(word: str) -> bool:
    """A word a line may be priced by: the lexicon's periods, or any other word of time ("semana",
    "quincena": also words of other classes, so not listed as periods) — the products found must still
    be priced by it."""
    return word in lexicon.words("period") or word in lexicon.words("time_span") \
        or word.removesuffix("s") in lexicon.words("time_span")  # ("por 2 semanas")


def singular_stem(word: str) -> str:
    """"días" and "día", "noches" and "noche", "fotos" and "foto": one stem."""
    word = word[:-2] if word.endswith("es") and len(word) > 4 and word[-3] not in "aeiou" else \
        word[:-1] if word.endswith("s") and len(word) > 3 else word
    return stem(word)


_HIDDEN_INDEX: dict[int, tuple[tuple, dict[str, list[tuple[str, frozenset[str]]]]]] = {}


def _content_keys(text: str) -> frozenset[str]:
    return frozenset(singular_stem(w) for w in tokens(text) if w.isalpha() and w not in STOPWORDS)


def _hidden_index(hidden: tuple[tuple[str, str], ...]) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each word of the hidden products' names and synonyms → (name, words of one way of calling it)."""
    if id(hidden) not in _HIDDEN_INDEX:
        index: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for name, synonyms in hidden:
            for called in [name, *synonyms.split("|")]:
                keys = _content_keys(called)
                if len(keys) > 1:  # (one word alone names too much: "Guarapo" beside a "guarapo" said in passing)
                    for key in keys:
                        index.setdefault(key, []).append((name, keys))
        _HIDDEN_INDEX.clear()
        _HIDDEN_INDEX[id(hidden)] = (hidden, index)  # (the tuple is kept: its id stays its own)
    return _HIDDEN_INDEX[id(hidden)][1]


def hidden_named(card: ProductCard, message: str, hidden: tuple[tuple[str, str], ...]) -> str | None:
    """The product off sale the message asks for, where `card` only shares a word with it: "¿me alquilan
    una batería por unos días?" names the hidden "Alquiler de batería por día", not the "Sujetador de
    batería" its word "batería" found; "recarga rápida en una hora" the hidden "Recarga rápida en 1 hora",
    not the "Bornes de conexión rápida"."""
    if not hidden:
        return None
    said = _content_keys(message)
    own = _content_keys(f"{card.name} {card.synonyms or ''}")
    index = _hidden_index(hidden)
    for key in said & own:  # (a word the card shares with the hidden one: how it was found instead)
        for name, keys in index.get(key, ()):
            if keys <= said and not keys <= own:
                return name
    return None


PEOPLE = re.compile(r"\bpara (\w+) personas?\b")


def _people_said(text: str) -> int | None:
    """"para 2 personas", "Para dos personas.": how many people it is made for."""
    found = PEOPLE.search(fold(text).lower())
    return words_to_int(found.group(1)) if found else None


def _without_what_is_lacking(box: Toolbox, results: list[ProductCard], phrase: str, query: str,
                             within: list[int] | None) -> list[ProductCard]:
    """"2 planes individuales sin mascota", "el familiar de 6 sin mascota": where no name says "sin
    mascota", the word after "sin" names what the product lacks: the products are looked for without it,
    and those whose names have it go (never "Mascota adicional", nor the plan "con mascota")."""
    words = phrase.split()
    lacking = {stem(w) for s, w in zip(words, words[1:]) if s == "sin" and w.isalpha() and w not in STOPWORDS}
    if not lacking or any(_says_the_opposite(f"con {w}", r.name) for r in results for w in words if stem(w) in lacking):
        return results  # ("agua sin gas": the shop names it so)
    rest = " ".join(w for w in query.split() if w != "sin" and stem(w) not in lacking)
    if not rest:
        return results
    return [r for r in _found(box, rest, within) if not lacking & {stem(t) for t in tokens(r.name)}] or results


def grams_held(card: ProductCard) -> int | None:
    """The grams one unit of the product holds, as its name says ("por 100 g", "libra (500 g)", "kilo",
    "2 kg"); None when it says no weight."""
    words = tokens(card.name)
    for i, word in enumerate(words):
        key = measure_key(word)
        number = words_to_int(words[i - 1]) if i and words[i - 1].isdigit() else None
        if key == "gram" and number:
            return number
        if key == "kilo":
            return (number or 1) * 1000
    return None


def _in_bags_of(results: list[ProductCard], grams: int, phrase: str) -> Resolution:
    """"300 gramos de almendras": among the products found, the one whose unit holds the grams said, else
    the one whose unit makes them up whole (the 100 g bag, 3 of it); more than one, or none: ask."""
    fitting = [r for r in results if (held := grams_held(r)) and grams % held == 0]
    fitting = [r for r in fitting if any(names_word_head(r, w, synonyms=False) for w in phrase.split())] \
        or fitting  # (the almonds, not the chocolate "con almendras")
    exact = [r for r in fitting if grams_held(r) == grams]
    picked = exact or fitting
    if len(picked) == 1:
        return Resolution(product=picked[0], phrase=phrase)
    return Resolution(options=picked or results, phrase=phrase)


def _word_standing_alone(results: list[ProductCard], query: str) -> list[ProductCard]:
    """"el inglés intensivo": the "… intensivo 10 h", not the "… semi-intensivo 6 h" (a word said alone is
    not the half of a hyphenated word whose other half was not said), when some product has it alone."""
    said = [w for w in query.split() if w.isalpha() and len(w) > 3]

    def glued(card: ProductCard, word: str) -> bool:
        name = fold(card.name).lower()
        return any(other not in said for other in re.findall(rf"\b(\w+)-{word}\b", name)) \
            and not re.search(rf"(?<!-)\b{word}\b(?!-)", name)
    for word in said:
        kept = [r for r in results if not glued(r, word)]
        if kept and len(kept) < len(results) and any(_has_word(r, word, synonyms=False) for r in kept):
            results = kept
    return results


def _says_the_opposite(phrase: str, name: str) -> bool:
    """"estufa con pipeta" is not the "Estufa … sin Pipeta", nor "agua sin gas" the "Agua con Gas"."""
    said, named = phrase.split(), tokens(name)
    return any(OPPOSITE_MARKS.get(w) == other and stem(x) == stem(y)
               for w, x in zip(said, said[1:])
               for other, y in zip(named, named[1:]))


def units_for(card: ProductCard, quantity: int, unit: str | None) -> int | None:
    """How many units of the product "N pares" / "N docenas" means; None when the unit does not fit (ask)."""
    if unit and measure_key(unit) == "gram":  # "300 gramos" of the "Almendra … por 100 g": 3 of it
        held = grams_held(card)
        return quantity // held if held and quantity % held == 0 else None
    if unit in GROUPS and names_group(card, unit):  # "8 millares" of the "Ladrillo Farol (Millar)": 8
        return quantity // GROUPS[unit] if quantity % GROUPS[unit] == 0 else None
    if unit in GROUPS:  # "un millar de volantes" of the "Volantes … x1000": one; "un ciento" of the x500: ask
        pack = pack_of(card)
        return quantity if pack is None else quantity // pack[0] if quantity % pack[0] == 0 else None
    if unit in ("docena", "docenas"):
        if half_dozen_pack(card) and quantity % 6 == 0:
            return quantity // 6
        return max(1, quantity // 12) if dozen_pack(card) and quantity % 12 == 0 else quantity
    if unit != "par":
        return quantity
    if set(tokens(card.name)) & lexicon.words("pair"):  # ("para" stems to "par" too)
        return quantity
    if sold_by_pair(card) or named_in_plural(card) or shoe_sized(card):
        return quantity
    if sold_as_container(card):
        return None  # "3 pares" of a box of gloves: ask how many boxes
    return quantity * 2


def names_group(card: ProductCard, group: str) -> bool:
    """The product is sold by that group ("Ladrillo Tolete (Millar)", "Piangua por Ciento")."""
    return any(GROUPS.get(w) == GROUPS[group] for w in tokens(card.name))


RANGE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:a|-|–|hasta)\s*(\d+(?:[.,]\d+)?)")
UP_TO = re.compile(r"\bde (?:hasta|menos de) (\d+(?:[.,]\d+)?)")  # "perros de hasta 10 kg" (not "aguanta hasta 30 kg")
OVER = re.compile(r"\bde mas de (\d+(?:[.,]\d+)?)")  # "perros de más de 25 kg"


def _ranges(text: str) -> list[tuple[str, str]]:
    """The ranges a description gives ("de 10 a 20 kg", "hasta 10 kg", "más de 25 kg") as (low, high)."""
    folded = fold(text).lower()
    return RANGE.findall(text) + [("0", n) for n in UP_TO.findall(folded) if not RANGE.search(folded)] \
        + [(n, "1e9") for n in OVER.findall(folded) if not RANGE.search(folded)]


def _name_ranges(card: ProductCard) -> list[tuple[str, str]]:
    """The ranges of a measure a name gives ("Envío urbano paquete hasta 5 kg", "… 5 a 10 kg"): what the
    line holds, read as the description's ranges are."""
    named = tokens(card.name)
    ranges = []
    for i in range(len(named) - 1):
        if named[i] == "hasta" and i + 2 < len(named) and re.fullmatch(r"\d+(?:[.,]\d+)?", named[i + 1]) \
                and measure_key(named[i + 2]) is not None:
            low = named[i - 2] if i > 1 and re.fullmatch(r"\d+(?:[.,]\d+)?", named[i - 2]) and named[i - 1] == "a" \
                else "0"
            ranges.append((low, named[i + 1]))
        elif named[i] == "a" and i and i + 2 < len(named) and named[i - 1].isdigit() and named[i + 1].isdigit() \
                and measure_key(named[i + 2]) is not None and int(named[i - 1]) < int(named[i + 1]):
            ranges.append((named[i - 1], named[i + 1]))
    return ranges


def measures_said(words) -> list[float]:
    """Decimal numbers ("1,68") and two- or three-digit ones with a measure or after a describing verb
    ("92 cm", "mide 92", "pesa como 32 kilos"), one digit with both ("pesa 5 kilos"); never a bare
    count ("deme 12", "deme 2 kilos"; "… de 7 kilos" is one)."""
    words = list(words)
    measures, describing, about = lexicon.words("measure"), lexicon.words("describing"), lexicon.words("about")

    def described(i: int) -> bool:
        while i and words[i - 1] in about:
            i -= 1
        return bool(i) and words[i - 1] in describing

    def measured(i: int) -> bool:
        return i + 1 < len(words) and words[i + 1] in measures
    return [float(w) for i, w in enumerate(words) if re.fullmatch(r"\d+\.\d+", w) or (
        re.fullmatch(r"\d{2,3}", w) and (measured(i) or described(i)))
        or (re.fullmatch(r"\d", w) and measured(i) and (described(i) or (i > 1 and words[i - 1] == "de")))]
    # ("un shih tzu de 7 kilos": what it weighs)


def fits_measure(options: list[ProductCard], words) -> ProductCard | None:
    """"mide 1,80", "mi cintura mide 92 cm": the one option whose description gives a range ("para
    personas de 1,75 a 1,95 m", "cintura de 80 a 95 cm") holding a decimal or two-digit number said;
    None when none or several do."""
    def named(card: ProductCard) -> set[float]:
        return {float(w.replace(",", ".")) for w in tokens(card.name) if re.fullmatch(r"\d+(?:[.,]\d+)?", w)}
    in_every_name = set.intersection(*(named(o) for o in options)) if options else set()
    for value in measures_said(words):
        if value in in_every_name:
            continue  # "un bulto de 15 kilos" of the two "… Bulto 15 kg": what each is, not a fit
        spans = {o.id: [(lo, hi) for lo, hi in ((float(a.replace(",", ".")), float(b.replace(",", ".")))
                                                 for a, b in _ranges(o.description or "") + _name_ranges(o))
                        if lo <= value <= hi]
                 for o in options}
        fitting = [o for o in options if spans[o.id]]
        if len(fitting) == 1:
            return fitting[0]
        # "hasta 8 kg" and "hasta 20 kg" both hold a cat of 5 kilos: the one made for it is the narrower
        narrowest = {o.id: min(spans[o.id], key=lambda r: r[1] - r[0]) for o in fitting}
        inside = [o for o in fitting if all(other.id == o.id or (narrowest[other.id][0] <= narrowest[o.id][0]
                                                                 and narrowest[o.id][1] < narrowest[other.id][1])
                                            for other in fitting)]
        if fitting and len(inside) == 1:
            return inside[0]
        said = {stem(w) for w in words if w.isalpha()}
        whole = [o for o in fitting if all(stem(w) in said for w in tokens(o.name) if w.isalpha()
                                           and w not in STOPWORDS and measure_key(w) is None and w != "hasta")]
        if len(whole) == 1:  # "un envío urbano de un paquete de 4 kilos": the "Envío urbano paquete hasta 5
            return whole[0]  # kg", not the "Tiquetera … hasta 5 kg" nor the "Envío Sabana …", words not said
    return None


OF_THOSE = re.compile(r"\b\w+ de (?:esa|ese|esas|esos|estas|estos|esta|este)\b")


def pick_option(box: Toolbox, message, option_ids: list[int], ordinal: int | None,
                phrase: str | None = None) -> int | None:
    """The option a reply like "el amarillo", "el segundo" or "2" chooses, if any (`phrase`: the
    product words of the reply, without its quantity)."""
    if OF_THOSE.search(message.norm):
        return None  # "deme 3 de esas": how many, not which (the 3 is no "Número 3")
    if ordinal is not None:
        if ordinal == -1:
            return option_ids[-1]
        return option_ids[ordinal - 1] if 1 <= ordinal <= len(option_ids) else None
    number = re.fullmatch(r"\s*(?:(?:la|el)\s+)?(?:opcion\s+|numero\s+)?(\d{1,2})\s*", message.norm)
    if number and 1 <= int(number.group(1)) <= len(option_ids):
        return option_ids[int(number.group(1)) - 1]
    numbers = {w for w in message.words if w[0].isdigit()}
    said = (phrase or message.norm).split()
    if numbers and all(w[:1].isdigit() or w in STOPWORDS for w in said):  # "y la de 1": the one named with 1
        named = [c for c in (box.product_details(product_id=i) for i in option_ids)
                 if isinstance(c, ProductCard) and numbers <= set(tokens(c.name))]
        if len(named) == 1:
            return named[0].id
    found = resolve(box, phrase or message.norm, within=option_ids)
    if found.product and _told_apart(box, found.product, option_ids, message.words):
        return found.product.id
    told = with_or_without(found.options, message.words)  # "la MAC, y le entrego la vieja"
    if told is not None:
        return told.id
    fitting = fits_measure([c for c in (box.product_details(product_id=i) for i in option_ids)
                            if isinstance(c, ProductCard)], message.words)
    if fitting is not None:  # "él mide 1,68": the one made for 1,55 to 1,75 m
        return fitting.id
    counting = lexicon.words("unit_of_sale") | lexicon.words("pair") | lexicon.words("dozen")
    numbers = {w for w, after in zip(message.words, [*message.words[1:], ""])
               if w[0].isdigit() and after not in counting}
    if numbers:  # "el de 20": the option whose name carries that number (not "4 pares": how many)
        named = [c for c in box.search_products(query=" ".join(sorted(numbers)), within=option_ids, limit=10)
                 if numbers <= set(tokens(c.name))]
        if len(named) == 1:
            return named[0].id
    return _only_option_with(box, message, option_ids)


NEGATION_REACH = 4  # "no tengo la batería vieja": a "no" this many words before what it denies


def with_or_without(options: list[ProductCard], words, phrase: str = "") -> ProductCard | None:
    """"una Willard 42, le entrego la vieja" between the "… (entregando la vieja)" and the "… (sin entregar
    la vieja)": two lines whose names differ only by a "sin"; the message names what follows the "sin"
    ("vieja", "entrego") — after a "no" or a "sin" a few words before, the line without it; else the
    line with it. None when the message names none of it (ask), or when the thing asked for (`phrase`) is
    only what follows the "sin" ("…, entrego las 3 viejas" is no battery of its own)."""
    if len(options) != 2:
        return None
    names = [tokens(o.name) for o in options]
    stems = [{stem(w) for w in n} for n in names]
    without = next((i for i in (0, 1) if stems[i] - stems[1 - i] == {stem(OPPOSITE_MARKS["con"])}
                    and not stems[1 - i] - stems[i]), None)
    if without is None:
        return None
    named = names[without]
    at = named.index(OPPOSITE_MARKS["con"])
    note = {stem(w) for w in named[at + 1:] if w.isalpha() and w not in STOPWORDS}
    asked = {stem(w) for w in phrase.split() if w.isalpha() and w not in STOPWORDS}
    if phrase and asked <= note:
        return None
    said = list(words)
    denying = lexicon.words("deny") | {OPPOSITE_MARKS["con"]}
    hits = [i for i, w in enumerate(said) if w.isalpha() and w not in STOPWORDS and stem(w) in note]
    if not hits:
        return None
    denied = any(set(said[max(0, i - NEGATION_REACH):i]) & denying for i in hits)
    return options[without] if denied else options[1 - without]


def _told_apart(box: Toolbox, chosen: ProductCard, option_ids: list[int], words) -> bool:
    """Some word said names the option chosen and not every other one ("el de galón"); words found
    only in its description do not choose ("el agua está irritando los ojos": what it is for)."""
    others = [c for c in (box.product_details(product_id=i) for i in option_ids if i != chosen.id)
              if isinstance(c, ProductCard)]
    def called(card: ProductCard, word: str) -> bool:  # (in the whole name: "… para Portátil" too)
        return any(same_word(stem(word), stem(n)) for n in tokens(f"{card.name} {card.synonyms or ''}"))

    return any(called(chosen, w) and not all(called(o, w) for o in others)
               for w in words if w.isalpha() and w not in STOPWORDS) or any(
        w[:1].isdigit() and w in tokens(chosen.name) for w in words)


def _only_option_with(box: Toolbox, message, option_ids: list[int]) -> int | None:
    """"la M", "negro, talla L": the one option whose name has every distinguishing word said (size
    letters and colours the search ignores or finds everywhere)."""
    cards = [c for c in (box.product_details(product_id=i) for i in option_ids) if isinstance(c, ProductCard)]
    names = {c.id: {stem(w) for w in tokens(c.name)} | set(tokens(c.name)) for c in cards}
    words = [w for w in message.words if w not in ("el", "la", "los", "las", "de", "del", "un", "una", "talla")]
    said = []
    for word in words:
        having = {i for i, name in names.items() if word in name or stem(word) in name}
        if having and len(having) < len(names):
            said.append(having)
        elif not having and not word.isdigit() and len(word) <= 3 and word.isalpha():
            return None  # "la S" among M and L: not one of them
    if not said:
        return None
    both = set.intersection(*said)
    return both.pop() if len(both) == 1 else None


MEASURES = ("metre", "centimetre", "kilo", "gram", "litre", "millilitre", "inch", "pound", "watt", "degree")
THOUSANDTHS = {"litre": "millilitre", "kilo": "gram"}  # a thousand of these make one of those


def measure_key(word: str) -> str | None:
    """The measure a word writes ("metro", "mts", "m" → "metre"), None when it writes none."""
    return next((m for m in MEASURES if word in lexicon.values("measure_same", m)), None)


DIMINUTIVE = re.compile(r"^([a-z]{2,}?)(c?)it([oa]s?)$")


MIN_SPELLED = 5  # shorter words are too close to too many others to be read as misspelt


def _as_the_catalogue_spells(query: str) -> str:
    """"labado jeneral pa la kamioneta": a word no product has, spelt close to one word the catalogue
    has, is that word (the search already finds it so; the names are then compared with it)."""
    from .tools import catalogue_spelling, catalogue_words
    words = query.split()
    long = {stem(w) for w in words if len(w) >= MIN_SPELLED and w.isalpha()}
    known = catalogue_words(long) if long else set()  # (one read of the vocabulary for the whole phrase)
    for i, word in enumerate(words):
        if stem(word) in long - known:
            words[i] = catalogue_spelling(word) or word
    return " ".join(words)


def _without_diminutives(query: str) -> str:
    """"ollita", "cuchillitos", "tacita": the word the catalogue writes ("olla", "cuchillos", "taza"),
    when it has that word and not the diminutive."""
    from .tools import catalogue_words
    words = query.split()
    for i, word in enumerate(words if len(words) > 1 else ()):  # ("¿qué detallitos tienen?": a section, maybe)
        found = DIMINUTIVE.match(word) if len(word) > 5 else None
        if not found:
            continue
        stem_, c, ending = found.groups()
        bases = [stem_ + ending] + ([stem_ + "z" + ending, stem_] if c else [])  # "tacita": taza; "pancito": pan
        known = [b for b in bases if catalogue_words({stem(b)})] if not catalogue_words({stem(word)}) else []
        if known:  # ("Pollito de Engorde": the catalogue's own word stays)
            words[i] = known[0]
    return " ".join(words)


def _measures_abbreviated(query: str) -> str | None:
    """The query with each measure after a number written short ("5 kilos" → "5 kg"), as names often
    write it; None when it has none written long."""
    words = query.split()
    changed = False
    for i, word in enumerate(words[1:], 1):
        key = measure_key(word) if words[i - 1][:1].isdigit() else None
        key = None if key == "inch" else key  # (inches are written whole, or as ")
        short = min(lexicon.values("measure_same", key), key=len) if key else word
        if short != word:
            words[i], changed = short, True
    return " ".join(words) if changed else None


def _key(word: str) -> str:
    """A word as names are compared: its stem, or its measure ("metro", "mts" and "m" are one)."""
    return next((m for m in MEASURES if word in lexicon.values("measure_same", m)), None) or stem(word)


def _keys(words: list[str]) -> set[str]:
    """Words as names are compared; a measure after a number is that measure however written ("1
    metro" and "1 m"), while a unit on its own stays itself ("Kilo" is sold by the kilo, "50 kg" is
    a size)."""
    words = [part for w in words for part in (tokens(w) if GLUED.fullmatch(w) else [w])]  # ("ps5": "ps 5")
    # a size in metres with centimetres is its centimetres: "colchón de 1.40" is a 140x190 one
    words = [str(int(w[0]) * 100 + int(w[2:])) if re.fullmatch(r"\d[.,]\d\d", w) else w for w in words]
    # a number written with thousands ("9.000 BTU") is the one said without them ("de 9000")
    words += [w.replace(".", "") for w in words if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", w)]
    # "Rollo x100 m" holds 100 m: the count before a measure is also that measure ("los de 100 metros")
    words += [p for i, w in enumerate(words[:-1]) if re.fullmatch(r"x\d+", w) and _key(words[i + 1]) in MEASURES
              for p in (w[1:], words[i + 1])]
    keys = {(duration_key(w) or _key(w)) if i > 0 and words[i - 1][:1].isdigit() else stem(w)
            for i, w in enumerate(words)}
    # a size written "185/65" is also "185 65" (not a fraction: "1/2" stays whole)
    keys |= {part for w in words if re.fullmatch(r"\d{2,}/\d{2,}", w) for part in w.split("/")}
    # the number goes with its measure: "3 metros" is "3 m", not a 5 m with "3 Tomas"
    return keys | {f"{words[i - 1]} {_key(w)}" for i, w in enumerate(words)
                   if i > 0 and words[i - 1][:1].isdigit() and _key(w) in MEASURES} \
        | {f"{words[i - 1]} {duration_key(w)}" for i, w in enumerate(words)
           if i > 0 and words[i - 1][:1].isdigit() and duration_key(w) is not None}


DURATIONS = ("hour", "minute")


def duration_key(word: str) -> str | None:
    """The length of time a word writes after a number ("minutos", "min" → "minute"), as names say it."""
    return next((d for d in DURATIONS if word in lexicon.values("duration_same", d)), None)


def has_every_word(card: ProductCard, phrase: str) -> bool:
    """Every word of the phrase is in the product's name (measures written either way)."""
    words = [w for w in phrase.split() if w not in STOPWORDS]
    return bool(words) and _keys(words) <= _keys(tokens(card.name))


def _siblings(box: Toolbox, card: ProductCard, family: list[str], wanted: list[str]) -> list:
    results = box.search_products(query=" ".join(family + wanted), limit=20)
    if len(results) < 20:  # "el de 1 metro": names may write "1 m"
        query = " ".join(family + [w for w in wanted if _key(w) not in MEASURES])
        seen = {r.id for r in results}
        results += [r for r in box.search_products(query=query, limit=20) if r.id not in seen]
    return [r for r in results if r.id != card.id and (_keys(wanted) <= _keys(tokens(r.name))
                                                       or _keys(wanted) <= _keys(tokens(r.synonyms)))
            and {stem(w) for w in family} <= {stem(w) for w in tokens(r.name)}]  # ("y la morena": a synonym)


def variant_of(box: Toolbox, card: ProductCard, said: str) -> Resolution:
    """The sibling of a product that has the attributes the customer said ("¿y el de 50?",
    "cámbiemelo por talla L"): same family of name, those words in it, as little else changed."""
    said = " ".join(w for w in tokens(said) if w not in lexicon.words("filler"))
    for phrase in lexicon.phrases("filler"):  # "por favor"
        said = re.sub(rf"(?<![a-z]){' '.join(phrase)}(?![a-z])", " ", said)
    asking = lexicon.words("stock") | lexicon.words("availability") | lexicon.words("confirm")  # "¿… sí hay?"
    from .understanding import lemmas
    having = lexicon.lemmas("availability")  # "¿y en blanca sí hay?", "¿tienen en rojo?"
    wanted = [w for w in tokens(said) if w not in ("el", "la", "los", "las", "de", "del", "y", "por", "en", "un",
                                                   "una", "que", "sea", "mejor") and w not in asking
              and lemmas.lemma(w) not in having]
    if not wanted:
        return Resolution(phrase=said)
    current = tokens(card.name)
    family = [w for w in current if not w[0].isdigit() and len(w) > 1][:2]
    have = _siblings(box, card, family, wanted)
    if len(family) > 1:  # "dame 3 del de 50" after the argollados: a cuaderno of 50; "y una trasera"
        seen = {r.id for r in have}  # after the "Luz Delantera": the second word was an attribute
        have += [r for r in _siblings(box, card, family[:1], wanted) if r.id not in seen]
        family = family if any(r.id in seen for r in have) else family[:1]
    if not have:
        return Resolution(phrase=" ".join(family + wanted))
    base = {stem(w) for w in current}
    asked = {stem(w) for w in wanted}

    def fit(r: ProductCard) -> int:
        """Words kept from the product talked about, less words neither it nor the customer has."""
        names = {stem(w) for w in tokens(r.name)}
        return len(base & names) - len(names - base - asked)
    having = [r for r in have if _keys(wanted) <= _keys(tokens(r.name))]
    have = having or have  # "¿y el kilo?": a sibling that says kilo, before one that only changes less
    scored = sorted(have, key=lambda r: (-fit(r), len(tokens(r.name))))
    best = fit(scored[0])
    top = [r for r in scored if fit(r) == best]
    if len(top) == 1:
        return Resolution(product=top[0], phrase=" ".join(family + wanted))
    return Resolution(options=top[:MAX_OPTIONS], phrase=" ".join(family + wanted))


def same_word(a: str, b: str) -> bool:
    """Stems of one word: equal, one the other's start ("gallet" / "galleteri"), or a small typo."""
    from rapidfuzz import fuzz
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)):
        return True
    return fuzz.ratio(a, b) >= 88


def names_word(card: ProductCard, word: str) -> bool:
    """The product is called that: the word is in its name or heads one of its synonyms (not only in
    its description, "medias … para vestido", nor after "para": "papel para impresora", "alimento
    para hámster" are not printers nor hamsters)."""
    if GLUED.fullmatch(word):
        return _glued_in(f"{card.name} , {(card.synonyms or '').replace('|', ' , ')}", word)
    heads = _synonym_heads(card)
    name = tokens(card.name)
    if "para" in name:
        name = name[:name.index("para")]
    words = name + [h[0] for h in heads if h]
    return any(same_word(stem(word), stem(w)) or same_word(word, w) or sound(stem(word)) == sound(stem(w))
               for w in words)


def names_word_head(card: ProductCard, word: str, synonyms: bool = True) -> bool:
    """The word starts the product's name or one of its synonyms ("cloro" for "Cloro Galón"), after a
    size word ("trípode" for "Mini Trípode Flexible")."""
    named = tokens(card.name)
    sizes = lexicon.words("comparison.small") | lexicon.words("comparison.big")
    heads = (_synonym_heads(card) if synonyms else []) + [named[:1]] + \
        ([named[1:2]] if named[:1] and named[0] in sizes else [])
    said = stem(word)
    return any(h and (stem(h[0]) == said or sound(stem(h[0])) == sound(said)) for h in heads)  # ("jaiva")


def _synonym_heads(card: ProductCard) -> list[list[str]]:
    """The first word of each synonym, and the word after a unit it is sold in ("par de pesas de 10
    kilos": par and pesas; "tubo de ruta": tubo, and ruta)."""
    units = lexicon.words("unit_of_sale") | {"par", "pares", "de", "del"}
    heads = []
    for synonym in (card.synonyms or "").split("|"):
        words = tokens(synonym)
        heads.append(words[:1])
        while len(words) > 1 and (words[0] in units or words[0][:1].isdigit()):
            words = words[1:]
        heads.append(words[:1])
    return [h for h in heads if h]


def names_products(box: Toolbox, word: str) -> bool:
    """The catalogue starts products' names with the word ("arreglo": "Arreglo de Grado"); looked
    up without logging a tool call, as the message is being read."""
    from .tools import TOOLS
    return any(names_word_head(card, word, synonyms=False)
               for card in TOOLS["search_products"].fn(box.ctx, query=word, limit=5))


def called_by_head(card: ProductCard, phrase: str) -> bool:
    """Some word asked for is what the product is called, in its name or heading a synonym ("una
    torta de chocolate" is no "Platos 7 pulgadas x20" whose synonyms say "platos de torta")."""
    words = phrase.split()
    cut = purpose_at(words)
    units = lexicon.words("unit_of_sale") | lexicon.words("measure")
    said = [w for w in product_phrase(" ".join(words[:cut])).split() if w.isalpha() and len(w) > 2
            and (w not in lexicon.everyday_words() or w in units)]
    section = {stem(w) for w in tokens(card.category or "")}
    name = tokens(card.name)
    made_for = {stem(w) for w in name[name.index("para") + 1:][:1]} if "para" in name else set()
    head = next((w for w in said if w not in units), None)
    if head is not None and stem(head) in made_for and not names_word(card, head) \
            and not any(names_word(card, w) for w in said if w in units):  # ("una canastilla del skimmer")
        return False  # ("un rollo de zuncho metálico" is no "Grapas Metálicas para Zuncho")
    if said and any(len(named) > 1 and named[1:] == tokens(phrase) and names_word(card, named[0])
                    for named in (tokens(synonym) for synonym in (card.synonyms or "").split("|"))):
        return True  # "4 pares de triple A": the "Pila AAA x2" the shop calls "pilas triple a"
    return not said or any(names_word(card, w) or stem(w) in section for w in said) \
        or any(w.endswith("s") and names_word(card, w[:-1]) for w in said) \
        or any(len(w) > 4 and w != n and sound(w) == sound(n) and stem(n) not in made_for
               for w in said for n in name)
    # ("3 ck one de 100 originales": of the section "Perfumes Originales"; "20 tees": a plural no stem
    # undoes; "un tatuage mini": misspelt)
