"""Phrase matching for the assistant; folding and stems come from the shared services.text."""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from webapp.services.text import (  # noqa: F401  (re-exported for the understanding modules)
    STOPWORDS, content_stems, content_tokens, fold, normalize, stem, token_spans, tokens,
)


def phrase_pattern(phrases) -> re.Pattern:
    """Regex matching any of the normalized phrases as whole words in normalized text."""
    alternatives = sorted({normalize(p) for p in phrases if normalize(p)}, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in alternatives) or r"(?!x)x"
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


def has_phrase(normalized: str, pattern: re.Pattern) -> bool:
    """True when the compiled phrase pattern occurs in already-normalized text."""
    return bool(pattern.search(normalized))


def fuzzy_word(word: str, vocabulary, cutoff: float = 85.0) -> str | None:
    """The vocabulary word nearest a typo'd word if similar enough (< 5 letters: exact only)."""
    word = normalize(word)
    if not word:
        return None
    if word in vocabulary:
        return word
    if len(word) < 5:
        return None
    found = process.extractOne(word, list(vocabulary), scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def fuzzy_contains(text: str, vocabulary, cutoff: float = 85.0) -> str | None:
    """The first vocabulary word found (exactly or with a small typo) among the text's tokens."""
    for token in tokens(text):
        found = fuzzy_word(token, vocabulary, cutoff)
        if found:
            return found
    return None
