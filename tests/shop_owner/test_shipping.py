"""Delivery zones: quotes (barrio beats municipality beats department), the CSV load (CLI and admin),
the admin pages, the municipality search and loose names in chat text."""
import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.admin.admin_helpers import HX, staff_client, staff_user  # noqa: F401
from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from webapp.extensions import db
from webapp.models import AuditEvent, ShippingZone
from webapp.services import places, shipping

ZONES = """departamento,municipio,barrio,costo,dias,gratis_desde
Valle del Cauca,Cali,,8.000,1,150.000
Valle del Cauca,Cali,Pance,12.000,2,
Valle del Cauca,Cali,Siloé,no llegamos,,
Valle del Cauca,Palmira,,15.000,2,300.000
Valle,,,25.000,3,
Risaralda,Santa Rosa de Cabal,,"28.000,50",4,
"""


def load(text=ZONES):
    result = shipping.load_zones_csv(text)
    db.session.commit()
    return result


def test_quotes_follow_the_most_specific_zone(app):
    assert load().zones == 6
    palmira = shipping.quote("Palmira", goods_total=Decimal("100000"))
    assert (palmira.served, palmira.cost, palmira.days, palmira.free) == (True, Decimal("15000"), 2, False)
    assert palmira.zone_name == "Palmira, Valle del Cauca" and palmira.municipality.code == "76520"
    assert "cuesta $15.000" in palmira.describe() and "Gratis en compras desde $300.000" in palmira.describe()
    free = shipping.quote("76520", goods_total=Decimal("300000"))
    assert free.free and free.cost == 0 and "gratis" in free.describe()
    pance = shipping.quote("Cali", barrio="barrio Pance", goods_total=Decimal("500000"))
    assert pance.cost == Decimal("12000") and not pance.free and "Pance" in pance.zone_name
    assert shipping.quote("cali", barrio="Granada").cost == Decimal("8000")
    siloe = shipping.quote("Cali", barrio="SILOE")
    assert not siloe.served and siloe.cost is None and "no llegamos" in siloe.describe()
    tulua = shipping.quote("Tuluá", "Valle del Cauca")
    assert tulua.cost == Decimal("25000") and tulua.zone_name == "Valle del Cauca (todo el departamento)"
    assert shipping.quote("Santa Rosa de Cabal").cost == Decimal("28000.50")
    leticia = shipping.quote("Leticia")
    assert leticia.known and not leticia.served and leticia.describe() == "Por ahora no llegamos a Leticia, Amazonas."
    unknown = shipping.quote("Narnia")
    assert not unknown.known and not unknown.served and unknown.cost is None


@pytest.mark.parametrize("line, leticia, medellin", [
    ("- Otras ciudades: por transportadora; el valor queda por confirmar.", True, True),
    ("- Resto del país: enviamos por transportadora y el costo se cotiza antes de despachar.", True, True),
    ("- Para otros municipios de Antioquia el envío se cotiza con la transportadora.", False, True),
    ("- No hacemos envíos a otras ciudades; el valor no se cotiza.", False, False),
    ("- Otras ciudades por transportadora, con el costo por confirmar. No se hacen envíos a Venezuela.", True, True),
    ("- No se hacen domicilios a otros municipios. Los pedidos de evento pagan un transporte por confirmar.",
     False, False),
    ("- Solo en Cali.\n\n## Envíos a otras ciudades por transportadora\n\n- El flete se confirma al despachar.",
     True, True),
    ("- Solo Cali, Palmira y el Valle.", False, False),
])
def test_a_place_without_a_zone_is_quoted_when_the_profile_says_so(app, line, leticia, medellin):
    from webapp.services import company
    load()
    company.load(f"# Tienda\n\n## Envíos\n\n{line}\n")
    db.session.commit()
    try:
        for town, quoted in (("Leticia", leticia), ("Medellín", medellin)):
            found = shipping.quote(town)
            assert (found.served, found.quoted, found.cost) == ((True, True, None) if quoted else (False, False, None))
            assert ("se cotiza" in found.describe()) == quoted
        assert shipping.quote("Palmira").cost == Decimal("15000")  # a zone of its own keeps its cost
        assert not shipping.quote("Cali", barrio="Siloé").served  # and "no llegamos" stays
    finally:
        company.load("")
        db.session.commit()
    # "La Unión" exists in four departments; only the Valle's is served (through the department zone)
    assert shipping.quote("La Unión").municipality.code == "76400"
    assert shipping.quote("La Unión", "Nariño").served is False


def test_a_barrio_is_named_whole_or_by_a_long_first_word_no_other_zone_shares(app):
    load(ZONES + """Santander,Bucaramanga,Cabecera del Llano,6.000,1,
Santander,Bucaramanga,San Alonso,6.000,1,
Santander,Bucaramanga,San Francisco,6.000,1,
Magdalena,Santa Marta,El Rodadero,9.000,1,
Valle del Cauca,Cali,Ciudad Jardín,12.000,1,
Valle del Cauca,Cali,Ciudad Córdoba,10.000,1,
""")
    town, barrio = shipping.find_zone_barrio("¿cuánto vale el domicilio en Cabecera?")
    assert (town.name, barrio) == ("Bucaramanga", "Cabecera del Llano")
    assert shipping.find_zone_barrio("me lo mandan pal Rodadero")[1] == "El Rodadero"
    assert shipping.find_zone_barrio("a Pance")[1] == "Pance"
    assert shipping.find_zone_barrio("en San") is None  # a short word names nothing
    assert shipping.find_zone_barrio("en Ciudad") is None  # two zones start so: ask, never guess
    assert shipping.find_zone_barrio("la cabecera de la cama") is None  # only after "en", "a", "al", "pal", "del"


def test_csv_is_all_or_nothing_with_bad_rows_by_line(app):
    load()
    bad = ("departamento,municipio,barrio,costo,dias,gratis_desde\n"
           "Valle del Cauca,Cali,,9000,1,\n"
           "Valle del Cauca,Palmria,,15000,2,\n"
           "Antioquia,Cali,,1000,1,\n"
           "Valle del Cauca,Yumbo,,\"12,000\",1,\n"
           "Valle del Cauca,Jamundí,,12000,tres,\n"
           "Nariño,La Unión,,5000,,\n"
           ",La Unión,,5000,,\n"
           "Valle del Cauca,Cali,,9500,1,\n")
    result = shipping.load_zones_csv(bad)
    db.session.rollback()
    errors = dict(result.errors)
    assert not result.ok and set(errors) == {3, 4, 5, 6, 8, 9}
    assert "¿Quisiste decir «Palmira»?" in errors[3]
    assert "No existe el municipio «Cali» en Antioquia" in errors[4]
    assert "ambiguo" in errors[5] and "costo" in errors[5]
    assert "dias" in errors[6] and "escribe el departamento" in errors[8] and "línea 2" in errors[9]
    assert db.session.scalar(select(func.count(ShippingZone.id))) == 6  # the old zones are untouched
    assert shipping.quote("Cali").cost == Decimal("8000")
    assert not shipping.load_zones_csv("departamento,municipio\nValle,Cali\n").ok
    assert not shipping.load_zones_csv("departamento,municipio,barrio,costo,dias,gratis_desde\n").ok


def test_cli_load_replaces_the_zones(app, tmp_path):
    load()
    runner = app.test_cli_runner()
    path = tmp_path / "zonas.csv"
    path.write_text("\ufeffdepartamento,municipio,barrio,costo,dias,gratis_desde\nCundinamarca,Soacha,,20.000,3,\n",
                    encoding="utf-8")
    result = runner.invoke(args=["shipping", "load", str(path)])
    assert result.exit_code == 0 and "zonas cargadas: 1" in result.output
    assert shipping.quote("Soacha").cost == Decimal("20000") and not shipping.quote("Palmira").served
    path.write_text("departamento,municipio,barrio,costo,dias,gratis_desde\nCundinamarca,Soacha,,-5,3,\n",
                    encoding="utf-8")
    result = runner.invoke(args=["shipping", "load", str(path)])
    assert result.exit_code != 0 and "línea 2" in result.output and "negativo" in result.output
    assert shipping.quote("Soacha").served


@pytest.mark.parametrize("text, code", [
    ("palmira", "76520"), ("Bogota", "11001"), ("Santa Rosa de Cabal", "66682"), ("cali valle", "76001"),
    ("¿cuánto es el envío a Palmira?", "76520"), ("Calle 5 # 38-21, San Fernando, Cali", "76001"),
    ("barrio Granada, Cali", "76001"), ("envío a medelin", "05001"), ("la union valle", "76400"),
    ("Cartagena", "13001"), ("mándalo a Buga", "76111"), ("quiero enviar a Palmira desde Cali", "76520"),
])
def test_find_municipality_in_loose_spanish(app, text, code):
    load()
    assert shipping.find_municipality(text).code == code


@pytest.mark.parametrize("text", ["hola, quiero 2 extintores de 10 libras", "cuánto cuesta el casco amarillo",
                                  "gracias", "me llamo Juan Pérez, cédula 12345678", "necesito guantes talla M"])
def test_no_municipality_in_ordinary_messages(text):
    assert places.find_municipalities(text) == []


def test_municipality_search_json_htmx_and_plain_page(app, client):
    load()
    body = client.get("/municipios?q=palm", headers={"Accept": "application/json"}).get_json()
    assert body["municipios"][0]["codigo"] == "76520"  # served places first
    assert body["municipios"][0]["etiqueta"] == "Palmira, Valle del Cauca"
    fragment = client.get("/municipios?q=bogo", headers=HX)
    assert fragment.get_data(as_text=True).strip().startswith('<option value="Bogotá, D.C."')
    assert "Vary" in fragment.headers and "<html" not in fragment.get_data(as_text=True)
    page = client.get("/municipios?q=santa+rosa&departamento=Risaralda").get_data(as_text=True)
    assert 'id="municipality-results"' in page and "Santa Rosa de Cabal" in page and "Santa Rosa de Osos" not in page
    assert 'name="ciudad"' in page and 'list="ciudad-opciones"' in page
    none = client.get("/municipios?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)" not in none and "No encontramos" in none


def test_admin_zone_pages(app, staff_client):
    empty = staff_client.get("/admin/envios").get_data(as_text=True)
    assert "Aún no hay zonas" in empty
    bad = staff_client.post("/admin/envios/nueva", data={"departamento": "Valle del Cauca", "municipio": "Palmria",
                                                         "costo": "65,000", "dias": "2"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "¿Quisiste decir «Palmira»?" in html and "ambiguo" in html
    assert 'value="Palmria"' in html and 'value="2"' in html
    ok = staff_client.post("/admin/envios/nueva", data={"departamento": "Valle del Cauca", "municipio": "Palmira",
                                                        "costo": "15.000", "dias": "2", "gratis_desde": "300.000"})
    assert ok.status_code == 302
    zone = db.session.scalar(select(ShippingZone))
    assert zone.cost == Decimal("15000") and zone.free_from == Decimal("300000")
    listing = staff_client.get("/admin/envios").get_data(as_text=True)
    assert "Palmira, Valle del Cauca" in listing and "$15.000" in listing and "$300.000" in listing
    edit = staff_client.post(f"/admin/envios/{zone.id}", data={"departamento": "Valle del Cauca",
                                                               "municipio": "Palmira", "no_llegamos": "1"})
    assert edit.status_code == 302 and not shipping.quote("Palmira").served
    confirm = staff_client.get(f"/admin/envios/{zone.id}/eliminar").get_data(as_text=True)
    assert "¿Eliminar la zona Palmira, Valle del Cauca?" in confirm and "Sí, eliminar la zona" in confirm
    assert staff_client.post(f"/admin/envios/{zone.id}/eliminar").status_code == 302
    assert db.session.scalar(select(func.count(ShippingZone.id))) == 0
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"zona_creada", "zona_editada", "zona_eliminada"} <= actions


def test_admin_csv_upload_and_download(app, staff_client):
    def upload(text):
        return staff_client.post("/admin/envios/cargar", content_type="multipart/form-data",
                                 data={"archivo": (io.BytesIO(text.encode("utf-8")), "zonas.csv")})
    bad = upload(ZONES + "Valle del Cauca,Palmira,,1,1,\n")
    assert bad.status_code == 422 and "Línea 8" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ShippingZone.id))) == 0
    assert upload(ZONES).status_code == 302
    assert db.session.scalar(select(func.count(ShippingZone.id))) == 6
    downloaded = staff_client.get("/admin/envios/zonas.csv").get_data(as_text=True)
    assert "Cali,Siloé,no llegamos" in downloaded
    db.session.execute(ShippingZone.__table__.delete())
    db.session.commit()
    assert shipping.load_zones_csv(downloaded).zones == 6  # what we write reads back
    db.session.commit()
    assert shipping.quote("Santa Rosa de Cabal").cost == Decimal("28000.50")


def test_demo_seed_serves_palmira(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    palmira = shipping.quote("Palmira", goods_total=Decimal("15000"))
    assert palmira.served and palmira.cost == Decimal("15000")
    assert shipping.quote("Cali", goods_total=Decimal("200000")).free
