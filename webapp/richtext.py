"""Simple formatting of the assistant's and the profile's text, safely.

The text is escaped first; only then a few marks become HTML:
- `**bold**` → <strong>;
- lines starting with "• ", "- " or "* " → a bulleted list (consecutive lines, one list);
- other line breaks → <br>, a blank line → a new paragraph;
- the shop's own paths (/privacidad, /cotizacion/…, /pedido/…, /producto/<id>, /carrito,
  /checkout) → links, also when written as `[text](/path)`. Nothing else becomes a link:
  `[x](javascript:…)` or `[x](https://elsewhere)` stay as plain text.
No tag or attribute written in the text ever reaches the page.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_PATH = r"/(?:privacidad|carrito|checkout|producto/\d{1,12}|cotizacion/[A-Za-z0-9_-]{16,64}|pedido/[A-Za-z0-9_-]{16,64})"
# after escaping, a markdown link's text has no "[" or "]" and the path is one of ours
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((" + _PATH + r")\)")
_BARE = re.compile(r"(?<![\w/\"'>=])(" + _PATH + r")(?![\w/-])")
_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*\*")
_BULLET = re.compile(r"^\s*(?:•|-|\*)\s+(.*)$")


def _link(path: str, label: str) -> str:
    return f'<a href="{path}" target="_blank" rel="noopener">{label}</a>'


def _inline(escaped: str) -> str:
    """Links and bold inside one (already escaped) line."""
    parts = []
    last = 0
    for match in _MD_LINK.finditer(escaped):  # [text](/path): keep the text, link the path
        parts.append(_bare_links(escaped[last:match.start()]))
        parts.append(_link(match.group(2), match.group(1)))
        last = match.end()
    parts.append(_bare_links(escaped[last:]))
    return _BOLD.sub(r"<strong>\1</strong>", "".join(parts))


def _bare_links(escaped: str) -> str:
    return _BARE.sub(lambda m: _link(m.group(1), m.group(1)), escaped)


def render(text) -> Markup:
    """The text as safe HTML with bold, lists, line breaks and the shop's own links."""
    if text is None:
        return Markup("")
    lines = str(escape(str(text))).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def close_list() -> None:
        if items:
            html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for line in lines:
        bullet = _BULLET.match(line)
        if bullet and bullet.group(1).strip():
            close_paragraph()
            items.append(_inline(bullet.group(1).strip()))
        elif not line.strip():
            close_paragraph()
            close_list()
        else:
            close_list()
            paragraph.append(_inline(line.strip()))
    close_paragraph()
    close_list()
    return Markup("".join(html))
