"""Dates said in a message: "del 20 al 23", "del viernes al lunes", "desde el martes hasta el sábado"."""
from __future__ import annotations

from .. import lexicon


def date_span(words: list[str]) -> tuple[int, int, int] | None:
    """Where a span of two dates or days of the week starts and ends in the words, and the nights in it."""
    weekdays = lexicon.table("weekday_number")
    for i in range(len(words) - 3):
        if words[i] not in ("del", "desde"):
            continue
        at = i + 2 if words[i + 1] == "el" else i + 1
        start, at = _day_said(words, at, weekdays)
        if start is None or at + 1 >= len(words) or words[at] not in ("al", "hasta"):
            continue
        end, last = _day_said(words, at + 2 if words[at + 1] == "el" else at + 1, weekdays)
        if end is None or isinstance(start, str) != isinstance(end, str):
            continue
        if isinstance(start, str):  # two days of the week: the nights from one to the next
            return i, last, (weekdays[end] - weekdays[start]) % 7 or 7
        if 1 <= start < end <= 31:
            return i, last, end - start
    return None


def _day_said(words: list[str], at: int, weekdays: dict[str, int]) -> tuple[int | str | None, int]:
    """The date ("20") or the day of the week ("viernes", "viernes 14": the date) said at `at`, and where
    what follows it starts."""
    if at >= len(words):
        return None, at
    if words[at] in weekdays:
        if at + 1 < len(words) and words[at + 1].isdigit():
            return int(words[at + 1]), at + 2
        return words[at], at + 1
    return (int(words[at]), at + 1) if words[at].isdigit() else (None, at)
