"""Catalogue search: an in-memory inverted index of stems, typo-tolerant through rapidfuzz.

The index holds only ids and words, never prices or stock: callers load fresh rows.
It is rebuilt when the catalogue version (bumped by every product write) changes.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .text import STOPWORDS, normalize, stem

FIELD_WEIGHTS = {"sku": 3.0, "name": 3.0, "synonyms": 2.5, "category": 1.5, "description": 0.5}
FUZZY_CUTOFF = 80
HEAD_BONUS = 1.0


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
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.name_stems: dict[int, frozenset[str]] = {}
        self.name_head: dict[int, str] = {}
        self.categories: dict[int, str] = {}
        for pid, sku, name, category, synonyms, description in rows:
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
                    if self.postings[s].get(pid, 0) < weight:
                        self.postings[s][pid] = weight
            self.name_stems[pid] = frozenset(fields["name"])
            self.name_head[pid] = fields["name"][0] if fields["name"] else ""
            self.categories[pid] = category or ""
        self.vocabulary = list(self.postings)
        self._expand = lru_cache(maxsize=4096)(self._expand_uncached)

    def _expand_uncached(self, term: str) -> tuple[tuple[str, float], ...]:
        """Index words a query word stands for, with a similarity in (0, 1]."""
        if term in self.postings:
            exact = [(term, 1.0)]
            if term.isdigit() or len(term) < 5:
                return tuple(exact)
        else:
            exact = []
        if term.isdigit() or len(term) < 3:
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

    def search(self, query: str, category: str | None = None, partial: bool = False) -> list[Match]:
        """Best matches first; only those covering the most query words unless `partial`."""
        terms = list(dict.fromkeys(_stems(query)))
        if not terms:
            return []
        best: dict[int, dict[str, float]] = defaultdict(dict)
        covered_words: dict[int, set[str]] = defaultdict(set)
        for term in terms:
            for word, similarity in self._expand(term):
                for pid, weight in self.postings[word].items():
                    value = similarity * weight
                    if value > best[pid].get(term, 0):
                        best[pid][term] = value
                    covered_words[pid].add(word)
        matches = []
        for pid, per_term in best.items():
            if category and self.categories.get(pid) != category:
                continue
            names = self.name_stems.get(pid) or frozenset()
            name_cov = len(names & covered_words[pid]) / len(names) if names else 0.0
            # "extintor" means an extintor before a "Señal Extintor": the name's head word counts extra
            head_bonus = HEAD_BONUS if self.name_head.get(pid) in covered_words[pid] else 0.0
            matches.append(Match(pid, sum(per_term.values()) + head_bonus, len(per_term) / len(terms), name_cov))
        if not matches:
            return []
        if not partial:
            top = max(m.coverage for m in matches)
            matches = [m for m in matches if m.coverage == top]
        matches.sort(key=lambda m: (-m.coverage, -m.score, -m.name_coverage, m.product_id))
        return matches


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
