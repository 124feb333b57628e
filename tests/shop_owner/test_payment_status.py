"""The owner's side of payment and shipping: staff mark a sale paid (and back to pending, confirmed
first), the order page and list show shipping, total with shipping, method and payment status, the
dashboard separates paid from pending money, and the sales export carries the new columns."""
import csv
import io
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from tests.admin.admin_helpers import HX, make_sale, staff_client, staff_user, utcnow  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent, Order
from webapp.services import payments
from webapp.services.storage import get_storage


def sale(items, n=1, shipping="15000", method="nequi", status=None, **kw) -> Order:
    """A placed sale with the shipping and payment method the checkout would have given it."""
    order = make_sale(items, n=n, status=status, **kw)
    order.shipping_cost = None if shipping is None else Decimal(shipping)
    order.payment_method = method
    order.ship_city = kw.get("city", "Palmira")
    db.session.commit()
    return order


def stored(order_id) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order_id)


def test_staff_mark_a_sale_paid_then_back_to_pending(app, staff_client, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    order = sale([("EXT-10", 2)])
    page = staff_client.get(f"/admin/pedidos/{order.id}").get_data(as_text=True)
    payment = page.split('id="order-payment"')[1].split("</section>")[0]
    assert "$15.000" in payment.split('id="order-shipping"')[1].split("</dd>")[0]
    assert "$45.000" in payment.split('id="order-total-with-shipping"')[1].split("</dd>")[0]
    assert "Nequi" in payment.split('id="order-payment-method"')[1].split("</dd>")[0]
    assert "Pendiente de pago" in payment and "Marcar como pagado" in payment

    response = staff_client.post(f"/admin/pedidos/{order.id}/pago", data={"estado_pago": "pagado"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith('<section id="order-payment"') and "<html" not in html
    assert f"Pedido #{order.id}: pagado." in html and "Volver a pendiente de pago" in html
    assert 'hx-confirm="¿Volver el pedido' in html  # going back asks first
    paid = stored(order.id)
    assert paid.payment_status == "pagado" and paid.paid_at is not None

    again = staff_client.post(f"/admin/pedidos/{order.id}/pago", data={"estado_pago": "pagado"}, headers=HX)
    assert f"El pedido #{order.id} ya estaba pagado." in again.get_data(as_text=True)

    # without JavaScript: a page asks before taking the "pagado" back
    confirm = staff_client.get(f"/admin/pedidos/{order.id}/pago/pendiente").get_data(as_text=True)
    assert "¿Volver el pedido" in confirm and 'id="payment-pending-form"' in confirm and 'value="pendiente"' in confirm
    back = staff_client.post(f"/admin/pedidos/{order.id}/pago", data={"estado_pago": "pendiente"})
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/admin/pedidos/{order.id}#order-payment")
    pending = stored(order.id)
    assert pending.payment_status == "pendiente" and pending.paid_at is None
    details = [e.detail for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "pago_pedido", AuditEvent.resource == f"pedido:{order.id}").order_by(AuditEvent.id))]
    assert details == ["pendiente → pagado", "pagado → pendiente"]
    assert staff_client.get(f"/admin/pedidos/{order.id}/pago/pendiente").status_code == 302  # nothing to undo

    bad = staff_client.post(f"/admin/pedidos/{order.id}/pago", data={"estado_pago": "regalado"}, headers=HX)
    assert "Elige si el pedido quedó pagado" in bad.get_data(as_text=True)


def test_a_cancelled_sale_is_never_marked_paid_and_unknown_shipping_says_so(app, staff_client, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    cancelled = sale([("EXT-10", 1)], status="cancelada", shipping=None)
    page = staff_client.get(f"/admin/pedidos/{cancelled.id}").get_data(as_text=True)
    payment = page.split('id="order-payment"')[1].split("</section>")[0]
    assert "Por confirmar" in payment.split('id="order-shipping"')[1].split("</dd>")[0]
    assert "Marcar como pagado" not in payment and "Un pedido cancelado no se marca como pagado" in payment
    refused = staff_client.post(f"/admin/pedidos/{cancelled.id}/pago", data={"estado_pago": "pagado"})
    assert refused.status_code == 302
    assert stored(cancelled.id).payment_status == "pendiente"
    flashed = staff_client.get(f"/admin/pedidos/{cancelled.id}").get_data(as_text=True)
    assert "Un pedido cancelado no se marca como pagado." in flashed.split('class="flashes"')[1].split("</div>")[0]


def test_mark_paid_service_changes_once_under_two_clicks(app, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    order = sale([("EXT-10", 1)])
    payments.mark_paid(order, "uno@tienda.co")
    db.session.commit()
    stale = stored(order.id)
    stale.payment_status = "pendiente"  # what a second, older page still believes (not flushed)
    db.session.expire(stale)
    try:
        payments.mark_paid(stale, "dos@tienda.co")
        raise AssertionError("a second mark_paid should be refused")
    except payments.PaymentStatusError as exc:
        assert "ya estaba pagado" in str(exc)
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.user).where(AuditEvent.action == "pago_pedido")) == "uno@tienda.co"
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pago_pedido")).all()) == 1


def test_orders_list_filters_by_payment_status(app, staff_client, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    paid = sale([("EXT-10", 1)], n=1, name="Pagó Primero")
    unpaid = sale([("EXT-10", 1)], n=2, name="Debe Todavía", shipping=None)
    payments.mark_paid(paid, "staff@tienda.co")
    db.session.commit()
    page = staff_client.get("/admin/pedidos").get_data(as_text=True)
    assert 'id="order-pago"' in page and "Pendientes de pago" in page
    row = page.split(f'id="order-{paid.id}"')[1].split("</tr>")[0]
    assert "Pagado" in row and "$30.000" in row  # 15.000 + 15.000 of shipping
    other = page.split(f'id="order-{unpaid.id}"')[1].split("</tr>")[0]
    assert "Pendiente de pago" in other and "envío por confirmar" in other
    only_paid = staff_client.get("/admin/pedidos?pago=pagado", headers={**HX, "HX-Target": "order-table"})
    html = only_paid.get_data(as_text=True).strip()
    assert html.startswith('<div id="order-table"') and "Pagó Primero" in html and "Debe Todavía" not in html
    assert "1 pedido" in html
    pending = staff_client.get("/admin/pedidos?pago=pendiente").get_data(as_text=True)
    assert "Debe Todavía" in pending and "Pagó Primero" not in pending.split('id="order-table"')[1]
    assert "Debe Todavía" in staff_client.get("/admin/pedidos?pago=otro").get_data(as_text=True)  # ignored


def test_dashboard_separates_paid_from_pending_money(app, staff_client, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    make_product("Casco", "32500.50", 50, sku="CAS-1")
    paid = sale([("EXT-10", 2)], n=1)                          # 30.000 + 15.000 shipping
    sale([("CAS-1", 1)], n=2, shipping=None)                   # 32.500,50, shipping unknown
    sale([("EXT-10", 1)], n=3, shipping="0")                   # 15.000, free shipping
    sale([("EXT-10", 4)], n=4, status="cancelada")             # not a sale
    old = sale([("EXT-10", 1)], n=5, placed_at=utcnow() - timedelta(days=40))
    payments.mark_paid(paid, "staff@tienda.co")
    payments.mark_paid(old, "staff@tienda.co")
    db.session.commit()
    page = staff_client.get("/admin/").get_data(as_text=True)
    today = page.split('id="kpi-sales-1"')[1].split("</div>")[0]
    assert '<span class="kpi-count">3</span>' in today
    assert 'class="kpi-amount">$77.501<' in today  # whole pesos (77.500,50 rounds up)
    assert 'class="kpi-paid">$45.000 <small class="muted">(1)</small>' in today
    assert 'class="kpi-pending">$47.501 <small class="muted">(2)</small>' in today  # unknown shipping adds 0
    assert ",50" not in today
    month = page.split('id="kpi-sales-3"')[1].split("</div>")[0]
    assert '<span class="kpi-count">3</span>' in month  # the 40-day-old paid sale is outside


def test_sales_export_has_shipping_payment_and_city(app, client, auth_headers, make_product):
    make_product("Extintor 10 Libras", "15000", 50, sku="EXT-10")
    make_product("Casco", "32500.50", 50, sku="CAS-1")
    first = sale([("EXT-10", 2), ("CAS-1", 1)], n=1, city="Palmira")
    second = sale([("EXT-10", 1)], n=2, shipping=None, method="contraentrega", city="Cali")
    payments.mark_paid(first, "staff@tienda.co")
    db.session.commit()
    body = client.get("/exportar/ventas", headers=auth_headers).get_json()
    text = get_storage().read(body["archivo"]).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0])[-5:] == ["envio", "total_con_envio", "metodo_pago", "estado_pago", "ciudad"]
    rows = [r for r in table if r["venta_id"] == str(first.id)]
    assert len(rows) == 2
    assert {(r["envio"], r["total_con_envio"], r["metodo_pago"], r["estado_pago"], r["ciudad"]) for r in rows} == \
        {("15000.00", "77500.50", "nequi", "pagado", "Palmira")}
    other = next(r for r in table if r["venta_id"] == str(second.id))
    assert (other["envio"], other["total_con_envio"], other["metodo_pago"], other["estado_pago"], other["ciudad"]) == \
        ("", "", "contraentrega", "pendiente", "Cali")

    xlsx = client.get("/exportar/ventas?formato=xlsx", headers=auth_headers).get_json()
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(get_storage().read(xlsx["archivo"])))["ventas"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, next(sheet.iter_rows(min_row=2))))
    assert row["envio"].value == 15000 and row["envio"].number_format == '"$" #,##0'
    assert row["total_con_envio"].value == 77500.5 and row["total_con_envio"].number_format == '"$" #,##0.00'
    assert row["estado_pago"].value == "pagado" and row["ciudad"].value == "Palmira"
