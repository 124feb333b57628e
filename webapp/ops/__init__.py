"""Operations: readiness for load balancers and orchestrators, Prometheus metrics."""
from flask import Blueprint

bp = Blueprint("ops", __name__)

from . import routes  # noqa: E402,F401
