"""Payment methods: defaults for a new shop, the admin's choices, what the chat names."""
import pytest
from sqlalchemy import select

from tests.admin.admin_helpers import staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.services import payments


def test_a_new_shop_accepts_contra_entrega_transferencia_and_nequi(app):
    assert [m.code for m in payments.enabled_methods()] == ["contraentrega", "transferencia", "nequi"]
    assert payments.default_method().code == "contraentrega"
    assert payments.get_method("daviplata") is None
    assert payments.get_method("daviplata", only_enabled=False).name == "Daviplata"
    assert payments.get_method("NEQUI").code == "nequi" and payments.get_method("bitcoin") is None
    assert all(m.provider == "manual" and not m.online for m in payments.all_methods())


@pytest.mark.parametrize("text, code", [
    ("te pago por nequi", "nequi"), ("contraentrega", "contraentrega"), ("pago contra entrega", "contraentrega"),
    ("transferencia bancaria", "transferencia"), ("daviplata", "daviplata"), ("¿reciben Daviplata?", "daviplata"),
    ("pago en efectivo cuando me llegue", "contraentrega"), ("por Bre-B", "breb"),
])
def test_find_method_in_chat_text(app, text, code):
    assert payments.find_method(text).code == code


def test_find_method_ignores_other_words(app):
    assert payments.find_method("quiero 2 llaves inglesas") is None
    assert payments.find_method("daviplata", only_enabled=True) is None


def test_admin_enables_disables_and_writes_instructions(app, staff_client):
    page = staff_client.get("/admin/pagos").get_data(as_text=True)
    assert 'id="pago-daviplata"' in page and "Inactivo" in page.split('id="pago-daviplata"')[1].split("</form>")[0]
    response = staff_client.post("/admin/pagos/daviplata", data={
        "activo": "1", "nombre": "Daviplata", "instrucciones": "Envía al Daviplata 315 742 8816.", "orden": "15"})
    assert response.status_code == 302
    davi = payments.get_method("daviplata")
    assert davi.enabled and davi.instructions == "Envía al Daviplata 315 742 8816."
    assert [m.code for m in payments.enabled_methods()][:2] == ["contraentrega", "daviplata"]
    staff_client.post("/admin/pagos/contraentrega", data={"nombre": "Contra entrega", "instrucciones": "x", "orden": "10"})
    assert payments.get_method("contraentrega") is None and payments.default_method().code == "daviplata"
    bad = staff_client.post("/admin/pagos/nequi", data={"activo": "1", "nombre": "", "instrucciones": "Nequi 300"})
    assert bad.status_code == 422 and "El nombre debe tener" in bad.get_data(as_text=True)
    assert 'Nequi 300' in bad.get_data(as_text=True)  # what was typed is kept
    assert staff_client.post("/admin/pagos/bitcoin", data={"activo": "1"}).status_code == 302
    assert payments.get_method("bitcoin", only_enabled=False) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "medio_pago")) is not None


def test_disabling_every_method_warns(app, staff_client):
    for method in payments.enabled_methods():
        staff_client.post(f"/admin/pagos/{method.code}", data={"nombre": method.name, "instrucciones": ""})
    page = staff_client.get("/admin/pagos").get_data(as_text=True)
    assert "no hay ningún medio de pago activo" in page
