"""What never goes to an LLM provider: customer data (cédula, phone, email, address).

Turns that carry it are answered by the offline policy (a tool handles them); the
history sent as context has it masked; staff look-ups go back to the model masked.
"""
from __future__ import annotations

import re

from ..understanding.customer_data import extract_customer_data

MASK = "[dato oculto]"
DATA_SHARED = "[El cliente compartió sus datos personales; se omiten por privacidad.]"

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# Colombian mobile: 10 digits starting with 3, optional +57, separators allowed.
PHONE = re.compile(r"(?<![\d$])(?:\+?57[\s.\-]?)?\(?3\d{2}\)?[\s.\-]?\d{3}[\s.\-]?\d{2}[\s.\-]?\d{2}(?!\d)")
# A number that may be a cédula or NIT: 7 to 12 digits, plain or with thousands dots.
NUMBER_RUN = re.compile(r"(?<![\d$.,])(?:\d{1,3}(?:\.\d{3}){2,3}|\d{7,12})(?![\d]|[.,]\d)")
AMOUNT_AFTER = re.compile(r"^\s*(?:pesos|cop|mil)\b", re.IGNORECASE)
# The offline agent's read-back of the customer's data.
DATA_LINE = re.compile(r"(?im)^(\s*Datos de entrega:).*$")


def _document_spans(text: str) -> list[tuple[int, int]]:
    """Digit runs of cédula length that are not amounts in pesos."""
    spans = []
    for match in NUMBER_RUN.finditer(text):
        run = match.group()
        start = match.start()
        if text[max(0, start - 2):start].strip().endswith("$"):
            continue
        if AMOUNT_AFTER.match(text[start + len(run):]):
            continue
        spans.append((start, start + len(run)))
    return spans


def carries_pii(text: str) -> bool:
    """A cédula-, phone- or email-looking value in the text."""
    text = text or ""
    return bool(EMAIL.search(text) or PHONE.search(text) or _document_spans(text))


def mask_text(text: str) -> str:
    """The text with cédula/phone/email-looking values and data read-backs replaced."""
    text = DATA_LINE.sub(lambda m: f"{m.group(1)} {MASK}", text or "")
    text = EMAIL.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    for start, end in reversed(_document_spans(text)):
        text = text[:start] + MASK + text[end:]
    return text


def is_customer_data(text: str) -> bool:
    return extract_customer_data(text).found or carries_pii(text)


def mask_history(history: list[dict]) -> list[dict]:
    """History for the provider: a customer's data message is dropped whole, the rest masked."""
    result = []
    for item in history:
        role, text = item.get("rol"), str(item.get("texto") or "")
        if role == "usuario" and is_customer_data(text):
            text = DATA_SHARED
        else:
            text = mask_text(text)
        result.append({"rol": role, "texto": text})
    return result


