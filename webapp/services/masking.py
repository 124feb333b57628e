"""One way to hide personal data and capabilities, for logs, exports and the LLM.

- `mask_text(text)`: cédulas / NIT (plain, with dots, spaces or dashes), Colombian
  phones (mobile 3xx and landline 60x, with +57, spaces, dots, dashes or parentheses)
  and e-mail addresses become `[cedula]`, `[telefono]`, `[correo]`. Amounts of money
  ("$15.000", "$ 1.250.000", "15000 pesos", "COP 15.000", "2 mil") are left alone.
- `mask_path(path)`: a request path as it may be logged: the cédula in
  `/clientes/<cedula>`, chat ids and order / quote codes become short references
  (the same value always gives the same reference, and the reference does not give
  the value back), then `mask_text` for anything else. Query strings are never kept.
- `reference(value)`: that short reference, for log fields (`chat_ref`, `order_ref`).
"""
from __future__ import annotations

import hashlib
import re

EMAIL_MASK, PHONE_MASK, ID_MASK = "[correo]", "[telefono]", "[cedula]"

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# A mobile (3xx) or landline (60x) number: 10 digits, grouped any way with spaces, dots or
# dashes, the first three maybe in parentheses, maybe after +57 / 0057 / 57 / (+57).
PHONE = re.compile(
    r"(?<![\d+])(?<!\d[.,])(?:(?:\+|00)?\(?\+?57\)?[ \t.\-]*)?"
    r"(?:\(\s*(?:3\d{2}|60\d)\s*\)|(?:3\d{2}|60\d))(?:[ \t.\-]?\d){7}(?!\d|[.,]\d)")
# A cédula or NIT (or a longer number such as a card): 6 to 19 digits, plain or grouped
# by thousands with dots, spaces or dashes, optionally with a NIT check digit ("900.123.456-7").
DOCUMENT = re.compile(
    r"(?<![\d])(?<!\d[.,])"
    r"(?:\d{1,3}(?:[. \-]\d{3}){2,3}|\d{3}[. \-]\d{3}|\d{6,19})(?:\s?-\s?\d)?(?![\w]|[.,]\d)")
# Amounts of money: protected before anything is masked.
MONEY = re.compile(
    r"\$\s?\d[\d.,]*"
    r"|\b(?:COP|precio|valor|total|cuesta|vale)\s?(?:de\s|es\s|:\s?)?\$?\s?\d[\d.,]*"
    r"|\d[\d.,]*\s?(?:pesos|peso|cop|COP|mil|millones|millón|millon|k)\b",
    re.IGNORECASE)
_HOLD = "\x00{}\x00"
_HELD = re.compile("\x00(\\d+)\x00")


def mask_text(text: str | None) -> str:
    """The text with cédulas, phones and e-mails replaced; prices and quantities kept."""
    if not text:
        return text or ""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match.group())
        return _HOLD.format(len(held) - 1)

    text = EMAIL.sub(EMAIL_MASK, text.replace("\x00", ""))
    text = MONEY.sub(hold, text)
    text = PHONE.sub(PHONE_MASK, text)
    text = DOCUMENT.sub(ID_MASK, text)
    return _HELD.sub(lambda m: held[int(m.group(1))], text)


def carries_pii(text: str | None) -> bool:
    return mask_text(text) != (text or "")


def reference(value: str | None) -> str | None:
    """A short, stable, one-way reference to a capability (chat id, order code)."""
    if not value:
        return None
    return hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:10]


# path prefix -> how its next segment is hidden
_SECRET_SEGMENTS = (
    (re.compile(r"^(/clientes/)([^/]+)"), lambda v: ID_MASK),
    (re.compile(r"^(/chat/historial/)([^/]+)"), lambda v: f"[chat:{reference(v)}]"),
    (re.compile(r"^(/ws/chat/)([^/]+)"), lambda v: f"[chat:{reference(v)}]"),
    (re.compile(r"^(/pedido/)([^/]+)"), lambda v: f"[pedido:{reference(v)}]"),
    (re.compile(r"^(/cotizacion/)([^/]+)"), lambda v: f"[cotizacion:{reference(v)}]"),
)


_OUR_NAMES = ("/static/", "/files/exports/")  # file names this shop generates: no personal data


def mask_path(path: str | None) -> str:
    """A path safe to log: secret segments replaced, no query string, personal data masked."""
    path = (path or "").split("?", 1)[0].split("#", 1)[0]
    for pattern, replace in _SECRET_SEGMENTS:
        match = pattern.match(path)
        if match:
            return match.group(1) + replace(match.group(2)) + mask_text(path[match.end():])
    if path.startswith(_OUR_NAMES):
        return path
    return mask_text(path)


def mask_url(url: str | None) -> str:
    """An absolute or relative URL (a Referer) reduced to a masked path; '-' when empty."""
    if not url or url == "-":
        return "-"
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#]*)?(.*)$", url)
    origin, rest = match.group(1) or "", match.group(2)
    return origin + mask_path(rest or "/")
