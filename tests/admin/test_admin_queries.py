"""List pages cost the same number of queries for 2 rows as for 12: no N+1."""
import pytest

from tests.admin.admin_helpers import both_databases as app  # noqa: F401
from tests.admin.admin_helpers import count_queries, make_conversation, make_sale, staff_client, staff_user  # noqa: F401
from webapp.extensions import db
from webapp.services import audit


def _fill(start: int, count: int):
    for n in range(start, start + count):
        chat = make_conversation(f"chat-n1-{n}", [{"role": "usuario", "text": f"hola {n}"},
                                                  {"role": "agente", "text": "hola", "message_type": "general"}])
        make_sale([("EXT-10", 1)], n=n, conversation=chat, channel="chat")
        audit.record("prueba", f"x:{n}", user="staff@tienda.co")


def _queries(client, url) -> int:
    db.session.remove()  # start each page view from an empty session, as a real request does
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/admin/pedidos", "/admin/clientes", "/admin/conversaciones",
                                 "/admin/productos", "/admin/auditoria", "/admin/"])
def test_list_pages_do_not_query_per_row(seeded, staff_client, url):
    _fill(1, 2)
    staff_client.get(url)  # the first page view also sets up the browser session
    few = _queries(staff_client, url)
    _fill(3, 10)
    many = _queries(staff_client, url)
    assert many == few, f"{url}: {few} queries with 2 rows, {many} with 12"
