"""Images and voice notes → the text of a normal chat turn.

With a provider the image goes to its vision model and the audio to its
transcription; offline, audio is transcribed locally with faster-whisper when
it is installed (the `audio` extra) and `WHISPER_MODEL_DIR` points at a model.
What cannot be handled raises `MediaUnavailable` (the chat answers it as a normal
reply); a file that cannot be read raises `MediaError` (a 4xx).
"""
from __future__ import annotations

import base64
import io
import logging
import re
import threading

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 300
MAX_TRANSCRIPT = 2000
IMAGE_PROMPT = ("Eres el asistente de una tienda en línea en Colombia. Describe en español, en una sola "
                "frase corta (máximo 15 palabras), el producto principal de la imagen como lo buscaría "
                "un cliente en el catálogo: tipo de producto y atributos visibles (color, tamaño, "
                "capacidad, talla). Responde solo con la descripción, sin saludos ni precios.")
TRANSCRIBE_PROMPT = "Transcribe exactamente este audio en español. Responde solo con la transcripción."
EXTENSIONS = {"audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/wav": "wav", "audio/webm": "webm",
              "audio/flac": "flac", "audio/mp4": "m4a"}


class MediaError(Exception):
    """The file cannot be used (answered with a 4xx)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class MediaUnavailable(MediaError):
    """Not possible here and now (offline, provider down): answered as a normal chat reply."""


# --- images -----------------------------------------------------------------------------------

def describe_image(data: bytes, mime: str, caption: str, config) -> str:
    """The customer's message for an image: their caption plus what the vision model sees."""
    provider = _provider(config)
    if provider == "offline":
        raise MediaUnavailable("imagen_no_soportada",
                               "En modo sin conexión no puedo ver imágenes; descríbeme el producto con palabras.")
    try:
        raw = _describe_openai(data, mime, config) if provider == "openai" else _describe_gemini(data, mime, config)
    except MediaError:
        raise
    except Exception as exc:  # noqa: BLE001 - any provider failure becomes a polite reply
        log.warning("Descripción de imagen con %s falló (%s)", provider, type(exc).__name__)
        raise MediaUnavailable("imagen_no_disponible",
                               "No pude ver la imagen en este momento; descríbeme el producto con palabras.") from exc
    description = _clean(raw, MAX_DESCRIPTION)
    if not description:
        raise MediaUnavailable("imagen_no_reconocida",
                               "No reconocí el producto de la imagen; ¿me dices cuál buscas?")
    caption = (caption or "").strip()
    return f"{caption} ({description})" if caption else description


def _describe_openai(data: bytes, mime: str, config) -> str:
    from .llm.clients import openai_client
    url = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    response = openai_client(config).chat.completions.create(
        model=config.get("OPENAI_MODEL") or "gpt-4o-mini", temperature=0.3,
        messages=[{"role": "user", "content": [{"type": "text", "text": IMAGE_PROMPT},
                                               {"type": "image_url", "image_url": {"url": url}}]}])
    return response.choices[0].message.content


def _describe_gemini(data: bytes, mime: str, config) -> str:
    return _gemini_with_media(data, mime, IMAGE_PROMPT, 0.3, config)


# --- audio ----------------------------------------------------------------------------------------

def transcribe_audio(data: bytes, mime: str, config) -> str:
    """What the voice note says, as the customer's message."""
    provider = _provider(config)
    if provider != "offline":
        try:
            raw = (_transcribe_openai(data, mime, config) if provider == "openai"
                   else _transcribe_gemini(data, mime, config))
            return _transcript(raw)
        except MediaError:
            raise
        except Exception as exc:  # noqa: BLE001 - the local model, if any, takes over
            log.warning("Transcripción con %s falló (%s)", provider, type(exc).__name__)
            if not local_transcription_available(config):
                raise MediaUnavailable("audio_no_disponible",
                                       "No pude escuchar la nota de voz en este momento; escríbeme tu mensaje, por favor.") from exc
    if not local_transcription_available(config):
        raise MediaUnavailable("audio_no_soportado",
                               "En modo sin conexión no puedo escuchar notas de voz; escríbeme tu mensaje, por favor.")
    return _transcript(_transcribe_local(data, config["WHISPER_MODEL_DIR"]))


def _transcribe_openai(data: bytes, mime: str, config) -> str:
    from .llm.clients import openai_client
    name = f"nota.{EXTENSIONS.get(mime, 'ogg')}"
    result = openai_client(config).audio.transcriptions.create(
        model=config.get("OPENAI_TRANSCRIBE_MODEL") or "whisper-1", file=(name, data, mime), language="es")
    return result.text


def _transcribe_gemini(data: bytes, mime: str, config) -> str:
    return _gemini_with_media(data, mime, TRANSCRIBE_PROMPT, 0.0, config)


def _gemini_with_media(data: bytes, mime: str, prompt: str, temperature: float, config) -> str:
    """One Gemini call with an image or audio part and a fixed prompt (never the customer's text)."""
    from google.genai import types

    from .llm.clients import gemini_client
    response = gemini_client(config).models.generate_content(
        model=config.get("GEMINI_MODEL") or "gemini-2.0-flash",
        contents=[types.Part.from_bytes(data=data, mime_type=mime), prompt],
        config=types.GenerateContentConfig(temperature=temperature))
    return response.text


def _transcript(raw) -> str:
    text = _clean(raw, MAX_TRANSCRIPT)
    if not text:
        raise MediaUnavailable("audio_vacio", "No logré entender la nota de voz; ¿me escribes tu mensaje?")
    return text


# --- local transcription (faster-whisper) ------------------------------------------------------------

_models: dict[str, object] = {}
_load_lock = threading.Lock()
_run_lock = threading.Lock()


def local_transcription_available(config) -> bool:
    if not config.get("WHISPER_MODEL_DIR"):
        return False
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return False
    return True


def _local_model(model_dir: str):
    with _load_lock:
        model = _models.get(model_dir)
        if model is None:
            from faster_whisper import WhisperModel
            try:
                model = WhisperModel(model_dir, device="cpu", compute_type="int8")
            except Exception as exc:  # noqa: BLE001 - a missing or broken model directory
                log.error("No se pudo cargar el modelo Whisper de %s (%s)", model_dir, exc)
                raise MediaUnavailable("audio_no_disponible",
                                       "No puedo escuchar notas de voz en este momento; escríbeme tu mensaje, por favor.") from exc
            _models[model_dir] = model
    return model


def _transcribe_local(data: bytes, model_dir: str) -> str:
    model = _local_model(model_dir)
    with _run_lock:  # one transcription at a time: it uses every core
        try:
            segments, _info = model.transcribe(io.BytesIO(data), language="es", beam_size=1,
                                               condition_on_previous_text=False)
            return " ".join(segment.text.strip() for segment in segments)
        except Exception as exc:  # noqa: BLE001 - undecodable audio
            log.warning("Transcripción local falló (%s)", type(exc).__name__)
            raise MediaError("audio_invalido", "No pude leer ese audio; envíalo de nuevo o escríbeme.") from exc


# --- helpers ---------------------------------------------------------------------------------------

def _provider(config) -> str:
    provider = (config.get("LLM_PROVIDER") or "offline").lower()
    return provider if provider in ("openai", "gemini") else "offline"


def _clean(raw, limit: int) -> str:
    if not isinstance(raw, str):
        return ""
    text = re.sub(r"\s+", " ", raw).strip().strip('"«»“”').strip()
    return text[:limit].rstrip()
