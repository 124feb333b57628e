"""Handlers that answer questions: catalogue, products, comparisons, company, people, orders."""
from __future__ import annotations

import re
from functools import lru_cache

from ...money import format_cop
from ...services.text import STOPWORDS, fold, stem, tokens
from .. import lexicon
from ..resolution import (PURPOSE_LEADS, common_name, is_rental_line, is_service_line, missing_code, names_word,
                          names_word_head, pack_of, periods_said, product_phrase, resolve, same_as, same_word,
                          units_for)
from ..state import Pending, PendingKind
from ..tools import RARE_IN_PROFILE, CompanyAnswer, CustomerRecord, ProductCard, SaleStatus, ToolError
from ..understanding.asking import follow_up_words
from ..understanding.numbers import GROUPS, groups_as_sizes
from .buying import in_cheaper_packs, in_longer_periods, suggest_related, talked_family
from .turn import Turn

LIST_LIMIT = 6
CATEGORY_LIMIT = 8
SECTION_LIMIT = 20  # a section asked for by name is shown whole up to this many products
MIN_COVERAGE = 0.5


def greeting(t: Turn) -> None:
    shop = t.box.company_info(question="nombre de la empresa").shop.rstrip(".")
    t.ask("greeting", shop=shop)


def thanks(t: Turn) -> None:
    t.say("thanks")


def polite(t: Turn) -> None:
    if t.s.take_it and t.s.confirm:  # "listo, deme esa" with nothing shown to take: which product
        t.ask("ask_product")
        return
    t.ask("ok_anything_else" if t.s.confirm else "noted_anything_else")


ENGLISH_TOPICS = (("english.place", "address", "dirección ubicación"), ("english.hours", "hours", "horario"),
                  ("english.payment", "payment", "medios de pago"))


def english(t: Turn) -> None:
    """A message in English: that the shop attends in Spanish, and what it can answer anyway: the
    address, hours or payment methods as the profile writes them, or the products the words name."""
    t.say("english")
    for words, topic, question in ENGLISH_TOPICS:
        if t.s.message.has(words):  # "Where is your shop?": the address, as the profile writes it
            answer = t.box.company_info(question=question, topic=topic)
            t.say_text("\n\n".join(answer.passages[:1]))
            return
    from ..tools import find_place, find_zone_barrio
    if t.s.message.has("english.delivery") and (find_place(t.s.text) or find_zone_barrio(t.s.text)):
        shipping(t)  # "Do you deliver to Puerto Colombia? How much?": that place's cost
        return
    _english_found(t, _english_terms(t))


def _english_found(t: Turn, terms: list[str]) -> None:
    found = _english_products(t, terms)
    if found:
        t.say_text(t.v.say("english_found") + "\n" + "\n".join(t.v.product_line(c) for c in found))
        t.mention(found)
        if len(found) == 1:
            t.state.focus = found[0].id  # ("… How much is it?" then "I'll take it")


def _pointed_at(t: Turn) -> ProductCard | None:
    """The product talked about last, when the thing asked is for it ("los manteles para esas mesas")."""
    words = t.s.message.words
    if not t.state.focus or not any(w in lexicon.words("pointing") and words[i - 1] in lexicon.words("purpose_lead")
                                    for i, w in enumerate(words) if i):
        return None
    card = t.box.product_details(product_id=t.state.focus)
    return card if isinstance(card, ProductCard) else None


def english_buys(text: str) -> bool:
    """"I'd like …", "I want …": an order in English (the words as written: a lone "d" is no "de"),
    not a question nor "some" of a thing ("Where is the store? I need some fishing hooks")."""
    words = re.findall(r"[a-z]+", text.lower())
    if "?" in text or lexicon.words("english.not_an_order") & set(words):
        return False
    if words[:1] and words[0] in lexicon.words("english.and") and set(words[1:3]) & set(lexicon.table("english_numbers")):
        return True  # "and one dozen carnival flowers please": one more thing, after an order
    return any(tuple(words[i:i + len(p)]) == p for p in lexicon.phrases("english.buy") for i in range(len(words)))


def english_order(t: Turn) -> None:
    """"I want two white Xbox controllers please": the shop attends in Spanish, and the one product the
    words name goes into the order, that many; when they name several or none, they are listed."""
    from ..resolution import resolve
    from .buying import put, summary
    t.say("english")
    terms = _english_terms(t)
    count = _english_count(t)
    taken = _english_took_it(t)  # ("I'll take it, plus a 128 GB microSD card": the one talked about, too)
    if taken and not terms:
        summary(t, ask_next=True)
        return
    found = resolve(t.box, " ".join(terms), quantity=count) if terms else None
    if found is None or found.product is None or not _says_every_term(found.product, terms) \
            or not _english_all_read(t):
        _english_found(t, terms)  # ("the big jug": no product is called so; they are shown, not taken)
        return
    if put(t, found.product, count, None, relative=True):
        summary(t, ask_next=True)


def _english_took_it(t: Turn) -> bool:
    """"I'll take it": the product talked about goes into the order (once)."""
    from .buying import put
    said = set(re.findall(r"[a-z]+", t.s.text.lower()))
    if not said & lexicon.words("english.pointing") or not t.state.focus:
        return False
    card = t.box.product_details(product_id=t.state.focus)
    return isinstance(card, ProductCard) and put(t, card, 1, None, relative=True)


def _says_every_term(card: ProductCard, terms: list[str]) -> bool:
    from ...services.text import stem, tokens
    said = {stem(w) for w in tokens(f"{card.name} {card.synonyms or ''} {card.description or ''}")}
    loose = lexicon.words("unit_of_sale") | lexicon.words("english.measure")
    # ("2 jars of manjarblanco, the 500 gram ones": however the catalogue packs and writes it)
    return all(stem(w) in said or w in loose or w.isdigit() for term in terms for w in tokens(term))


def _english_count(t: Turn) -> int:
    """"two", "a dozen", "2 jars": how many; a number before a measure ("64 GB", "500 gram") is a size."""
    numbers, measures = lexicon.table("english_numbers"), lexicon.words("english.measure") | lexicon.words("measure")
    words = re.findall(r"[a-z0-9]+", t.s.text.lower())
    for i, word in enumerate(words):
        if word in numbers:
            return numbers[word]
        if word.isdigit() and 0 < int(word) <= 100 and (i + 1 == len(words) or words[i + 1] not in measures):
            return int(word)
    return 1


def _english_products(t: Turn, terms: list[str]) -> list[ProductCard]:
    """The products the English words name, for a question ("How much is …?")."""
    from ..resolution import MIN_COVERAGE
    if not terms:
        return []
    return [r for r in t.box.search_products(query=" ".join(terms), limit=6) if r.coverage >= MIN_COVERAGE][:3]


def _english_terms(t: Turn) -> list[str]:
    """"How much is the double hammock in cotton?": its words as the catalogue writes them, English
    words through the lexicon's glossary and the rest (brands, titles, "manjarblanco") as written."""
    from ...services.text import stem
    from ..tools import catalogue_words
    glossary, english_words = lexicon.english_glossary(), lexicon.words("english")
    words = re.findall(r"[a-z0-9áéíóúñ'-]+", t.s.text.lower())
    words = [part for w in words for part in (w.split("-") if re.fullmatch(r"\d+-[a-z]+", w) else [w])]
    # ("two 2-piece suits", "an 830-point breadboard": the size, then its word)
    terms, unknown, i = [], [], 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if pair in glossary:
            terms.append(glossary[pair])
            i += 2
            continue
        word = words[i]
        single = word[:-1] if word.endswith("s") and word not in glossary else word
        if word in glossary or single in glossary:
            terms.append(glossary.get(word) or glossary[single])
        elif word.isdigit() or re.fullmatch(r"\d+(?:x\d+)+", word):
            terms.append(word)  # ("the 1x12 cedar": a size, as the catalogue writes it)
        elif word not in english_words and word not in lexicon.words("filler") and len(word) > 2:
            unknown.append(fold(word))
        i += 1
    known = catalogue_words({stem(w) for w in unknown}) if unknown else set()
    return terms + [w for w in unknown if stem(w) in known]


def _english_all_read(t: Turn) -> bool:
    """Every word of an English order is read: a known English word, a count, a size or a word of the
    catalogue ("the big jug": "jug" is not read, so nothing is taken on a guess)."""
    from ...services.text import stem
    from ..tools import catalogue_words
    glossary = lexicon.english_glossary()
    read = lexicon.words("english") | lexicon.words("english.measure") | set(lexicon.table("english_numbers")) \
        | lexicon.words("filler") | lexicon.words("thanks") | lexicon.words("greeting")
    text = t.s.text.lower()
    read |= {w for phrase in glossary if " " in phrase and phrase in text for w in phrase.split()}  # "hard hats"
    read |= {w for phrase in lexicon.phrases("english.buy") for w in phrase}  # "I'll take"
    words = re.findall(r"[a-z]+", text)
    rest = [w for w in words if len(w) > 2 and w not in read and w not in glossary
            and not (w.endswith("s") and w[:-1] in glossary)]
    known = catalogue_words({stem(fold(w)) for w in rest}) if rest else set()
    return all(stem(fold(w)) in known for w in rest)


def offtopic(t: Turn) -> None:
    t.say("offtopic")


def refuse_instruction(t: Turn) -> None:
    t.ask("instruction_refused")


# --- the catalogue ------------------------------------------------------------------------------

def catalogue(t: Turn) -> None:
    """Categories with counts and a few products each, not a wall of every product."""
    blocks = t.box.list_catalog(per_category=2)
    if not blocks:
        t.say("catalog_empty")
        return
    t.say_text(t.v.say("catalog_intro") + "\n" + "\n".join(
        "• " + t.v.say("catalog_category_examples", category=b.category, count=b.total, examples=" · ".join(
            t.v.say("line.example", name=c.name, price=c.price_text) for c in b.products)) for b in blocks))
    shown = [card for b in blocks for card in b.products][:4]
    t.mention(shown)
    t.ask("catalog_more", category=blocks[0].category.lower())


def _blocks(t: Turn):
    """The catalogue's categories, read once per turn."""
    return t.remember("category_blocks", lambda: t.box.list_catalog(per_category=CATEGORY_LIMIT))


def named_category(t: Turn) -> str | None:
    """The category a question names ("enséñeme la sección de bebidas", "mostrame los fertilizantes")."""
    s = t.s
    if not (s.show or s.catalog or s.categories or s.question or s.availability) or s.price or s.comparison \
            or s.company_topics or s.follow_up:
        return None
    if s.stock and not s.catalog:
        return None  # "¿tienen cuadernos?" asks for products; "¿qué tienen de arte?" for a section
    if any(ch.isdigit() for i in s.items for ch in i.phrase):
        return None  # "¿tienen el tinte 7.1?": one product, not the section
    wanted = _category_named(t, [b.category for b in _blocks(t)])
    if wanted is not None and ((s.stock and not s.catalog) or not _category_is_all_said(t, wanted)) and any(
            names_word(card, word) for word in _kind_words(t)
            for card in t.box.search_products(query=word, limit=5)):
        return None  # "¿qué tienen de cuadernos argollados?": products are called that
    if wanted is not None and _qualifies_with_unsold(t, wanted):
        return None  # "¿venden repuestos de moto?" in a bicycle shop: not its section "Repuestos"
    return wanted


def _kind_words(t: Turn) -> list[str]:
    """The product words said before any "para" ("lo de seguridad pa la cocina": not what it is for)."""
    words = list(t.s.message.words)
    purpose = next((i for i, w in enumerate(words) if w in PURPOSE_LEADS), len(words))
    return [w for w in t.s.product_words if w not in words[purpose:]]


def _qualifies_with_unsold(t: Turn, category: str) -> bool:
    """A word said beside the section's name that no product of the shop has anywhere."""
    from ...services.text import content_stems
    from ..understanding import lemmas
    named = content_stems(category)
    for word in _kind_words(t):
        if not word.isalpha() or len(word) < 3 or any(same_word(stem, c) for stem in content_stems(word) for c in named):
            continue
        if word in lexicon.everyday_words() or lemmas.lemma(word):
            continue
        if not any(r.coverage > 0 for r in t.box.search_products(query=word, limit=1)):
            return True
    return False


def categories(t: Turn) -> None:
    """"¿qué líneas tienen?" → the categories; "enséñeme la sección de aseo" → that category's products."""
    blocks = _blocks(t)
    wanted = _category_named(t, [b.category for b in blocks])
    if wanted is None:
        t.say_text(t.v.say("categories_intro") + "\n" + "\n".join(
            "• " + t.v.say("catalog_category", category=b.category, count=b.total) for b in blocks))
        t.ask("catalog_more", category=blocks[0].category.lower() if blocks else "")
        return
    show_category(t, next(b for b in blocks if b.category == wanted))


def show_category(t: Turn, block) -> None:
    """The section's products; a long section all of it, by family ("• Aguacate: Hass $3.500 · Papelillo
    $5.000"), so "¿qué frutas tienen?" names every fruit and not only the first few."""
    if block.total > len(block.products):
        block = (t.box.list_catalog(per_category=SECTION_LIMIT, category=block.category) or [block])[0]
    families: dict[str, list] = {}
    for card in block.products:
        families.setdefault(fold(card.name.split()[0]), []).append(card)
    if len(block.products) <= CATEGORY_LIMIT or len(families) == len(block.products):
        lines = [t.v.product_line(c) for c in block.products]
    else:
        lines = [t.v.product_line(cards[0]) if len(cards) == 1 else t.v.say(
            "category_family", family=cards[0].name.split()[0], variants=" · ".join(
                t.v.say("line.example", name=" ".join(c.name.split()[1:]), price=c.price_text) for c in cards))
            for cards in families.values()]
    t.say_text(t.v.say("category_intro", category=block.category) + "\n" + "\n".join(lines))
    if block.total > len(block.products):
        t.say("category_more", more=block.total - len(block.products))
    t.mention(block.products)
    t.state.ask(Pending(PendingKind.CHOICE, options=[c.id for c in block.products], action="add"))
    t.ask("pick_one")


def _said_stems(t: Turn) -> list[str]:
    """Stems of the words that may name what is asked for, verbs left out ("muéstreme lo que tenga de …")."""
    from ...services.text import content_stems
    message = t.s.message
    verbs = {w for w, lemma in zip(message.words, message.lemmas) if lemma}
    return content_stems(" ".join(w for w in t.s.product_words if w not in verbs))


def _category_is_all_said(t: Turn, name: str) -> bool:
    """"mostrame los fertilizantes" is the whole section "Fertilizantes"; "muéstreme los guantes" is
    only part of "Cascos y Guantes", and "las camisetas de niño" more than "Camisetas"."""
    from ...services.text import content_stems
    said = set(_said_stems(t))
    named = set(content_stems(name))
    return bool(said) and all(any(same_word(a, b) for b in named) for a in said) \
        and all(any(same_word(b, a) for a in said) for b in named)  # "galletas" is "Galletería"


@lru_cache(maxsize=1)
def _category_ignored() -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's words that never name a section, and their stems (words, not stems, on the
    customer's side: "seguro" is a filler, "Seguridad" a section)."""
    from ...services.text import content_stems
    words = frozenset(w for name in ("categories", "catalog", "non_product", "filler", "question")
                      for w in lexicon.words(name))
    return words, frozenset(content_stems(" ".join(words)))


def _category_named(t: Turn, names: list[str]) -> str | None:
    """A category the message names ("aseo", "lo de papelería"), matched on stems, typos allowed."""
    from ...services.text import content_stems, content_tokens
    ignore, ignored_stems = _category_ignored()
    message = t.s.message
    verbs = {w for w, lemma in zip(message.words, message.lemmas) if lemma}
    words = content_stems(" ".join(w for w in _kind_words(t) if w not in verbs and w not in ignore))
    if not words or len(words) > 4:
        return None
    best, best_score = None, 0.0
    for name in names:
        kept = [w for w in content_tokens(name) if w not in ignore]
        # ("Pescado Seco y Salado": "salado" reads as a word of the lexicon; "Seguridad" alone is the section)
        stems = [st for st in content_stems(" ".join(kept)) if st not in ignored_stems] or content_stems(" ".join(kept))
        if not stems:
            continue
        hits = sum(any(same_word(w, c) for c in stems) for w in words)
        covered = sum(any(same_word(c, w) for w in words) for c in stems)
        score = (hits / len(words)) * (covered / len(stems))
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 0.5 else None


def products(t: Turn) -> None:
    """A question about products: price, stock, "¿tienen …?", "¿y el de 5 libras?", or just a name."""
    s = t.s
    from .buying import _reference
    reference = _reference(t)
    said = {product_phrase(same_as(i.phrase, reference)): same_as(i.phrase, reference) for i in s.items}
    phrases = [p for p in said if p]
    from ..understanding.items import content
    joined, head = [], ""
    for p in phrases:  # "el cargador tipo c de 20w y el de 33w": the size alone goes with the product named
        if content(p.split()):
            head = " ".join(w for w in p.split() if not w[0].isdigit() and w not in lexicon.words("measure"))
            joined.append(p)
        elif head:
            joined.append(f"{head} {p}")
            said.setdefault(joined[-1], joined[-1])
        else:
            joined.append(p)
    phrases = joined
    listed = _one_of_the_listed(t, phrases)
    if listed is not None:  # "el vino tinto en qué talla viene?" after the two bodies: that one of them
        describe(t, [listed])
        return
    if s.follow_up and t.state.focus:
        per_unit = _price_per_unit_said(t)
        if per_unit:  # "¿y el metro?" after a box priced by the box: its description's price per m²
            t.say_text(per_unit)
            return
        sibling = _sibling(t)
        if sibling is not None:
            describe(t, [sibling])
            return
        if _other_kind_asked(t) and (kinds := _kinds_of_focus(t)):
            describe(t, kinds)  # "uy, y en qué otro color las tienen?": the ones like it
            return
        phrases = [_sibling_phrase(t)] if not phrases else [
            p if _names_whole(t, said.get(p, p)) else
            (_asked_whole(t, p) if _names_another_than_focus(t, p) else _with_focus(t, p))
            # ("¿y el cable lightning …?", "¿y cuánto vale el pepperoni de 250?" after the tocineta)
            for p in phrases]
    if not phrases and (s.price or s.stock) and t.state.focus:
        describe(t, [t.box.product_details(product_id=t.state.focus)])
        return
    focus = _property_of_focus(t)
    if focus is not None:  # "¿de qué ojo es la malla?" about the atarraya just shown: its description
        describe(t, [focus])
        return
    if not phrases:
        section = _section_for(t)
        if section is not None:  # "¿qué tienen para las uñas?" in a shop with a section "Uñas"
            show_category(t, section)
            return
        purpose = _purpose(t)
        if purpose:  # "¿qué tienen para el pelo?": what is for that, found by the words of its description
            found = [r for r in t.box.search_products(query=purpose, limit=LIST_LIMIT) if r.coverage >= MIN_COVERAGE]
            if found:
                describe(t, found)
                return
        if s.show or s.catalog:
            catalogue(t)
            return
        headed = _headed_by_everyday_word(t) if s.price or s.stock else []
        if headed:  # "¿cuánto vale la consulta?" in a clinic whose services are named "Consulta …"
            describe(t, headed)
            return
        fallback(t)
        return
    shown, missing, singles = False, [], []
    units = {product_phrase(i.phrase): i.unit for i in s.items}
    counts = {product_phrase(i.phrase): i.quantity for i in s.items}
    for phrase in phrases:
        results = [r for r in t.box.search_products(query=phrase, limit=LIST_LIMIT) if r.coverage >= MIN_COVERAGE]
        if results and phrase == _purpose(t) and not any(names_word(r, w) for r in results for w in phrase.split()):
            shown = True  # "¿qué tienen para el pelo?": products whose description says what they are for
            describe(t, results)
            continue
        if not results or not _head_is_sold(t, phrase) or missing_code(results, phrase):
            missing.append(phrase)
            continue
        exact = resolve(t.box, said.get(phrase, phrase), unit=units.get(phrase), quantity=counts.get(phrase),
                        reference=_pointed_at(t))  # "¿los manteles para esas mesas?": the ones for the mesas just taken
        if exact.product is not None and not _called_so(exact.product, phrase):
            missing.append(phrase)  # "¿venden neveras nuevas?": not the gas whose description says "para
            continue  # neveras nuevas" (named neither so nor by a synonym)
        shown = True
        from ..resolution import fits_measure
        fitting = fits_measure(exact.options or results, s.message.words) if not exact.product else None
        if exact.product or fitting:  # ("mi mamá mide 1,50, ¿qué muletas le sirven?": the size made for that)
            singles.append((exact.product or fitting, counts.get(phrase), units.get(phrase)))
        else:
            describe(t, exact.options or results)
            if t.state.pending is not None and len(phrases) == 1:
                t.state.pending.phrase = said.get(phrase, phrase)  # ("regáleme esa": the one asked about)
    for card, count, unit in singles:  # "¿cuánto me salen 3 litros de chocolate?": what they come to
        count = count or (s.count_of_the if len(singles) == 1 else None)  # "… de las dos?"
        periods = periods_said(card, "", list(s.message.words), bare=True) if not count and len(singles) == 1 else None
        longer = in_longer_periods(t, card, 1, periods) if periods and periods > 1 else None
        if longer:  # "¿cuánto sale el picanto por 10 días?": a week and 3 days, the cheapest way
            t.say("price_total_in_packs", quantity=periods, name=card.name,
                  total=format_cop(sum(c.price * n for c, n in longer)),
                  packs=" y ".join(f"{n} × {c.name}" for c, n in longer))
            continue
        count = count or (periods if periods and periods > 1 else None)  # ("… del viernes al domingo?": 2 días)
        amount = units_for(card, count, unit) if count and count > 1 else None
        packs = in_cheaper_packs(t, card, amount, "") if amount and amount > 1 and not unit else None
        if packs:  # "¿cuánto me salen 100 cajas troqueladas?": in the packs the shop sells them by
            t.say("price_total_in_packs", quantity=amount, name=card.name,
                  total=format_cop(sum(c.price * n for c, n in packs)),
                  packs=" y ".join(f"{n} × {c.name}" for c, n in packs))
        elif amount and amount > 1:
            t.say("price_total", quantity=amount, name=card.name, total=format_cop(card.price * amount))
    if singles:  # "a cómo están el coronel y crónica de …": both in one list, "póngame esas dos" takes both
        describe(t, list({c.id: c for c, _, _ in singles}.values()))
    describing = lexicon.words("describing")  # "mi mamá mide 1,50": what the customer's is like, no product
    missing = [p for p in missing if not set(p.split()) & describing]
    if missing and all(_generic_phrase(p) for p in missing) and not shown:
        t.ask("ask_product")
    elif missing and not shown and (described := _described_in_profile(t, missing)):
        t.say_text("\n\n".join(described))  # "¿ustedes se llevan el colchón viejo?": a service the profile names
    elif missing and not shown and (priced := _priced_in_profile(t, missing)):
        t.say_text("\n\n".join(priced))  # "¿cuánto vale el examen de la vista?": a service the profile prices
    elif missing and not shown and s.follow_up and t.state.focus and any(_tells_something(p) for p in missing) \
            and (told := t.box.company_info(question=s.text).passages):
        t.say_text("\n\n".join(told))  # "¿y eso llega frío?": what the profile says of it, no "no vendemos"
    elif missing and not shown and all(_the_shops_trade(p) for p in missing):
        catalogue(t)  # "¿qué más venden aparte de los uniformes?": the shop's own trade, never "no vendemos"
    elif missing and not shown and all(set(p.split()) <= lexicon.words("not_split") for p in missing) \
            and (kinds := _kinds_of_focus(t)):
        describe(t, kinds)  # "¿y en qué otro color las tienen?": the ones like those just talked about
    elif missing and (shown or s.asks_info or s.buy or s.availability or len(s.product_words) <= 3):
        not_sold(t, missing, quiet=shown)
    elif missing or not shown:
        fallback(t)


def _asked_whole(t: Turn, phrase: str) -> str:
    """The follow-up's own words when it holds one mention ("¿y el tres leches?": not 3 "leches")."""
    whole = product_phrase(follow_up_words(t.s.message))
    return whole if len(t.s.items) == 1 and whole else phrase


def _names_another_than_focus(t: Turn, phrase: str) -> bool:
    focus = t.box.product_details(product_id=t.state.focus)
    return isinstance(focus, ProductCard) and _names_another(t, focus, phrase)


def _other_kind_asked(t: Turn) -> bool:
    """"¿y en qué otro color las tienen?": another one (of a colour, size) not named, of the kind shown."""
    words = set(t.s.message.words)
    return bool(words & lexicon.words("relative")) and bool(
        words & (lexicon.words("not_split") - lexicon.words("colors") - lexicon.words("comparison.big")
                 - lexicon.words("comparison.small")))


def _one_of_the_listed(t: Turn, phrases: list[str]) -> ProductCard | None:
    """One phrase whose every word is in the name of exactly one product of the list just shown."""
    if len(phrases) != 1 or len(t.state.mentioned) < 2 or not product_phrase(phrases[0]):
        return None
    shown = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned) if isinstance(c, ProductCard)]
    from ..understanding.lemmas import lemma
    words = product_phrase(phrases[0]).split()
    said = [w for w in words if any(names_word(c, w) for c in shown)]
    unnamed = [w for w in words if w not in said and (w[:1].isdigit() or not (
        w in lexicon.everyday_words() or lemma(w)))]  # ("pepperoni" after the tocinetas: another product)
    having = [c for c in shown if said and all(names_word(c, w) for w in said)]
    return having[0] if len(having) == 1 and not unnamed else None


def _headed_by_everyday_word(t: Turn) -> list[ProductCard]:
    """The products whose names start with an everyday word of the message that is never a product
    elsewhere ("consulta", "opción"): in this shop it is one."""
    everyday = lexicon.words("non_product")
    for word in t.s.message.words:
        if word in everyday and word.isalpha() and len(word) > 3 and word not in STOPWORDS:
            found = [r for r in t.box.search_products(query=word, limit=LIST_LIMIT) if names_word_head(r, word)
                     and tokens(r.name)[:1] == [word]]
            if found:
                return found
    return []


def _kinds_of_focus(t: Turn) -> list[ProductCard]:
    """The products named like the one talked about, but for its colour or size ("Alquiler Silla
    Tiffany Blanca" → the Tiffany chairs of every colour)."""
    from ...services.text import STOPWORDS, stem, tokens
    card = t.box.product_details(product_id=t.state.focus) if t.state.focus else None
    if not isinstance(card, ProductCard):
        return []
    loose = lexicon.words("colors") | lexicon.words("not_split")
    head = [w for w in tokens(card.name) if w.isalpha() and w not in STOPWORDS and w not in loose][:3]
    stems = {stem(w) for w in head}
    kinds = [r for r in t.box.search_products(query=" ".join(head), limit=LIST_LIMIT)
             if stems <= {stem(w) for w in tokens(r.name)}]
    return kinds if len(kinds) > 1 else []


def _described_in_profile(t: Turn, phrases: list[str]) -> list[str]:
    """Words not sold that the profile uses together, in one line or passage ("se llevan el colchón
    viejo" → "Recogida del colchón viejo: $35.000"): at least two of them, not everyday words."""
    from ...services.text import content_stems
    from ..tools import find_city, profile_terms
    if not (t.s.question or t.s.asks_info or t.s.availability) or _sells_a_thing(t.s.message):
        return []  # ("¿venden computadores portátiles?" asks for a product: an honest no)
    terms = profile_terms()
    everyday = lexicon.everyday_stems()
    words = " ".join(w for w in t.s.product_words if not find_city(w, whole=True))  # ("llegando de Aguazul")
    said = {st for st in content_stems(words) if terms.get(st) and st not in everyday and not st.isdigit()}
    for word in t.s.product_words:  # "¿me pintan la casa?": "pintores", "pintura" in the profile
        verb = _done_by_the_shop(t.s.message, word)
        said |= set(_verb_family(terms, verb))
    # "¿ustedes hacen toppers con el nombre …?": one word is enough when a service verb asks for it
    # and one line of the profile is about it
    serves = bool(t.s.message.lemma_set() & lexicon.lemmas("service_verbs"))
    if len(said) < (1 if serves else 2):
        return []
    found = t.box.company_info(question=" ".join(phrases + [words]), terms=" ".join(sorted(said)), one_line=True)
    shop = found.shop  # the shop's own name in a passage is no word of the service
    need = 2 if len(said) > 1 or len(found.passages) != 1 or "\n" in found.passages[0] else 1
    return [p for p in found.passages if len(set(content_stems(p.replace(shop, " "))) & said) >= need]


def _section_for(t: Turn):
    """The section named after "para", as written ("uñas" folds to the article "unas": compare as typed)."""
    import re
    raw = t.s.message.raw.lower()
    found = re.search(r"\bpara (?:el |la |los |las )?([a-záéíóúüñ]+)", raw)
    if not found or len(found.group(1)) < 3:
        return None
    word = found.group(1)
    return next((b for b in _blocks(t) if word in re.findall(r"[a-záéíóúüñ]+", b.category.lower())), None)


def _purpose(t: Turn) -> str:
    """The content words after "para" ("¿qué tienen para las uñas?" → "unas")."""
    from ..understanding.items import content
    words = list(t.s.message.words)
    for i, word in enumerate(words):
        if word in PURPOSE_LEADS:
            return " ".join(content(words[i + 1:]))
    return ""


def names_product(t: Turn) -> bool:
    """"¿el precio del casco abierto?": a price question whose words pick a product (though "abierto"
    is also about opening hours)."""
    if not t.s.price:
        return False
    found = _items_resolved(t)
    if "services" in t.s.company_topics:  # "¿ustedes instalan el kit? ¿cuánto cobran?" asks the service's
        # price, but "¿cuánto me cobran por lavar una cobija semidoble?" names the "Lavado de Cobija …"
        return any(r.product is not None and _said_whole_service_line(t, r.product) for r in found)
    return any(r.product is not None or r.options for r in found)


def _items_resolved(t: Turn) -> list:
    """What each item of the message names in the catalogue, resolved once a turn for every rule
    that asks."""
    return t.remember("items_resolved", lambda: [t.found(i.phrase) for i in t.s.items if i.phrase])


def _generic_phrase(phrase: str) -> bool:
    from .buying import _generic
    return _generic(phrase)


def _head_is_sold(t: Turn, phrase: str) -> bool:
    """"¿tienen pañales desechables?": the thing asked for (its first word), not only an adjective, is sold."""
    words = phrase.split()
    units = lexicon.words("unit_of_sale")  # "el paquete de platos": platos are the thing asked for
    head = next((w for w in words if w.isalpha() and len(w) > 2 and w not in units), None)
    if head is None:
        return True
    if not any(names_word(r, head) for r in t.box.search_products(query=head, limit=8)):
        return False
    return _serves_purpose(t, phrase)


def _called_so(card: ProductCard, phrase: str) -> bool:
    """The product found is called by a word asked (in its name or a synonym's head), not only by its
    description ("camisas pa los ojales": the "Ojal a Máquina"; "neveras nuevas": no gas "para neveras
    nuevas")."""
    from ...services.text import STOPWORDS
    units = lexicon.words("unit_of_sale")
    said = [w for w in phrase.split() if w.isalpha() and len(w) > 2 and w not in units and w not in STOPWORDS]
    return not said or any(names_word(card, w) for w in said)


def _serves_purpose(t: Turn, phrase: str) -> bool:
    """"¿tienen repuestos para carro?": what it is for must be something the shop sells for."""
    words = phrase.split()
    purpose = words[words.index("para") + 1:] if "para" in words else []
    target = next((w for w in purpose if w.isalpha() and len(w) > 2), None)
    return target is None or any(r.coverage > 0 for r in t.box.search_products(query=target, limit=1))


def _price_per_unit_said(t: Turn) -> str | None:
    """"¿y el metro?" about the "Porcelanato … Caja 1.44 m²": the sentence of its description that
    prices it by that measure ("Precio por m²: $89.000."), with its name; None when it has none."""
    from ..resolution import measure_key
    said = [w for w in t.s.message.words[1:] if w not in STOP_FOLLOW]
    focus = t.box.product_details(product_id=t.state.focus)
    if len(said) != 1 or not isinstance(focus, ProductCard) or measure_key(said[0]) is None:
        return None
    for sentence in re.split(r"(?<=[.;])\s+", focus.description or ""):
        words = tokens(sentence)
        if "$" in sentence and any(measure_key(w) == measure_key(said[0]) for w in words):
            return f"{focus.name}: {sentence.strip()}"
    return None


STOP_FOLLOW = frozenset({"el", "la", "los", "las", "por", "de", "del", "un", "una"})


def _sibling(t: Turn) -> ProductCard | None:
    """"¿y el de 50?", "¿y la de oficio?", "¿y por kilo?": the product shown, in the variant asked."""
    from ..resolution import variant_of
    focus = t.box.product_details(product_id=t.state.focus)
    if isinstance(focus, ToolError):
        return None
    said = groups_as_sizes(follow_up_words(t.s.message))  # "¿y el millar?": the one of 1000
    pointed = [w for w in said.split() if w not in lexicon.words("article")]
    if pointed and set(pointed) <= lexicon.words("relative"):
        return _the_other(t, focus)  # "¿y el otro?" after the "Cautín … 30 W": the "Cautín … 60 W"
    if _other_kind_asked(t):
        return None  # "¿y en qué otro color las tienen?": the ones like it, not one sibling
    if _names_another(t, focus, said):
        return None  # "¿y cuánto vale el pepperoni de 250?" after the tocineta: the pepperoni, not a sibling
    numbers = {w for w in said.split() if w[:1].isdigit()}
    if numbers and len(t.state.mentioned) > 1 and numbers <= set(tokens(focus.name)):
        return focus  # "¿y la de 1?" after a list whose first one is the 1 HP: that one, not the 1.5
    found = variant_of(t.box, focus, said)
    return found.product


def _names_another(t: Turn, focus: ProductCard, said: str) -> bool:
    """A word of the follow-up is not in the focus's name and starts other products' names."""
    from ..resolution import has_every_word, names_word_head, resolve
    from .buying import _same_kind
    head, own = tokens(focus.name)[:1], {stem(w) for w in tokens(focus.name)}
    if any(w.isalpha() and len(w) > 3 and w not in lexicon.everyday_words() and stem(w) not in own
           and names_word(focus, w) for w in said.split()):  # (a word only the focus's synonyms have)
        fresh = resolve(t.box, said)
        named = [fresh.product] if fresh.product else fresh.options
        if named and all(has_every_word(c, said) and tokens(c.name)[:1] != head for c in named):
            return True  # "¿y el traje negro?" after the smoking (whose synonym says "traje de gala"): the suits
    for word in said.split():
        if not word.isalpha() or len(word) <= 3 or word in lexicon.everyday_words() | lexicon.words("colors") \
                or names_word(focus, word):
            continue
        found = t.box.search_products(query=word, limit=8)
        if not any(names_word_head(r, word) and not _same_kind(r, focus) for r in found):
            continue
        kin = found + t.box.search_products(query=f"{tokens(focus.name)[0]} {word}", limit=8)  # ("torta tres leches")
        if not any(_same_kind(r, focus) and names_word(r, word) for r in kin):
            return True  # (but "¿y la de néctar?" after the Aguardiente Tapa Roja: another aguardiente)
    return False


def _the_other(t: Turn, focus: ProductCard) -> ProductCard | None:
    """The one product named as the focus is but for its numbers ("Cautín Tipo Lápiz 60 W" beside the
    "… 30 W"); None when there is none or several."""
    from ...services.text import stem

    def words(card: ProductCard) -> tuple[set[str], set[str]]:
        named = tokens(card.name)
        return {stem(w) for w in named if w.isalpha()}, {w for w in named if w[:1].isdigit()}
    own, numbers = words(focus)
    others = [r for r in t.box.search_products(query=" ".join(w for w in tokens(focus.name) if w.isalpha()), limit=12)
              if r.id != focus.id and words(r)[0] == own and words(r)[1] != numbers]
    return others[0] if len(others) == 1 else None


def _names_whole(t: Turn, phrase: str) -> bool:
    """The words name one product by themselves ("¿y el cable lightning de 2 metros?"), so the
    follow-up is about that product, not a variant of the one shown."""
    from ..resolution import has_every_word, names_word_head
    words = product_phrase(phrase)
    from ..understanding.numbers import NUMBER_WORDS
    plain = not any(w[:1].isdigit() or w in NUMBER_WORDS or w in ("de", "del")
                    for w in list(t.s.message.words)[:4] + phrase.split()[:3])  # not "el tres leches", "el de …"
    if len(words.split()) == 1 and words.isalpha() and plain and any(
            names_word_head(r, words) for r in t.box.search_products(query=words, limit=8)):
        return True  # "¿y el confeti?" after the candles: a product called so, not a kind of candle
    if len(words.split()) < 2:
        return False  # "¿y el de chocolate?", "¿y el tres leches?" (3 × leches): a variant of the one shown
    found = t.found(phrase).product
    return found is not None and has_every_word(found, words)


def _with_focus(t: Turn, phrase: str) -> str:
    """"¿y el de 5 libras?" after talking about "Extintor 20 Libras": the same kind, other attribute."""
    focus = t.box.product_details(product_id=t.state.focus)
    if isinstance(focus, ToolError):
        return phrase
    from ...services.text import tokens
    head = [w for w in tokens(focus.name) if not w[0].isdigit() and w not in lexicon.words("measure")][:1]
    return " ".join(head + [phrase]) if head and head[0] not in phrase.split() else phrase


def _sibling_phrase(t: Turn) -> str:
    attribute = " ".join(w for w in t.s.message.words if w[0].isdigit() or w in lexicon.words("measure")
                         or w in lexicon.words("not_split"))
    return _with_focus(t, attribute or "")


def describe(t: Turn, cards: list[ProductCard]) -> None:
    cards = [c for c in cards if isinstance(c, ProductCard)]
    if not cards:
        return
    t.mention(cards)
    if len(cards) == 1:
        card = cards[0]
        availability = t.v.say("in_stock_one" if card.stock == 1 else "in_stock", stock=card.stock) \
            if card.stock > 0 else t.v.say("out_of_stock")
        description = f" {card.description}" if card.description else ""
        t.say("product_info", name=card.name, price=card.price_text, availability=availability,
              description=description)
        t.state.focus = card.id
        if card.stock <= 0:
            suggest_related(t, card)
            return
        named = bool(t.s.items) and not (t.s.question or t.s.price or t.s.asks_info or t.s.message.is_question)
        # ("la proteína de chocolate de 5 libras": named to be bought, how many is asked)
        t.state.ask(Pending(PendingKind.CHOICE, options=[card.id], action="add", requested=named))
        t.ask("how_many")
        return
    t.say_text("\n".join(t.v.product_line(c) for c in cards))
    t.state.focus = cards[0].id  # "¿y el de 50?" asks about the same kind of product
    t.state.ask(Pending(PendingKind.CHOICE, options=[c.id for c in cards], action="add"))
    t.ask("pick_one")


def _the_shops_trade(phrase: str) -> bool:
    """Every word of the phrase is one the profile says in many passages ("uniformes" in a uniform shop):
    what the shop is about, whatever its products are called."""
    from ...services.text import content_stems
    from ..tools import profile_terms
    terms, stems = profile_terms(), content_stems(phrase)
    return bool(stems) and all(terms.get(st, 0) > RARE_IN_PROFILE for st in stems)


def _tells_something(phrase: str) -> bool:
    """"alas llega frio": a verb said after the first word (not after "de"): a sentence, not a product's name."""
    from ..understanding import lemmas
    words = phrase.split()
    return any(w.isalpha() and words[i - 1] not in ("de", "del") and (lemmas.lemma(w) or lemmas.infinitive_of(w))
               for i, w in enumerate(words) if i)


def not_sold(t: Turn, phrases: list[str], quiet: bool = False) -> None:
    """An honest "no": the shop does not sell it; suggest only products of the same kind."""
    for phrase in phrases:
        t.say("not_sold", phrase=t.s.message.written(phrase))
    if not quiet:  # "póngame una de esas" next must not land on a product shown before
        t.state.focus, t.state.mentioned = None, []
    if quiet:
        return
    from ...services.text import content_tokens
    said = content_tokens(" ".join(phrases))
    near = [r for r in t.box.search_products(query=" ".join(phrases), limit=3)
            if r.coverage >= MIN_COVERAGE and any(names_word(r, w) for w in said)]
    if near:
        t.say_text(t.v.say("closest") + "\n" + "\n".join(t.v.product_line(c) for c in near))
        t.mention(near)


def compare(t: Turn) -> None:
    """"el más barato", "el más grande", "¿cuál me recomienda para …?" over the matching products: the
    one picked, and how many of it."""
    picked = comparison(t)
    if picked is None:
        return
    kind, tied = picked
    say_pick(t, kind, tied[0])
    t.state.ask(Pending(PendingKind.CHOICE, options=[tied[0].id], action="add"))
    t.ask("how_many")


def say_pick(t: Turn, kind: str, pick: ProductCard) -> None:
    """The product a comparison picked, said and kept as the one talked about."""
    if kind in ("cheap", "expensive"):
        t.say("cheapest" if kind == "cheap" else "most_expensive", name=pick.name, price=pick.price_text)
    elif kind in ("big", "small"):
        t.say("biggest" if kind == "big" else "smallest", name=pick.name, price=pick.price_text)
    else:
        why = f" {pick.description}" if pick.description else ""
        t.say("recommend", name=pick.name, price=pick.price_text, why=why)
    t.mention([pick])
    t.state.focus = pick.id


def comparison(t: Turn) -> tuple[str, list[ProductCard]] | None:
    """The comparison asked for ("cheap", "expensive", "big", "small" or "recommend") and the products
    it picks: one, or several tied (same price, same size). None when it was answered another way
    (cheaper alternatives, both options with their prices, a list)."""
    if t.s.comparison in ("cheap", "expensive", "recommend") and (_compare_alternatives(t) or _compare_pack(t)):
        return None
    if len(t.s.items) >= 2 and "o" in t.s.message.words:
        products(t)  # "¿qué sale mejor, dos pacas de 12 o una de 24?": both, with their prices
        return None
    comparing = set().union(*(lexicon.values(f"comparison.{k}", "words") for k in
                              ("cheap", "expensive", "big", "small", "recommend"))) | {"mas", "menos", "es", "que"}
    phrase = " ".join(w for p in (product_phrase(i.phrase) for i in t.s.items) for w in p.split()
                      if w not in comparing)
    candidates = []
    if phrase:
        candidates = [r for r in t.box.search_products(query=phrase, limit=12) if r.coverage >= MIN_COVERAGE]
        # the first word that names some product found ("¿cuáles son los aretes … más baratos?": aretes)
        head = next((w for w in phrase.split() if any(names_word(r, w) for r in candidates)), phrase.split()[0])
        called = [r for r in candidates if names_word(r, head)]  # "la arena más barata": arenas only
        called = [r for r in called if _named_as_said(r, head)] or called  # "el velo": not the "Velas"
        headed = [r for r in called if names_word_head(r, head)]  # "el aceite": not the "Atún en Aceite"
        # "el pescado más barato": every product of "Pescado Fresco" (none is named so, and a synonym
        # "pescado pelada" does not make Pelada the only fish) and the ones named so in "Pescado Seco"
        section = _section_products(t, head)
        section += [r for r in headed if names_word_head(r, head, synonyms=False) and r.id not in
                    {c.id for c in section}]  # and the ones named so in other sections
        if any(_named_as_said(r, head) for r in called):  # "el velo": not the section "Velas y Cera"
            section = [r for r in section if _named_as_said(r, head) or _named_as_said(r, head, r.category)]
        candidates = section or headed or called or candidates
        from ..resolution import has_every_word
        whole = [c for c in candidates if has_every_word(c, phrase)] if len(phrase.split()) > 1 else []
        candidates = whole or candidates  # "el carro a control remoto": not the "Carrito Metálico"
    elif t.state.mentioned:
        candidates = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned)
                      if isinstance(c, ProductCard)]
        family = talked_family(t) if len(candidates) == 1 else []
        candidates = family if len(family) > 1 else candidates  # ("la de 300?", "y la de 500?", "la más barata")
    kind_shown = _kind_pointed_back(t, comparing) if t.s.comparison == "recommend" else []
    candidates = [c for c in candidates if c.stock > 0] or candidates
    candidates = [c for c in candidates if not _made_for_other(c, t.s.message.words)] or candidates
    if not candidates:
        products(t)
        return None
    kind = t.s.comparison
    if kind in ("cheap", "expensive"):
        pick = sorted(candidates, key=lambda c: c.price)[0 if kind == "cheap" else -1]
        return kind, [pick] + [c for c in candidates if c.price == pick.price and c.id != pick.id]
    if kind in ("big", "small"):
        sized = [(c, size_in_name(c)) for c in candidates if size_in_name(c) is not None]
        if not sized:
            describe(t, candidates[:LIST_LIMIT])
            return None
        pick, size = sorted(sized, key=lambda cs: cs[1])[-1 if kind == "big" else 0]
        return kind, [pick] + [c for c, s in sized if s == size and c.id != pick.id]
    from ..resolution import fits_measure
    pick = None
    if kind_shown:  # what it is for, among the kind shown; or the pick over the search, when of that kind
        shown = [c for c in kind_shown if c.stock > 0] or kind_shown
        pick = fits_measure(shown, t.s.message.words) or _fits_purpose(t, shown)
        candidates = shown if pick is not None else [c for c in candidates if c.id in {k.id for k in shown}] or shown
    pick = pick or fits_measure(candidates, t.s.message.words) or _fits_purpose(t, candidates)
    if pick is None:  # "¿cuál pollo me recomiendas pa hornear pa 6 personas?": nothing says, show them
        describe(t, candidates[:LIST_LIMIT])
        return None
    return "recommend", [pick]


def _kind_pointed_back(t: Turn, comparing: set[str]) -> list[ProductCard]:
    """"¿y pa un perro de 15 kilos cuál me sirve?" after the cheapest carrier, "¿y cuál me sirve
    entonces pa un televisor?" after the inverters: a follow-up ("y …", "entonces") that names only
    what the thing is for asks about the kind just shown — the products named with the same first
    word — not about the whole catalogue (the televisor is what it is for, not what is sought)."""
    from ...services.text import content_stems
    words = list(t.s.message.words)
    at = next((i for i, w in enumerate(words) if w in lexicon.words("purpose_lead")), None)
    if at is None or not t.state.mentioned or not (
            words[0] in lexicon.words("and") or set(words) & lexicon.words("then")):
        return []
    before = " ".join(w for w in words[:at] if w not in comparing)
    if set(content_stems(before)) - lexicon.everyday_stems():
        return []  # "¿y el guacal pa un perro de 15 kilos?": the product is named
    asked = next((i for i in range(at + 1, len(words)) if words[i] in lexicon.words("which_one")), len(words))
    if any(w.isalpha() and w not in comparing and _heads_a_name(t, w) for w in words[asked:]):
        return []  # "¿y pa la sopa qué olla me sirve?": the kind is named after what it is for
    shown = [c for c in (t.box.product_details(product_id=i) for i in t.state.mentioned)
             if isinstance(c, ProductCard)]
    heads = {_head_word(c.name) for c in shown}
    if len(heads) != 1 or None in heads:
        return []
    head = heads.pop()
    return [r for r in t.box.search_products(query=head, limit=20) if _head_word(r.name) == head]


def _heads_a_name(t: Turn, word: str) -> bool:
    """Some product's name starts with the word ("olla": "Olla de Aluminio No. 24")."""
    return any(_head_word(r.name) == stem(word) for r in t.box.search_products(query=word, limit=LIST_LIMIT))


def _head_word(name: str) -> str | None:
    """The first word of a product's name that is no number nor stopword, stemmed ("Guacal
    Transportador Pequeño" → "guacal")."""
    return next((stem(w) for w in tokens(name) if w.isalpha() and w not in STOPWORDS), None)


def _named_as_said(card: ProductCard, word: str, name: str | None = None) -> bool:
    """The word itself (singular or plural) is in the product's name (or in `name`, its section's),
    not only a word of its stem."""
    from ...services.text import tokens
    bare = word[:-1] if word.endswith("s") else word
    return any(w in (bare, bare + "s", bare + "es") for w in tokens(card.name if name is None else name))


def _fits_purpose(t: Turn, candidates: list[ProductCard]) -> ProductCard | None:
    """"¿qué concentrado me recomendás pa unas gallinas que ya están poniendo?": the product whose name
    and description say most of what the customer said it is for; the search's first on a tie; None
    when what it is for is said and no product's words have it."""
    from ...services.text import content_stems
    said = set(content_stems(t.s.text)) - lexicon.everyday_stems()
    focus = t.box.product_details(product_id=t.state.focus) if t.state.focus else None
    if isinstance(focus, ProductCard) and set(t.s.message.words) & lexicon.words("pointing") \
            and focus.id not in {c.id for c in candidates}:
        said |= set(content_stems(focus.name))  # "¿qué pegante sirve pa ese?": for the porcelanato talked about
    told = {c.id: set(content_stems(f"{c.name} {c.description or ''}")) for c in candidates}
    purpose = said - set.intersection(*told.values()) if len(candidates) > 1 else set()
    if purpose and not any(purpose & words for words in told.values()):
        return None  # what it is for matches no product's words: the customer chooses
    return max(candidates, key=lambda c: len(said & told[c.id]))


def _property_of_focus(t: Turn) -> ProductCard | None:
    """A question about what something is like ("¿de qué ojo es la malla?", "¿de qué material es?")
    whose property the description of the product just talked about has ("… ojo de 1 pulgada")."""
    from ...services.text import content_stems, stem
    from ..understanding.asking import asks_how_many, property_asked_of
    if not (t.s.message.is_question and t.state.focus) or (
            property_asked_of(list(t.s.message.words)) is None and not asks_how_many(t.s.message)):
        return None  # ("¿cuántas piezas trae la caja?" after the porcelanato: its description says)
    focus = t.box.product_details(product_id=t.state.focus)
    if not isinstance(focus, ProductCard):
        return None
    said = set(content_stems(t.s.text)) - lexicon.everyday_stems()
    words = list(t.s.message.words)
    counted = [words[i + 1] for i, w in enumerate(words[:-1]) if w in lexicon.words("how_many")]
    said |= {stem(w) for w in counted}  # "¿cuántas piezas …?": the thing counted, however everyday
    return focus if said & set(content_stems(focus.description or "")) else None


def _made_for_other(card: ProductCard, said) -> bool:
    """The name says what it is for, and the customer asked for something else ("la batería más
    barata pa carro": not the "Batería para Moto")."""
    from ...services.text import stem, tokens
    if not PURPOSE_LEADS & set(said):
        return False
    words = tokens(card.name)
    stems = {stem(w) for w in said}
    return any(w == "para" and i + 1 < len(words) and stem(words[i + 1]) not in stems
               for i, w in enumerate(words))


def _section_products(t: Turn, word: str) -> list[ProductCard]:
    """The products of the sections whose name has the word ("pescado": "Pescado Fresco", "Pescado Seco")."""
    from ...services.text import content_stems, stem
    from ..resolution import names_word_head
    found = []
    for block in _blocks(t):
        if any(same_word(stem(word), c) for c in content_stems(block.category)):
            whole = t.box.list_catalog(per_category=SECTION_LIMIT, category=block.category)
            products = whole[0].products if whole else block.products
            # "Refrigerantes y Líquidos": the refrigerantes only, when some product is named so
            named = [p for p in products if names_word_head(p, word, synonyms=False)]
            found += named or products
    return found


def _compare_alternatives(t: Turn) -> bool:
    """"¿qué sale más barato, un kilo de posta o 2 libras?", "la miel de 1 kilo o dos de 500": what
    each way costs in total, and which is cheaper. False when the two sides are not two products."""
    sides = _alternative_sides(t.s.message)
    if sides is None:
        return False
    left, right = sides
    lead = product_phrase(left.phrase).split()
    options = [_priced_side(t, left, lead, right=False), _priced_side(t, right, lead, right=True)]
    if None in options or (options[0][0].id == options[1][0].id and options[0][1] == options[1][1]):
        return False
    t.say_text("\n".join(t.v.say("compare_option", quantity=amount, name=name, total=format_cop(total))
                          for card, amount, total, name in options))
    cheap = sorted(options, key=lambda o: o[2])
    if cheap[0][2] == cheap[1][2]:
        t.say("compare_same")
    else:
        card, amount, total, name = cheap[0]
        t.say("compare_cheaper", quantity=amount, name=name, saving=format_cop(cheap[1][2] - total))
    t.mention([o[0] for o in options])
    return True


def _compare_pack(t: Turn) -> bool:
    """"¿me sale más barato que comprar por blister?" of the "Caja de 20 Blisters …" talked about: the pack
    against as many of the product said bought one by one, each in total, and which is cheaper."""
    from ...services.text import STOPWORDS, stem, tokens
    from ..resolution import pack_of
    from ..understanding import lemmas
    words = list(t.s.message.words)
    cheap = lexicon.values("comparison.cheap", "words")
    at = max((i for i, w in enumerate(words) if w in cheap), default=None)
    focus = t.box.product_details(product_id=t.state.focus) if t.state.focus else None
    if at is None or words[at + 1:at + 2] != ["que"] or not isinstance(focus, ProductCard):
        return False
    pack = pack_of(focus)
    after = [w for w in words[at + 2:] if w.isalpha() and w not in STOPWORDS and lemmas.lemma(w) is None]
    said = {stem(w) for w in after}
    if pack is None or not said:
        return False
    named = set(tokens(focus.name))
    loose = [c for c in t.box.search_products(query=" ".join(after), limit=24)
             if c.id != focus.id and said & {stem(w) for w in tokens(c.name)}
             and (pack_of(c) is None or pack_of(c)[0] < pack[0])]
    if not loose:
        return False
    other = max(loose, key=lambda c: len(named & set(tokens(c.name))))  # the same thing's: "Pila CR2032 Blister x5"
    options = [(focus, 1, focus.price, focus.name), (other, pack[0], other.price * pack[0], other.name)]
    t.say_text("\n".join(t.v.say("compare_option", quantity=amount, name=name, total=format_cop(total))
                          for card, amount, total, name in options))
    if options[0][2] == options[1][2]:
        t.say("compare_same")
    else:
        card, amount, total, name = min(options, key=lambda o: o[2])
        t.say("compare_cheaper", quantity=amount, name=name, saving=format_cop(abs(options[1][2] - options[0][2])))
    t.mention([focus, other])
    t.state.focus = focus.id
    return True


def _alternative_sides(message) -> tuple | None:
    """The two things weighed around the "o", as item requests: "un kilo de posta" | "2 libras"; the
    right side may be only a count and a size ("o dos de 500": that many of the other size)."""
    from ..understanding.items import ItemRequest, extract_item_requests
    from ..understanding.numbers import parse_number_at
    words = list(message.words)
    if "o" not in words:
        return None
    cut = words.index("o")
    before = message.raw[:message.tokens[cut].start]
    before = re.split(r"[,;:?¿¡!]", before)[-1]  # "¿qué me sale más barato, | un kilo de tomate"
    asking = lexicon.words("question") | lexicon.words("price") | lexicon.values("comparison.cheap", "words") | \
        lexicon.values("comparison.expensive", "words") | {"que", "me", "sale", "salen", "es", "mas", "mejor", "cual"}
    lead_words = before.split()
    while lead_words and lexicon.tokens(lead_words[0])[:1] and lexicon.tokens(lead_words[0])[0] in asking:
        lead_words = lead_words[1:]
    after = words[cut + 1:]
    sides = [extract_item_requests(" ".join(lead_words)), extract_item_requests(" ".join(after))]
    if not sides[1] and len(after) >= 3:  # "o dos de 500", "o dos paquetes de x20"
        parsed = parse_number_at(after, 0)
        at = parsed[1] if parsed else 0
        unit = after[at] if parsed and at < len(after) and after[at] in lexicon.words("unit_of_sale") else None
        at += unit is not None
        if parsed and at < len(after) and after[at] == "de":
            sides[1] = [ItemRequest(parsed[0], " ".join(after[at + 1:]), False, None)]
    if not sides[0] or not sides[1] or not sides[0][-1].phrase:
        return None
    return sides[0][-1], sides[1][0]


def _side_phrase(item, lead: list[str], right: bool) -> tuple[str, str | None, list[str]]:
    """What to look up for one side (the phrase, its unit, and the words it names): the right side
    borrows the left's kind when it says only a size, a unit or one word."""
    phrase, unit = item.phrase or " ".join(lead), item.unit
    named = (product_phrase(item.phrase) or item.phrase).split() if item.phrase else []  # ("uno de 1000")
    if not right:
        return phrase, unit, named
    units_of_sale, measures, loose = lexicon.words("unit_of_sale"), lexicon.words("measure"), lexicon.words("loose")
    sizes = [w for w in named if w not in units_of_sale]  # ("dos paquetes de x20")
    if (sizes and all(w[:1].isdigit() or w in measures for w in sizes)) or not item.phrase:
        named = sizes
        if named[:1] == ["x"] and "x" in lead:  # "platos de 7 pulgadas x50 o dos de x20": only the pack
            at = lead.index("x")
            kept = lead[:at] + lead[at + 2:]
        else:
            kept = [w for w in lead if not w[:1].isdigit() and w not in measures and w not in units_of_sale
                    and w not in loose and w not in ("por", "x")]
        units = [w for w in (product_phrase(item.phrase) or "").split() if w in units_of_sale]
        return " ".join(units + kept + named), unit, named  # "la caja de acetaminofén por 100 o 10 sobres"
    if named and named[0] in units_of_sale and not set(named) & set(lead):
        kind = [w for w in lead if w[:1].isdigit() or (w.isalpha() and w not in loose
                and w not in units_of_sale and w not in measures)]
        return " ".join(kind + named), unit or named[0], named  # "24 bombombunes sueltos o la bolsa"
    if named and not set(named) & set(lead) and len(named) == 1:
        return f"{' '.join(lead)} {phrase}", unit, named  # "la libra de pechuga normal o la deshuesada"
    return phrase, unit, named


def _priced_side(t: Turn, item, lead: list[str], right: bool) -> tuple | None:
    """One side's product, how many units it takes, their total and the name to say; None when the
    side is no one product (or one price)."""
    from ..resolution import units_for
    phrase, unit, named = _side_phrase(item, lead, right)
    found = resolve(t.box, phrase, unit=unit, quantity=item.quantity)
    card, name = found.product, found.product.name if found.product else ""
    kind = [w for w in lead if w.isalpha() and w not in lexicon.words("loose") | lexicon.words("measure")
            | lexicon.words("unit_of_sale")]
    options = [o for o in found.options if all(names_word(o, w) for w in kind)] or found.options
    pack = next((int(w) for w in named if w.isdigit()), None) if right else None
    if pack:  # "o la caja de 12": not the caja of 24 that holds 12 of them
        options = [o for o in options if pack_of(o) and pack_of(o)[0] == pack] or options
    if card is None and len(options) == 1:
        card, name = options[0], options[0].name
    if card is None and options and len({o.price for o in options}) == 1:
        card, name = options[0], common_name(options)  # "12 paletas de agua sueltas": one price
    if card is None:
        return None
    amount = units_for(card, item.quantity or 1, unit) or (item.quantity or 1)
    return card, amount, card.price * amount, name


def size_in_name(card: ProductCard) -> float | None:
    """The first number in a product's name (10 libras, 100 hojas, talla 40) as its size."""
    import re
    found = re.search(r"\d+(?:[.,]\d+)?", card.name)
    return float(found.group().replace(",", ".")) if found else None


# --- the company ----------------------------------------------------------------------------------

def service_passages(t: Turn) -> list[str]:
    """A question about something the profile describes and the catalogue does not sell ("¿ustedes
    forran cuadernos?", "¿tienen agrónomo que me asesore?"): the profile's passages about it."""
    return t.remember("service_passages", lambda: _service_passages(t))


def _service_passages(t: Turn) -> list[str]:
    from ...services.text import stem, tokens
    from ..tools import find_city, profile_terms
    from ..understanding import lemmas
    s = t.s
    if not (s.question or s.asks_info or s.availability or s.hypothetical) or s.strong_buy or s.categories \
            or s.catalog:
        return []
    terms = profile_terms()
    if not terms:
        return []
    asked = _asked_service(t, terms)
    if not asked and _asked_family(t) and _a_service_line(t, _asked_family(t)):
        return []  # "¿cuánto cobran por fumigar un apartamento?": the catalogue's lines answer
    if asked or (s.buy and not _asking(s)) or s.comparison or s.company_topics or _sells_a_thing(s.message):
        return asked  # ("¿venden motos usadas?" asks for a product: sold or not, never a passage)
    if any(not _serves_purpose(t, i.phrase) for i in s.items if i.phrase):
        return []  # "¿tienen repuestos para carro?" in a shop for motos: an honest no
    everyday = lexicon.everyday_words()
    categories = {stem(w) for b in _blocks(t) for w in tokens(b.category)}
    service_words, roots = [], []
    clauses = s.message.clause_words
    greeted = set(clauses[0][0]) if len(clauses) > 1 and any(
        a < len(clauses[0][0]) for a, _ in s.message.find("greeting")) else set()  # "qué más pues cuadro, …"
    for word in s.product_words:
        if word in greeted:
            continue
        if len(word) <= 3 and not terms.get(stem(word)) or len(word) < 2 or not word.isalpha() or word in everyday \
                or lemmas.lemma(word) is not None or word in GROUPS \
                or find_city(word, whole=True):
            continue
        root = stem(word)
        if not terms.get(root):  # "montan" / "Montaje de llantas": the same word in the profile
            root = next((term for term in terms if len(word) >= 6 and len(term) >= 4
                         and term[:5] == word[:5]), root)
        verb = _done_by_the_shop(s.message, word)
        family = _verb_family(terms, verb)  # "¿lo arman?": "Armado de muebles", not "sin armar"
        family = [term for term in family if term != stem(verb)] or family
        if family and not terms.get(root):
            root = family[0]
        results = t.box.search_products(query=word, limit=5)
        named = any(word in tokens(f"{r.name} {r.synonyms}") for r in results) if verb else \
            any(names_word(r, word) for r in results)  # "afinar" is done; the "Afinador" is sold
        if named or any(same_word(root, c) for c in categories):
            if not service_words:
                return []  # "¿tienen cuadernos…?": a product the shop sells comes first
            continue
        if not terms.get(root):
            if not service_words:
                return []  # "¿tienen morrales…?": neither sold nor described: an honest no, not a passage
            continue
        if terms[root] <= RARE_IN_PROFILE + (2 if verb else 0):  # a thing done ("¿cuánto por afinar …?"): said more often
            service_words.append(word)
            roots += [root] + [term for term in family if term != root]
    if not service_words:
        return []
    named_roots = set(roots)
    roots += [stem(w) for w in s.product_words if w.isalpha() and len(w) > 2 and w not in everyday
              and lemmas.lemma(w) is None  # ("¿me dan precio de mayorista?": "dan" is no service)
              and stem(w) not in roots and 0 < terms.get(stem(w), 0) <= RARE_IN_PROFILE]  # "pin de carga"
    found = t.box.company_info(question=" ".join(service_words), terms=" ".join(roots), one_line=True).passages
    from ...services.text import content_stems
    return [p for p in found if set(content_stems(p)) & named_roots] or found


def _verb_family(terms: dict[str, int], verb: str | None) -> list[str]:
    """The profile's words made from a verb's root ("armar": "armado"; "pintar": "pintor", "pintura"),
    not a longer word that only starts so (an e-mail address)."""
    if not verb or len(verb) < 5:
        return []
    return [term for term in terms if 4 <= len(term) <= len(verb) + 4 and term.startswith(verb[:-2])]


def _same_root(word: str, verb: str | None) -> str | None:
    """The infinitive, when the word said keeps its root or the root is long enough to name a family
    ("recomiendan": "recomend…"): "muelen" (moler) has a family of its own in the lexicon, never
    every term that starts "mol…" ("Molinos")."""
    return verb if verb and (word.startswith(verb[:-2]) or len(verb) > 6) else None


def _done_by_the_shop(message, word: str) -> str | None:
    """The infinitive of a verb asked of the shop ("¿lo arman?", "¿cuánto por afinar …?"): said in the
    ustedes form or as an infinitive after "por", "para" or "de"; never "qué pesar"."""
    from ..understanding import lemmas
    verb = _same_root(word, lemmas.infinitive_of(word))
    if verb is None:
        return None
    words = list(message.words)
    before = words[words.index(word) - 1] if word in words and words.index(word) else ""
    return verb if word.endswith(("an", "en")) and word != verb or (word == verb and before in (
        "por", "para", "pa", "de", "a")) else None


def _sells_a_thing(message) -> bool:
    """"¿venden motos usadas?" asks for a thing; "¿venden al por mayor?" for a way of selling."""
    words = message.words
    return any(at + 1 < len(words) and words[at + 1] not in MANNER_LEADS for at in message.verb_positions("selling"))


MANNER_LEADS = frozenset({"a", "al", "por", "en", "con", "sin", "de", "solo", "también", "tambien"})


def _asked_family(t: Turn) -> set[str]:
    """The stems of the service families the message says a word of ("cambiarle" → cambiar, cambio)."""
    return t.remember("asked_family", lambda: _family_said(t))


def _family_said(t: Turn) -> set[str]:
    from ...services.text import stem
    from ..understanding.signals import COMPANY_TOPICS
    s = t.s
    in_topic_phrase = {i for topic in COMPANY_TOPICS for a, b in s.message.find(f"company.{topic}") if b - a > 1
                       for i in range(a, b)}  # "¿lo puedo cambiar?" asks about returns, not a service
    asked: set[str] = set()
    for i, word in enumerate(s.message.words):
        if not word.isalpha() or len(word) < 4 or i in in_topic_phrase:
            continue
        family = next((f for f in lexicon.service_families() if any(same_word(stem(word), member) for member in f)),
                      None)
        if family is None or (not VERB_FORM.search(word)
                              and any(names_word(r, word) for r in t.box.search_products(query=word, limit=5))):
            continue
        asked |= family
    return asked


def _a_service_line(t: Turn, family: set[str]) -> bool:
    """The message names one line of the catalogue that is that service ("Lavado de …" of "lavar")."""
    if any(found.product is not None and _said_whole_service_line(t, found.product)
           and {stem(w) for w in tokens(found.product.name)} & family for found in _items_resolved(t)):
        return True
    # "¿cuánto cobran por fumigar un apartamento?": the lines of that service named by the thing it is
    # done to ("Fumigación apartamento hasta 60 m2", "… 61 a 120 m2"), to show with their prices
    things = {stem(w) for i in t.s.items if i.phrase and stem(i.phrase.split()[0]) in family
              for w in i.phrase.split() if w.isalpha() and len(w) > 3 and w not in STOPWORDS and stem(w) not in family}
    # (the phrase is the job said by its verb: "fumigar un apartamento")
    said = {stem(w) for w in t.s.message.words}

    def named_as_said(card: ProductCard) -> bool:  # (not the "Cambio de Pila con Sellado …" of "cambiarle la pila")
        return all(stem(w) in said | family for w in tokens(card.name) if w.isalpha() and w not in STOPWORDS
                   and w not in lexicon.words("measure") and w not in lexicon.everyday_words())
    return bool(things) and any(
        cards and all(is_service_line(o) and not is_rental_line(o) and {stem(w) for w in tokens(o.name)} & family
                      and {stem(w) for w in tokens(o.name)} & things for o in cards)
        and (found.product is None or named_as_said(found.product))
        for found in _items_resolved(t) for cards in [[found.product] if found.product else found.options])


def _said_whole_service_line(t: Turn, card: ProductCard) -> bool:
    """A service line every word of whose name the message says ("cuánto me cobran por lavar una cobija
    semidoble": the "Lavado de Cobija Semidoble"; not the "Cambio de Pila con Sellado para Reloj
    Sumergible" of "cambiarle la pila a un reloj")."""
    said = {stem(w) for w in t.s.message.words}
    return is_service_line(card) and {stem(w) for w in tokens(card.name) if w not in STOPWORDS} <= said


def _asked_service(t: Turn, terms: dict[str, int]) -> list[str]:
    """A service asked by a word of its family ("¿cuánto me cobran por cambiarle el aceite?",
    "¿motilan gatos?", "si llevo la garrafa, ¿me la rellenan?"): the profile line or passage that
    names it in any form of the family ("Cambio de aceite: …", "Baño y peluqueado"). A word a
    product is called by is the product, not a service ("Kit de cambio …")."""
    from ...services.text import content_stems, stem
    s = t.s
    if s.buy and not _asking(s):
        return []  # "póngame 2": an order, whatever the verb
    asked = _asked_family(t)
    if asked and _a_service_line(t, asked):
        return []  # "¿cuánto me cobran por lavar una cobija semidoble?": the "Lavado de Cobija Semidoble"
    in_profile = sorted(term for term in terms if any(same_word(term, a) for a in asked))
    if not in_profile:
        return []
    answer = t.box.company_info(question=s.text, topic="services" if s.price else None,
                                terms=" ".join(in_profile), one_line=True)
    said = set(content_stems(" ".join(answer.passages) + " " + answer.title))
    if not said & set(in_profile):  # the rest of a long message ranked other passages first
        answer = t.box.company_info(question=" ".join(in_profile), terms=" ".join(in_profile), one_line=True)
        said = set(content_stems(" ".join(answer.passages) + " " + answer.title))
    if not said & set(in_profile):
        return []
    # ("¿lo arman? ¿cuánto cobran?": the line about the armado, not the delivery prices ranked as high)
    passages = [p for p in answer.passages if set(content_stems(p)) & set(in_profile)] or answer.passages
    if s.company_topics:  # "¿cuánto vale el cambio de pantalla del A14?": only the one line that says it
        named = set(content_stems(s.text)) - set(in_profile)
        if len(passages) != 1 or "\n" in passages[0] or len(named & set(content_stems(passages[0]))) < 2:
            return []
    return passages


def _asking(s) -> bool:
    """"¿me pueden mandar la ficha técnica?", "¿me hacen descuento?": a question with no quantity asks,
    even with a verb that can order."""
    return s.price or s.hypothetical or (s.question and not any(i.quantity for i in s.items))


VERB_FORM = re.compile(r"(?:ar|er|ir)(?:me|te|le|lo|la|les|los|las|nos|se)?$")  # "maquillarme": not a product


def refusal_passages(t: Turn) -> list[str]:
    """"¿venden agua en carrotanque?", "¿ustedes compran oro?": the profile's sentence that says the shop
    does not (a thing the catalogue does not name, or the very verb asked with what it is about)."""
    return _refusal_found(t)[0]


def _refusal_found(t: Turn) -> tuple[list[str], bool]:
    return t.remember("refusal", lambda: _refusal(t))


def _refusal(t: Turn) -> tuple[list[str], bool]:
    """(the sentences, whether they refuse a thing sold rather than a service done)."""
    from ...services.text import content_stems, fold, stem
    from ..tools import find_city, profile_refusals, profile_terms
    from ..understanding import lemmas
    s = t.s
    if not (s.question or s.availability or s.asks_info) or (s.buy and not _asking(s)) \
            or (s.company_topics and s.company_topics != ("trade_in",)) \
            or s.categories or s.catalog or s.cancel or s.removals is not None or s.comparison or s.price:
        return [], False  # (a price asked is answered from the catalogue or a priced line of the profile)
    everyday = lexicon.everyday_stems()
    words = [w for w in s.message.words if w.isalpha() and len(w) > 2 and not find_city(w, whole=True)]
    asking = lexicon.lemmas("availability") | lexicon.lemmas("service_verbs")  # "quien no tiene envase"
    verbs = {stem(w) for w in words if lemmas.lemma(w) or lemmas.infinitive_with_clitics(w)}
    done = {stem(w) for w in words if (lemmas.lemma(w) or lemmas.infinitive_with_clitics(w)) not in asking}
    if not done and any(found.product is not None or found.options for found in (
            t.found(i.phrase) for i in s.items if i.phrase and not _unsold_head(t, i.phrase))):
        return [], False  # "¿tienen la pipeta de 20?": a product of the catalogue, whatever the profile says
    things = {stem(w): w for w in words if stem(w) not in everyday and stem(w) not in verbs}
    terms = profile_terms()  # a word the profile says often is the shop's own trade ("piscina"), no refusal
    unsold = {st for st, w in things.items() if 0 < terms.get(st, 0) <= RARE_IN_PROFILE
              and not _named_in_catalogue(t, w)}
    best, chosen = 0, []
    for sentence, negated in profile_refusals():
        said = set(content_stems(sentence))
        by_verb = not s.price and {stem(fold(v)) for v in negated} & done and said & set(things)
        score = 2 * len(unsold & said) + (1 if by_verb else 0)
        if score > best:
            best, chosen = score, [sentence]
    return chosen, best % 2 == 0  # an even score: unsold things only, no verb the shop refuses to do


def _named_in_catalogue(t: Turn, word: str) -> bool:
    """Some product's name or synonyms have the word ("recambio", "oro")."""
    return t.remember(("named_in_catalogue", word), lambda: any(
        names_word(r, word) for r in t.box.search_products(query=word, limit=8)))


def _unsold_head(t: Turn, phrase: str) -> bool:
    """"pipetas de oxígeno": a word of the phrase that no product is called by names something else."""
    from ..understanding.items import content
    return any(w.isalpha() and len(w) > 2 and not _named_in_catalogue(t, w) for w in content(phrase.split()))


def purpose_refusal(t: Turn) -> str | None:
    """"me vende 2 bettas pa tenerlos juntos en la misma pecera", "¿alquilan pelucas? necesito una afro
    roja": the profile's sentence that refuses those things for what they are said to be for ("No
    vendemos dos bettas machos para la misma pecera") or in the way asked ("Las pelucas … no se
    alquilan, solo se venden"), if one does."""
    return t.remember("purpose_refusal", lambda: _purpose_refusal(t))


def _purpose_refusal(t: Turn) -> str | None:
    from ...services.text import STOPWORDS, content_stems, fold, stem
    from ..tools import profile_refusals
    from ..understanding import lemmas
    s = t.s
    words = list(s.message.words)
    if not s.buy or not s.items:
        return None
    everyday = lexicon.everyday_stems()

    def said(part: list[str]) -> set[str]:
        return {stem(w) for w in part if w.isalpha() and len(w) > 2 and w not in STOPWORDS
                and not lemmas.lemma(w)} - everyday
    doing = next((i for i, w in enumerate(words[:-1]) if w in ("pa", "para") and (
        lemmas.lemma(words[i + 1]) or lemmas.infinitive_with_clitics(words[i + 1]))), None)
    things = said(words[:doing] if doing is not None and not s.question else words)
    purpose = said(words[doing + 2:]) if doing is not None and not s.question else set()
    selling = lexicon.lemmas("selling")
    ordering = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs") | lexicon.lemmas("availability") | selling
    served = set().union(*lexicon.service_families())  # ("¿alquilan pelucas?": a way the shop may not serve)
    asked = {stem(w) for w in words if w.isalpha() and lemmas.lemma(w) not in ordering and stem(w) in served} \
        if s.question else set()
    for sentence, negated in profile_refusals():
        stems = set(content_stems(sentence))
        if things & stems and ((purpose & stems and any(lemmas.lemma(fold(v)) in selling for v in negated))
                               or {stem(fold(v)) for v in negated} & asked - things):
            return sentence  # (for that purpose; or asked as the shop does not do: "¿alquilan …?")
    return None


def refused_purpose(t: Turn) -> None:
    """That sale refused in the profile's words; nothing goes into the order."""
    t.say_text(f"{t.v.say('refused_for_purpose')} {purpose_refusal(t)}")


def refused(t: Turn) -> None:
    """The honest "no" the profile gives, said in the shop's words after ours."""
    phrases = [product_phrase(i.phrase) for i in t.s.items if i.phrase]
    if phrases and _refusal_found(t)[1] and (t.s.availability or t.s.message.verb_positions("selling")):
        t.say("not_sold", phrase=t.s.message.written(phrases[0]))
    else:
        t.say("not_done")
    t.say_text("\n".join(refusal_passages(t)))
    t.state.focus, t.state.mentioned = None, []


def age_rule_passages(t: Turn) -> list[str]:
    """The profile's rule on who may buy ("Solo vendemos … a mayores de 18 años"), if it has one."""
    from ...services.company import FACTS
    answer = t.box.company_info(question="mayores de edad 18 años menores", topic="age")
    return [p for p in answer.passages if FACTS["age"].search(p)]


def age_rule(t: Turn) -> None:
    """"tengo 16 pero me mandas una media": the shop's age rule, and nothing is added."""
    t.say_text("\n\n".join(age_rule_passages(t)))


def profile(t: Turn) -> None:
    t.say_text("\n\n".join(service_passages(t)))


def extra_cost_passages(t: Turn) -> list[str]:
    """"¿el queso me lo pueden mandar tajado? ¿eso se paga aparte?": the profile's passages that
    price the service asked about, ranked on the whole question."""
    if not t.s.message.has("extra_cost") or (t.s.buy and not t.s.question):
        return []
    if "delivery" in t.s.company_topics and not _service_family_said(t):
        return []  # "¿desde cuánto el domicilio es gratis?": the delivery's terms ("¿me lo mandan limpio?" stays)
    return t.remember("extra_cost", lambda: _priced_line(t))


def _service_family_said(t: Turn) -> bool:
    from ...services.text import stem
    return any(same_word(stem(w), member) for w in t.s.message.words if w.isalpha() and len(w) > 3
               for f in lexicon.service_families() for member in f)


def _priced_line(t: Turn) -> list[str]:
    """The profile line that prices the service: it has the most of the question's rare profile words
    (or their family's: "¿me lo muelen?" → "Molienda") and says a price or that it is free."""
    from ...services.text import content_stems
    from ..tools import profile_terms
    terms = profile_terms()
    said = {w for w in content_stems(t.s.text) if 0 < terms.get(w, 0) <= RARE_IN_PROFILE}
    return _best_priced_line(said | _family_stems(t.s.message.words, terms))


def _family_stems(words, terms: dict[str, int]) -> set[str]:
    """The profile's words of the service families the words belong to ("muelen" → "molienda")."""
    from ...services.text import stem
    return {m for w in words for f in lexicon.service_families()
            if any(same_word(stem(w), member) for member in f) for m in f if terms.get(m)}


def _best_priced_line(said: set[str], least: int = 1) -> list[str]:
    """The priced line of the profile with the most of these stems, the words of its head ("Molienda
    gratis: …") counting twice; none when the best scores under `least`."""
    from ...services.text import content_stems
    from ..tools import profile_all_lines
    priced = [(len(said & set(content_stems(line))) + len(said & set(content_stems(line.split(":")[0]))), line)
              for line in profile_all_lines() if _priced(line)]
    best = max((n for n, _ in priced), default=0)
    return [line for n, line in priced if n == best][:1] if best >= max(1, least) else []


def _priced_in_profile(t: Turn, phrases: list[str]) -> list[str]:
    """"¿cuánto vale el examen de la vista?", "¿cuánto cobran por envolver un regalo?": a price asked
    for something the catalogue does not sell, that a priced line of the profile names (by the same
    word, a verb's family or a service family): that line, not an honest "no"."""
    if not t.s.price or _sells_a_thing(t.s.message):
        return []
    from ...services.text import stem, tokens
    from ..tools import find_city, profile_terms
    from ..understanding import lemmas
    terms = profile_terms()
    everyday = lexicon.everyday_stems()
    said: set[str] = set()
    words = [w for w in tokens(" ".join(phrases)) if w.isalpha() and len(w) > 2 and not find_city(w, whole=True)]
    for word in words:
        root = stem(word)
        if 0 < terms.get(root, 0) <= 2 * RARE_IN_PROFILE and root not in everyday:
            said.add(root)
        said |= set(_verb_family(terms, _same_root(word, lemmas.infinitive_with_clitics(word))))
    said |= _family_stems(words, terms)
    return _best_priced_line(said, least=2)


def _priced(line: str) -> bool:
    """The line gives a price in pesos or says the service is free (`priced_line`)."""
    from ...services.text import tokens
    words = tokens(line)
    return bool(re.search(r"\$\s?\d", line)) or any(
        tuple(words[k:k + len(p)]) == p for p in lexicon.phrases("priced_line") for k in range(len(words)))


def extra_cost(t: Turn) -> None:
    t.say_text("\n\n".join(extra_cost_passages(t)))


def company(t: Turn) -> None:
    topics = t.s.company_topics or (("care",) if t.s.must_do else ())
    topic = topics[0] if topics else None
    if "about" in topics and t.s.message.has("since_when"):  # "¿hace cuánto tienen el negocio?"
        from ..tools import profile_since
        since = profile_since(lexicon.words("since_when_answer") | lexicon.words("company.about"))
        if since:
            t.say_text(since)
            return
    # the customer's own words first ("¿cuántos años de garantía tiene el colchón de resortes?" is the
    # passage "Garantías", not "Cambios y devoluciones" that the topic's words point to); the topic's
    # words when those find nothing the profile says rarely
    answer: CompanyAnswer = t.box.company_info(question=t.s.text, topic=topic)
    if t.s.message.has("how_long_asked"):  # "¿cuánto se demoran?": the passage on times
        timed = t.box.company_info(question=t.s.text, topic=topic, terms=" ".join(sorted(lexicon.words("how_long"))))
        answer = timed if timed.passages else answer
    elif not _holds_rare_word(t, answer, topics):
        terms = " ".join(w for topic in topics for w in sorted(lexicon.words(f"company.{topic}")
                                                                | lexicon.values(f"company.{topic}", "terms")))
        answer = t.box.company_info(question=t.s.text, topic=topic, terms=terms)
    haggled = _haggled_over(t) if topic == "discounts" else None
    if answer.passages:
        t.say_text("\n\n".join(answer.passages))
    if haggled is not None:  # "¿cuánto es lo menos por el bolso de mano?": its price stands, and it can be taken
        describe(t, [haggled])  # (the marked price, also when the profile says nothing of discounts)
    if answer.passages or haggled is not None:
        return
    if "about" in topics:
        t.say("company_about", shop=answer.shop)
    else:
        t.say("company_unknown")


def _haggled_over(t: Turn) -> ProductCard | None:
    """The one product a question about a discount names ("lo menos por el bolso de caña flecha"), or
    the one shown ("déjamelo en 90")."""
    from ..understanding.items import extract_item_requests
    for item in t.s.items or extract_item_requests(t.s.message):  # (the topic's words set the items aside)
        found = resolve(t.box, product_phrase(item.phrase)) if item.phrase else None
        if found is not None and found.product is not None:
            return found.product
        in_stock = [o for o in found.options if o.stock > 0] if found is not None else []
        if len(in_stock) == 1:  # ("el iphone 11 me lo dejas en 900?": the one left; the Pro is sold)
            return in_stock[0]
    words = t.s.message.words
    pointed = set(words) & (lexicon.words("pointing") | {"lo", "la"}) or any(re.search(r"[aeiou]me(?:lo|la)$", w)
                                                                          for w in words)
    card = t.box.product_details(product_id=t.state.focus) if t.state.focus and pointed and not t.s.items else None
    return card if isinstance(card, ProductCard) else None


def _holds_rare_word(t: Turn, answer: CompanyAnswer, topics) -> bool:
    """Every passage found holds a word of the question that few passages of the profile have, and
    a word of the topic asked about ("garantía" for returns, "crédito" for payment)."""
    from ...services.text import content_stems
    from ..tools import profile_terms
    terms = profile_terms()
    rare = {w for w in content_stems(t.s.text) if 0 < terms.get(w, 0) <= RARE_IN_PROFILE}
    topical = {st for topic in topics for w in lexicon.words(f"company.{topic}") for st in content_stems(w)}
    return bool(answer.passages) and bool(rare) and all(
        rare & (words := set(content_stems(f"{answer.title} {p}"))) and topical & words for p in answer.passages)


# --- people ------------------------------------------------------------------------------------------

def customer_lookup(t: Turn) -> None:
    if t.staff is None:
        t.say("lookup_refused")
        return
    query = t.s.lookup_query
    if not query:
        t.ask("lookup_which")
        return
    found = t.box.lookup_customer(query=query)
    if isinstance(found, ToolError) or not found:
        t.say("lookup_none", query=query)
        return
    for c in found:
        t.say_text(_customer_text(t, c))
    t.state.looked_up = query if len(found) == 1 else None


LOOKED_UP_FIELDS = ("phone", "email", "address")


def looked_up_field_asked(t: Turn) -> str | None:
    """Staff, right after looking a customer up: "¿y qué celular tiene registrado?" asks that customer's
    phone (never the shop's)."""
    if t.staff is None or not t.state.looked_up or not t.s.question or t.s.items:
        return None
    return next((name for name in LOOKED_UP_FIELDS if t.s.message.has(f"customer_field.{name}")), None)


def looked_up_field(t: Turn) -> None:
    name = looked_up_field_asked(t)
    found = t.box.lookup_customer(query=t.state.looked_up)
    if isinstance(found, ToolError) or len(found or []) != 1:
        t.say("lookup_none", query=t.state.looked_up)
        return
    c = found[0]
    value = _address(c) if name == "address" else getattr(c, name)
    t.say(f"lookup.field.{name}", name=c.name, value=value)


def _address(c: CustomerRecord) -> str:
    return c.address + (f", {c.neighborhood}" if c.neighborhood else "")


def _customer_text(t: Turn, c: CustomerRecord) -> str:
    last = t.v.say("lookup.last_purchase", date=c.last_purchase) if c.last_purchase else ""
    lines = [t.v.say("lookup.customer", name=c.name, cedula=c.cedula, phone=c.phone, email=c.email,
                     address=_address(c), purchases=c.purchases, total=format_cop(c.total_bought), last=last)]
    lines += [t.v.say("lookup.sale", id=s["id"], date=s["fecha"], status=s["estado"], total=format_cop(s["total"]))
              for s in c.sales]
    return "\n".join(lines)


def other_person(t: Turn) -> None:
    t.say("lookup_refused")


def handoff(t: Turn) -> None:
    if t.s.callback:
        phone = t.s.data("phone").values.get("phone") or t.state.customer.get("phone")
        if not phone:
            t.state.pending = Pending(PendingKind.FIELD, field="phone", action="callback")
            t.ask("callback_ask_phone")
            return
        callback(t, phone)
        return
    later = t.box.request_human().next_opening
    if later:
        t.say("handoff_later", later=later.rstrip("."))
    else:
        t.say("handoff_now")


def callback(t: Turn, phone: str) -> None:
    """A person will call this number (the customer gave it for that)."""
    t.box.set_customer_details(phone=phone)
    later = t.box.request_human(phone=phone).next_opening
    t.say("callback_later" if later else "callback_now", phone=phone, later=(later or "").rstrip("."))


def answer_callback_phone(t: Turn) -> bool:
    phone = t.s.data("phone").values.get("phone")
    t.state.release()
    if not phone:
        return False
    callback(t, phone)
    return True


def order_status(t: Turn) -> None:
    result = t.box.order_status()
    if isinstance(result, SaleStatus):
        t.say("order_status", sale_id=result.sale_id, status=result.status)
        if result.city and result.days is not None:
            t.say("order_status_delivery", city=result.city, days=_days(result.days))
        if WHEN.search(t.s.norm):  # "¿y eso cuándo me llega?": the shop's own rule on the day it arrives
            t.say_text("\n".join(_delivery_timing(t)[:1]))
        return
    if t.order().lines:
        from .buying import summary
        summary(t, ask_next=True)
        return
    t.say("order_status_none")


WHEN = re.compile(r"\b(?:cuando|a que horas?|que horas?|cuanto (?:tarda|demora|se demora)|hoy mismo)\b")
TIMING = re.compile(r"(?i)mismo d[ií]a|d[ií]a (?:h[aá]bil )?siguiente|antes de las|en menos de")


def _delivery_timing(t: Turn) -> list[str]:
    """The profile's lines on when an order arrives ("confirmados antes de las 3:00 p.m. llegan el mismo día")."""
    answer = t.box.company_info(question="pedidos confirmados antes de las llegan el mismo día o al día siguiente",
                                topic="delivery")
    return [line.strip("-• ").strip() for passage in answer.passages for line in passage.splitlines()
            if TIMING.search(line)]


def _days(days: int) -> str:
    """When it arrives, after "llega": "el mismo día", "en 1 día hábil", "en 3 días hábiles"."""
    return "el mismo día" if days == 0 else "en 1 día hábil" if days == 1 else f"en {days} días hábiles"


def shipping(t: Turn) -> None:
    """"¿cuánto es el envío a Palmira?": the zone's cost for this order, the days, free-from."""
    from ..tools import find_place, find_zone_barrio
    city, department = find_place(t.s.text) or (None, None)
    zone = find_zone_barrio(t.s.text)
    barrio = zone[1] if zone and zone[0] == city else None
    answer = t.box.shipping_quote(city=city, department=department, neighborhood=barrio)
    if zone and not barrio and not (answer.known and answer.served):
        # "pa llevar aquí mismo a San Fernando": the shop's barrio, not the town of that name
        city, barrio = zone
        answer = t.box.shipping_quote(city=city, neighborhood=barrio)
    t.state.asked_shipping = True
    if not answer.known:
        t.ask("shipping_which_city")
        return
    if answer.served:
        _quote(t, answer, barrio)
    else:
        t.say("shipping_not_served", city=answer.city)
    rules = _delivery_rules(t, answer.city)
    rules += [line for line in _city_lines(t, answer.city) if line not in rules]
    if rules:
        t.say_text("\n".join(rules))


def _city_lines(t: Turn, city: str) -> list[str]:
    """"¿cuál es el pedido mínimo pa que me manden a Bogotá?": the profile line about that town that
    has the other words asked ("El pedido mínimo para envíos a Bogotá es de $60.000")."""
    from ...services.text import content_stems
    from ..tools import profile_all_lines
    town = set(content_stems(city.split(",")[0]))
    everyday = lexicon.everyday_stems()
    said = set(content_stems(t.s.text)) - town - everyday
    if not said or not town:
        return []
    return [line for line in profile_all_lines() if town <= set(content_stems(line)) and said & set(content_stems(line))
            and len(line) < 200][:1]


def _delivery_rules(t: Turn, city: str) -> list[str]:
    """The profile's delivery rule for the product the customer names ("¿me mandan chocolate de
    cobertura a Girón?" → "Chocolate de cobertura: solo se despacha … en nevera de icopor …")."""
    from ...services.text import content_stems
    from ..tools import profile_lines
    said = set(content_stems(t.s.text)) - set(content_stems(city))
    top = t.box.search_products(query=" ".join(sorted(said)), limit=1)
    named = said & set(content_stems(top[0].name)) if top else set()  # the words of the product named
    if not named:
        return []
    # ("chocolate de cobertura": "cobertura" is here a product's word, not the delivery area)
    delivery = {term for w in lexicon.words("company.delivery") for term in content_stems(w)} - named
    lines = profile_lines(named, min(2, len(named)))
    if not lines:  # "un balde de cloro": the rule that starts with the product's own word ("El cloro, …")
        head = next(w for w in content_stems(top[0].name) if w in named)
        lines = profile_lines({head}, 1)
    return [line for line in lines if delivery & set(content_stems(line))][:2]


def _by_courier() -> bool:
    """The profile says parcels go with a carrier (lexicon `by_courier`)."""
    from ...services import company
    return _says_courier(company.profile_text())


@lru_cache(maxsize=4)
def _says_courier(text: str) -> bool:
    from ..understanding.message import Message
    return Message(text).has("by_courier")


def _quote(t: Turn, answer, barrio: str | None) -> None:
    days = _days(answer.days) if answer.days is not None else "en pocos días"
    place = f"{barrio} ({answer.city})" if barrio else answer.city
    if answer.cost is None and not answer.free:  # no zone of its own; the profile says it is quoted
        t.say("shipping_quoted_by_courier" if _by_courier() else "shipping_quoted", city=place)
    elif answer.free or answer.cost == 0:  # (a zone that costs nothing is free: never "cuesta $0")
        t.say("shipping_free", city=place, days=days)
    else:
        t.say("shipping_quote", city=place, cost=format_cop(answer.cost), days=days)
        if answer.free_from is not None:
            t.say("shipping_free_from", threshold=format_cop(answer.free_from), city=place)


def asks_shipping(t: Turn) -> bool:
    """"¿cuánto es el envío a Palmira?", "¿cuánto cobran por llevar a Buga?": a place and a delivery word."""
    from ..tools import find_city, find_zone_barrio
    s = t.s
    said = set(s.message.lemmas)
    delivery = "delivery" in s.company_topics or bool(lexicon.lemmas("sending") & said)
    place = find_city(s.text)
    if not delivery and lexicon.lemmas("delivery_verbs") & said:  # "¿recogen en Floridablanca?": a pick-up
        delivery = True  # (where the place is said as it is written: "para el baño" is no El Banco)
        place = place if place is not None and set(tokens(place)) <= set(s.message.words) else None
    if delivery and (s.price or s.question) and (place is not None or find_zone_barrio(s.text)):
        return True  # ("¿cuánto vale el domicilio al Rodadero?": a barrio with a delivery zone of its own)
    destination = {"a", "al", "pa", "pal", "para", "hasta"} & set(s.message.words)
    if s.price and not s.items and destination and (find_city(s.text) is not None or find_zone_barrio(s.text)):
        return True  # "¿cuánto cobran pal Rodadero?": no product, a place to go to: the delivery
    priced = {s.message.words[i] for a, b in s.message.find("price") for i in range(a, b)}
    if s.price and place is not None and "en" in s.message.words and s.product_words \
            and set(s.product_words) <= set(tokens(place)) | priced:
        return True  # "y si es en Floridablanca, ¿cuánto más?": what it costs there
    # "¿y a Dosquebradas?" right after a shipping answer: the same question, another town
    words = [w for w in s.message.words if w not in ("y", "a", "para", "hasta", "en", "pues")]
    return bool(getattr(t, "shipping_before", False) and s.follow_up and words
                and find_city(" ".join(words), whole=True))


def fallback(t: Turn) -> None:
    """Nothing else matched: a product search when the words clearly name products, else help."""
    words = t.s.product_words
    if words:
        results = [r for r in t.box.search_products(query=" ".join(words), limit=LIST_LIMIT)
                   if r.coverage >= MIN_COVERAGE]
        if results:
            describe(t, results)
            return
    told = _told_in_profile(t)
    if told:  # "¿qué día es el club de conversación?": the profile's passage on it
        t.say_text(told)
        return
    t.ask("help")


def _told_in_profile(t: Turn) -> str | None:
    """A question nothing else answered, that the profile answers: the passage found with two words of
    the question the profile says in few passages ("¿qué día es el club de conversación?"); None when no
    passage holds two such words."""
    from ...services.text import content_stems
    from ..tools import profile_terms
    if not t.s.message.is_question:
        return None
    terms, everyday = profile_terms(), lexicon.everyday_stems()
    said = {w for w in content_stems(t.s.text) if 0 < terms.get(w, 0) <= RARE_IN_PROFILE + 1 and w not in everyday}
    answer: CompanyAnswer = t.box.company_info(question=t.s.text) if said else None
    if answer is None or not answer.passages:
        return None
    held = said & set(content_stems(f"{answer.title} {answer.passages[0]}"))
    return answer.passages[0] if len(held) >= 2 else None  # (not "¿cómo quedó el Huila?": one word, a town)
