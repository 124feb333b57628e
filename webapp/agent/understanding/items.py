"""Product mentions in a message: quantities, units of sale, quantity changes and removals.

All words come from the lexicon by class; the message is tokenised once (`Message`).

    extract_item_requests("2 cascos y 3 pares de guantes")
        → [ItemRequest(2, "cascos"), ItemRequest(3, "guantes", unit="par")]
    extract_item_requests("dos cuadernos de 100 hojas")   → [ItemRequest(2, "cuadernos de 100 hojas")]
    extract_item_requests("3 rollos de cinta")            → [ItemRequest(3, "cinta", unit="rollo")]
"""
from __future__ import annotations

import itertools

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import lexicon
from ...services.places import only_a_destination
from ...services.text import STOPWORDS, stem
from .asking import property_asked_of
from .message import Message, leads_a_noun, message_of
from .lemmas import PARTICIPLE
from .numbers import DOZEN_WORDS, GROUPS, NUMBER_WORDS, TENS, UNITS, parse_number_at, parse_quantity_at
from .pieces import piece_said

ARTICLES = frozenset("el la los las unos unas".split())
SHARES = frozenset({"uno", "una", "otro", "otra"})
CLITICS = lexicon.words("pronoun.object") | lexicon.words("pronoun.indirect")
POSSESSIVES = frozenset({"mi", "mis", "su", "sus", "tu", "tus", "nuestro", "nuestra", "nuestros", "nuestras"})
OBJECT_LEAD = (("a",), ("de",), ("del",), ("los",), ("las",), ("el",), ("la",), ("para",), ("en",))
FUNCTION_WORDS = frozenset("""de del para a al el la los las lo le les se con me nos te que y e en por su sus
    mi mis tu tus""".split())
VERB_CLASSES = ("buy", "availability", "show", "tell", "quote", "add_verbs", "price")  # ("cobrar")


@dataclass(frozen=True)
class ItemRequest:
    """One product mention: quantity (None when not said), folded phrase, relative ("otro"),
    and the unit of sale said with the number ("rollo", "par", "libra"), if any."""

    quantity: int | None
    phrase: str
    relative: bool = False
    unit: str | None = None
    some: bool = False  # said with "unos" / "unas": wanted, how many not said
    of_the: bool = False  # "una libra del de pelada", "2 kilos de la de cerdo": that variant of the one talked about
    each: str | None = None  # "un soporte pa cada uno", "… pa cada panel": one for each of those (the words after "cada")
    done_to: str | None = None  # "estampado media carta en 6 camisetas": what a service is done to (end of the phrase)


SOME = ("unos", "unas")
OF_THE = re.compile(r"(?:del|de (?:el|la|los|las)) de ")
CLITIC_WORDS = lexicon.words("pronoun.clitic")


# --- word sets (from the lexicon) ------------------------------------------------------------

@lru_cache(maxsize=1)
def _sets() -> dict:
    lead_words = set().union(*(lexicon.words(n) for n in (
        "filler", "greeting", "vocative", "confirm", "thanks", "price", "stock", "question", "catalog",
        "quote", "only", "apology", "show")))
    lead_phrases = tuple(p for n in ("filler", "greeting", "confirm", "price", "stock", "catalog", "quote",
                                     "strong_buy", "buy", "order_intro", "order_into", "take_it",
                                     "change_quantity")  # ("mejor que sean las de 200 bombillos")
                         for p in lexicon.phrases(n) if len(p) > 1)
    return {
        "lead_words": frozenset(lead_words | FUNCTION_WORDS | lexicon.words("buy")),
        "lead_phrases": tuple(sorted(set(lead_phrases), key=len, reverse=True)),
        "trail_words": frozenset(set().union(*(lexicon.words(n) for n in (
            "filler", "thanks", "vocative", "stock", "only", "price"))) | FUNCTION_WORDS),
        "trail_phrases": tuple(sorted({p for n in ("order_tail", "filler", "thanks", "stock", "only", "price")
                                       for p in lexicon.phrases(n) if len(p) > 1}, key=len, reverse=True)),
        "non_product": lexicon.words("non_product"),
        "measure": lexicon.words("measure"),
        "unit_of_sale": lexicon.words("unit_of_sale"),
        "count": lexicon.words("quantity_words"),
        "relative": lexicon.words("relative"),
        "relative_tail": lexicon.words("relative_tail"),
        "vocative": lexicon.words("vocative"),
        "loose": lexicon.words("loose"),
        "describing": lexicon.words("describing"),
        "availability_words": lexicon.words("stock") | lexicon.words("availability"),
        "people": lexicon.words("people") | lexicon.words("vocative"),
        "no_split": frozenset(stem(w) for w in lexicon.words("not_split")),
        "verbs": frozenset().union(*(lexicon.lemmas(n) for n in VERB_CLASSES)),
        "ordering": lexicon.lemmas("buy") | lexicon.lemmas("add_verbs"),
        "asking": lexicon.lemmas("buy") | lexicon.lemmas("add_verbs") | lexicon.lemmas("show") | lexicon.lemmas("quote"),
        "remove_verbs": lexicon.lemmas("remove"),
        "that": lexicon.words("that") | {short for short, word in lexicon.abbreviations().items()
                                         if word in lexicon.words("that")},  # ("q")
        "count_copula": lexicon.words("count_copula"),
        "purpose_copula": lexicon.words("purpose_copula"),
        "remove_phrases": lexicon.phrases("remove"),
        "order_words": lexicon.words("order_word"),
        "all_words": frozenset({"todo", "todos", "todas"}),
        "greeting": lexicon.words("greeting") | {"tardes", "dias", "noches"},  # ("buenas tardes vea …")
        "priced": lexicon.values("comparison.cheap", "words") | lexicon.values("comparison.expensive", "words"),
    }


def _is_verb(word: str, lemma: str | None) -> bool:
    return lemma is not None and lemma in _sets()["verbs"]


def _strip_leading(toks: list[str], lemmas: list[str | None] | None = None) -> tuple[list[str], list]:
    """Drop request words before the product ("por favor, tráigame 2 …" → "2 …")."""
    from . import lemmas as verbs
    sets = _sets()
    lemmas = list(lemmas) if lemmas is not None else [None] * len(toks)
    whom = whom_end(toks, 0) if toks else None
    if whom is not None and whom < len(toks) and toks[whom] in sets["that"]:
        return [], []  # "…, para mi mamá que cumple 60 años": for whom, and what is true of her
    if len(toks) > 3 and toks[0] == "mi" and toks[1].isalpha() and parse_quantity_at(toks, 2) is not None:
        toks, lemmas = toks[2:], lemmas[2:]  # "mi llave, 4 pares de guantes": whom it is said to
    changed = True
    while changed and toks:
        changed = False
        where = _where_first(toks)
        if where:  # "mándame pa Ciénaga de Oro un arreglo mediano": where it goes, then the thing
            toks, lemmas = toks[where:], lemmas[where:]
        for phrase in sets["lead_phrases"]:
            if tuple(toks[:len(phrase)]) == phrase:
                toks, lemmas, changed = toks[len(phrase):], lemmas[len(phrase):], True
                break
        if not changed and toks and (toks[0] in sets["lead_words"] or _is_verb(toks[0], lemmas[0])):
            toks, lemmas, changed = toks[1:], lemmas[1:], True
        elif not changed and len(toks) > 2 and toks[0].isalpha() and lemmas[0] is None \
                and lemmas[1] in sets["ordering"] and not leads_a_noun(toks[0]):
            toks, lemmas, changed = toks[1:], lemmas[1:], True  # "compadre, mándeme 3 …": whom it is said to
        elif not changed and len(toks) > 2 and lemmas[0] in lexicon.lemmas("delivery_verbs") \
                and getattr(parse_quantity_at(toks, 1), "value", 0) > 1:
            toks, lemmas, changed = toks[1:], lemmas[1:], True  # "mándeme a recoger 2 trajes …": what is taken
            # (not "necesito recoger una silla": the customer's errand)
        elif not changed and len(toks) > 2 and makes_with_count(toks, 0):
            toks, lemmas, changed = toks[1:], lemmas[1:], True  # "sáqueme 3 copias de …"
        elif not changed and len(toks) > 2 and lemmas[0] is None and verbs.verb_for_me(toks[0]) \
                and parse_quantity_at(toks, 1) and service_of(toks[0]) is None:  # ("imprímame 120 páginas")
            toks, lemmas, changed = toks[1:], lemmas[1:], True  # "cortame 4 metros de ese": any verb for me
    return toks, lemmas


ATTRIBUTE_LEADS = frozenset({"talla", "tallas", "size", "numero", "no", "referencia", "ref", "tono"})  # "tono FA"


def _where_first(toks: list[str]) -> int:
    """Where the thing starts after "pa Montería", "para Ciénaga de Oro" said first (a place of a few
    plain words, then "un" / "una" starting an item: "pa Lorica una lágrima"); 0 when it is not so ("para
    mi hija 2 camisetas", "para el viernes …", "pa mañana …" are read elsewhere)."""
    if len(toks) < 4 or toks[0] not in lexicon.words("for_whom") or toks[1] in ARTICLES | POSSESSIVES \
            or toks[1] in STOPWORDS or lexicon.words("time_noun") & set(toks):
        return 0
    start = next((j for j in range(2, min(len(toks), 6)) if toks[j] in ("un", "una") and _starts_item(toks, j)), None)
    return start if start is not None and all(w.isalpha() for w in toks[1:start]) else 0


def for_whom(words) -> int:
    """Where "pa mi sobrina", "para mis hijos" starts (for whom, never the product); the length if
    the words do not say it."""
    return next((i for i in range(len(words) - 2) if whom_end(words, i) is not None), len(words))


def whom_end(words, i: int) -> int | None:
    """Where "pa mi sobrina", "para mis dos hijos" starting at i ends (None if it does not start there)."""
    if words[i] not in ("pa", "para") or i + 2 >= len(words) or words[i + 1] not in POSSESSIVES:
        return None
    counted = parse_number_at(list(words), i + 2)  # ("pa mis dos hijos": a count of them between)
    at = counted[1] if counted is not None else i + 2
    return at + 1 if at < len(words) and words[at] in _sets()["people"] else None


def for_when(words) -> int:
    """Where "para el viernes", "pal sábado a las 4", "a las 10" starts (when it is wanted, never how
    many); the length if the words do not say it."""
    when = lexicon.words("when")
    return next((i for i in range(len(words)) if (words[i] in ("pa", "para", "pal", "el") and set(words[i + 1:i + 3]) & when)
                 or (words[i:i + 2] == ["a", "las"] and words[i + 2:i + 3] and words[i + 2][:1].isdigit())),
                len(words))


def strip_trailing(toks: list[str]) -> list[str]:
    """Drop words after the product ("… por favor", "… al pedido", "¿cascos hay?")."""
    from . import lemmas
    sets = _sets()
    availability = lexicon.lemmas("availability")
    reason = next((i for i in range(0, len(toks) - 1) if toks[i] in sets["that"]
                   and (i == 0 or toks[i - 1] not in ARTICLES | {"uno", "una", "lo"})
                   and (set(toks[i + 1:i + 4]) & (PREFACE_STARTS | sets["describing"] | {"se", "no", "todavia", "ya"})
                        or any(lemmas.lemma(w) in lexicon.lemmas("tell") for w in toks[i + 1:i + 5])
                        or set(toks[i + 1:i + 6]) & lexicon.words("is_copula")  # "… que en la casa somos hartos"
                        or (toks[i + 1] in CLITICS and i + 2 < len(toks) and lemmas.lemma(toks[i + 2]) is not None)
                        or (i == 0 and toks[i + 1] in lexicon.words("is_copula") | lexicon.words("change_quantity")))),
                  None)  # ("el libro Frin que lo pidieron en el colegio", "deme 3 que son tres faldas": why)
    # ("… que el técnico dice que le falta": who said so, not which)
    if reason is not None:  # "mil icopores C1 que mañana tengo evento", "… que se partió": why, not which
        toks = toks[:reason]
    toks = toks[:for_whom(toks)]  # "regalame uno pa mi sobrina": for whom, not which
    taken = next((i for i in range(1, len(toks) - 2) if toks[i] in lexicon.words("pronoun.customer")
                  and toks[i + 1] in lexicon.words("pronoun.object") and lemmas.lemma(toks[i + 2]) in lexicon.lemmas("buy")
                  and lemmas.first_person(toks[i + 2])),  # (not "me lo llevan": what the shop does)
                 None)
    if taken is not None and not set(toks[:taken]) <= lexicon.words("pointing") | ARTICLES:
        # "el tv de 32 me lo llevo, mi llave": the thing, then the verb that takes it ("esa me la llevo" points)
        toks = toks[:taken]
    changed = True
    while changed and toks:
        changed = False
        for phrase in sets["trail_phrases"]:
            if len(toks) >= len(phrase) and tuple(toks[-len(phrase):]) == phrase:
                toks, changed = toks[:-len(phrase)], True
                break
        if not changed and toks and (toks[-1] in sets["trail_words"] or lemmas.lemma(toks[-1]) in availability) \
                and not (toks[-1] in sets["vocative"] and len(toks) > 1 and toks[-2] in ("de", "del", "a")) \
                and not (len(toks) > 1 and toks[-2] in ATTRIBUTE_LEADS) \
                and not _grade_letter_last(toks):  # ("tono FA" keeps its "fa"; "huevo rojo A" its "a")
            toks, changed = toks[:-1], True  # ("bomba de mano" keeps its "mano")
    return toks


def _grade_letter_last(toks: list[str]) -> bool:
    """"3 cubetas de huevo rojo A", "la vitamina D": a lone letter that ends the words after a noun is
    a grade or part of the name, since the preposition ("a", "d" for "de") never ends a phrase."""
    from . import lemmas
    return len(toks) > 1 and toks[-1] in ("a", "b", "c", "d", "e", "k") and toks[-2].isalpha() \
        and toks[-2] not in FUNCTION_WORDS \
        and toks[-2] not in ARTICLES and lemmas.lemma(toks[-2]) is None


def _names_only_people(toks: list[str]) -> bool:
    """"mi papá y yo", "pa mí y mi esposa": people, each said with "mi" (never "papa" the potato); "pa
    los 15 de mi hija": whom (and what occasion) the order is for."""
    people = lexicon.words("people") | lexicon.words("vocative")
    if toks[:1] and toks[0] in ("pa", "para", "pal") and any(
            a in POSSESSIVES and b in people for a, b in zip(toks, toks[1:])) and all(
            w in STOPWORDS or w in POSSESSIVES or w in people or w.isdigit() or w in ("pa", "pal") for w in toks):
        return True
    said = [w for i, w in enumerate(toks) if w not in STOPWORDS and w not in POSSESSIVES
            and w not in ("yo", "mí", "y", "pa", "para")
            and not (parse_number_at(toks, i) is not None and toks[i + 1:i + 2] and toks[i + 1] in people)]
    # ("mis dos hijos": how many of them, still people)
    return bool(said) and any(w in POSSESSIVES for w in toks) and all(w in people for w in said)


def _whom_last(words: list[str], lemmas: list) -> tuple[list[str], list]:
    """"… y para mi esposo otra" read as "… y otra para mi esposo": for whom said after the thing."""
    for i in range(len(words) - 4):
        moved = _whom_moved(words, lemmas, i + 1) if words[i] in lexicon.words("and") else None
        if moved is not None:
            return moved
    return words, lemmas


def _whom_moved(words: list[str], lemmas: list, at: int) -> tuple[list[str], list] | None:
    """The words with "para mi esposo" starting at `at` moved after the short thing that follows it
    (no verb, no "que" clause: "para mi esposo otra" → "otra para mi esposo"); None otherwise."""
    end = whom_end(words, at) if at < len(words) else None
    if end is None or not 0 < len(words) - end <= 2 or any(lemmas[end:]) or "que" in words[end:]:
        return None
    order = list(range(at)) + list(range(end, len(words))) + list(range(at, end))
    return [words[k] for k in order], [lemmas[k] for k in order]


def _tells_what_we_have(words: list[str]) -> bool:
    """"y tenemos un perro y un gato", "tengo una moto": a clause that starts by what the speaker has
    (a count after it, no "pa …" job: "tenemos 2 apartamentos pa fumigar" is read as the job)."""
    at = 1 if words[:1] and words[0] in lexicon.words("and") else 0
    return len(words) > at + 1 and words[at] in lexicon.words("speaker_has") \
        and parse_quantity_at(words, at + 1) is not None and not set(words) & lexicon.words("for_whom")


def _tells_ages(words: list[str]) -> bool:
    """"tienen 6 y 10 años", "el niño tiene 4 añitos": a clause of ages (a verb of having, numbers and
    the word for years), no product in it."""
    from . import lemmas as verbs
    from .party import each_aged
    if each_aged(words, 0)[1] == len(words):
        return True  # "…, uno de 2 y otro de 4 años": each child's age
    ages = [i for i, w in enumerate(words) if w in lexicon.words("age_unit")]
    having = [w for w in words if w in lexicon.words("describing") or verbs.lemma(w) in lexicon.lemmas("availability")]
    if not ages or ages[-1] != len(words) - 1 or not having:  # ("tienen": the "tener" of "¿tienen …?")
        return False
    rest = [w for w in words if w not in set(having) | lexicon.words("age_unit")
            and w not in ARTICLES | POSSESSIVES | lexicon.words("people") | {"y", "e", "de"}]
    return all(w[:1].isdigit() or w in NUMBER_WORDS for w in rest)


def _turned_out_at(toks: list[str]) -> int:
    """Where the things found start in "me salieron 3 resinas" (after the pronouns and the verb), else 0."""
    at = 0
    while at < len(toks) and toks[at] in lexicon.words("pronoun.clitic"):
        at += 1
    return at + 1 if at + 1 < len(toks) and toks[at] in lexicon.words("turned_out") else 0


def _told_need(toks: list[str], lemmas: list) -> int:
    """Where the need starts in "la doctora me dijo que necesito …" (a verb of telling, "que", then a
    verb of asking for goods), else 0."""
    telling, asking = lexicon.lemmas("tell"), lexicon.lemmas("buy")
    for i in range(1, len(toks) - 2):
        if toks[i] == "que" and lemmas[i - 1] in telling and lemmas[i + 1] in asking:
            return i + 1
    return 0


def _done_already(toks: list[str]) -> bool:
    """"ya me valoraron", "me hicieron la valoración", "ya me hice la limpieza", "ya traigo la
    panorámica": what was done before or what the customer has, said first in the segment (a verb
    after "ya" and the pronouns; without "ya", only the past said of others)."""
    from . import lemmas as verbs
    words = [w for w in toks if w not in ("y", "e", "pues")]
    words = words[1:] if words[:1] == ["que"] else words
    already = words[:1] == ["ya"]
    words = words[1:] if already else words
    while words and words[0] in lexicon.words("pronoun.clitic"):
        words = words[1:]
    if not words or not verbs.told_done(words[0]) \
            or words[0] in lexicon.words("turned_out") | lexicon.words("describing"):
        return False
    asking = lexicon.lemmas("buy") - lexicon.lemmas("sending")  # ("ya quiero las 2": an order)
    return words[0].endswith(("aron", "ieron")) or (already and verbs.lemma(words[0]) not in asking)


def _tells_our_plans(toks: list[str], lemmas: list) -> bool:
    """A clause told in the first person plural with no buying verb and no number ("este puente
    bajamos a pescar", "nos vamos de paseo"): what the customers will do, not a product."""
    from . import lemmas as verbs
    sets = _sets()
    ours = [w for w in toks if w.endswith(("amos", "emos", "imos"))
            and ((verbs.lemma(w) or verbs.infinitive_of(w)) not in (None, *sets["asking"]) or w in ("vamos", "somos"))]
    return bool(ours) and not any(lemma in sets["asking"] for lemma in lemmas if lemma) \
        and not any(parse_quantity_at(toks, i) is not None and not _how_many_we_are(toks, i) for i in range(len(toks)))


def _tells_my_trip(toks: list[str], lemmas: list) -> bool:
    """"me voy 5 días pa la costa", "nos vamos de viaje el 20": the customer leaving (a form of going
    after "me"/"nos"), with no verb of asking — the days said are read with what is asked after it
    (not "me voy con el de 5 libras", a choice; nor "me voy a llevar 3", an order)."""
    words = [w for w in toks if w not in ("y", "e", "pues", "que", "ya")]
    at = next((i for i, w in enumerate(words[:4]) if w in lexicon.words("leaving")), None)
    return at is not None and at > 0 and words[at - 1] in ("me", "nos") \
        and words[at + 1:at + 2] not in (["con"], ["a"]) and not any(set(lemmas) & _sets()["asking"])


def _how_many_we_are(toks: list[str], i: int) -> bool:
    """"vamos 2 al Cocuy": the number right after the plural verb counts the customers."""
    return i > 0 and toks[i - 1].endswith(("amos", "emos", "imos")) and toks[i][:1].isdigit() \
        and (i + 1 == len(toks) or toks[i + 1] in ("al", "a", "en", "pa", "para", "pal", "personas"))


def _describes_a_thing(toks: list[str]) -> bool:
    """"la piscina tiene 40 metros cúbicos", "mi cuarto mide 3x3", "el pH me dio 8,2": a thing of the
    customer's, then a verb that describes it, then more words (not "¿la de 3 litros está?")."""
    at = next((i for i, w in enumerate(toks[:8]) if w in _sets()["describing"]), None)
    if at is None or at == 0 or at == len(toks) - 1 or set(toks[:at]) & _sets()["that"] \
            or any(w in _sets()["availability_words"] for w in toks[at + 1:]):
        return False
    from . import lemmas
    if any(lemmas.lemma(w) in lexicon.lemmas("buy") for w in toks[:at]):
        return False  # ("oiga me vende un marco negro": "marcó" is written so, but an order comes first)
    aside = lexicon.words("filler") | lexicon.words("vocative") | lexicon.words("greeting")
    before = [w for w in toks[:at] if w not in STOPWORDS and w not in POSSESSIVES and w not in aside]
    # (no verb before it: "kiero unas gafas ray van" orders)
    return 0 < len(before) <= 3 and all(w.isalpha() and lemmas.lemma(w) is None for w in before)


AREA = "m2"  # the unit of an area told alone ("son como 40 metros cuadrados, anótelo")


def _without_hour(toks: list[str]) -> list[str]:
    """"una clase de salsa pa hoy a las 7", "… para el sábado a las 10 am": the thing, without when (the
    7 is an hour, never the "(7 a 11 años)" of a name)."""
    tail = lexicon.words("hour_tail") | lexicon.words("when") | lexicon.words("of") | lexicon.words("and") \
        | ARTICLES | {"m", "en"}  # ("a las 12 m", "a las 8 de la noche", "a las 3 y media")
    at = next((i for i in range(len(toks) - 2) if toks[i] in ("a", "tipo") and toks[i + 1] in ARTICLES
               and toks[i + 2].isdigit() and int(toks[i + 2]) <= 12 and all(w in tail for w in toks[i + 3:])), None)
    if at is None or at < 2:
        return toks
    toks = toks[:at]
    when = lexicon.words("when") | lexicon.words("for_whom") | ARTICLES | {"hoy"}
    while len(toks) > 2 and toks[-1] in when:
        toks = toks[:-1]  # ("pa hoy", "para el sábado")
    return toks


def _without_where_from(toks: list[str]) -> list[str]:
    """"un closet que compré en Homecenter", "un escritorio que me llegó en caja": the thing, without the
    clause that tells where the customer got it."""
    that = _sets()["that"]
    for i in range(1, len(toks) - 1):
        after = toks[i + 1:i + 3]
        if toks[i] in that and (after[0] in lexicon.words("bought") or tuple(after) in lexicon.phrases("bought")):
            return toks[:i]
    return toks


def _already_had(toks: list[str]) -> bool:
    """"el breaker ya lo tengo", "ya tengo el soporte", "yo ya lo compré": what the customer has already
    (never an order)."""
    from . import lemmas
    has = lexicon.words("speaker_has") | lexicon.words("bought")
    at = toks.index("ya") if "ya" in toks else None
    ordered = at is not None and any(lemmas.lemma(w) in _sets()["ordering"] for w in toks[:at])
    return at is not None and any(w in has for w in toks[at + 1:at + 3]) and not set(toks) & {"no", "pero"} \
        and not ordered  # ("instálenme un aire de 12000 que ya tengo": the job on the customer's own)


def _tells_an_area(toks: list[str]) -> int | None:
    """"son 15 metros cuadrados", "son como 40 m2": an area told, nothing named (the square metres)."""
    rest = [w for w in toks if w not in _sets()["count_copula"] and w not in lexicon.words("about")]
    parsed = parse_number_at(rest, 0) if rest else None
    told = parsed is not None and len(rest) == parsed[1] + 2 \
        and rest[parsed[1]] in lexicon.values("measure_same", "metre") and rest[-1] in lexicon.words("square")
    return parsed[0] if told else None


def _tells_what_there_is(toks: list[str]) -> bool:
    """"hay una gotera en el techo de la cocina", "hay una humedad en la pared del cuarto": a thing there
    is somewhere, told (not "¿hay cable v8?")."""
    if len(toks) < 5 or toks[0] not in lexicon.words("there_is") or toks[1] not in ("un", "una", "unos", "unas"):
        return False
    return any(w == "en" and toks[i + 1] in ARTICLES | POSSESSIVES for i, w in enumerate(toks[2:7], 2)
               if i + 1 < len(toks))


def _tells_a_fault(toks: list[str]) -> bool:
    """"el iphone no carga", "la compu no prende": a thing of the customer's, then what it does not do
    (never "una camisa que no destiña", which one is wanted, nor "¿arroz no hay?")."""
    at = toks.index("no") if "no" in toks[1:5] else None
    if at is None or at + 1 == len(toks) or set(toks[:at]) & _sets()["that"]:
        return False
    from . import lemmas
    said = toks[at + 1]
    verb = lemmas.lemma(said) or lemmas.infinitive_of(said)
    if verb is None or verb in lexicon.lemmas("availability") \
            or (verb in _sets()["asking"] and lemmas.infinitive_of(said) != verb):
        return False  # (an order's verb only as what the thing does: "no carga", never "no me cargue")
    before = [w for w in toks[:at] if w not in STOPWORDS and w not in POSSESSIVES]
    return 0 < len(before) <= 3 and all(w.isalpha() and lemmas.lemma(w) is None for w in before) \
        and not any(w[:1].isdigit() for w in toks)


def states_a_price(toks: list[str]) -> bool:
    """"la resma carta vale 5.000", "el tóner cuesta 90 mil": a thing, then a price word ("vale" is also
    an "ok", so it counts only here, after the thing) and an amount."""
    return price_stated_at(toks) is not None


def price_stated_at(toks: list[str]) -> int | None:
    """Where the price word of a stated price is (after the thing it prices)."""
    priced = lexicon.words("price") | lexicon.words("confirm")
    return next((i for i, w in enumerate(toks[:-1]) if i > 1 and w in priced
                 and (parse_number_at(toks, i + 1) is not None or AMOUNT.fullmatch(toks[i + 1]))), None)


AMOUNT = re.compile(r"\$?\d{1,3}(?:[.,]\d{3})+")  # "5.000", "$23,000"


def _strip_seq(toks: list[str], seqs) -> list[str]:
    changed = True
    while changed and toks:
        changed = False
        for seq in seqs:
            if tuple(toks[:len(seq)]) == seq:
                toks, changed = toks[len(seq):], True
                break
    return toks


SINGLE_LETTER_GLUE = frozenset("xqdkp")  # "x 30", "q" (que), "d" (de), "k", "p": never a product's letter


PRICE_REMARK = frozenset({"ta", "esta", "estan", "tan", "muy", "re", "super", "que", "q", "si", "como", "uy", "ay", "huy", "jum"})
STATEMENT_STARTS = frozenset({"tengo", "porque", "es", "como", "estoy", "vivo", "soy", "somos"})
PREFACE_STARTS = frozenset({"pa", "para", "pal", "como", "porque", "es", "tengo", "voy", "vamos", "hoy", "manana"})


def _after_preface(toks: list[str], lemmas: list) -> tuple[list[str], list]:
    """"pa una fiesta de 50 personas necesito un paquete de platos…": what the order is for comes
    first; the order starts at the verb (the 50 is no quantity)."""
    if not toks or toks[0] not in PREFACE_STARTS:
        return toks, lemmas
    verbs = _sets()["verbs"]
    at = next((i for i in range(1, len(toks) - 1) if lemmas[i] in verbs), None)
    if at is None:
        return toks, lemmas
    return _strip_leading(toks[at:], lemmas[at:])


def _after_noun_lead(said: list[str], toks: list[str]) -> bool:
    """The phrase's first word came right after a number or a determiner ("2 velas", "el pase")."""
    from .message import leads_a_noun, noun_after_de
    if not toks or toks[0] not in said[1:]:
        return False
    before = said[said.index(toks[0], 1) - 1]
    return leads_a_noun(before) or before in ("la", "las", "los") or noun_after_de(before, toks[0])


def content(toks, noun_first: bool = False, counted: bool = False) -> list[str]:
    """The words of a phrase that may name a product (a phrase of only verbs names none). `counted`:
    a count came right before the first word, so a word of the shop's topics names what is counted
    ("un ciento de tarjetas", "2 facturas")."""
    from . import lemmas
    sets = _sets()
    vocative = sets["vocative"]
    found = [t for i, t in enumerate(toks) if (t.isalpha() or (t[:1].isalpha() and t.isalnum()))
             and (len(t) > 1 or t not in SINGLE_LETTER_GLUE or (i == len(toks) - 1 and i > 0 and len(toks[i - 1]) > 2
                                                                and toks[i - 1].isalpha()))  # ("vitamina d")
             and t not in STOPWORDS and (t not in sets["non_product"]
                                         or (t in vocative and i > 0 and toks[i - 1] in ("de", "del", "a"))
                                         or (counted and i == 0 and t in lexicon.words("company"))
                                         or (t in lexicon.words("order_word_thing") and i > 0
                                             and toks[i - 1] in ("de", "pa", "para"))
                                         or _leads_a_size(toks, i))]
    # ("bomba de mano": after "de", "mano" is what the product is, not a way of calling someone)
    found += [t for t in toks if "/" in t and t[0].isdigit()]  # a reference: "la 90/90-18", "43/14"
    from .message import leads_a_noun, noun_after_de
    leads = {toks[i] for i in range(1, len(toks)) if leads_a_noun(toks[i - 1]) or noun_after_de(toks[i - 1], toks[i])}
    if noun_first and toks:
        leads.add(toks[0])
    return found if any(lemmas.lemma(t) is None or t in leads for t in found) else []  # "2 velas" is no "ve las"


def _leads_a_size(toks: list[str], i: int) -> bool:
    """"el número 34", "la referencia 210": the word says which, with the number after it."""
    return toks[i] in ATTRIBUTE_LEADS and len(toks[i]) > 2 and i + 1 < len(toks) and toks[i + 1][:1].isdigit()


def _is_attribute(toks: list[str], end: int) -> bool:
    """The number just parsed is followed by a measure ("10 libras", "100 hojas"): an attribute."""
    sets = _sets()
    if end >= len(toks) or toks[end] not in sets["measure"]:
        return False
    if toks[end] == "x":
        return end + 1 < len(toks) and parse_number_at(toks, end + 1) is not None
    return True


def _unit_of_sale_at(toks: list[str], end: int) -> bool:
    """"3 rollos de cinta", "2 libras de queso": a unit of sale between the number and "de <product>"
    (not "3 tubos de 2 pulgadas", where the tube is the product)."""
    sets = _sets()
    return (end + 2 < len(toks) and toks[end] in sets["unit_of_sale"]
            and toks[end + 1] in ("de", "del") and (not toks[end + 2][0].isdigit() or _code_at(toks, end + 2)
                                                    or _letter_code_at(toks, end + 2)))


def _letter_code_at(toks: list[str], i: int) -> bool:
    """"un kilo de 134a": a number and one letter written together name a product (a gas, a grade)."""
    return i + 1 < len(toks) and toks[i].isdigit() and len(toks[i + 1]) == 1 and toks[i + 1].isalpha() \
        and toks[i + 1] not in ("x", "y", "e", "o", "u")


def _code_at(toks: list[str], i: int) -> bool:
    """"15 w 40", "20 w 50": a grade written as number, letter, number names a product, not a size."""
    return i + 2 < len(toks) and toks[i][0].isdigit() and len(toks[i + 1]) == 1 and toks[i + 1].isalpha() \
        and toks[i + 1] != "x" and toks[i + 2][0].isdigit()


def _a_time(toks: list[str], i: int) -> bool:
    """"al otro día", "la otra vez": a time, not one more of something."""
    return toks[i + 1:i + 2] != [] and toks[i + 1] in lexicon.words("time_noun")


def _starts_item(toks: list[str], i: int) -> bool:
    sets = _sets()
    if i >= len(toks):
        return False
    if toks[i] in sets["relative"]:
        return not _a_time(toks, i)
    quantity = parse_quantity_at(toks, i)
    if quantity is not None:
        return not _is_attribute(toks, quantity.end) or _unit_of_sale_at(toks, quantity.end) \
            or _size_letter_after_talla(toks, quantity.end) \
            or (toks[i].isalpha() and toks[quantity.end:quantity.end + 1] == ["x"]
                and toks[quantity.end + 1:quantity.end + 2] != [] and toks[quantity.end + 1].isdigit())
        # ("… y una x6 miel mostaza": one pack of 6, never a "1 x 6" measure)
    return toks[i] in sets["lead_words"] and toks[i] not in STOPWORDS


SIZE_LETTER = re.compile(r"x{0,3}[sml]")  # "S", "M", "L", "XL", "XXL"


def _size_letter_after_talla(toks: list[str], end: int) -> bool:
    """"2 camisetas talla L y una M": after a size said with "talla", a count and a size letter are one
    more item of that size (never "una m", a metre)."""
    return end < len(toks) and bool(SIZE_LETTER.fullmatch(toks[end])) and end + 1 == len(toks) \
        and any(w in lexicon.words("size_lead") for w in toks[:end])


def _split_conjunctions(toks: list[str]) -> list[list[str]]:
    """Split on y/e between items, not in attribute lists ("de 10 y 20 lb", "blanco y negro")."""
    from . import lemmas
    sets = _sets()
    segments, current = [], []
    for i, tok in enumerate(toks):
        if tok == "con" and current and toks[i + 1:i + 2] in (["su"], ["sus"]) and i + 2 < len(toks):
            segments.append(current)  # "la llanta con su neumático": two products
            current = []
            continue
        if tok == "con" and current and toks[i + 1:i + 2] in (["el"], ["la"], ["los"], ["las"]) \
                and toks[i + 2:i + 3] == ["de"] and i + 3 < len(toks):
            segments.append(current)  # "la montura negra con los de filtro azul": the lenses talked about
            current = []
            continue
        if tok == "con" and current and (counted := parse_quantity_at(toks, i + 1)) is not None \
                and _unit_of_sale_at(toks, counted.end) and toks[counted.end + 1:counted.end + 2] == ["de"]:
            segments.append(current)  # "medio pollo asado con una porción de yuca cocida": two products
            current = []
            continue
        if tok in ("su", "sus") and not current and segments and toks[i - 1] in ("con", "y", "e"):
            continue
        if tok == "y" and current and toks[i + 1:i + 2] in (["medio"], ["media"]) and stem(toks[i - 1]) in HALVED:
            current.append(tok)  # "una coca de litro y medio": one size
            continue
        if tok in ("i", "and") and current and i + 1 < len(toks) and parse_quantity_at(toks, i + 1) is not None:
            tok = "y"  # "una media de tapa roja i 2 gingers": a typed "y"; "4 arepas and 2 coca colas"
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if tok == "e" and current and not (after.startswith("i") or (after.startswith("hi") and not after.startswith("hie"))) \
                and (not after[:1].isdigit() or len(toks[i - 1]) <= 3):
            current.append(tok)  # "la batería LP-E10" is a code; "e" joins before an i sound ("agujas e hilos")
            continue
        if tok in lexicon.words("and") and current and i + 1 < len(toks) \
                and service_of(current[-1]) is not None and service_of(toks[i + 1]) is not None:
            current.append(tok)  # "lávenme y plánchenme 3 pantalones", "pa lavar y planchar": one service
            continue
        if tok in lexicon.words("and") and current and i + 1 < len(toks):
            # "de 10 y 20 libras" is one item; "de 12 y 2 pegantes" starts another one
            nxt_quantity = parse_quantity_at(toks, i + 1)
            compound = toks[i - 1] in TENS and toks[i + 1] in UNITS  # "treinta y dos"
            new_item = not compound and nxt_quantity is not None and nxt_quantity.end < len(toks) and \
                (not _is_attribute(toks, nxt_quantity.end) or _unit_of_sale_at(toks, nxt_quantity.end)) and \
                toks[nxt_quantity.end].isalpha()  # "papel de 24 y 2 galones de cloro": two items
            unit_only = _unit_only(toks[i + 1:]) and (parse_number_at(toks, i - 1) is None
                                                      or toks[i + 1] in ("un", "una", "uno"))
            prev_number = (parse_number_at(toks, i - 1) is not None and not new_item) or (
                toks[i - 1] in DOZEN_WORDS and toks[i + 1] == "media")
            nxt = toks[i + 1]
            plain_word = nxt.isalpha() and (nxt not in STOPWORDS or nxt in ARTICLES or nxt in ("su", "sus"))
            possessive = nxt in lexicon.words("determiner") and i + 2 < len(toks) \
                and toks[i + 2].isalpha() and toks[i + 2] not in STOPWORDS  # "… note 12 y su vidrio", "de 400 y el acondicionador"
            indefinite = nxt in ("unos", "unas") and toks[i + 2:i + 3] != [] and toks[i + 2].isalpha() \
                and toks[i + 2] not in STOPWORDS  # "… de fuste 17 y unos zamarros talla M": another thing
            ordering = lemmas.lemma(nxt) in sets["ordering"]  # "… de 3 pisos y necesito 3 kilos de …"
            other = nxt in ("del", "de") and toks[i + 2:i + 3] and toks[i + 2][:1].isdigit()  # "del 1 y del 8"
            other = other or (nxt in ARTICLES and toks[i + 2:i + 3] in (["de"], ["del"]) and toks[i + 3:i + 4] != []
                              and toks[i + 3][:1].isdigit() and len(current) > 2 and current[-1][:1].isdigit()
                              and current[-2] in ("de", "del"))  # "la vela del 1 y la del 5"
            # "la de talla 6 y la de talla 8", "pantalón talla 10 y camisa talla 10": another one, said alike
            said_alike = (nxt in ARTICLES and toks[i + 2:i + 3] == ["de"] and toks[i + 3:i + 4] != []
                          and toks[i + 3] in ATTRIBUTE_LEADS and _sized_at(toks, i + 3)) \
                or (plain_word and nxt not in ARTICLES and toks[i + 2:i + 3] and toks[i + 2] in ATTRIBUTE_LEADS
                    and _sized_at(toks, i + 2) and _sized_at(toks, i - 2))
            # "el de 5 y el de sexto", "las tijeras de 8 y las de sastre de 10": this one and the one of that
            pointed_pair = nxt in ARTICLES and toks[i + 2:i + 3] == ["de"] and i + 3 < len(toks) and (
                (len(current) >= 3 and current[-3] in ARTICLES and current[-2] == "de")
                or ("de" in current[1:-1] and toks[i + 3].isalpha() and toks[i + 3] not in STOPWORDS))
            if possessive or indefinite or ordering or other or said_alike or pointed_pair or (not prev_number or unit_only) and stem(nxt) not in sets["no_split"] and (
                    _starts_item(toks, i + 1) or plain_word or unit_only):
                segments.append(current)
                current = []
                continue
        current.append(tok)
    if current:
        segments.append(current)
    return segments


def _sized_at(toks: list[str], i: int) -> bool:
    """A size said here: "talla 8", "número 34", or the number alone ("la de 8")."""
    return 0 <= i < len(toks) and (toks[i][:1].isdigit() or (
        toks[i] in ATTRIBUTE_LEADS and len(toks[i]) > 2 and toks[i + 1:i + 2] != [] and toks[i + 1][:1].isdigit()))


def _unit_only(toks: list[str]) -> bool:
    """"… y un galón", "… y un galón del mismo": a number and a unit of sale, nothing else but words
    pointing back (the same product, in that unit)."""
    parsed = parse_quantity_at(toks, 0)
    if parsed is None or parsed.end >= len(toks) or toks[parsed.end] not in _sets()["unit_of_sale"]:
        return False
    back = lexicon.words("pointing") | {"de", "del", "el", "la", "lo", "los", "las"}
    return all(t in back for t in toks[parsed.end + 1:])


def _counts_of_the(words: list[str]):
    """Each "de los N" / "a las N" in the words: (where "de" or "a" is, N, where N ends)."""
    for i in range(len(words) - 2):
        if (words[i] == "de" or (words[i] == "a" and not words[i + 2][:1].isdigit())) and words[i + 1] in ("los", "las"):
            # ("a las dos" camisas; not "a las 11" nor "para las 7": an hour)
            parsed = parse_number_at(words, i + 2)
            if parsed:
                yield i, parsed[0], parsed[1]


def count_of_the(words) -> int | None:
    """"la instalación de las dos", "… de los 3": one for each of the things talked about."""
    words = list(words)
    for _, count, end in _counts_of_the(words):
        if end == len(words) or not words[end].isalpha() or words[end] in STOPWORDS:
            return count
    return None


def _trailing_quantity(toks: list[str], one: bool = False) -> tuple[int | None, list[str]]:
    """'casco x 3', 'cascos cantidad 3', 'cascos 3 unidades' -> (3, ['casco']). `one`: said with "el" or
    "la", a thing in the singular, so an "x 2" after it is its pack."""
    sets = _sets()
    for marker in ("x", "cantidad"):
        if marker == "x" and any(t in sets["unit_of_sale"] and nxt in ("de", "del") and after.isalpha()
                                 for t, nxt, after in zip(toks, toks[1:], toks[2:])):
            continue  # "el paquete de platos x20": what the packet holds, not 20 packets ("tubo de 1/2 x 3" is 3)
        if marker == "x" and ({"un", "una", "unos", "unas"} & set(toks[:-2]) or one):
            continue  # "rejaleme un paqete d salchicha rica x10", "el kit coprológico x2": one, of the pack
        if len(toks) >= 3 and toks[-2] == marker and toks[-1].isdigit() and not (marker == "x" and toks[-3].isdigit()):
            return int(toks[-1]), toks[:-2]  # ("el colchón de 2x2", "caja de 25 x 25": a size)
    services = lexicon.words("company.services")
    for start, count, end in _counts_of_the(toks):
        if start and end == len(toks):
            return count, toks[:start]  # "la instalación de las dos", "el express a los dos": one for each
        if start and any(w in services for w in toks[:start]) and content(toks[end:]):
            return count, toks[:start + 2] + toks[end:]  # "la instalación de las dos cerraduras": two
    if len(toks) >= 3 and toks[-1] in lexicon.words("pair") and toks[-3] != "de" and toks[-2] != "x":
        parsed = parse_number_at(toks, len(toks) - 2)  # "botas de seguridad talla 40 dos pares"
        if parsed and parsed[1] == len(toks) - 1 and not (toks[-2].isdigit() and toks[-3].isdigit()):
            return parsed[0], toks[:-3] if toks[-3] == "a" else toks[:-2]  # ("pegado de suela a dos pares")
    for at in range(1, len(toks) - 2):
        parsed = parse_number_at(toks, at + 1) if toks[at] == "a" else None
        if parsed and parsed[1] < len(toks) and toks[parsed[1]] in lexicon.words("pair") \
                and (parsed[1] + 1 == len(toks) or toks[parsed[1] + 1] in ("de", "del")):
            return parsed[0], toks[:at]  # "las tapas de tacón ancho a dos pares de zapatos": done to two pairs
    if len(toks) >= 3 and toks[-1] in sets["count"] and toks[-3] != "de":  # ("el juego de ollas de 5 piezas")
        parsed = parse_number_at(toks, len(toks) - 2)
        if parsed and parsed[1] == len(toks) - 1:
            return parsed[0], toks[:-2]
    return None, toks


def _weighed(toks: list[str]) -> ItemRequest | None:
    """"dame 300 gramos de almendras": a weight in grams asked of a thing sold in bags of so many grams;
    the grams are the quantity, in the unit said (how many bags they make is the product's to say)."""
    parsed = parse_number_at(toks, 0) if len(toks) > 3 else None
    if parsed is None or parsed[1] != 1 or toks[1] not in lexicon.values("measure_same", "gram") \
            or toks[2] not in lexicon.words("of"):
        return None
    thing = strip_trailing(toks[3:])
    return ItemRequest(parsed[0], " ".join(thing), False, toks[1]) if content(thing) else None


def _parse_segment(toks: list[str], lemmas: list) -> ItemRequest | None:
    sets = _sets()
    said = list(toks)
    if not toks or toks[0] == "no" or _removal_start(_strip_seq(toks, _REMOVE_LEAD), lemmas):
        return None
    if _i_will(toks):
        return None  # "mejor lo recargo": what the customer will do with it, not a product
    if _the_other_is_fine(toks):
        return None  # "costura en un zapato, el otro está bien": the other one needs nothing
    timed = _without_where_from(_without_hour(toks))
    toks, lemmas, said = timed, list(lemmas)[:len(timed)], said[:len(timed)]
    area = _tells_an_area(toks)
    if area is not None:
        return ItemRequest(area, "", True, AREA)  # "son como 40 metros cuadrados": of the line talked about
    if only_a_destination(" ".join(toks)):
        return None  # "…, en Floridablanca": where to, not a product
    if len(toks) >= 4 and toks[0] in ARTICLES and toks[1] == "de" and parse_number_at(toks, 2) is not None \
            and toks[parse_number_at(toks, 2)[1]:][:1] and (toks[parse_number_at(toks, 2)[1]] in sets["measure"]
                                                           or toks[parse_number_at(toks, 2)[1]] in sets["unit_of_sale"]
                                                           or (toks[parse_number_at(toks, 2)[1]].isalpha() and
                                                               toks[parse_number_at(toks, 2)[1]] not in STOPWORDS)):
        return ItemRequest(None, " ".join(strip_trailing(toks[2:])), False, None)  # "la de 3 litros", "el de 21
        # vueltas": which one, never how many
    if len(toks) == 2 and toks[0] in ARTICLES and toks[1] in sets["relative_tail"]:
        return ItemRequest(None, toks[1], False, None)  # "la extra": the one called Extra, not one more
    weighed = _weighed(_strip_leading(toks, lemmas)[0]) if set(toks) & lexicon.values("measure_same", "gram") \
        else None  # (the lead words are stripped a second time only when grams are said)
    if weighed is not None:
        return weighed
    for i in range(1, len(toks) - 1):  # "el maestro me dijo que necesito 8 bultos de …": from the order on
        if lemmas[i] in sets["ordering"] and (toks[i - 1] in sets["that"] or (
                toks[0] in lexicon.words("of") and not any(parse_number_at(toks, j) for j in range(i)))) \
                and parse_quantity_at(toks, i + 1) is not None:  # (not "… pa mandarte una foto")
            toks, lemmas, said = toks[i:], lemmas[i:], said[i:]
            break
    asked = toks[1:] if toks[:1] in (["y"], ["e"]) else toks
    while asked[:1] and (asked[0] in lexicon.words("vocative") or asked[0] in sets["greeting"]
                         or asked[0] in lexicon.words("filler")):
        asked = asked[1:]  # "mano, estoy haciendo …", "buenas tardes vea estoy echando …"
    if len(asked) > 2 and asked[0] in sets["that"] and asked[1] in CLITIC_WORDS:
        return None  # "…, y que me lo limpien": what to do with it, not a product
    if asked[:1] and asked[0] in sets["that"] and AT_AN_HOUR.search(" ".join(asked)):
        return None  # "…, que llegue antes de las 5": when, not a product
    if asked[:1] == ["se"] and asked[1:2] and asked[1] in ("me", "nos", "le", "les") and not any(
            lemma in _sets()["asking"] for lemma in lemmas[2:]):
        return None  # "se me reventó una llanta llegando de …": what happened, not a product
    doing = asked[:1] == ["estoy"] and asked[1:2] and asked[1].endswith(("ando", "iendo", "yendo"))
    priced = sets["priced"]
    if any(w in priced for w in asked) and all(w in priced or w in PRICE_REMARK or w in sets["trail_words"]
                                               for w in asked):
        return None  # "ñerda, ta caro": a remark on the price, not a product
    if asked[1:2] and asked[0] in lexicon.words("state_of_it") and PARTICIPLE.search(asked[1]):
        return None  # "…, ya están lavadas": how they are (never the "Lavado de Gorra")
    writer = 1 if asked[:1] and asked[0] in CLITICS else 0
    if asked[writer:writer + 1] and asked[writer] in lexicon.words("writing_from") \
            and asked[writer + 1:writer + 2] in (["desde"], ["de"], ["del"]):
        return None  # "les escribo desde Pasto": who writes (never the "Pasta para Soldar")
    holds = next((i for i, w in enumerate(asked[:3]) if w in STATEMENT_STARTS), None)
    if holds is not None and next((w for w in asked[holds + 1:] if w not in ARTICLES), "") in lexicon.words("prescription"):
        return None  # "sí tengo la fórmula del veterinario de la finca": the customer's prescription
    if asked[:2] and (asked[0] in lexicon.words("bought") or (
            asked[0] in ("le", "les", "me", "nos") and asked[1:2] and asked[1] in lexicon.words("bought"))):
        return None  # "compré 3 metros de lino y me sobró uno": a purchase already made
    owned = _owned_for_a_job(asked)
    if owned is not None:
        return owned
    if asked[:1] and asked[0] in STATEMENT_STARTS and (asked[0] != "estoy" or doing) and not any(lemma in _sets()["asking"] for lemma in lemmas[1:]):
        return None  # "…; tengo la fórmula de este año", "tengo 2 perros", "estoy haciendo una torta": about the customer
    toks, lemmas = _after_preface(*_strip_leading(toks, lemmas))
    timely = lexicon.words("filler") | lexicon.words("non_product")  # "pa mañana temprano", "pa hoy"
    when = next((j for j in range(2, len(toks)) if toks[j] not in timely), 0) \
        if toks[:1] in (["pa"], ["para"]) and toks[1:2] and toks[1] in timely else 0
    if when and parse_quantity_at(toks, when) is not None:  # "necesito pa mañana temprano 2 aceites": when
        toks, lemmas = toks[when:], lemmas[when:]
    elif toks[:1] in (["pa"], ["para"]) or (toks and said[-len(toks):] == toks
                                          and {"pa", "para"} & set(said[-len(toks) - 2:-len(toks)])):
        # "para la izada de bandera 3 polleras de niña": what they are for, then the count
        counted = next((j for j in range(2, len(toks) - 1) if toks[j - 1] != "de" and toks[j][:1].isdigit()
                        and parse_quantity_at(toks, j) is not None and toks[j + 1].isalpha()
                        and toks[j + 1] not in STOPWORDS and not _is_attribute(toks, j + 1)), None)
        if counted is not None:
            toks, lemmas = toks[counted:], lemmas[counted:]
    counted = parse_quantity_at(toks, 0)
    if counted is not None and toks[counted.end:counted.end + 1] == ["de"] and len(toks) == counted.end + 4 \
            and toks[counted.end + 1].isdigit() and toks[counted.end + 2] in ("a", "hasta") \
            and toks[counted.end + 3].isdigit():
        return ItemRequest(counted.value, " ".join(toks[counted.end + 1:]), False, None)
        # "deme 2 de 20 a 40": two of the one for that range (never the size "2 20 40")
    sizes = [w for w in toks if w[:1].isdigit()]
    if len(sizes) >= 3 and all(w[:1].isdigit() or w in SIZE_GLUE for w in toks):
        return ItemRequest(None, " ".join(sizes), False, None)  # "¿qué tiene en 265 70 16?": that size, no count
    if len(said) >= 3 and toks == said[-1:] and said[-3] in ARTICLES and said[-2] == "de" and said[-1].isdigit():
        return ItemRequest(None, said[-1], False, None)  # "dame el de 4 y …": the one of that size
    some = bool(toks) and toks[0] in SOME
    if len(toks) > 1 and toks[0] in sets["purpose_copula"] and toks[1] in ("pa", "para", "pal"):
        toks, lemmas = toks[1:], lemmas[1:]  # "…, son pa unos recordatorios": what they are for
    elif len(toks) > 2 and toks[0] in sets["count_copula"] and toks[1][:1].isdigit() and toks[2] not in sets["people"] \
            and toks[2] not in sets["measure"]:  # (not "son 25 niños", "son 4 metros hasta el patio")
        toks, lemmas = toks[1:], lemmas[1:]  # "son 2 togas del grado pa lavar en seco": how many there are
    if len(toks) >= 4 and toks[0] in ("medio", "media") and toks[1] in ("kilo", "kg") and toks[2] in ("de", "del"):
        # "medio kilo de tomate": 500 g, the libra the shops sell; never the kilo
        return ItemRequest(1, " ".join(strip_trailing(toks[3:])), False, "libra")
    if len(toks) >= 4 and toks[0] in ("medio", "media") and toks[1] in ("libra", "lb") and toks[2] in ("de", "del"):
        return ItemRequest(1, " ".join(strip_trailing(toks)), False, None)  # "y media libra del pink bourbon": one
    if toks and toks[0] in ("pa", "para", "pal") and not any(t[0].isdigit() for t in toks):
        return None  # "pa los jugos de la semana: …": what it is for, not a product
    counted = _service_count(toks)
    if counted is not None:
        return counted
    if len(toks) > 2 and toks[0] in lexicon.words("pointing") and parse_quantity_at(toks, 1) is not None:
        toks = toks[1:]  # "agréguele esos 2 metros": 2 of them
    trimmed = strip_trailing(list(toks))  # ("deme do kilo entonce")
    if len(trimmed) == 1 and (trimmed[0] in lexicon.words("pair") or trimmed[0] in lexicon.words("dozen")) \
            and said.index(trimmed[0]) > 0 and said[said.index(trimmed[0]) - 1] in ("el", "la"):
        return ItemRequest(1, "", True, "docena" if trimmed[0] in lexicon.words("dozen") else "par")
        # "bueno, deme el par entonces": that one, by the pair
    if _unit_only(trimmed):  # "un galón (del mismo)"; relative when it points back ("2 bultos de esa")
        toks = trimmed
        parsed = parse_quantity_at(toks, 0)
        pointing = bool(set(toks[parsed.end + 1:]) & lexicon.words("pointing"))
        return ItemRequest(parsed.value, "", pointing, toks[parsed.end])
    relative, unit, of_the, spelled = False, None, False, False
    if toks and toks[0] in sets["relative_tail"]:
        relative, toks = True, toks[1:]
    quantity = None
    if toks and toks[0] in sets["relative"] and not _a_time(toks, 0):
        start = len(said) - len(toks)
        if len(toks) == 1 and said[start:] == toks and start and said[start - 1] in ("el", "la"):
            return None  # "no, muy caro, deme el otro, el de cristal": the other one, not one more of this
        relative, quantity, toks = True, 1 if toks[0] in ("otro", "otra") else None, toks[1:]
    parsed = parse_quantity_at(toks, 0)
    named_by = said[len(said) - len(toks) - 1] if said[len(said) - len(toks):] == toks and len(said) > len(toks) else None
    before = said[len(said) - len(toks) - 2] if named_by == "de" and len(said) > len(toks) + 1 else None
    if parsed is not None and (named_by in ("el", "la") or before in ARTICLES) and toks[0].isdigit() \
            and int(toks[0]) > 1:
        parsed = None  # "deme la 544 negra", "alquíleme la de 4 para el fin de semana": a name, not how many
    if parsed is not None and named_by == "de" and toks[0].isdigit() and len(toks) > parsed.end \
            and set(said[:len(said) - len(toks) - 1]) <= {"y", "e"}:
        parsed = None  # "y de 30 en resina sí hay?": the size asked after another, not 30 of them
    if parsed is not None and (not _is_attribute(toks, parsed.end) or _unit_of_sale_at(toks, parsed.end)):
        end = parsed.end + (parsed.end < len(toks) and toks[parsed.end] == "x")
        spelled = not toks[0][:1].isdigit()
        quantity, toks = parsed.value, toks[end:]
        if parsed.kind == "pair":
            unit = "par"
        elif parsed.kind == "dozen":
            unit = "docena"
        elif parsed.kind in GROUPS:
            unit = parsed.kind  # "un millar de volantes": a thousand of them, however they are packed
        counted_word = bool(toks) and toks[0] in lexicon.words("seat")
        while toks and (toks[0] in sets["count"] or toks[0] in sets["relative_tail"] or toks[0] in sets["relative"]):
            relative = relative or toks[0] not in sets["count"]
            toks = toks[1:]
        if counted_word and len(toks) > 1 and toks[0] in ("pa", "para", "pal"):
            toks = toks[2:] if toks[1] in ARTICLES and len(toks) > 2 else toks[1:]  # "2 cupos pa playa blanca"
        if _unit_of_sale_at(toks, 0) and content(strip_trailing(toks[2:])):
            unit, toks = toks[0], toks[1:]  # ("6 bolsas de regalo": the bag is the product)
        of_the = OF_THE.match(" ".join(toks)) is not None  # "una libra del de pelada": of the one talked about
        if len(toks) > 3 and toks[0] == "de" and toks[1] in lexicon.words("pointing") and toks[2] == "de":
            of_the, toks = True, toks[2:]  # "dame 2 de esos de 0 grados": of the ones shown, that size
        toks = _strip_seq(toks, (("de",), ("del",), ("los",), ("las",), ("el",), ("la",)))
    toks = strip_trailing(toks)
    while toks and toks[-1] in sets["relative_tail"]:
        relative = True
        if toks[-1] != "mas":
            break  # "dos cubetas de huevos extra": also a grade some names carry, so it stays said
        toks = strip_trailing(toks[:-1])
    if quantity is None:
        counted = toks
        quantity, toks = _trailing_quantity(toks, one=named_by in ("el", "la"))
        if quantity is not None and unit is None and counted[len(toks):len(toks) + 1] == ["a"] \
                and set(counted[len(toks):]) & lexicon.words("pair"):
            unit = "par"  # "pegado de suela a dos pares": the job done to two pairs
    toks = _pack_of(toks)
    phrase = " ".join(t for t in toks if t[0].isalnum())
    if parsed is not None and quantity is not None and spelled and len(toks) == 1 and toks[0] in NUMBER_WORDS:
        return ItemRequest(quantity, phrase, relative, unit)  # "y un uno": a number after a count is its name
    alike = toks.index("igual") if "igual" in toks else None
    if relative and alike is not None and toks[alike + 1:alike + 2] == ["pero"] and toks[alike + 2:alike + 3] in (
            ["con"], ["sin"]) and toks[alike + 3:]:
        return ItemRequest(quantity or 1, " ".join(toks[alike + 2:]), False, unit, of_the=True)
        # ("y otra igual pero con azúcar": that variant of the one talked about)
    counted = parsed is not None and quantity is not None and quantity > 1 and not relative  # (not "un correo")
    if not [w for w in content(toks, noun_first=_after_noun_lead(said, toks), counted=counted)
            if w not in lexicon.words("pointing")]:
        pointing = bool(set(toks) & lexicon.words("pointing"))
        if relative and len(toks) == 2 and toks[0] == "de" and toks[1][:1].isdigit():
            return ItemRequest(quantity or 1, phrase, True, unit)  # "y otra de 128": the one of that size
        sized = toks[toks.index("pero") + 1:] if "pero" in toks else toks  # ("otro par igual pero de 40")
        sized = sized[1:] if sized[:1] in (["de"], ["del"]) else sized
        if relative and unit and sized and all(t[:1].isdigit() or t in _sets()["measure"] for t in sized):
            return ItemRequest(quantity or 1, f"de {' '.join(sized)}", True, unit)  # "y otro par de 40": that size
        if relative or (pointing and quantity):  # "otro", "2 bultos de esa": the product just shown
            return ItemRequest(quantity or 1, "", True, unit)
        if unit == "par" and toks and all(t[:1].isdigit() or t in _sets()["measure"] for t in toks):
            return ItemRequest(quantity, phrase, False, unit)  # "deme el par de 5": the size, in a pair
        if counted and unit in GROUPS:
            return ItemRequest(quantity, "", True, unit)  # "hazme un millar": of the one talked about
        if piece_said(" ".join(toks)) is not None:
            return ItemRequest(quantity, phrase, relative, unit)  # "córteme 2 de 1 x 1": pieces of that size
        return None
    return ItemRequest(quantity, phrase, relative, unit, some=some and quantity is None, of_the=of_the)


INFINITIVE_ENDINGS = ("ar", "er", "ir")


def _the_other_is_fine(toks: list[str]) -> bool:
    """"el otro está bien", "la otra sí sirve", "el otro funciona": what the other one is like, not one more."""
    from . import lemmas
    rest = [w for w in toks[2:] if w not in lexicon.words("confirm")]  # ("la otra sí sirve")
    return len(toks) >= 3 and toks[0] in ARTICLES and toks[1] in ("otro", "otra", "otros", "otras") and bool(rest) \
        and lemmas.infinitive_of(rest[0]) in ("estar", "servir", "funcionar")


def _i_will(toks: list[str]) -> bool:
    """"mejor lo recargo", "entonces lo pienso": a pronoun and a verb said by the customer of themself."""
    from . import lemmas
    core = [w for w in toks if w not in ("mejor", "entonces", "yo", "mas", "bien")]
    return len(core) == 2 and core[0] in lexicon.words("pronoun.object") and core[1].endswith("o") and any(
        lemmas.is_infinitive(core[1][:-1] + ending) for ending in INFINITIVE_ENDINGS)


def _service_count(toks: list[str]) -> ItemRequest | None:
    """"inflar 20 bombas con helio", "estampar 11 camisetas": a service said by its verb, counted by
    what it is done to; the count is the quantity and the verb stays in the phrase."""
    from . import lemmas
    if len(toks) < 3 or (service_of(toks[0]) is None and not lemmas.is_infinitive(toks[0])
                         and not _job_commanded(toks[0])):
        return None  # ("entallar 2 camisas", "péguenle 4 botones": any job said by its infinitive or asked
        # with a pronoun attached, counted by what it is done to)
    done_to = _service_done_to(toks)
    if done_to is not None:
        return done_to
    verbs = 1  # "lavar y planchar 3 camisas": two services of one line
    while toks[verbs:verbs + 1] and toks[verbs] in lexicon.words("and") and toks[verbs + 1:verbs + 2] \
            and service_of(toks[verbs + 1]) is not None:
        verbs += 2
    verb = toks[0] if toks[0].endswith(INFINITIVE_ENDINGS) else None
    those = toks[verbs:verbs + 1] in (["los"], ["las"]) and toks[verbs + 1:verbs + 2] and toks[verbs + 1].isdigit()
    parsed = parse_quantity_at(toks, verbs + those)  # ("cambien las 4 llantas": those 4)
    if parsed is None or parsed.end >= len(toks) or (_is_attribute(toks, parsed.end)
                                                      and not _unit_of_sale_at(toks, parsed.end)
                                                      and toks[0] == verb):
        return None
    if service_of(toks[0]) is None and parsed.value < 2:
        return None  # ("necesito devolver una planta", "recoger una silla": what the customer will do)
    rest = strip_trailing(toks[parsed.end:])
    if not content(rest, noun_first=True):
        return None
    said = [w if w in lexicon.words("and") else lemmas.infinitive_with_clitics(w) or w for w in toks[:verbs]]
    return ItemRequest(parsed.value, " ".join([*said, *rest]), False, None)  # ("lávenme": lavar)


def _job_commanded(word: str) -> bool:
    """"péguenle", "suéldeme": a verb the lexicon does not list, asked of the shop with a pronoun
    attached (a job to be done; "véndame" and the lexicon's verbs are read as what they are)."""
    from . import lemmas
    return lemmas.lemma(word) is None and len(lemmas.without_clitics(word)) > 1 \
        and lemmas.infinitive_of(word) is None and lemmas.infinitive_with_clitics(word) is not None
    # ("talla 58": a present form whole, "talla" of "tallar", is no command)


def _owned_for_a_job(toks: list[str]) -> ItemRequest | None:
    """"tengo 3 pantalones de vestir para subir ruedo", "tenemos 2 apartamentos pa fumigar": things the
    customer has, counted, for a job said by its verb: that many of the job done to them."""
    from . import lemmas
    if not toks or toks[0] not in lexicon.words("speaker_has"):
        return None
    parsed = parse_quantity_at(toks, 1)
    if parsed is None or parsed.end >= len(toks) or toks[parsed.end] in _sets()["measure"] \
            or toks[parsed.end] in _sets()["unit_of_sale"] or toks[parsed.end] in _sets()["people"]:
        return None
    if any(parse_number_at(toks, i) is not None for i in range(parsed.end, len(toks))):
        return None  # ("tengo un diseño de 40 mil puntadas pa bordar … de 3 chaquetas": not read here)
    lead = next((i for i in range(parsed.end + 1, len(toks) - 1) if toks[i] in ("para", "pa", "pal")), None)
    if lead is None or not (lemmas.is_infinitive(toks[lead + 1]) or lemmas.infinitive_with_clitics(toks[lead + 1])):
        return None
    job = lemmas.infinitive_with_clitics(toks[lead + 1]) or toks[lead + 1]
    return ItemRequest(parsed.value, " ".join([job, *strip_trailing(toks[lead + 2:]), *toks[parsed.end:lead]]),
                       False, None)


def _service_done_to(toks: list[str]) -> ItemRequest | None:
    """"mantenimiento pa 2 aires", "recarga de gas a 2 aires", "la instalación de un aire de 12000": a
    service named by its noun, then what it is done to, counted; the count is the quantity and the
    service and the thing make the phrase (never "recarga de 2 kilos", a measure)."""
    for at in range(1, min(6, len(toks) - 2)):
        if toks[at] not in lexicon.words("done_to") or (at > 1 and toks[at] in lexicon.words("of")) \
                or toks[at - 1] in lexicon.words("of") | ARTICLES:
            continue  # ("la espuma de 3 cojines": what the thing is; "instalación de un aire": done to it;
            # "cambiar la pantalla del a14 original": the model's letter)
        if any(parse_quantity_at(toks, i) is not None and toks[i - 1] not in lexicon.words("of") for i in range(1, at)):
            return None  # ("desmonten 3 aires de un apartamento": counted already; "bordado de 10 cm": a size)
        counted_at = at + 2 if toks[at + 1] in ARTICLES else at + 1  # "a los 5 aires de la oficina"
        parsed = parse_quantity_at(toks, counted_at) if counted_at < len(toks) else None
        if parsed is None or parsed.end >= len(toks):
            continue
        thing = toks[parsed.end]
        if not thing.isalpha() or thing in STOPWORDS or thing in _sets()["measure"] \
                or thing in _sets()["unit_of_sale"] or thing in _sets()["people"] or thing in lexicon.words("time_noun"):
            continue  # ("crédito a 30 días", "carpa de 4 personas", "bordado de 10 cm en …": no thing counted)
        rest = strip_trailing(toks[parsed.end:])
        if any(w.isdigit() and rest[i] not in lexicon.words("of") for i, w in enumerate(rest[1:])):
            return None  # "el cambio de forro pa una sala 3-2-1": a thing told by numbers not read here
        return ItemRequest(parsed.value, " ".join([*toks[:at], *rest]), False, None, done_to=" ".join(rest))
    return None


def service_of(word: str) -> frozenset[str] | None:
    """The service family a verb names, said bare or as asked ("inflar", "imprímame", "me anilla")."""
    from . import lemmas
    verb = word if word.endswith(INFINITIVE_ENDINGS) else (lemmas.infinitive_with_clitics(word) or lemmas.lemma(word))
    from ...services.text import sound
    heard = lexicon.service_sounds().get(sound(word)) if word.isalpha() and len(word) > 5 else None
    return next((f for f in lexicon.service_families() if verb and stem(verb) in f), None) \
        or next((f for f in lexicon.service_families() if word.isalpha() and len(word) > 4 and stem(word) in f), None) \
        or next((f for f in lexicon.service_families() if heard in f), None)
    # ("desmonten 3 aires"; "mantenimiento pa 2 aires": the noun; "alkilar": as it sounds)


def _pack_of(toks: list[str]) -> list[str]:
    """"chorizo de a 10", "bolsas … de a 100": the pack, as catalogues write it ("x 10"); "de a 500" is a price."""
    for i in range(len(toks) - 2):
        if toks[i:i + 2] == ["de", "a"] and toks[i + 2].isdigit() and int(toks[i + 2]) <= 100:
            return [*toks[:i], "x", *toks[i + 2:]]
    return toks


HALVED = frozenset({"litr", "kil", "metr", "galon", "libr", "hor", "docen", "caball"})  # "litro y medio"
COUNT_WORDS = frozenset({"unidad", "unidades", "und", "unds", "un", "uds"})


def _only_size(phrase: str) -> bool:
    """"2 pulgadas", "5": a size alone, no product named."""
    words = phrase.split()
    return bool(words) and all(w[:1].isdigit() or w in _sets()["measure"] for w in words)


def _shared_out(segments: list[list[str]]) -> bool:
    """"uno de coco y otro de arequipe": the things said one by one end with "otro" (not "2 cajas de
    agua y una de leche", one more)."""
    firsts = [(seg[1:] if seg[:1] in (["el"], ["la"]) else seg)[:1] for seg in segments]
    return any(f in (["otro"], ["otra"]) for f in firsts)


def _same_measure(segment: list[str], request: ItemRequest, before: ItemRequest) -> bool:
    """"… y una de azúcar" after "una libra de arroz", "… y 2 de guantes" after "2 cajas de tapabocas": a
    count, "de" and a product, no unit of its own, after an item said with its unit."""
    parsed = parse_quantity_at(segment, 0)
    return (before.unit in lexicon.words("unit_of_sale") and request.unit is None and request.quantity is not None
            and parsed is not None and segment[parsed.end:parsed.end + 1] == ["de"] and bool(request.phrase)
            and not _only_size(request.phrase))  # ("1 vaso de una bola … y 1 de 2 bolas de chocolate": a vaso)


def _same_head(segment: list[str], request: ItemRequest, before: ItemRequest) -> str | None:
    """"2 combos de perro suizo y 2 de hamburguesa", "dos camisas de niño y una de niña": a count, "de" and
    words, after an item said as "<kind> de <which>": the kind of the item before."""
    parsed = parse_quantity_at(segment, 0)
    words = before.phrase.split()
    if parsed is None or segment[parsed.end:parsed.end + 1] != ["de"] or request.unit or before.unit \
            or request.quantity is None or not request.phrase or parse_number_at(segment, parsed.end + 1) is not None \
            or "de" not in words[1:]:
        return None
    if words[0] in lexicon.words("unit_of_sale"):  # "una caja de 12 paletas de leche y una de agua"
        return " ".join(words[:len(words) - 1 - words[::-1].index("de")])
    head = words[:words.index("de", 1)]
    if request.phrase.split()[:len(head)] == head:
        return None  # ("… y uno de la 371": already the kind's, "blisters de la 371")
    if not (before.quantity or 0) > 1 or not head[0].endswith("s"):
        return None  # the kind said in plural after its count ("2 combos de …"), not "10 de arena de río"
    return " ".join(head) if all(w.isalpha() for w in head) else None


def _kind_of(phrase: str) -> str | None:
    """"jabon de coco" → "jabon": the kind an item said as "<kind> de <which>" names, if so."""
    words = phrase.split()
    if "de" not in words[1:]:
        return None
    kind = words[:words.index("de", 1)]
    return " ".join(kind) if all(w.isalpha() for w in kind) else None


def _other_size(segment: list[str], before: ItemRequest) -> ItemRequest | None:
    """"3 extensiones de 3 metros y una de 5": that many of the product just named, in the other size."""
    parsed = parse_quantity_at(segment, 0)
    quantity, at = (parsed.value, parsed.end) if parsed is not None else (None, 0)
    # (no count: "los globos del 1 y del 8": the one numbered 8 too; "la vela del 1 y la del 5")
    if parsed is None and len(segment) == 3 and segment[0] in ARTICLES and segment[1] in ("de", "del"):
        at = 1
    if segment[at:at + 2] in (["de", "los"], ["de", "las"]) and segment[at + 2:at + 3] in (["de"], ["del"]):
        at += 2  # "… y 12 de los del 4"
    if segment[at:at + 1] not in (["de"], ["del"]) or at + 1 >= len(segment):
        return None
    named = at + 1 + (segment[at] == "de" and segment[at + 1] in ARTICLES)  # "… y uno de la 371"
    if parse_number_at(segment, named) is None:
        return None
    words = before.phrase.split()
    cut = next((i for i, w in enumerate(words) if w[:1].isdigit() or (w in ("de", "del") and words[i + 1:i + 2] and (
        words[i + 1][:1].isdigit() or (words[i + 1] in ARTICLES and words[i + 2:i + 3] and words[i + 2][:1].isdigit())))),
        len(words))
    if not cut:
        return None
    unit = before.unit if quantity is not None and before.unit in lexicon.words("unit_of_sale") else None
    return ItemRequest(quantity, " ".join(words[:cut] + segment[at:]), False, unit)  # ("4 sobres … y 6 del 4")


def _without_purpose(segment: list[str]) -> list[str]:
    """The words before "pa"/"para" and a verb: what it is for is no product ("… pa cambiar las dos de atrás")."""
    from . import lemmas
    for i, word in enumerate(segment[:-1]):
        if i and word in ("pa", "para") and (lemmas.lemma(segment[i + 1]) or lemmas.is_infinitive(segment[i + 1])):
            return segment[:i]
    return segment


def _measured_count(segment: list[str]) -> tuple[int, str] | None:
    """"son 52 km", "son como 45 km": how much there is of the thing just named, in a unit, said
    alone after a count copula (a filler such as "como" may come between)."""
    words = [w for w in segment if w not in lexicon.words("filler") | lexicon.words("about")]
    if len(words) != 3 or words[0] not in lexicon.words("count_copula") \
            or words[2] not in lexicon.words("measure") | lexicon.words("measure_of_sale"):
        return None
    parsed = parse_number_at(words, 1)
    return (parsed[0], words[2]) if parsed is not None and parsed[1] == 2 else None


def _count_only(segment: list[str], seg_lemmas) -> int | None:
    """"2 unidades", "3 und", "deme 2": a count (after an ordering verb) and nothing else."""
    ordering = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs")
    start = 0
    while start < len(segment) and (seg_lemmas[start] in ordering or segment[start] in ("me", "nos")):
        start += 1
    segment = strip_trailing(_without_purpose(list(segment)))  # "dos por favor", "2 pa cambiar las de atrás"
    while start < len(segment) and (segment[start],) in lexicon.phrases("only"):
        start += 1  # "solo uno"

    parsed = parse_quantity_at(segment, start)
    if parsed is None or parsed.kind != "number":
        return None
    if parsed.end == len(segment) or (start and segment[parsed.end] in REASON_LEADS):
        return parsed.value  # ("…, solo uno que el otro está bueno": why, not one more thing)
    if parsed.end == len(segment) - 1 and segment[-1] in COUNT_WORDS:
        return parsed.value
    return None


def extract_item_requests(text: "str | Message") -> list[ItemRequest]:
    """Product mentions of a message, in order ("2 cascos y 3 pares de guantes")."""
    message = message_of(text)
    restated = [end for _, end in message.find("restating") if parse_number_at(list(message.words), end) is not None]
    if restated:  # "la antirrábica pal perro y los dos gatos, o sea 3 antirrábicas": the count said again
        return extract_item_requests(" ".join(message.words[restated[-1]:]))
    words = list(message.words)
    same_but = next((i for i, w in enumerate(words[:-2]) if w.startswith("igual") and words[i + 1] == "pero"
                     and words[i + 2] in ("de", "del")), None)
    if same_but is not None:  # "y otra igual pero de 250": one more of the same thing, in what follows
        return extract_item_requests(" ".join(words[:same_but] + words[same_but + 2:]))
    shared = _period_for_all(words)
    if shared is not None:  # "20 barandas y 40 tablones, también por un mes": each of them by the month
        said, period = shared
        return [replace(r, phrase=f"{r.phrase} {period}") if r.phrase else r for r in extract_item_requests(said)]
    requests, bare, pointed_at, shared, pointers = [], None, None, None, []
    sets = _sets()
    greeting = message.find("greeting")[:1]
    for clause, (words, lemmas) in enumerate(message.clause_words):
        if not clause and greeting and greeting[0][0] == 0 and len(message.clause_words) > 1 \
                and not any(lemmas) and parse_number_at(words, 0) is None:
            continue  # "qué más pues cuadro, …": the greeting and how they call the shop
        if clause and words[:1] and words[0] in sets["that"] and "no" in words[1:5]:
            continue  # "…, que el micrófono no trae": why, not one more product
        if clause and not message.is_question and words[:1] and words[0] in sets["that"] and words[1:2] \
                and words[1] in ("son", "es", "sale", "salen", "queda", "quedan"):  # (never "¿qué es …?")
            continue  # "no, mejor de bola, que son más baratos": why, not one more product
        if clause and words[:1] and words[0] in sets["that"] and words[1:2] and words[1] in POSSESSIVES \
                and words[2:3] and words[2] in lexicon.words("people"):
            continue  # "…, que mi nieta me acaba de regalar un gato": why, not one more product
        if _tells_ages(words):
            continue  # "…, tienen 6 y 10 años": how old the people named are, never how many
        if _tells_what_we_have(words) and not set(message.lemmas) & sets["ordering"]:
            continue  # "y tenemos un perro y un gato": what the customer has, told, nothing ordered
        words, lemmas = _whom_last(list(words), list(lemmas))
        position = 0
        segments = _split_conjunctions(words)
        done = False
        for n, segment in enumerate(segments):
            if clause and not n and requests and requests[-1].phrase and segment[:1] and segment[0] in ARTICLES \
                    and ((len(segment) > 2 and segment[1] == "de" and parse_quantity_at(segment, 2) is None)
                         or (len(segment) == 2 and segment[1].isalpha() and segment[1] not in STOPWORDS)):
                # ("mandame el carro de 1:18, el recargable": which one, too)
                # "apartame la orquídea grande, la de barro": which one, not a second product
                said = segment[2:] if segment[1] == "de" else segment[1:]
                requests[-1] = ItemRequest(requests[-1].quantity, f"{requests[-1].phrase} {' '.join(said)}",
                                           requests[-1].relative, requests[-1].unit)
                position += len(segment) + 1
                continue
            seg_lemmas = lemmas[position:position + len(segment)]
            position += len(segment) + 1
            if _done_already(segment) or (done and not any(seg_lemmas) and not any(w[:1].isdigit() for w in segment)):
                done = True  # "ya me hice la valoración y la limpieza, me regala …": what was done before
                continue
            done = False
            segment, seg_lemmas = _whom_moved(segment, seg_lemmas, 0) or (segment, seg_lemmas)
            # ("para mi esposo otra": "otra para mi esposo")
            found_out = _turned_out_at(segment)
            if found_out:  # "me salieron 3 resinas": 3 resinas
                segment, seg_lemmas = segment[found_out:], seg_lemmas[found_out:]
            told = _told_need(segment, seg_lemmas)
            if told:  # "la doctora me dijo que necesito endodoncia …": what is needed, said by another
                segment, seg_lemmas = segment[told:], seg_lemmas[told:]
            if not message.is_question and states_a_price(segment):
                continue  # "ADMIN: a partir de hoy la resma carta vale 5.000": a price told, never an order
            if (not message.is_question or (clause + 1 < len(message.clause_words) and segment[0] in POSSESSIVES)) \
                    and _describes_a_thing(segment):
                continue  # "la piscina tiene 40 metros cúbicos", "el pH me dio 8,2": what the customer has
                # ("mi perrita pesa 15 kilos, ¿qué pipeta le sirve?": the question comes after it)
            if requests and _already_had(segment):
                continue  # "cámbieme el breaker de la cocina, el breaker ya lo tengo": the customer's own
            if _tells_what_there_is(segment) and (requests or not set(message.lemmas) & sets["ordering"]):
                continue  # "hay una humedad en la pared del cuarto": what is wrong, not a product (but "hay
                # una fuga en el tubo …, mándeme un plomero": the job asked for)
            if requests and _tells_an_area(segment) is not None:
                continue  # "…, son 15 metros cuadrados": how big the job named is (read with it)
            if len(message.clause_words) + len(segments) > 2 and _tells_a_fault(segment):
                continue  # "el iphone no carga, me cambias el pin": what is wrong, then what to do
            if _tells_our_plans(segment, seg_lemmas) or _tells_my_trip(segment, seg_lemmas) \
                    or _names_only_people(segment):
                continue  # "este puente bajamos a pescar a Betania; necesito …": what they will do;
                # "3 glicemias, somos mi mamá, mi papá y yo": who they are for
            if any(tuple(segment[i:i + 2]) in lexicon.phrases("symptom") for i in range(len(segment) - 1)):
                continue  # "una muela me duele": what the customer feels
            if requests and _tells_what_it_is(segment):
                continue  # "lavado de 2 tanques de 2000 litros, son del mismo edificio": the ones named
            same = segment[1:] if segment[:1] and segment[0] in ARTICLES else segment
            if requests and requests[-1].phrase and len(same) in (2, 3) and same[0] in lexicon.words("same") \
                    and all(w.isalpha() for w in same[1:]):
                continue  # "3 gorras negras y 3 blancas, el mismo logo": how they are alike, no product
            if message.is_question:
                asked = property_asked_of(segment)
                if asked is not None:  # "¿de qué ojo es la malla?": the malla, asked for a property
                    segment, seg_lemmas = segment[asked:], seg_lemmas[asked:]
            if _headcount_only(segment):
                # "el tour de 4 días, para 2 personas": whom the item just named is for ("pa 3 personas:
                # una hamburguesa …" first: whom the order is for, no product)
                if requests and requests[-1].phrase:
                    requests[-1] = replace(requests[-1], phrase=f"{requests[-1].phrase} {' '.join(segment)}")
                continue
            measured = _measured_count(segment)
            if measured is not None and requests and (requests[-1].quantity or 1) == 1 and requests[-1].phrase:
                # "el trasteo intermunicipal …, son 52 km": 52 km of the item just named
                requests[-1] = replace(requests[-1], quantity=measured[0],
                                       phrase=f"{measured[1]} de {requests[-1].phrase}")
                continue
            named = segment[sum(1 for _ in itertools.takewhile(bool, seg_lemmas)):]
            if seg_lemmas[:1] and seg_lemmas[0] and len(named) == 2 and named[0] in ("el", "la") \
                    and named[1].isdigit() and int(named[1]) > 9 and not requests:
                # "mandame el 12" of the "iPhone 12" just talked about: the one named with that number (never
                # twelve of it, nor the twelfth option)
                requests.append(ItemRequest(None, named[1], False, None))
                continue
            count = _count_only(segment, seg_lemmas)
            if count is None and requests and requests[-1].quantity is None and len(segment) > 1 \
                    and segment[0] in ARTICLES and segment[0].endswith("s"):
                count = _count_only(segment[1:], seg_lemmas[1:])  # "las tasas de muelle también, las 5"
            if count is not None and requests and requests[-1].quantity is None and requests[-1].phrase:
                # "vidrio pa iphone 14, 2 unidades": how many of the item just named
                requests[-1] = ItemRequest(count, requests[-1].phrase, requests[-1].relative, requests[-1].unit)
                continue
            if count is not None and requests and requests[-1].quantity == count and requests[-1].phrase:
                continue  # "un estribo de acero, solo uno": the count said again
            if count is not None and not requests:
                bare = ItemRequest(count, "", True, None)  # "me regala 2 y un oxidante": 2 of the one shown
                requests.append(bare)
                continue
            share = segment[1:] if segment[:1] in (["el"], ["la"]) else segment
            said_count = (requests[-1].quantity or 0) * (2 if requests[-1].unit == "par" else 1) if requests else 0
            if requests and said_count >= 2 and share[:1] and share[0] in SHARES \
                    and share[1:2] in (["pa"], ["para"]):
                continue  # "2 gafas negras, una pa mí y otra pa mi socio": how the 2 are shared
            if share[:1] and share[0] in SHARES and share[1:2] == ["de"] and share[2:] and \
                    set(share[2:]) <= lexicon.words("spare"):
                continue  # "ponele 2 mejor, una de repuesto": why that many
            if shared is None and requests and said_count >= 2 and requests[-1].phrase:
                shared = len(requests) - 1
            if share[:1] and share[0] in SHARES and share[1:2] == ["de"] and len(share) > 2 \
                    and shared is not None and requests[shared].quantity and _shared_out(segments[n:]):
                # "2 conos dobles, uno de coco y otro de arequipe": one of the 2 each, not more things
                whole = requests[shared]
                requests[shared] = replace(whole, quantity=whole.quantity - 1)
                requests.append(ItemRequest(1, f"{whole.phrase} {' '.join(share[1:])}", True, whole.unit))
                continue
            pointed = _pointed_count(segment, seg_lemmas)
            if pointed is not None:  # "póngame esas dos": that many of the ones just shown
                requests.append(ItemRequest(pointed, "", True, None))
                pointed_at = len(requests) - 1
                continue
            each = _for_each(segment)
            if each is not None and requests and _count_only(segment[:each[0]], seg_lemmas[:each[0]]) == 1:
                continue  # "6 estructuras de techo, una pa cada panel": how the 6 are shared
            if each is not None:
                segment, seg_lemmas = segment[:each[0]], seg_lemmas[:each[0]]
            before = requests[-1].phrase.split() if requests and requests[-1].phrase else []
            if segment and segment[0].isdigit() and len(before) >= 2 and before[-2] in lexicon.words("size_lead") \
                    and before[-1].isdigit() and (len(segment) == 1 or segment[1] in ("para", "pa", "pal")):
                # "3 trajes negros talla 40 y 42 para los padrinos": two sizes of one request (asked); not "… y 2
                # marimondas talla 4"
                requests[-1] = replace(requests[-1], phrase=f"{requests[-1].phrase} y {' '.join(segment)}")
                continue
            sized = parse_quantity_at(segment, 0) if requests and requests[-1].phrase else None
            if sized is not None and _size_letter_after_talla([*requests[-1].phrase.split(), *segment],
                                                               len(requests[-1].phrase.split()) + sized.end):
                lead = next(w for w in requests[-1].phrase.split() if w in lexicon.words("size_lead"))
                requests.append(ItemRequest(sized.value, f"{lead} {segment[sized.end]}", False, None))
                continue  # "2 camisetas negras talla L y una M": one of size M
            request = _parse_segment(segment, seg_lemmas)
            if request is None and _points_alone(segment, seg_lemmas):
                request = ItemRequest(1, "", True, None)  # "deme ese y un velón rojo": the one shown, too
                pointers.append(request)
            if request is not None and each is not None and request.quantity in (None, 1):
                request = replace(request, each=each[1])
            if request is not None and request.quantity is None and request.phrase and requests \
                    and set(request.phrase.split()) <= sets["loose"]:
                requests = [replace(r, phrase=f"{r.phrase} {request.phrase}") if r.phrase else r for r in requests]
                continue  # "3 rosas rosadas y 2 blancas, sueltas porfa": each of them loose
            if request is not None and request.quantity is not None and request.phrase and requests \
                    and requests[-1].quantity is None and requests[-1].phrase \
                    and set(request.phrase.split()) <= sets["loose"]:
                requests[-1] = replace(requests[-1], quantity=request.quantity,
                                       phrase=f"{requests[-1].phrase} {request.phrase}")
                continue  # "¿tenés tornillo de 6x1-1/4? pasame 60 sueltos": 60 of it, one by one
            if requests and requests[-1].phrase and (request is None or _only_size(request.phrase)
                                                     or segment[:1] in (["de"], ["del"])
                                                     or (len(segment) == 3 and segment[0] in ARTICLES
                                                         and segment[1] in ("de", "del") and segment[2].isdigit())):
                request = _other_size(segment, requests[-1]) or request
            if request is not None and requests and _same_measure(segment, request, requests[-1]):
                # "una libra de arroz y una de azúcar": a libra of azúcar too
                request = ItemRequest(request.quantity, request.phrase, request.relative, requests[-1].unit)
            head = _same_head(segment, request, requests[-1]) if request is not None and requests else None
            if head:  # "2 combos de perro suizo y 2 de hamburguesa": 2 combos of that one too
                request = ItemRequest(request.quantity, f"{head} de {request.phrase}", request.relative, None)
            elif request is not None and request.phrase and requests and segment[:1] and segment[0] in ARTICLES \
                    and segment[1:2] == ["de"] and not request.phrase[0].isdigit():
                kind = _kind_of(requests[-1].phrase)  # "el jabón de coco y el de avena": a jabón de avena
                request = replace(request, phrase=f"{kind} de {request.phrase}") if kind else request
            if request is not None and not request.phrase and request.unit and requests and requests[-1].phrase:
                # "3 litros de glifosato y un galón (del mismo)": the same product, in that unit
                request = ItemRequest(request.quantity, requests[-1].phrase, False, request.unit)
                if requests[-1].quantity is None:  # "¿tenés toallas? mandame 2 paquetes": one item
                    requests.pop()
            elif request is not None and not request.phrase and not request.relative and request.unit:
                # "deme un bulto": that unit of the product being talked about (never dropped)
                request = ItemRequest(request.quantity, "", True, request.unit)
            if request is not None and requests and request.quantity is None and len(segment) > 1 \
                    and segment[-1:] == [request.phrase] and set(segment[:-1]) <= CLITIC_WORDS \
                    and set(segment[:-1]) & (lexicon.words("pronoun.indirect") | lexicon.words("pronoun.reflexive")):
                continue  # "…, me los arreglan?": a verb said of what was just named, no second thing
            if request is not None:
                requests.append(request)
    if len(requests) == 1 and requests[0] is bare and _its_code(bare, message) is bare:
        return []  # "deme 2" alone: a bare count, read by the question it answers (not "quiero el A54")
    if all(any(r is p for p in pointers) for r in requests):
        return []  # "deme ese" alone: read as taking the one shown
    if shared is not None and not requests[shared].quantity:
        del requests[shared]  # every one of them was said one by one
    if pointed_at is not None and sum(r.quantity or 0 for r in requests[pointed_at + 1:]) == \
            requests[pointed_at].quantity:
        del requests[pointed_at]  # "esas dos, una blanca y una negra": the two, said one by one
    requests = _each_with_its_own(requests, list(message.words))
    return [_all_of_us(_length_after(_its_code(r, message, requests)), list(message.words)) for r in requests]


def _its_code(request: ItemRequest, message: Message, requests: list[ItemRequest] = ()) -> ItemRequest:
    """"mandame el A54 el más barato": a number written against one letter is a model ("A54", "S21"),
    never how many — it goes back into what is named (when no thing named holds it already: "el libro
    B1 y un diccionario" is one dictionary)."""
    words = message.words
    coded = [i for i in range(1, len(words)) if words[i].isdigit() and words[i - 1] not in SINGLE_LETTER_GLUE
             and words[i - 1] not in lexicon.words("and") | lexicon.words("or") and message.after_its_letter(i)]
    for i in coded:
        code = f"{words[i - 1]} {words[i]}"
        if request.quantity == int(words[i]) and not any(code in f" {r.phrase} " for r in [request, *requests]):
            return replace(request, quantity=None, phrase=f"{code} {request.phrase}".strip())
    return request


LENGTH_AFTER = re.compile(r"^(?P<thing>.*[a-z]) por (?P<count>\d+) (?P<unit>metros?|mts?)(?P<purpose> (?:pa|pal|para) .*)?$")


def _length_after(request: ItemRequest) -> ItemRequest:
    """"tubo de 2 pulgadas por 3 metros": 3 metres of it (a length said after the thing, never a size:
    "vidrio de 2 por 3 metros" is 2 x 3)."""
    found = LENGTH_AFTER.match(request.phrase or "") if request.quantity is None and request.unit is None else None
    if found is None:
        return request
    return replace(request, quantity=int(found["count"]), unit=found["unit"],
                   phrase=found["thing"] + (found["purpose"] or ""))  # ("… pa el desagüe del lavadero")


def _period_for_all(words: list[str]) -> tuple[str, str] | None:
    """"20 barandas y 40 tablones metálicos, también por un mes": a period said last, apart, for every
    thing before it — (the things, "por un mes"); None otherwise."""
    at = len(words) - 3
    if at < 3 or words[at] != "por" or words[at + 1] not in ("un", "una", "1") \
            or words[at + 2] not in lexicon.words("period") | lexicon.words("time_span"):
        return None
    start = at - 1 if words[at - 1] in lexicon.words("also") else at
    return " ".join(words[:start]), " ".join(words[at:])


def _each_with_its_own(requests: list[ItemRequest], words: list[str]) -> list[ItemRequest]:
    """"6 pernos … con su tuerca y su arandela plana", "4 pernos …, cada uno con tuerca y arandela": one
    of each for every one of the things counted first."""
    first = requests[0] if requests else None
    if first is None or not first.quantity or first.quantity < 2:
        return requests
    requests = [first] + [_done_to_each(r, first.quantity) for r in requests[1:]]
    if "con" not in words:
        return requests
    at = words.index("con")
    each = words[at + 1:at + 2] in (["su"], ["sus"]) or words[max(at - 2, 0):at] in (["cada", "uno"], ["cada", "una"])
    if not each:
        return requests
    return [first] + [replace(r, quantity=first.quantity) if r.quantity is None and r.phrase and not r.relative
                      else r for r in requests[1:]]


def _done_to_each(request: ItemRequest, count: int) -> ItemRequest:
    """"3 libras de nogal, cada una al vacío": what follows "cada una" is done to every one counted."""
    said = request.phrase.split()
    if request.quantity is None and said[:2] in (["cada", "una"], ["cada", "uno"]) and said[2:]:
        return replace(request, quantity=count, phrase=" ".join(said[2:]))
    return request


def _all_of_us(request: ItemRequest, words: list[str]) -> ItemRequest:
    """"somos 3 amigas y queremos semipermanente las 3": "las 3" after the thing, as many as the
    customers counted before ("somos 3"), is one for each of them."""
    said = request.phrase.split()
    if request.quantity is not None or len(said) < 3 or said[-2] not in ("las", "los") or not said[-1].isdigit():
        return request
    from .party import WE
    we_are = {parse_number_at(words, i)[0] for i in range(1, len(words))
              if words[i - 1].endswith(WE) and parse_number_at(words, i) is not None}
    if int(said[-1]) not in we_are:
        return request
    return replace(request, quantity=int(said[-1]), phrase=" ".join(said[:-2]))


def _tells_what_it_is(segment: list[str]) -> bool:
    """"es de dos pisos", "son del mismo edificio": after a thing is named, what it is like or where it
    is from (a copula and "de"), no other thing."""
    return len(segment) > 2 and segment[0] in lexicon.words("purpose_copula") and segment[1] in ("de", "del")


def _headcount_only(segment: list[str]) -> bool:
    """"para 2 personas", "pa 4 pasajeros": how many people, said alone after a purpose word."""
    if len(segment) != 3 or segment[0] not in ("para", "pa"):
        return False
    parsed = parse_number_at(segment, 1)
    return parsed is not None and parsed[1] == 2 and segment[2] in lexicon.words("headcount")


def _points_alone(segment: list[str], lemmas: list) -> bool:
    """The segment is a verb and one singular pointing word ("deme ese"): the product shown."""
    toks = strip_trailing(_strip_leading(segment, lemmas)[0])
    return len(toks) == 1 and toks[0] in lexicon.words("pointing") and not toks[0].endswith(("s", "o"))


def _for_each(segment: list[str]) -> tuple[int, str] | None:
    """"un soporte de poste pa cada uno", "una pa cada panel": where "for each" starts in the segment,
    and what follows "cada" (the things counted: "uno" for the ones just named)."""
    for i in range(1, len(segment) - 2):
        if tuple(segment[i:i + 2]) in lexicon.phrases("for_each"):
            return i, " ".join(segment[i + 2:])
    return None


def pointed_count(message: Message) -> int | None:
    """"póngame esas dos": the number said with a pointing word and nothing else, if so."""
    for words, lemmas in message.clause_words:
        found = _pointed_count(list(words), list(lemmas))
        if found is not None:
            return found
    return None


def _pointed_count(segment: list[str], lemmas) -> int | None:
    """"póngame esas dos", "deme esos 3": a pointing word and a number, nothing else (verbs aside)."""
    words = [w for w, lemma in zip(segment, lemmas) if lemma is None and w not in lexicon.words("filler")
             and w not in lexicon.words("vocative") and w not in lexicon.words("confirm")]
    if len(words) != 2 or words[0] not in lexicon.words("pointing") | {"los", "las"}:
        return None  # ("anóteme los dos": both)
    parsed = parse_number_at(words, 1)
    return parsed[0] if parsed and parsed[1] == 2 and parsed[0] >= 2 else None


# --- quantity changes ------------------------------------------------------------------------

def _seqs(*names: str, extra: tuple = ()) -> tuple[tuple[str, ...], ...]:
    found = {p for n in names for p in lexicon.phrases(n)} | set(extra)
    return tuple(sorted(found, key=len, reverse=True))


_CHANGE_LEAD = tuple(s for s in _seqs("filler", "confirm", "apology", "deny", "vocative", extra=(("y",), ("pero",)))
                     if s != ("mejor",))
_CHANGE_TAIL = _seqs("filler", "thanks", "quantity_words")
_PHRASE_FIRST_LEMMAS = frozenset({"cambiar", "modificar", "actualizar", "dejar", "poner"})
SETTING_LEMMAS = frozenset({"poner", "dar", "dejar", "mandar", "traer", "pasar", "regalar", "echar", "enviar"})


def _strip_tail(toks: list[str], seqs) -> list[str]:
    changed = True
    while changed and toks:
        changed = False
        for seq in seqs:
            if len(toks) >= len(seq) and tuple(toks[-len(seq):]) == seq:
                toks, changed = toks[:-len(seq)], True
                break
    return toks


def _clean_object(toks: list[str]) -> str:
    toks = strip_trailing(_strip_seq(_strip_leading(toks)[0], OBJECT_LEAD))
    return " ".join(t for t in toks if t[0].isalnum())


def _quantity_here(toks: list[str]) -> tuple[int, int] | None:
    parsed = parse_quantity_at(toks, 0)
    if parsed is None or _is_attribute(toks, parsed.end):
        return None
    return parsed.value, parsed.end


def extract_quantity_change_target(text: "str | Message") -> tuple[int, str] | None:
    """(new quantity, product phrase or "") for "que sean 4", "cambia los cascos a 5", "solo 1"."""
    message = message_of(text)
    words = list(message.words)
    if len(words) > 4 and words[-3] in SHARES and words[-2] == "de" and words[-1] in lexicon.words("spare"):
        return extract_quantity_change_target(" ".join(words[:-3]))  # "ponele 2 mejor, una de repuesto"
    if len(words) > 2 and words[-1] == "mejor" and "mejor" not in words[:-1]:
        return extract_quantity_change_target("mejor " + " ".join(words[:-1]))  # "ponme 2 mejor"
    toks = _strip_tail(_strip_seq(list(message.words), _CHANGE_LEAD), _CHANGE_TAIL)
    lead = len(message.words) - len(_strip_seq(list(message.words), _CHANGE_LEAD))
    strong = sorted((p for p in lexicon.phrases("change_quantity") if len(p) > 1 or p[0] in ("ponle", "ponles",
                     "pongale", "pongales", "dejame", "dejeme", "cantidad")), key=len, reverse=True)
    for k in range(len(toks)):
        for seq in strong:
            if tuple(toks[k:k + len(seq)]) != seq:
                continue
            if k and toks[k - 1] in lexicon.words("and") \
                    and any(lemma in _sets()["ordering"] for lemma in message.lemmas[lead:lead + k]):
                continue  # "mándeme medio pollo asado y póngale dos arepas": two more things ordered
            rest = _strip_seq(toks[k + len(seq):], tuple(lexicon.phrases("only")))
            found = _quantity_here(rest)
            measured = parse_number_at(rest, 0) if len(rest) == 2 and not k else None
            if not found and measured and rest[1] in lexicon.words("measure") | lexicon.words("measure_of_sale"):
                return measured[0], rest[1]  # "mejor que sean 2 libras": the line sold by the pound, 2 of it
            if found and seq in (("dejame",), ("dejeme",)) and toks[k + 1:k + 2] in (["un"], ["una"]) \
                    and content(rest[found[1]:]):
                continue  # "dejame un baño pa mi perra mediana": one booked, not a count changed
            if found:
                end = lead + len(toks[:k + len(seq)]) + (len(toks[k + len(seq):]) - len(rest)) + found[1]
                only = len(rest[found[1]:]) - len(_strip_seq(rest[found[1]:], tuple(lexicon.phrases("only"))))
                after = [] if end + only in _clause_ends(message) else rest[found[1]:]  # "…sean 6, somos 6 en la comparsa"
                closing = [e for e in sorted(_clause_ends(message)) if e > end]
                if closing:  # "mejor que sean 2 vans, somos como 28": the thing named ends with its clause
                    after = after[:closing[0] - end]
                if reason_at(after, 0):
                    after = []  # "mejor que sean 14 que el maestro dice que no alcanza": why, not which
                phrase = _clean_object(toks[:k] + after)
                return found[0], phrase if content(phrase.split()) else ""
    weak = list(lexicon.phrases("count_copula"))
    weak += list(lexicon.phrases("only")) + [("mejor",)]
    lemmas_all = message.lemmas[lead:lead + len(toks)] if toks else ()  # (the tail stripped: "… por si acaso")
    for seq in weak:
        if tuple(toks[:len(seq)]) == seq:
            start = len(seq)
            if seq == ("mejor",) and start < len(toks) and lemmas_all[start] in SETTING_LEMMAS:
                start += 1  # "mejor poneme 3", "mejor deme 2"
            if seq == ("mejor",):  # "mejor solo una"
                start = len(toks) - len(_strip_seq(toks[start:], tuple(lexicon.phrases("only"))))
            found = _quantity_here(toks[start:])
            end = start + found[1] if found else 0
            if found and (end == len(toks) or reason_at(toks, end) or lead + end in _clause_ends(message)
                          or tuple(toks[end:]) in lexicon.phrases("only")  # "mejor una sola"
                          or toks[end:] in ([w] for w in lexicon.words("people") | lexicon.words("adult"))):
                return found[0], ""  # ("… 3 que mi primo también quiere", "mejor 14, somos 14": the reason is no
                # product; "perdón, son 4 padrinos": the people the line is for)
    said_after_no = _count_after_no(message)
    if said_after_no is not None:
        return said_after_no, ""
    found = _quantity_here(toks)
    if found and any(tuple(toks[found[1]:found[1] + len(seq)]) == seq
                     and toks[found[1] + len(seq):found[1] + len(seq) + 1] in ([], *([w] for w in REASON_LEADS))
                     for seq in lexicon.phrases("only")):
        return found[0], ""  # ("no, 4 nomás que mi suegra no come tamal": why, no product)
    lemmas = message.lemmas[lead:lead + len(toks)] if toks else ()
    first_lemma = lemmas[0] if lemmas else None
    if len(toks) >= 4 and (first_lemma in _PHRASE_FIRST_LEMMAS or toks[0] in ("deja", "deje", "dejar", "pon", "ponme")):
        for k in range(len(toks) - 2, 1, -1):
            if toks[k] in ("a", "en") and toks[k - 1] not in ("de", "del", *ARTICLES):
                # ("cambien las 4 pantallas del a14": the model's letter, never "to 14")
                parsed = _quantity_here(toks[k + 1:])
                phrase = _clean_object(toks[1:k])
                if parsed and k + 1 + parsed[1] == len(toks) and content(phrase.split()):
                    return parsed[0], phrase
                break
    return None


def _count_after_no(message: Message) -> int | None:
    """"uy no, muy caro, ponme 10 nada más", "no, deme 3": a "no" said first, then a sentence that only
    sets a count ("ponme 10"): the new count of the line talked about."""
    clauses = [list(words) for words, _ in message.clause_words]
    if len(clauses) < 2 or not any(set(c) & lexicon.words("deny") for c in clauses[:-1]):
        return None
    last = clauses[-1]
    at = len(message.words) - len(last)
    if not last or message.lemmas[at] not in SETTING_LEMMAS:
        return None
    found = _quantity_here(last[1:])
    rest = last[1 + found[1]:] if found else None
    return found[0] if found and (not rest or tuple(rest) in lexicon.phrases("only")) else None


AT_AN_HOUR = re.compile(r"\b(?:antes de|despues de|a|desde|hasta|tipo) las? \d{1,2}\b")
SIZE_GLUE = frozenset({"en", "x", "r"})  # "en 265 70 16", "185/65 r 15" (never "de": "3 de 20" is 3)
REASON_LEADS = frozenset({"que", "porque", "pues", "pq", "xq", "ya"})


def reason_at(toks: list[str], i: int) -> bool:
    """Why the customer says it starts at `i` ("… que el maestro dice", "… pa que me salga al por mayor")."""
    return toks[i:i + 1] != [] and (toks[i] in REASON_LEADS or toks[i:i + 2] in (["pa", "que"], ["para", "que"]))


def _clause_ends(message: Message) -> set[int]:
    """Word positions where a clause ends ("mejor 14, somos 14 en el equipo": after the first 14)."""
    ends, at = set(), 0
    for words, _ in message.clause_words:
        at += len(words)
        ends.add(at)
    return ends


# --- removals ------------------------------------------------------------------------------------

_REMOVE_LEAD = _seqs("filler", "confirm", "apology", "vocative",
                     extra=(("y",), ("pero",), ("quiero",), ("necesito",), ("me",), ("que",), ("no", "mejor")))
_REMOVE_TAIL = _seqs("order_tail", "filler", "thanks")
_SOFT = frozenset({"cancelar", "anular"})


def makes_with_count(toks, i: int) -> bool:
    """"sáqueme 3 copias de la llave", "me saca 2 fotocopias": a verb that also removes, with a count
    right after it and no word of the order, makes things for the customer ("saque 2 del pedido" removes)."""
    from . import lemmas as verbs
    return i < len(toks) and verbs.lemma(toks[i]) in lexicon.lemmas("make_or_remove") \
        and not re.search(r"(?:ar|er|ir)(?:me|te|le|les|nos|se)?(?:lo|la|los|las)?$", toks[i]) \
        and parse_quantity_at(list(toks), i + 1) is not None and not set(toks) & _sets()["order_words"]


def _removal_start(toks: list[str], lemmas: list | None = None) -> tuple[str, int] | None:
    """(kind, object start) when the clause starts with a removal expression."""
    sets = _sets()
    if not toks:
        return None
    from . import lemmas as verbs
    lemma = verbs.lemma(toks[0])
    if makes_with_count(toks, 0):
        return None  # "sáqueme 3 copias de la llave": made for the customer ("saque 2 del pedido" removes)
    if lemma in sets["remove_verbs"] or lemma in _SOFT:
        bare = toks[0]
        clitic = any(bare.endswith(c) and verbs.lemma(bare[:-len(c)]) == lemma
                     for c in ("lo", "la", "los", "las", "melo", "mela", "melos", "melas", "selo", "sela"))
        kind = "clitic" if clitic else ("soft" if lemma in _SOFT else "verb")
        return kind, 1
    for seq in sets["remove_phrases"]:
        if len(seq) > 1 and tuple(toks[:len(seq)]) == seq and toks[len(seq):len(seq) + 1] != ["que"]:
            return "phrase", len(seq)  # (not "no quiero que en la casa sepan qué es": a wish, not a removal)
    if toks[0] == "sin":
        return "phrase", 1
    return None


def _removal_object(toks: list[str]) -> str:
    toks = _strip_tail(toks, _REMOVE_TAIL)
    cut = next((i for i, w in enumerate(toks) if w in REASON_LEADS - {"ya"} and content(toks[:i])), None)
    toks = toks[:cut] if cut else toks  # "quite el chorizo que mi esposo ya compró": the reason is no product
    toks = _strip_seq(toks, OBJECT_LEAD)
    found = _quantity_here(toks)
    if found and found[1] < len(toks):
        toks = _strip_seq(toks[found[1]:], OBJECT_LEAD)
    return " ".join(t for t in toks if t[0].isalnum())


REASON_WORDS = frozenset({"que", "porque", "pues", "ya", "pq", "xq", "entonces", "mejor", "por"})


def extract_removals(text: "str | Message") -> list[str] | None:
    """Phrases to remove ("quita los guantes y los cascos" -> ["guantes", "cascos"]).

    [""] when the removal has no object ("quítalo"), ["todo"] for "quita todo", None when the
    message asks no removal (or names the whole order: that is a cancellation).
    """
    sets = _sets()
    message = message_of(text)
    for words, _ in message.clause_words:
        toks = _strip_seq(words, _REMOVE_LEAD)
        start = _removal_start(toks)
        if start is None:
            continue
        from . import lemmas as verbs
        if verbs.lemma(toks[0]) in lexicon.lemmas("make_or_remove") and {"quiero", "necesito"} & set(
                words[:len(words) - len(toks)]) and not set(toks) & sets["order_words"]:
            continue  # "quiero sacar el pase de moto": to get it, nothing taken out of the order
        kind, begin = start
        rest = [w for w in toks[begin:] if w not in STOPWORDS or w in sets["all_words"] or w in REASON_WORDS]
        if rest[:1] and rest[0] in sets["all_words"] and (len(rest) == 1 or rest[1] in REASON_WORDS):
            return ["todo"]  # "bórralo todo", "cancelá todo que ya lo compré en otro lado"
        if kind == "clitic" or (kind == "verb" and begin == len(toks)):
            return [""]
        objects = []
        for segment in _split_conjunctions(toks[begin:]):
            if objects and _starts_item(segment, 0) and segment[0] not in ARTICLES:
                break
            phrase = _removal_object(segment)
            words = phrase.split()
            if words and words[0] in sets["all_words"] and not content(words):
                cancels_order = kind == "soft" and any(w in sets["order_words"] for w in words)
                return None if cancels_order else ["todo"]
            if kind == "verb" and words and all(w in lexicon.words("pointing") for w in words):
                return [""]  # ("quite eso, la estufa ya la tengo": the one just talked about)
            if words and all(w in sets["order_words"] or w in STOPWORDS for w in words):
                return None
            if content(words) or content(segment) or (kind == "verb" and any(w[:1].isdigit() for w in words)) \
                    or (kind == "verb" and len(segment) == 2 and segment[0] in ARTICLES
                        and segment[1] in lexicon.words("company")):  # ("quítele la tarjeta": a line, if sold)
                objects.append(phrase)  # ("quite la de 25": the one of that size; "quite el empaque": a
                # noun after its article, though "empaque" is also a verb's form)
            elif kind == "verb" and not words:
                return [""]
        if objects:
            return objects
        return None
    return None
