"""`GET /openapi.json` describes the JSON API from the code, `/docs/api` shows it without
JavaScript, and schemathesis runs every documented operation against the real server:
no 5xx and every answer (status, content type, body, headers) as the document says.

The app runs on a loopback port (Werkzeug's threaded server) with CSRF and rate limits on,
a seeded catalogue and a staff token; schemathesis sends valid and invalid requests."""
from __future__ import annotations

import os
import re
from contextlib import ExitStack

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, ignored_auth,
                                               response_headers_conformance, response_schema_conformance,
                                               status_code_conformance)

from support import make_app
from webapp.extensions import db
from webapp.services import staff

from tests.security.conftest import serve

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))  # per operation; CI: well under a minute
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, ignored_auth]
API_PATHS = {"/productos/", "/productos/{product_id}", "/clientes/", "/clientes/{cedula}", "/ventas/", "/pedidos/",
             "/logs/", "/health", "/info", "/exportar/{kind}", "/files/exports/{filename}", "/files/storage/info",
             "/chat/texto", "/chat/imagen", "/chat/audio", "/chat/historial/{chat_id}", "/chat/health", "/auth/",
             "/health/ready", "/metrics"}


class Served:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("openapi")
    app = make_app(folder, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True, RATE_LIMIT_CHAT="100000/hour",
                   RATE_LIMIT_CHAT_IP="100000/hour")
    with ExitStack() as stack:
        stack.enter_context(app.app_context())
        result = app.test_cli_runner().invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        user = staff.create_admin("api@tienda.co", "clave-de-prueba-123", "Integración")
        token = staff.create_token(user, name="schemathesis")
        db.session.commit()
        host = stack.enter_context(serve(app))
        yield Served(f"http://{host}", token)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def document(served):
    import requests
    response = requests.get(served.url + "/openapi.json", timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    return response.json()


def test_the_document_covers_every_json_route(document):
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == API_PATHS
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "Token de personal."}
    sale = document["paths"]["/ventas/"]["post"]
    assert sale["security"] == [{"bearer": []}]
    assert {"201", "400", "401", "409", "422"} <= set(sale["responses"])
    assert sale["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/SaleInput"}
    error = document["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "detalle"}
    assert document["paths"]["/productos/"]["get"]["security"] == [{}, {"bearer": []}]  # public, more for staff
    kinds = document["paths"]["/exportar/{kind}"]["get"]["parameters"][0]["schema"]["enum"]
    assert "inventario" in kinds and "reporte-completo" in kinds
    upload = document["paths"]["/chat/imagen"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload


def test_the_docs_page_lists_every_endpoint_without_javascript(served, document):
    import requests
    page = requests.get(served.url + "/docs/api", timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    html = page.text
    assert 'href="/openapi.json"' in html
    for path, item in document["paths"].items():
        for method in item:
            assert f"<code>{method.upper()} {path}</code>" in html, (method, path)
    assert "Authorization: Bearer &lt;token&gt;" in html
    assert not re.search(r"<script(?![^>]*src=\"/static/)", html)  # only the site's own scripts
    assert "https://" not in html.split("<main", 1)[1]  # nothing loaded from elsewhere


def _document() -> dict:
    """The document as the app builds it (at collection, so each operation is its own test)."""
    from webapp import create_app, openapi
    return openapi.build(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}))


schema = schemathesis.openapi.from_dict(_document())


def test_the_served_document_is_the_one_tested(document):
    assert document == _document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, served):
    case.call_and_validate(base_url=served.url, headers=served.auth, checks=CHECKS, timeout=60)
