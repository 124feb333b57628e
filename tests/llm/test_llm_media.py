"""Images and voice notes through each provider's stub (vision, transcription), and offline."""
from __future__ import annotations

import base64
import io
import json

import pytest

from webapp.agent import media
from webapp.agent.llm import close_clients
from webapp.services import conversations

from . import stubs

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


def mime_of(inline: dict) -> str:
    """Gemini's REST API takes proto JSON: camelCase or snake_case field names."""
    return inline.get("mimeType") or inline.get("mime_type")


def user_messages(chat_id: str) -> list[str]:
    conversation = conversations.get_conversation(chat_id)
    return [m.text for m in conversations.messages(conversation) if m.role == "usuario"]


def test_image_goes_to_the_vision_model_and_becomes_a_turn(provider, llm_client):
    provider.stub.on(provider.media_route, provider.message("Extintor rojo de 10 libras con manómetro"))
    provider.script(provider.text("Sí, tenemos el ", "Extintor 10 Libras."))
    response = llm_client.post("/chat/imagen", data={"imagen": (io.BytesIO(PNG), "foto.png"),
                                                     "mensaje": "¿tienen este? mi cel 3001234567"},
                               content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["respuesta"]
    vision = provider.stub.requests[0]
    raw = vision["raw"].decode()
    assert base64.b64encode(PNG).decode() in raw  # the image itself went to the vision model
    assert "3001234567" not in raw               # the caption did not
    if provider.name == "openai":
        parts = vision["json"]["messages"][0]["content"]
        assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")
        assert vision["json"]["temperature"] == pytest.approx(0.3)
    else:
        assert ":generateContent" in vision["path"]
        inline = vision["json"]["contents"][0]["parts"][0]["inlineData"]
        assert mime_of(inline) == "image/png"
    # the customer's message for the turn: caption + description (here with a phone → offline answers)
    assert user_messages(body["chat_id"]) == ["¿tienen este? mi cel 3001234567 (Extintor rojo de 10 libras con manómetro)"]
    assert body["metadatos"]["proveedor"] == "offline"


def test_image_without_caption_is_answered_by_the_provider(provider, llm_client):
    provider.stub.on(provider.media_route, provider.message("Casco de seguridad amarillo"))
    provider.script(provider.call(("search_products", {"query": "casco amarillo"})),
                    provider.text("Tenemos el Casco de Seguridad Amarillo."))
    body = llm_client.post("/chat/imagen", data={"imagen": (io.BytesIO(PNG), "casco.png")},
                           content_type="multipart/form-data").get_json()
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["tipo_mensaje"] == "inventario"
    assert user_messages(body["chat_id"]) == ["Casco de seguridad amarillo"]


def test_voice_note_is_transcribed_by_the_provider(provider, llm_client):
    if provider.name == "openai":
        provider.stub.on("audio", stubs.oa_transcription("¿Qué horario tienen los sábados?"))
    else:
        provider.stub.on("generate", stubs.gm_message("¿Qué horario tienen los sábados?"))
    provider.script(provider.call(("company_info", {"topic": "hours"})), provider.text("Los sábados abrimos."))
    response = llm_client.post("/chat/audio", data={"audio": (io.BytesIO(WAV), "nota.wav")},
                               content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["metadatos"]["proveedor"] == provider.name
    assert body["tipo_mensaje"] == "contexto"
    assert user_messages(body["chat_id"]) == ["¿Qué horario tienen los sábados?"]
    request = provider.stub.requests[0]
    if provider.name == "openai":
        assert request["path"] == "/v1/audio/transcriptions"
        assert b'name="model"' in request["raw"] and b"whisper-1" in request["raw"]
        assert WAV in request["raw"]
    else:
        parts = request["json"]["contents"][0]["parts"]
        assert mime_of(parts[0]["inlineData"]) == "audio/wav"
        assert base64.b64decode(parts[0]["inlineData"]["data"]) == WAV
        assert parts[1]["text"].startswith("Transcribe exactamente este audio en español")


def test_provider_failure_on_media_is_a_polite_unavailable(provider):
    provider.stub.always(provider.media_route, stubs.error(500))
    if provider.name == "openai":
        provider.stub.always("audio", stubs.error(500))
    config = provider.app.config
    with pytest.raises(media.MediaUnavailable) as image:
        media.describe_image(PNG, "image/png", "", config)
    assert image.value.code == "imagen_no_disponible" and "descríbeme" in image.value.message
    with pytest.raises(media.MediaUnavailable) as audio:
        media.transcribe_audio(WAV, "audio/wav", config)
    assert audio.value.code == "audio_no_disponible"


def test_empty_description_is_unavailable_not_an_empty_turn(provider):
    provider.stub.on(provider.media_route, provider.message("   "))
    with pytest.raises(media.MediaUnavailable):
        media.describe_image(PNG, "image/png", "hola", provider.app.config)


def test_offline_cannot_see_images_or_hear_audio_without_a_local_model(app):
    app.config.update(LLM_PROVIDER="offline", WHISPER_MODEL_DIR=None)
    with pytest.raises(media.MediaUnavailable) as image:
        media.describe_image(PNG, "image/png", "", app.config)
    assert image.value.code == "imagen_no_soportada"
    assert image.value.message == "En modo sin conexión no puedo ver imágenes; descríbeme el producto con palabras."
    with pytest.raises(media.MediaUnavailable) as audio:
        media.transcribe_audio(WAV, "audio/wav", app.config)
    assert audio.value.code == "audio_no_soportado" and "escríbeme" in audio.value.message
    assert isinstance(audio.value, media.MediaError)
    close_clients(app)


def test_media_error_carries_code_and_message():
    error = media.MediaError("audio_invalido", "No pude leer ese audio.")
    assert (error.code, error.message, str(error)) == ("audio_invalido", "No pude leer ese audio.", "No pude leer ese audio.")
    assert json.dumps({"error": error.code})
