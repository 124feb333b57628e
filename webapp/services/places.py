"""Colombia's departments and municipalities (DANE's DIVIPOLA, bundled in webapp/data/divipola.csv).

Read once per process. Names are compared without accents, case or punctuation, so
"bogota", "Bogotá, D.C." and "BOGOTA D.C" are the same place. `find_municipalities`
recognises a municipality written loosely inside a chat message ("envío a palmira",
"cali valle", "santa rosa de cabal"); `search_municipalities` serves search-as-you-type.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "divipola.csv"
MAX_NAME_WORDS = 7
# One-word municipality names that are everyday Spanish words: never taken from free text alone.
COMMON_WORDS = frozenset({"une", "toro", "hato", "gama", "tena", "pore", "mani", "silos", "iza", "tota", "sora",
                          "cota", "pasca", "ricaurte", "guamo", "paz", "union", "vista", "granada", "florida",
                          "victoria", "argelia", "bolivar", "sucre", "caldas", "colon", "belen", "campo",
                          "nobsa", "cucaita", "buenavista", "concordia", "providencia", "salento", "libano",
                          "mercaderes", "palestina", "anza", "santana", "toca", "novia"})
# ("me toca a mí"; "un tocado de novia", never Nóvita)
# Words after which a place name is a barrio or a street, not the city: "barrio San Fernando", "calle Bolívar".
NOT_CITY_BEFORE = frozenset({"barrio", "b", "urbanizacion", "urb", "conjunto", "calle", "carrera", "cra", "cr",
                             "avenida", "av", "diagonal", "transversal", "sector", "vereda", "edificio", "parque"})
DESTINATION_BEFORE = frozenset({"a", "en", "para", "hasta", "hacia", "ciudad", "municipio", "desde"})
# Short names people use for departments besides DANE's.
DEPARTMENT_ALIASES = {"valle": "76", "bogota": "11", "san andres": "88", "guajira": "44", "norte santander": "54",
                      "cundi": "25", "santander norte": "54"}


def normalize(text: str | None) -> str:
    """Lower case, no accents, words separated by single spaces ("Bogotá, D.C." → "bogota d c")."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@dataclass(frozen=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    department_code: str
    department: str
    kind: str = "municipio"
    other_names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """"Palmira, Valle del Cauca" (Bogotá is its own department: "Bogotá, D.C.")."""
        return self.name if self.code == "11001" else f"{self.name}, {self.department}"


@dataclass
class _Catalogue:
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    by_name: dict[str, list[Municipality]] = field(default_factory=dict)       # normalized name/alias → places
    department_names: dict[str, str] = field(default_factory=dict)            # normalized name → code
    names: list[str] = field(default_factory=list)                            # keys of by_name, for fuzzy search


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    data = _Catalogue()
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            others = tuple(o for o in row["otros_nombres"].split("|") if o)
            place = Municipality(row["codigo_municipio"], row["municipio"], row["codigo_departamento"],
                                 row["departamento"], row["tipo"], others)
            data.municipalities[place.code] = place
            data.departments.setdefault(place.department_code, Department(place.department_code, place.department))
            for name in {normalize(place.name), *(normalize(o) for o in others)}:
                data.by_name.setdefault(name, []).append(place)
    for department in data.departments.values():
        key = normalize(department.name)
        data.department_names[key] = department.code
        data.department_names[key.replace(" d c", "")] = department.code
        if key.startswith("archipielago de "):
            data.department_names[key[len("archipielago de "):]] = department.code
    for alias, code in DEPARTMENT_ALIASES.items():
        data.department_names.setdefault(alias, code)
    # "Bogotá, D.C." is also reachable as "bogota", "bogota dc"
    data.by_name.setdefault("bogota dc", data.by_name.get("bogota d c", []))
    data.names = list(data.by_name)
    return data


# --- look-ups -------------------------------------------------------------------------

def departments() -> list[Department]:
    return sorted(_catalogue().departments.values(), key=lambda d: normalize(d.name))


def municipalities(department_code: str | None = None) -> list[Municipality]:
    places = _catalogue().municipalities.values()
    if department_code:
        places = [p for p in places if p.department_code == department_code]
    return sorted(places, key=lambda p: (normalize(p.department), normalize(p.name)))


def get_municipality(code: str | None) -> Municipality | None:
    return _catalogue().municipalities.get(str(code or "").strip())


def get_department(code: str | None) -> Department | None:
    return _catalogue().departments.get(str(code or "").strip())


def resolve_department(text: str | None) -> Department | None:
    """A department by its code ("76") or name, written loosely ("valle del cauca", "Valle", "bogota")."""
    raw = str(text or "").strip()
    if raw.isdigit():
        return get_department(raw.zfill(2))
    code = _catalogue().department_names.get(normalize(raw))
    return get_department(code) if code else None


def resolve_municipality(name: str | None, department: str | Department | None = None) -> list[Municipality]:
    """Every municipality with exactly that name (accents and case aside), within the department if given.

    A five-digit DANE code resolves to its municipality; "Palmira, Valle del Cauca" splits
    into name and department."""
    raw = str(name or "").strip()
    if raw.isdigit() and len(raw) == 5:
        place = get_municipality(raw)
        return [place] if place else []
    if department is not None and not isinstance(department, Department):
        department = resolve_department(department)
    found = _catalogue().by_name.get(normalize(raw), [])
    if not found and "," in raw:  # "Palmira, Valle del Cauca" (the label we show)
        head, _, tail = raw.rpartition(",")
        within = resolve_department(tail)
        if within is not None:
            return resolve_municipality(head, department or within)
    if department is not None:
        found = [p for p in found if p.department_code == department.code]
    return list(found)


def suggest_municipalities(name: str, department: Department | None = None, limit: int = 3) -> list[Municipality]:
    """Close spellings of a municipality name, for "¿quisiste decir…?"."""
    key = normalize(name)
    if not key:
        return []
    found: list[Municipality] = []
    for match, _score, _ in process.extract(key, _catalogue().names, scorer=fuzz.WRatio, limit=limit * 4,
                                            score_cutoff=75):
        for place in _catalogue().by_name[match]:
            if (department is None or place.department_code == department.code) and place not in found:
                found.append(place)
    return found[:limit]


def search_municipalities(query: str | None, department_code: str | None = None, limit: int = 10) -> list[Municipality]:
    """Search-as-you-type: names starting with the query first, then names with a word starting with it,
    then close spellings."""
    key = normalize(query)
    if not key:
        return []
    catalogue = _catalogue()
    scored: dict[str, tuple[int, str]] = {}
    for name, places in catalogue.by_name.items():
        if name.startswith(key):
            rank = 0
        elif f" {key}" in f" {name}":
            rank = 1
        else:
            continue
        for place in places:
            if department_code and place.department_code != department_code:
                continue
            sort_key = (rank, normalize(place.name))
            if place.code not in scored or scored[place.code] > sort_key:
                scored[place.code] = sort_key
    results = [catalogue.municipalities[code] for code, _ in sorted(scored.items(), key=lambda item: item[1])]
    if not results and len(key) >= 4:
        department = get_department(department_code) if department_code else None
        for place in suggest_municipalities(key, department, limit):
            if place not in results:
                results.append(place)
    return results[:limit]


# --- free text (the chat) ---------------------------------------------------------------------

def _ngrams(words: list[str]):
    """(start, end) spans, longest first."""
    for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        for start in range(0, len(words) - size + 1):
            yield start, start + size


def _spans(words: list[str]) -> list[tuple[int, int, list[Municipality]]]:
    """Non-overlapping place names in the message, longest first, each with its municipalities."""
    catalogue = _catalogue()
    taken: set[int] = set()
    spans = []
    for start, end in _ngrams(words):
        if taken & set(range(start, end)):
            continue
        phrase = " ".join(words[start:end])
        places = catalogue.by_name.get(phrase)
        alone = all(w in DESTINATION_BEFORE for i, w in enumerate(words) if not start <= i < end)
        if not places or (end - start == 1 and phrase in COMMON_WORDS and not alone):
            continue  # ("Líbano" written alone, as the city of an address, is the town)
        if start > 0 and words[start - 1] in NOT_CITY_BEFORE:
            continue
        taken |= set(range(start, end))
        spans.append((start, end, places))
    return sorted(spans)


@lru_cache(maxsize=1)
def town_stems() -> tuple[str, ...]:
    """The search stem of each municipality named by one word of four letters or more ("soledad",
    "itagui", "piedecuesta"): what a catalogue that names towns has among its words (a name of several
    words, "Agua de Dios", would match every shop that sells water)."""
    from .text import stem
    return tuple(sorted({stem(words[0]) for place in _catalogue().municipalities.values()
                         if len(words := normalize(place.name).split()) == 1 and len(words[0]) >= 4}))


def only_a_destination(text: str | None) -> bool:
    """The text is where to, nothing else: a municipality after "en", "para", "a"… ("en Floridablanca",
    "para Soledad"), never a thing named after a town."""
    words = normalize(text).split()
    if len(words) < 2 or words[0] not in DESTINATION_BEFORE | {"pa", "pal"}:
        return False
    spans = _spans(words)
    return len(spans) == 1 and spans[0][:2] == (1, len(words))


def named_municipalities(text: str | None) -> set[str]:
    """The codes of every municipality a text names by its exact name ("Toma de Muestra a Domicilio
    Envigado / Sabaneta / Itagüí": the three), with no choice among them."""
    return {place.code for _, _, found in _spans(normalize(text).split()) for place in found}


def find_municipalities(text: str | None) -> list[Municipality]:
    """The municipalities a message names, as candidates for one destination.

    Several names in one message ("Calle 5, San Fernando, Cali"): a name after "a", "en",
    "para"… wins, else the last one (addresses end with the city); a name after "barrio"
    or "calle" is never the city. A department named in the message narrows a name shared
    by several ("la union valle"). Empty when no municipality is named."""
    words = normalize(text).split()
    if not words:
        return []
    catalogue = _catalogue()
    spans = _spans(words) or [(0, 0, _fuzzy_find(words))]
    mentioned = {code for start, end in _ngrams(words)
                 if (code := catalogue.department_names.get(" ".join(words[start:end])))}
    # a department's own name ("valle", "bolivar") is not the city when another place is named
    cities = [span for span in spans
              if not (" ".join(words[span[0]:span[1]]) in catalogue.department_names and len(spans) > 1)]
    spans = cities or spans
    if mentioned:
        narrowed = [(a, b, [p for p in places if p.department_code in mentioned]) for a, b, places in spans]
        narrowed = [span for span in narrowed if span[2]]
        spans = narrowed or spans
    after_preposition = [span for span in spans if span[0] > 0 and words[span[0] - 1] in DESTINATION_BEFORE
                         and words[span[0] - 1] != "desde"]
    chosen = (after_preposition or spans)[-1]
    return list(chosen[2])


def _fuzzy_find(words: list[str]) -> list[Municipality]:
    """One misspelt name ("medelin", "bogta", "barranquiya"): words of five letters or more only."""
    catalogue = _catalogue()
    for start, end in _ngrams(words):
        if end - start > 3:
            continue
        phrase = " ".join(words[start:end])
        if len(phrase) < 5 or phrase in COMMON_WORDS:
            continue
        match = process.extractOne(phrase, catalogue.names, scorer=fuzz.ratio, score_cutoff=86)
        if match and match[0][0] == phrase[0] and match[0] not in COMMON_WORDS \
                and len(phrase.split()) <= len(match[0].split()):  # ("pa una moto" never names Pauna)
            return list(catalogue.by_name[match[0]])
    return []


def find_municipality(text: str | None) -> Municipality | None:
    """The one municipality a message names, or None when it names none or several (ask which)."""
    found = find_municipalities(text)
    return found[0] if len(found) == 1 else None
