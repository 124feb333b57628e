"""HTML fragments for the sidebar: one message, streamed pieces, the final message with cards."""
from __future__ import annotations

import secrets

from flask import render_template
from markupsafe import escape


def new_message_id() -> str:
    return "msg-" + secrets.token_hex(6)


def start_frame(user_text: str, message_id: str) -> str:
    return render_template("chat/_stream_start.html", user_text=user_text, message_id=message_id)


def chunk_frame(message_id: str, chunk: str) -> str:
    return f'<div id="{message_id}-text" hx-swap-oob="beforeend">{escape(chunk)}</div>'


def end_frame(message_id: str, body: dict, cart_units: int) -> str:
    return render_template("chat/_stream_end.html", message_id=message_id, body=body, cart_units=cart_units)


def notice_frame(text: str) -> str:
    return render_template("chat/_notice.html", text=text)


def staff_frame(event: dict) -> str:
    """A staff member's message, takeover or hand-back notice, appended to the sidebar."""
    return render_template("chat/_staff_event.html", event=event)
