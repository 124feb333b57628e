"""Flask extensions, created once and bound in create_app()."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sock import Sock
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
sock = Sock()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: WAL lets readers work during a write and makes commits cheap; enforce foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _sqlite_savepoint_inside_a_transaction(connection, name) -> None:
    """SQLite: open the real transaction before the first SAVEPOINT.

    The sqlite3 driver only begins a transaction before INSERT/UPDATE/DELETE; a SAVEPOINT
    issued first would start one of its own, and releasing it would commit everything on
    the spot. BEGIN IMMEDIATE takes the write lock the savepoint's writes need anyway, so
    the whole unit of work still commits (or rolls back) once, at the caller's commit.
    """
    driver = connection.connection.driver_connection
    if type(driver).__module__.startswith("sqlite3") and not driver.in_transaction:
        driver.execute("BEGIN IMMEDIATE")


def transaction_memo(key: str, compute):
    """A value read once per database transaction (a page asks for the shop's profile or the
    chat several times); forgotten when the transaction ends, so a write is seen next time."""
    memo = db.session().info.setdefault("memo", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


@event.listens_for(Session, "after_transaction_end")
def _forget_memo(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("memo", None)
