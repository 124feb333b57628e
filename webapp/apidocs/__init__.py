"""The API's own description: `GET /openapi.json` (generated from the code) and a readable page."""
from flask import Blueprint

bp = Blueprint("apidocs", __name__)

from . import routes  # noqa: E402,F401
