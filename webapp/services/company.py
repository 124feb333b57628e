"""The company profile: markdown text the assistant answers company questions from."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..extensions import db, transaction_memo
from ..models import Setting
from .text import normalize

KEY = "company_profile"


def load(text: str) -> None:
    setting = db.session.get(Setting, KEY)
    if setting is None:
        db.session.add(Setting(key=KEY, value=text))
    else:
        setting.value = text
    db.session.flush()
    _forget()


def profile_text() -> str:
    """The profile's text, read once per transaction (a page asks for the name, the NIT, …)."""
    def read() -> str:
        setting = db.session.get(Setting, KEY)
        return setting.value if setting else ""
    return transaction_memo(KEY, read)


def _forget() -> None:
    db.session().info.get("memo", {}).pop(KEY, None)


def company_name() -> str:
    for line in profile_text().splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return "la tienda"


_NIT = re.compile(r"(?i)\bNIT\b\s*(?:No\.?|n[uú]mero|#)?\s*[:.]?\s*"
                  r"(\d{1,3}(?:\.\d{3}){2}|\d{8,10})(?:\s*-\s*(\d))?(?![\d.]\d)")


def nit(text: str | None = None) -> str:
    """The shop's NIT as the profile writes it ("NIT 900.123.456-7", "Nit: 900123456-7"),
    normalised to "900.123.456-7"; "" when the profile has none (a sentence that only mentions
    the word, "indíquenos el NIT", is not one)."""
    match = _NIT.search(profile_text() if text is None else text)
    if not match:
        return ""
    digits = match.group(1).replace(".", "")
    grouped = f"{int(digits):,}".replace(",", ".")
    return f"{grouped}-{match.group(2)}" if match.group(2) else grouped


def sections() -> dict[str, str]:
    """`## Title` → body, in file order."""
    result: dict[str, str] = {}
    title = None
    for line in profile_text().splitlines():
        heading = re.match(r"^#{2,3}\s+(.*)", line)
        if heading:
            title = heading.group(1).strip()
            result[title] = ""
        elif title is not None:
            result[title] += line + "\n"
    return {k: v.strip() for k, v in result.items()}


def find_section(*keywords: str) -> tuple[str, str] | None:
    """The first section whose title (or, failing that, body) mentions a keyword."""
    items = sections()
    words = [normalize(k) for k in keywords]
    for title, body in items.items():
        if any(w in normalize(title) for w in words):
            return title, body
    for title, body in items.items():
        if any(w in normalize(body) for w in words):
            return title, body
    return None


# --- passages: the paragraph that answers a question -------------------------------------------

@dataclass(frozen=True)
class Passage:
    title: str
    text: str
    score: float = 0.0


FACTS = {  # what a passage that holds a fact looks like, whatever its heading says
    "address": re.compile(r"(?i)\b(?:calle|cl|carrera|cra|kr|avenida|av|diagonal|transversal|km|kil[oó]metro)\b"
                          r"\.?\s*\d|#\s*\d"),
    "contact": re.compile(r"(?:\b3\d{2}[\s.-]?\d{3}[\s.-]?\d{4}\b|\(\d{3}\)\s*\d|@[\w-]+\.)"),
    "hours": re.compile(r"(?i)\b\d{1,2}(?::\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)|\b\d{1,2}:\d{2}\b"),
    "payment": re.compile(r"(?i)\b(?:nequi|daviplata|pse|transferencia|contra\s?entrega|efectivo|tarjeta)\b"),
    "invoice": re.compile(r"(?i)\bnit\b|\d{3}\.\d{3}\.\d{3}-\d"),
    "since": re.compile(r"(?i)\b(?:desde|fundad[ao]s? en|abiert[ao]s? desde|en el año)\s+(?:el\s+)?(?:año\s+)?"
                        r"(?:19|20)\d{2}\b|\b\d{1,2}\s+años\b"),
    "age": re.compile(r"(?i)\bmayores de (?:edad|18)|\b18 años\b|\bmenores de edad\b"),
    "price": re.compile(r"(?i)\$\s?\d|\bgratis\b|\bsin costo\b"),
}


def passages() -> list[Passage]:
    """The profile as blocks of text (a paragraph or a whole list), each with its section title."""
    return list(split_passages(profile_text()))


@lru_cache(maxsize=8)
def split_passages(text: str) -> tuple[Passage, ...]:
    """`passages()` of one profile text, split once (every company question asks for them)."""
    found: list[Passage] = []
    title, block = "", []

    def close() -> None:
        joined = "\n".join(block).strip()
        if joined:
            found.append(Passage(title, joined))
        block.clear()
    for line in text.splitlines():
        heading = re.match(r"^#{1,3}\s+(.*)", line)
        if heading:
            close()
            title = heading.group(1).strip()
        elif not line.strip():
            close()
        else:
            block.append(line.rstrip())
    close()
    return tuple(found)


def find_passages(question: str, limit: int = 2, facts: tuple[str, ...] = (), one_line: bool = False) -> list[Passage]:
    """The passages that best answer a question: its words (and synonyms the caller adds) found in
    a passage's text or title, rarer words counting more; `facts` names kinds of fact (address,
    contact, hours, payment, invoice) a passage gets credit for holding. `one_line`: the one line of
    a list that answers, when one clearly does ("cambio de pin de carga: $60.000")."""
    from math import log
    from .text import content_stems
    blocks = passages()
    if not blocks:
        return []
    terms = set(content_stems(question)) - set(content_stems(company_name()))  # "ahí en la droguería": the shop
    stems = [set(content_stems(p.text)) for p in blocks]
    titles = [set(content_stems(p.title)) for p in blocks]
    scored = []
    for passage, body, heading in zip(blocks, stems, titles):
        score = 0.0
        for term in terms:
            weight = log(1 + len(blocks) / (1 + sum(term in s or term in t for s, t in zip(stems, titles))))
            score += weight * ((term in body) + 1.5 * (term in heading))
        score += sum(2.0 * min(2, len(FACTS[kind].findall(passage.text))) for kind in facts if kind in FACTS)
        if score > 0:
            scored.append(Passage(passage.title, passage.text, round(score, 3)))
    if not scored:
        return []
    best = max(p.score for p in scored)
    chosen = sorted(scored, key=lambda p: -p.score)[:limit]
    chosen = [p for p in chosen if p.score >= best * 0.6]
    in_order = [p for p in scored if p in chosen]  # in the profile's order
    for passage in sorted(in_order, key=lambda p: -p.score) if one_line else ():
        item = _list_item(passage, terms, stems, titles)
        if item is not None:  # "¿cuánto vale el cambio de pin?": that line of the price list, not the list
            return [Passage(passage.title, item, passage.score)]
    return in_order


LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
ITEM_LEAD = 1.5  # the best line of a list must score this much more than the next to stand alone


def _list_item(passage: Passage, terms: set[str], stems, titles) -> str | None:
    """The one line of a list passage the question is about, when one clearly is."""
    from math import log
    from .text import content_stems
    lines = passage.text.splitlines()
    if len(lines) < 3 or not all(LIST_ITEM.match(line) for line in lines):
        return None
    in_title = terms & set(content_stems(passage.title))
    # "¿motilan gatos?" under "Baño y peluqueado": the line about cats; a word of the title still
    # tells the line that has it ("¿dan clases?" under "Taller, clases y alquiler")
    terms = (terms - in_title) | {t for t in in_title if sum(t in content_stems(line) for line in lines) == 1}
    scores, matched = [], []
    for line in lines:
        words = set(content_stems(line))
        matched.append(len(terms & words))
        scores.append(sum(log(1 + len(stems) / (1 + sum(term in s or term in t for s, t in zip(stems, titles))))
                          for term in terms if term in words))
    ranked = sorted(scores, reverse=True)
    best = scores.index(ranked[0])
    if ranked[0] <= 0 or matched[best] < (1 if in_title else 2) or ranked[0] < ITEM_LEAD * ranked[1]:
        return None  # "¿qué medios de pago tienen?" under "Formas de pago": the whole list answers
    line = LIST_ITEM.sub("", lines[best]).strip()
    return f"{passage.title}: {line}" if in_title else line


# "Otras ciudades: por transportadora, el valor queda por confirmar", "Resto del país: se cotiza", "Otras
# localidades de Bogotá …: el valor se confirma por WhatsApp": the
# profile says places without a delivery zone of their own are served, at a cost quoted later.
OTHER_PLACES = re.compile(r"(?i)\b(?:otr[ao]s (?:ciudades|municipios|destinos|pueblos|localidades|barrios|zonas)|"
                          r"resto del pa[ií]s|cualquier otr[ao] (?:ciudad|municipio|destino|pueblo|lugar)|"
                          r"dem[aá]s (?:ciudades|municipios)|todo el pa[ií]s)\b")
QUOTED = re.compile(r"(?i)\b(?:se cotiza|cotizamos|por cotizar|por confirmar|a convenir|se confirma|se acuerda)\b")
REFUSED = re.compile(r"(?i)\bno (?:hacemos|despachamos|enviamos|llegamos|se hacen|hay (?:env[ií]os?|domicilios?|despachos?|"
                     r"servicio|cobertura))\b")  # (not "por confirmar con la asesora; no hay tarifa fija")
SENTENCE_END = re.compile(r"(?<=\.)\s+")


def quotes_elsewhere(department: str | None = None) -> bool:
    """The profile says a place with no delivery zone is still served, its cost quoted before
    dispatch ("Para otros municipios de Nariño el valor se cotiza": only in Nariño)."""
    rules = _quoting_rules(profile_text())
    return any(not named or (department and normalize(department) in named) for named in rules)


@lru_cache(maxsize=4)
def _quoting_rules(text: str) -> tuple[frozenset[str], ...]:
    """The profile's sentences that quote other places (said in the sentence or in its section's
    heading), each as the departments it names (none: anywhere); read once per profile text, not on
    every quote."""
    from . import places
    rules, heading = [], ""
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line
            continue
        sentences = SENTENCE_END.split(line)  # ("… costo por confirmar. No se hacen envíos a Venezuela.")
        if any(OTHER_PLACES.search(sentence) and REFUSED.search(sentence) for sentence in sentences):
            continue  # ("No se hacen domicilios … a otros municipios. Los de evento … quedan por confirmar.")
        for sentence in sentences:
            if not ((OTHER_PLACES.search(line) or OTHER_PLACES.search(heading)) and QUOTED.search(sentence)) \
                    or REFUSED.search(sentence):
                continue  # (under "## Envíos a otras ciudades": "El valor del flete … se confirma al despachar")
            said = normalize(sentence)
            rules.append(frozenset(normalize(d.name) for d in places.departments()
                                   if re.search(rf"\b{re.escape(normalize(d.name))}\b", said)))
    return tuple(rules)
