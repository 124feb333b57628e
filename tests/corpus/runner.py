"""Run the conversation corpus against the shop through its public interfaces.

Each business is built once (catalogue, company profile and, when the app has the command,
delivery zones, loaded through the same CLI a shop owner uses) and every case then talks to a
fresh copy of that database through ``POST /chat/texto``. Sales and customer records are read
back through the staff API (``GET /ventas/?chat_id=…``, ``GET /clientes/<cedula>``).

Used by ``tests/corpus/test_corpus.py`` (one pytest case per corpus case) and by
``bench/agent_eval.py`` (pass rates per business and class). See README.md for the format.
"""
from __future__ import annotations

import csv
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
BUSINESSES = ("panaderia", "papeleria", "ropa", "agropecuaria", "mascotas", "motos", "celulares", "aseo",
              "belleza", "licorera", "fruver", "drogueria", "autopartes", "naturista", "bicicletas", "carniceria",
              "tecnologia", "pinateria", "electricos", "vivero", "calzado", "pinturas", "granero", "deportes",
              "jugueteria", "optica", "pescaderia", "instrumentos", "colchones", "reposteria",
              "ferreteria", "cafe", "llantas", "telas", "desechables", "floristeria", "lacteos", "muebles", "piscinas",
              "joyeria", "gasagua", "ortopedicos", "bebes", "hamacas", "repuestos", "uniformes", "avicola", "pesca",
              "vidrieria", "comidas", "marroquineria", "deposito", "heladeria", "libreria", "dulceria", "ceramica",
              "merceria", "congelados", "persianas", "suplementos", "litografia", "cerrajeria", "menaje",
              "artesanias", "relojeria", "acuario", "talabarteria", "tintas", "disfraces", "apicultura", "camping", "fotografia",
              "videojuegos", "electrodomesticos", "religiosos", "seguridad", "maderas", "eventos",
              "electronica", "embalaje", "lavanderia", "solar", "veterinaria", "tapiceria",
              "climatizacion", "autolavado", "estampados", "perfumeria", "marqueteria", "gimnasio",
              "salsamentaria", "conduccion", "lenceria", "laboratorio", "equipos", "cacharreria", "modisteria", "hostal", "fumigacion", "mudanzas", "barberia", "odontologia", "serviciotecnico", "turismo", "cerveceria", "academiabaile", "hogar", "hotelcanino", "mensajeria", "internet", "spa", "asadero",
              "tornilleria", "patinetas", "idiomas", "funeraria", "frutossecos", "tatuajes", "polarizados", "lechoneria",
              "alquilerlavadoras", "remontadora", "cocinas", "andamios", "arepas", "plomeria", "hielo", "velas", "jardineria", "serenatas", "baterias", "limpieza", "canchas", "panela", "transporte", "parqueadero", "ornamentacion", "alquilertrajes", "preicfes", "piscicultura", "alquilercarros", "lubricentro", "compraventa", "guarderia")
REGISTERS = ("tu", "usted", "voseo")
TONES = ("formal", "amigable")
STAGES = (None, "iniciada", "pendiente", "recolectando_datos", "listo_para_finalizar", "cerrada")
MESSAGE_TYPES = ("inventario", "venta", "cliente", "contexto", "general")
EXPECT_KEYS = {"tipo_mensaje", "pedido", "contiene", "alguno", "no_contiene", "estado_venta"}
SALE_KEYS = {"total", "envio", "lineas", "cliente", "metodo_pago", "cliente_no_contiene"}
CLIENT_KEYS = {"nombre", "cedula", "telefono", "email", "direccion", "barrio", "ciudad", "indicaciones_entrega"}
# Fields of GET /clientes/<cedula> compared with the expected customer (ciudad is not in that shape).
RECORD_KEYS = ("nombre", "cedula", "telefono", "email", "direccion", "barrio", "indicaciones_entrega")
PAYMENT_CODES = ("contraentrega", "transferencia", "nequi", "daviplata")
STAFF_EMAIL = "corpus@tienda.co"

# Words only a "tú" reply uses (compared on the folded text, as whole words). A reply to a
# chat with tono "formal" must contain none of them. Chosen to avoid false positives: forms
# an "usted" sentence can also hold (third-person "agrega", "revisa", "busca") are left out.
TU_MARKERS = (
    "tu", "tus", "ti", "contigo", "quieres", "tienes", "puedes", "deseas", "necesitas", "prefieres",
    "buscas", "estas buscando", "escribe", "escribeme", "dime", "cuentame", "indicame", "avisame",
    "confirmame", "enviame", "mandame", "te ayudo", "te puedo", "te gustaria", "te interesa",
    "te confirmo", "te cuento", "te recomiendo", "te muestro", "te agrego", "te sirve", "te llamamos",
    "te contactaremos", "te contactamos", "te llega", "te enviamos",
)
_TU_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(m) for m in TU_MARKERS) + r")(?![\w])")


class CorpusError(ValueError):
    """The corpus data itself is wrong (unknown key, sku not in the catalogue, total that does not add up)."""


# --- text matching ----------------------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")


def fold(text: str) -> str:
    """Lower case, no accents, one space, no thousands dots ("$15.000" → "$15000")."""
    text = unicodedata.normalize("NFKD", str(text).replace("\u00a0", " "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _THOUSANDS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def has(reply: str, expected: str) -> bool:
    """Accent- and case-insensitive substring; a number never matches inside a longer number."""
    needle = fold(expected)
    if not needle:
        return True
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<!\d)" + pattern
    if needle[-1].isdigit():
        pattern += r"(?!\d)"
    return re.search(pattern, fold(reply)) is not None


def tu_forms(reply: str) -> list[str]:
    return sorted(set(m.group(0) for m in _TU_RE.finditer(fold(reply))))


def _same_value(field_name: str, got, expected) -> bool:
    if got is None:
        return False
    if field_name in ("cedula", "telefono"):
        return re.sub(r"\D", "", str(got)) == re.sub(r"\D", "", str(expected))
    if field_name == "ciudad":
        # the customer's "Bogotá" / "Buga" is DANE's "Bogotá, D.C." / "Guadalajara de Buga"
        return set(re.findall(r"[a-z]+", fold(expected))) <= set(re.findall(r"[a-z]+", fold(got)))
    got, expected = re.sub(r"\s+", "", fold(got)), re.sub(r"\s+", "", fold(expected))
    if field_name in ("direccion", "barrio", "indicaciones_entrega"):
        # "Finca La Esperanza, vereda La Moralia" holds "Finca La Esperanza"; "vereda La Moralia" holds "La Moralia"
        return expected in got
    return got == expected


def _short(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# --- the corpus ------------------------------------------------------------------------

@dataclass
class Turn:
    mensaje: str
    espera: dict


@dataclass
class Case:
    id: str
    business: str
    kind: str  # "mensaje" | "conversacion"
    clase: str
    registro: str
    turns: list[Turn]
    tono: str | None = None
    staff: bool = False
    antes: dict | None = None
    final: dict | None = None


@dataclass
class Catalogue:
    products: dict  # sku -> {"nombre", "precio": Decimal, "stock": int, "disponible": bool}
    zones: list  # [{"municipio", "barrio", "costo", "gratis_desde"}]

    def shipping(self, ciudad: str | None, barrio: str | None, total: Decimal) -> Decimal | None:
        """Shipping cost the zones give for this destination and goods total (None: not served)."""
        if not ciudad:
            return None
        rows = [z for z in self.zones if fold(z["municipio"]) == fold(ciudad)]
        row = next((z for z in rows if barrio and z["barrio"] and fold(z["barrio"]) == fold(barrio)), None)
        row = row or next((z for z in rows if not z["barrio"]), None)
        if row is None:
            return None
        if row["gratis_desde"] is not None and total >= row["gratis_desde"]:
            return Decimal("0.00")
        return row["costo"]


def business_dir(business: str) -> Path:
    return HERE / business


def load_catalogue(business: str) -> Catalogue:
    products = {}
    with open(business_dir(business) / "catalogo.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if None in row:  # the shop's import refuses such a row: an unquoted comma
                raise CorpusError(f"{business}/catalogo.csv: la fila de {row['sku']} tiene más columnas que el encabezado")
            products[row["sku"]] = {"nombre": row["nombre"], "precio": money(row["precio"]),
                                    "stock": int(row["stock"]), "categoria": row["categoria"],
                                    "disponible": row["disponible"].strip().lower() in ("true", "1", "si", "sí")}
    zones = []
    with open(business_dir(business) / "zonas.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            zones.append({"municipio": row["municipio"], "barrio": row["barrio"].strip(),
                          "costo": money(row["costo"]),
                          "gratis_desde": money(row["gratis_desde"]) if row["gratis_desde"].strip() else None})
    return Catalogue(products, zones)


def _case(raw: dict, business: str, kind: str, where: str) -> Case:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: cada caso es un objeto")
    allowed = {"id", "clase", "registro", "tono", "staff", "antes"}
    allowed |= {"mensaje", "espera"} if kind == "mensaje" else {"turnos", "final"}
    unknown = set(raw) - allowed
    if unknown:
        raise CorpusError(f"{where} {raw.get('id')}: claves desconocidas {sorted(unknown)}")
    for key in ("id", "clase", "registro"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise CorpusError(f"{where} {raw.get('id')}: falta {key}")
    if kind == "mensaje":
        turns = [Turn(raw.get("mensaje"), raw.get("espera"))]
    else:
        turns = [Turn(t.get("mensaje"), t.get("espera")) if isinstance(t, dict) else Turn(None, None)
                 for t in raw.get("turnos") or []]
    return Case(id=raw["id"], business=business, kind=kind, clase=raw["clase"], registro=raw["registro"],
                turns=turns, tono=raw.get("tono"), staff=bool(raw.get("staff")), antes=raw.get("antes"),
                final=raw.get("final"))


def load_cases(business: str | None = None) -> list[Case]:
    cases = []
    for name in BUSINESSES if business is None else (business,):
        for kind, filename in (("mensaje", "mensajes.yaml"), ("conversacion", "conversaciones.yaml")):
            path = business_dir(name) / filename
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if not isinstance(data, list):
                raise CorpusError(f"{path}: se esperaba una lista de casos")
            cases += [_case(raw, name, kind, f"{name}/{filename}") for raw in data]
    return cases


def check_corpus(cases: list[Case]) -> list[str]:
    """Every problem of the corpus data itself: keys, skus, quantities, totals, shipping."""
    problems, seen = [], set()
    catalogues = {}
    for case in cases:
        cat = catalogues.setdefault(case.business, load_catalogue(case.business))
        where = f"{case.business}/{case.id}"
        if case.id in seen:
            problems.append(f"{where}: id repetido")
        seen.add(case.id)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", case.clase):
            problems.append(f"{where}: clase {case.clase!r} no es snake_case")
        if case.registro not in REGISTERS:
            problems.append(f"{where}: registro {case.registro!r}")
        if case.tono is not None and case.tono not in TONES:
            problems.append(f"{where}: tono {case.tono!r}")
        if not case.turns:
            problems.append(f"{where}: sin turnos")
        for n, turn in enumerate(case.turns, 1):
            problems += [f"{where} turno {n}: {p}" for p in _check_turn_data(turn, cat, case.kind)]
        if case.kind == "conversacion":
            problems += [f"{where}: {p}" for p in _check_final_data(case.final, cat)]
        for sale in (case.antes or {}).get("ventas", []):
            for sku in sale.get("lineas", {}):
                if sku not in cat.products:
                    problems.append(f"{where}: antes.ventas sku {sku} no está en el catálogo")
    return problems


def _check_turn_data(turn: Turn, cat: Catalogue, kind: str) -> list[str]:
    problems = []
    if not isinstance(turn.mensaje, str) or not turn.mensaje.strip():
        return ["mensaje vacío"]
    espera = turn.espera
    if not isinstance(espera, dict):
        return ["falta espera"]
    unknown = set(espera) - EXPECT_KEYS
    if unknown:
        problems.append(f"claves desconocidas en espera {sorted(unknown)}")
    if "pedido" not in espera:
        problems.append("falta pedido (orden esperada tras el turno)")
    pedido = espera.get("pedido") or {}
    if not isinstance(pedido, dict):
        problems.append("pedido debe ser {sku: cantidad}")
        pedido = {}
    for sku, qty in pedido.items():
        product = cat.products.get(sku)
        if product is None:
            problems.append(f"sku {sku} no está en el catálogo")
        elif not product["disponible"]:
            problems.append(f"sku {sku} está oculto (disponible=false) y no puede venderse")
        elif not isinstance(qty, int) or qty < 1 or qty > product["stock"]:
            problems.append(f"cantidad {qty!r} de {sku} fuera de 1..stock ({product['stock']})")
    if "estado_venta" in espera and espera["estado_venta"] not in STAGES:
        problems.append(f"estado_venta {espera['estado_venta']!r}")
    if "tipo_mensaje" in espera and espera["tipo_mensaje"] not in MESSAGE_TYPES:
        problems.append(f"tipo_mensaje {espera['tipo_mensaje']!r}")
    for key in ("contiene", "no_contiene", "alguno"):
        value = espera.get(key, [])
        groups = value if key == "alguno" and value and isinstance(value[0], list) else [value]
        if not all(isinstance(g, list) and all(isinstance(s, str) and s for s in g) for g in groups):
            problems.append(f"{key} debe ser una lista de textos")
    if kind == "mensaje" and espera.get("estado_venta") == "cerrada":
        problems.append("un mensaje suelto no puede cerrar una venta")
    return problems


def _check_final_data(final, cat: Catalogue) -> list[str]:
    if not isinstance(final, dict) or ("venta" in final) == bool(final.get("sin_venta")):
        return ["final debe tener venta o sin_venta: true"]
    unknown = set(final) - {"venta", "sin_venta", "clientes"}
    if unknown:
        return [f"claves desconocidas en final {sorted(unknown)}"]
    if "venta" not in final:
        return []
    sale, problems = final["venta"], []
    unknown = set(sale) - SALE_KEYS
    if unknown:
        problems.append(f"claves desconocidas en venta {sorted(unknown)}")
    lines = sale.get("lineas") or {}
    if not lines:
        problems.append("venta sin lineas")
    total = Decimal(0)
    for sku, qty in lines.items():
        if sku not in cat.products:
            problems.append(f"venta: sku {sku} no está en el catálogo")
            continue
        total += cat.products[sku]["precio"] * qty
    if "total" not in sale or money(sale["total"]) != money(total):
        problems.append(f"venta.total {sale.get('total')} ≠ {total} (precio × cantidad del catálogo)")
    client = sale.get("cliente") or {}
    for key in ("nombre", "cedula", "telefono", "email", "direccion"):
        if not client.get(key):
            problems.append(f"venta.cliente sin {key}")
    if set(client) - CLIENT_KEYS:
        problems.append(f"venta.cliente: claves desconocidas {sorted(set(client) - CLIENT_KEYS)}")
    if not re.fullmatch(r"\d{7,10}", str(client.get("cedula", ""))):
        problems.append("venta.cliente.cedula no tiene 7 a 10 dígitos")
    if not re.fullmatch(r"3\d{9}", str(client.get("telefono", ""))):
        problems.append("venta.cliente.telefono no es un celular colombiano")
    if "envio" in sale:
        expected = cat.shipping(client.get("ciudad"), client.get("barrio"), total)
        got = None if sale["envio"] is None else money(sale["envio"])
        if got != expected:
            problems.append(f"venta.envio {sale['envio']} ≠ {expected} según zonas.csv")
    if sale.get("metodo_pago") is not None and sale["metodo_pago"] not in PAYMENT_CODES:
        problems.append(f"metodo_pago {sale['metodo_pago']!r}")
    return problems


def corpus_counts(cases: list[Case]) -> dict:
    counts: dict = {}
    for case in cases:
        counts.setdefault(case.business, {"mensaje": 0, "conversacion": 0})[case.kind] += 1
    return counts


# --- the shop under test ---------------------------------------------------------------

class Shop:
    """One business, built once; each case starts from a fresh copy of its SQLite database.

    The app is created once per business; before each case the engine is disposed and the
    database file is replaced by the snapshot taken right after the shop was loaded, so cases
    never see each other's sales, customers or stock.
    """

    def __init__(self, business: str, workdir: Path):
        from support import make_app
        from sqlalchemy import text
        from webapp.extensions import db
        from webapp.services import staff

        self.business = business
        base = Path(workdir) / business
        base.mkdir(parents=True, exist_ok=True)
        folder = business_dir(business)
        self.app = make_app(base)
        self.db_file = base / "test.db"
        self.snapshot = base / "snapshot.db"
        with self.app.app_context():
            cli = self.app.test_cli_runner()
            steps = [["catalog", "import", str(folder / "catalogo.csv")],
                     ["company", "load", str(folder / "empresa.md")]]
            self.has_shipping = "shipping" in self.app.cli.commands
            if self.has_shipping:
                steps.append(["shipping", "load", str(folder / "zonas.csv")])
            for args in steps:
                result = cli.invoke(args=args)
                if result.exit_code != 0:
                    raise CorpusError(f"{business}: `flask {' '.join(args[:2])}` falló: {result.output}")
            _enable_payment_methods((folder / "empresa.md").read_text(encoding="utf-8"))
            user = staff.create_admin(STAFF_EMAIL, "clave-del-corpus-123", "Corpus")
            self.token = staff.create_token(user)
            db.session.commit()
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            db.session.commit()
            self._release()
        shutil.copyfile(self.db_file, self.snapshot)

    def _release(self) -> None:
        from webapp.extensions import db
        db.session.remove()
        db.engine.dispose()
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{self.db_file}{suffix}").unlink(missing_ok=True)

    def reset(self) -> None:
        """Back to the database as it was right after the shop was loaded (call in app context)."""
        self._release()
        shutil.copyfile(self.snapshot, self.db_file)

    def close(self) -> None:
        with self.app.app_context():
            self._release()


def _enable_payment_methods(profile: str) -> None:
    """The shop owner turns on, in the back office, the payment methods the profile offers."""
    from webapp.services import payments
    from webapp.services.text import normalize
    text = f" {normalize(profile)} "
    for known in payments.KNOWN:
        if f" {normalize(known.name)} " in text or any(f" {w} " in text for w in known.words):
            payments.update_method(known.code, enabled=True)


# --- running a case ------------------------------------------------------------------

@dataclass
class Failure:
    turn: int | None  # None: the final check
    message: str
    problem: str
    wrong_order: bool = False

    def line(self) -> str:
        where = "final" if self.turn is None else f"turno {self.turn}"
        tag = "PEDIDO ERRÓNEO: " if self.wrong_order else ""
        said = f" «{_short(self.message, 70)}»" if self.message else ""
        return f"{where}{said}: {tag}{self.problem}"


@dataclass
class CaseResult:
    case: Case
    failures: list[Failure] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    chat_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def wrong_order(self) -> bool:
        return any(f.wrong_order for f in self.failures)

    def reason(self) -> str:
        """One line: the worst failure (a wrong order first), else the first."""
        if self.ok:
            return ""
        worst = next((f for f in self.failures if f.wrong_order), self.failures[0])
        return _short(worst.line(), 160)

    def report(self) -> str:
        lines = [f"{self.case.id} ({self.case.business}, {self.case.clase}): {len(self.failures)} problema(s)"]
        lines += ["  - " + f.line() for f in self.failures]
        for n, (turn, reply) in enumerate(zip(self.case.turns, self.replies), 1):
            lines.append(f"  [{n}] cliente: {turn.mensaje}")
            lines.append(f"      asistente: {_short(reply, 400)}")
        return "\n".join(lines)


def _lines(pedido) -> dict:
    out: dict = {}
    for line in (pedido or {}).get("lineas", []) or []:
        out[line.get("sku")] = out.get(line.get("sku"), 0) + int(line.get("cantidad") or 0)
    return out


def _order_diff(expected: dict, got: dict) -> tuple[str, bool]:
    """('' if equal, else a description; True when got holds a line or quantity not expected)."""
    expected = expected or {}
    if expected == got:
        return "", False
    extra = {s: q for s, q in got.items() if s not in expected}
    changed = {s: (expected[s], q) for s, q in got.items() if s in expected and expected[s] != q}
    missing = {s: q for s, q in expected.items() if s not in got}
    parts = []
    if extra:
        parts.append("sobra " + ", ".join(f"{q}×{s}" for s, q in extra.items()))
    if changed:
        parts.append("cantidad " + ", ".join(f"{s} {a}→{b}" for s, (a, b) in changed.items()))
    if missing:
        parts.append("falta " + ", ".join(f"{q}×{s}" for s, q in missing.items()))
    return f"pedido esperado {expected or '{}'}, quedó {got or '{}'} ({'; '.join(parts)})", bool(extra or changed)


def _check_reply(espera: dict, body: dict, tono: str | None) -> list[str]:
    reply = body.get("respuesta") or ""
    problems = []
    if "tipo_mensaje" in espera and body.get("tipo_mensaje") != espera["tipo_mensaje"]:
        problems.append(f"tipo_mensaje {body.get('tipo_mensaje')!r}, se esperaba {espera['tipo_mensaje']!r}")
    if "estado_venta" in espera and body.get("estado_venta") != espera["estado_venta"]:
        problems.append(f"estado_venta {body.get('estado_venta')!r}, se esperaba {espera['estado_venta']!r}")
    missing = [s for s in espera.get("contiene", []) if not has(reply, s)]
    if missing:
        problems.append(f"la respuesta no dice {missing}: «{_short(reply)}»")
    groups = espera.get("alguno") or []
    for group in groups if groups and isinstance(groups[0], list) else [groups] if groups else []:
        if not any(has(reply, s) for s in group):
            problems.append(f"la respuesta no dice ninguno de {group}: «{_short(reply)}»")
    present = [s for s in espera.get("no_contiene", []) if has(reply, s)]
    if present:
        problems.append(f"la respuesta dice {present}, no debía: «{_short(reply)}»")
    if tono == "formal":
        forms = tu_forms(reply)
        if forms:
            problems.append(f"tono formal pero tutea ({', '.join(forms)}): «{_short(reply)}»")
    return problems


class _Session:
    def __init__(self, client, token: str):
        self.client = client
        self.staff = {"Authorization": f"Bearer {token}"}

    def get(self, path: str):
        response = self.client.get(path, headers=self.staff)
        return response.status_code, response.get_json(silent=True)

    def sales(self, chat_id: str) -> list:
        status, body = self.get(f"/ventas/?chat_id={chat_id}&por_pagina=200")
        if status != 200 or not isinstance(body, dict):
            raise CorpusError(f"GET /ventas/ respondió {status}")
        return body.get("ventas") or []


def _prepare(session: _Session, antes: dict | None) -> None:
    """Sales that exist before the case starts, created through the staff API."""
    for sale in (antes or {}).get("ventas", []):
        body = {"cliente": sale["cliente"], "lineas": [{"sku": s, "cantidad": q} for s, q in sale["lineas"].items()]}
        if sale.get("metodo_pago"):
            body["metodo_pago"] = sale["metodo_pago"]
        response = session.client.post("/ventas/", json=body, headers=session.staff)
        if response.status_code != 201:
            raise CorpusError(f"antes: POST /ventas/ respondió {response.status_code}: {response.get_data(as_text=True)}")


def run_case(shop: Shop, case: Case) -> CaseResult:
    from webapp.extensions import db

    result = CaseResult(case)
    with shop.app.app_context():
        shop.reset()
        try:
            session = _Session(shop.app.test_client(), shop.token)
            _prepare(session, case.antes)
            _run_turns(session, case, result)
            if case.kind == "conversacion" and len(result.replies) == len(case.turns):
                _check_final(session, case, result)
        finally:
            db.session.remove()
    return result


def _run_turns(session: _Session, case: Case, result: CaseResult) -> None:
    chat_id, last_sale = None, None
    headers = session.staff if case.staff else {}
    for n, turn in enumerate(case.turns, 1):
        payload = {"mensaje": turn.mensaje}
        if chat_id:
            payload["chat_id"] = chat_id
        if case.tono:
            payload["tono"] = case.tono
        started = time.perf_counter()
        try:
            response = session.client.post("/chat/texto", json=payload, headers=headers)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a corpus error
            result.failures.append(Failure(n, turn.mensaje, f"error del servidor: {type(exc).__name__}: {exc}"))
            return
        result.seconds.append(time.perf_counter() - started)
        body = response.get_json(silent=True)
        if response.status_code != 200 or not isinstance(body, dict):
            result.failures.append(Failure(n, turn.mensaje, f"HTTP {response.status_code}: {_short(response.get_data(as_text=True))}"))
            return
        chat_id = body.get("chat_id") or chat_id
        result.chat_id = chat_id
        result.replies.append(body.get("respuesta") or "")
        espera = turn.espera
        got = _lines(body.get("pedido"))
        sale_id = body.get("venta_id")
        placed = sale_id is not None and sale_id != last_sale
        last_sale = sale_id if sale_id is not None else last_sale
        if placed and espera.get("estado_venta") != "cerrada":
            result.failures.append(Failure(n, turn.mensaje, "se registró una venta sin que el cliente confirmara "
                                           "justo después de una lectura del pedido", wrong_order=True))
        if placed and not got and espera.get("pedido"):
            sales = [s for s in session.sales(chat_id) if s.get("id") == sale_id]
            got = {ln["sku"]: ln["cantidad"] for ln in (sales[0]["lineas"] if sales else [])}
        diff, wrong = _order_diff(espera.get("pedido") or {}, got)
        if diff:
            result.failures.append(Failure(n, turn.mensaje, diff, wrong_order=wrong))
        for problem in _check_reply(espera, body, case.tono):
            result.failures.append(Failure(n, turn.mensaje, problem))


def _check_final(session: _Session, case: Case, result: CaseResult) -> None:
    final = case.final or {}
    sales = session.sales(result.chat_id)
    fail = lambda problem, wrong=False: result.failures.append(Failure(None, "", problem, wrong))  # noqa: E731
    if final.get("sin_venta"):
        if sales:
            fail(f"se registró {len(sales)} venta(s) y el cliente no compró: "
                 + "; ".join(f"{_lines(s)} por {s.get('total')}" for s in sales), True)
    else:
        expected = final["venta"]
        if not sales:
            fail("no se registró la venta")
        elif len(sales) > 1:
            fail(f"se registraron {len(sales)} ventas, se esperaba una", True)
        else:
            _check_sale(sales[0], expected, fail)
            _check_record(session, expected.get("cliente") or {}, fail)
    for cedula, fields in (final.get("clientes") or {}).items():
        _check_record(session, {"cedula": str(cedula), **fields}, fail)


def _check_sale(sale: dict, expected: dict, fail) -> None:
    got = _lines(sale)
    diff, _ = _order_diff(expected["lineas"], got)
    if diff:
        fail("venta con otras líneas: " + diff, True)
    if sale.get("total") is None or money(sale["total"]) != money(expected["total"]):
        fail(f"venta por {sale.get('total')}, se esperaba {expected['total']}", True)
    if "envio" in expected:
        if "envio" not in sale:
            fail("la venta no informa el envío")
        elif (sale["envio"] is None) != (expected["envio"] is None) or (
                sale["envio"] is not None and money(sale["envio"]) != money(expected["envio"])):
            fail(f"envío {sale['envio']}, se esperaba {expected['envio']}")
        elif expected["envio"] is not None and "total_con_envio" in sale and sale["total_con_envio"] is not None \
                and money(sale["total_con_envio"]) != money(expected["total"]) + money(expected["envio"]):
            fail(f"total_con_envio {sale['total_con_envio']} ≠ total + envío")
    if expected.get("metodo_pago"):
        if sale.get("metodo_pago") != expected["metodo_pago"]:
            fail(f"método de pago {sale.get('metodo_pago')!r}, se esperaba {expected['metodo_pago']!r}")
    client = sale.get("cliente") or {}
    for key, value in (expected.get("cliente") or {}).items():
        if key == "ciudad" and "ciudad" not in client:
            continue  # the sale's client shape may not carry the city; the shipping check covers it
        if not _same_value(key, client.get(key), value):
            fail(f"venta.cliente.{key} = {client.get(key)!r}, se esperaba {value!r}")
    for text in expected.get("cliente_no_contiene", []):
        for key, value in client.items():
            if isinstance(value, str) and has(value, text):
                fail(f"venta.cliente.{key} guardó {text!r}: {value!r}")


def _check_record(session: _Session, expected: dict, fail) -> None:
    cedula = str(expected.get("cedula", ""))
    status, record = session.get(f"/clientes/{cedula}")
    if status != 200 or not isinstance(record, dict):
        fail(f"GET /clientes/{cedula} respondió {status}: el cliente no quedó registrado")
        return
    for key in RECORD_KEYS:
        if key in expected and not _same_value(key, record.get(key), expected[key]):
            fail(f"cliente {cedula}: {key} = {record.get(key)!r}, se esperaba {expected[key]!r}")


# --- known failures ------------------------------------------------------------------

KNOWN_FAILURES = HERE / "known_failures.yaml"


def load_known_failures() -> dict:
    if not KNOWN_FAILURES.exists():
        return {}
    return yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or {}


def write_known_failures(results: list[CaseResult]) -> int:
    failing = {r.case.id: r.reason() for r in results if not r.ok}
    header = ("# Corpus cases the assistant gets wrong today (id: its worst failure). test_corpus.py marks\n"
              "# them xfail(strict=True): fixing one makes the suite fail until it is removed here.\n"
              "# Regenerate: python bench/agent_eval.py --write-known-failures\n")
    body = yaml.safe_dump(failing, allow_unicode=True, sort_keys=True, width=200) if failing else "{}\n"
    KNOWN_FAILURES.write_text(header + body, encoding="utf-8")
    return len(failing)


def run_all(cases: list[Case], workdir: Path, progress=None) -> list[CaseResult]:
    shops: dict = {}
    results = []
    try:
        for case in cases:
            if case.business not in shops:
                shops[case.business] = Shop(case.business, workdir)
            results.append(run_case(shops[case.business], case))
            if progress:
                progress(results[-1])
    finally:
        for shop in shops.values():
            shop.close()
    return results
