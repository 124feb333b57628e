"""Catalogue search: an in-memory inverted index of stems, typo-tolerant through rapidfuzz.

The index holds only ids and words, never prices or stock: callers load fresh rows.
It is rebuilt when the catalogue version (bumped by every product write) changes.
Scores are accumulated with NumPy so a common word over 100,000 products stays fast.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .text import STOPWORDS, normalize, stem

FIELD_WEIGHTS = {"sku": 3.0, "name": 3.0, "synonyms": 2.5, "category": 1.5, "description": 0.5}
FUZZY_CUTOFF = 80
HEAD_BONUS = 1.0
DETAILED = 200  # matches that get a name-coverage figure (the rest are ranked by score)


@dataclass(frozen=True)
class Match:
    product_id: int
    score: float
    coverage: float        # share of the query's words found in the product
    name_coverage: float   # share of the product name's words the query covers


def _stems(text: str) -> list[str]:
    return [stem(t) for t in normalize(text).split() if t not in STOPWORDS]


class CatalogIndex:
    def __init__(self, version: str, rows):
        self.version = version
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        ids, names, heads, categories = [], [], [], []
        available = []
        for position, (pid, sku, name, category, synonyms, description, is_available) in enumerate(rows):
            fields = {
                "sku": [normalize(sku).replace(" ", "")] + _stems(sku),
                "name": _stems(name),
                "synonyms": _stems((synonyms or "").replace("|", " ")),
                "category": _stems(category or ""),
                # numbers in prose ("mejor que el de 10 libras") would blur sizes apart
                "description": [s for s in _stems(description or "") if not s.isdigit()],
            }
            for field, stems in fields.items():
                weight = FIELD_WEIGHTS[field]
                for s in stems:
                    if postings[s].get(position, 0) < weight:
                        postings[s][position] = weight
            ids.append(pid)
            names.append(frozenset(fields["name"]))
            heads.append(fields["name"][0] if fields["name"] else "")
            categories.append(category or "")
            available.append(bool(is_available))
        self.available = np.array(available, dtype=bool)
        self.ids = np.array(ids, dtype=np.int64)
        self.position = {pid: i for i, pid in enumerate(ids)}
        self.names, self.heads = names, heads
        self.categories = np.array(categories, dtype=object)
        self.postings = {word: (np.fromiter(p.keys(), dtype=np.int32, count=len(p)),
                                np.fromiter(p.values(), dtype=np.float32, count=len(p)))
                         for word, p in postings.items()}
        # typo tolerance only among words: numbers and codes must match exactly
        self.vocabulary = [w for w in self.postings if w.isalpha()]
        self._expand = lru_cache(maxsize=4096)(self._expand_uncached)

    def _expand_uncached(self, term: str) -> tuple[tuple[str, float], ...]:
        """Index words a query word stands for, with a similarity in (0, 1]."""
        exact = [(term, 1.0)] if term in self.postings else []
        if term.isdigit() or len(term) < 3 or (exact and len(term) < 5):
            return tuple(exact)
        found = dict(exact)
        for word, score, _ in process.extract(term, self.vocabulary, scorer=fuzz.ratio,
                                              score_cutoff=FUZZY_CUTOFF, limit=8):
            found.setdefault(word, score / 100 * 0.9)
        if len(term) >= 4:
            for word in self.vocabulary:
                if word.startswith(term) and word not in found:
                    found[word] = 0.85
        return tuple(found.items())

    def _rank(self, query: str, category: str | None, partial: bool, within=None):
        """Positions of matching products, best first, with what scoring them needs."""
        terms = list(dict.fromkeys(_stems(query)))
        empty = np.zeros(0, dtype=np.int64)
        if not terms or not len(self.ids):
            return empty, None, None, set(), 1
        total = np.zeros(len(self.ids), dtype=np.float32)
        covered = np.zeros(len(self.ids), dtype=np.int16)
        words: set[str] = set()
        for term in terms:
            best = np.zeros(len(self.ids), dtype=np.float32)
            for word, similarity in self._expand(term):
                positions, weights = self.postings[word]
                np.maximum.at(best, positions, weights * similarity)
                words.add(word)
            total += best
            covered += best > 0
        candidates = np.flatnonzero(covered)
        if category:
            candidates = candidates[self.categories[candidates] == category]
        if within is not None:
            allowed = np.array([self.position[p] for p in within if p in self.position], dtype=np.int64)
            candidates = np.intersect1d(candidates, allowed)
        if len(candidates) and not partial:
            candidates = candidates[covered[candidates] == covered[candidates].max()]
        if not len(candidates):
            return empty, None, None, words, len(terms)
        heads = np.fromiter((self.heads[i] in words for i in candidates), dtype=bool, count=len(candidates))
        total[candidates] += heads * HEAD_BONUS
        order = np.lexsort((self.ids[candidates], -total[candidates], -covered[candidates]))
        return candidates[order], total, covered, words, len(terms)

    def ranked_ids(self, query: str, category: str | None = None, only_available: bool = False) -> list[int]:
        """Just the ids, best first (for paging through many results)."""
        ranked = self._rank(query, category, False)[0]
        if only_available:
            ranked = ranked[self.available[ranked]]
        return self.ids[ranked].tolist()

    def search(self, query: str, category: str | None = None, partial: bool = False,
               limit: int | None = None, within=None) -> list[Match]:
        """Best matches first; only those covering the most query words unless `partial`;
        `within` restricts the search to some product ids (an order's lines, offered options)."""
        ranked, total, covered, words, n_terms = self._rank(query, category, partial, within)
        matches = []
        for rank, i in enumerate(ranked[:limit].tolist() if limit else ranked.tolist()):
            name = self.names[i]
            name_cov = len(name & words) / len(name) if name and rank < DETAILED else 0.0
            matches.append(Match(int(self.ids[i]), float(total[i]), int(covered[i]) / n_terms, name_cov))
        head = sorted(matches[:DETAILED], key=lambda m: (-m.coverage, -m.score, -m.name_coverage, m.product_id))
        return head + matches[DETAILED:]


_lock = threading.Lock()


def get_index(extensions: dict, version: str, load_rows) -> CatalogIndex:
    """The app's index for this catalogue version, built once per version."""
    index = extensions.get("catalog_index")
    if index is not None and index.version == version:
        return index
    with _lock:
        index = extensions.get("catalog_index")
        if index is None or index.version != version:
            index = CatalogIndex(version, load_rows())
            extensions["catalog_index"] = index
    return index
