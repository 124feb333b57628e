"""From a customer's words to one product, several to choose from, or none."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tools import Tools

CLEAR_LEAD = 1.0
OPTION_SHARE = 0.6
MIN_COVERAGE = 0.5  # at least half of the customer's words must be found in the product…
MIN_NAME_COVERAGE = 0.6  # …or most of the product's name must be in what the customer wrote
ORDINALS = {"primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3,
            "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "ultimo": -1, "ultima": -1}


@dataclass
class Resolution:
    product: dict | None = None
    options: list[dict] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.product is None and len(self.options) > 1


def resolve(tools: Tools, phrase: str, within: list[int] | None = None) -> Resolution:
    """One product when the words pick it out clearly; otherwise the options to ask about."""
    results = [r for r in tools.search_products(phrase, within=within)
               if r["cobertura"] >= MIN_COVERAGE or r["cobertura_nombre"] >= MIN_NAME_COVERAGE]
    if not results:
        return Resolution()
    if len(results) == 1:
        return Resolution(product=results[0])
    exact = [r for r in results if r["cobertura_nombre"] >= 0.999]
    if len(exact) == 1:
        return Resolution(product=exact[0])
    top, second = results[0], results[1]
    if top["cobertura_nombre"] > second["cobertura_nombre"] and top["puntaje"] >= second["puntaje"] + CLEAR_LEAD:
        return Resolution(product=top)
    # options worth offering: close to the best (a word found only in a description is not)
    return Resolution(options=[r for r in results if r["puntaje"] >= top["puntaje"] * OPTION_SHARE][:5])


def pick_option(tools: Tools, text: str, normalized: str, option_ids: list[int]) -> int | None:
    """The option a reply like "el amarillo", "el segundo" or "2" chooses, if any."""
    words = normalized.split()
    for word in words:
        if word in ORDINALS:
            index = ORDINALS[word]
            return option_ids[index - 1] if index != -1 else option_ids[-1]
    number = re.fullmatch(r"\s*(?:(?:la|el)\s+)?(?:opcion\s+|numero\s+)?(\d{1,2})\s*", normalized)
    if number and 1 <= int(number.group(1)) <= len(option_ids):
        return option_ids[int(number.group(1)) - 1]
    found = resolve(tools, text, within=option_ids)
    return found.product["id"] if found.product else None
