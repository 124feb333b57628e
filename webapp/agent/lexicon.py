"""The Spanish lexicon (`lexicon.toml`): word classes by name, folded, includes resolved.

    lexicon.words("confirm")      → frozenset of folded single words (one-token phrases included)
    lexicon.phrases("confirm")    → token sequences, longest first (single words included)
    lexicon.lemmas("buy")         → folded infinitives matched in any verb form
    lexicon.table("numbers.units")→ {folded word: value}

A class may `include` other classes; every word is written once in the file.
"""
from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..services.text import fold

# Numbers keep separators and fractions ("2.5", "1/2"); a few symbols are units (%, ").
TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+)?|[a-zñ]+|[%\"”″]")


def tokens(text: str) -> list[str]:
    """Folded tokens as messages are read (see understanding.message)."""
    return [m.group().replace(",", ".") if m.group()[0].isdigit() else m.group() for m in TOKEN.finditer(fold(text))]

PATH = Path(__file__).with_name("lexicon.toml")
LISTS = ("words", "phrases", "lemmas")


@lru_cache(maxsize=1)
def _data() -> dict:
    with PATH.open("rb") as handle:
        return tomllib.load(handle)


def _node(name: str) -> dict:
    node = _data()
    for part in name.split("."):
        try:
            node = node[part]
        except (KeyError, TypeError):
            raise KeyError(f"no word class {name!r} in the lexicon") from None
    return node


def _entries(name: str, key: str, seen: frozenset = frozenset()) -> list[str]:
    """Raw entries of `key` in a class and every class it includes."""
    if name in seen:
        raise ValueError(f"lexicon class {name!r} includes itself")
    node = _node(name)
    found = list(node.get(key, [])) if isinstance(node.get(key, []), list) else []
    for included in node.get("include", []):
        found += _entries(included, key, seen | {name})
    return found


@lru_cache(maxsize=None)
def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """Every word and phrase of a class as folded token tuples, longest first."""
    raw = _entries(name, "words") + _entries(name, "phrases")
    found = {tuple(tokens(entry)) for entry in raw}
    return tuple(sorted((p for p in found if p), key=lambda p: (-len(p), p)))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The single-token entries of a class (folded)."""
    return frozenset(p[0] for p in phrases(name) if len(p) == 1)


@lru_cache(maxsize=None)
def lemmas(name: str) -> frozenset[str]:
    return frozenset(fold(entry) for entry in _entries(name, "lemmas"))


@lru_cache(maxsize=None)
def values(name: str, key: str) -> frozenset[str]:
    """Folded single words of another list of a class (e.g. `comparison.cheap`)."""
    return frozenset(t for entry in _entries(name, key) for t in tokens(entry))


@lru_cache(maxsize=None)
def value_phrases(name: str, key: str) -> tuple[tuple[str, ...], ...]:
    """The entries of another list of a class as folded token sequences (e.g. `return_trip.one_way`)."""
    return tuple(tuple(tokens(entry)) for entry in _entries(name, key))


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, int]:
    """A word → number table (`numbers.units`, `ordinals`, …), keys folded."""
    return {fold(k): v for k, v in _node(name).items() if isinstance(v, int)}


def strings(name: str) -> dict[str, str]:
    """A word → word table (`period_named`), keys folded."""
    return {fold(k): v for k, v in _node(name).items() if isinstance(v, str)}


@lru_cache(maxsize=1)
def english_glossary() -> dict[str, str]:
    """`english_glossary`: an English shopping word (lower case) → the folded Spanish word for it."""
    return {k.lower(): fold(v) for k, v in _node("english_glossary").items()}


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """`abbreviations`: a chat spelling → the folded word it stands for ("q" → "que")."""
    return {fold(k): fold(v) for k, v in _node("abbreviations").items()}


@lru_cache(maxsize=1)
def service_families() -> tuple[frozenset[str], ...]:
    """`service_families`: each family's word stems ("cambiar cambio" → {"cambi"})."""
    from ..services.text import stem
    return tuple(frozenset(stem(w) for w in tokens(entry)) for entry in _node("service_families")["families"])


def service_noun(family: frozenset[str], verb: str) -> str:
    """The noun of a `service_families` entry (its stems, as `service_families` gives them) for a verb of
    it ("instalen" → "instalación", "monten" → "montaje", "laven" → "lavado"): the noun sharing most of
    the verb's first letters; the entry's first noun when none does ("pongan" → "instalación")."""
    from ..services.text import stem
    for entry in _node("service_families")["families"]:
        words = [fold(w) for w in entry.split()]
        if frozenset(stem(w) for w in words) != family:
            continue
        nouns = [w for w in words if w.endswith(SERVICE_NOUN_ENDINGS)]
        return max(nouns, key=lambda w: (len(os.path.commonprefix([w, verb])), -nouns.index(w)), default=verb)
    return verb


SERVICE_NOUN_ENDINGS = ("cion", "aje", "ado", "ura", "eo", "io", "ia", "ida", "ido")


@lru_cache(maxsize=1)
def service_sounds() -> dict[str, str]:
    """`service_families` words as they sound ("alkilar" is "alquilar") → their stem; long words only."""
    from ..services.text import sound, stem
    return {sound(w): stem(w) for entry in _node("service_families")["families"] for w in tokens(entry) if len(w) > 5}


@lru_cache(maxsize=1)
def forms() -> dict[str, str]:
    """`verb_forms`: folded form → folded infinitive."""
    return {fold(k): fold(v) for k, v in _node("verb_forms").items()}


@lru_cache(maxsize=2)
def all_verbs(folded: bool = True) -> frozenset[str]:
    """Every lemma any class lists: the verbs the assistant recognises in any form."""
    found: set[str] = set()

    def walk(node: dict) -> None:
        for key, value in node.items():
            if key == "lemmas":
                found.update(fold(v) if folded else v for v in value)
            elif isinstance(value, dict):
                walk(value)
    walk(_data())
    return frozenset(found)


@lru_cache(maxsize=1)
def period_words() -> frozenset[str]:
    """The words of the periods a line may be rented by (`period_days`: "día", "semanas", "meses"), as
    written in `time_span` (never "mesa", whose stem is the month's)."""
    stems = tuple(table("period_days"))
    return frozenset(w for w in words("time_span") | {w + "s" for w in words("week")} if w.startswith(stems))


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Every single word any class lists (folded): ordinary Spanish, never a product's name (but those of
    a class marked `may_name_products`, as "adulto")."""
    return frozenset(entry for name, key, entry in written_entries() if key != "lemmas" and " " not in entry
                     and not _node(name).get("may_name_products"))


@lru_cache(maxsize=1)
def everyday_stems() -> frozenset[str]:
    """The stems of `everyday_words()`, for comparing with stemmed text."""
    from ..services.text import stem
    return frozenset(stem(w) for w in everyday_words())


def class_names() -> list[str]:
    """Every class name (dotted for nested ones), for checks and documentation."""
    names: list[str] = []

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                name = f"{prefix}{key}"
                if any(k in value for k in (*LISTS, "include")) or not value:
                    names.append(name)
                walk(f"{name}.", value)
    walk("", _data())
    return names


def written_entries() -> list[tuple[str, str, str]]:
    """(class, list, folded entry) for every entry as written (includes not expanded)."""
    rows = []
    for name in class_names():
        node = _node(name)
        for key, value in node.items():
            if key != "include" and isinstance(value, list):
                rows += [(name, key, " ".join(tokens(v)) if key != "lemmas" else fold(v)) for v in value]
    for name in ("numbers.units", "numbers.teens", "numbers.tens", "numbers.hundreds", "ordinals"):
        rows += [(name, "table", word) for word in table(name)]
    return rows
