"""The catalogue: product rules, listing and search, CSV import."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from ..models import Product, ProductCategory
from ..money import MoneyError, parse_price
from . import search as search_engine
from . import search_index
from .text import tokens
from .pagination import Page

CSV_COLUMNS = ["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url", "sinonimos"]
TRUE_WORDS = {"true", "1", "si", "sí", "yes", "verdadero"}
FALSE_WORDS = {"false", "0", "no", "falso"}
MAX_STOCK = 1_000_000


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


def category_counts() -> dict[str, tuple[int, int]]:
    """Category → (products, products on sale), from the maintained counts (read once per transaction)."""
    table = ProductCategory.__table__  # plain rows through the session's connection: no ORM work per page
    return search_index.memo("categories", lambda: {
        name: (products, available) for name, products, available in db.session.connection().execute(
            select(table.c.name, table.c.products, table.c.available))})


def categories(only_available: bool = True) -> list[str]:
    return sorted(name for name, (products, available) in category_counts().items()
                  if name and (available if only_available else products))


# --- search -------------------------------------------------------------------

def catalog_version() -> str:
    """Changes with every write that can change a search (names, words, categories, availability)."""
    return search_index.catalogue_version()


def bump_catalog_version() -> None:
    """Start a new catalogue version by hand (product writes already do it themselves)."""
    search_index.bump_version(db.session.connection())
    db.session.info.pop(search_index.MEMO_KEY, None)


_NAMES_TOWNS: dict[str, bool] = {}


def names_towns() -> bool:
    """Some product's words are a municipality's name ("Transporte de equipo Soledad"): read once per
    catalogue version, so a shop whose catalogue names no town never looks for a line per town."""
    from ..models import SearchTerm
    from . import places
    version = search_index.catalogue_version()
    if version not in _NAMES_TOWNS:
        found = db.session.scalar(select(SearchTerm.term).where(SearchTerm.term.in_(places.town_stems())).limit(1))
        _NAMES_TOWNS.clear()
        _NAMES_TOWNS[version] = found is not None
    return _NAMES_TOWNS[version]


_NAMES_HOLD: dict[tuple[str, str], bool] = {}


def names_hold(word: str) -> bool:
    """Some product's name holds the word, hidden products too: read once per catalogue version and
    word, so a rule about a word of some names ("desde 20 bolsas") costs nothing where none has it."""
    version = search_index.catalogue_version()
    if (version, word) not in _NAMES_HOLD:
        if any(v != version for v, _ in _NAMES_HOLD):
            _NAMES_HOLD.clear()
        pattern = f"%{word.lower()}%"
        found = db.session.scalar(select(Product.id).where(func.lower(Product.name).like(pattern)).limit(1))
        _NAMES_HOLD[(version, word)] = found is not None
    return _NAMES_HOLD[(version, word)]


_HIDDEN: dict[str, tuple[tuple[str, str], ...]] = {}


def hidden_products() -> tuple[tuple[str, str], ...]:
    """(name, synonyms) of every product the shop has taken off sale: read once per catalogue version,
    so the assistant can tell a customer asking for one of them that it is not offered, rather than
    take a product that only shares a word with it."""
    version = search_index.catalogue_version()
    if version not in _HIDDEN:
        rows = db.session.execute(select(Product.name, Product.synonyms).where(Product.available.is_(False))
                                  .order_by(Product.id))
        _HIDDEN.clear()
        _HIDDEN[version] = tuple((name, synonyms or "") for name, synonyms in rows)
    return _HIDDEN[version]


def words_known(stems: set[str]) -> set[str]:
    """Those of these word stems the catalogue's vocabulary holds, as a word or (from five letters) as
    the start of one ("instal" → "instalacion"): one read of the vocabulary's index, before a search
    that can only find something if a product has the word."""
    return search_engine.vocabulary_among(stems)


_SOUNDS: dict[str, dict[str, str | None]] = {}


def spelled_as(word: str) -> str | None:
    """The word of the catalogue's names and synonyms a misspelt one is written as it sounds
    ("kamioneta" → "camioneta", "labado" → "lavado", "jeneral" → "general"): read once per catalogue
    version; None when no word sounds so, or two different words do."""
    from .text import sound
    version = search_index.catalogue_version()
    if version not in _SOUNDS:
        sounds: dict[str, str | None] = {}
        rows = db.session.execute(select(Product.name, Product.synonyms).where(Product.available.is_(True)))
        for name, synonyms in rows:
            for said in set(tokens(f"{name} {synonyms or ''}")):
                if said.isalpha() and len(said) > 3:
                    key = sound(said)
                    sounds[key] = said if sounds.get(key, said) == said else None
        _SOUNDS.clear()
        _SOUNDS[version] = sounds
    found = _SOUNDS[version].get(sound(word))
    return found if found != word else None


def search(query: str, category: str | None = None, partial: bool = False, limit: int | None = None,
           within: list[int] | None = None) -> list[search_engine.Match]:
    """Ranked `Match` list for a free-text query (ids only; load rows to show them).
    Only the matches covering the most query words unless `partial`; `within` restricts the
    search to some product ids (an order's lines, offered options)."""
    result = search_engine.ranking(query, category=category, partial=partial, need=limit, within=within)
    return list(result.matches[:limit] if limit else result.matches)


def list_products(q: str | None = None, category: str | None = None, page: int = 1,
                  per_page: int = 12, only_available: bool = True) -> Page:
    start = (page - 1) * per_page
    if q and q.strip():
        result = search_engine.ranking(q, category=category or None, need=start + per_page,
                                       only_available=only_available)
        ids = [m.product_id for m in result.matches[start:start + per_page]]
        return Page(products_by_ids(ids), result.total, page, per_page)
    counts = category_counts()
    chosen = [counts.get(category, (0, 0))] if category else counts.values()
    total = sum(available if only_available else products for products, available in chosen)
    query = select(Product)
    if category:
        query = query.where(Product.category == category)
    if only_available:
        query = query.where(Product.available.is_(True))
    items = db.session.scalars(query.order_by(Product.category, Product.name, Product.id)
                               .offset(start).limit(per_page)).all() if start < total else []
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
    db.session.flush()
    return product


def update_product(product: Product, data: dict) -> Product:
    values = clean_product(data, partial=True)
    if "sku" in values and values["sku"] != product.sku and get_by_sku(values["sku"]):
        raise ProductError({"sku": f"Ya existe un producto con el sku {values['sku']}."})
    for attr, value in values.items():
        setattr(product, attr, value)
    db.session.flush()
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
    skus = [v["sku"] for _, v in rows]
    existing = {}
    for start in range(0, len(skus), 10_000):  # PostgreSQL takes at most 65,535 parameters a statement
        existing.update({p.sku: p for p in db.session.scalars(
            select(Product).where(Product.sku.in_(skus[start:start + 10_000])))})
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
    db.session.flush()
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
