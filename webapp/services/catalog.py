"""The catalogue: product rules, listing and search, CSV import."""
from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import Product, Setting
from ..money import MoneyError, parse_price
from .pagination import Page
from .search import get_index

CSV_COLUMNS = ["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url", "sinonimos"]
TRUE_WORDS = {"true", "1", "si", "sí", "yes", "verdadero"}
FALSE_WORDS = {"false", "0", "no", "falso"}
MAX_STOCK = 1_000_000
INDEXED_FIELDS = frozenset({"sku", "name", "category", "synonyms", "description", "available"})


class ProductError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def get_product(product_id) -> Product | None:
    try:
        return db.session.get(Product, int(product_id))
    except (TypeError, ValueError, OverflowError):
        return None


def get_by_sku(sku: str) -> Product | None:
    return db.session.scalar(select(Product).where(Product.sku == (sku or "").strip()))


def products_by_ids(ids: list[int]) -> list[Product]:
    """Fresh rows in the given order."""
    if not ids:
        return []
    rows = {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def categories(only_available: bool = True) -> list[str]:
    query = select(Product.category).distinct().where(Product.category != "")
    if only_available:
        query = query.where(Product.available.is_(True))
    return sorted(db.session.scalars(query))


# --- search -------------------------------------------------------------------

def catalog_version() -> str:
    setting = db.session.get(Setting, "catalog_version")
    return setting.value if setting else "0"


def bump_catalog_version() -> None:
    """Every product write calls this so each worker's search index rebuilds."""
    setting = db.session.get(Setting, "catalog_version")
    if setting is None:
        db.session.add(Setting(key="catalog_version", value=uuid.uuid4().hex))
    else:
        setting.value = uuid.uuid4().hex


def _index_rows():
    return db.session.execute(select(
        Product.id, Product.sku, Product.name, Product.category, Product.synonyms, Product.description,
        Product.available,
    )).all()


def _index():
    return get_index(current_app.extensions, catalog_version(), _index_rows)


def search(query: str, category: str | None = None, partial: bool = False, limit: int | None = None,
           within: list[int] | None = None):
    """Ranked `search.Match` list for a free-text query (ids only; load rows to show them)."""
    return _index().search(query, category=category, partial=partial, limit=limit, within=within)


def list_products(q: str | None = None, category: str | None = None, page: int = 1,
                  per_page: int = 12, only_available: bool = True) -> Page:
    if q and q.strip():
        ids = _index().ranked_ids(q, category=category or None, only_available=only_available)
        start = (page - 1) * per_page
        return Page(products_by_ids(ids[start:start + per_page]), len(ids), page, per_page)
    query = select(Product)
    if category:
        query = query.where(Product.category == category)
    if only_available:
        query = query.where(Product.available.is_(True))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(Product.category, Product.name)
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return Page(list(items), total, page, per_page)


# --- writes -------------------------------------------------------------------

def _parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in TRUE_WORDS or text == "":
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError


def clean_product(data: dict, partial: bool = False) -> dict:
    """Validated product values from API/CSV/form data (Spanish keys); raises ProductError."""
    errors: dict[str, str] = {}
    values: dict = {}

    def text(key, attr, required, max_len):
        if key not in data:
            if required and not partial:
                errors[key] = f"El campo {key} es obligatorio."
            return
        raw = data.get(key)
        if raw is not None and not isinstance(raw, (str, int, float)):
            errors[key] = f"El campo {key} debe ser texto."
            return
        value = str(raw if raw is not None else "").strip()
        if required and not value:
            errors[key] = f"El campo {key} es obligatorio."
        elif len(value) > max_len:
            errors[key] = f"El campo {key} admite máximo {max_len} caracteres."
        else:
            values[attr] = value

    text("sku", "sku", True, 64)
    text("nombre", "name", True, 200)
    text("descripcion", "description", False, 5000)
    text("categoria", "category", False, 100)
    text("imagen_url", "image_url", False, 500)
    if "precio" in data:
        try:
            values["price"] = parse_price(data["precio"], "precio")
        except MoneyError as exc:
            errors["precio"] = exc.message
    elif not partial:
        errors["precio"] = "El campo precio es obligatorio."
    if "stock" in data:
        raw = data["stock"]
        try:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            stock = int(str(raw).strip() or "0") if not isinstance(raw, (int, float)) else int(raw)
            if not 0 <= stock <= MAX_STOCK:
                raise ValueError
            values["stock"] = stock
        except (ValueError, TypeError, OverflowError):
            errors["stock"] = f"El stock debe ser un número entero entre 0 y {MAX_STOCK}."
    if "disponible" in data:
        try:
            values["available"] = _parse_bool(data["disponible"])
        except ValueError:
            errors["disponible"] = "disponible debe ser true/false, 1/0 o si/no."
    if "sinonimos" in data:
        raw = data["sinonimos"]
        if isinstance(raw, list):
            raw = "|".join(str(s) for s in raw)
        if raw is not None and not isinstance(raw, str):
            errors["sinonimos"] = "sinonimos debe ser texto separado por |."
        else:
            values["synonyms"] = "|".join(s.strip() for s in (raw or "").split("|") if s.strip())
    if errors:
        raise ProductError(errors)
    return values


def create_product(data: dict) -> Product:
    values = clean_product(data)
    if get_by_sku(values["sku"]):
        raise ProductError({"sku": f"Ya existe un producto con el sku {values['sku']}."})
    product = Product(**{"stock": 0, "available": True, **values})
    db.session.add(product)
    bump_catalog_version()
    db.session.commit()
    return product


def update_product(product: Product, data: dict) -> Product:
    values = clean_product(data, partial=True)
    if "sku" in values and values["sku"] != product.sku and get_by_sku(values["sku"]):
        raise ProductError({"sku": f"Ya existe un producto con el sku {values['sku']}."})
    indexed = any(getattr(product, attr) != value for attr, value in values.items() if attr in INDEXED_FIELDS)
    for attr, value in values.items():
        setattr(product, attr, value)
    if indexed:  # a price or stock change leaves the search index as it is
        bump_catalog_version()
    db.session.commit()
    return product


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_catalog_csv(content: str) -> tuple[list[tuple[int, dict]], ImportResult]:
    """Parse and validate every row; (line number, values) pairs plus the errors found."""
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("sku", "nombre", "precio") if c not in header]
    if missing:
        result.errors.append((1, "Faltan columnas en el encabezado: " + ", ".join(missing)))
        return [], result
    reader.fieldnames = header
    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            result.errors.append((line, "La fila tiene más columnas que el encabezado."))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        data = {k: (v or "") for k, v in row.items() if k in CSV_COLUMNS}
        try:
            values = clean_product(data)
        except ProductError as exc:
            result.errors.append((line, " ".join(exc.errors.values())))
            continue
        if values["sku"] in seen:
            result.errors.append((line, f"sku {values['sku']} repetido (ya está en la línea {seen[values['sku']]})."))
            continue
        seen[values["sku"]] = line
        rows.append((line, values))
    return rows, result


ERASABLE = ("image_url", "synonyms")  # a blank cell may mean "unknown" rather than "remove"


def import_catalog(content: str, dry_run: bool = False, keep_blank: tuple[str, ...] = ()) -> ImportResult:
    """Upsert by sku, all or nothing: any bad row means nothing is written.

    `keep_blank` names attributes (of ERASABLE) that a blank cell leaves as they are on
    existing products instead of erasing them (the admin asks which the staff wants)."""
    rows, result = read_catalog_csv(content)
    if result.errors:
        return result
    existing = {p.sku: p for p in db.session.scalars(
        select(Product).where(Product.sku.in_([v["sku"] for _, v in rows])))} if rows else {}
    for _, values in rows:
        product = existing.get(values["sku"])
        if product is None:
            result.created += 1
            if not dry_run:
                db.session.add(Product(**{"stock": 0, "available": True, **values}))
        else:
            result.updated += 1
            if not dry_run:
                for attr, value in values.items():
                    if attr in keep_blank and attr in ERASABLE and not value:
                        continue
                    setattr(product, attr, value)
    if dry_run:
        db.session.rollback()
        return result
    bump_catalog_version()
    db.session.commit()
    return result


def related_products(product: Product, limit: int = 3) -> list[Product]:
    """Sellable suggestions: often bought together first, then the most similar in its category."""
    from .orders import bought_together
    together = [p for p in products_by_ids(bought_together(product.id, limit=limit * 2)) if p.sellable]
    similar_ids = [m.product_id for m in search(product.name, category=product.category or None,
                                                partial=True, limit=limit * 4)]
    similar = [p for p in products_by_ids(similar_ids[:limit * 4]) if p.sellable]
    same = db.session.scalars(select(Product).where(
        Product.category == product.category, Product.available.is_(True), Product.stock > 0)
        .order_by(Product.name).limit(limit * 2)).all()
    seen, result = {product.id}, []
    for candidate in [*together, *similar, *same]:
        if candidate.id not in seen:
            seen.add(candidate.id)
            result.append(candidate)
    return result[:limit]


def warm_index() -> None:
    """Build the search index before the first shopper asks (gunicorn calls this per worker)."""
    _index()
