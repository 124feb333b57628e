from flask import Blueprint

bp = Blueprint("shop", __name__)

from . import destinations, media, routes  # noqa: E402,F401
