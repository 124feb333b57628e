"""Delivery zones and what shipping costs (the checkout, the cart and the assistant call `quote`).

A zone is a whole department, one municipality, or one barrio of a municipality, with
its cost, delivery days and free-shipping threshold, or marked "no llegamos". The most
specific zone wins: barrio, then municipality, then department. A municipality no zone
covers is not served.

Writes flush; the caller (a view, the CLI, the assistant's turn) commits.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import delete, select

from ..extensions import db
from ..models import ShippingZone
from ..money import MoneyError, format_cop, parse_price
from . import company, places
from .places import Municipality, find_municipalities, normalize

CSV_COLUMNS = ["departamento", "municipio", "barrio", "costo", "dias", "gratis_desde"]
NOT_SERVED_WORDS = {"no llegamos", "no", "no se envia", "sin servicio", "sin envio"}
MAX_DAYS = 90
MAX_NEIGHBORHOOD = 120


class ZoneError(ValueError):
    """Field (Spanish form/CSV key) → message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class ShippingQuote:
    """What delivering an order to a place costs. `cost` is None when it is not served or the
    place is unknown; 0 when shipping is free."""

    served: bool
    cost: Decimal | None = None
    days: int | None = None
    free: bool = False
    zone_name: str | None = None
    municipality: Municipality | None = None
    free_from: Decimal | None = None
    known: bool = True  # False: the place was not recognised at all
    quoted: bool = False  # served, at a cost quoted before dispatch (the profile says so; no zone of its own)
    candidates: list[Municipality] = field(default_factory=list)  # a name shared by several municipalities

    def describe(self) -> str:
        """One Spanish sentence for the chat or a page."""
        if not self.known:
            if self.candidates:
                options = ", ".join(p.label for p in self.candidates[:4])
                return f"Hay varios municipios con ese nombre ({options}). ¿Cuál es?"
            return "No reconozco ese municipio. ¿Me lo escribes de nuevo, con el departamento?"
        place = self.municipality.label if self.municipality else (self.zone_name or "")
        if not self.served:
            return f"Por ahora no llegamos a {place}."
        if self.quoted:
            return f"El envío a {place} se cotiza según el destino; el valor se confirma antes de despachar."
        days = f" Llega en {self.days} día{'' if self.days == 1 else 's'} hábil{'' if self.days == 1 else 'es'}." \
            if self.days is not None else ""
        if self.free:
            return f"El envío a {place} es gratis.{days}"
        threshold = f" Gratis en compras desde {format_cop(self.free_from)}." if self.free_from is not None else ""
        return f"El envío a {place} cuesta {format_cop(self.cost)}.{days}{threshold}"


# --- places ---------------------------------------------------------------------------

def neighborhood_key(name: str | None) -> str:
    """How barrios are compared: no accents or case, without a leading "barrio" (or "vereda",
    "corregimiento", "sector": "vereda La Moralia" is the zone "La Moralia")."""
    key = normalize(name)
    for prefix in ("barrio ", "b ", "vereda ", "vda ", "corregimiento ", "sector "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return key


def zone_name(zone: ShippingZone) -> str:
    department = places.get_department(zone.department_code)
    place = places.get_municipality(zone.municipality_code) if zone.municipality_code else None
    if place is None:
        return f"{department.name if department else zone.department_code} (todo el departamento)"
    if zone.neighborhood:
        return f"{place.label}: barrio {zone.neighborhood}"
    return place.label


def find_zone_barrio(text: str | None) -> tuple[Municipality, str] | None:
    """A barrio or vereda that has its own delivery zone, named in a message ("el domicilio a
    Cerritos"): its municipality and the barrio as the zone writes it.

    A zone is named by its whole name ("a Cerritos", "pal Rodadero" of "El Rodadero") or, when no
    zone is, by the first word of a name of several words, if that word has six letters or more and
    starts no other zone's name ("en Cabecera": the "Cabecera del Llano"). Zones of two towns: None."""
    words = f" {normalize(text)} "
    if not words.strip():
        return None
    zones = db.session.scalars(select(ShippingZone).where(ShippingZone.neighborhood_key != "",
                                                          ShippingZone.served.is_(True))).all()
    named = [z for z in zones if f" {z.neighborhood_key} " in words
             or any(f" {lead} {_without_article(z.neighborhood_key)} " in words for lead in ("al", "del", "pal"))]
    # ("al Rodadero", "pal Rodadero": "El Rodadero")
    if not named:
        named = _named_by_first_word(zones, words)
    towns = {(z.department_code, z.municipality_code) for z in named}
    if len(towns) != 1:
        return None
    zone = max(named, key=lambda z: len(z.neighborhood_key))
    place = places.get_municipality(zone.municipality_code)
    return (place, zone.neighborhood) if place else None


FIRST_WORD_LETTERS = 6  # "en Cabecera" names the "Cabecera del Llano"; "en San" names nothing


def _named_by_first_word(zones: list[ShippingZone], words: str) -> list[ShippingZone]:
    """The zone whose name of several words starts with a word said after "en", "a", "al", "pal" or
    "del", when that word is long enough to mean it and no other zone's name starts with it."""
    firsts: dict[str, list[ShippingZone]] = {}
    for z in zones:
        name = _without_article(z.neighborhood_key)
        first = name.split(" ")[0]
        if len(first) >= FIRST_WORD_LETTERS and first != name:
            firsts.setdefault(first, []).append(z)
    return [z for first, found in firsts.items() if len(found) == 1
            and any(f" {lead} {first} " in words for lead in ("en", "a", "al", "pal", "del")) for z in found]


def _without_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if first in ("el", "la", "los", "las") and rest else key


def find_municipality(text: str | None) -> Municipality | None:
    """The municipality a chat message names ("envío a palmira", "cali valle", "Santa Rosa de Cabal").

    A name shared by several municipalities resolves to the one the shop serves when only one
    of them is served; otherwise None (ask which). A barrio with its own zone names its town
    ("a Cerritos" is Pereira's Cerritos, not the town of El Cerrito)."""
    barrio = find_zone_barrio(text)
    found = find_municipalities(text)
    said = f" {normalize(text)} "
    if barrio is not None and (not found or all(f" {normalize(p.name)} " not in said for p in found)):
        return barrio[0]
    if len(found) == 1:
        return found[0]
    served = [p for p in found if (zone := _zone_for(p, None)) is not None and zone.served]
    if len(served) == 1:
        return served[0]
    return _in_home_department(found) or (_capital(found) if not served else None)


def _capital(found: list[Municipality]) -> Municipality | None:
    """Of towns that share a name, none served nor near, the department's capital (DIVIPOLA code
    ending in 001): "¿me mandan huevos a Armenia?" is Armenia, Quindío, not Armenia, Antioquia."""
    capitals = [p for p in found if p.code.endswith("001")]
    return capitals[0] if len(capitals) == 1 else None


def _in_home_department(found: list[Municipality]) -> Municipality | None:
    """Of towns that share a name, the only one in a department where the shop has delivery zones
    ("¿me llevan un comedor hasta Rionegro?" in a shop of Medellín: Rionegro, Antioquia)."""
    home = set(db.session.scalars(select(ShippingZone.department_code).distinct()))
    near = [p for p in found if p.department_code in home]
    return near[0] if len(near) == 1 else None


def served_first(found: list[Municipality]) -> list[Municipality]:
    """The same places, those the shop delivers to first (search-as-you-type shows them on top)."""
    zones = db.session.execute(select(ShippingZone.department_code, ShippingZone.municipality_code,
                                      ShippingZone.served).where(ShippingZone.neighborhood_key == "")).all()
    towns = {m for _, m, served in zones if m and served}
    blocked = {m for _, m, served in zones if m and not served}
    departments = {d for d, m, served in zones if not m and served}

    def served(place: Municipality) -> bool:
        return place.code in towns or (place.department_code in departments and place.code not in blocked)
    return sorted(found, key=lambda place: 0 if served(place) else 1)


def _resolve(municipality, department=None) -> tuple[Municipality | None, list[Municipality]]:
    if isinstance(municipality, Municipality):
        return municipality, []
    found = places.resolve_municipality(municipality, department)
    if not found and municipality:
        found = find_municipalities(f"{municipality} {department or ''}")
    if len(found) == 1:
        return found[0], []
    served = [p for p in found if (z := _zone_for(p, None)) is not None and z.served]
    if len(served) == 1:
        return served[0], found
    if department is None and (home := _in_home_department(found)) is not None:
        return home, found
    return None, found


def _zone_for(place: Municipality, barrio: str | None) -> ShippingZone | None:
    zones = db.session.scalars(select(ShippingZone).where(
        ShippingZone.department_code == place.department_code,
        ShippingZone.municipality_code.in_([place.code, ""]))).all()
    key = neighborhood_key(barrio)
    ranked = sorted(zones, key=lambda z: (0 if z.municipality_code and z.neighborhood_key else
                                          1 if z.municipality_code else 2))
    for zone in ranked:
        if zone.neighborhood_key and zone.neighborhood_key != key:
            continue
        return zone
    return None


def quote(municipality, department=None, barrio: str | None = None,
          goods_total: Decimal | int | str = Decimal("0")) -> ShippingQuote:
    """The shipping for an order of `goods_total` to a place.

    `municipality` is a DANE code ("76520"), a name ("Palmira", "palmira valle", "Palmira, Valle del
    Cauca") or a `Municipality`; `department` (name or code) settles names shared by several."""
    place, candidates = _resolve(municipality, department)
    if place is None:
        return ShippingQuote(served=False, known=False, candidates=candidates)
    zone = _zone_for(place, barrio)
    if zone is None and company.quotes_elsewhere(place.department):  # "otras ciudades: se cotiza"
        return ShippingQuote(served=True, municipality=place, zone_name=place.label, quoted=True)
    if zone is None or not zone.served:
        return ShippingQuote(served=False, municipality=place, zone_name=zone_name(zone) if zone else place.label)
    total = Decimal(str(goods_total or 0))
    free = zone.free_from is not None and total >= zone.free_from
    return ShippingQuote(served=True, cost=Decimal("0.00") if free else zone.cost, days=zone.days, free=free,
                         zone_name=zone_name(zone), municipality=place, free_from=zone.free_from)


# --- zones: validation and writes ---------------------------------------------------------------

def clean_zone(data: dict) -> dict:
    """Validated zone values from a form or a CSV row (Spanish keys); raises ZoneError."""
    errors: dict[str, str] = {}
    values: dict = {}
    department_text = str(data.get("departamento") or "").strip()
    municipality_text = str(data.get("municipio") or "").strip()
    barrio = " ".join(str(data.get("barrio") or "").split())
    department = places.resolve_department(department_text) if department_text else None
    if department_text and department is None:
        errors["departamento"] = f"No existe el departamento «{department_text}»."
    place = None
    if municipality_text and "departamento" not in errors:
        found = places.resolve_municipality(municipality_text, department)
        if len(found) == 1:
            place = found[0]
        elif len(found) > 1:
            options = ", ".join(p.department for p in found[:6])
            errors["municipio"] = f"Hay varios municipios «{municipality_text}» ({options}): escribe el departamento."
        else:
            where = f" en {department.name}" if department else ""
            guesses = places.suggest_municipalities(municipality_text, department)
            hint = f" ¿Quisiste decir {' o '.join('«' + g.name + '»' for g in guesses)}?" if guesses else ""
            errors["municipio"] = f"No existe el municipio «{municipality_text}»{where}.{hint}"
    elif not municipality_text and department is None and "departamento" not in errors:
        errors["municipio"] = "Escribe el municipio (o el departamento, para todo el departamento)."
    if barrio and not municipality_text:
        errors["barrio"] = "Un barrio necesita su municipio."
    elif len(barrio) > MAX_NEIGHBORHOOD:
        errors["barrio"] = f"El barrio admite máximo {MAX_NEIGHBORHOOD} caracteres."
    if place is not None:
        values.update(department_code=place.department_code, municipality_code=place.code)
    elif department is not None and not municipality_text:
        values.update(department_code=department.code, municipality_code="")
    values.update(neighborhood=barrio, neighborhood_key=neighborhood_key(barrio))

    cost = data.get("costo")
    blank = cost is None or (isinstance(cost, str) and not cost.strip())
    served = not _truthy(data.get("no_llegamos")) and not (
        isinstance(cost, str) and (cost.strip() == "-" or normalize(cost) in NOT_SERVED_WORDS))
    values["served"] = served
    if served:
        if blank:
            errors["costo"] = "Escribe el costo del envío (0 si es gratis) o «no llegamos»."
        else:
            try:
                values["cost"] = parse_price(cost, "costo")
            except MoneyError as exc:
                errors["costo"] = exc.message
        days_text = str(data.get("dias") if data.get("dias") is not None else "").strip()
        if days_text:
            if days_text.isdigit() and 0 <= int(days_text) <= MAX_DAYS:
                values["days"] = int(days_text)
            else:
                errors["dias"] = f"Los días de entrega son un número entero de 0 a {MAX_DAYS}."
        else:
            values["days"] = None
        free_text = data.get("gratis_desde")
        if free_text not in (None, "") and str(free_text).strip():
            try:
                values["free_from"] = parse_price(free_text, "gratis_desde")
            except MoneyError as exc:
                errors["gratis_desde"] = exc.message
        else:
            values["free_from"] = None
    else:
        values.update(cost=None, days=None, free_from=None)
    if errors:
        raise ZoneError(errors)
    return values


def _truthy(value) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "si", "sí", "on", "y", "yes"}


def _same_place(values: dict, exclude_id: int | None = None) -> ShippingZone | None:
    query = select(ShippingZone).where(
        ShippingZone.department_code == values["department_code"],
        ShippingZone.municipality_code == values["municipality_code"],
        ShippingZone.neighborhood_key == values["neighborhood_key"])
    if exclude_id is not None:
        query = query.where(ShippingZone.id != exclude_id)
    return db.session.scalar(query)


def create_zone(data: dict) -> ShippingZone:
    values = clean_zone(data)
    if _same_place(values):
        raise ZoneError({"municipio": "Ya hay una zona para ese lugar: edítala en vez de crear otra."})
    zone = ShippingZone(**values)
    db.session.add(zone)
    db.session.flush()
    return zone


def update_zone(zone: ShippingZone, data: dict) -> ShippingZone:
    values = clean_zone(data)
    if _same_place(values, exclude_id=zone.id):
        raise ZoneError({"municipio": "Ya hay otra zona para ese lugar."})
    for attr, value in values.items():
        setattr(zone, attr, value)
    db.session.flush()
    return zone


def delete_zone(zone: ShippingZone) -> None:
    db.session.delete(zone)
    db.session.flush()


def get_zone(zone_id) -> ShippingZone | None:
    try:
        return db.session.get(ShippingZone, int(zone_id))
    except (TypeError, ValueError, OverflowError):
        return None


def list_zones() -> list[ShippingZone]:
    """Every zone, by department, municipality and barrio name."""
    def sort_key(zone: ShippingZone):
        department = places.get_department(zone.department_code)
        place = places.get_municipality(zone.municipality_code)
        return (normalize(department.name if department else ""), normalize(place.name) if place else "",
                zone.neighborhood_key)
    return sorted(db.session.scalars(select(ShippingZone)), key=sort_key)


def zone_form_values(zone: ShippingZone) -> dict:
    """A zone as the form and the CSV write it (Spanish keys, Colombian money)."""
    department = places.get_department(zone.department_code)
    place = places.get_municipality(zone.municipality_code)

    def money(value):
        if value is None:
            return ""
        return f"{Decimal(value):.2f}".removesuffix(".00")
    return {"departamento": department.name if department else zone.department_code,
            "municipio": place.name if place else "", "barrio": zone.neighborhood,
            "costo": money(zone.cost) if zone.served else "no llegamos",
            "dias": "" if zone.days is None else str(zone.days), "gratis_desde": money(zone.free_from),
            "no_llegamos": not zone.served}


# --- CSV ------------------------------------------------------------------------------------------

@dataclass
class ZoneImport:
    zones: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_zones_csv(text: str) -> tuple[list[tuple[int, dict]], ZoneImport]:
    """Validate every row; (line, values) pairs plus the errors by line."""
    result = ZoneImport()
    reader = csv.DictReader(io.StringIO((text or "").lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("departamento", "municipio", "costo") if c not in header]
    if missing:
        result.errors.append((1, "Faltan columnas en el encabezado: " + ", ".join(missing)
                              + f" (se esperan {','.join(CSV_COLUMNS)})."))
        return [], result
    reader.fieldnames = header
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            result.errors.append((line, "La fila tiene más columnas que el encabezado."))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            values = clean_zone({k: (v or "").strip() for k, v in row.items() if k in CSV_COLUMNS})
        except ZoneError as exc:
            result.errors.append((line, " ".join(f"{k}: {m}" for k, m in exc.errors.items())))
            continue
        place = (values["department_code"], values["municipality_code"], values["neighborhood_key"])
        if place in seen:
            result.errors.append((line, f"Ese lugar ya está en la línea {seen[place]}."))
            continue
        seen[place] = line
        rows.append((line, values))
    if not rows and not result.errors:
        result.errors.append((2, "El archivo no tiene zonas (se borrarían todas)."))
    return rows, result


def load_zones_csv(text: str) -> ZoneImport:
    """Replace every zone with the file's, all or nothing: with any bad row nothing changes."""
    rows, result = read_zones_csv(text)
    if result.errors:
        return result
    db.session.execute(delete(ShippingZone))
    for _, values in rows:
        db.session.add(ShippingZone(**values))
    db.session.flush()
    result.zones = len(rows)
    return result


def zones_csv() -> str:
    """The current zones as a CSV that `load_zones_csv` reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for zone in list_zones():
        values = zone_form_values(zone)
        writer.writerow([values[c] for c in CSV_COLUMNS])
    return out.getvalue()
