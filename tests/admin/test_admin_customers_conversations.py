"""Customers (search, history, statistics) and read-only conversation transcripts."""
from sqlalchemy import select

from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import HX, make_conversation, make_sale, staff_client, staff_user  # noqa: F401
from webapp.extensions import db
from webapp.models import Customer


def test_customer_search_by_name_and_cedula(seeded, staff_client):
    make_sale([("EXT-10", 1)], n=1, name="María Fernanda Gómez", cedula="52123456")
    make_sale([("EXT-10", 1)], n=2, name="Jorge Ramírez", cedula="80111222")
    page = staff_client.get("/admin/clientes").get_data(as_text=True)
    assert "2 clientes" in page and "María Fernanda Gómez" in page
    by_name = staff_client.get("/admin/clientes?q=jorge").get_data(as_text=True)
    assert "Jorge Ramírez" in by_name and "María" not in by_name
    by_cedula = staff_client.get("/admin/clientes?q=52.123", headers={**HX, "HX-Target": "customer-table"})
    html = by_cedula.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="customer-table"') and "María Fernanda Gómez" in html and "Jorge" not in html
    assert "No hay clientes" in staff_client.get("/admin/clientes?q=nadie").get_data(as_text=True)


def test_customer_detail_history_and_statistics(seeded, staff_client):
    first = make_sale([("EXT-10", 2)], n=1)                       # 30.000
    second = make_sale([("EXT-20", 1)], n=1, status="entregada")  # same customer
    cancelled = make_sale([("EXT-10", 1)], n=1, status="cancelada")
    customer = db.session.scalar(select(Customer).where(Customer.cedula == "10000001"))
    page = staff_client.get(f"/admin/clientes/{customer.id}").get_data(as_text=True)
    for order in (first, second, cancelled):
        assert f"/admin/pedidos/{order.id}" in page
    stats = page.split('id="customer-stats"')[1]
    expected = first.total + second.total
    from webapp.money import format_cop
    assert '<dd class="stat-compras">2</dd>' in stats and f'<dd class="stat-total">{format_cop(expected)}</dd>' in stats
    assert staff_client.get("/admin/clientes/424242").status_code == 404


def test_conversation_list_and_transcript(seeded, staff_client):
    chat = make_conversation("chat-transcripcion-1", [
        {"role": "usuario", "text": "¿Tienen extintores de 10 libras?"},
        {"role": "agente", "text": "Sí, el Extintor 10 Libras cuesta $15.000.", "message_type": "inventario",
         "tools": [{"name": "buscar_productos", "args": {"q": "extintor"}}], "provider": "openai", "latency_ms": 840},
        {"role": "usuario", "text": "Quiero hablar con un asesor"},
        {"role": "agente", "text": "Te comunico con un asesor.", "message_type": "general", "tools": ["pedir_asesor"],
         "provider": "offline", "fallback": True, "latency_ms": 12},
        {"role": "asesor", "text": "Hola, soy Laura."},
    ])
    chat.handoff_requested = True
    db.session.commit()
    make_conversation("chat-vacio")  # a browser session without messages
    order = make_sale([("EXT-10", 1)], conversation=chat, channel="chat")
    listing = staff_client.get("/admin/conversaciones").get_data(as_text=True)
    assert "1 conversación" in listing and "pide asesor" in listing and "Hola, soy Laura." in listing
    assert f"/admin/pedidos/{order.id}" in listing
    assert "2 conversaciones" in staff_client.get("/admin/conversaciones?todas=1").get_data(as_text=True)
    assert "0 conversaciones" in staff_client.get("/admin/conversaciones?q=otro-chat").get_data(as_text=True)
    transcript = staff_client.get(f"/admin/conversaciones/{chat.id}").get_data(as_text=True)
    assert transcript.count('class="turn turn-') == 5
    assert '<dd class="meta-type">inventario</dd>' in transcript
    assert '<dd class="meta-tools">buscar_productos</dd>' in transcript
    assert '<dd class="meta-latency">840 ms</dd>' in transcript and "respaldo" in transcript
    assert "openai" in transcript and "Asesor" in transcript
    assert f'href="/admin/pedidos/{order.id}"' in transcript
    assert staff_client.get("/admin/conversaciones/999999").status_code == 404
