"""Catalogue search served by the database engine.

The words of every product are kept in the database by `search_index`. A search
1. stems the query and expands each word through the vocabulary: the word itself, close
   spellings (rapidfuzz ratio ≥ 80 among candidates the database proposes: pg_trgm on
   PostgreSQL, a length window on SQLite) and longer words it begins;
2. asks the database's full-text index for the products covering the most query words (all
   of them if any product does, else all but one, …): only those can rank first;
3. ranks those candidates here, the same way on both engines: field weights, coverage, a
   bonus when the name starts with a query word, name coverage among equal scores.
Each instance caches recent rankings under the catalogue version, which every product write
changes: the next search anywhere sees the write, and nothing is ever rebuilt.
"""
from __future__ import annotations

import re

import threading
from collections import OrderedDict
from dataclasses import dataclass
from itertools import combinations
from math import ceil, comb

from flask import current_app
from rapidfuzz import fuzz, process
from sqlalchemy import and_, bindparam, event, or_, select, text
from sqlalchemy.engine import Engine

from ..extensions import db
from ..models import SearchTerm
from .search_index import catalogue_version, stems
from .text import sound

# name, sku, synonyms, category, description: the document's sections, best weight first
SECTION_WEIGHTS = (3.0, 3.0, 2.5, 1.5, 0.5)
FUZZY_CUTOFF = 80
FUZZY_LIMIT = 8
FUZZY_WEIGHT = 0.9       # a corrected word counts ratio/100 × this
PREFIX_SIMILARITY = 0.85  # "extint" stands for "extintor" this much
SOUND_SIMILARITY = 0.8   # a word written as it sounds ("bonba" for "bomba") counts this much
HEAD_BONUS = 1.0
DETAILED = 200           # matches that get a name-coverage figure (the rest are ranked by score)
CACHE_DEPTH = 240        # ranked matches kept per cached query (20 pages of 12)
MAX_CLAUSES = 64         # "at least k of n words" queries wider than this fall back to "any word"
TRIGRAM_THRESHOLD = 0.2  # pg_trgm similarity that proposes a vocabulary word for correction


@dataclass(frozen=True)
class Match:
    product_id: int
    score: float
    coverage: float        # share of the query's words found in the product
    name_coverage: float   # share of the product name's words the query covers


# --- per-instance ranking cache --------------------------------------------------------

class RankingCache:
    """Recent rankings of this instance, keyed by catalogue version (so never stale)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict = {}

    def flight(self, key) -> threading.Lock:
        """One lock per ranking being computed: a burst of the same new query ranks it once."""
        with self._lock:
            return self._flights.setdefault(key, threading.Lock())

    def landed(self, key) -> None:
        with self._lock:
            self._flights.pop(key, None)

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _cache() -> RankingCache:
    cache = current_app.extensions.get("search_rankings")
    if cache is None:
        cache = current_app.extensions["search_rankings"] = RankingCache(current_app.config.get("SEARCH_CACHE_SIZE", 256))
    return cache


# --- the database side: vocabulary and candidates ----------------------------------------

def _dialect() -> str:
    return db.session.get_bind().dialect.name


@event.listens_for(Engine, "connect")
def _trigram_threshold(dbapi_connection, _record) -> None:
    """PostgreSQL: `term % :word` proposes words from this similarity up (rapidfuzz decides)."""
    if type(dbapi_connection).__module__.startswith("psycopg"):
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}")
        dbapi_connection.autocommit = autocommit


def _vocabulary_near(term: str) -> list[str]:
    """Vocabulary words that may be a close spelling of `term` or begin with it."""
    if _dialect() == "postgresql":
        return list(db.session.scalars(text("SELECT term FROM search_terms WHERE term % :term OR term LIKE :prefix"),
                                       {"term": term, "prefix": term + "%"}))
    shortest, longest = ceil(len(term) * 2 / 3), len(term) * 3 // 2
    return list(db.session.scalars(text(
        "SELECT term FROM search_terms WHERE length(term) BETWEEN :shortest AND :longest "
        "OR (term >= :term AND term < :after)"),
        {"shortest": shortest, "longest": longest, "term": term, "after": term + "{"}))


def vocabulary_among(stems: set[str]) -> set[str]:
    """`catalog.words_known`: each stem in the vocabulary, or (from five letters) starting a word of it.
    The prefix is read as a range of the primary key (`term >= 'instal' AND term < 'instam'`)."""
    words = sorted(s for s in stems if s.isalpha())
    if not words:
        return set()
    terms = SearchTerm.__table__.c.term
    ranges = [and_(terms >= w, terms < w[:-1] + chr(ord(w[-1]) + 1)) for w in words if len(w) >= 5]
    found = db.session.scalars(select(terms).where(or_(terms.in_(words), *ranges)))
    return {w for term in found for w in words if term == w or (len(w) >= 5 and term.startswith(w))}


def expand(terms: list[str]) -> list[tuple[tuple[str, float], ...]]:
    """For each query word, the catalogue words it stands for, with a similarity in (0, 1].
    Numbers and codes ("10", "2.5", "n95") stand for themselves only."""
    words = [t for t in terms if t.isalpha()]
    known = set(db.session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(words)))) if words else set()
    groups = []
    for term in terms:
        if not term.isalpha():
            metres = re.fullmatch(r"(\d)[.,](\d\d)", term)  # "de 1.40": metres, also written 140 (cm)
            centimetres = ((str(int(metres[1]) * 100 + int(metres[2])), 1.0),) if metres else ()
            groups.append(((term, 1.0),) + centimetres)
            continue
        found = {term: 1.0} if term in known else {}
        if not (len(term) < 3 or (found and len(term) < 5)):
            # typo tolerance only among words: numbers and codes must match exactly
            near = _vocabulary_near(term)
            shortest, longest = ceil(len(term) * 2 / 3), len(term) * 3 // 2
            spelled = [w for w in near if shortest <= len(w) <= longest]
            for word, score, _ in process.extract(term, spelled, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                  limit=FUZZY_LIMIT):
                found.setdefault(word, score / 100 * FUZZY_WEIGHT)
            if len(term) >= 4:
                for word in sorted(w for w in near if w.startswith(term)):
                    found.setdefault(word, PREFIX_SIMILARITY)
        if not found and len(term) >= 3:  # "bonba", "vandas", "jel", "traiya": spelt as it sounds
            key = sound(term)
            for word in _same_length_terms(term):
                if sound(word) == key:
                    found.setdefault(word, SOUND_SIMILARITY)
        groups.append(tuple(found.items()))
    return groups


def _same_length_terms(term: str) -> list[str]:
    """Vocabulary words about as long as `term` (a misspelling keeps roughly its length)."""
    return list(db.session.scalars(text("SELECT term FROM search_terms WHERE length(term) BETWEEN :low AND :high"),
                                   {"low": len(term) - 1, "high": len(term) + 2}))


def _match_expression(groups: list[tuple[str, ...]], at_least: int, dialect: str) -> str:
    """Full-text query: products with words of at least `at_least` of the groups."""
    if dialect == "postgresql":
        quote, any_of, all_of = "'{}'".format, " | ", " & "
    else:
        quote, any_of, all_of = '"{}"'.format, " OR ", " AND "
    alternatives = ["(" + any_of.join(quote(w) for w in group) + ")" for group in groups]
    if at_least <= 1:
        return any_of.join(alternatives)
    return any_of.join("(" + all_of.join(chosen) + ")" for chosen in combinations(alternatives, at_least))


def _fetch(expression: str, category: str | None, only_available: bool, within) -> list[tuple[int, str]]:
    dialect = _dialect()
    if dialect == "postgresql":
        sql = ("SELECT products.id, products.search_document FROM products "
               "WHERE to_tsvector('simple', products.search_document) @@ to_tsquery('simple', :match)")
    else:
        # CROSS JOIN: SQLite walks the full-text matches and looks each product up, never the reverse
        sql = ("SELECT products.id, products.search_document FROM products_fts "
               "CROSS JOIN products ON products.id = products_fts.rowid WHERE products_fts MATCH :match")
    params: dict = {"match": expression}
    if category:
        sql += " AND products.category = :category"
        params["category"] = category
    if only_available:
        sql += " AND products.available = :available"
        params["available"] = True
    statement = text(sql)
    if within is not None:
        statement = text(sql + " AND products.id IN :within").bindparams(bindparam("within", expanding=True))
        params["within"] = list(within)
    return db.session.execute(statement, params).all()


def _candidates(groups, category, partial: bool, need: int | None, only_available: bool, within):
    """Rows of the products covering the most query words (with `partial`: enough rows to fill `need`)."""
    present = [tuple(w for w, _ in g) for g in groups if g]
    if not present or (within is not None and not within):
        return []
    dialect = _dialect()
    rows: list = []
    for at_least in range(len(present) if not (partial and need is None) else 1, 0, -1):
        if comb(len(present), at_least) > MAX_CLAUSES:
            at_least = 1
        rows = _fetch(_match_expression(present, at_least, dialect), category, only_available, within)
        if rows and (not partial or need is None or len(rows) >= need):
            break
        if at_least == 1:
            break
    return rows


# --- ranking: one code path for both engines ---------------------------------------------

def _rank(rows, groups, n_terms: int, partial: bool) -> list[Match]:
    words: dict[str, float] = {}
    for g in groups:
        for w, similarity in g:
            words[w] = max(similarity, words.get(w, 0.0))
    needles = [[(f" {w} ", similarity) for w, similarity in g] for g in groups if g]
    name_weight, code_weight, synonym_weight, category_weight, description_weight = SECTION_WEIGHTS
    scored = []
    for pid, doc in rows:
        padded = f" {doc} "
        b1 = padded.find("|")
        b2 = padded.find("|", b1 + 1)
        b3 = padded.find("|", b2 + 1)
        b4 = padded.find("|", b3 + 1)
        total, covered = 0.0, 0
        for group in needles:
            best = 0.0
            for needle, similarity in group:
                at = padded.find(needle)
                if at < 0:
                    continue
                weight = (name_weight if at < b1 else code_weight if at < b2 else synonym_weight if at < b3
                          else category_weight if at < b4 else description_weight) * similarity
                if weight > best:
                    best = weight
            if best:
                total += best
                covered += 1
        if not covered:
            continue
        head = padded[1:padded.find(" ", 1)]  # the name's first word ("" without a name)
        if head in words:  # (a word only near the one said counts as much as it is near: "puente" is
            total += HEAD_BONUS * words[head]  # the "Driver Puente H", before every "Fuente …")
        scored.append((covered, total, pid, padded, b1))
    if scored and not partial:
        most = max(s[0] for s in scored)
        scored = [s for s in scored if s[0] == most]
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    matches = []
    for rank, (covered, total, pid, padded, b1) in enumerate(scored):
        name_coverage = 0.0
        if rank < DETAILED:
            name = set(padded[1:b1].split())
            name_coverage = len(name & words.keys()) / len(name) if name else 0.0
        matches.append(Match(pid, total, covered / n_terms, name_coverage))
    head = sorted(matches[:DETAILED], key=lambda m: (-m.coverage, -m.score, -m.name_coverage, m.product_id))
    return head + matches[DETAILED:]


@dataclass(frozen=True)
class Ranking:
    matches: tuple[Match, ...]   # best first; the first CACHE_DEPTH when not `complete`
    total: int
    complete: bool


def ranking(query: str, category: str | None = None, partial: bool = False, need: int | None = None,
            only_available: bool = False, within=None) -> Ranking:
    """Ranked matches of a free-text query (from this instance's cache when the catalogue is unchanged)."""
    terms = list(dict.fromkeys(stems(query or "")))
    if not terms:
        return Ranking((), 0, True)
    if within is not None:
        return _compute(terms, category, partial, need, only_available, within)
    cache = _cache()
    key = (catalogue_version(), tuple(terms), category, partial, need if partial else None, only_available)

    def cached() -> Ranking | None:
        found = cache.get(key)
        return found if found is not None and (found.complete or (need is not None and need <= len(found.matches))) \
            else None

    result = cached()
    if result is None:
        try:
            with cache.flight(key):
                result = cached()
                if result is None:
                    result = _compute(terms, category, partial, need, only_available, None)
                    cache.put(key, Ranking(result.matches[:CACHE_DEPTH], result.total, result.total <= CACHE_DEPTH))
        finally:
            cache.landed(key)
    return result


def _compute(terms, category, partial, need, only_available, within) -> Ranking:
    groups = expand(terms)
    rows = _candidates(groups, category, partial, need, only_available, within)
    matches = tuple(_rank(rows, groups, len(terms), partial))
    return Ranking(matches, len(matches), True)
