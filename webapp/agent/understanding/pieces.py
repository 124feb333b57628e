"""A piece's measures as a customer says them: "de 1,50 x 1,20", "2 metros de ancho por 1,50 de
alto", "mide 50 x 80", "una ventana de 2,50 de ancho". Sides said bare above a few metres are
centimetres."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

SIDE = r"(\d+(?:\.\d+)?) ?(metros?|mts?|m|centimetros?|cms?)?\b"
SIDE_NAMED = r"(?: de (?:ancho|largo|alto|fondo))?"
PIECE = re.compile(rf"(?<!/)\b{SIDE}{SIDE_NAMED} (?:x|por) {SIDE}{SIDE_NAMED}")  # (never the 2 of "1/2 x 6 m")
WIDTH = re.compile(rf"(?<!/)\b{SIDE} de (?:ancho|largo)\b")
MAX_METRES = 10  # a side said bare above this is in centimetres ("una ventanita de 60 x 90")
LENGTH = re.compile(r"\b(?:(?P<metres>\d+(?:\.\d+)?) ?(?:metros?|mts?|m)\b(?P<half> y medio)?"
                    r"|(?P<one_half>(?:un )?metro y medio)\b"
                    r"|mide (?P<bare>\d+(?:\.\d+)?)\b(?! ?(?:x|por|cm|centimetros?|cms?)\b))")


@dataclass(frozen=True)
class Piece:
    """A piece's measures in metres (`height` None when only the width is said), and where the
    message says them."""
    width: Decimal
    height: Decimal | None
    start: int
    end: int
    said: tuple[str, ...] = ()  # the numbers as written ("60", "90")

    @property
    def size(self) -> str:
        sides = [self.width] + ([self.height] if self.height is not None else [])
        return " x ".join(decimal_text(s) for s in sides) + " m"


def piece_said(text: str) -> Piece | None:
    """"de 1.50 x 1.20", "2 metros de ancho por 1.50 de alto", "mide 50 x 80" (normalised text),
    or only a width ("pa una ventana de 2.50 de ancho")."""
    found = PIECE.search(text)
    if found:
        unit = found[2] or found[4]  # "60 x 90 cm": the unit said once is the other side's too
        return Piece(_metres(found[1], found[2] or unit), _metres(found[3], found[4] or unit),
                     found.start(), found.end(), (found[1], found[3]))
    found = WIDTH.search(text)
    return Piece(_metres(found[1], found[2]), None, found.start(), found.end(), (found[1],)) if found else None


def length_said(text: str) -> Piece | None:
    """A length alone, for what is sold by the metre: "un vestier de 3 metros", "2 metros y medio",
    "metro y medio", "la pared mide 2.70" (normalised text; a bare number above a few metres is no length)."""
    found = LENGTH.search(text)
    if found is None:
        return None
    said = found["metres"] or found["bare"] or "1"  # ("metro y medio": one and a half)
    metres = Decimal(said) + (Decimal("0.5") if found["half"] or found["one_half"] else 0)
    if found["bare"] and metres > MAX_METRES:
        return None
    return Piece(metres, None, found.start(), found.end(), (said,))


def _metres(value: str, unit: str | None) -> Decimal:
    number = Decimal(value)
    if unit:
        return number / 100 if unit.startswith("c") else number
    return number / 100 if number > MAX_METRES else number


def decimal_text(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def stored(piece: Piece, count: int) -> list:
    """The piece as the dialogue state keeps it (JSON): [pieces, width, height]."""
    return [count, str(piece.width), str(piece.height) if piece.height is not None else ""]


def restored(data: list) -> tuple[Piece, int] | None:
    try:
        count, width, height = data
        piece = Piece(Decimal(width), Decimal(height) if height else None, 0, 0)
        return piece, int(count)
    except (TypeError, ValueError, ArithmeticError):
        return None
