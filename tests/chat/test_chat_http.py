"""Chat over HTTP: JSON API per the contract, the sidebar fallback, undo, limits, media, cleanup."""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Conversation, Message, Order, OrderStatus
from webapp.models._common import utcnow
from webapp.services import catalog
from support import make_app

HX = {"HX-Request": "true"}


def test_new_chat_id_and_history(seeded, client):
    body = client.post("/chat/texto", json={"mensaje": "hola"}).get_json()
    assert set(body) >= {"respuesta", "chat_id", "tipo_mensaje", "estado_venta", "pedido", "venta_id", "metadatos"}
    history = client.get(f"/chat/historial/{body['chat_id']}").get_json()
    assert [m["rol"] for m in history["mensajes"]] == ["usuario", "agente"]
    assert history["mensajes"][0]["texto"] == "hola" and "T" in history["mensajes"][0]["fecha"]
    unknown = client.get("/chat/historial/nope")
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "chat_no_encontrado"


def test_health(client):
    assert client.get("/chat/health").get_json() == {"status": "ok", "proveedor": "offline"}


@pytest.mark.parametrize("payload", [{"mensaje": 5}, {"mensaje": None}, {}, {"mensaje": ["a"]}])
def test_bad_payloads(client, payload):
    response = client.post("/chat/texto", json=payload)
    assert response.status_code == 400 and response.get_json()["error"] == "mensaje_invalido"


def test_bad_chat_id_and_non_json(client):
    for chat_id in ("../x", "1", "chat-que-yo-invente"):  # never issued by the server
        response = client.post("/chat/texto", json={"mensaje": "hola", "chat_id": chat_id})
        assert response.status_code == 404 and response.get_json()["error"] == "chat_no_encontrado"
    assert client.post("/chat/texto", json={"mensaje": "hola", "chat_id": 7}).status_code == 400
    assert client.post("/chat/texto", data="mensaje=hola").status_code == 400


def test_every_turn_is_stored_with_its_metadata(seeded, client):
    body = client.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos"}).get_json()
    message = db.session.scalars(select(Message).where(Message.role == "agente")).one()
    assert message.message_type == "venta" and message.provider == "offline"
    assert message.latency_ms is not None and "add_to_order" in [c["tool"] for c in message.tools]
    assert body["metadatos"]["cambios"][0]["despues"] == 2


def test_customer_data_is_masked_in_stored_tool_calls(seeded, client):
    chat_id = client.post("/chat/texto", json={"mensaje": "quiero 1 casco amarillo"}).get_json()["chat_id"]
    client.post("/chat/texto", json={"mensaje": "sí", "chat_id": chat_id})
    client.post("/chat/texto", json={"mensaje": "Juan Pérez, 12345678, 3001234567, juan@email.com, Calle 123 #45-67",
                                     "chat_id": chat_id})
    stored = str([m.tools for m in db.session.scalars(select(Message))])
    assert "12345678" not in stored and "3001234567" not in stored and "juan@email.com" not in stored


def test_sidebar_fallback_post_renders_escaped_reply_and_badge(seeded, client):
    client.get("/")
    html = client.post("/chat/enviar", data={"mensaje": "<script>alert(1)</script>"}, headers=HX).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.post("/chat/enviar", data={"mensaje": "quiero 2 cascos amarillos"}, headers=HX).get_data(as_text=True)
    assert re.search(r'<span id="cart-count"[^>]*hx-swap-oob="true"[^>]*>2</span>', html)
    assert "Deshacer" in html and "Agregar" in html
    page = client.get("/carrito").get_data(as_text=True)
    assert "Casco de Seguridad Amarillo" in page


def test_sidebar_without_javascript_and_history_after_reload(seeded, client):
    client.get("/")
    response = client.post("/chat/enviar", data={"mensaje": "quiero 3 guantes de nitrilo"},
                           headers={"Referer": "http://localhost/carrito"})
    assert response.status_code == 302
    page = client.get("/carrito").get_data(as_text=True)
    assert "quiero 3 guantes de nitrilo" in page and "Agregué 3 × Guantes de Nitrilo" in page
    assert 'id="chat-form"' in page and 'name="mensaje"' in page


def test_undo_a_change(seeded, client):
    client.get("/")
    client.post("/chat/enviar", data={"mensaje": "quiero 2 cascos amarillos"}, headers=HX)
    pid = catalog.get_by_sku("CAS-AMA").id
    html = client.post("/chat/deshacer", data={"producto_id": pid, "cantidad": 0}, headers=HX).get_data(as_text=True)
    assert "Cambio deshecho" in html and ">0</span>" in html


def test_rate_limit(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATE_LIMIT_CHAT="3/minute")
    with app.app_context():
        client = app.test_client()
        chat_id = client.post("/chat/texto", json={"mensaje": "hola"}).get_json()["chat_id"]  # opening counts
        codes = [client.post("/chat/texto", json={"mensaje": "hola", "chat_id": chat_id}).status_code
                 for _ in range(3)]
        assert codes == [200, 200, 429]
        response = client.post("/chat/texto", json={"mensaje": "hola", "chat_id": chat_id})
        assert response.get_json()["error"] == "demasiadas_solicitudes"
        assert int(response.headers["Retry-After"]) > 0
        client.get("/")  # the sidebar: this browser's own chat has its own budget
        sent = [client.post("/chat/enviar", data={"mensaje": f"hola {n}"}, headers=HX) for n in range(4)]
        assert all("No se envió" not in r.get_data(as_text=True) for r in sent[:3])
        refused = sent[3].get_data(as_text=True)
        assert "hola 3" in refused and "No se envió" in refused and "Reintentar" in refused
        assert int(sent[3].headers["Retry-After"]) > 0
        db.engine.dispose()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OGG = b"OggS" + b"\x00" * 64


def test_image_offline_gets_a_clear_reply(seeded, client):
    body = client.post("/chat/imagen", data={"imagen": (io.BytesIO(PNG), "foto.png")}).get_json()
    assert "imágenes" in body["respuesta"] and body["chat_id"]
    with_caption = client.post("/chat/imagen", data={"imagen": (io.BytesIO(PNG), "foto.png"), "mensaje": "precio del casco amarillo",
                                                    "chat_id": body["chat_id"]}).get_json()
    assert "$25.000" in with_caption["respuesta"]


def test_audio_offline_without_model_gets_a_clear_reply(seeded, client):
    response = client.post("/chat/audio", data={"audio": (io.BytesIO(OGG), "nota.ogg")})
    assert response.status_code == 200 and response.get_json()["respuesta"]


@pytest.mark.parametrize("field, content", [("imagen", b"GIF8"), ("imagen", b"%PDF-1.4 xxxx"), ("audio", b"MZ\x90\x00")])
def test_wrong_file_types(client, field, content):
    url = "/chat/imagen" if field == "imagen" else "/chat/audio"
    response = client.post(url, data={field: (io.BytesIO(content), "x.bin")})
    assert response.status_code == 415 and response.get_json()["error"] == "tipo_no_soportado"


def test_oversized_and_missing_uploads(app, client):
    app.config["CHAT_UPLOAD_LIMITS"] = {"imagen": 1024, "audio": 1024}
    big = PNG + b"\x00" * 2048
    response = client.post("/chat/imagen", data={"imagen": (io.BytesIO(big), "x.png")})
    assert response.status_code == 413 and response.get_json()["error"] == "archivo_muy_grande"
    assert client.post("/chat/imagen", data={}).status_code == 400


def test_cleanup_expires_idle_carts_but_never_placed_orders(seeded, client, runner):
    idle = client.post("/chat/texto", json={"mensaje": "quiero 2 cascos amarillos"}).get_json()["chat_id"]
    sold = client.post("/chat/texto", json={"mensaje": "quiero 1 casco amarillo"}).get_json()["chat_id"]
    client.post("/chat/texto", json={"mensaje": "sí", "chat_id": sold})
    read_back = client.post("/chat/texto", json={"mensaje": "Juan Pérez, 12345678, 3001234567, juan@email.com, "
                                                            "Calle 123 #45-67", "chat_id": sold}).get_json()
    assert read_back["estado_venta"] == "listo_para_finalizar"
    placed = client.post("/chat/texto", json={"mensaje": "sí", "chat_id": sold}).get_json()
    assert placed["estado_venta"] == "cerrada"
    old = utcnow() - timedelta(hours=100)
    for conversation in db.session.scalars(select(Conversation)):
        conversation.updated_at = old
    for order in db.session.scalars(select(Order)):
        order.updated_at = old
    db.session.commit()
    result = runner.invoke(args=["chats", "cleanup", "--hours", "72"])
    assert "carritos expirados: 1" in result.output
    db.session.expire_all()
    assert db.session.get(Order, placed["venta_id"]).status == OrderStatus.PENDING
    assert db.session.scalar(select(Conversation).where(Conversation.chat_id == idle)) is None
    assert db.session.scalar(select(Conversation).where(Conversation.chat_id == sold)) is not None
