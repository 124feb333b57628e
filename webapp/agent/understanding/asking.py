"""Questions that ask which or what ("qué", "cuál"), in one place.

One shape, read three ways:

- what something is: "¿cuál es el pedido mínimo para que me lo lleven?", "¿qué talla de correa le
  compro si …?": the question opens with the word that asks which, or that word is followed by "ser";
  it is never an order, whatever verb follows;
- which one to take: "¿qué concentrado me recomendás …?", "¿cuál bulto me sirve?": the word that asks
  which, the kind, then a verb of recommending;
- what is sold: "¿qué tienen?", "¿qué venden?", with no product named;
- what a property is of: "¿de qué ojo es la malla?", "qué color son las medias": the thing asked
  about starts after "ser".

And how many ("cuántas"): "¿cuántas cajas necesito pa 6 metros?", "¿la caja trae cuántas?".
"""

from __future__ import annotations

from .. import lexicon
from .message import Message


def _which() -> frozenset[str]:
    return lexicon.words("which_one")


def asks_what_is(m: Message) -> bool:
    """What something is, not an order: the first word that is not a greeting, filler or vocative
    asks which (not "¿qué tal si me mandas …?", "¿qué más pues? …"), or "cuál es" / "qué sería"
    opens the message."""
    if not m.is_question:
        return False
    skip = lexicon.words("greeting") | lexicon.words("filler") | lexicon.words("vocative")
    first = next((i for i, w in enumerate(m.words) if w not in skip), None)
    leads = first is not None and m.words[first] in _which() and first + 1 < len(m.words) \
        and m.words[first + 1] != "tal" and not any(a == first for a, _ in m.find("greeting"))
    opening = m.words[:5]
    return leads or any(w in _which() and opening[i + 1] in lexicon.words("is_copula")
                        for i, w in enumerate(opening[:-1]))


def asks_what_is_sold(m: Message) -> bool:
    """"¿qué tienen?", "¿qué venden?": the catalogue, no product named."""
    from .items import content
    words = list(m.words)
    besides = next((i for i in range(1, len(words) - 1) if words[i] in lexicon.words("separately")
                    and words[i + 1] == "de"), len(words))  # "¿qué más venden aparte de los uniformes?"
    rest = [w for w in words[1:besides] if w not in lexicon.words("add_more")]  # ("¿qué más venden?")
    return bool(words) and words[0] in ("que", "cuales") and not content(rest)


def asks_which(m: Message) -> bool:
    """Which one to take: a verb of recommending with the word that asks which at most three words
    before it (the kind in between)."""
    if not m.is_question:
        return False
    recommend = lexicon.values("comparison.recommend", "words")
    if any(w in recommend and set(m.words[max(0, i - 3):i]) & _which() for i, w in enumerate(m.words)):
        return True
    need = lexicon.words("comparison.recommend.need")  # "…, ¿qué camión necesito?" (one clause, the kind between)
    return any(w in need and 0 < i <= 2 and words[0] in _which() for words, _ in m.clause_words
               for i, w in enumerate(words))


def property_asked_of(toks: list[str]) -> int | None:
    """Where the thing whose property is asked starts ("de qué ojo es la malla" → "la malla"): after
    the word that asks and the verb "ser"; none when what follows compares ("¿cuál machete es el más
    grande?" asks which one)."""
    copula = lexicon.words("is_copula") | {"son"}
    comparing = lexicon.words("comparison.cheap") | {"mas", "menos"}
    for k, w in enumerate(toks[1:-1], start=1):
        if w in copula and "que" in toks[:k - 1] and not set(toks[k + 1:]) & comparing:
            return k + 1
    return None


def asks_how_many(m: Message) -> bool:
    """"¿cuántas cajas de porcelanato necesito pa un baño de 2 por 3?", "y la caja de nucita trae
    cuantas?": a word that asks how many ("¿cuántos hay?" asks the stock instead). With no count
    said, nothing is ordered."""
    return m.has("how_many") and not m.has("stock")


def follow_up_words(m: Message) -> str:
    """What a follow-up asks for, without its first word nor price and question words ("¿y en
    blanco lino?" → "en blanco lino", "¿y a cómo la de 50?" → "la de 50")."""
    skipped = lexicon.words("price") | lexicon.words("question")
    words = list(m.words)
    start = words.index("y") + 1 if "y" in words[:4] else 1  # ("qué pena. y de 30 en resina?")
    return " ".join(w for w in words[start:] if w not in skipped)
