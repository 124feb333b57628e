"""Images and voice notes in the chat: checked, then turned into a normal text turn."""
from __future__ import annotations

import logging

from flask import current_app, request

from ..agent.assistant import handle_notice
from ..errors import json_error
from ..security import chat_staff
from ..services import conversations

log = logging.getLogger(__name__)

SIGNATURES = {
    "imagen": [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
               (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"RIFF", "image/webp")],
    "audio": [(b"OggS", "audio/ogg"), (b"ID3", "audio/mpeg"), (b"\xff\xfb", "audio/mpeg"), (b"\xff\xf3", "audio/mpeg"),
              (b"RIFF", "audio/wav"), (b"\x1aE\xdf\xa3", "audio/webm"), (b"fLaC", "audio/flac")],
}


def sniff(kind: str, head: bytes) -> str | None:
    """The file's real type from its first bytes (the client's claim is not trusted)."""
    for magic, mime in SIGNATURES[kind]:
        if head.startswith(magic):
            if magic == b"RIFF":
                sub = head[8:12]
                if (kind == "imagen" and sub != b"WEBP") or (kind == "audio" and sub != b"WAVE"):
                    continue
            return mime
    if kind == "audio" and head[4:8] == b"ftyp":
        return "audio/mp4"
    return None


def handle_upload(kind: str):
    upload = request.files.get(kind)
    if upload is None:
        return json_error(400, "archivo_faltante", f"Adjunta el archivo en el campo «{kind}».")
    limit = current_app.config["CHAT_UPLOAD_LIMITS"][kind]
    try:
        data = upload.read(limit + 1)
    finally:
        upload.close()
    if len(data) > limit:
        return json_error(413, "archivo_muy_grande", f"El archivo supera {limit / (1024 * 1024):.1f} MB.".replace(".0 MB", " MB"))
    mime = sniff(kind, data[:16])
    if not data or mime is None:
        allowed = "PNG, JPEG, GIF o WebP" if kind == "imagen" else "OGG, MP3, WAV, WebM, M4A o FLAC"
        return json_error(415, "tipo_no_soportado", f"Formato no soportado; usa {allowed}.")
    chat_id = request.form.get("chat_id") or None
    from .limits import Refused, admit
    from .routes import refused_json, run_turn
    try:
        conversation = admit(chat_id)
    except Refused as refused:
        return refused_json(refused)
    chat_id = conversation.chat_id
    staff = chat_staff()
    caption = (request.form.get("mensaje") or "").strip()[:500]
    tone = request.form.get("tono") if request.form.get("tono") in ("amigable", "formal") else None
    from ..agent.media import MediaError, MediaUnavailable, describe_image, transcribe_audio
    try:
        if kind == "imagen":
            text = describe_image(data, mime, caption, current_app.config)
        else:
            text = transcribe_audio(data, mime, current_app.config)
    except MediaUnavailable as exc:
        if caption:
            return run_turn(caption, conversation, tone, staff, "http-" + kind)
        label = "[imagen]" if kind == "imagen" else "[nota de voz]"
        with conversations.staff_turn(staff is not None):
            return handle_notice(label, exc.message, chat_id=chat_id).body
    except MediaError as exc:
        return json_error(422, exc.code, exc.message)
    if not text.strip():
        with conversations.staff_turn(staff is not None):
            return handle_notice("[nota de voz]", "No logré entender el audio; ¿me lo escribes?", chat_id=chat_id).body
    return run_turn(text[:2000], conversation, tone, staff, "http-" + kind)
