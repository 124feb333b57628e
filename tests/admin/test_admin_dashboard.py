"""The dashboard shows what the database holds: sales by period, conversion, stock, agent figures."""
import re
from datetime import timedelta
from decimal import Decimal

from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import make_conversation, make_sale, staff_client, staff_user, utcnow  # noqa: F401
from webapp.money import format_cop
from webapp.services import catalog, dashboard


def kpi(html: str, kpi_id: str) -> str:
    return html.split(f'id="{kpi_id}"')[1].split('<div class="kpi"')[0]


def test_sales_figures_match_the_database(seeded, staff_client):
    now = utcnow()
    today = make_sale([("EXT-10", 2)], n=1)                                        # 30.000, today
    week = make_sale([("EXT-20", 1)], n=2, placed_at=now - timedelta(days=3))       # within 7 days
    month = make_sale([("GUA-NIT", 4)], n=3, placed_at=now - timedelta(days=20))    # within 30 days
    make_sale([("EXT-10", 1)], n=4, placed_at=now - timedelta(days=40))             # too old
    make_sale([("EXT-10", 5)], n=5, status="cancelada")                             # not a sale any more
    html = staff_client.get("/admin/").get_data(as_text=True)
    expected = [(1, today.total), (2, today.total + week.total), (3, today.total + week.total + month.total)]
    for index, (count, amount) in enumerate(expected, start=1):
        block = kpi(html, f"kpi-sales-{index}")
        assert f'<span class="kpi-count">{count}</span>' in block, index
        assert format_cop(amount) in block, index
    assert today.total == Decimal("30000")
    figures = dashboard.sales_summary()
    assert [(f.count, f.amount) for f in figures] == expected
    daily = dashboard.daily_sales(30)
    assert len(daily) == 30 and sum(d.count for d in daily) == 3
    assert daily[-1].amount == Decimal("30000")


def test_sales_chart_is_server_side_svg(seeded, staff_client):
    make_sale([("EXT-10", 2)])
    html = staff_client.get("/admin/").get_data(as_text=True)
    chart = html.split('id="chart-sales"')[1].split("</figure>")[0]
    assert "<svg" in chart and 'role="img"' in chart
    assert chart.count('<rect class="bar"') == 30
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', chart)]
    assert sum(1 for h in heights if h > 0) == 1 and max(heights) > 0
    assert "$30.000" in chart  # tooltip and data table


def test_top_products_and_low_stock(seeded, staff_client):
    make_sale([("EXT-10", 3), ("GUA-NIT", 1)], n=1)
    make_sale([("EXT-10", 2)], n=2)
    product = catalog.get_by_sku("EXT-20")
    product.stock = 2
    from webapp.extensions import db
    db.session.commit()
    html = staff_client.get("/admin/").get_data(as_text=True)
    top = html.split('id="top-products"')[1].split("</table>")[0]
    assert top.index("Extintor 10 Libras") < top.index("Guantes de Nitrilo")
    assert "<td data-label=\"Unidades\">5</td>" in top and format_cop(Decimal("75000")) in top
    low = html.split('id="low-stock"')[1].split("</table>")[0]
    assert product.name in low and "Extintor 10 Libras" not in low


def test_conversion_and_agent_figures(seeded, staff_client):
    def turns(kind, provider, latency, fallback=False):
        return [{"role": "usuario", "text": "hola"},
                {"role": "agente", "text": "¡Hola!", "message_type": kind, "provider": provider,
                 "latency_ms": latency, "fallback": fallback}]
    sold = make_conversation("conv-1", turns("venta", "openai", 400) + turns("inventario", "openai", 100))
    make_conversation("conv-2", turns("inventario", "offline", 200))
    make_conversation("conv-3", turns("inventario", "offline", 1000, fallback=True) + turns("venta", "gemini", 300))
    make_conversation("conv-old", turns("general", "offline", 5), ago=timedelta(days=45))
    make_conversation("conv-web")  # a browser cart, no chat
    make_sale([("EXT-10", 1)], conversation=sold, channel="chat")
    html = staff_client.get("/admin/").get_data(as_text=True)
    conversion = kpi(html, "kpi-conversion")
    assert "33,3 %" in conversion and '<span class="kpi-with-sale">1</span>' in conversion
    assert '<span class="kpi-chats">3</span>' in conversion
    assert '<p class="kpi-value">5</p>' in kpi(html, "kpi-turns")
    assert "60 %" in kpi(html, "kpi-llm") and "40 %" in kpi(html, "kpi-offline")
    assert '<p class="kpi-value">1</p>' in kpi(html, "kpi-fallbacks")
    latency = html.split('id="kpi-latency"')[1].split("</div>")[0]
    # nearest rank over 100, 200, 300, 400, 1000 ms
    assert '<span class="kpi-p50">300</span>' in latency and '<span class="kpi-p95">1000</span>' in latency
    turns_chart = html.split('id="chart-turns"')[1].split("</figure>")[0]
    assert turns_chart.count('<rect class="bar"') == 2 and "inventario: 3" in turns_chart and "venta: 2" in turns_chart
    providers = html.split('id="agent-providers"')[1].split("</table>")[0]
    assert "<td>offline</td><td>2</td><td>40 %</td>" in providers


def test_storage_use_is_shown(seeded, staff_client):
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert '<dd class="storage-files">0</dd>' in html and "local" in html
    staff_client.post("/admin/exportaciones/inventario")
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert '<dd class="storage-files">1</dd>' in html
    assert "Exportar ventas" in html and "Exportar reporte completo" in html


def test_today_is_the_shops_day():
    """Colombia is UTC−5: 03:00 UTC on the 2nd is still the 1st in the shop."""
    from datetime import datetime
    late_night = datetime(2025, 3, 2, 3, 0)
    assert dashboard.local_date(late_night).day == 1
    assert dashboard.window_start(1, late_night) == datetime(2025, 3, 1, 5, 0)
    assert dashboard.window_start(7, late_night) == datetime(2025, 2, 23, 5, 0)


def test_admin_pages_show_the_shops_local_time():
    from datetime import datetime

    from webapp.admin import local_time, percent
    assert local_time(datetime(2025, 3, 2, 3, 15)) == "01/03/2025 22:15"
    assert local_time(None) == "" and percent(1 / 3, 1) == "33,3 %" and percent(0.6) == "60 %"
