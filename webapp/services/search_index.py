"""The catalogue's search index, kept in the database by every product write.

Each product keeps a `search_document`: its words stemmed the way the shop stems them
(`text.stem`: accents folded, Snowball Spanish, gender and plural folded), in five sections
`name | sku | synonyms | category | description`. The database indexes that column (see
`models/catalog.py`: PostgreSQL full text, SQLite FTS5). A flush hook writes the document of
every new or changed product and, in the same transaction, keeps the vocabulary
(`search_terms`, the words typo correction chooses from) and the category counts
(`product_categories`) and bumps the catalogue version the readers cache under.
"""
from __future__ import annotations

import re
import uuid
from collections import Counter

from sqlalchemy import bindparam, delete, event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Product, ProductCategory, SearchTerm, Setting
from ..models._common import utcnow
from .text import STOPWORDS, normalize, stem

VERSION_KEY = "catalog_version"
MEMO_KEY = "search_memo"
_TERM = re.compile(r"^[a-z0-9./]{1,200}$")
_TRACKED = ("sku", "name", "synonyms", "category", "description", "available")


# --- documents ------------------------------------------------------------------------

def stems(text: str) -> list[str]:
    """The search words of a text: folded, stopwords out, stemmed. A text of stopwords only keeps
    them: a game called "uno" is found by its name."""
    words = normalize(text).split()
    return [s for s in (stem(t) for t in [t for t in words if t not in STOPWORDS] or words) if _TERM.match(s)]


def _unique(words) -> str:
    return " ".join(dict.fromkeys(words))


def document(sku: str | None, name: str | None, synonyms: str | None, category: str | None,
             description: str | None) -> str:
    """The `search_document` of a product (sections separated by " | ")."""
    code = normalize(sku or "").replace(" ", "")
    sections = [
        _unique(stems(name or "")),
        _unique(([code] if _TERM.match(code or "-") else []) + stems(sku or "")),
        _unique(w for synonym in (synonyms or "").split("|") for w in stems(synonym)),
        _unique(stems(category or "")),
        # numbers in prose ("mejor que el de 10 libras") would blur sizes apart
        _unique(s for s in stems(description or "") if not s.isdigit()),
    ]
    return " | ".join(sections)


def vocabulary_words(doc: str) -> set[str]:
    """The words of a document that typo correction may choose (numbers and codes are matched exactly)."""
    return {w for w in doc.split() if w.isalpha()}


def product_document(product: Product) -> str:
    return document(product.sku, product.name, product.synonyms, product.category, product.description)


# --- keeping documents, vocabulary and counts current ----------------------------------

def _facts(product: Product) -> tuple[str, str, bool]:
    available = True if product.available is None else bool(product.available)
    return product_document(product), product.category or "", available


def _stored_facts(session: Session, ids: list[int]) -> dict[int, tuple[str, str, bool]]:
    found = {}
    for start in range(0, len(ids), 1000):
        rows = session.execute(select(Product.id, Product.search_document, Product.category, Product.available)
                               .where(Product.id.in_(ids[start:start + 1000])))
        found.update({pid: (doc or "", category or "", bool(available)) for pid, doc, category, available in rows})
    return found


def _tracked_change(product: Product) -> bool:
    state = inspect(product)
    return any(state.attrs[name].history.has_changes() for name in _TRACKED)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    """Write each new or changed product's search document; note what changed for after_flush."""
    changes: list[tuple[tuple | None, tuple | None]] = []
    with session.no_autoflush:
        new = [o for o in session.new if isinstance(o, Product)]
        dirty = [o for o in session.dirty if isinstance(o, Product) and o not in session.deleted
                 and _tracked_change(o)]
        gone = [o for o in session.deleted if isinstance(o, Product)]
        stored = _stored_facts(session, [o.id for o in dirty + gone if o.id is not None]) if dirty or gone else {}
        for product in new:
            facts = _facts(product)
            product.search_document = facts[0]
            changes.append((None, facts))
        for product in dirty:
            facts = _facts(product)
            if product.search_document != facts[0]:
                product.search_document = facts[0]
            changes.append((stored.get(product.id), facts))
        changes += [(stored.get(o.id), None) for o in gone if o.id is not None]
    session.info["search_changes"] = [(old, new) for old, new in changes if old != new]


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context) -> None:
    changes = session.info.pop("search_changes", None)
    if not changes:
        return
    terms: Counter = Counter()
    categories: dict[str, list[int]] = {}
    for old, new in changes:
        for facts, sign in ((old, -1), (new, 1)):
            if facts is None:
                continue
            doc, category, available = facts
            for term in vocabulary_words(doc):
                terms[term] += sign
            counts = categories.setdefault(category, [0, 0])
            counts[0] += sign
            counts[1] += sign * int(available)
    connection = session.connection()
    _add_counts(connection, SearchTerm.__table__, "term",
                [{"term": t, "products": n} for t, n in sorted(terms.items()) if n])
    _add_counts(connection, ProductCategory.__table__, "name",
                [{"name": c, "products": n, "available": a} for c, (n, a) in sorted(categories.items()) if n or a])
    shrunk = sorted(t for t, n in terms.items() if n < 0)
    for start in range(0, len(shrunk), 1000):
        connection.execute(delete(SearchTerm).where(SearchTerm.term.in_(shrunk[start:start + 1000]),
                                                    SearchTerm.products <= 0))
    connection.execute(delete(ProductCategory).where(ProductCategory.products <= 0))
    bump_version(connection)
    session.info.pop(MEMO_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_memo(session: Session, _transaction) -> None:
    """What a transaction (or a savepoint rolled back) read is not carried into the next one."""
    session.info.pop(MEMO_KEY, None)


def _insert(connection):
    return pg_insert if connection.dialect.name == "postgresql" else sqlite_insert


def _add_counts(connection, table, key: str, rows: list[dict]) -> None:
    """Add the rows' counts to the existing ones (insert the missing rows), in key order."""
    insert = _insert(connection)
    for start in range(0, len(rows), 1000):
        statement = insert(table).values(rows[start:start + 1000])
        statement = statement.on_conflict_do_update(index_elements=[key], set_={
            column: table.c[column] + statement.excluded[column] for column in rows[0] if column != key})
        connection.execute(statement)


def bump_version(connection) -> None:
    """A new catalogue version: every instance's cached rankings stop being used."""
    statement = _insert(connection)(Setting.__table__).values(key=VERSION_KEY, value=uuid.uuid4().hex,
                                                              updated_at=utcnow())
    connection.execute(statement.on_conflict_do_update(
        index_elements=["key"], set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at}))


def rebuild(connection) -> int:
    """Recompute every document, the vocabulary and the category counts (migrations, repairs)."""
    products = Product.__table__
    documents: dict[int, str] = {}
    categories: dict[str, list[int]] = {}
    terms: Counter = Counter()
    rows = connection.execute(select(products.c.id, products.c.sku, products.c.name, products.c.synonyms,
                                     products.c.category, products.c.description, products.c.available,
                                     products.c.search_document)).all()
    changed = []
    for pid, sku, name, synonyms, category, description, available, stored in rows:
        doc = document(sku, name, synonyms, category, description)
        documents[pid] = doc
        terms.update(vocabulary_words(doc))
        counts = categories.setdefault(category or "", [0, 0])
        counts[0] += 1
        counts[1] += int(bool(available))
        if doc != stored:
            changed.append({"pid": pid, "doc": doc})
    update = products.update().where(products.c.id == bindparam("pid")).values(search_document=bindparam("doc"))
    for start in range(0, len(changed), 1000):
        connection.execute(update, changed[start:start + 1000])
    connection.execute(delete(SearchTerm.__table__))
    connection.execute(delete(ProductCategory.__table__))
    _add_counts(connection, SearchTerm.__table__, "term",
                [{"term": t, "products": n} for t, n in sorted(terms.items())])
    _add_counts(connection, ProductCategory.__table__, "name",
                [{"name": c, "products": n, "available": a} for c, (n, a) in sorted(categories.items())])
    bump_version(connection)
    return len(rows)


# --- facts read once per transaction -------------------------------------------------

def memo(key: str, load):
    """A small fact read once per transaction (catalogue version, category counts)."""
    store = db.session.info.setdefault(MEMO_KEY, {})
    if key not in store:
        store[key] = load()
    return store[key]


def catalogue_version() -> str:
    settings = Setting.__table__
    return memo("version", lambda: db.session.connection().scalar(
        select(settings.c.value).where(settings.c.key == VERSION_KEY)) or "0")
