from flask import Blueprint

bp = Blueprint("chat", __name__)

from . import routes, sockets  # noqa: E402,F401
