"""The company profile: markdown text the assistant answers company questions from."""
from __future__ import annotations

import re

from ..extensions import db
from ..models import Setting
from .text import normalize

KEY = "company_profile"


def load(text: str) -> None:
    setting = db.session.get(Setting, KEY)
    if setting is None:
        db.session.add(Setting(key=KEY, value=text))
    else:
        setting.value = text
    db.session.commit()


def profile_text() -> str:
    setting = db.session.get(Setting, KEY)
    return setting.value if setting else ""


def company_name() -> str:
    for line in profile_text().splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return "la tienda"


def sections() -> dict[str, str]:
    """`## Title` → body, in file order."""
    result: dict[str, str] = {}
    title = None
    for line in profile_text().splitlines():
        heading = re.match(r"^#{2,3}\s+(.*)", line)
        if heading:
            title = heading.group(1).strip()
            result[title] = ""
        elif title is not None:
            result[title] += line + "\n"
    return {k: v.strip() for k, v in result.items()}


def find_section(*keywords: str) -> tuple[str, str] | None:
    """The first section whose title (or, failing that, body) mentions a keyword."""
    items = sections()
    words = [normalize(k) for k in keywords]
    for title, body in items.items():
        if any(w in normalize(title) for w in words):
            return title, body
    for title, body in items.items():
        if any(w in normalize(body) for w in words):
            return title, body
    return None
