from __future__ import annotations

from dataclasses import dataclass
from math import ceil


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clamp_page(page, per_page, default_per_page: int = 20, max_per_page: int = 200) -> tuple[int, int]:
    """Page numbers from query strings: garbage becomes the first page, sizes are bounded."""
    try:
        page = max(1, min(int(page), 1_000_000))
    except (TypeError, ValueError):
        page = 1
    try:
        per_page = max(1, min(int(per_page), max_per_page))
    except (TypeError, ValueError):
        per_page = default_per_page
    return page, per_page
